//! Files through the window's dialogs (injected, so no desktop is needed):
//! opening and importing with errors in plain words, exporting from the
//! menu with a report of what the format could not carry, an import of
//! labelled spans as one undoable step, and doccano's UTF-16 offsets.

use super::*;

#[test]
fn open_and_import_through_injected_dialogs_and_errors_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let example = example_copy(dir.path());
    let bad = dir.path().join("broken.ron");
    fs::write(
        &bad,
        "(format: 1, offsets: \"codepoints\", name: \"x\", themes: [], documents: [(id: \"d\")])",
    )
    .unwrap();
    let txt = dir.path().join("note.txt");
    fs::write(&txt, "Grüße aus Köln 😀\r\nZweite Zeile\r\n").unwrap();
    let dialogs = ScriptedDialogs::new(vec![
        Some(bad.clone()),
        Some(example.clone()),
        Some(txt.clone()),
    ]);
    let mut h = harness_with(None, dialogs.clone(), prefs());
    assert!(h.state().session().project().documents().is_empty());

    // A broken file: the error shows in the window; the project stays.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(
        matches!(h.state().modal(), Some(Modal::Error(m)) if m.contains("broken.ron") && m.contains("missing field"))
    );
    assert!(h.query_all_by_label_contains("broken.ron").count() >= 1);
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().session().project().name(), "Untitled");

    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().session().path(), Some(example.as_path()));

    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "note");
    assert_eq!(doc.text().as_str(), "Grüße aus Köln 😀\nZweite Zeile\n");
    assert_eq!(
        dialogs.asked(),
        vec![
            DialogKind::OpenProject,
            DialogKind::OpenProject,
            DialogKind::Import
        ]
    );
    assert!(
        h.state().session().title().starts_with("● "),
        "{}",
        h.state().session().title()
    );
}

#[test]
fn export_from_the_menu_writes_the_file_and_reports_what_was_not_carried() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let jsonl = dir.path().join("spans");
    let conll = dir.path().join("tokens.conll");
    let dialogs = ScriptedDialogs::new(vec![Some(jsonl.clone()), Some(conll.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());

    // Ctrl+E opens the form; jsonl is the default and carries everything.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::Export));
    h.get_by_label("Export…").click();
    h.run();
    wait_idle(&mut h);
    let written = jsonl.with_extension("jsonl");
    let out = fs::read_to_string(&written).expect("the export was written with its extension");
    let line: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let example = store::load(&path).unwrap();
    let spans = example.span_count();
    assert_eq!(line["spans"].as_array().unwrap().len(), spans);
    match h.state().modal() {
        Some(Modal::ExportDone(done)) => {
            assert_eq!(
                (done.documents, done.spans),
                (example.documents().len(), spans)
            );
            assert!(done.losses.is_empty(), "{:?}", done.losses);
        }
        other => panic!("expected the export report, got {other:?}"),
    }
    assert!(
        h.query_by_label_contains("carried every span exactly")
            .is_some()
    );
    h.get_by_label("OK").click();
    h.run();

    // CoNLL, picked from the list, cannot carry notes: the report says so.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export…").click();
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::Export));
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Format")
        .click();
    h.run();
    h.get_by_label_contains("conll (CoNLL").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    wait_idle(&mut h);
    assert!(
        fs::read_to_string(&conll)
            .unwrap()
            .starts_with("# columns: token Health Security ICT Trade\n-DOCSTART- ")
    );
    match h.state().modal() {
        Some(Modal::ExportDone(done)) => {
            assert!(
                done.losses
                    .iter()
                    .any(|l| l.starts_with("notes are not carried: 6 spans")),
                "{:?}",
                done.losses
            );
        }
        other => panic!("expected the export report, got {other:?}"),
    }
    assert!(h.query_by_label_contains("notes are not carried").is_some());
    assert_eq!(
        dialogs.asked(),
        vec![
            DialogKind::Export {
                folder: false,
                extension: Some("jsonl")
            },
            DialogKind::Export {
                folder: false,
                extension: Some("conll")
            }
        ]
    );
}

#[test]
fn importing_labelled_spans_is_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let file = dir.path().join("team.jsonl");
    fs::write(
        &file,
        "{\"id\":\"memo\",\"text\":\"Vaccines 💉 and\\r\\ndata centres.\",\"label\":[[0,10,\"Health\"],[16,28,\"Energy\"]]}\n",
    )
    .unwrap();
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![Some(file)]), prefs());
    let themes_before = h.state().session().project().themes().len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let project = h.state().session().project();
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "memo");
    assert_eq!(doc.text().as_str(), "Vaccines 💉 and\ndata centres.");
    let texts: Vec<_> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| (doc.span_text(s).unwrap(), s.annotator.as_str()))
        .collect();
    assert_eq!(
        texts,
        [("Vaccines 💉", "tester"), ("data centres", "tester")]
    );
    assert_eq!(project.themes().len(), themes_before + 1);
    let (msg, is_error) = h.state().message().unwrap();
    assert!(!is_error && msg.contains("1 document added"), "{msg}");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let project = h.state().session().project();
    assert!(project.document("memo").is_none());
    assert_eq!(project.themes().len(), themes_before);
}

#[test]
fn file_import_doccano_reads_utf16_offsets_so_spans_after_an_emoji_land_on_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // doccano counts UTF-16 units: "😀" is two of them, so "Trade" is 3..8
    // in the file and 2..7 in code points.
    let text = "😀 Trade\u{a0}talks";
    let export = dir.path().join("admin.jsonl");
    fs::write(
        &export,
        format!(
            "{}\n",
            serde_json::json!({"id": 7, "text": text, "label": [[3, 8, "Trade"], [9, 14, "ICT"]]})
        ),
    )
    .unwrap();
    let dialogs = ScriptedDialogs::new(vec![Some(export.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());
    let documents = h.state().session().project().documents().len();

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import doccano JSONL…").click();
    h.run();
    wait_idle(&mut h);

    assert_eq!(dialogs.asked(), vec![DialogKind::ImportDoccano]);
    let project = h.state().session().project();
    assert_eq!(project.documents().len(), documents + 1);
    let doc = project.documents().iter().find(|d| d.id == "7").unwrap();
    assert_eq!(doc.text().as_str(), text);
    let mut texts: Vec<&str> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| doc.span_text(s).unwrap())
        .collect();
    texts.sort();
    assert_eq!(texts, ["Trade", "talks"]);
}
