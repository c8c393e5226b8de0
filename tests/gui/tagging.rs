//! Tagging in the window, told as a user's stories: a dragged selection
//! tagged from the codebook, undone, redone, saved and reopened; offsets
//! that stay right over non-ASCII text and emoji; a span clicked and
//! deleted, given a note or retagged; word snapping, and white space at a
//! selection's ends.

use super::*;

#[test]
fn drag_tag_undo_redo_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);

    // Drag over part of the first paragraph of the statement.
    let r = document_rect(&h);
    drag(
        &mut h,
        r.min + egui::vec2(40.0, 14.0),
        r.min + egui::vec2(300.0, 14.0),
    );
    let (a, b) = h.state().selection().expect("the drag selects text");
    assert!(b > a + 5, "selection {a}..{b}");

    h.key_press(Key::Num1);
    h.run();
    let after = spans_of(h.state().session().project(), DOC);
    assert_eq!(after.len(), before.len() + 1);
    let new = after.iter().find(|s| !before.contains(s)).unwrap().clone();
    assert_eq!(
        (
            new.start,
            new.end,
            new.theme.as_str(),
            new.annotator.as_str()
        ),
        (a, b, "health", "tester")
    );
    assert_eq!(
        h.state().selected_span(),
        Some(&new),
        "the new span is selected"
    );
    assert!(h.state().session().is_dirty());
    // The span list on the right shows it.
    let snippet: String = h
        .state()
        .session()
        .document()
        .unwrap()
        .span_text(&new)
        .unwrap()
        .chars()
        .take(8)
        .collect();
    let label = format!("{a}..{b} {snippet}");
    assert!(
        h.query_by_label_contains(&label).is_some(),
        "no list entry {label}"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), before);
    assert!(!h.state().session().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), after);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), after);

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().session().is_dirty());
    let reloaded = store::load(&path).unwrap();
    let doc = reloaded.document(DOC).unwrap();
    assert!(doc.spans().position(&new).is_some());
    let expected: String = doc.text().as_str().chars().skip(a).take(b - a).collect();
    assert_eq!(doc.span_text(&new).unwrap(), expected);
    assert!(store::backup_path(&path).exists());

    // Clicking inside the new span in the text selects it.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selected_span(), None);
    let inside = r.min + egui::vec2(170.0, 14.0);
    h.hover_at(inside);
    h.run();
    h.drag_at(inside);
    h.run();
    h.event(egui::Event::PointerButton {
        pos: inside,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert_eq!(h.state().selected_span(), Some(&new));
    // Shift+click extends the selection from the click to here.
    let further = r.min + egui::vec2(330.0, 14.0);
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    h.hover_at(further);
    h.run();
    h.event(egui::Event::PointerButton {
        pos: further,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::SHIFT,
    });
    h.run();
    h.event(egui::Event::PointerButton {
        pos: further,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::SHIFT,
    });
    h.run();
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
    let (x, y) = h.state().selection().expect("shift+click extends");
    assert!(x > a && y > b, "{x}..{y} after {a}..{b}");
}

#[test]
fn non_ascii_and_emoji_offsets_survive_tagging_and_saving() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("intl.ron");
    let mut p = Project::with_default_codebook("Intl");
    let text = "Привет,\u{a0}мир 😀 — Καλημέρα çà\r\nsecond line 🎉 end";
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("intl", "Intl", text.replace("\r\n", "\n"))),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &path).unwrap();
    let mut h = harness(&path);

    // "мир 😀" in code points.
    let chars: Vec<char> = h
        .state()
        .session()
        .document()
        .unwrap()
        .text()
        .as_str()
        .chars()
        .collect();
    let a = chars.iter().position(|&c| c == 'м').unwrap();
    let b = chars.iter().position(|&c| c == '😀').unwrap() + 1;
    h.state_mut().select(a, b);
    h.run();
    h.key_press(Key::Num3);
    h.run();
    // Across the line break, overlapping the first: "😀 — ... second".
    let c = b - 1;
    let d = chars.iter().position(|&ch| ch == 's').unwrap() + 6;
    h.state_mut().select(c, d);
    h.run();
    h.key_press(Key::Num4);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();

    let reloaded = store::load(&path).unwrap();
    let doc = reloaded.document("intl").unwrap();
    let texts: Vec<(&str, &str)> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| (s.theme.as_str(), doc.span_text(s).unwrap()))
        .collect();
    assert_eq!(
        texts,
        vec![("ict", "мир 😀"), ("trade", "😀 — Καλημέρα çà\nsecond")]
    );
}

#[test]
fn clicking_a_span_selects_it_and_delete_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let first = spans_of(h.state().session().project(), DOC)[0].clone();
    // Clicking the entry in the span list selects and jumps to it.
    h.get_by_label_contains(&format!("{}..{} and", first.start, first.end))
        .click();
    h.run();
    assert_eq!(h.state().selected_span(), Some(&first));
    // The detail panel shows its exact text.
    let text = h
        .state()
        .session()
        .document()
        .unwrap()
        .span_text(&first)
        .unwrap()
        .to_owned();
    assert!(h.query_by_label(&text).is_some(), "span text not shown");

    h.key_press(Key::Delete);
    h.run();
    assert!(!spans_of(h.state().session().project(), DOC).contains(&first));
    assert_eq!(h.state().selected_span(), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(spans_of(h.state().session().project(), DOC).contains(&first));

    // Clicking on the tagged text in the view selects the innermost span.
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::N);
    h.run();
    let jumped = h
        .state()
        .selected_span()
        .cloned()
        .expect("N jumps to a span");
    assert_eq!(jumped, first);
    h.key_press(Key::N);
    h.run();
    assert_eq!(
        h.state().selected_span(),
        Some(&spans_of(h.state().session().project(), DOC)[1])
    );
    h.key_press(Key::P);
    h.run();
    assert_eq!(h.state().selected_span(), Some(&first));
}

#[test]
fn write_a_note_and_retag() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let first = spans_of(h.state().session().project(), DOC)[0].clone();
    h.get_by_label_contains(&format!("{}..{} and", first.start, first.end))
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::MultilineTextInput, "Note")
        .type_text("Recovery framed as joint task — é");
    h.run();
    h.get_by_label("Save Note").click();
    h.run();
    let spans = spans_of(h.state().session().project(), DOC);
    let noted = spans.iter().find(|s| s.same_key(&first)).unwrap();
    assert_eq!(noted.note, "Recovery framed as joint task — é");
    // Undo names the passage (cut to 32 characters).
    let what = h.state().session().history().undo_description().unwrap();
    assert!(
        what.starts_with("edit the note of ‘and facilitate global") && what.ends_with("…’"),
        "{what}"
    );

    // Retag through the theme box of the span panel.
    h.get_by_label("Theme").click();
    h.run();
    h.get_by_label("Security").click();
    h.run();
    let spans = spans_of(h.state().session().project(), DOC);
    assert!(spans.iter().any(|s| s.start == first.start
        && s.end == first.end
        && s.theme == "security"
        && s.note.ends_with("é")));
    assert!(!spans.iter().any(|s| s.same_key(&first)));
    // The status bar says what happened, and Undo names it.
    let old_label = h
        .state()
        .session()
        .project()
        .theme(&first.theme)
        .unwrap()
        .label
        .clone();
    assert!(
        h.query_by_label_contains(&format!(" from {old_label} to Security"))
            .is_some(),
        "the status bar says Retagged ‘…’ from {old_label} to Security"
    );
    assert!(
        h.query_by_label_contains("Retagged ‘and facilitate")
            .is_some()
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(
        h.query_by_label_contains("Undid: retag ‘and facilitate")
            .is_some()
    );
}

#[test]
fn word_snapping_widens_a_ragged_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut p = prefs();
    p.snap_to_words = true;
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), p);
    // "UNITED24 - Make a charitable ..." : select "ITED24 - Ma".
    assert_eq!(select_text(&mut h, "ITED24 - Ma"), (2, 13));
    tag_as(&mut h, "Security");
    let s = h.state().selected_span().unwrap().clone();
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.span_text(&s).unwrap(), "UNITED24 - Make");
}

#[test]
fn a_double_clicked_space_is_not_tagged_and_a_ragged_selection_is_trimmed() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);
    // "UNITED24 - Make ...": the space after "UNITED24".
    h.state_mut().select(8, 9);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), before);
    let (message, _) = h.state().message().expect("the status bar says why");
    assert!(message.contains("only white space"), "{message}");
    assert!(!h.state().session().is_dirty());

    // "4 - " loses its trailing space, and the status bar says so.
    h.state_mut().select(7, 11);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let span = h.state().selected_span().cloned().expect("tagged");
    assert_eq!((span.start, span.end), (7, 10));
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.span_text(&span), Some("4 -"));
    let (message, _) = h.state().message().unwrap();
    assert!(message.contains("Tagged 7..10"), "{message}");
    assert!(
        message.contains("white space at the ends left out"),
        "{message}"
    );
}
