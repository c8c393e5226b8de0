//! The find bar: the query, its matches in the current document, and the
//! match the user stepped to. A large document is searched on a worker
//! thread once typing pauses, so no frame waits for it.

use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use egui::Ui;

use crate::analysis::matching::{Matcher, Query};
use crate::model::Project;
use crate::session::Session;

/// Documents larger than this (bytes) are searched once typing pauses.
const FIND_PAUSE_ABOVE: usize = 1_000_000;
/// How long typing must pause.
const FIND_TYPING_PAUSE: Duration = Duration::from_millis(150);

/// Which search a set of matches answers: (document id, query, options).
type SearchKey = (String, String, Options);
/// What a search finds: the matches in the document, and how many there
/// are in all documents; or why the query cannot be searched.
type Outcome = Result<(Vec<(usize, usize)>, usize), String>;
/// The matches a worker thread sends back.
type Found = Receiver<Outcome>;

/// How the query matches (the same options as `marginalia tag-all`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    pub whole_word: bool,
    pub match_case: bool,
    pub regex: bool,
}

impl Options {
    /// The engine's query for `text` with these options.
    pub fn query(self, text: &str) -> Query {
        let q = if self.regex {
            Query::regex(text)
        } else {
            Query::text(text)
        };
        q.case_sensitive(self.match_case)
            .whole_word(self.whole_word)
    }
}

/// Searches document `index` of `project` for `text`, and counts the
/// matches in every document.
fn search(project: &Project, index: usize, text: &str, options: Options) -> Outcome {
    if text.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let matcher = Matcher::new(&options.query(text)).map_err(|e| e.to_string())?;
    let here = project
        .documents()
        .get(index)
        .map(|d| {
            matcher
                .find_all(d.text())
                .into_iter()
                .map(|r| (r.start, r.end))
                .collect()
        })
        .unwrap_or_default();
    let all = project
        .documents()
        .iter()
        .map(|d| matcher.count(d.text()))
        .sum();
    Ok((here, all))
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
    options: Options,
    /// Matches in all documents.
    total: usize,
    /// Why the query cannot be searched (an invalid regex).
    problem: Option<String>,
    /// The theme Tag All uses, and whether it tags all documents.
    tag_theme: Option<String>,
    tag_everywhere: bool,
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

    /// The query and its options, as the matching engine takes them.
    pub fn query(&self) -> Option<Query> {
        (!self.query.is_empty()).then(|| self.options.query(&self.query))
    }

    /// The match stepped to last, if any.
    pub fn current(&self) -> Option<usize> {
        self.current
    }

    /// Whether a search runs on a worker thread.
    #[cfg(any(test, feature = "test-hooks"))]
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
        let key = (doc.id.clone(), self.query.clone(), self.options);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let large = session
            .project()
            .documents()
            .iter()
            .map(|d| d.text().as_str().len())
            .sum::<usize>()
            > FIND_PAUSE_ABOVE;
        let found = if !large {
            Some(search(
                session.project(),
                session.current_index(),
                &self.query,
                self.options,
            ))
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
                    let (query, ctx, options) = (self.query.clone(), ctx.clone(), self.options);
                    std::thread::spawn(move || {
                        let found = search(&project, index, &query, options);
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
        if let Some(found) = found {
            let (matches, total) = found.unwrap_or_else(|e| {
                self.problem = Some(e);
                (Vec::new(), 0)
            });
            if self.problem.is_some() && !matches.is_empty() {
                self.problem = None;
            }
            // Tagging a match searches again (the project changed); the
            // same matches keep the one stepped to, so Enter goes on.
            if matches != self.matches {
                self.current = None;
            }
            self.matches = matches;
            self.total = total;
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
    pub fn show(&mut self, ui: &mut Ui, session: &Session, out: &mut Commands) {
        let before = self.options;
        if !self.open {
            return;
        }
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
                    out.push(Command::Run(if back {
                        Action::FindPrevious
                    } else {
                        Action::FindNext
                    }));
                    field.request_focus();
                }
                if ui.button("Previous").clicked() {
                    out.push(Command::Run(Action::FindPrevious));
                }
                if ui.button("Next").clicked() {
                    out.push(Command::Run(Action::FindNext));
                }
                ui.toggle_value(&mut self.options.whole_word, "Whole word")
                    .on_hover_text("Matches start and end at word boundaries");
                ui.toggle_value(&mut self.options.match_case, "Match case")
                    .on_hover_text("Upper and lower case differ");
                ui.toggle_value(&mut self.options.regex, "Regex")
                    .on_hover_text("The query is a regular expression (Rust regex syntax)");
                if self.options != before {
                    self.key = None;
                    self.problem = None;
                }
                self.refresh(&ctx, session, false);
                let n = self.matches.len();
                let everywhere = if session.project().documents().len() > 1 {
                    format!(", {} in all documents", self.total)
                } else {
                    String::new()
                };
                match self.current {
                    Some(i) if n > 0 => ui.label(format!(
                        "{} of {}{everywhere}",
                        i + 1,
                        crate::model::plural(n, "match", "matches")
                    )),
                    _ => ui.label(format!("{}{everywhere}", crate::model::plural(n, "match", "matches"))),
                };
                if ui.button("Close").clicked() {
                    self.open = false;
                }
            });
            if let Some(problem) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
            ui.horizontal(|ui| {
                let themes = session.project().themes();
                if self
                    .tag_theme
                    .as_ref()
                    .is_none_or(|id| !themes.iter().any(|t| &t.id == id))
                {
                    self.tag_theme = themes.first().map(|t| t.id.clone());
                }
                let label = ui.label("Tag all matches as");
                let name = |id: &Option<String>| {
                    id.as_ref()
                        .and_then(|id| themes.iter().find(|t| &t.id == id))
                        .map_or(String::new(), |t| t.label.clone())
                };
                egui::ComboBox::from_id_salt("tag-all-theme")
                    .selected_text(name(&self.tag_theme))
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for t in themes {
                            ui.selectable_value(&mut self.tag_theme, Some(t.id.clone()), &t.label);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.checkbox(&mut self.tag_everywhere, "in all documents");
                let ready = !self.query.is_empty() && self.problem.is_none();
                if ui
                    .add_enabled(ready, egui::Button::new("Tag All"))
                    .on_hover_text("Tag every match with the theme (one step to undo); matches already tagged with it are skipped")
                    .clicked()
                    && let Some(theme) = self.tag_theme.clone()
                {
                    out.push(Command::TagAll {
                        theme,
                        all_documents: self.tag_everywhere,
                    });
                }
            });
        });
    }
}
