//! Memos in the window: Ctrl+M on what is selected, the memo editor
//! (edits committed when a field is left, so Undo takes back a title or
//! a text, not a keystroke), the Memos view's search and filters, the
//! markers where memos are linked, a link opened, undo, save and reopen.

use super::*;
use marginalia::model::{Memo, MemoLink, SpanRef};

fn memos(h: &Harness<'static, MarginaliaApp>) -> Vec<Memo> {
    h.state().session().project().memos().to_vec()
}

fn doc_title(h: &Harness<'static, MarginaliaApp>) -> String {
    let project = h.state().session().project();
    project.document(DOC).unwrap().title.clone()
}

/// Whether the Memos view lists a memo with this title.
fn listed(h: &Harness<'static, MarginaliaApp>, title: &str) -> bool {
    h.query_all_by_role_and_label(Role::Button, title)
        .next()
        .is_some()
}

fn undo(h: &mut Harness<'static, MarginaliaApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

#[test]
fn a_memo_on_a_span_is_written_found_marked_opened_undone_and_kept_by_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let (a, b) = select_text(&mut h, "ITED24 - Ma");
    tag_as(&mut h, "Security");
    let span = h
        .state()
        .selected_span()
        .cloned()
        .expect("the new span is selected");
    assert_eq!((span.start, span.end), (a, b));

    // Ctrl+M: a memo linked to the selected span, open in the editor.
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    h.run();
    let m = memos(&h);
    assert_eq!(m.len(), 1, "Ctrl+M made one memo");
    let span_link = MemoLink::Span {
        doc: DOC.into(),
        span: SpanRef::from(&span),
    };
    assert_eq!(m[0].links, [span_link]);
    assert_eq!(m[0].author, "tester");
    let id = m[0].id.clone();
    assert_eq!(h.state().memos_view(), (true, Some(id.as_str())));

    // A title, then a text with a no-break space, an emoji and a pasted
    // CRLF: each committed when its field is left.
    h.get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Why the ministers agree");
    h.run();
    assert_eq!(memos(&h)[0].title, "", "typing alone changes nothing yet");
    h.get_by_role_and_label(Role::MultilineTextInput, "Text")
        .focus();
    h.run();
    assert_eq!(memos(&h)[0].title, "Why the ministers agree");
    h.get_by_role_and_label(Role::MultilineTextInput, "Text")
        .type_text("Trade\u{a0}rules 😀");
    h.event(egui::Event::Paste("\r\nsecond line".into()));
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Title").focus();
    h.run();
    assert_eq!(memos(&h)[0].text, "Trade\u{a0}rules 😀\nsecond line");

    // A project memo (the journal) beside it.
    h.get_by_label("New Project Memo").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Title")
        .type_text("Journal of the reading");
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    let m = memos(&h);
    assert_eq!(m.len(), 2);
    assert_eq!(m[1].title, "Journal of the reading");
    assert_eq!(m[1].links, [MemoLink::Project]);
    assert!(listed(&h, "Why the ministers agree") && listed(&h, "Journal of the reading"));

    // Search as you type, in titles and in texts.
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("ministers");
    h.run();
    assert!(listed(&h, "Why the ministers agree"));
    assert!(!listed(&h, "Journal of the reading"));
    assert!(
        h.query_all_by_label_contains("1 of 2 memos")
            .next()
            .is_some()
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.get_by_role_and_label(Role::TextInput, "Search")
        .type_text("SECOND line");
    h.run();
    assert!(listed(&h, "Why the ministers agree"));
    assert!(!listed(&h, "Journal of the reading"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    assert!(listed(&h, "Journal of the reading"));

    // The document's marker in the list: a click filters the view to it.
    let title = doc_title(&h);
    h.get_by_label(&format!("1 memo on {title}")).click();
    h.run();
    assert!(listed(&h, "Why the ministers agree"));
    assert!(
        !listed(&h, "Journal of the reading"),
        "filtered by the document"
    );
    // And the span's details show its memo.
    assert!(
        h.query_by_label("Open memo Why the ministers agree")
            .is_some()
    );

    // Its link opens the span: selected, the caret at its start.
    h.get_by_role_and_label(Role::Button, "Why the ministers agree")
        .click();
    h.run();
    h.state_mut().select(0, 0);
    h.run();
    h.get_by_label_contains("Open span “").click();
    h.run();
    assert_eq!(h.state().caret(), a, "the caret lands on the span");
    assert_eq!(h.state().selected_span(), Some(&span));

    // Undo takes back the journal's title, the journal, the text, the
    // title and the memo: one step each.
    let saved = memos(&h);
    undo(&mut h);
    assert_eq!(memos(&h)[1].title, "");
    undo(&mut h);
    assert_eq!(memos(&h).len(), 1);
    undo(&mut h);
    assert_eq!(memos(&h)[0].text, "");
    assert_eq!(memos(&h)[0].title, "Why the ministers agree");
    undo(&mut h);
    assert_eq!(memos(&h)[0].title, "");
    undo(&mut h);
    assert!(memos(&h).is_empty(), "undo removes the memo");
    assert_eq!(
        spans_of(h.state().session().project(), DOC).len(),
        span_count(&path) + 1
    );
    for _ in 0..5 {
        h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
        h.run();
    }
    assert_eq!(memos(&h), saved, "redo brings every step back");

    // Saved and opened again: the same memos, listed and marked.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert_eq!(store::load(&path).unwrap().memos(), &saved[..]);
    drop(h);
    let mut h = harness(&path);
    assert_eq!(memos(&h), saved);
    assert!(h.query_by_label(&format!("1 memo on {title}")).is_some());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::M);
    h.run();
    assert!(listed(&h, "Why the ministers agree") && listed(&h, "Journal of the reading"));
}

#[test]
fn ctrl_m_links_a_theme_reached_by_keyboard_else_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    // Nothing selected: the current document.
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    h.run();
    assert_eq!(memos(&h)[0].links, [MemoLink::Document { doc: DOC.into() }]);
    // A theme of the codebook focused: that theme, and its marker.
    h.key_press(Key::Escape);
    h.run();
    let theme = h.state().session().project().themes()[0].clone();
    h.get_by_label_contains(&format!("{}  [", theme.label))
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::M);
    h.run();
    assert_eq!(
        memos(&h)[1].links,
        [MemoLink::Theme {
            theme: theme.id.clone()
        }]
    );
    let marker = format!("1 memo on theme {}", theme.label);
    h.get_by_label(&marker).click();
    h.run();
    let untitled = h
        .query_all_by_role_and_label(Role::Button, "(untitled)")
        .count();
    assert_eq!(untitled, 1, "only the theme's memo is listed");
    assert!(
        h.query_all_by_label_contains("1 of 2 memos")
            .next()
            .is_some()
    );
}
