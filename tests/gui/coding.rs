//! Coding faster: the command palette, the theme picker, the
//! codebook tree, Tag All and suggestions, as a user meets them.

use super::accessibility::{palette_rows, picker_rows, status_message};
use super::*;

/// Drags over part of the first line of the document: a real selection.
fn drag_select(h: &mut Harness<'static, MarginaliaApp>) -> (usize, usize) {
    let r = document_rect(h);
    drag(
        h,
        r.min + egui::vec2(40.0, 14.0),
        r.min + egui::vec2(300.0, 14.0),
    );
    h.state().selection().expect("the drag selects text")
}

#[test]
fn the_palette_filters_as_you_type_and_enter_runs_the_action() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    assert!(!h.state().prefs().dark);

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    let all = h
        .state()
        .palette_lines()
        .expect("Ctrl+Shift+P opens the palette");
    assert!(all.contains(&"Save As…".to_owned()), "{all:?}");
    assert!(all.contains(&"Tag selection as Security".to_owned()));
    assert!(all.contains(&format!("Open document {DOC}")));
    // Each action's shortcut is on its line.
    let save_as = h.get_by_role_and_label(Role::ListBoxOption, "Save As…");
    assert_eq!(
        save_as.accesskit_node().data().keyboard_shortcut(),
        Some("Ctrl+Shift+S")
    );

    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text("drk md");
    h.run();
    let shown = palette_rows(&h).unwrap();
    assert_eq!(shown, ["Dark Mode"], "fuzzy: the letters in order");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().prefs().dark, "Enter ran Dark Mode");
    assert!(palette_rows(&h).is_none(), "and closed the palette");

    // Ctrl+K opens it too; Esc closes it without running anything.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    assert!(palette_rows(&h).is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(palette_rows(&h).is_none());
    assert!(h.state().prefs().dark);
}

#[test]
fn the_palette_tags_the_selection_with_a_theme_chosen_by_arrow_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);
    let (a, b) = drag_select(&mut h);

    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text("tag as");
    h.run();
    let shown = palette_rows(&h).unwrap();
    for theme in ["Health", "Security", "ICT", "Trade"] {
        let line = format!("Tag selection as {theme}");
        assert!(shown[..5].contains(&line), "{line} near the top: {shown:?}");
    }
    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text(" s");
    h.run();
    let shown = palette_rows(&h).unwrap();
    assert_eq!(shown[0], "Tag selection as Security", "{shown:?}");
    // Down, then Up again (the list wraps around), then Enter.
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::ArrowUp);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let after = spans_of(h.state().session().project(), DOC);
    assert_eq!(after.len(), before.len() + 1);
    let new = after.iter().find(|s| !before.contains(s)).unwrap();
    assert_eq!((new.start, new.end, new.theme.as_str()), (a, b, "security"));
}

#[test]
fn enter_on_a_selection_opens_the_picker_recent_themes_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);

    let (a, b) = drag_select(&mut h);
    h.key_press(Key::Enter);
    h.run();
    let themes = picker_rows(&h).expect("Enter opens the picker");
    assert_eq!(
        themes,
        ["Health", "Security", "ICT", "Trade"],
        "codebook order"
    );
    h.get_by_role_and_label(Role::TextInput, "Tag as")
        .type_text("trd");
    h.run();
    assert_eq!(picker_rows(&h).unwrap(), ["Trade"]);
    h.key_press(Key::Enter);
    h.run();
    assert!(picker_rows(&h).is_none(), "tagging closes it");
    let after = spans_of(h.state().session().project(), DOC);
    let new = after
        .iter()
        .find(|s| !before.contains(s))
        .expect("a new span");
    assert_eq!((new.start, new.end, new.theme.as_str()), (a, b, "trade"));

    // Next time the theme just used comes first; Esc tags nothing.
    h.key_press(Key::Escape);
    h.run();
    drag_select(&mut h);
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        picker_rows(&h).unwrap(),
        ["Trade", "Health", "Security", "ICT"]
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(picker_rows(&h).is_none());
    assert_eq!(spans_of(h.state().session().project(), DOC), after);

    // With nothing selected Enter says what to do.
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(picker_rows(&h).is_none());
    assert!(status_message(&h).is_some_and(|(m, _)| m.contains("Select some text")));
}

fn count_with_theme(h: &Harness<'static, MarginaliaApp>, theme: &str) -> usize {
    h.state()
        .session()
        .document()
        .unwrap()
        .spans()
        .count_with_theme(theme)
}

#[test]
fn the_editor_puts_a_theme_under_another_and_the_parent_rolls_up_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let (security, ict) = (
        count_with_theme(&h, "security"),
        count_with_theme(&h, "ict"),
    );
    assert!(security > 0 && ict > 0);
    assert!(
        h.query_by_label_contains("(Σ ").is_none(),
        "a flat codebook"
    );

    // ✏ on the third theme (ICT), Parent: Security, Apply.
    h.get_all_by_label("✏").nth(2).unwrap().click();
    h.run();
    h.get_by_label("Parent").click();
    h.run();
    h.get_all_by_label("Security").last().unwrap().click();
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let project = h.state().session().project();
    assert_eq!(
        project.theme("ict").unwrap().parent.as_deref(),
        Some("security")
    );
    // One document: this document's counts are all documents' counts.
    let rolled = format!(
        "{security} · {security} (Σ {} · {})",
        security + ict,
        security + ict
    );
    assert!(
        h.query_by_label(&rolled).is_some(),
        "the codebook shows {rolled:?} beside Security"
    );
    // The palette names it by its path.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    assert!(
        h.state()
            .palette_lines()
            .unwrap()
            .contains(&"Tag selection as Security/ICT".to_owned())
    );
    h.key_press(Key::Escape);
    h.run();

    // Collapse hides ICT's row; undo puts ICT back at the top.
    h.get_by_label("Collapse Security").click();
    h.run();
    assert!(h.query_by_label_contains("ICT  [").is_none());
    h.get_by_label("Expand Security").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session().project().theme("ict").unwrap().parent,
        None
    );
    assert!(h.query_by_label_contains("(Σ ").is_none());
}

#[test]
fn tag_all_adds_every_match_once_and_one_undo_removes_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);
    let text = h
        .state()
        .session()
        .document()
        .unwrap()
        .text()
        .as_str()
        .to_owned();
    // The word, ignoring case, counted independently of the engine.
    let expected = text.to_lowercase().matches("cooperation").count();
    assert!(expected > 5, "{expected}");

    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text("Cooperation");
    h.run();
    wait_idle(&mut h);
    assert_eq!(h.state().find_matches().len(), expected, "ignoring case");
    h.get_by_label("Tag All").click();
    h.run();
    let after = spans_of(h.state().session().project(), DOC);
    let added: Vec<&Span> = after.iter().filter(|s| !before.contains(s)).collect();
    assert_eq!(added.len(), expected);
    for s in &added {
        assert_eq!(s.theme, "health", "the first theme is chosen");
        let got = h
            .state()
            .session()
            .document()
            .unwrap()
            .span_text(s)
            .unwrap();
        assert!(got.eq_ignore_ascii_case("cooperation"), "{got:?}");
    }
    let msg = status_message(&h).unwrap().0;
    assert!(
        msg.contains(&format!("{expected} spans added as Health")),
        "{msg}"
    );

    // Again: everything is tagged already, nothing is added.
    h.get_by_label("Tag All").click();
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), after);
    let msg = status_message(&h).unwrap().0;
    assert!(msg.contains(&format!("{expected} already tagged")), "{msg}");

    // One undo takes them all away.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), before);

    // A regex that does not compile matches nothing and says why.
    h.get_by_label("Regex").click();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "Find");
    field.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text("(");
    h.run();
    wait_idle(&mut h);
    assert!(h.state().find_matches().is_empty());
    assert!(
        h.query_by_label_contains("unclosed").is_some()
            || h.query_by_label_contains("regex").is_some()
    );
}
