//! The app's side of suggestions: running the themes' rules (Edit →
//! Suggest, or as a document opens) as a job, taking in what they
//! propose, and reviewing them by keyboard: next, previous, accept,
//! reject, accept all of a theme. Every change is one undoable edit. The
//! list in the right panel is `ui::spans::suggestions`.

use std::ops::Bound;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::analysis::matching::{self, MatchError, Suggested};
use crate::formats::Progress;
use crate::model::{Edit, Suggestion};
use crate::ui::app::MarginaliaApp;
use crate::ui::app::command::{Command, StartJob};
use crate::ui::spans::suggestions::{RunRules, passage};

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
        let compute = move || {
            matching::suggest(&snapshot, &docs, &mut |done, total| {
                progress.total.store(total, Ordering::Relaxed);
                progress.done.store(done, Ordering::Relaxed);
                !progress.cancel.load(Ordering::Relaxed)
            })
        };
        let job = StartJob::new(job, size, compute);
        self.commands.push(Command::StartJob(job));
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
        if self.modals.is_open() || self.worker.running() || !self.suggestions.take_opened() {
            return;
        }
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
        let next = match (self.suggestions.current(), forward) {
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
    pub(in crate::ui) fn go_to_suggestion(&mut self, ctx: &egui::Context, s: Suggestion) {
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
        self.suggestions.review(Some(s));
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
        match self.suggestions.current().cloned() {
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
                self.suggestions.review(Some(s.clone()));
            }
            None => {
                self.suggestions.review(None);
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
        self.review_suggestion(ctx, true);
    }

    /// Reject Suggestion: the current suggestion is withdrawn and
    /// remembered, so the rules never propose it again (undoable).
    pub(in crate::ui) fn reject_suggestion(&mut self, ctx: &egui::Context) {
        self.review_suggestion(ctx, false);
    }

    /// Accepts or rejects the current suggestion as one undoable edit, then
    /// moves on to the next and says what happened.
    fn review_suggestion(&mut self, ctx: &egui::Context, accept: bool) {
        let Some((doc, s, text)) = self.current_with_passage() else {
            return;
        };
        let suggestions = vec![s.clone()];
        let edit = if accept {
            Edit::AcceptSuggestions {
                doc,
                suggestions,
                annotator: self.prefs.annotator.clone(),
            }
        } else {
            Edit::RejectSuggestions { doc, suggestions }
        };
        if !self.apply(edit) {
            return;
        }
        let label = self.theme_label(&s.theme);
        if accept {
            self.used_theme(&s.theme);
        }
        self.after_review(ctx, &s);
        let left = self.left();
        self.info(if accept {
            format!("Accepted ‘{text}’ as {label} (now a span); {left}")
        } else {
            format!("Rejected ‘{text}’ as {label}; it will not be proposed again; {left}")
        });
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
}
