//! Suggestions in the window: running the themes' rules
//! (Edit → Suggest, on every document or, switched on, as a document
//! opens) on the worker with progress, the list of the open document's
//! suggestions, and going through them by keyboard: next, previous,
//! accept (a span), reject (remembered, never proposed again) and accept
//! all of a theme. Every change is one undoable edit; the rules
//! themselves are `analysis::matching` (the CLI's `suggest` runs the same
//! function).
//!
//! The document view draws the suggestions apart from spans, as dashed
//! outlines in their theme's colour (`doc_view/paint.rs`).

use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};
use std::sync::Arc;

use egui::Ui;

use crate::analysis::matching::{MatchError, Suggested};
use crate::formats::Progress;
use crate::model::{Document, Suggestion};
use crate::session::Session;
use crate::ui::app::MarginaliaApp;
use crate::ui::jobs::job::{Cancel, Counting, Job, Running};
use crate::ui::style::theme_color;

/// The open document's suggestions in order, for a revision of the
/// session and a document.
type RowsKey = (u64, usize);

/// The suggestions list's state and the one being reviewed.
#[derive(Default)]
pub(in crate::ui) struct SuggestionsPanel {
    /// The suggestion being reviewed (Next/Previous Suggestion, or a
    /// click in the list): the target of Accept and Reject.
    current: Option<Suggestion>,
    /// The open document's suggestions in order, and the longest one's
    /// length (the view looks back that far for those on screen).
    rows: Option<(RowsKey, Vec<Suggestion>, usize)>,
    /// The current suggestion the list last scrolled to, and the rows
    /// shown last frame.
    followed: Option<Suggestion>,
    shown_rows: std::ops::Range<usize>,
    /// A document was opened: run the rules for it (when switched on).
    opened: bool,
}

impl SuggestionsPanel {
    /// Another document is on screen.
    pub fn document_changed(&mut self) {
        self.current = None;
        self.followed = None;
        self.opened = true;
    }

    /// Another project: revisions start again.
    pub fn reset(&mut self) {
        self.rows = None;
        self.current = None;
    }

    /// The suggestion being reviewed.
    pub fn current(&self) -> Option<&Suggestion> {
        self.current.as_ref()
    }

    /// Makes `s` the suggestion being reviewed (none: no longer any).
    pub fn review(&mut self, s: Option<Suggestion>) {
        self.current = s;
    }

    /// Whether a document was opened since the last call (the rules run
    /// for it when Suggest on Open is on).
    pub fn take_opened(&mut self) -> bool {
        std::mem::take(&mut self.opened)
    }

    /// Brings the list of the open document's suggestions up to date:
    /// rebuilt only after an edit or on another document, not every frame.
    pub fn refresh(&mut self, session: &Session) {
        let key = (session.revision(), session.current_index());
        if self.rows.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let rows: Vec<Suggestion> = session
                .document()
                .map(|d| d.suggestions().iter().cloned().collect())
                .unwrap_or_default();
            let longest = rows.iter().map(|s| s.end - s.start).max().unwrap_or(0);
            self.rows = Some((key, rows, longest));
        }
    }

    /// The open document's suggestions in order (as of the last
    /// [`refresh`](Self::refresh)) and the longest one's length in code
    /// points.
    pub fn rows(&self) -> (&[Suggestion], usize) {
        self.rows
            .as_ref()
            .map_or((&[][..], 0), |(_, r, l)| (r.as_slice(), *l))
    }

    /// The list (a section of the span panel): a line per suggestion with
    /// its theme and passage, the current one highlighted, and buttons
    /// for what the keys do.
    pub fn show(&mut self, ui: &mut Ui, session: &Session, out: &mut Commands) {
        let Some(doc) = session.document() else {
            return;
        };
        let has_rules = session
            .project()
            .themes()
            .iter()
            .any(|t| !t.rules.is_empty());
        if !has_rules && doc.suggestions().is_empty() {
            return;
        }
        let themes = session.project().themes();
        let current = self.current.clone();
        self.refresh(session);
        let rows = match &self.rows {
            Some((_, rows, _)) => rows.as_slice(),
            None => &[],
        };
        ui.separator();
        ui.heading(format!("Suggestions ({})", rows.len()));
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Suggest")
                .on_hover_text("Run the themes' rules over this document (F6)")
                .clicked()
            {
                out.push(Command::Run(Action::Suggest));
            }
            let on = current
                .as_ref()
                .is_some_and(|c| rows.binary_search(c).is_ok());
            if ui
                .add_enabled(on, egui::Button::new("Accept"))
                .on_hover_text("Make the current suggestion a span (Ctrl+Enter)")
                .clicked()
            {
                out.push(Command::Run(Action::AcceptSuggestion));
            }
            if ui
                .add_enabled(on, egui::Button::new("Reject"))
                .on_hover_text("Never propose it again (Ctrl+Delete)")
                .clicked()
            {
                out.push(Command::Run(Action::RejectSuggestion));
            }
            let theme = current
                .as_ref()
                .filter(|_| on)
                .and_then(|c| session.project().theme(&c.theme))
                .map_or("this theme".to_owned(), |t| t.label.clone());
            if ui
                .add_enabled(on, egui::Button::new(format!("Accept all {theme}")))
                .on_hover_text("Accept every suggestion of this theme here (Ctrl+Shift+Enter)")
                .clicked()
            {
                out.push(Command::Run(Action::AcceptThemeSuggestions));
            }
        });
        if rows.is_empty() {
            ui.weak("None: F6 (Edit > Suggest) runs the rules.");
            return;
        }
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        let mut area = egui::ScrollArea::vertical()
            .id_salt("suggestion-list")
            .max_height(6.0 * (row_h + ui.spacing().item_spacing.y))
            .auto_shrink([false, true]);
        if current != self.followed {
            self.followed = current.clone();
            if let Some(row) = current.as_ref().and_then(|c| rows.binary_search(c).ok())
                && !self.shown_rows.contains(&row)
            {
                let step = row_h + ui.spacing().item_spacing.y;
                area = area.vertical_scroll_offset((row as f32 - 1.0).max(0.0) * step);
            }
        }
        let mut shown_rows = 0..0;
        area.show_rows(ui, row_h, rows.len(), |ui, range| {
            shown_rows = range.clone();
            for s in &rows[range] {
                ui.horizontal(|ui| {
                    let theme = themes.iter().find(|t| t.id == s.theme);
                    if let Some(t) = theme {
                        ui.colored_label(theme_color(t), "◌");
                    }
                    ui.weak(theme.map_or(s.theme.as_str(), |t| t.label.as_str()));
                    let label = format!("{}..{} {}", s.start, s.end, passage(doc, s, 50));
                    if ui
                        .selectable_label(current.as_ref() == Some(s), label)
                        .clicked()
                    {
                        out.push(Command::GoToSuggestion(s.clone()));
                    }
                });
            }
        });
        self.shown_rows = shown_rows;
    }
}

/// A suggestion's text on one line, cut short with "…" (as the span
/// list shows a span's).
pub(in crate::ui) fn passage(doc: &Document, s: &Suggestion, max: usize) -> String {
    super::span_list::snippet(doc.text().slice(s.start, s.end).unwrap_or_default(), max)
}

/// The themes' rules over the open document or every document; `quiet`:
/// run as a document opened.
pub(in crate::ui) struct RunRules {
    pub(in crate::ui) all: bool,
    pub(in crate::ui) quiet: bool,
    pub(in crate::ui) progress: Arc<Progress>,
}

impl Running for RunRules {
    fn describe(&self) -> (String, Option<&std::path::Path>) {
        ("Running the rules".into(), None)
    }

    /// The rules stop at their next pass; nothing waits for them.
    fn cancel(&self) -> Cancel {
        Cancel::Drop
    }

    fn progress(&self) -> Option<Counting> {
        Some(Counting {
            what: "Rules".to_owned(),
            unit: "passes",
            progress: Arc::clone(&self.progress),
        })
    }
}

impl Job for RunRules {
    type Output = Result<Suggested, MatchError>;

    fn finish(self, app: &mut MarginaliaApp, result: Self::Output) {
        app.suggested(self.all, self.quiet, result);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passage_is_one_line_cut_short_in_code_points() {
        let doc = Document::new("d", "D", "x Ко\nмпания\u{a0}🚀 grows fast");
        let s = Suggestion::new(2, 17, "t");
        assert_eq!(passage(&doc, &s, 10), "Ко мпания …");
        assert_eq!(passage(&doc, &Suggestion::new(12, 13, "t"), 10), "🚀");
    }
}
