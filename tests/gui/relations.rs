//! Relations between spans in the window: made by keyboard (a span, R,
//! N, Enter, the type) and by mouse (Relate To…, a click on the other
//! span), drawn as arcs above the lines (to the margin when the other end
//! is far), listed, retyped and deleted in the details, undone, hidden
//! from the View menu, filtered by annotator, saved and reopened.

use super::accessibility::{list_rows, status_message};
use super::corpus::click_at;
use super::*;
use marginalia::model::{Color, Relation, RelationType, SpanRef};

/// A no-break space and an astral character before the spans, so code
/// points, bytes and UTF-16 units all differ.
fn text() -> String {
    let mut t = String::from("The WHO\u{a0}approved vaccines 😀 quickly.\nPorts and trade grew.\n");
    for i in 0..150 {
        t.push_str(&format!("Filler line {i} of the statement.\n"));
    }
    t.push_str("Security talks ended.\n");
    t
}

/// The code-point range of the first `word` in the text.
fn range(word: &str) -> (usize, usize) {
    let t = text();
    let byte = t.find(word).unwrap();
    let start = t[..byte].chars().count();
    (start, start + word.chars().count())
}

fn span(word: &str, theme: &str, annotator: &str) -> Span {
    let (a, b) = range(word);
    Span::new(a, b, theme, annotator)
}

fn rel(from: &Span, to: &Span, kind: &str, annotator: &str) -> Relation {
    Relation::new(SpanRef::from(from), SpanRef::from(to), kind, annotator)
}

/// One document: the tester's spans WHO, vaccines (health), trade, and
/// Security 150 lines below; bo's span Ports. A far relation (vaccines →
/// Security) and one of bo's (Ports → trade), unless `bare`.
fn project(dir: &Path, bare: bool) -> PathBuf {
    let path = dir.join(if bare { "bare.ron" } else { "relations.ron" });
    let (who, vaccines, trade, security, ports) = (
        span("WHO", "health", "tester"),
        span("vaccines", "health", "tester"),
        span("trade", "trade", "tester"),
        span("Security", "security", "tester"),
        span("Ports", "trade", "bo"),
    );
    let mut doc = Document::new("d", "Statement", text()).with_spans(vec![
        who,
        vaccines.clone(),
        ports.clone(),
        trade.clone(),
        security.clone(),
    ]);
    if !bare {
        doc = doc.with_relations([
            rel(&vaccines, &security, "cause", "tester"),
            rel(&ports, &trade, "cause", "bo"),
        ]);
    }
    let mut p = Project::with_default_codebook("relations");
    let mut same = RelationType::new("same", "Same topic", Color::rgb(0, 120, 60));
    same.directed = false;
    same.from_themes = vec!["health".into()];
    same.to_themes = vec!["health".into()];
    for (i, t) in [
        RelationType::new("cause", "Cause", Color::rgb(200, 40, 40)),
        same,
    ]
    .into_iter()
    .enumerate()
    {
        Edit::AddRelationType {
            index: i,
            relation_type: t,
        }
        .apply(&mut p)
        .unwrap();
    }
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &path).unwrap();
    path
}

fn relations(h: &Harness<'static, MarginaliaApp>) -> Vec<Relation> {
    let doc = h.state().session().document().unwrap();
    doc.relations().iter().cloned().collect()
}

fn painted(h: &Harness<'static, MarginaliaApp>) -> Vec<(Relation, bool)> {
    h.state()
        .painted_arcs()
        .into_iter()
        .map(|(r, _, far)| (r, far))
        .collect()
}

fn press(h: &mut Harness<'static, MarginaliaApp>, key: Key) {
    h.key_press(key);
    h.run();
}

/// From the caret at the start: N selects WHO, R starts a relation, N
/// moves the target to vaccines (WHO stays the source), Enter opens the
/// type picker.
fn relate_who_to_vaccines(h: &mut Harness<'static, MarginaliaApp>) {
    press(h, Key::N);
    assert_eq!(
        h.state().selected_span(),
        Some(&span("WHO", "health", "tester"))
    );
    press(h, Key::R);
    press(h, Key::N);
    assert_eq!(
        h.state().selected_span(),
        Some(&span("vaccines", "health", "tester"))
    );
    assert_eq!(
        h.state().relation_source(),
        Some(&span("WHO", "health", "tester")),
        "the source stays marked while N moves the target"
    );
    press(h, Key::Enter);
    assert_eq!(
        list_rows(h, "Relation type"),
        Some(vec!["Cause".to_owned(), "Same topic".to_owned()])
    );
}

#[test]
fn a_relation_made_by_keyboard_is_drawn_as_an_arc_listed_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    relate_who_to_vaccines(&mut h);
    press(&mut h, Key::Enter);
    let made = rel(
        &span("WHO", "health", "tester"),
        &span("vaccines", "health", "tester"),
        "cause",
        "tester",
    );
    assert!(relations(&h).contains(&made));
    assert_eq!(h.state().relation_source(), None);
    assert_eq!(
        h.state().message().unwrap().0,
        "Related ‘WHO’ to ‘vaccines’ as Cause"
    );
    h.run();
    assert!(painted(&h).contains(&(made.clone(), false)));
    h.get_by_role_and_label(Role::Button, "Relation Cause: ‘WHO’ ➡ ‘vaccines’");
    h.get_by_label("Cause: ‘WHO’ ➡ ‘vaccines’ · tester");
    h.get_by_label("Relations (3)");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.run();
    assert!(!relations(&h).contains(&made));
    assert!(!painted(&h).iter().any(|(r, _)| *r == made));
    assert_eq!(h.state().selected_relation(), None);
    h.get_by_label("Relations (2)");
}

#[test]
fn escape_cancels_a_relation_at_each_step_and_a_type_that_does_not_fit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    assert!(h.state().relation_source().is_some());
    press(&mut h, Key::Escape);
    assert_eq!(h.state().relation_source(), None);
    assert_eq!(h.state().message().unwrap().0, "Relation cancelled");

    // In the picker: Escape closes it and cancels the relation.
    press(&mut h, Key::Escape);
    relate_who_to_vaccines(&mut h);
    press(&mut h, Key::Escape);
    h.run();
    assert_eq!(h.state().relation_source(), None);
    assert_eq!(list_rows(&h, "Relation type"), None);
    assert_eq!(relations(&h).len(), 2);

    // WHO (health) to trade: "Same topic" allows health at both ends
    // only; the model's refusal is said in the status line.
    press(&mut h, Key::Escape);
    press(&mut h, Key::N);
    press(&mut h, Key::R);
    for _ in 0..3 {
        press(&mut h, Key::N);
    }
    assert_eq!(
        h.state().selected_span(),
        Some(&span("trade", "trade", "tester"))
    );
    press(&mut h, Key::Enter);
    assert_eq!(
        list_rows(&h, "Relation type"),
        Some(vec![
            "Cause".to_owned(),
            "Same topic (not for these spans)".to_owned()
        ])
    );
    h.get_by_role_and_label(Role::TextInput, "Relation type")
        .type_text("Same");
    h.run();
    press(&mut h, Key::Enter);
    let (msg, error) = h.state().message().unwrap();
    assert!(error, "{msg}");
    assert!(
        msg.starts_with("Not done:") && msg.contains("does not allow"),
        "{msg}"
    );
    assert_eq!(relations(&h).len(), 2);
    assert!(!h.state().session().is_dirty());
}

#[test]
fn a_relation_made_by_mouse_relate_to_then_a_click_on_the_other_span() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    let rect = |h: &Harness<'static, MarginaliaApp>, word: &str| {
        let (a, b) = range(word);
        h.state().view().rects_for(a, b)[0]
    };
    let who = rect(&h, "WHO");
    click_at(&mut h, who);
    assert_eq!(
        h.state().selected_span(),
        Some(&span("WHO", "health", "tester"))
    );
    h.get_by_role_and_label(Role::Button, "Relate To…").click();
    h.run();
    assert!(h.state().relation_source().is_some());
    let vaccines = rect(&h, "vaccines");
    click_at(&mut h, vaccines);
    h.run();
    assert_eq!(
        list_rows(&h, "Relation type"),
        Some(vec!["Cause".to_owned(), "Same topic".to_owned()])
    );
    h.get_by_role_and_label(Role::TextInput, "Relation type")
        .type_text("same");
    h.run();
    press(&mut h, Key::Enter);
    let made = rel(
        &span("WHO", "health", "tester"),
        &span("vaccines", "health", "tester"),
        "same",
        "tester",
    );
    assert!(relations(&h).contains(&made));
    h.run();
    h.get_by_role_and_label(Role::Button, "Relation Same topic: ‘WHO’ ➡ ‘vaccines’");
}

#[test]
fn the_details_panel_retypes_notes_and_deletes_a_relation_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    relate_who_to_vaccines(&mut h);
    press(&mut h, Key::Enter);
    h.run();
    press(&mut h, Key::Escape);
    h.get_by_role_and_label(Role::Button, "Relation Cause: ‘WHO’ ➡ ‘vaccines’")
        .click();
    h.run();
    let cause = rel(
        &span("WHO", "health", "tester"),
        &span("vaccines", "health", "tester"),
        "cause",
        "tester",
    );
    assert_eq!(h.state().selected_relation(), Some(&cause));

    h.get_by_role_and_label(Role::ComboBox, "Relation type")
        .click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Same topic").click();
    h.run();
    h.run();
    let same = rel(
        &span("WHO", "health", "tester"),
        &span("vaccines", "health", "tester"),
        "same",
        "tester",
    );
    assert!(relations(&h).contains(&same) && !relations(&h).contains(&cause));
    assert_eq!(
        h.state().message().unwrap().0,
        "Relation retyped as Same topic"
    );

    h.get_by_role_and_label(Role::MultilineTextInput, "Relation note")
        .click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Relation note")
        .type_text("Both on health");
    h.run();
    h.get_by_label("Save Relation Note").click();
    h.run();
    h.run();
    let noted = relations(&h)
        .into_iter()
        .find(|r| r.same_key(&same))
        .unwrap();
    assert_eq!(noted.note, "Both on health");

    h.get_by_label("Delete Relation").click();
    h.run();
    h.run();
    assert!(!relations(&h).iter().any(|r| r.same_key(&same)));
    assert_eq!(
        h.state().message().unwrap().0,
        "Deleted relation Same topic"
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let back = relations(&h)
        .into_iter()
        .find(|r| r.same_key(&same))
        .unwrap();
    assert_eq!(back.note, "Both on health");
}

#[test]
fn a_far_relation_is_drawn_to_the_margin_and_its_marker_jumps_to_the_other_end() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    let far = rel(
        &span("vaccines", "health", "tester"),
        &span("Security", "security", "tester"),
        "cause",
        "tester",
    );
    assert!(painted(&h).contains(&(far.clone(), true)));
    h.get_by_label("Jump to Cause end: ‘Security’").click();
    h.run();
    h.run();
    h.run();
    assert_eq!(
        h.state().selected_span(),
        Some(&span("Security", "security", "tester"))
    );
    assert_eq!(h.state().selected_relation(), Some(&far));
    // At the other end, a marker jumps back up.
    h.get_by_label("Jump to Cause end: ‘vaccines’");
}

#[test]
fn relations_follow_the_annotator_filter_and_hide_from_the_view_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    let bos = rel(
        &span("Ports", "trade", "bo"),
        &span("trade", "trade", "tester"),
        "cause",
        "bo",
    );
    assert!(painted(&h).contains(&(bos.clone(), false)));
    h.get_by_role_and_label(Role::ComboBox, "Show spans of")
        .click();
    h.run();
    h.get_by_label("Mine (tester)").click();
    h.run();
    h.run();
    assert!(
        !painted(&h).iter().any(|(r, _)| *r == bos),
        "bo's span is filtered out, so is the relation"
    );
    assert!(
        !painted(&h).is_empty(),
        "the tester's own relation is drawn"
    );
    h.get_by_label("Relations (1)");

    // View → Show Relations off: no arcs, and the lines take exactly the
    // room of a document without relations.
    let bare = harness(&project(dir.path(), true));
    let first_underline = |h: &Harness<'static, MarginaliaApp>| h.state().painted_spans()[0].2;
    assert_ne!(first_underline(&h), first_underline(&bare));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Show Relations").click();
    h.run();
    h.run();
    assert!(!h.state().prefs().show_relations);
    assert!(painted(&h).is_empty());
    assert_eq!(first_underline(&h), first_underline(&bare));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Show Relations").click();
    h.run();
    h.run();
    assert!(h.state().prefs().show_relations);
    assert!(!painted(&h).is_empty());
}

#[test]
fn a_relation_made_in_the_window_is_saved_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path(), false);
    let mut h = harness(&path);
    relate_who_to_vaccines(&mut h);
    press(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    drop(h);
    let made = rel(
        &span("WHO", "health", "tester"),
        &span("vaccines", "health", "tester"),
        "cause",
        "tester",
    );
    let reopened = store::load(&path).unwrap();
    assert!(
        reopened
            .document("d")
            .unwrap()
            .relations()
            .get(&made)
            .is_some()
    );
    let h = harness(&path);
    assert!(painted(&h).contains(&(made, false)));
}

#[test]
fn a_relation_type_is_added_from_the_codebook_and_listed_under_the_themes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&project(dir.path(), false));
    h.get_by_label("Relation types (2)");
    h.get_by_role_and_label(Role::Button, "Add Relation Type…")
        .click();
    h.run();
    // No name: refused, and the form stays open with what was typed.
    h.get_by_label("Save Relation Type").click();
    h.run();
    h.run();
    assert_eq!(
        status_message(&h),
        Some(("Not saved: a relation type needs a name".to_owned(), true))
    );
    h.get_by_role_and_label(Role::TextInput, "Name").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Contrasts with");
    h.run();
    h.get_by_label("Save Relation Type").click();
    h.run();
    h.run();
    let types = h.state().session().project().relation_types().to_vec();
    let added = types.last().unwrap();
    assert_eq!(
        (added.id.as_str(), added.label.as_str(), added.directed),
        ("contrasts-with", "Contrasts with", true)
    );
    h.get_by_label("Relation types (3)").click();
    h.run();
    h.get_by_label("Contrasts with ➡");
    h.get_by_label("Same topic ↔");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.run();
    assert_eq!(h.state().session().project().relation_types().len(), 2);
}
