//! One request, one way: the parts of the window push a command when they
//! ask the app for something, and the app carries each kind out in one
//! place. Opening a document at a span — from the span list, from the
//! Segments view — lands the same way: that document in the document
//! view, the span selected and scrolled into view. The find bar's Next
//! and Previous buttons step through the matches as F3 and Shift+F3 do.

use super::corpus::click_at;
use super::*;

/// Two long documents, each with a span near the top and one far below
/// the first screen ("the far passage of the … statement").
fn two_long_documents(dir: &Path) -> (PathBuf, Vec<Span>) {
    let mut project = Project::with_default_codebook("Far passages");
    let mut far = Vec::new();
    for (i, id) in ["first", "second"].into_iter().enumerate() {
        let filler: String = (0..300)
            .map(|n| format!("Line {n} of the {id} statement.\n"))
            .collect();
        let passage = format!("the far passage of the {id} statement");
        let start = filler.chars().count();
        let span = Span::new(start, start + passage.chars().count(), "health", "ana");
        let doc = Document::new(id, id, format!("{filler}{passage}\n"))
            .with_spans(vec![Span::new(0, 4, "security", "ana"), span.clone()]);
        Edit::AddDocument {
            index: i,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
        far.push(span);
    }
    let path = dir.join("far.ron");
    store::save(&project, &path).unwrap();
    (path, far)
}

/// Where the window stands after opening `span`: the document shown, the
/// span selected, whether it is on screen, and whether the document view
/// (not the Segments view) fills the centre.
fn landing(h: &Harness<'static, MarginaliaApp>, span: &Span) -> (usize, Option<Span>, bool, bool) {
    let app = h.state();
    let (top, bottom) = app.visible_range();
    (
        app.session().current_index(),
        app.selected_span().cloned(),
        top <= span.start && span.start <= bottom,
        h.query_by_role_and_label(Role::Document, "Document")
            .is_some(),
    )
}

/// The Segments view's words field: named by its hint ("Words in the
/// passage") while empty, by its tooltip once it holds words.
fn words_field<'h>(h: &'h Harness<'static, MarginaliaApp>) -> egui_kittest::Node<'h> {
    h.get_all_by_role(Role::TextInput)
        .find(|n| {
            let node = n.accesskit_node();
            node.placeholder() == Some("Words in the passage")
                || node
                    .label()
                    .is_some_and(|l| l.starts_with("Only passages that contain"))
        })
        .expect("the words field")
}

/// Asks the Segments view for the one passage holding `words` and clicks
/// its row.
fn open_segment(h: &mut Harness<'static, MarginaliaApp>, words: &str) {
    words_field(h).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    words_field(h).type_text(words);
    h.run();
    assert!(h.query_by_label("1 segment").is_some(), "{words}");
    let row = h
        .query_all_by_label_contains(&format!(": {words}"))
        .find(|n| n.accesskit_node().role() == Role::Button)
        .map(|n| n.rect())
        .expect("the passage's row");
    click_at(h, row);
}

#[test]
fn a_span_opened_from_the_span_list_or_the_segments_view_lands_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    let (path, far) = two_long_documents(dir.path());
    let mut h = harness(&path);
    assert_eq!(h.state().session().current_index(), 0);
    assert!(!landing(&h, &far[0]).2, "the far passage starts off screen");

    // From the span list: its row, found by its words.
    h.get_by_role_and_label(Role::TextInput, "Filter by text")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Filter by text")
        .type_text("far passage");
    h.run();
    h.get_by_label_contains(&format!("{}..{} ", far[0].start, far[0].end))
        .click();
    h.run();
    let from_the_list = landing(&h, &far[0]);
    assert_eq!(from_the_list, (0, Some(far[0].clone()), true, true));

    // From the Segments view, in the other document: it is opened, the
    // Segments view gives way to it, and its far span is in view.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    open_segment(&mut h, "the far passage of the second statement");
    assert_eq!(landing(&h, &far[1]), (1, Some(far[1].clone()), true, true));

    // And back to the first document's far span from the Segments view
    // (Esc first leaves the words field): exactly where the span list's
    // click landed.
    h.key_press(Key::Escape);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    open_segment(&mut h, "the far passage of the first statement");
    assert_eq!(landing(&h, &far[0]), from_the_list);
}

/// A range of code points: a match, or the selection.
type Range = (usize, usize);

/// Finds "pandemic" in a fresh window and steps Next, Next, Previous —
/// with the find bar's buttons or with the keys of the action table —
/// returning the selection after each step.
fn find_and_step(with_buttons: bool) -> (Vec<Range>, Vec<Option<Range>>) {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text("pandemic");
    h.run();
    wait_idle(&mut h);
    let matches = h.state().find_matches().to_vec();
    let mut landed = Vec::new();
    for forward in [true, true, false] {
        if with_buttons {
            let button = if forward { "Next" } else { "Previous" };
            h.get_by_role_and_label(Role::Button, button).click();
        } else {
            let shift = if forward {
                Modifiers::NONE
            } else {
                Modifiers::SHIFT
            };
            h.key_press_modifiers(shift, Key::F3);
        }
        h.run();
        landed.push(h.state().selection());
    }
    (matches, landed)
}

#[test]
fn the_find_bars_buttons_and_the_find_keys_step_through_the_matches_alike() {
    let (matches, by_buttons) = find_and_step(true);
    assert!(matches.len() >= 3, "{matches:?}");
    assert_eq!(
        by_buttons,
        [Some(matches[0]), Some(matches[1]), Some(matches[0])]
    );
    // The buttons push Find Next and Find Previous, as F3 and Shift+F3 do.
    let (_, by_keys) = find_and_step(false);
    assert_eq!(by_keys, by_buttons);
}
