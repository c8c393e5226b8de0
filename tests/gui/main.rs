//! The window, driven headless with egui_kittest: the stories a user would
//! tell. No display or GPU is needed.
//!
//! This file holds only what the stories share (the harness on a project,
//! the example project, helpers that select, tag, drag and wait as a user
//! does) and a `mod` line per feature. A new story goes in the file of its
//! feature, or in a new file named by the feature with its `mod` line here.

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
mod find;
mod import_folder;
mod keyboard;
mod large_projects;
mod memos;
mod menus;
mod messages;
mod never_losing_work;
mod new_user;
mod open_import_export;
mod overwrite;
mod relations;
mod report_and_pdf;
mod segments_passage;
mod suggest;
mod tagging;
mod team_view;
mod theme_form;
mod themes;
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

// ----- saving, autosaving and recovery -----

fn prefs_autosaving() -> Prefs {
    Prefs {
        autosave_secs: 0,
        ..prefs()
    }
}

fn span_count(path: &Path) -> usize {
    store::load(path).unwrap().span_count()
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
