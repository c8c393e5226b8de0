//! A folder of every kind of document, imported in the window through
//! File → Import Folder… and by dropping it: the same documents as
//! `marginalia import` takes (the one folder walker), the script of the
//! web page dropped, the image skipped and named.

use super::corpus::Dropped;
use super::*;
use marginalia::formats::document_fixture::{SCRIPT, mixed_folder};

/// The documents added after the first `before`, checked against what the
/// folder holds: one per document file, in path order, each with its
/// phrase, none with the script; the status names the skipped image.
fn assert_every_document_came_in(
    h: &Harness<'static, MarginaliaApp>,
    before: usize,
    expected: &[(&str, &str)],
) {
    let project = h.state().session().project();
    let added = &project.documents()[before..];
    assert_eq!(added.len(), expected.len(), "one document per file");
    for (doc, (file, phrase)) in added.iter().zip(expected) {
        let source = doc
            .source
            .as_ref()
            .expect("an imported document has a source");
        assert!(source.path.ends_with(file), "{} for {file}", source.path);
        assert!(
            doc.text().as_str().contains(phrase),
            "{file}: {:?}",
            doc.text().as_str()
        );
        assert!(
            !doc.text().as_str().contains(SCRIPT),
            "{file} kept the script"
        );
    }
    let (msg, is_error) = h.state().message().expect("the import reports");
    assert!(!is_error, "{msg}");
    assert!(msg.contains("6 documents added"), "{msg}");
    assert!(
        msg.contains("skipped scan.png: not a text document (Marginalia imports .txt"),
        "{msg}"
    );
}

#[test]
fn import_folder_takes_text_markdown_web_word_writer_and_pdf_and_skips_the_image() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let (folder, expected) = mixed_folder(dir.path());
    let dialogs = ScriptedDialogs::new(vec![Some(folder)]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());
    let before = h.state().session().project().documents().len();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import Folder…").click();
    h.run();
    wait_idle(&mut h);
    assert_eq!(dialogs.asked(), vec![DialogKind::ImportFolder]);
    assert_every_document_came_in(&h, before, &expected);
}

#[test]
fn dropping_the_folder_imports_the_same_documents_as_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let (folder, expected) = mixed_folder(dir.path());
    let mut h = harness(&path);
    let before = h.state().session().project().documents().len();
    h.input_mut().dropped_files.push(Arc::new(Dropped(folder)));
    h.run();
    wait_idle(&mut h);
    assert_every_document_came_in(&h, before, &expected);
    // One step: a single undo takes them all out again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session().project().documents().len(), before);
}
