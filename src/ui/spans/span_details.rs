//! The selected span: its theme, text, annotator and note, with the
//! controls to retag it, save its note or delete it.

use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};
use egui::{RichText, Ui};

use crate::model::Span;
use crate::session::Session;
use crate::ui::style::theme_color;

/// The note being written, for the span it was started on.
#[derive(Default)]
pub struct SpanDetails {
    draft: String,
    /// The span the draft belongs to: another selection starts a new draft.
    draft_of: Option<Span>,
}

impl SpanDetails {
    /// The details of `selected` (or a hint when nothing is selected).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        selected: Option<&Span>,
        out: &mut Commands,
    ) {
        if self.draft_of.as_ref() != selected {
            self.draft = selected.map(|s| s.note.clone()).unwrap_or_default();
            self.draft_of = selected.cloned();
        }
        let (Some(span), Some(doc)) = (selected, session.document()) else {
            ui.weak("Click a span to see it here. Select text and press a theme's key (or click the theme) to tag it.");
            return;
        };
        let text = doc.span_text(span).unwrap_or_default();
        let themes = session.project().themes();
        let theme = themes.iter().find(|t| t.id == span.theme);
        ui.horizontal(|ui| {
            if let Some(t) = theme {
                ui.colored_label(theme_color(t), "■");
                ui.strong(&t.label);
            }
            ui.weak(format!(
                "{}..{} · {}",
                span.start,
                span.end,
                crate::model::plural(span.len(), "code point", "code points")
            ));
        });
        ui.weak(format!(
            "by {}",
            if span.annotator.is_empty() {
                "unknown"
            } else {
                &span.annotator
            }
        ));
        egui::ScrollArea::vertical()
            .id_salt("span-text")
            .max_height(140.0)
            .show(ui, |ui| {
                ui.label(RichText::new(text).italics());
            });
        let mut new_theme = span.theme.clone();
        egui::ComboBox::from_label("Theme")
            .selected_text(theme.map_or(span.theme.as_str(), |t| t.label.as_str()))
            .show_ui(ui, |ui| {
                for t in themes {
                    ui.selectable_value(&mut new_theme, t.id.clone(), &t.label);
                }
            });
        if new_theme != span.theme {
            out.push(Command::Retag(new_theme));
        }
        let label = ui.label("Note");
        let note = ui
            .add(
                egui::TextEdit::multiline(&mut self.draft)
                    .hint_text("Write a note on this span")
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        let note_changed = self.draft != span.note;
        ui.horizontal(|ui| {
            let save_clicked = ui
                .add_enabled(note_changed, egui::Button::new("Save Note"))
                .clicked();
            if note_changed && (save_clicked || note.lost_focus()) {
                out.push(Command::SaveNote(self.draft.clone()));
            }
            if ui.button("Delete Span").clicked() {
                out.push(Command::Run(Action::DeleteSpan));
            }
            if ui.button("Relate To…").clicked() {
                out.push(Command::StartRelation);
            }
        });
        crate::ui::views::memos::markers::span_memos(ui, session, &doc.id, span.into(), out);
    }
}
