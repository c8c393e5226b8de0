//! Find in the document: the matches highlighted and stepped through, and
//! in a large document a search that waits for a pause in typing.

use super::*;

#[test]
fn find_highlights_and_steps_through_matches() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find")
        .type_text("pandemic");
    h.run();
    let matches = h.state().find_matches().to_vec();
    assert!(matches.len() >= 3, "{matches:?}");
    h.get_by_label("Next").click();
    h.run();
    let first = h.state().selection().unwrap();
    assert_eq!(first, matches[0]);
    h.get_by_label("Next").click();
    h.run();
    assert_eq!(h.state().selection().unwrap(), matches[1]);
    let text = h
        .state()
        .session()
        .document()
        .unwrap()
        .text()
        .slice(matches[1].0, matches[1].1)
        .unwrap()
        .to_lowercase();
    assert_eq!(text, "pandemic");
    assert!(h.query_by_label_contains("2 of").is_some());
}

#[test]
fn find_in_a_large_document_waits_for_a_pause_in_typing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let mut p = Project::with_default_codebook("big");
    let para = "Grüße aus Köln, the ministers met and talked. ".repeat(20) + "\n";
    let mut text = para.repeat(1200);
    text.push_str("The needle is here 😀.\n");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("d", "D", text)),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &path).unwrap();
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find")
        .type_text("needle");
    h.run();
    // Once typing has paused, the search runs by itself on a worker.
    std::thread::sleep(std::time::Duration::from_millis(200));
    h.run();
    wait_idle(&mut h);
    assert_eq!(h.state().find_matches().len(), 1);
    // Enter searches at once and jumps to the match at the very end.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Find")
        .type_text(" is");
    h.key_press(Key::Enter);
    h.run();
    let m = h.state().find_matches().to_vec();
    assert_eq!(m.len(), 1);
    assert_eq!(h.state().selection(), Some(m[0]));
}
