//! Never replacing a file without asking, told through the window's own
//! file dialog (as a desktop without a dialog service gets it), with its
//! accessible widgets and keys: File → New proposes a fresh name; Save As,
//! New and the exports ask "Replace NAME?" before writing over a file;
//! Cancel (the default) leaves it byte for byte, Replace keeps it as
//! `NAME.bak`.

use super::*;

/// A window on `project` whose file dialogs are the built-in ones.
fn builtin_window(project: &Path) -> Harness<'static, MarginaliaApp> {
    let prefs = Prefs {
        builtin_file_dialog: true,
        ..prefs()
    };
    harness_with(Some(project), ScriptedDialogs::new(vec![]), prefs)
}

/// What the built-in dialog's Path field holds.
fn path_field(h: &Harness<'static, MarginaliaApp>) -> String {
    h.get_by_role_and_label(Role::TextInput, "Path")
        .value()
        .unwrap_or_default()
}

/// Types `path` over what the built-in dialog's Path field holds, then
/// presses Enter.
pub(super) fn type_path_and_enter(h: &mut Harness<'static, MarginaliaApp>, path: &Path) {
    h.get_by_role_and_label(Role::TextInput, "Path").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Path")
        .type_text(path.to_str().unwrap());
    h.run();
    h.key_press(Key::Enter);
    h.run();
}

/// Whether the question "Replace NAME?" is showing, with its two buttons.
fn asks_to_replace(h: &Harness<'static, MarginaliaApp>, name: &str) -> bool {
    h.query_by_label(&format!("Replace {name}?")).is_some()
        && h.query_by_role_and_label(Role::Button, "Replace").is_some()
        && h.query_by_role_and_label(Role::Button, "Cancel").is_some()
}

#[test]
fn new_offers_a_fresh_untitled_name_never_the_open_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let before = fs::read(&path).unwrap();
    // untitled.ron is taken: New offers untitled-2.ron.
    fs::write(dir.path().join("untitled.ron"), "someone else's file").unwrap();
    let mut h = builtin_window(&path);

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.state().builtin_dialog_open());
    let offered = path_field(&h);
    assert_eq!(
        Path::new(&offered),
        std::path::absolute(dir.path().join("untitled-2.ron")).unwrap(),
        "never the open project's path"
    );
    // Enter on the offered name asks nothing and creates the project there.
    h.key_press(Key::Enter);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().builtin_dialog_open());
    let created = dir.path().join("untitled-2.ron");
    assert_eq!(
        h.state()
            .session()
            .path()
            .map(|p| fs::canonicalize(p).unwrap()),
        Some(fs::canonicalize(&created).unwrap())
    );
    assert_eq!(store::load(&created).unwrap().span_count(), 0);
    assert_eq!(fs::read(&path).unwrap(), before, "the example is untouched");
    assert_eq!(
        fs::read(dir.path().join("untitled.ron")).unwrap(),
        b"someone else's file"
    );
}

#[test]
fn new_over_the_open_project_asks_cancel_keeps_it_and_replace_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let before = fs::read(&path).unwrap();
    let spans = store::load(&path).unwrap().span_count();
    assert!(spans > 0);
    let backup = store::backup_path(&path);
    let mut h = builtin_window(&path);

    // Enter on the open project's path asks; Enter again is Cancel, the
    // default, and goes back to the dialog.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    type_path_and_enter(&mut h, &path);
    assert!(asks_to_replace(&h, "example.ron"));
    assert!(
        h.query_by_label_contains("the old file is kept as example.ron.bak")
            .is_some()
    );
    h.key_press(Key::Enter);
    h.run();
    wait_idle(&mut h);
    assert!(!asks_to_replace(&h, "example.ron"));
    assert!(h.state().builtin_dialog_open(), "back to the dialog");
    assert_eq!(fs::read(&path).unwrap(), before, "byte-identical");
    assert!(!backup.exists());

    // Escape cancels the question too, and a second Escape the dialog.
    type_path_and_enter(&mut h, &path);
    assert!(asks_to_replace(&h, "example.ron"));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().builtin_dialog_open());
    assert!(!asks_to_replace(&h, "example.ron"));
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().builtin_dialog_open());
    wait_idle(&mut h);
    assert_eq!(fs::read(&path).unwrap(), before, "byte-identical");
    assert_eq!(h.state().session().project().span_count(), spans);

    // Replace: the new, empty project takes the name, the old one is kept.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    type_path_and_enter(&mut h, &path);
    h.get_by_role_and_label(Role::Button, "Replace").click();
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().builtin_dialog_open());
    assert_eq!(store::load(&path).unwrap().span_count(), 0);
    assert_eq!(
        fs::read(&backup).unwrap(),
        before,
        "the old file is the .bak"
    );
}

#[test]
fn save_as_over_another_file_asks_and_replace_by_keyboard_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let other = dir.path().join("other.ron");
    let mut p = Project::with_default_codebook("Other");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("o", "O", "Other text.")),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &other).unwrap();
    let old = fs::read(&other).unwrap();
    let mut h = builtin_window(&path);

    // Typed without its extension: the file Save As would write is
    // other.ron, so that is the one asked about. Cancel by mouse.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    type_path_and_enter(&mut h, &dir.path().join("other"));
    assert!(asks_to_replace(&h, "other.ron"));
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    wait_idle(&mut h);
    assert_eq!(fs::read(&other).unwrap(), old, "byte-identical");
    assert!(!store::backup_path(&other).exists());
    assert_eq!(h.state().session().path(), Some(path.as_path()));

    // Replace, focused with the keyboard (Shift+Tab from Cancel), and Enter.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    type_path_and_enter(&mut h, &other);
    assert!(asks_to_replace(&h, "other.ron"));
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().builtin_dialog_open());
    assert_eq!(h.state().session().path(), Some(other.as_path()));
    assert_eq!(
        store::load(&other).unwrap().span_count(),
        store::load(&path).unwrap().span_count(),
        "the example was saved as other.ron"
    );
    assert_eq!(fs::read(store::backup_path(&other)).unwrap(), old);
}

#[test]
fn an_export_and_the_report_ask_before_replacing_a_file_and_keep_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = builtin_window(&path);
    let name = |h: &Harness<'static, MarginaliaApp>| {
        Path::new(&path_field(h))
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };

    // File → Export… (jsonl): the dialog offers a name beside the project.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.state().builtin_dialog_open());
    let export = dir.path().join(name(&h));
    assert_eq!(export.extension().unwrap(), "jsonl");
    fs::write(&export, "an older export\n").unwrap();
    h.key_press(Key::Enter);
    h.run();
    let shown = export.file_name().unwrap().to_string_lossy().into_owned();
    assert!(asks_to_replace(&h, &shown));
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    wait_idle(&mut h);
    assert_eq!(fs::read(&export).unwrap(), b"an older export\n");
    assert!(!store::backup_path(&export).exists());

    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    h.get_by_role_and_label(Role::Button, "Replace").click();
    h.run();
    wait_idle(&mut h);
    let written = fs::read_to_string(&export).unwrap();
    assert!(written.starts_with("{\""), "the new export: {written}");
    assert_eq!(
        fs::read(store::backup_path(&export)).unwrap(),
        b"an older export\n"
    );
    h.get_by_label("OK").click();
    h.run();

    // File → Export Report…: the same question for the HTML report.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export Report…").click();
    h.run();
    let report = dir.path().join(name(&h));
    fs::write(&report, "<p>last week's report</p>").unwrap();
    h.key_press(Key::Enter);
    h.run();
    assert!(asks_to_replace(
        &h,
        &report.file_name().unwrap().to_string_lossy()
    ));
    h.get_by_role_and_label(Role::Button, "Replace").click();
    h.run();
    wait_idle(&mut h);
    assert!(fs::read_to_string(&report).unwrap().contains("<html"));
    assert_eq!(
        fs::read(store::backup_path(&report)).unwrap(),
        b"<p>last week's report</p>"
    );
}

#[test]
fn a_segments_csv_export_asks_before_replacing_and_enter_cancels() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = builtin_window(&path);
    // The Segments view (Ctrl+Shift+G), exported as CSV.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    h.get_by_label("CSV").click();
    h.run();
    assert!(h.state().builtin_dialog_open());
    let csv = dir
        .path()
        .join(Path::new(&path_field(&h)).file_name().unwrap());
    assert_eq!(
        csv.extension().and_then(|e| e.to_str()),
        Some("csv"),
        "{}",
        path_field(&h)
    );
    fs::write(&csv, "my own notes\n").unwrap();

    // Typed without ".csv": the file the export would write is asked about.
    type_path_and_enter(&mut h, &csv.with_extension(""));
    let name = csv.file_name().unwrap().to_string_lossy().into_owned();
    assert!(asks_to_replace(&h, &name));
    h.key_press(Key::Enter);
    h.run();
    assert!(!asks_to_replace(&h, &name), "Enter is Cancel");
    assert_eq!(fs::read(&csv).unwrap(), b"my own notes\n");

    // Back in the dialog: Enter asks again, and Replace writes the export.
    h.key_press(Key::Enter);
    h.run();
    assert!(asks_to_replace(&h, &name));
    h.get_by_role_and_label(Role::Button, "Replace").click();
    h.run();
    wait_idle(&mut h);
    assert!(
        fs::read_to_string(&csv)
            .unwrap()
            .starts_with("document,start,end,theme,label,annotator,note,text\n")
    );
    assert_eq!(
        fs::read(store::backup_path(&csv)).unwrap(),
        b"my own notes\n"
    );
}
