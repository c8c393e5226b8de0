//! Nothing the window says is lost to a narrow status bar: a folder
//! import whose skipped files do not fit opens its report in a window of
//! its own, a click on the status bar's message (or View → Messages)
//! lists the recent messages in full, newest first.

use super::*;

/// A folder with one text file and many scans with long names, which a
/// folder import skips, each with its reason.
fn folder_with_scans(dir: &Path) -> (PathBuf, Vec<String>) {
    let folder = dir.join("archive of the joint statements");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("minutes.txt"), "ICT and energy.\n").unwrap();
    let scans: Vec<String> = (1..=15)
        .map(|i| format!("scan-of-the-joint-statement-page-{i:02}.png"))
        .collect();
    for s in &scans {
        fs::write(folder.join(s), [0x89, b'P', b'N', b'G']).unwrap();
    }
    (folder, scans)
}

/// The labels whose text contains `needle`, with their rectangles.
fn labels_with(h: &Harness<'static, MarginaliaApp>, needle: &str) -> Vec<(String, egui::Rect)> {
    h.query_all_by_label_contains(needle)
        .filter_map(|n| Some((n.value()?, n.rect())))
        .collect()
}

#[test]
fn a_folder_import_too_long_for_the_status_bar_opens_its_report_and_every_message_can_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let (folder, scans) = folder_with_scans(dir.path());
    let dialogs = ScriptedDialogs::new(vec![Some(folder)]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    // Two messages before the import.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import Folder…").click();
    h.run();
    wait_idle(&mut h);
    h.run();

    // The report window lists every skipped file on a line of its own.
    let report = h
        .get_by_role_and_label(Role::Window, "Import report")
        .rect();
    for scan in &scans {
        let lines: Vec<(String, egui::Rect)> = labels_with(&h, scan)
            .into_iter()
            .filter(|(text, _)| !text.contains("; "))
            .collect();
        assert_eq!(lines.len(), 1, "{scan}: {lines:?}");
        assert!(lines[0].0.starts_with("skipped "), "{:?}", lines[0].0);
    }
    let first = &labels_with(&h, &scans[0])
        .into_iter()
        .find(|(text, _)| !text.contains("; "))
        .unwrap();
    assert!(report.contains_rect(first.1), "{first:?} in {report:?}");
    assert!(
        labels_with(&h, "1 document added")
            .iter()
            .any(|(_, r)| report.contains_rect(*r)),
        "the summary heads the report"
    );
    // The status bar holds the whole report on one line, cut to the window.
    let (msg, is_error) = h.state().message().unwrap();
    assert!(!is_error && msg.contains(&scans[14]), "{msg}");
    let (_, status) = labels_with(&h, &scans[14])
        .into_iter()
        .find(|(text, _)| text.contains("; "))
        .unwrap();
    assert!(status.right() <= 1280.0, "{status:?}");

    h.get_by_label("Close").click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Window, "Import report")
            .is_none()
    );
    assert!(h.state().message_log().report().is_none());

    // A click on the status bar's message lists the recent messages in
    // full, newest first.
    h.get_by_label_contains(&scans[0]).click();
    h.run();
    let window = h.get_by_role_and_label(Role::Window, "Messages").rect();
    let import = labels_with(&h, "\n• skipped ");
    assert_eq!(import.len(), 1, "{import:?}");
    let (text, rect) = &import[0];
    for scan in &scans {
        assert!(
            text.contains(&format!("{scan}: not a text document")),
            "{scan} in {text}"
        );
    }
    // Wrapped to the window's width; the list scrolls.
    assert!(
        window.contains(rect.left_top()) && rect.right() <= window.right(),
        "{rect:?} in {window:?}"
    );
    assert!(
        rect.height() > 15.0 * 10.0,
        "one line per skipped file: {rect:?}"
    );
    let redo = labels_with(&h, "Nothing to redo");
    let undo = labels_with(&h, "Nothing to undo");
    assert_eq!((redo.len(), undo.len()), (1, 1), "{redo:?} {undo:?}");
    assert!(
        rect.top() < redo[0].1.top() && redo[0].1.top() < undo[0].1.top(),
        "newest first: {rect:?}, {redo:?}, {undo:?}"
    );
    let kept: Vec<&str> = h
        .state()
        .message_log()
        .messages()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(kept[1..3], ["Nothing to redo", "Nothing to undo"]);
    assert!(kept[3].starts_with("Opened "), "{kept:?}");

    // View → Messages closes it again (and shows it is open, checked).
    h.get_by_label("View").click();
    h.run();
    let item = h.get_by_role_and_label(Role::CheckBox, "Messages");
    assert_eq!(item.accesskit_node().toggled(), Some(Toggled::True));
    item.click();
    h.run();
    assert!(
        h.query_by_role_and_label(Role::Window, "Messages")
            .is_none()
    );
    assert!(!h.state().message_log().is_open());
}

#[test]
fn an_import_report_that_fits_the_status_bar_opens_no_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let folder = dir.path().join("short");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join("a.txt"), "Trade.\n").unwrap();
    let dialogs = ScriptedDialogs::new(vec![Some(folder)]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import Folder…").click();
    h.run();
    wait_idle(&mut h);
    h.run();
    let (msg, _) = h.state().message().unwrap();
    assert!(msg.contains("1 document added"), "{msg}");
    assert!(
        h.query_by_role_and_label(Role::Window, "Import report")
            .is_none()
    );
    // The Messages window has it all the same.
    h.get_by_label("View").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Messages").click();
    h.run();
    let window = h.get_by_role_and_label(Role::Window, "Messages").rect();
    let listed = labels_with(&h, "1 document added");
    assert!(
        listed.iter().any(|(_, r)| window.contains_rect(*r)),
        "{listed:?}"
    );
}
