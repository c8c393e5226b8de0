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

use std::ops::Bound;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use egui::Ui;

use crate::analysis::matching::{self, MatchError, Suggested};
use crate::formats::Progress;
use crate::model::{Document, Edit, Suggestion};
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

/// What the user asked for in the list.
pub(in crate::ui) enum SuggestionRequest {
    Go(Suggestion),
    Accept,
    Reject,
    AcceptTheme,
    Suggest,
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
    pub fn show(&mut self, ui: &mut Ui, session: &Session) -> Option<SuggestionRequest> {
        let doc = session.document()?;
        let has_rules = session
            .project()
            .themes()
            .iter()
            .any(|t| !t.rules.is_empty());
        if !has_rules && doc.suggestions().is_empty() {
            return None;
        }
        let themes = session.project().themes();
        let current = self.current.clone();
        self.refresh(session);
        let rows = match &self.rows {
            Some((_, rows, _)) => rows.as_slice(),
            None => &[],
        };
        let mut request = None;
        ui.separator();
        ui.heading(format!("Suggestions ({})", rows.len()));
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Suggest")
                .on_hover_text("Run the themes' rules over this document (F6)")
                .clicked()
            {
                request = Some(SuggestionRequest::Suggest);
            }
            let on = current
                .as_ref()
                .is_some_and(|c| rows.binary_search(c).is_ok());
            if ui
                .add_enabled(on, egui::Button::new("Accept"))
                .on_hover_text("Make the current suggestion a span (Ctrl+Enter)")
                .clicked()
            {
                request = Some(SuggestionRequest::Accept);
            }
            if ui
                .add_enabled(on, egui::Button::new("Reject"))
                .on_hover_text("Never propose it again (Ctrl+Delete)")
                .clicked()
            {
                request = Some(SuggestionRequest::Reject);
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
                request = Some(SuggestionRequest::AcceptTheme);
            }
        });
        if rows.is_empty() {
            ui.weak("None: F6 (Edit > Suggest) runs the rules.");
            return request;
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
                        request = Some(SuggestionRequest::Go(s.clone()));
                    }
                });
            }
        });
        self.shown_rows = shown_rows;
        request
    }
}

/// A suggestion's text on one line, cut short with "…" (as the span
/// list shows a span's).
fn passage(doc: &Document, s: &Suggestion, max: usize) -> String {
    super::span_list::snippet(doc.text().slice(s.start, s.end).unwrap_or_default(), max)
}

/// The themes' rules over the open document or every document; `quiet`:
/// run as a document opened.
struct RunRules {
    all: bool,
    quiet: bool,
    progress: Arc<Progress>,
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

impl MarginaliaApp {
    /// Edit → Suggest: runs the themes' rules over the open document (or
    /// every document), on the worker with progress when the text is
    /// large; what they propose is applied as one undoable edit.
    /// `quiet`: run as a document opens (says nothing when there is
    /// nothing to do).
    pub(in crate::ui) fn start_suggest(&mut self, all: bool, quiet: bool) {
        let project = self.session.project();
        let Some(doc) = self.session.document() else {
            if !quiet {
                self.info("Import a document first (File > Import…)");
            }
            return;
        };
        if project.themes().iter().all(|t| t.rules.is_empty()) {
            if !quiet {
                self.info(
                    "No theme has rules yet: add words, or a /regex/, to a theme's rules \
                     (edit the theme in the codebook), then Suggest again",
                );
            }
            return;
        }
        if self.session.is_read_only() {
            if !quiet {
                self.info("This project is open read-only: suggestions cannot be saved in it");
            }
            return;
        }
        let docs: Vec<String> = if all {
            Vec::new()
        } else {
            vec![doc.id.clone()]
        };
        let size: u64 = project
            .documents()
            .iter()
            .filter(|d| all || d.id == doc.id)
            .map(|d| d.text().as_str().len() as u64)
            .sum();
        let snapshot = self.session.snapshot();
        let progress = Arc::new(Progress::default());
        let job = RunRules {
            all,
            quiet,
            progress: Arc::clone(&progress),
        };
        self.run_job(job, size, move || {
            matching::suggest(&snapshot, &docs, &mut |done, total| {
                progress.total.store(total, Ordering::Relaxed);
                progress.done.store(done, Ordering::Relaxed);
                !progress.cancel.load(Ordering::Relaxed)
            })
        });
    }

    /// Takes in what the rules proposed: one undoable edit, and a word
    /// in the status bar.
    pub(in crate::ui) fn suggested(
        &mut self,
        all: bool,
        quiet: bool,
        result: Result<Suggested, MatchError>,
    ) {
        let found = match result {
            Ok(found) => found,
            Err(MatchError::Cancelled) => {
                self.info("Suggest stopped; nothing was changed");
                return;
            }
            Err(e) => {
                self.status.error(format!("Suggest: {e}"));
                return;
            }
        };
        let new: usize = found.documents.iter().map(|d| d.new.len()).sum();
        let withdrawn: usize = found.documents.iter().map(|d| d.withdrawn.len()).sum();
        if let Some(edit) = found.edit()
            && !self.apply(edit)
        {
            return;
        }
        let total = found.total();
        let place = if all {
            format!(
                " in {}",
                crate::model::plural(found.documents.len(), "document", "documents")
            )
        } else {
            String::new()
        };
        if total == 0 {
            if !quiet || withdrawn > 0 {
                self.info(format!(
                    "Suggest: the rules propose nothing{place}{}",
                    if withdrawn > 0 {
                        format!(" ({withdrawn} earlier suggestions withdrawn)")
                    } else {
                        String::new()
                    }
                ));
            }
            return;
        }
        if quiet && new == 0 && withdrawn == 0 {
            return;
        }
        let mut what = vec![format!("{new} new")];
        if withdrawn > 0 {
            what.push(format!("{withdrawn} withdrawn"));
        }
        self.info(format!(
            "Suggest: {total} {}{place} ({}). F8 goes to the next; Ctrl+Enter accepts, \
             Ctrl+Delete rejects",
            if total == 1 {
                "suggestion"
            } else {
                "suggestions"
            },
            what.join(", ")
        ));
    }

    /// Runs the rules for a document just opened, when Suggest on Open is
    /// on and nothing else is going on.
    pub(in crate::ui) fn suggest_on_open(&mut self) {
        if !self.suggestions.opened || self.modals.is_open() || self.worker.running() {
            return;
        }
        self.suggestions.opened = false;
        if self.prefs.suggest_on_open {
            self.start_suggest(false, true);
        }
    }

    /// Goes to the next (or previous) suggestion of the open document:
    /// after the current one, else after the caret.
    pub(in crate::ui) fn step_suggestion(&mut self, ctx: &egui::Context, forward: bool) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let set = doc.suggestions();
        if set.is_empty() {
            self.info("No suggestions here: Suggest (F6) runs the themes' rules");
            return;
        }
        let next = match (&self.suggestions.current, forward) {
            (Some(c), true) => set.range((Bound::Excluded(c), Bound::Unbounded)).next(),
            (Some(c), false) => set.range(..c).next_back(),
            (None, true) => {
                let at = self.view.cursor();
                set.iter().find(|s| s.start >= at)
            }
            (None, false) => {
                let at = self.view.cursor();
                set.iter().rev().find(|s| s.start < at)
            }
        };
        match next.cloned() {
            Some(s) => self.go_to_suggestion(ctx, s),
            None => self.info(if forward {
                "No more suggestions below"
            } else {
                "No more suggestions above"
            }),
        }
    }

    /// Makes `s` the current suggestion, selects its text and shows it.
    fn go_to_suggestion(&mut self, ctx: &egui::Context, s: Suggestion) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let n = doc.suggestions().range(..&s).count() + 1;
        let total = doc.suggestions().len();
        let label = self.theme_label(&s.theme);
        let msg = format!(
            "Suggestion {n} of {total}: ‘{}’ as {label}",
            passage(doc, &s, 40)
        );
        self.view.select(s.start, s.end);
        self.view.scroll_to(s.start);
        self.view.flash(ctx, s.start, s.end);
        self.select_span(None);
        self.suggestions.current = Some(s);
        self.info(msg);
    }

    fn theme_label(&self, id: &str) -> String {
        self.session
            .project()
            .theme(id)
            .map_or(id.to_owned(), |t| t.label.clone())
    }

    /// The current suggestion if it is still in the open document.
    /// The current suggestion with its passage (for the status line).
    fn current_with_passage(&mut self) -> Option<(String, Suggestion, String)> {
        let (doc, s) = self.current_suggestion()?;
        let text = self
            .session
            .document()
            .map(|d| passage(d, &s, 40))
            .unwrap_or_default();
        Some((doc, s, text))
    }

    fn current_suggestion(&mut self) -> Option<(String, Suggestion)> {
        let doc = self.session.document()?;
        match self.suggestions.current.clone() {
            Some(s) if doc.suggestions().contains(&s) => Some((doc.id.clone(), s)),
            _ => {
                self.info("No suggestion chosen: press F8 to go to the next one");
                None
            }
        }
    }

    /// After the current suggestion was accepted or rejected: the next
    /// one (else the one before) becomes current.
    fn after_review(&mut self, ctx: &egui::Context, done: &Suggestion) -> Option<Suggestion> {
        let doc = self.session.document()?;
        let set = doc.suggestions();
        let next = set
            .range((Bound::Excluded(done), Bound::Unbounded))
            .next()
            .or_else(|| set.range(..done).next_back())
            .cloned();
        match &next {
            Some(s) => {
                self.view.select(s.start, s.end);
                self.view.scroll_to(s.start);
                self.view.flash(ctx, s.start, s.end);
                self.suggestions.current = Some(s.clone());
            }
            None => {
                self.suggestions.current = None;
                self.view.select(done.end, done.end);
            }
        }
        next
    }

    /// How many suggestions the open document has left, in words.
    fn left(&self) -> String {
        match self.session.document().map_or(0, |d| d.suggestions().len()) {
            0 => "no suggestions left".into(),
            n => format!(
                "{} left",
                crate::model::plural(n, "suggestion", "suggestions")
            ),
        }
    }

    /// Accept Suggestion: the current suggestion becomes a span by the
    /// window's annotator (undoable); the next one becomes current.
    pub(in crate::ui) fn accept_suggestion(&mut self, ctx: &egui::Context) {
        let Some((doc, s, text)) = self.current_with_passage() else {
            return;
        };
        let edit = Edit::AcceptSuggestions {
            doc,
            suggestions: vec![s.clone()],
            annotator: self.prefs.annotator.clone(),
        };
        if self.apply(edit) {
            let label = self.theme_label(&s.theme);
            self.used_theme(&s.theme);
            self.after_review(ctx, &s);
            let left = self.left();
            self.info(format!("Accepted ‘{text}’ as {label} (now a span); {left}"));
        }
    }

    /// Reject Suggestion: the current suggestion is withdrawn and
    /// remembered, so the rules never propose it again (undoable).
    pub(in crate::ui) fn reject_suggestion(&mut self, ctx: &egui::Context) {
        let Some((doc, s, text)) = self.current_with_passage() else {
            return;
        };
        let edit = Edit::RejectSuggestions {
            doc,
            suggestions: vec![s.clone()],
        };
        if self.apply(edit) {
            let label = self.theme_label(&s.theme);
            self.after_review(ctx, &s);
            let left = self.left();
            self.info(format!(
                "Rejected ‘{text}’ as {label}; it will not be proposed again; {left}"
            ));
        }
    }

    /// Accept All of This Theme: every suggestion of the current one's
    /// theme in the open document becomes a span, in one undoable edit.
    pub(in crate::ui) fn accept_theme_suggestions(&mut self, ctx: &egui::Context) {
        let Some((doc, s)) = self.current_suggestion() else {
            return;
        };
        let Some(document) = self.session.document() else {
            return;
        };
        let all: Vec<Suggestion> = document
            .suggestions()
            .iter()
            .filter(|x| x.theme == s.theme)
            .cloned()
            .collect();
        let n = all.len();
        let edit = Edit::AcceptSuggestions {
            doc,
            suggestions: all,
            annotator: self.prefs.annotator.clone(),
        };
        if self.apply(edit) {
            let label = self.theme_label(&s.theme);
            self.used_theme(&s.theme);
            self.after_review(ctx, &s);
            let left = self.left();
            self.info(format!(
                "Accepted {} {label} {} in this document as {}; {left}",
                if n == 1 {
                    "the".to_owned()
                } else {
                    format!("all {n}")
                },
                crate::model::noun(n, "suggestion", "suggestions"),
                crate::model::noun(n, "a span", "spans")
            ));
        }
    }

    /// Carries out a request of the suggestions list.
    pub(in crate::ui) fn suggestion_request(
        &mut self,
        ctx: &egui::Context,
        request: SuggestionRequest,
    ) {
        match request {
            SuggestionRequest::Go(s) => self.go_to_suggestion(ctx, s),
            SuggestionRequest::Accept => self.accept_suggestion(ctx),
            SuggestionRequest::Reject => self.reject_suggestion(ctx),
            SuggestionRequest::AcceptTheme => self.accept_theme_suggestions(ctx),
            SuggestionRequest::Suggest => self.start_suggest(false, false),
        }
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
