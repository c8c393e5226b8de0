//! Suggestions as a user meets them: Edit → Suggest runs the
//! themes' rules, the suggestions are listed and outlined, the user steps
//! through them by keyboard, accepts (a span) and rejects (never proposed
//! again), undoes, saves and finds the rest again after reopening.

use std::sync::Barrier;

use marginalia::analysis::matching;
use marginalia::analysis::stats;
use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::{Color, Suggestion, Theme};

use super::*;

/// Russian with a no-break space and an emoji before it, a CRLF-sourced
/// line break, a phrase the regex rule finds, Arabic (right to left; the
/// test fonts draw boxes for it, offsets do not depend on them).
const TEXT: &str = "😀 Санкции и САНКЦИИ\u{a0}now.\r\nThe vaccine talks: WTO  rules.\r\nA Vaccine 👍🏽 again; санкции! عقوبات جديدة";

fn theme(id: &str, label: &str, rgb: (u8, u8, u8), key: char, rules: &[&str]) -> Theme {
    Theme {
        id: id.into(),
        label: label.into(),
        color: Color::rgb(rgb.0, rgb.1, rgb.2),
        key: Some(key),
        description: String::new(),
        parent: None,
        rules: rules.iter().map(|r| (*r).to_owned()).collect(),
    }
}

/// The code-point range of the `nth` occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (byte, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} is in the text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// A project whose themes carry rules; the first "vaccine" is already a
/// span (by someone else), so the rules do not propose it.
fn rules_project(dir: &Path) -> (PathBuf, String) {
    let text = TEXT.replace("\r\n", "\n");
    let themes = vec![
        theme(
            "sanctions",
            "Sanctions",
            (200, 40, 40),
            's',
            &["санкции", "/WTO\\s+rules/", "عقوبات"],
        ),
        theme("health", "Health", (30, 120, 200), 'h', &["vaccine"]),
    ];
    let mut p = Project::new("Rules", themes);
    let (a, b) = find(&text, "vaccine", 0);
    Edit::AddDocument {
        index: 0,
        document: Box::new(
            Document::new("talks", "Talks", text.clone())
                .with_spans(vec![Span::new(a, b, "health", "ana")]),
        ),
    }
    .apply(&mut p)
    .unwrap();
    Edit::AddDocument {
        index: 1,
        document: Box::new(Document::new("more", "More talks", "No vaccine yet.")),
    }
    .apply(&mut p)
    .unwrap();
    let path = dir.join("rules.ron");
    store::save(&p, &path).unwrap();
    (path, text)
}

/// The window on `project`, drawing a box for a glyph the test fonts do
/// not have (Arabic) instead of failing: offsets do not depend on it.
fn window(project: &Path, prefs: Prefs) -> Harness<'static, MarginaliaApp> {
    let project = project.to_path_buf();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(200)
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            MarginaliaApp::new(
                &cc.egui_ctx,
                AppOptions {
                    project: Some(project),
                    prefs,
                    dialogs: ScriptedDialogs::new(vec![]),
                    system_fonts: false,
                },
            )
        });
    h.run();
    wait_idle(&mut h);
    h
}

fn press(h: &mut Harness<'static, MarginaliaApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
    wait_idle(h);
}

fn current(h: &Harness<'static, MarginaliaApp>) -> Option<(usize, usize, String)> {
    h.state()
        .current_suggestion_shown()
        .map(|s| (s.start, s.end, s.theme.clone()))
}

#[test]
fn suggest_step_accept_reject_undo_save_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (path, text) = rules_project(dir.path());
    let mut h = window(&path, prefs());
    assert!(h.state().suggestions().is_empty());

    // F6 (Edit → Suggest) runs the rules over the open document.
    press(&mut h, Modifiers::NONE, Key::F6);
    let want: Vec<Suggestion> = {
        let mut v = vec![
            (find(&text, "Санкции", 0), "sanctions"),
            (find(&text, "САНКЦИИ", 0), "sanctions"),
            (find(&text, "WTO  rules", 0), "sanctions"),
            (find(&text, "Vaccine", 0), "health"),
            (find(&text, "санкции", 0), "sanctions"),
            (find(&text, "عقوبات", 0), "sanctions"),
        ]
        .into_iter()
        .map(|((a, b), t)| Suggestion::new(a, b, t))
        .collect::<Vec<_>>();
        v.sort();
        v
    };
    assert_eq!(h.state().suggestions(), want);
    let (msg, error) = h.state().message().unwrap();
    assert!(!error);
    assert!(msg.starts_with("Suggest: 6 suggestions (6 new)"), "{msg}");
    // Listed with their theme and passage.
    h.get_by_label("Suggestions (6)");
    h.get_by_label_contains("САНКЦИИ");
    h.get_by_label_contains("WTO  rules");
    // Each is outlined where the view draws its text (the same mapping
    // as spans and selection, right-to-left rows included), and only
    // suggestions are: not the span on the first "vaccine".
    let painted = h.state().painted_suggestions();
    for s in &want {
        let mine: Vec<egui::Rect> = painted
            .iter()
            .filter(|(p, _)| p == s)
            .map(|(_, r)| *r)
            .collect();
        let rows: Vec<egui::Rect> = h
            .state()
            .view()
            .rects_for(s.start, s.end)
            .into_iter()
            .map(|r| r.expand(1.0))
            .collect();
        assert!(!mine.is_empty(), "{s:?} is outlined");
        assert_eq!(mine.len(), rows.len(), "{s:?}: one outline per row");
        for (m, r) in mine.iter().zip(&rows) {
            assert!((m.left() - r.left()).abs() < 0.5 && (m.right() - r.right()).abs() < 0.5);
        }
    }
    let undo = h.state().session().history().undo_description();
    assert!(undo.as_deref().is_some_and(|u| u.contains('6')), "{undo:?}");

    // F8 / Shift+F8 step through them, selecting each.
    press(&mut h, Modifiers::NONE, Key::F8);
    let first = &want[0];
    assert_eq!(
        current(&h),
        Some((first.start, first.end, "sanctions".into()))
    );
    assert_eq!(h.state().selection(), Some((first.start, first.end)));
    press(&mut h, Modifiers::NONE, Key::F8);
    assert_eq!(current(&h).map(|c| c.0), Some(want[1].start));
    let (msg, _) = h.state().message().unwrap();
    assert_eq!(msg, "Suggestion 2 of 6: ‘САНКЦИИ’ as Sanctions");
    press(&mut h, Modifiers::SHIFT, Key::F8);
    assert_eq!(current(&h).map(|c| c.0), Some(first.start));

    // Ctrl+Enter accepts: a span by the window's annotator; the next
    // suggestion becomes current.
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    let doc =
        |h: &Harness<'static, MarginaliaApp>| h.state().session().project().documents()[0].clone();
    assert!(doc(&h).spans().spans().contains(&Span::new(
        first.start,
        first.end,
        "sanctions",
        "tester"
    )));
    assert_eq!(h.state().suggestions(), want[1..]);
    assert_eq!(current(&h).map(|c| c.0), Some(want[1].start));
    let (msg, _) = h.state().message().unwrap();
    assert_eq!(
        msg,
        "Accepted ‘Санкции’ as Sanctions (now a span); 5 suggestions left"
    );

    // Ctrl+Delete rejects: withdrawn and remembered.
    press(&mut h, Modifiers::COMMAND, Key::Delete);
    assert_eq!(h.state().suggestions(), want[2..]);
    assert!(doc(&h).rejected().contains(&want[1]));
    assert!(
        h.state()
            .message()
            .unwrap()
            .0
            .starts_with("Rejected ‘САНКЦИИ’")
    );

    // Suggest again: neither the rejected one nor the accepted one (a
    // span now) comes back.
    press(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(h.state().suggestions(), want[2..]);

    // Undo the rejection, redo it.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().suggestions(), want[1..]);
    assert!(doc(&h).rejected().is_empty());
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(h.state().suggestions(), want[2..]);

    // Click the health suggestion in the list, accept all of its theme
    // (Ctrl+Shift+Enter): one edit.
    h.get_by_label_contains("Vaccine").click();
    h.run();
    assert_eq!(current(&h).map(|c| c.2), Some("health".into()));
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Enter);
    let left: Vec<Suggestion> = want[2..]
        .iter()
        .filter(|s| s.theme != "health")
        .cloned()
        .collect();
    assert_eq!(h.state().suggestions(), left);
    assert!(
        h.state()
            .message()
            .unwrap()
            .0
            .starts_with("Accepted the Health suggestion in this document as a span;")
    );

    // Save, reopen: the remaining suggestions and the rejection are there.
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().session().is_dirty());
    drop(h);
    let h = window(&path, prefs());
    assert_eq!(h.state().suggestions(), left);
    h.get_by_label(&format!("Suggestions ({})", left.len()));
    let saved = store::load(&path).unwrap();
    assert!(saved.documents()[0].rejected().contains(&want[1]));
}

#[test]
fn suggest_on_open_is_a_preference_and_runs_for_each_document_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = rules_project(dir.path());
    // Off (the default): opening changes nothing.
    let mut h = window(&path, prefs());
    assert!(!h.state().prefs().suggest_on_open);
    assert!(h.state().suggestions().is_empty());
    assert!(!h.state().session().is_dirty());
    // Switched on from the palette (the Edit menu has it too), it is kept
    // with the preferences.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text("suggest on open");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().prefs().suggest_on_open);
    drop(h);

    let prefs = Prefs {
        suggest_on_open: true,
        ..prefs()
    };
    let mut h = window(&path, prefs);
    assert_eq!(h.state().suggestions().len(), 6, "the first document's");
    // Opening the second document runs the rules for it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text("open document more");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    wait_idle(&mut h);
    assert_eq!(h.state().session().current_index(), 1);
    assert_eq!(h.state().suggestions(), [Suggestion::new(3, 10, "health")]);
}

#[test]
fn suggest_in_all_documents_runs_on_the_worker_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.ron");
    let line = "Санкции 😀 and a vaccine\u{a0}deal; more words to make it long.\n";
    let mut p = Project::new(
        "Big",
        vec![
            theme("sanctions", "Sanctions", (200, 40, 40), 's', &["санкции"]),
            theme("health", "Health", (30, 120, 200), 'h', &["/vac+ine/"]),
        ],
    );
    for (i, id) in ["a", "b"].iter().enumerate() {
        Edit::AddDocument {
            index: i,
            document: Box::new(Document::new(*id, id.to_uppercase(), line.repeat(12_000))),
        }
        .apply(&mut p)
        .unwrap();
    }
    store::save(&p, &path).unwrap();
    let mut h = window(&path, prefs());
    let gate = Arc::new(Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));
    h.key_press_modifiers(Modifiers::SHIFT, Key::F6);
    h.run();
    // The window paints a progress window while the rules run.
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().busy());
    h.get_by_label_contains("Running the rules");
    gate.wait();
    wait_idle(&mut h);
    h.state_mut().hold_workers(None);
    let expected = matching::suggest(&p, &[], &mut |_, _| true).unwrap();
    assert_eq!(expected.total(), 2 * 2 * 12_000);
    assert_eq!(h.state().suggestions().len(), 2 * 12_000);
    let project = h.state().session().project().clone();
    assert_eq!(
        project.documents()[1].suggestions().len(),
        2 * 12_000,
        "the other document's too"
    );
    let (msg, _) = h.state().message().unwrap();
    assert!(
        msg.starts_with("Suggest: 48000 suggestions in 2 documents"),
        "{msg}"
    );
    // One undoable edit takes them all back.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(h.state().suggestions().is_empty());
    assert!(
        h.state().session().project().documents()[1]
            .suggestions()
            .is_empty()
    );
}

#[test]
fn exports_and_statistics_ignore_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = rules_project(dir.path());
    let mut h = window(&path, prefs());
    press(&mut h, Modifiers::SHIFT, Key::F6);
    let with = h.state().session().project().clone();
    assert_eq!(
        with.documents()
            .iter()
            .map(|d| d.suggestions().len())
            .sum::<usize>(),
        7
    );
    // The same project without its suggestions.
    let mut without = with.clone();
    for d in with.documents() {
        Edit::RemoveSuggestions {
            doc: d.id.clone(),
            suggestions: d.suggestions().iter().cloned().collect(),
        }
        .apply(&mut without)
        .unwrap();
    }
    assert_eq!(stats::stats(&with), stats::stats(&without));
    for format in Format::ALL.into_iter().filter(|f| f.exports()) {
        let export = |p: &Project| {
            formats::export_files(p, format, &ExportOptions::default(), Arc::default())
                .unwrap()
                .0
        };
        assert_eq!(export(&with), export(&without), "{format}");
    }
}

#[test]
fn without_rules_suggest_says_what_to_do_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    press(&mut h, Modifiers::NONE, Key::F6);
    let (msg, error) = h.state().message().unwrap();
    assert!(!error);
    assert!(msg.starts_with("No theme has rules yet"), "{msg}");
    assert!(!h.state().session().is_dirty());
    // Stepping and accepting say why nothing happens.
    press(&mut h, Modifiers::NONE, Key::F8);
    assert!(
        h.state()
            .message()
            .unwrap()
            .0
            .starts_with("No suggestions here")
    );
    press(&mut h, Modifiers::COMMAND, Key::Enter);
    assert_eq!(
        h.state().message().unwrap().0,
        "No suggestion chosen: press F8 to go to the next one"
    );
    assert!(!h.state().session().is_dirty());
}
