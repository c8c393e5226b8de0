//! The window (egui/eframe). Everything here turns input into edits on
//! the model; nothing below this module knows egui exists.
//!
//! Each part of the window lives in its own file with its own state and a
//! `show` that hands back requests (menus, find bar, codebook, span list,
//! span details, theme editor, modal windows, status bar, worker); `app`
//! holds the session and carries the requests out.

pub mod actions;
pub mod app;
mod codebook;
pub mod dialogs;
pub mod doc_view;
mod editing;
pub mod exchange;
mod files;
mod find_bar;
pub mod fonts;
mod frame_stats;
mod menus;
pub mod modals;
pub mod prefs;
pub mod session;
mod span_details;
mod span_list;
mod status;
mod tasks;
mod theme_editor;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;

pub use app::{AppOptions, MarginaliaApp};
pub use dialogs::{DialogKind, FileDialogs, NativeDialogs, ScriptedDialogs};
pub use modals::{Modal, Then};
pub use prefs::Prefs;
pub use tasks::BACKGROUND_ABOVE;

/// Opens the window on `project` and runs until it is closed.
pub fn run(project: Option<PathBuf>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([640.0, 400.0])
            .with_app_id("marginalia"),
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
