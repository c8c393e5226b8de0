//! What the document area shows before the project has a document: how to
//! import one. The lists of what can be imported come from the format
//! tables (`formats::Format` and the document readers' extensions) and the
//! shortcuts from the action table, so the hint cannot fall behind them.

use egui::Ui;

use crate::formats::{self, Format};
use crate::ui::app::actions::{self, Action, info};

/// The hint, in one paragraph.
pub fn hint(ctx: &egui::Context) -> String {
    let documents: Vec<String> = std::iter::once("txt")
        .chain(formats::documents::EXTENSIONS)
        .map(|e| format!(".{e}"))
        .collect();
    let spans = Format::names(|f| f.imports() && f != Format::Text);
    let action = |a: Action| {
        let label = info(a).label;
        match actions::shortcut_text(ctx, a) {
            s if s.is_empty() => format!("File > {label}"),
            s => format!("File > {label} ({s})"),
        }
    };
    format!(
        "Import documents ({}) or labelled spans ({spans}) with {}, a whole folder with {}, \
         or drop files and folders on the window.",
        documents.join(", "),
        action(Action::Import),
        action(Action::ImportFolder),
    )
}

/// Draws the heading and the hint, centred.
pub fn show(ui: &mut Ui) {
    ui.vertical_centered(|ui| {
        ui.add_space(80.0);
        ui.heading("No document yet");
        ui.label(hint(ui.ctx()));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_names_every_importable_format_and_document_kind() {
        let hint = hint(&egui::Context::default());
        for f in Format::ALL.into_iter().filter(|f| f.imports()) {
            if f != Format::Text {
                assert!(hint.contains(f.name()), "{} missing: {hint}", f.name());
            }
        }
        for e in formats::documents::EXTENSIONS.iter().chain(&["txt"]) {
            assert!(hint.contains(&format!(".{e}")), ".{e} missing: {hint}");
        }
        assert!(hint.contains("File > Import…"), "{hint}");
        assert!(hint.contains("File > Import Folder…"), "{hint}");
    }
}
