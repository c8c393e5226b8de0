//! The window (egui/eframe). Everything here turns input into edits on
//! the model; nothing below this module knows egui exists.
//!
//! The folders follow the window: `app` is the shell (the frame loop,
//! actions, menus, palette, modal windows, status bar, messages,
//! preferences, and what the actions do), `document` the text in the
//! middle (view, line layout, caret, fonts, find bar), `sidebar` the left
//! panel (documents, codebook, attributes, theme editor, annotators),
//! `spans` the right panel (span list, span details, suggestions), `views`
//! the project-wide views (Segments, Analysis, report, Agreement,
//! Curation), `jobs` the background work and its worker, and `io` files in
//! and out (dialogs, open and save, import and export); `style` holds the
//! window's colours. Each part keeps its own state and has a `show` that
//! draws it from a read-only session and pushes what the user asks for
//! onto one queue of commands (`app::command`); `app` holds the session
//! (`crate::session::Session`) and carries the queue out once a frame.

pub mod app;
pub mod document;
pub mod io;
pub(crate) mod jobs;
pub(crate) mod sidebar;
pub(crate) mod spans;
pub(crate) mod style;
pub(crate) mod views;

use std::path::PathBuf;
use std::sync::Arc;

pub use app::modals::{Modal, Then};
pub use app::prefs::Prefs;
pub use app::{AppOptions, MarginaliaApp};
pub use document::fonts;
pub use io::dialogs::{DialogKind, FileDialogs, NativeDialogs, ScriptedDialogs};
pub use jobs::tasks::BACKGROUND_ABOVE;
pub use sidebar::annotators::Showing;

/// Opens the window on `project` and runs until it is closed.
pub fn run(project: Option<PathBuf>) -> Result<(), String> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Marginalia")
        .with_inner_size([1280.0, 820.0])
        .with_min_inner_size([640.0, 400.0])
        .with_app_id("marginalia");
    // The mark from assets/icons (tests/icons.rs checks it decodes); the
    // app id matches the installed marginalia.desktop, whose icon desktops
    // prefer. A window without an icon still works, so a bad PNG is skipped.
    let icon = include_bytes!("../../assets/icons/hicolor/256x256/apps/marginalia.png");
    if let Ok(icon) = eframe::icon_data::from_png_bytes(icon) {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        // The window adds its own system font provider (ui::fonts), also in tests.
        system_font_fallback: false,
        viewport,
        ..Default::default()
    };
    eframe::run_native(
        "Marginalia",
        options,
        Box::new(move |cc| {
            let app = MarginaliaApp::from_creation_context(
                cc,
                AppOptions {
                    project,
                    prefs: Prefs::default(),
                    dialogs: Arc::new(NativeDialogs),
                    system_fonts: true,
                },
            );
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}
