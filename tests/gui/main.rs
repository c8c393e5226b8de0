//! The window, driven headless with egui_kittest: the stories a user would
//! tell. No display or GPU is needed.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::accesskit::{Role, Toggled};
use egui::{Key, Modifiers, Pos2, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use marginalia::model::{Document, Edit, Project, Span};
use marginalia::store;
use marginalia::ui::{AppOptions, DialogKind, MarginaliaApp, Modal, Prefs, ScriptedDialogs};

mod accessibility;
mod bidi;
mod chart_labels;
mod codebook_tree;
mod coding;
mod command_queue;
mod corpus;
mod curation;
mod import_folder;
mod keyboard;
mod messages;
mod new_user;
mod overwrite;
mod report_and_pdf;
mod segments_passage;
mod suggest;
mod team_view;
mod theme_form;
mod your_name;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/projects/ru-cn-joint-statement-2020.ron"
);
const DOC: &str = "ru-cn-joint-statement-2020-09-11";

fn prefs() -> Prefs {
    Prefs {
        annotator: "tester".into(),
        snap_to_words: false,
        ..Prefs::default()
    }
}

fn harness_with(
    project: Option<&Path>,
    dialogs: Arc<ScriptedDialogs>,
    prefs: Prefs,
) -> Harness<'static, MarginaliaApp> {
    let project = project.map(Path::to_path_buf);
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(200)
        .build_eframe(move |cc| {
            MarginaliaApp::new(
                &cc.egui_ctx,
                AppOptions {
                    project,
                    prefs,
                    dialogs,
                    system_fonts: false,
                },
            )
        });
    h.run();
    wait_idle(&mut h);
    h
}

fn harness(project: &Path) -> Harness<'static, MarginaliaApp> {
    harness_with(Some(project), ScriptedDialogs::new(vec![]), prefs())
}

/// A window on `project` that draws a character no font has as a box
/// instead of failing the test (stories about layout, not glyphs).
fn harness_allowing_boxes(
    project: &Path,
    dialogs: Arc<ScriptedDialogs>,
) -> Harness<'static, MarginaliaApp> {
    let project = project.to_path_buf();
    let mut h = Harness::builder()
        .allow_missing_glyphs()
        .with_size([1280.0, 800.0])
        .with_max_steps(200)
        .build_eframe(move |cc| {
            MarginaliaApp::new(
                &cc.egui_ctx,
                AppOptions {
                    project: Some(project),
                    prefs: prefs(),
                    dialogs,
                    system_fonts: false,
                },
            )
        });
    h.run();
    wait_idle(&mut h);
    h
}

/// A copy of the example project in a temporary folder.
fn example_copy(dir: &Path) -> PathBuf {
    let path = dir.join("example.ron");
    fs::copy(EXAMPLE, &path).unwrap();
    path
}

/// Presses the mouse at `from`, moves in steps to `to` and releases.
fn drag(h: &mut Harness<'static, MarginaliaApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for i in 1..=6 {
        let t = i as f32 / 6.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.event(egui::Event::PointerButton {
        pos: to,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
}

/// Clicks the window's close button (the next frame sees the request).
fn close_window(h: &mut Harness<'static, MarginaliaApp>) {
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
}

fn document_rect(h: &Harness<'static, MarginaliaApp>) -> egui::Rect {
    // By role too: the Document menu has the same name.
    h.get_by_role_and_label(Role::Document, "Document").rect()
}

/// The selection as the status bar shows it ("Selection 3..9 (6 code
/// points)").
fn shown_selection(h: &Harness<'static, MarginaliaApp>) -> Option<(usize, usize)> {
    // A label's text is its accessible value.
    let label = h
        .query_all_by_label_contains("Selection ")
        .find_map(|n| n.value().filter(|v| v.starts_with("Selection ")))?;
    let range = label.strip_prefix("Selection ")?.split(' ').next()?;
    let (a, b) = range.split_once("..")?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Selects the first occurrence of `text` the way a user would: Ctrl+F,
/// type it, Enter (the match is selected; the find field keeps the keys).
/// Returns the selection the status bar shows.
fn select_text(h: &mut Harness<'static, MarginaliaApp>, text: &str) -> (usize, usize) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text(text);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    shown_selection(h).unwrap_or_else(|| panic!("finding {text:?} selects it"))
}

/// Tags the selection by clicking the theme in the codebook.
fn tag_as(h: &mut Harness<'static, MarginaliaApp>, theme: &str) {
    h.get_by_label_contains(&format!("{theme}  [")).click();
    h.run();
}

fn spans_of(project: &Project, doc: &str) -> Vec<Span> {
    project.document(doc).unwrap().spans().spans().to_vec()
}

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
fn add_recolour_and_delete_a_theme() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    h.get_by_label("Add Theme…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .type_text("Climate");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .type_text("c");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let theme = h
        .state()
        .session()
        .project()
        .find_theme("Climate")
        .cloned()
        .expect("theme added");
    assert_eq!(theme.key, Some('c'));
    assert_eq!(theme.id, "climate");

    // Tag with the new key.
    keyboard::select_first_word(&mut h);
    h.key_press(Key::C);
    h.run();
    assert!(
        spans_of(h.state().session().project(), DOC)
            .iter()
            .any(|s| s.theme == "climate")
    );

    // Rename it through the editor.
    h.get_by_label_contains("Climate  [c]").hover();
    h.run();
    let edit_buttons = h.get_all_by_label("✏").collect::<Vec<_>>();
    edit_buttons.last().unwrap().click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .click();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .type_text("Climate change");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(
        h.state()
            .session()
            .project()
            .theme("climate")
            .unwrap()
            .label,
        "Climate change"
    );

    // Deleting asks, naming how many spans would go.
    let deletes = h.get_all_by_label("✖").collect::<Vec<_>>();
    deletes.last().unwrap().click();
    h.run();
    assert!(matches!(
        h.state().modal(),
        Some(Modal::DeleteTheme { spans: 1, .. })
    ));
    assert!(h.query_by_label_contains("and its 1 span?").is_some());
    h.get_by_label("Delete").click();
    h.run();
    assert!(h.state().session().project().theme("climate").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().session().project().theme("climate").is_some());
}

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
fn closing_with_unsaved_changes_asks_save_discard_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let on_disk = fs::read(&path).unwrap();
    let mut h = harness(&path);
    assert!(h.query_by_label("Unsaved changes").is_none());
    select_text(&mut h, "UNITED24");
    tag_as(&mut h, "Security");
    assert!(h.query_by_label("Unsaved changes").is_some());

    // The window's close button.
    close_window(&mut h);
    h.run();
    assert_eq!(
        h.state().modal(),
        Some(&Modal::Unsaved(marginalia::ui::Then::Quit))
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().modal(), None);
    assert_eq!(fs::read(&path).unwrap(), on_disk, "cancel must not save");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(h.query_by_label_contains("Save the changes to").is_some());
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().session().is_dirty());
    let saved = store::load(&path).unwrap();
    assert_eq!(
        spans_of(&saved, DOC).len(),
        spans_of(&store::load(Path::new(EXAMPLE)).unwrap(), DOC).len() + 1
    );
}

#[test]
fn open_and_import_through_injected_dialogs_and_errors_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let example = example_copy(dir.path());
    let bad = dir.path().join("broken.ron");
    fs::write(
        &bad,
        "(format: 1, offsets: \"codepoints\", name: \"x\", themes: [], documents: [(id: \"d\")])",
    )
    .unwrap();
    let txt = dir.path().join("note.txt");
    fs::write(&txt, "Grüße aus Köln 😀\r\nZweite Zeile\r\n").unwrap();
    let dialogs = ScriptedDialogs::new(vec![
        Some(bad.clone()),
        Some(example.clone()),
        Some(txt.clone()),
    ]);
    let mut h = harness_with(None, dialogs.clone(), prefs());
    assert!(h.state().session().project().documents().is_empty());

    // A broken file: the error shows in the window; the project stays.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(
        matches!(h.state().modal(), Some(Modal::Error(m)) if m.contains("broken.ron") && m.contains("missing field"))
    );
    assert!(h.query_all_by_label_contains("broken.ron").count() >= 1);
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().session().project().name(), "Untitled");

    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert_eq!(h.state().session().path(), Some(example.as_path()));

    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "note");
    assert_eq!(doc.text().as_str(), "Grüße aus Köln 😀\nZweite Zeile\n");
    assert_eq!(
        dialogs.asked(),
        vec![
            DialogKind::OpenProject,
            DialogKind::OpenProject,
            DialogKind::Import
        ]
    );
    assert!(
        h.state().session().title().starts_with("● "),
        "{}",
        h.state().session().title()
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

/// Runs frames until no work runs on a worker thread (opening, saving,
/// importing, exporting), at most 30 s.
fn wait_idle(h: &mut Harness<'static, MarginaliaApp>) {
    for _ in 0..3000 {
        if !h.state().busy() {
            h.run();
            return;
        }
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the work on the worker thread did not finish in 30 s");
}

#[test]
fn export_from_the_menu_writes_the_file_and_reports_what_was_not_carried() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let jsonl = dir.path().join("spans");
    let conll = dir.path().join("tokens.conll");
    let dialogs = ScriptedDialogs::new(vec![Some(jsonl.clone()), Some(conll.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());

    // Ctrl+E opens the form; jsonl is the default and carries everything.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::Export));
    h.get_by_label("Export…").click();
    h.run();
    wait_idle(&mut h);
    let written = jsonl.with_extension("jsonl");
    let out = fs::read_to_string(&written).expect("the export was written with its extension");
    let line: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let example = store::load(&path).unwrap();
    let spans = example.span_count();
    assert_eq!(line["spans"].as_array().unwrap().len(), spans);
    match h.state().modal() {
        Some(Modal::ExportDone(done)) => {
            assert_eq!(
                (done.documents, done.spans),
                (example.documents().len(), spans)
            );
            assert!(done.losses.is_empty(), "{:?}", done.losses);
        }
        other => panic!("expected the export report, got {other:?}"),
    }
    assert!(
        h.query_by_label_contains("carried every span exactly")
            .is_some()
    );
    h.get_by_label("OK").click();
    h.run();

    // CoNLL, picked from the list, cannot carry notes: the report says so.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Export…").click();
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::Export));
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Format")
        .click();
    h.run();
    h.get_by_label_contains("conll (CoNLL").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    wait_idle(&mut h);
    assert!(
        fs::read_to_string(&conll)
            .unwrap()
            .starts_with("# columns: token Health Security ICT Trade\n-DOCSTART- ")
    );
    match h.state().modal() {
        Some(Modal::ExportDone(done)) => {
            assert!(
                done.losses
                    .iter()
                    .any(|l| l.starts_with("notes are not carried: 6 spans")),
                "{:?}",
                done.losses
            );
        }
        other => panic!("expected the export report, got {other:?}"),
    }
    assert!(h.query_by_label_contains("notes are not carried").is_some());
    assert_eq!(
        dialogs.asked(),
        vec![
            DialogKind::Export {
                folder: false,
                extension: Some("jsonl")
            },
            DialogKind::Export {
                folder: false,
                extension: Some("conll")
            }
        ]
    );
}

#[test]
fn importing_labelled_spans_is_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let file = dir.path().join("team.jsonl");
    fs::write(
        &file,
        "{\"id\":\"memo\",\"text\":\"Vaccines 💉 and\\r\\ndata centres.\",\"label\":[[0,10,\"Health\"],[16,28,\"Energy\"]]}\n",
    )
    .unwrap();
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![Some(file)]), prefs());
    let themes_before = h.state().session().project().themes().len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    h.run();
    let project = h.state().session().project();
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "memo");
    assert_eq!(doc.text().as_str(), "Vaccines 💉 and\ndata centres.");
    let texts: Vec<_> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| (doc.span_text(s).unwrap(), s.annotator.as_str()))
        .collect();
    assert_eq!(
        texts,
        [("Vaccines 💉", "tester"), ("data centres", "tester")]
    );
    assert_eq!(project.themes().len(), themes_before + 1);
    let (msg, is_error) = h.state().message().unwrap();
    assert!(!is_error && msg.contains("1 document added"), "{msg}");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let project = h.state().session().project();
    assert!(project.document("memo").is_none());
    assert_eq!(project.themes().len(), themes_before);
}

// ----- never losing work -----

fn prefs_autosaving() -> Prefs {
    Prefs {
        autosave_secs: 0,
        ..prefs()
    }
}

fn span_count(path: &Path) -> usize {
    store::load(path).unwrap().span_count()
}

#[test]
fn unsaved_work_goes_to_a_recovery_file_and_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let recovery = marginalia::store::recovery::recovery_path(&path);
    let saved_spans = span_count(&path);
    {
        let mut h = harness_with(
            Some(&path),
            ScriptedDialogs::new(vec![]),
            prefs_autosaving(),
        );
        keyboard::select_first_word(&mut h);
        h.key_press(Key::Num1);
        h.run();
        assert!(recovery.exists(), "no recovery file after a change");
        assert_eq!(span_count(&recovery), saved_spans + 1);
        assert_eq!(
            span_count(&path),
            saved_spans,
            "the project itself is untouched"
        );
        // The window goes away without saving (a crash, a kill).
        std::mem::forget(h);
    }
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    match h.state().modal() {
        Some(Modal::Recover { differences, .. }) => assert_eq!(
            differences,
            &[format!(
                "{DOC}: {saved_spans} spans saved, {} in the recovery file",
                saved_spans + 1
            )]
        ),
        other => panic!("expected the recovery prompt, got {other:?}"),
    }
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(span_count(&path), saved_spans + 1);
    assert_eq!(span_count(&store::backup_path(&path)), saved_spans);
    assert!(!recovery.exists());
    assert_eq!(h.state().session().project().span_count(), saved_spans + 1);
    assert!(!h.state().session().is_dirty());
}

#[test]
fn saving_removes_the_recovery_file_and_a_panic_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let recovery = marginalia::store::recovery::recovery_path(&path);
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    keyboard::select_first_word(&mut h);
    h.key_press(Key::Num2);
    h.run();
    // Autosave every 30 s: nothing written yet.
    assert!(!recovery.exists());
    h.state_mut().panic_next_frame();
    let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.run()));
    assert!(crashed.is_err());
    assert_eq!(span_count(&recovery), span_count(&path) + 1);

    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    assert!(matches!(h.state().modal(), Some(Modal::Recover { .. })));
    h.get_by_label("Discard").click();
    h.run();
    assert!(!recovery.exists());
    keyboard::select_first_word(&mut h);
    h.key_press(Key::Num2);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!recovery.exists());
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    keyboard::select_first_word(&mut h);
    h.key_press(Key::Num1);
    h.run();
    // A git pull changes the file underneath.
    let mut theirs = store::load(&path).unwrap();
    Edit::RenameProject {
        name: "Pulled".into(),
    }
    .apply(&mut theirs)
    .unwrap();
    store::save(&theirs, &path).unwrap();
    let on_disk = fs::read(&path).unwrap();

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::SaveConflict));
    assert_eq!(fs::read(&path).unwrap(), on_disk, "saved over the change");
    h.get_by_label("Cancel").click();
    h.run();

    // Losing and regaining focus notices the change too.
    let focus = |h: &mut Harness<'static, MarginaliaApp>, f: bool| {
        h.input_mut()
            .viewports
            .entry(ViewportId::ROOT)
            .or_default()
            .focused = Some(f);
        h.run();
    };
    focus(&mut h, false);
    focus(&mut h, true);
    assert_eq!(h.state().modal(), Some(&Modal::ChangedOnDisk));
    h.get_by_label("Overwrite").click();
    h.run();
    let saved = store::load(&path).unwrap();
    assert_eq!(
        saved.name(),
        "Russia–China joint statement, 11 September 2020"
    );
    assert!(!h.state().session().is_dirty());

    // Clean and changed on disk: reloaded without asking.
    store::save(&theirs, &path).unwrap();
    focus(&mut h, false);
    focus(&mut h, true);
    assert_eq!(h.state().modal(), None);
    assert_eq!(h.state().session().project().name(), "Pulled");
}

#[test]
fn a_project_open_elsewhere_opens_read_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // Another live process (our parent) holds the lock.
    fs::write(
        marginalia::store::lock::lock_path(&path),
        format!(
            "pid={}\nhost={}\nsince=0\ntoken=1\n",
            std::os::unix::process::parent_id(),
            fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|s| s.trim().to_owned())
                .unwrap_or_else(|_| std::env::var("HOSTNAME").unwrap_or_default())
        ),
    )
    .unwrap();
    let before = fs::read(&path).unwrap();
    let mut h = harness(&path);
    assert!(matches!(h.state().modal(), Some(Modal::Locked { .. })));
    h.get_by_label("Open Read-Only").click();
    h.run();
    assert!(h.state().session().is_read_only());
    assert!(h.state().session().title().contains("(read-only)"));
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(
        !h.state().session().is_dirty(),
        "a read-only project changed"
    );
    let (msg, is_error) = h.state().message().unwrap();
    assert!(is_error && msg.contains("read-only"), "{msg}");
    assert_eq!(fs::read(&path).unwrap(), before);
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

// ----- large projects: the work runs off the window's thread -----

/// A project file of about 1.5 MB: one document with non-ASCII text and
/// 5,000 spans.
fn large_project(dir: &Path) -> PathBuf {
    let path = dir.join("large.ron");
    let para = "Grüße aus Köln 😀: the ministers met and talked. ".repeat(20) + "\n";
    let text = para.repeat(1400);
    let spans = (0..5000)
        .map(|i| Span::new(i * 200, i * 200 + 40, ["health", "security"][i % 2], "ana"))
        .collect();
    let mut p = Project::with_default_codebook("large");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("d", "D", text).with_spans(spans)),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &path).unwrap();
    assert!(fs::metadata(&path).unwrap().len() >= marginalia::ui::BACKGROUND_ABOVE);
    path
}

/// Runs frames while a held worker waits, checking that the window keeps
/// painting and shows `heading` in its progress window.
fn shows_progress(h: &mut Harness<'static, MarginaliaApp>, heading: &str) {
    for _ in 0..5 {
        h.step();
    }
    assert!(h.state().busy());
    h.get_by_label_contains(heading);
}

#[test]
fn a_large_project_opens_saves_and_imports_while_the_window_paints() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_project(dir.path());
    let import = dir.path().join("memo.jsonl");
    let memo = "Vaccines 💉 and data centres.\r\n".repeat(40_000);
    fs::write(
        &import,
        format!(
            "{}\n",
            serde_json::json!({"id": "memo", "text": memo, "label": [[0, 10, "Health"]]})
        ),
    )
    .unwrap();
    let dialogs =
        ScriptedDialogs::new(vec![Some(path.clone()), Some(import.clone()), Some(import)]);
    let mut h = harness_with(None, dialogs, prefs());
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));

    // Opening: a progress window while the file is read; keys do nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    shows_progress(&mut h, "Opening large.ron");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.step();
    assert_eq!(h.state().session().project().name(), "Untitled");
    assert!(h.state().modal().is_none());
    gate.wait();
    wait_idle(&mut h);
    assert_eq!(h.state().session().project().name(), "large");
    assert_eq!(h.state().session().document().unwrap().spans().len(), 5000);
    let (msg, _) = h.state().message().unwrap();
    assert!(msg.starts_with("Opened"), "{msg}");

    // Importing: Cancel leaves the project as it was...
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    shows_progress(&mut h, "Importing memo.jsonl");
    h.get_by_label("Cancel").click();
    h.step();
    assert!(!h.state().busy());
    gate.wait();
    h.run();
    assert!(h.state().session().project().document("memo").is_none());
    assert!(!h.state().session().is_dirty());
    // ... and letting it run adds the document as one undoable step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    shows_progress(&mut h, "Importing memo.jsonl");
    gate.wait();
    wait_idle(&mut h);
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "memo");
    assert_eq!(doc.span_text(&doc.spans().spans()[0]), Some("Vaccines 💉"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().session().project().document("memo").is_none());

    // Saving: closing the window meanwhile waits for the save, then quits.
    h.state_mut().select(1, 9);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(h.state().session().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    shows_progress(&mut h, "Saving large.ron");
    close_window(&mut h);
    h.step();
    h.get_by_label_contains("closes when the save has finished");
    assert!(!h.state().quitting());
    gate.wait();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert!(
        h.state().quitting(),
        "the window did not close after saving"
    );
    assert_eq!(span_count(&path), 5001);
}

#[test]
fn closing_during_an_export_cancels_it_then_asks_about_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough to export on a worker.
    let path = large_project(dir.path());
    let out = dir.path().join("spans.jsonl");
    let mut h = harness_with(
        Some(&path),
        ScriptedDialogs::new(vec![Some(out.clone())]),
        prefs(),
    );
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.state().busy());
    close_window(&mut h);
    h.run();
    h.get_by_label_contains("closes when the export has stopped");
    assert_eq!(h.state().modal(), None);
    gate.wait();
    wait_idle(&mut h);
    assert!(!out.exists(), "a cancelled export wrote {}", out.display());
    // The export has stopped; the unsaved tag is asked about before closing.
    assert_eq!(
        h.state().modal(),
        Some(&Modal::Unsaved(marginalia::ui::Then::Quit))
    );
    assert!(!h.state().quitting());
}

#[test]
fn the_recovery_write_of_a_large_project_runs_while_tagging_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_project(dir.path());
    let recovery = marginalia::store::recovery::recovery_path(&path);
    let mut h = harness_with(
        Some(&path),
        ScriptedDialogs::new(vec![]),
        prefs_autosaving(),
    );
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));
    h.state_mut().select(1, 9);
    h.run();
    h.key_press(Key::Num1);
    // While the write runs, its spinner keeps the window painting: step.
    h.run_steps(3);
    // The write is held on its worker: the status bar says so, no window
    // blocks, and tagging goes on.
    assert!(h.state().busy());
    h.get_by_label_contains("Writing the recovery file");
    assert_eq!(h.state().modal(), None);
    h.state_mut().select(21, 29);
    h.run_steps(2);
    h.key_press(Key::Num2);
    h.run_steps(2);
    assert_eq!(h.state().session().project().span_count(), 5002);
    h.state_mut().hold_workers(None);
    gate.wait();
    while h.state().busy() {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // It wrote the project as it was when it started; the second tag is
    // written next.
    assert_eq!(span_count(&recovery), 5001);
    h.step();
    wait_idle(&mut h);
    assert_eq!(span_count(&recovery), 5002);
    // Saving removes it, and no write still under way brings it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert_eq!(span_count(&path), 5002);
    assert!(!recovery.exists());
}

#[test]
fn menus_grey_out_what_cannot_be_done_and_check_what_is_switched_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC);

    // Nothing to undo yet: Edit > Undo is greyed out.
    h.get_by_label("Edit").click();
    h.run();
    assert!(
        h.get_by_label_contains("Undo")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        h.get_by_label_contains("Redo")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Edit").click();
    h.run();

    select_text(&mut h, "UNITED24");
    tag_as(&mut h, "Health");
    assert_eq!(
        spans_of(h.state().session().project(), DOC).len(),
        before.len() + 1
    );
    h.get_by_label("Edit").click();
    h.run();
    let undo = h.get_by_label_contains("Undo");
    assert!(!undo.accesskit_node().is_disabled());
    undo.click();
    h.run();
    assert_eq!(spans_of(h.state().session().project(), DOC), before);

    // View: snapping and dark mode are actions with check marks.
    for label in ["Snap Selection to Words", "Dark Mode"] {
        let toggled = |h: &mut Harness<'static, MarginaliaApp>| {
            h.get_by_label("View").click();
            h.run();
            h.get_by_role_and_label(Role::CheckBox, label)
                .accesskit_node()
                .toggled()
        };
        assert_eq!(toggled(&mut h), Some(Toggled::False), "{label} at start");
        // A click switches it and closes the menu.
        h.get_by_role_and_label(Role::CheckBox, label).click();
        h.run();
        assert_eq!(
            toggled(&mut h),
            Some(Toggled::True),
            "{label} after a click"
        );
        h.get_by_label("View").click();
        h.run();
    }
    assert!(h.state().prefs().snap_to_words);
    assert!(h.state().prefs().dark);
    assert_eq!(h.ctx.theme(), egui::Theme::Dark, "the window turned dark");
}

// ----- links and read-only files -----

#[test]
fn a_write_protected_project_opens_read_only_says_why_and_saves_only_elsewhere() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // `chmod 444`: the owner says "do not write this". The tests run as
    // root, whom the system would let write it anyway.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&path).unwrap();
    let copy = dir.path().join("copy 😀.ron");
    let dialogs = ScriptedDialogs::new(vec![Some(copy.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs_autosaving());

    let session = h.state().session();
    assert_eq!(
        session.read_only_reason(),
        Some(marginalia::session::open::ReadOnlyReason::WriteProtected)
    );
    let title = session.title();
    assert!(
        title.contains("(read-only)") && title.contains("write-protected"),
        "the title says read-only and why: {title}"
    );
    let (msg, _) = h.state().message().unwrap();
    assert!(
        msg.contains("read-only") && msg.contains("chmod u+w") && msg.contains("Save As"),
        "opening says why it is read-only and what to do: {msg}"
    );
    assert!(
        !store::lock::lock_path(&path).exists(),
        "a window that will not write the file takes no lock"
    );

    // Edits are refused; nothing is written, not even a recovery file.
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(!h.state().session().is_dirty());
    let (msg, is_error) = h.state().message().unwrap();
    assert!(is_error && msg.contains("read-only"), "{msg}");
    assert!(!store::recovery::recovery_path(&path).exists());

    // Save asks for another name; the copy is this window's file from then on.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert_eq!(dialogs.asked(), vec![DialogKind::SaveProjectAs]);
    assert_eq!(h.state().session().path(), Some(copy.as_path()));
    assert!(!h.state().session().is_read_only());
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert_eq!(span_count(&copy), span_count(&path) + 1);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the protected file changed"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert!(!store::backup_path(&path).exists());
}

#[test]
fn a_project_opened_through_a_link_is_saved_into_its_target_and_the_link_stays() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    let real = dir.path().join("data/example.ron");
    fs::copy(EXAMPLE, &real).unwrap();
    let link = dir.path().join("study.ron");
    std::os::unix::fs::symlink("data/example.ron", &link).unwrap();
    let saved_spans = span_count(&real);
    let mut h = harness_with(
        Some(&link),
        ScriptedDialogs::new(vec![]),
        prefs_autosaving(),
    );

    // The lock sits beside the real file, so a command given the real
    // path sees the window.
    assert!(dir.path().join("data/example.ron.lock").exists());
    assert!(!dir.path().join("study.ron.lock").exists());
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["tag", "data/example.ron", "--doc", DOC])
        .args(["--start", "0", "--end", "3", "--theme", "Health"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        !cli.status.success() && stderr.contains("is open in another Marginalia"),
        "{stderr}"
    );

    // Unsaved work goes to the recovery file beside the real file.
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(
        span_count(&dir.path().join("data/example.ron.recovery")),
        saved_spans + 1
    );
    assert!(!dir.path().join("study.ron.recovery").exists());

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("data/example.ron"));
    assert_eq!(span_count(&real), saved_spans + 1);
    assert_eq!(
        span_count(&dir.path().join("data/example.ron.bak")),
        saved_spans
    );
    assert!(!dir.path().join("study.ron.bak").exists());
    assert!(!dir.path().join("data/example.ron.recovery").exists());
    // The window keeps showing the path it was given.
    assert_eq!(h.state().session().path(), Some(link.as_path()));
    assert!(!h.state().session().changed_on_disk());
    drop(h);
    assert!(!dir.path().join("data/example.ron.lock").exists());

    // The real file's folder moves away: opening the link says so
    // plainly (rather than failing to make a lock beside nothing).
    fs::rename(dir.path().join("data"), dir.path().join("archive")).unwrap();
    let h = harness(&link);
    match h.state().modal() {
        Some(Modal::Error(m)) => assert!(
            m.contains("study.ron")
                && m.contains("symbolic link to")
                && m.contains("which does not exist"),
            "{m}"
        ),
        other => panic!("expected an error, got {other:?}"),
    }
    assert!(!dir.path().join("data").exists());
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

/// A project with one document and these themes (id, key), saved in `dir`.
fn project_with_keys(dir: &Path, keys: &[(&str, Option<char>)]) -> PathBuf {
    let themes = keys
        .iter()
        .enumerate()
        .map(|(i, &(id, key))| marginalia::model::Theme {
            id: id.into(),
            label: format!("Theme {id}"),
            color: marginalia::model::Color::rgb(i as u8, 0x80, 0x40),
            key,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        })
        .collect();
    let mut p = Project::new("Keys", themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new(
            "d",
            "D",
            "Grüße\u{a0}aus Köln 😀 and more words",
        )),
    }
    .apply(&mut p)
    .unwrap();
    let path = dir.join("keys.ron");
    store::save(&p, &path).unwrap();
    path
}

#[test]
fn every_theme_key_the_model_accepts_tags_in_the_window() {
    use marginalia::model::rules;
    let dir = tempfile::tempdir().unwrap();
    // One theme per key, letters alternating lower and upper case.
    let keys: Vec<char> = ('!'..='~')
        .filter(|&c| rules::key_is_typeable(c) && !c.is_ascii_uppercase())
        .filter(|&c| rules::reserved_by(c).is_none())
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    let ids: Vec<String> = (0..keys.len()).map(|i| format!("t{i}")).collect();
    let themes: Vec<(&str, Option<char>)> = ids
        .iter()
        .zip(&keys)
        .map(|(id, &k)| (id.as_str(), Some(k)))
        .collect();
    let path = project_with_keys(dir.path(), &themes);
    let mut h = harness(&path);
    for (id, key) in ids.iter().zip(&keys) {
        // The key a keyboard sends for it, whatever the case.
        let pressed = Key::from_name(&key.to_string()).expect("a key egui knows");
        h.state_mut().select(0, 5);
        h.run();
        h.key_press(pressed);
        h.run();
        assert!(
            spans_of(h.state().session().project(), "d")
                .iter()
                .any(|s| &s.theme == id && (s.start, s.end) == (0, 5)),
            "the key {key:?} ({pressed:?}) did not tag with its theme"
        );
    }
    assert_eq!(h.state().session().project().span_count(), keys.len());
}

#[test]
fn dead_theme_keys_from_an_old_file_do_nothing_and_new_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // As an older version could write it: `a` then `A` (one key), `n`
    // (Next Span) and `é` (no key of its own).
    let path = project_with_keys(
        dir.path(),
        &[
            ("first", Some('a')),
            ("second", Some('A')),
            ("next", Some('n')),
            ("accent", Some('é')),
        ],
    );
    let mut h = harness(&path);
    h.state_mut().select(0, 5);
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::A);
    h.run();
    let spans = spans_of(h.state().session().project(), "d");
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].theme, "first", "the first theme keeps the key");
    // `n` jumps between spans; it never tags with the theme "next".
    h.state_mut().select(6, 9);
    h.run();
    h.key_press(Key::N);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), "d").len(), 1);

    // The Help window lists only the key that works.
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Tag selection as Theme first").is_some());
    for dead in ["second", "next", "accent"] {
        assert!(
            h.query_by_label(&format!("Tag selection as Theme {dead}"))
                .is_none(),
            "{dead} listed"
        );
    }
    let close_rect = h.get_by_label("Close").rect();
    h.get_by_label("Close").click();
    h.run();
    assert!(
        h.query_by_label("Keyboard shortcuts").is_none(),
        "Help closed {close_rect:?} {:?}",
        h.ctx.content_rect()
    );

    // A new theme on `p` is refused, naming the clash.
    h.get_by_label("Add Theme…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .type_text("Peace");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .type_text("P");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    assert!(h.state().session().project().find_theme("Peace").is_none());
    let (message, error) = h.state().message().expect("a refusal");
    assert!(
        error && message.contains("taken by Previous Span"),
        "{message}"
    );
    assert!(
        h.query_all_by_label_contains("taken by Previous Span")
            .next()
            .is_some(),
        "the editor shows the refusal"
    );
    assert_eq!(h.state().session().project().themes().len(), 4);
}

#[test]
fn file_import_doccano_reads_utf16_offsets_so_spans_after_an_emoji_land_on_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // doccano counts UTF-16 units: "😀" is two of them, so "Trade" is 3..8
    // in the file and 2..7 in code points.
    let text = "😀 Trade\u{a0}talks";
    let export = dir.path().join("admin.jsonl");
    fs::write(
        &export,
        format!(
            "{}\n",
            serde_json::json!({"id": 7, "text": text, "label": [[3, 8, "Trade"], [9, 14, "ICT"]]})
        ),
    )
    .unwrap();
    let dialogs = ScriptedDialogs::new(vec![Some(export.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());
    let documents = h.state().session().project().documents().len();

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import doccano JSONL…").click();
    h.run();
    wait_idle(&mut h);

    assert_eq!(dialogs.asked(), vec![DialogKind::ImportDoccano]);
    let project = h.state().session().project();
    assert_eq!(project.documents().len(), documents + 1);
    let doc = project.documents().iter().find(|d| d.id == "7").unwrap();
    assert_eq!(doc.text().as_str(), text);
    let mut texts: Vec<&str> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| doc.span_text(s).unwrap())
        .collect();
    texts.sort();
    assert_eq!(texts, ["Trade", "talks"]);
}
