//! The window (egui/eframe). Everything here turns input into edits on
//! the model; nothing below this module knows egui exists.
//!
//! Each part of the window lives in its own file with its own state and a
//! `show` that draws it from a read-only session and pushes what the user
//! asks for onto one queue of commands (`app::command`); `app` holds the
//! session and carries the queue out once a frame.

pub mod actions;
mod agreement_view;
mod annotators;
pub mod app;
mod attributes;
mod bidi_label;
pub mod caret;
mod caret_layout;
mod codebook;
mod coding;
mod curation;
pub mod dialogs;
pub mod doc_view;
mod documents;
mod editing;
pub mod exchange;
mod file_dialog;
mod files;
mod find_bar;
mod findings;
pub mod fonts;
mod frame_stats;
mod fuzzy;
mod import_many;
mod line_layout;
mod menus;
pub mod messages;
pub mod modals;
mod no_document;
mod overwrite;
pub mod palette;
mod panels;
pub mod prefs;
pub mod session;
mod span_details;
mod span_list;
mod status;
mod suggestions;
mod tasks;
mod theme_editor;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;

pub use annotators::Showing;
pub use app::{AppOptions, MarginaliaApp};
pub use dialogs::{DialogKind, FileDialogs, NativeDialogs, ScriptedDialogs};
pub use modals::{Modal, Then};
pub use prefs::Prefs;
pub use tasks::BACKGROUND_ABOVE;

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
