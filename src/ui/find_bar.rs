//! The find bar: the query, its matches in the current document, and the
//! match the user stepped to. A large document is searched on a worker
//! thread once typing pauses, so no frame waits for it.

use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use egui::Ui;

use super::session::Session;

/// Documents larger than this (bytes) are searched once typing pauses.
const FIND_PAUSE_ABOVE: usize = 1_000_000;
/// How long typing must pause.
const FIND_TYPING_PAUSE: Duration = Duration::from_millis(150);

/// Which search a set of matches answers: (document id, query).
type SearchKey = (String, String);
/// The matches a worker thread sends back.
type Found = Receiver<Vec<(usize, usize)>>;

/// What the find bar asks the window to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindRequest {
    /// Step to the next (or previous) match.
    Step { forward: bool },
}

/// Where a step landed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stepped {
    /// Select and show this match.
    Match(usize, usize),
    /// Nothing matches the query (say so).
    NoMatch(String),
    /// The query is empty.
    Nothing,
}

/// The find bar's state.
#[derive(Default)]
pub struct FindBar {
    open: bool,
    query: String,
    matches: Vec<(usize, usize)>,
    current: Option<usize>,
    key: Option<SearchKey>,
    focus: bool,
    /// When the query was last typed in, to wait for a pause in typing
    /// before searching a large document.
    typed_at: Option<Instant>,
    /// A search of a large document running on a worker thread, for a key.
    searching: Option<(SearchKey, Found)>,
}

impl FindBar {
    /// Whether the bar is shown.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows the bar and puts the cursor in its field.
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    pub fn close(&mut self) {
        self.open = false;
    }

    /// The matches of the query in the current document.
    pub fn matches(&self) -> &[(usize, usize)] {
        &self.matches
    }

    /// The match stepped to last, if any.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// Whether a search runs on a worker thread.
    pub fn searching(&self) -> bool {
        self.searching.is_some()
    }

    /// The text changed (an edit, undo, another document): search again.
    pub fn invalidate(&mut self) {
        self.key = None;
    }

    /// Another document or project: drop a search still running.
    pub fn reset(&mut self) {
        self.key = None;
        self.searching = None;
    }

    /// Brings the matches up to date with the query. In a large document
    /// (a search takes tens of milliseconds at 10 MB) it waits until
    /// typing pauses, then searches on a worker thread so that no frame
    /// waits for it; `now` (Enter, F3) waits for the result instead.
    pub fn refresh(&mut self, ctx: &egui::Context, session: &Session, now: bool) {
        let Some(doc) = session.document() else {
            self.matches.clear();
            return;
        };
        let key = (doc.id.clone(), self.query.clone());
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let large = doc.text().as_str().len() > FIND_PAUSE_ABOVE;
        let found = if !large {
            Some(doc.text().find_all(&self.query))
        } else {
            let rx = match &self.searching {
                Some((k, rx)) if *k == key => rx,
                _ => {
                    if !now
                        && self
                            .typed_at
                            .is_some_and(|t| t.elapsed() < FIND_TYPING_PAUSE)
                    {
                        return;
                    }
                    let (tx, rx) = channel();
                    let (project, index) = (session.snapshot(), session.current_index());
                    let (query, ctx) = (self.query.clone(), ctx.clone());
                    std::thread::spawn(move || {
                        let found = project
                            .documents()
                            .get(index)
                            .map(|d| d.text().find_all(&query))
                            .unwrap_or_default();
                        let _ = tx.send(found);
                        ctx.request_repaint();
                    });
                    &self.searching.insert((key.clone(), rx)).1
                }
            };
            if now {
                rx.recv().ok()
            } else {
                rx.try_recv().ok()
            }
        };
        if let Some(matches) = found {
            // Tagging a match searches again (the project changed); the
            // same matches keep the one stepped to, so Enter goes on.
            if matches != self.matches {
                self.current = None;
            }
            self.matches = matches;
            self.key = Some(key);
            self.searching = None;
        }
    }

    /// Steps to the next (or previous) match from `cursor`, waiting for
    /// the search if it still runs.
    pub fn step(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        cursor: usize,
        forward: bool,
    ) -> Stepped {
        self.typed_at = None;
        self.refresh(ctx, session, true);
        let n = self.matches.len();
        if n == 0 {
            return if self.query.is_empty() {
                Stepped::Nothing
            } else {
                Stepped::NoMatch(format!("No match for “{}”", self.query))
            };
        }
        let i = match (self.current, forward) {
            (None, true) => self.matches.iter().position(|m| m.0 >= cursor).unwrap_or(0),
            (None, false) => self
                .matches
                .iter()
                .rposition(|m| m.0 < cursor)
                .unwrap_or(n - 1),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.current = Some(i);
        let (a, b) = self.matches[i];
        Stepped::Match(a, b)
    }

    /// The bar (when open), above the document.
    pub fn show(&mut self, ui: &mut Ui, session: &Session) -> Option<FindRequest> {
        if !self.open {
            return None;
        }
        let mut request = None;
        egui::Panel::top("find").show(ui, |ui| {
            ui.horizontal(|ui| {
                let ctx = ui.ctx().clone();
                let label = ui.label("Find");
                let field = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.query)
                            .hint_text("Find in document")
                            .desired_width(260.0),
                    )
                    .labelled_by(label.id);
                if field.changed() {
                    self.typed_at = Some(Instant::now());
                    ctx.request_repaint_after(Duration::from_millis(160));
                }
                if std::mem::take(&mut self.focus) {
                    field.request_focus();
                }
                if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    // Shift+Enter steps back (the shift of the key press).
                    let back = ui.input(|i| {
                        i.modifiers.shift
                            || i.events.iter().any(|e| {
                                matches!(e, egui::Event::Key { key: egui::Key::Enter, pressed: true, modifiers, .. } if modifiers.shift)
                            })
                    });
                    request = Some(FindRequest::Step { forward: !back });
                    field.request_focus();
                }
                if ui.button("Previous").clicked() {
                    request = Some(FindRequest::Step { forward: false });
                }
                if ui.button("Next").clicked() {
                    request = Some(FindRequest::Step { forward: true });
                }
                self.refresh(&ctx, session, false);
                let n = self.matches.len();
                match self.current {
                    Some(i) if n > 0 => ui.label(format!("{} of {n} matches", i + 1)),
                    _ => ui.label(format!("{n} matches")),
                };
                if ui.button("Close").clicked() {
                    self.open = false;
                }
            });
        });
        request
    }
}
