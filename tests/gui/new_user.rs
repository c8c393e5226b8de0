//! What a new user met in the window, told as their stories: where team
//! work lives in the menus, the palette over an open menu, a new project
//! starting at the top, the hint before the first document, and the
//! codebook's counts for this document and for all of them.

use super::*;

/// A project of two documents: "one" with two Health spans, "two" with
/// three Health spans and one Trade span.
fn two_documents(dir: &Path) -> PathBuf {
    let mut project = Project::with_default_codebook("Two");
    let one = Document::new("one", "One", "alpha beta gamma delta").with_spans(vec![
        Span::new(0, 5, "health", "tester"),
        Span::new(6, 10, "health", "tester"),
    ]);
    let two = Document::new("two", "Two", "epsilon zeta eta theta iota").with_spans(vec![
        Span::new(0, 7, "health", "tester"),
        Span::new(8, 12, "health", "tester"),
        Span::new(13, 16, "health", "tester"),
        Span::new(17, 22, "trade", "tester"),
    ]);
    for (index, document) in [one, two].into_iter().enumerate() {
        Edit::AddDocument {
            index,
            document: Box::new(document),
        }
        .apply(&mut project)
        .unwrap();
    }
    let path = dir.join("two.ron");
    store::save(&project, &path).unwrap();
    path
}

#[test]
fn curation_and_agreement_are_both_under_team_and_document_keeps_mark_done() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&example_copy(dir.path()));
    h.get_by_label("Team").click();
    h.run();
    assert!(h.query_by_label("Agreement…").is_some());
    assert!(h.query_by_label("Curation").is_some(), "Team → Curation");
    h.get_by_label("Team").click();
    h.run();

    // By role: the document view is called "Document" too.
    h.get_by_role_and_label(Role::Button, "Document").click();
    h.run();
    assert!(h.query_by_label("Mark Done").is_some());
    assert!(
        h.query_by_label("Curation").is_none(),
        "Curation left the Document menu"
    );
}

#[test]
fn opening_the_palette_closes_the_open_view_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&example_copy(dir.path()));
    h.get_by_label("View").click();
    h.run();
    assert!(
        h.query_by_label("Span Labels").is_some(),
        "the View menu is open"
    );

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    assert!(h.state().palette_lines().is_some(), "the palette is open");
    assert!(
        h.query_by_label("Span Labels").is_none(),
        "and the View menu is no longer drawn behind it"
    );
}

#[test]
fn another_project_opens_at_the_top_of_its_first_document() {
    let dir = tempfile::tempdir().unwrap();
    let example = example_copy(dir.path());
    let other = dir.path().join("other.ron");
    fs::copy(EXAMPLE, &other).unwrap();
    let dialogs = ScriptedDialogs::new(vec![Some(other.clone())]);
    let mut h = harness_with(Some(&example), dialogs, prefs());

    // Ctrl+End: the caret and the view at the end of the statement.
    h.key_press_modifiers(Modifiers::COMMAND, Key::End);
    h.run();
    h.run();
    let (first_shown, _) = h.state().visible_range();
    assert!(first_shown > 1000, "scrolled down: {first_shown}");

    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    wait_idle(&mut h);
    h.run();
    assert_eq!(h.state().session().path(), Some(other.as_path()));
    assert_eq!(
        h.state().visible_range().0,
        0,
        "the other project starts at its first line"
    );
    assert_eq!(h.state().caret(), 0);
}

#[test]
fn the_empty_project_names_every_kind_of_file_it_can_import() {
    let mut h = harness_with(None, ScriptedDialogs::new(vec![]), prefs());
    h.run();
    h.get_by_label("No document yet");
    let hint = h
        .query_all_by_label_contains("Import documents (")
        .find_map(|n| n.value().or_else(|| n.accesskit_node().label()))
        .expect("the hint under the heading");
    for kind in [".txt", ".md", ".html", ".docx", ".odt", ".pdf"] {
        assert!(hint.contains(kind), "{kind} missing: {hint}");
    }
    for format in ["jsonl", "brat", "label-studio", "refi-qda", "doccano"] {
        assert!(hint.contains(format), "{format} missing: {hint}");
    }
    assert!(hint.contains("File > Import… (Ctrl+I)"), "{hint}");
}

#[test]
fn the_codebook_counts_this_document_and_all_documents_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_documents(dir.path());
    let mut h = harness(&path);
    h.get_by_label("Spans: this document · all documents");
    // Document "one": Health 2 of 5, Trade 0 of 1.
    assert!(h.query_by_label("2 · 5").is_some());
    assert!(h.query_by_label("0 · 1").is_some());

    h.get_by_label("Two (4)").click();
    h.run();
    assert_eq!(h.state().session().document().unwrap().id, "two");
    assert!(h.query_by_label("3 · 5").is_some(), "Health in Two");
    assert!(h.query_by_label("1 · 1").is_some(), "Trade in Two");

    // Tagging one more Health span changes both counts at once.
    h.state_mut().select(23, 27);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(
        h.query_by_label("4 · 6").is_some(),
        "counted again after the edit"
    );
    assert!(h.query_by_label("3 · 5").is_none());
}
