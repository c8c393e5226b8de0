//! What a screen reader reads, and what the stories read through it: the
//! status bar's message is a status (an error announced at once), the
//! command palette and the theme picker are list boxes named like their
//! fields, one option per row in sight, the highlighted one selected.

use egui::accesskit::Live;

use super::*;

/// The options of the list box `name`, top to bottom (the rows in sight);
/// `None` when no such list is open.
pub(super) fn list_rows(h: &Harness<'static, MarginaliaApp>, name: &str) -> Option<Vec<String>> {
    let list = h.query_by_role_and_label(Role::ListBox, name)?;
    Some(
        list.query_all_by_role(Role::ListBoxOption)
            .filter_map(|row| row.accesskit_node().label())
            .collect(),
    )
}

/// The command palette's rows in sight, `None` when it is closed.
pub(super) fn palette_rows(h: &Harness<'static, MarginaliaApp>) -> Option<Vec<String>> {
    list_rows(h, "Command palette")
}

/// The theme picker's rows (its field is named "Tag as"), `None` when it
/// is closed.
pub(super) fn picker_rows(h: &Harness<'static, MarginaliaApp>) -> Option<Vec<String>> {
    list_rows(h, "Tag as")
}

/// The status bar's message and whether it is an error (announced at
/// once), as a screen reader has it.
pub(super) fn status_message(h: &Harness<'static, MarginaliaApp>) -> Option<(String, bool)> {
    let status = h.query_by_role(Role::Status)?;
    let node = status.accesskit_node();
    Some((node.label()?, node.live() == Live::Assertive))
}

#[test]
fn the_status_message_is_read_whole_and_an_error_is_announced_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let notes = dir.path().join("notes.txt");
    fs::write(&notes, "Health\n").unwrap();
    let dialogs = ScriptedDialogs::new(vec![Some(notes)]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    // Opening the project said so, politely.
    let (opened, is_error) = status_message(&h).expect("a message after opening");
    assert!(!is_error && opened.starts_with("Opened "), "{opened}");

    // A file that holds no codebook: an error, read as one.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import Codebook…").click();
    h.run();
    let (error, is_error) = status_message(&h).expect("the refusal is shown");
    assert!(is_error, "{error}");
    assert!(error.contains("cannot import a codebook"), "{error}");
    assert!(error.contains("notes.txt"), "the file is named: {error}");

    // Enter with nothing selected (and no menu holding the keys) says
    // what to do, not as an error.
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        status_message(&h),
        Some((
            "Select some text first, then press Enter to choose its theme".to_owned(),
            false
        ))
    );
}

#[test]
fn the_palette_is_a_list_box_whose_highlighted_row_is_selected_with_its_shortcut() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    assert_eq!(palette_rows(&h), None, "closed at first");

    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    let rows = palette_rows(&h).expect("Ctrl+K opens the palette");
    assert!(rows.len() >= 2, "{rows:?}");
    let selected = |h: &Harness<'static, MarginaliaApp>| -> Vec<String> {
        h.get_by_role_and_label(Role::ListBox, "Command palette")
            .query_all_by_role(Role::ListBoxOption)
            .filter(|row| row.accesskit_node().is_selected() == Some(true))
            .filter_map(|row| row.accesskit_node().label())
            .collect()
    };
    assert_eq!(
        selected(&h),
        [rows[0].clone()],
        "the first row is highlighted"
    );
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(selected(&h), [rows[1].clone()], "Down moves the highlight");

    // A row is read by its text; its shortcut is the option's own.
    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text("save as");
    h.run();
    let rows = palette_rows(&h).unwrap();
    assert_eq!(rows[0], "Save As…", "{rows:?}");
    let save_as = h.get_by_role_and_label(Role::ListBoxOption, "Save As…");
    assert_eq!(
        save_as.accesskit_node().data().keyboard_shortcut(),
        Some("Ctrl+Shift+S")
    );

    h.key_press(Key::Escape);
    h.run();
    assert_eq!(palette_rows(&h), None, "Esc closes it");
}

#[test]
fn the_picker_is_a_list_box_named_by_its_field_and_follows_the_query() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let r = h.get_by_role_and_label(Role::Document, "Document").rect();
    drag(
        &mut h,
        r.min + egui::vec2(40.0, 14.0),
        r.min + egui::vec2(300.0, 14.0),
    );
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        picker_rows(&h).expect("Enter on a selection opens the picker"),
        ["Health", "Security", "ICT", "Trade"]
    );
    h.get_by_role_and_label(Role::TextInput, "Tag as")
        .type_text("sec");
    h.run();
    assert_eq!(picker_rows(&h).unwrap(), ["Security"]);
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(picker_rows(&h), None);
}
