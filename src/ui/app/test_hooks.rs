//! What only tests ask of the window: its state read back (the session,
//! the selection, the caret, what was painted, the open modal, the
//! Curation view's place) and a few levers (select a range, hold the
//! workers, panic on the next frame). Built only with the `test-hooks`
//! feature, which `tests/` and `benches/` turn on through the crate's
//! dev-dependency on itself; the app's real API is what is left outside
//! this file.

use crate::model::{Span, Suggestion};
use crate::session::Session;
use crate::ui::app::MarginaliaApp;
use crate::ui::app::messages::MessageLog;
use crate::ui::app::modals::Modal;
use crate::ui::app::prefs::Prefs;
use crate::ui::document::doc_view::DocView;
use crate::ui::sidebar::annotators::Showing;

impl MarginaliaApp {
    /// The interface's scale (1.0: actual size).
    pub fn zoom_factor(&self) -> f32 {
        self.prefs.zoom
    }

    /// Whether system fonts are still being looked up (their characters
    /// drawn as boxes until they are found).
    pub fn fonts_busy(&self) -> bool {
        self.system_fonts.as_ref().is_some_and(|f| f.busy())
    }

    /// The open project and its history.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The selected text range in code points, if any.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.view.selection()
    }

    /// Selects a range of the current document (as a drag would).
    pub fn select(&mut self, start: usize, end: usize) {
        self.view.select(start, end);
    }

    /// Where the caret is (code points).
    pub fn caret(&self) -> usize {
        self.view.cursor()
    }

    /// The code points the document view shows (first and last visible
    /// line), as of the last frame.
    pub fn visible_range(&self) -> (usize, usize) {
        self.view.visible_range()
    }

    /// Whether the Memos view is open, and the id of the memo in its
    /// editor.
    pub fn memos_view(&self) -> (bool, Option<&str>) {
        (self.memos.is_open(), self.memos.chosen())
    }

    /// The selected span, if any.
    pub fn selected_span(&self) -> Option<&Span> {
        self.selected.as_ref()
    }

    /// The last message shown in the status bar, and whether it is an error.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.status.message()
    }

    /// Whether the window's own file dialog is open.
    pub fn builtin_dialog_open(&self) -> bool {
        self.builtin_dialog.is_some()
    }

    /// The open modal window, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modals.current()
    }

    /// The preferences as they would be stored.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Whether the window has been told to close (after the unsaved
    /// prompt, or once a running save ends).
    pub fn quitting(&self) -> bool {
        self.allow_close
    }

    /// The document view (its selection and where offsets are on screen).
    pub fn view(&self) -> &DocView {
        &self.view
    }

    /// Whose spans the document view and the span list show.
    pub fn showing(&self) -> Showing {
        self.annotators.showing()
    }

    /// The spans whose underlines the document view painted in the last
    /// frame, with their lane and where each underline is (one entry per
    /// wrapped row a span covers).
    pub fn painted_spans(&self) -> Vec<(Span, usize, egui::Rect)> {
        let Some(doc) = self.session.document() else {
            return Vec::new();
        };
        let spans = doc.spans().spans();
        self.view
            .painted()
            .iter()
            .filter_map(|p| Some((spans.get(p.index)?.clone(), p.lane, p.rect)))
            .collect()
    }

    /// Whether the Agreement window is open.
    pub fn agreement_open(&self) -> bool {
        self.agreement.is_open()
    }

    /// The Curation view's progress, `(resolved, disagreements)`, when it
    /// is open and has computed them.
    pub fn curation_progress(&self) -> Option<(usize, usize)> {
        self.curation
            .is_open()
            .then(|| self.curation.progress())
            .flatten()
    }

    /// The Curation view's current disagreement (start, end, theme).
    pub fn curation_current(&self) -> Option<(usize, usize, String)> {
        self.curation
            .is_open()
            .then(|| self.curation.current())
            .flatten()
    }

    /// Adjusts the bounds of the current disagreement in the Curation view
    /// (what typing into its Start and End fields does).
    pub fn curation_adjust(&mut self, start: usize, end: usize) {
        self.curation.set_adjust(start, end);
    }

    /// The find bar's matches.
    pub fn find_matches(&self) -> &[(usize, usize)] {
        self.find.matches()
    }

    /// Makes the next frame panic, as a bug would (for tests of crash
    /// recovery).
    pub fn panic_next_frame(&mut self) {
        self.panic_next_frame = true;
    }

    /// Every line the command palette holds for its query, also those
    /// scrolled out of sight (the rows in sight are read through the
    /// palette's list box, as a screen reader reads them).
    pub fn palette_lines(&self) -> Option<Vec<String>> {
        self.palette.is_open().then(|| self.palette.shown())
    }

    /// The open document's suggestions (tests).
    pub fn suggestions(&self) -> Vec<Suggestion> {
        self.session
            .document()
            .map(|d| d.suggestions().iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The suggestion being reviewed (tests).
    pub fn current_suggestion_shown(&self) -> Option<&Suggestion> {
        self.suggestions.current()
    }

    /// The dashed outlines the document view drew last frame: each
    /// suggestion with a rectangle it covers (one per row).
    pub fn painted_suggestions(&self) -> Vec<(Suggestion, egui::Rect)> {
        let (rows, _) = self.suggestions.rows();
        self.view
            .painted_suggestions()
            .iter()
            .filter_map(|&(i, r)| Some((rows.get(i)?.clone(), r)))
            .collect()
    }

    /// The recent messages (View → Messages) and the report window.
    pub fn message_log(&self) -> &MessageLog {
        self.status.log()
    }

    /// Whether anything runs on a worker thread (an open, save, recovery
    /// write, import, export, or a search of a large document).
    pub fn busy(&self) -> bool {
        self.worker.running() || self.find.searching() || self.agreement.computing()
    }

    /// Makes every worker wait at `gate` before it starts (tests of what
    /// the window does meanwhile).
    pub fn hold_workers(&mut self, gate: Option<std::sync::Arc<std::sync::Barrier>>) {
        self.worker.hold(gate);
    }

    /// The arc labels and jump markers the document view painted in the
    /// last frame: the relation, where its label is, whether it is a jump
    /// marker to an end off screen.
    pub fn painted_arcs(&self) -> Vec<(crate::model::Relation, egui::Rect, bool)> {
        self.view
            .painted_arcs()
            .iter()
            .map(|a| (a.relation.clone(), a.label, a.far))
            .collect()
    }

    /// The relation shown in the relation details.
    pub fn selected_relation(&self) -> Option<&crate::model::Relation> {
        self.selected_relation.as_ref()
    }

    /// The span a relation being made starts from, if one is being made.
    pub fn relation_source(&self) -> Option<&Span> {
        self.relating.as_ref().map(|r| &r.source)
    }
}
