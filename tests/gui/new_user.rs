//! What a new user met in the window, told as their stories: where team
//! work lives in the menus, the palette over an open menu, a new project
//! starting at the top, the hint before the first document, and the
//! codebook's counts for this document and for all of them.

use super::accessibility::palette_rows;
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
    assert!(palette_rows(&h).is_some(), "the palette is open");
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

/// A window on a note with a Hebrew word inside an English line and an
/// English word inside a Hebrew line. No Hebrew font is needed: a glyph
/// missing from the test fonts is a box of its own width, and the caret
/// moves through the boxes as it would through the letters.
fn hebrew_window(dir: &Path) -> Harness<'static, MarginaliaApp> {
    let path = dir.join("hebrew.ron");
    let mut p = Project::with_default_codebook("Hebrew");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("note", "Note", "Say שלום now\nשלום abc")),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &path).unwrap();
    harness_allowing_boxes(&path, ScriptedDialogs::new(vec![]))
}

/// Presses `key` `times` times; the caret after each press and its x on
/// screen.
fn caret_steps(
    h: &mut Harness<'static, MarginaliaApp>,
    modifiers: Modifiers,
    key: Key,
    times: usize,
) -> Vec<(usize, f32)> {
    (0..times)
        .map(|_| {
            h.key_press_modifiers(modifiers, key);
            h.run();
            let at = h.state().caret();
            let rect = h.state().view().caret_rect(at).expect("the caret is shown");
            (at, rect.left())
        })
        .collect()
}

fn strictly(xs: &[(usize, f32)], rightwards: bool) -> bool {
    xs.windows(2).all(|w| {
        if rightwards {
            w[1].1 > w[0].1
        } else {
            w[1].1 < w[0].1
        }
    })
}

#[test]
fn arrows_move_the_caret_the_way_they_point_through_hebrew_and_english() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = hebrew_window(dir.path());
    assert_eq!(h.state().caret(), 0);

    // "Say שלום now": Right walks left to right on screen, through the
    // Hebrew word from its left end (its logical end) to its right end,
    // one place per press; every offset of the line once.
    let right = caret_steps(&mut h, Modifiers::NONE, Key::ArrowRight, 12);
    let offsets: Vec<usize> = right.iter().map(|s| s.0).collect();
    assert_eq!(offsets, [1, 2, 3, 4, 7, 6, 5, 8, 9, 10, 11, 12]);
    assert!(strictly(&right, true), "{right:?}");
    // Left comes back the same way.
    let left = caret_steps(&mut h, Modifiers::NONE, Key::ArrowLeft, 12);
    let back: Vec<usize> = left.iter().map(|s| s.0).collect();
    assert_eq!(back, [11, 10, 9, 8, 5, 6, 7, 4, 3, 2, 1, 0]);
    assert!(strictly(&left, false), "{left:?}");
    // Ctrl+Right: the right edge of each word on screen.
    let words = caret_steps(&mut h, Modifiers::COMMAND, Key::ArrowRight, 3);
    assert_eq!(words.iter().map(|s| s.0).collect::<Vec<_>>(), [3, 8, 12]);
    assert!(strictly(&words, true), "{words:?}");

    // "שלום abc" (offsets 13..21) reads from the right: Home is its
    // logical start, on the right; Left walks to the left end.
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Home);
    h.run();
    assert_eq!(h.state().caret(), 13);
    let home_x = h.state().view().caret_rect(13).unwrap().left();
    let left = caret_steps(&mut h, Modifiers::NONE, Key::ArrowLeft, 8);
    let offsets: Vec<usize> = left.iter().map(|s| s.0 - 13).collect();
    assert_eq!(offsets, [1, 2, 3, 4, 8, 7, 6, 5]);
    assert!(left[0].1 < home_x && strictly(&left, false), "{left:?}");
    // Right goes back towards the start; End is the logical end.
    let right = caret_steps(&mut h, Modifiers::NONE, Key::ArrowRight, 8);
    assert_eq!(right.last().map(|s| s.0), Some(13));
    assert!(strictly(&right, true), "{right:?}");
    // Ctrl+Left: the left edge of each word on screen.
    let words = caret_steps(&mut h, Modifiers::COMMAND, Key::ArrowLeft, 2);
    assert_eq!(words.iter().map(|s| s.0 - 13).collect::<Vec<_>>(), [4, 5]);
    h.key_press(Key::End);
    h.run();
    assert_eq!(h.state().caret(), 21);
}
