//! The Agreement window (Team → Agreement…): the figures of
//! [`analysis::agreement`](crate::analysis::agreement) per theme and
//! overall for the annotators and documents the user ticks, and, for the
//! row clicked, the spans one annotator of the chosen pair has and the
//! other has not exactly, each a click away from the text.
//!
//! The figures are those of `marginalia agree` (one function computes
//! both). A large project is computed on a thread of its own while the
//! window keeps painting (and the last figures stay on screen, marked as
//! being brought up to date); a small one at once, within the frame.

use crate::ui::app::command::{Command, Commands};
use crate::ui::sidebar::annotators::Admit;
use std::collections::BTreeSet;
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Color32, RichText, Ui};

use crate::analysis::agreement::{self, Agreement, AgreementError, Measures, Selection, show};
use crate::analysis::pair_disagreements::{Disagreement, pair_disagreements};
use crate::analysis::roll_up::RollUp;
use crate::model::{Project, Span, plural};
use crate::session::Session;
use crate::ui::jobs::tasks::{BACKGROUND_ABOVE, project_bytes};
use crate::ui::style::theme_color;

/// A disagreement clicked: document `document` (an index) at `span`.
struct Clicked {
    document: usize,
    span: Span,
}

/// The figures asked for: (project revision, annotators, documents,
/// rolled up to parents).
type FiguresKey = (u64, Vec<String>, Vec<String>, bool);
/// The disagreements asked for: (figures, pair, theme or `None` for all).
type ListKey = (FiguresKey, (String, String), Option<String>);

/// Work that runs on a thread of its own once the project is large, for
/// a key; the last result stays available while a newer one is computed.
struct Background<K, T> {
    done: Option<(K, T)>,
    running: Option<(K, Receiver<T>)>,
}

impl<K, T> Default for Background<K, T> {
    fn default() -> Self {
        Background {
            done: None,
            running: None,
        }
    }
}

impl<K: Clone + PartialEq, T: Send + 'static> Background<K, T> {
    /// Brings the result up to date with `key`: takes in a finished run,
    /// then, unless the result or a running job is for `key` already,
    /// runs `job` (at once when `inline`, else on a thread that wakes the
    /// window when it ends). One job runs at a time; a key that changes
    /// meanwhile is run when it ends.
    fn want(
        &mut self,
        key: &K,
        inline: bool,
        ctx: &egui::Context,
        job: impl FnOnce() -> T + Send + 'static,
    ) {
        if let Some((k, rx)) = &self.running {
            match rx.try_recv() {
                Ok(value) => {
                    self.done = Some((k.clone(), value));
                    self.running = None;
                }
                Err(TryRecvError::Disconnected) => self.running = None,
                Err(TryRecvError::Empty) => return,
            }
        }
        if self.done.as_ref().is_some_and(|(k, _)| k == key) {
            return;
        }
        if inline {
            self.done = Some((key.clone(), job()));
            return;
        }
        let (tx, rx) = channel();
        let ctx2 = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("marginalia-agreement".into())
            .spawn(move || {
                let _ = tx.send(job());
                ctx2.request_repaint();
            });
        if spawned.is_ok() {
            self.running = Some((key.clone(), rx));
        }
    }

    /// The latest result, and whether it is for `key`.
    fn latest(&self, key: &K) -> Option<(&T, bool)> {
        self.done.as_ref().map(|(k, v)| (v, k == key))
    }

    fn computing(&self) -> bool {
        self.running.is_some()
    }
}

/// The Agreement window's state.
#[derive(Default)]
pub struct AgreementView {
    open: bool,
    /// The annotators ticked; `None` until the user ticks or unticks one:
    /// then everyone with a span in the compared documents.
    annotators: Option<BTreeSet<String>>,
    /// The documents ticked (ids); `None`: every document in which each
    /// compared annotator has a span or is marked done.
    documents: Option<BTreeSet<String>>,
    /// The pair whose Cohen's κ and F1 are shown.
    pair: Option<(String, String)>,
    /// The row clicked: `Some(None)` is the overall row.
    picked: Option<Option<String>>,
    /// "Roll up to parents": one row per top-level theme, counting the
    /// spans of every theme under it as its own.
    roll_up: bool,
    figures: Background<FiguresKey, Result<Agreement, AgreementError>>,
    listed: Background<ListKey, Vec<Disagreement>>,
}

impl AgreementView {
    /// Opens the window, or closes it if it is open.
    pub fn toggle(&mut self) {
        self.open = !self.open;
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Whether figures or a list are being computed on a thread.
    #[cfg(any(test, feature = "test-hooks"))]
    pub fn computing(&self) -> bool {
        self.figures.computing() || self.listed.computing()
    }

    /// Another project: compare everyone again (the window stays open).
    pub fn reset(&mut self) {
        let open = self.open;
        *self = AgreementView::default();
        self.open = open;
    }

    fn figures_key(&self, session: &Session) -> FiguresKey {
        let list = |set: &Option<BTreeSet<String>>| {
            set.as_ref()
                .map_or_else(Vec::new, |s| s.iter().cloned().collect())
        };
        (
            session.revision(),
            list(&self.annotators),
            list(&self.documents),
            self.roll_up,
        )
    }

    /// The window (when open). `names` are the project's annotators,
    /// `shown` what the codebook and the annotator filter show. A click
    /// on a disagreement opens its document at the span, saying whose it
    /// is (and why it is only outlined, when a filter hides it).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        names: &[String],
        shown: (&HashSet<String>, Admit<'_>),
        out: &mut Commands,
    ) {
        let Some(Clicked { document, span }) = self.clicked(ctx, session, names) else {
            return;
        };
        out.push(Command::OpenAt {
            document,
            span: span.clone(),
        });
        // The span may have gone since the list was made: opening it then
        // says so.
        let project = session.project();
        let Some(doc) = project.documents().get(document) else {
            return;
        };
        if doc.spans().position(&span).is_none() {
            return;
        }
        let (hidden_themes, admit) = shown;
        let theme = project
            .theme(&span.theme)
            .map_or(span.theme.clone(), |t| t.label.clone());
        let why = if !admit.admits(&span.annotator) {
            " (outlined: the annotator filter hides its colour)"
        } else if hidden_themes.contains(&span.theme) {
            " (outlined: its theme is hidden in the codebook)"
        } else {
            ""
        };
        out.push(Command::Say(format!(
            "{}'s span {}..{} ({theme}){why}",
            span.annotator, span.start, span.end
        )));
    }

    fn clicked(
        &mut self,
        ctx: &egui::Context,
        session: &Session,
        names: &[String],
    ) -> Option<Clicked> {
        if !self.open {
            return None;
        }
        let key = self.figures_key(session);
        let project = session.snapshot();
        let inline = project_bytes(&project) < BACKGROUND_ABOVE;
        {
            let project = Arc::clone(&project);
            let selection = Selection {
                annotators: key.1.clone(),
                documents: key.2.clone(),
            };
            let roll_up = key.3;
            self.figures.want(&key, inline, ctx, move || {
                agreement::agreement_with(&project, &selection, roll_up)
            });
        }
        let mut request = None;
        let mut open = true;
        // At first on the right, over the span list, so that the text
        // stays in view for the disagreements clicked.
        let right = ctx.content_rect().right();
        egui::Window::new("Agreement")
            .open(&mut open)
            .default_pos([(right - 640.0).max(0.0), 40.0])
            .default_size([600.0, 480.0])
            .vscroll(true)
            .show(ctx, |ui| {
                request = self.contents(ui, &project, &key, inline, names);
            });
        self.open = open;
        request
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        project: &Arc<Project>,
        key: &FiguresKey,
        inline: bool,
        names: &[String],
    ) -> Option<Clicked> {
        let latest = self.figures.latest(key);
        let (result, current) = match latest {
            Some((r, current)) => (Some(r.clone()), current),
            None => (None, false),
        };
        let ok = result.as_ref().and_then(|r| r.as_ref().ok());
        self.choose_annotators(ui, names, ok);
        self.choose_documents(ui, project, ok);
        ui.checkbox(&mut self.roll_up, "Roll up to parents")
            .on_hover_text(
                "One row per top-level theme: a span of a theme under it counts as the parent's",
            );
        ui.separator();
        if !current || self.figures.computing() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing…");
            });
        }
        let figures = match result {
            None => return None,
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("No figures: {e}"));
                return None;
            }
            Some(Ok(a)) => a,
        };
        let titles: Vec<String> = figures
            .documents
            .iter()
            .map(|id| project.document(id).map_or(id.clone(), |d| d.title.clone()))
            .collect();
        ui.label(format!(
            "{} compared over {}: {}. Units are code points.",
            if figures.annotators.is_empty() {
                "No one".to_owned()
            } else {
                figures.annotators.join(", ")
            },
            plural(titles.len(), "document", "documents"),
            titles.join(", ")
        ));
        if figures.annotators.len() < 2 {
            ui.label("Tick at least two annotators to compare them.");
        }
        let pairs: Vec<(String, String)> = figures
            .overall
            .cohen_kappa
            .keys()
            .filter_map(|k| k.split_once('|'))
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        if self.pair.as_ref().is_none_or(|p| !pairs.contains(p)) {
            self.pair = pairs.first().cloned();
        }
        if pairs.len() > 1 {
            let shown = |p: &(String, String)| format!("{} | {}", p.0, p.1);
            egui::ComboBox::from_label("Pair (Cohen's κ, F1)")
                .selected_text(self.pair.as_ref().map(shown).unwrap_or_default())
                .show_ui(ui, |ui| {
                    for p in &pairs {
                        ui.selectable_value(&mut self.pair, Some(p.clone()), shown(p));
                    }
                });
        } else if let Some(p) = &self.pair {
            ui.label(format!("Pair: {} | {}", p.0, p.1));
        }
        self.table(ui, project, &figures);
        ui.weak("Click a theme (or Overall) to list the spans the pair disagrees on.");
        let (Some(pair), Some(theme)) = (self.pair.clone(), self.picked.clone()) else {
            return None;
        };
        ui.separator();
        self.disagreements(ui, project, (key, &figures), pair, theme, inline)
    }

    /// Check boxes for the annotators to compare.
    fn choose_annotators(&mut self, ui: &mut Ui, names: &[String], shown: Option<&Agreement>) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Annotators:");
            let ticked: BTreeSet<String> = match (&self.annotators, shown) {
                (Some(set), _) => set.clone(),
                (None, Some(a)) => a.annotators.iter().cloned().collect(),
                (None, None) => BTreeSet::new(),
            };
            for name in names {
                let mut on = ticked.contains(name);
                let label = if name.is_empty() { "(no name)" } else { name };
                if ui.checkbox(&mut on, label).changed() {
                    let mut set = ticked.clone();
                    if on {
                        set.insert(name.clone());
                    } else {
                        set.remove(name);
                    }
                    self.annotators = Some(set);
                }
            }
            if self.annotators.is_some() && ui.button("Everyone with spans").clicked() {
                self.annotators = None;
            }
        });
    }

    /// Check boxes for the documents to compare, folded away by default.
    fn choose_documents(&mut self, ui: &mut Ui, project: &Project, shown: Option<&Agreement>) {
        let ticked: BTreeSet<String> = match (&self.documents, shown) {
            (Some(set), _) => set.clone(),
            (None, Some(a)) => a.documents.iter().cloned().collect(),
            (None, None) => BTreeSet::new(),
        };
        let how = if self.documents.is_some() {
            "chosen"
        } else {
            "those all of them tagged or marked done"
        };
        egui::CollapsingHeader::new(format!(
            "Documents: {} of {} ({how})",
            ticked.len(),
            project.documents().len()
        ))
        .id_salt("agreement-documents")
        .show(ui, |ui| {
            for d in project.documents() {
                let mut on = ticked.contains(&d.id);
                if ui.checkbox(&mut on, &d.title).changed() {
                    let mut set = ticked.clone();
                    if on {
                        set.insert(d.id.clone());
                    } else {
                        set.remove(&d.id);
                    }
                    self.documents = Some(set);
                }
            }
            if self.documents.is_some() && ui.button("Automatic").clicked() {
                self.documents = None;
            }
        });
    }

    /// The figures: a row per theme (codebook order) and the overall row.
    fn table(&mut self, ui: &mut Ui, project: &Project, figures: &Agreement) {
        let pair_key = self
            .pair
            .as_ref()
            .map(|(a, b)| format!("{a}|{b}"))
            .unwrap_or_default();
        let of_pair = |m: &std::collections::BTreeMap<String, Option<f64>>| {
            show(m.get(&pair_key).copied().flatten())
        };
        let mut rows: Vec<(Option<String>, String, Option<Color32>, &Measures)> = project
            .themes()
            .iter()
            .filter_map(|t| {
                let m = figures.themes.get(&t.id)?;
                Some((Some(t.id.clone()), t.label.clone(), Some(theme_color(t)), m))
            })
            .collect();
        // Themes of the figures no longer in the codebook (the figures
        // are being brought up to date).
        for (id, m) in &figures.themes {
            if project.theme(id).is_none() {
                rows.push((Some(id.clone()), id.clone(), None, m));
            }
        }
        rows.push((None, "Overall".to_owned(), None, &figures.overall));
        egui::Grid::new("agreement-figures")
            .striped(true)
            .num_columns(6)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                for h in [
                    "Theme",
                    "Fleiss κ",
                    "Krippendorff α",
                    "Cohen κ",
                    "F1 exact",
                    "F1 overlap",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (id, label, color, m) in rows {
                    let picked = self.picked.as_ref() == Some(&id);
                    ui.horizontal(|ui| {
                        // The overall row keeps the column aligned.
                        ui.colored_label(color.unwrap_or(Color32::TRANSPARENT), "■");
                        let text = if id.is_none() {
                            RichText::new(&label).strong()
                        } else {
                            RichText::new(&label)
                        };
                        if ui.selectable_label(picked, text).clicked() {
                            self.picked = Some(id.clone());
                        }
                    });
                    ui.label(show(m.fleiss_kappa));
                    ui.label(show(m.krippendorff_alpha));
                    ui.label(of_pair(&m.cohen_kappa));
                    ui.label(of_pair(&m.f1_exact));
                    ui.label(of_pair(&m.f1_overlap));
                    ui.end_row();
                }
            });
    }

    /// The spans the pair disagrees on, for the row clicked.
    fn disagreements(
        &mut self,
        ui: &mut Ui,
        project: &Arc<Project>,
        (key, figures): (&FiguresKey, &Agreement),
        pair: (String, String),
        theme: Option<String>,
        inline: bool,
    ) -> Option<Clicked> {
        let theme_label = theme.as_ref().map_or("every theme".to_owned(), |id| {
            project.theme(id).map_or(id.clone(), |t| t.label.clone())
        });
        ui.heading(format!(
            "Disagreements: {theme_label}, {} | {}",
            pair.0, pair.1
        ));
        let list_key: ListKey = (key.clone(), pair.clone(), theme.clone());
        {
            let project = Arc::clone(project);
            let documents = figures.documents.clone();
            let (a, b, theme) = (pair.0.clone(), pair.1.clone(), theme.clone());
            let roll_up = key.3;
            self.listed.want(&list_key, inline, ui.ctx(), move || {
                if !roll_up {
                    return pair_disagreements(&project, &documents, &a, &b, theme.as_deref());
                }
                // Rolled up: the spans of every theme under the row's,
                // each compared with the other's spans of its own theme.
                let rolled = RollUp::new(&project, true);
                let mut list = pair_disagreements(&project, &documents, &a, &b, None);
                list.retain(|d| {
                    theme
                        .as_deref()
                        .is_none_or(|t| rolled.of(&d.span.theme) == t)
                });
                list
            });
        }
        let Some((list, current)) = self.listed.latest(&list_key) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing…");
            });
            return None;
        };
        if !current {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("computing…");
            });
            return None;
        }
        if list.is_empty() {
            ui.label(format!(
                "None: every span of either is also the other's ({}, {}).",
                pair.0, pair.1
            ));
            return None;
        }
        ui.label(format!(
            "{} one of them has and the other has not exactly; click one to see it in the text.",
            plural(list.len(), "span", "spans")
        ));
        let mut request = None;
        let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        egui::ScrollArea::vertical()
            .id_salt("agreement-disagreements")
            .max_height(260.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_h, list.len(), |ui, range| {
                for d in &list[range] {
                    let Some(index) = project.documents().iter().position(|x| x.id == d.document)
                    else {
                        continue;
                    };
                    let doc = &project.documents()[index];
                    let other = if d.span.annotator == pair.0 {
                        &pair.1
                    } else {
                        &pair.0
                    };
                    let text = doc
                        .span_text(&d.span)
                        .map(|t| snippet(t, 40))
                        .unwrap_or_default();
                    let theme = project
                        .theme(&d.span.theme)
                        .map_or(d.span.theme.as_str(), |t| t.label.as_str());
                    let near = match d.nearest {
                        Some((s, e)) => format!(" ({other} has {s}..{e})"),
                        None => String::new(),
                    };
                    let label = format!(
                        "only {} · {} · {}..{} {theme} “{text}”{near}",
                        d.span.annotator, doc.title, d.span.start, d.span.end
                    );
                    if ui.selectable_label(false, label).clicked() {
                        request = Some(Clicked {
                            document: index,
                            span: d.span.clone(),
                        });
                    }
                }
            });
        request
    }
}

/// A span's text on one line, cut at `max` characters.
fn snippet(text: &str, max: usize) -> String {
    let mut out: String = text
        .chars()
        .take(max)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if text.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_result_is_computed_once_per_key_and_kept_while_a_new_one_runs() {
        let ctx = egui::Context::default();
        let mut bg: Background<u32, String> = Background::default();
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = |runs: &Arc<std::sync::atomic::AtomicUsize>, v: &str| {
            let (runs, v) = (Arc::clone(runs), v.to_owned());
            move || {
                runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                v
            }
        };
        bg.want(&1, true, &ctx, count(&runs, "one"));
        bg.want(&1, true, &ctx, count(&runs, "again"));
        assert_eq!(bg.latest(&1), Some((&"one".to_owned(), true)));
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
        // A new key on a thread: the old result stays until it ends.
        let (go, wait) = channel::<()>();
        bg.want(&2, false, &ctx, move || {
            let _ = wait.recv();
            "two".to_owned()
        });
        assert!(bg.computing());
        assert_eq!(bg.latest(&2), Some((&"one".to_owned(), false)));
        go.send(()).unwrap();
        for _ in 0..500 {
            bg.want(&2, false, &ctx, || -> String {
                unreachable!("already running or done")
            });
            if !bg.computing() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(bg.latest(&2), Some((&"two".to_owned(), true)));
    }

    #[test]
    fn snippets_stay_on_one_line_and_count_code_points() {
        assert_eq!(snippet("🙂 a\r\nb\u{a0}c", 5), "🙂 a  …");
        assert_eq!(snippet("Żółw", 4), "Żółw");
    }
}
