//! Curation and Mark Done, told as a curator's and an annotator's stories.

use super::*;
use marginalia::model::AnnotatorState;

const TEXT: &str = "Le café 😀 ouvre à 7h\u{a0}30.\nLa santé d'abord, puis le commerce.";

/// A project where ana and bo tagged one document: they agree on "café"
/// (Health), disagree on the bounds of "😀 ouvre" (ICT; bo only has
/// "ouvre"), and only bo tagged "7h 30" (Trade) and "commerce" (Trade).
fn curation_project(dir: &Path) -> PathBuf {
    let mut project = Project::with_default_codebook("Team");
    let doc = Document::new("cafe", "Café", TEXT).with_spans(vec![
        Span::new(3, 7, "health", "ana"),
        Span::new(3, 7, "health", "bo"),
        Span::new(8, 15, "ict", "ana"),
        Span::new(10, 15, "ict", "bo"),
        Span::new(18, 23, "trade", "bo"),
        Span::new(51, 59, "trade", "bo"),
    ]);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut project)
    .unwrap();
    let path = dir.join("team.ron");
    store::save(&project, &path).unwrap();
    path
}

fn curator_spans(h: &Harness<'static, MarginaliaApp>) -> Vec<(usize, usize, String)> {
    spans_of(h.state().session().project(), "cafe")
        .into_iter()
        .filter(|s| s.annotator == "curator")
        .map(|s| (s.start, s.end, s.theme))
        .collect()
}

fn shows(h: &Harness<'static, MarginaliaApp>, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

fn press(h: &mut Harness<'static, MarginaliaApp>, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn marking_a_document_done_is_saved_and_shown_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = curation_project(dir.path());
    let mut h = harness(&path);
    assert!(shows(&h, "Café (6)"), "in progress: no check mark yet");

    // Document → Mark Done (Ctrl+Shift+D), then undo and do it again.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run();
    let state = |h: &Harness<'static, MarginaliaApp>| {
        h.state()
            .session()
            .project()
            .document("cafe")
            .unwrap()
            .state("tester")
    };
    assert_eq!(state(&h), AnnotatorState::Done);
    assert!(shows(&h, "✔ Café (6)"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(state(&h), AnnotatorState::InProgress, "undo reverts it");
    assert!(shows(&h, "Café (6)"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);

    let saved = store::load(&path).unwrap();
    let done: Vec<&String> = saved
        .document("cafe")
        .unwrap()
        .done_annotators()
        .iter()
        .collect();
    assert_eq!(done, ["tester"]);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("format: 2"), "done states need format 2");

    let h = harness(&path);
    assert!(shows(&h, "✔ Café (6)"), "reopened, the document shows done");
    assert_eq!(state(&h), AnnotatorState::Done);
}

#[test]
fn a_curator_steps_through_disagreements_accepts_rejects_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let path = curation_project(dir.path());
    let mut h = harness(&path);
    press(&mut h, Key::F7);
    // Four disagreements (8..15, 10..15, 18..23, 51..59); café is agreed.
    assert!(shows(&h, "0 of 4 resolved"));
    assert_eq!(h.state().curation_progress(), Some((0, 4)));
    assert!(shows(&h, "Copy 1 agreed span"));
    assert_eq!(h.state().curation_current(), Some((8, 15, "ict".into())));

    // J and K move through the list.
    press(&mut h, Key::J);
    assert_eq!(h.state().curation_current(), Some((10, 15, "ict".into())));
    press(&mut h, Key::J);
    assert_eq!(h.state().curation_current(), Some((18, 23, "trade".into())));
    press(&mut h, Key::K);
    press(&mut h, Key::K);
    assert_eq!(h.state().curation_current(), Some((8, 15, "ict".into())));

    // A accepts ana's "😀 ouvre" into the curator's spans; bo's shorter
    // variant of the same place is settled with it.
    press(&mut h, Key::A);
    assert_eq!(curator_spans(&h), [(8, 15, "ict".to_owned())]);
    assert!(shows(&h, "2 of 4 resolved"));
    assert_eq!(
        h.state().curation_current(),
        Some((18, 23, "trade".into())),
        "A moves on to the next open disagreement"
    );
    assert!(
        h.state()
            .session()
            .project()
            .document("cafe")
            .unwrap()
            .spans()
            .len()
            == 7,
        "nobody else's spans change"
    );

    // R rejects bo's "7h 30": resolved, nothing copied.
    press(&mut h, Key::R);
    assert!(shows(&h, "3 of 4 resolved"));
    assert_eq!(curator_spans(&h).len(), 1);
    assert_eq!(h.state().curation_current(), Some((51, 59, "trade".into())));

    // Undo takes the accepted span back out: two fewer resolved.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(curator_spans(&h).is_empty());
    assert!(shows(&h, "1 of 4 resolved"), "the rejection stays");

    // The theme keys do not fire in the view: "A" did not tag anything.
    assert_eq!(h.state().selection(), None);

    // Copy the agreed span, then save: the curator's set is in the file.
    h.get_by_label("Copy 1 agreed span").click();
    h.run();
    assert_eq!(curator_spans(&h), [(3, 7, "health".to_owned())]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    let saved = store::load(&path).unwrap();
    let by_curator: Vec<_> = spans_of(&saved, "cafe")
        .into_iter()
        .filter(|s| s.annotator == "curator")
        .map(|s| (s.start, s.end))
        .collect();
    assert_eq!(by_curator, [(3, 7)]);
}

#[test]
fn adjusted_bounds_are_accepted_and_the_curator_can_be_renamed() {
    let dir = tempfile::tempdir().unwrap();
    let path = curation_project(dir.path());
    let mut h = harness(&path);
    press(&mut h, Key::F7);
    // Rename the curator: the name is a preference.
    let field = h.get_by_role_and_label(Role::TextInput, "Curator:");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Curator:")
        .type_text("gold");
    h.run();
    assert_eq!(h.state().prefs().curator, "gold");
    // Leave the field, then adjust the first disagreement to "ouvre" only
    // plus one code point (11..16) through the model's edit.
    h.key_press(Key::Escape);
    h.run();
    h.get_all_by_label("Adjust…").next().unwrap().click();
    h.run();
    assert!(shows(&h, "Accept 8..15"));
    // The adjusted span goes through the same door as any edit.
    h.state_mut().curation_adjust(10, 16);
    h.run();
    h.get_by_label("Accept 10..16").click();
    h.run();
    let gold: Vec<_> = spans_of(h.state().session().project(), "cafe")
        .into_iter()
        .filter(|s| s.annotator == "gold")
        .map(|s| (s.start, s.end, s.theme))
        .collect();
    assert_eq!(gold, [(10, 16, "ict".to_owned())]);
    assert!(shows(&h, "2 of 4 resolved"));
}

/// The Curation view hides the document view, so a theme key pressed while
/// it is open must not tag the hidden view's selection.
#[test]
fn theme_keys_do_not_tag_the_hidden_document_while_curating() {
    let dir = tempfile::tempdir().unwrap();
    let path = curation_project(dir.path());
    let mut h = harness(&path);
    let before = h
        .state()
        .session()
        .project()
        .document("cafe")
        .unwrap()
        .spans()
        .len();
    h.state_mut().select(0, 4);
    h.run();
    press(&mut h, Key::F7);
    assert_eq!(h.state().curation_progress(), Some((0, 4)));
    for key in [Key::Num1, Key::Num2, Key::Num3, Key::Num4] {
        press(&mut h, key);
        h.key_press_modifiers(Modifiers::ALT, key);
        h.run();
    }
    let after = h
        .state()
        .session()
        .project()
        .document("cafe")
        .unwrap()
        .spans()
        .len();
    assert_eq!(after, before, "no span was added by a theme key");
    // J still steps through the disagreements.
    press(&mut h, Key::J);
    assert_eq!(h.state().curation_current(), Some((10, 15, "ict".into())));
}
