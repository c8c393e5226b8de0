//! The Curation view: the open document's disagreements between annotators
//! (from [`crate::analysis::curation`]), each annotator's spans in a lane,
//! and per disagreement Accept (copy into the curator's spans), Reject, or
//! Adjust bounds then accept. J/K step, A accepts, R rejects.
//!
//! Acceptance is read from the curator's spans, so it is saved with the
//! project and undone like any edit. A rejection changes no span: the view
//! remembers it for the rest of the session (per document and curator).

use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};
use std::collections::{BTreeSet, HashSet};

use egui::{Color32, Key, Modifiers, RichText, Sense, Ui, Vec2};

use crate::session::Session;

mod lanes;
use crate::analysis::curation::{Curation, Disagreement, default_annotators};
use crate::model::{Document, Edit, Project, Span};

/// Apply `edit` and, once the model takes it, say `what`.
fn apply_saying(edit: Edit, what: String) -> Command {
    Command::Apply {
        edit,
        message: Some(what),
    }
}

/// A remembered rejection: document, curator, start, end, theme.
type Rejection = (String, String, usize, usize, String);

/// The computed disagreements, kept until the project, the document, the
/// curator or the compared annotators change.
struct Cached {
    revision: u64,
    doc: String,
    curator: String,
    excluded: BTreeSet<String>,
    /// Everyone who could be compared (the checkboxes).
    candidates: Vec<String>,
    data: Curation,
    /// Accepted (from the curator's spans) or rejected, per item.
    resolved: Vec<bool>,
    resolved_count: usize,
    /// How many agreed spans the curator does not have yet.
    agreed_to_copy: usize,
}

/// The view's state; it lives as long as the window, so rejections outlast
/// closing and reopening the view.
#[derive(Default)]
pub struct CurationView {
    open: bool,
    /// The Curator field: a copy of the preference, edited in place (a
    /// change is asked for as a command).
    curator_field: String,
    excluded: BTreeSet<String>,
    /// The current disagreement (index into the items).
    current: usize,
    rejected: HashSet<Rejection>,
    cache: Option<Cached>,
    /// Bounds being adjusted for the current item.
    adjust: Option<(usize, usize)>,
    /// Scroll the list to the current item on the next frame.
    reveal: bool,
    keys: Vec<Key>,
}

const ROW_HEIGHT: f32 = 22.0;
const LANE_HEIGHT: f32 = 16.0;
const NAME_WIDTH: f32 = 110.0;
/// Code points of text shown on each side of a place.
const CONTEXT: usize = 40;
/// Places longer than this (code points) are shown around the current
/// disagreement only.
const MAX_PLACE_SHOWN: usize = 400;
/// Disagreements of the current place listed at once.
const MAX_ITEMS_SHOWN: usize = 6;

impl CurationView {
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn open(&mut self) {
        self.open = true;
        self.reveal = true;
    }

    pub fn close(&mut self) {
        self.open = false;
        self.adjust = None;
    }

    /// Another project: computed figures and rejections no longer apply.
    pub fn reset(&mut self) {
        self.cache = None;
        self.rejected.clear();
        self.excluded.clear();
        self.current = 0;
        self.adjust = None;
    }

    /// Another document: start at its first disagreement.
    pub fn document_changed(&mut self) {
        self.current = 0;
        self.adjust = None;
        self.reveal = true;
    }

    /// Takes J, K, A and R out of the input (before the theme keys see
    /// them) while the view is open and no text field has the keys.
    pub fn take_keys(&mut self, ctx: &egui::Context) {
        if !self.open || ctx.egui_wants_keyboard_input() {
            return;
        }
        for key in [Key::J, Key::K, Key::A, Key::R] {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, key)) {
                self.keys.push(key);
            }
        }
    }

    /// Sets the bounds being adjusted for the current disagreement (as
    /// typing into its Start and End fields would).
    #[cfg(any(test, feature = "test-hooks"))]
    pub fn set_adjust(&mut self, start: usize, end: usize) {
        self.adjust = Some((start, end));
    }

    /// `(resolved, total)` disagreements, as the progress line shows them.
    #[cfg(any(test, feature = "test-hooks"))]
    pub fn progress(&self) -> Option<(usize, usize)> {
        let c = self.cache.as_ref()?;
        Some((c.resolved_count, c.data.items.len()))
    }

    /// The current disagreement as (start, end, theme), if any.
    #[cfg(any(test, feature = "test-hooks"))]
    pub fn current(&self) -> Option<(usize, usize, String)> {
        let c = self.cache.as_ref()?;
        let item = c.data.items.get(self.current)?;
        Some((item.start, item.end, c.data.theme(item).to_owned()))
    }

    fn refresh(&mut self, session: &Session, doc: &Document, curator: &str) {
        let fresh = self.cache.as_ref().is_some_and(|c| {
            c.revision == session.revision()
                && c.doc == doc.id
                && c.curator == curator
                && c.excluded == self.excluded
        });
        if fresh {
            return;
        }
        let candidates = default_annotators(doc, curator);
        let compared: Vec<String> = candidates
            .iter()
            .filter(|a| !self.excluded.contains(*a))
            .cloned()
            .collect();
        let data = Curation::compute(doc, &compared, curator);
        let mut cached = Cached {
            revision: session.revision(),
            doc: doc.id.clone(),
            curator: curator.to_owned(),
            excluded: self.excluded.clone(),
            candidates,
            resolved: Vec::new(),
            resolved_count: 0,
            agreed_to_copy: data.agreed_to_copy().count(),
            data,
        };
        self.resolve(&mut cached);
        if self.current >= cached.data.items.len() {
            self.current = cached.data.items.len().saturating_sub(1);
        }
        self.cache = Some(cached);
    }

    fn rejection(c: &Cached, item: &Disagreement) -> Rejection {
        (
            c.doc.clone(),
            c.curator.clone(),
            item.start,
            item.end,
            c.data.theme(item).to_owned(),
        )
    }

    fn is_rejected(&self, c: &Cached, item: &Disagreement) -> bool {
        !self.rejected.is_empty() && self.rejected.contains(&Self::rejection(c, item))
    }

    fn resolve(&self, c: &mut Cached) {
        c.resolved = c
            .data
            .items
            .iter()
            .zip(&c.data.accepted)
            .map(|(item, &accepted)| accepted || self.is_rejected(c, item))
            .collect();
        c.resolved_count = c.resolved.iter().filter(|&&r| r).count();
    }

    /// The view, in the central panel; what the user asks for goes onto
    /// `out`. `curator` is the preference (a new name typed in its field
    /// is asked for as [`Command::SetCurator`]).
    pub fn show(&mut self, ui: &mut Ui, session: &Session, curator: &str, out: &mut Commands) {
        let mut field = std::mem::take(&mut self.curator_field);
        field.clear();
        field.push_str(curator);
        let command = self.contents(ui, session, &mut field);
        if field != curator {
            out.push(Command::SetCurator(field.clone()));
        }
        self.curator_field = field;
        if let Some(command) = command {
            out.push(command);
        }
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        curator: &mut String,
    ) -> Option<Command> {
        let Some(doc) = session.document() else {
            ui.label("No document to curate: import one first.");
            return None;
        };
        let mut request = None;
        // Rows never grow wider than the panel (long text is truncated),
        // so the lanes below can take its whole width.
        ui.horizontal(|ui| {
            if ui.button("Close").clicked() {
                request = Some(Command::Run(Action::Curation));
            }
            let label = ui.label("Curator:");
            ui.add(egui::TextEdit::singleline(curator).desired_width(120.0))
                .labelled_by(label.id)
                .on_hover_text("Accepted spans are copied to this annotator (the gold standard)");
            ui.separator();
            let title = RichText::new(format!("Curation — {}", doc.title)).heading();
            ui.add(egui::Label::new(title).truncate());
        });
        if curator.trim().is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Name the curator: accepted spans are recorded as theirs.",
            );
            return request;
        }
        let curator = curator.trim().to_owned();
        self.refresh(session, doc, &curator);
        let Some(mut cache) = self.cache.take() else {
            return request;
        };
        let keyed = self.handle_keys(&mut cache);
        request = request.or(keyed);
        let top = self.header(ui, &cache);
        request = request.or(top);
        ui.separator();
        if cache.data.items.is_empty() {
            ui.label(if cache.data.annotators.len() < 2 {
                "Compare at least two annotators to find disagreements."
            } else {
                "No disagreements: every compared annotator has exactly the same spans."
            });
        } else {
            let rejections = self.rejected.len();
            let detail = self.detail(ui, &cache, doc, session.project());
            request = request.or(detail);
            if self.rejected.len() != rejections {
                self.resolve(&mut cache);
            }
            ui.separator();
            self.list(ui, &cache, doc, session.project());
        }
        self.cache = Some(cache);
        request
    }

    fn header(&mut self, ui: &mut Ui, c: &Cached) -> Option<Command> {
        let mut request = None;
        ui.horizontal_wrapped(|ui| {
            ui.label("Compared:");
            for name in &c.candidates {
                let mut on = !self.excluded.contains(name);
                if ui.checkbox(&mut on, name).changed() {
                    if on {
                        self.excluded.remove(name);
                    } else {
                        self.excluded.insert(name.clone());
                    }
                }
            }
        });
        ui.horizontal(|ui| {
            let (done, total) = (c.resolved_count, c.data.items.len());
            ui.label(RichText::new(format!("{done} of {total} resolved")).strong());
            let share = if total == 0 {
                1.0
            } else {
                done as f32 / total as f32
            };
            ui.add(egui::ProgressBar::new(share).desired_width(160.0));
            let n = c.agreed_to_copy;
            if n > 0
                && ui
                    .button(format!(
                        "Copy {}",
                        crate::model::plural(n, "agreed span", "agreed spans")
                    ))
                    .on_hover_text("The spans every compared annotator has, into the curated set")
                    .clicked()
            {
                let to_copy: Vec<Span> = c
                    .data
                    .agreed_to_copy()
                    .map(|a| {
                        Span::new(a.start, a.end, &c.data.themes[a.theme as usize], &c.curator)
                    })
                    .collect();
                request = Some(apply_saying(
                    Edit::AddSpans {
                        doc: c.doc.clone(),
                        spans: to_copy,
                    },
                    format!(
                        "Copied {} to {}",
                        crate::model::plural(n, "agreed span", "agreed spans"),
                        c.curator
                    ),
                ));
            }
            ui.add(
                egui::Label::new(RichText::new("J/K next/previous · A accept · R reject").weak())
                    .truncate(),
            );
        });
        request
    }

    fn handle_keys(&mut self, c: &mut Cached) -> Option<Command> {
        let mut request = None;
        for key in std::mem::take(&mut self.keys) {
            let n = c.data.items.len();
            if n == 0 {
                continue;
            }
            match key {
                Key::J => self.go(c, (self.current + 1).min(n - 1)),
                Key::K => self.go(c, self.current.saturating_sub(1)),
                Key::A => request = self.accept(c, None),
                Key::R => request = self.toggle_reject(c),
                _ => {}
            }
        }
        request
    }

    fn go(&mut self, c: &Cached, to: usize) {
        if to != self.current {
            self.adjust = None;
        }
        self.current = to.min(c.data.items.len().saturating_sub(1));
        self.reveal = true;
    }

    /// The next unresolved item after the current one, else the current.
    fn next_open(&self, c: &Cached) -> usize {
        (self.current + 1..c.data.items.len())
            .find(|&i| !c.resolved[i])
            .unwrap_or(self.current)
    }

    fn accept(&mut self, c: &Cached, bounds: Option<(usize, usize)>) -> Option<Command> {
        let item = *c.data.items.get(self.current)?;
        let (start, end) = bounds.unwrap_or((item.start, item.end));
        let span = Span::new(start, end, c.data.theme(&item), &c.curator);
        let what = format!("Accepted {start}..{end} into {}", c.curator);
        // Accepting settles an earlier rejection.
        self.rejected.remove(&Self::rejection(c, &item));
        // Move on past what this span settles (same theme, overlapping).
        let settled = |i: usize| {
            let o = &c.data.items[i];
            o.theme == item.theme && o.start < end && start < o.end
        };
        let next = (self.current + 1..c.data.items.len())
            .find(|&i| !c.resolved[i] && !settled(i))
            .unwrap_or(self.current);
        self.go(c, next);
        Some(apply_saying(
            Edit::AddSpan {
                doc: c.doc.clone(),
                span,
            },
            what,
        ))
    }

    fn toggle_reject(&mut self, c: &mut Cached) -> Option<Command> {
        let item = *c.data.items.get(self.current)?;
        let key = Self::rejection(c, &item);
        let msg = if self.rejected.remove(&key) {
            format!("{}..{} is open again", item.start, item.end)
        } else {
            self.rejected.insert(key);
            format!("Rejected {}..{}", item.start, item.end)
        };
        self.resolve(c);
        if self.rejected.contains(&Self::rejection(c, &item)) {
            let next = self.next_open(c);
            self.go(c, next);
        }
        Some(Command::Say(msg))
    }

    /// The current place: the text around it, one lane per annotator (and
    /// the curator), and its disagreements with their buttons.
    fn detail(
        &mut self,
        ui: &mut Ui,
        c: &Cached,
        doc: &Document,
        project: &Project,
    ) -> Option<Command> {
        let item = c.data.items[self.current];
        let place = &c.data.places[item.place as usize];
        let n_chars = doc.text().len_chars();
        // A long place (a chain of overlaps) is shown around the current
        // disagreement, so a frame draws a bounded part of it.
        let (a, b) = if place.end - place.start <= MAX_PLACE_SHOWN {
            (place.start, place.end)
        } else {
            (item.start, item.end)
        };
        let from = a.saturating_sub(CONTEXT);
        let to = (b + CONTEXT).min(n_chars);
        let items = place.items.clone();
        ui.label(
            RichText::new(format!(
                "Place {} of {}: {}..{}, {}",
                item.place + 1,
                c.data.places.len(),
                place.start,
                place.end,
                crate::model::plural(items.len(), "disagreement", "disagreements")
            ))
            .strong(),
        );
        if !self.lanes(ui, c, doc, project, from, to, a, b) {
            wrapped_context(ui, doc, [from, a, item.start, item.end, b, to]);
        }
        let mut request = None;
        // At most MAX_ITEMS_SHOWN rows, the current one among them.
        let first = self
            .current
            .saturating_sub(MAX_ITEMS_SHOWN / 2)
            .max(items.start)
            .min(items.end.saturating_sub(MAX_ITEMS_SHOWN).max(items.start));
        let last = (first + MAX_ITEMS_SHOWN).min(items.end);
        if first > items.start {
            ui.weak(format!("… {} more above (K)", first - items.start));
        }
        for i in first..last {
            let it = c.data.items[i];
            let current = i == self.current;
            let frame = egui::Frame::new().inner_margin(2.0).fill(if current {
                ui.visuals().selection.bg_fill.gamma_multiply(0.35)
            } else {
                Color32::TRANSPARENT
            });
            frame.show(ui, |ui| {
                ui.horizontal(|ui| {
                    let status = if c.data.accepted[i] {
                        "accepted"
                    } else if self.is_rejected(c, &it) {
                        "rejected"
                    } else {
                        "open"
                    };
                    let label = format!(
                        "{} {}..{} «{}» — {} (not {}) · {status}",
                        theme_label(project, c.data.theme(&it)),
                        it.start,
                        it.end,
                        excerpt(doc, it.start, it.end, 40),
                        c.data.names(it.holders).collect::<Vec<_>>().join(", "),
                        c.data.missing(&it).collect::<Vec<_>>().join(", "),
                    );
                    if ui.small_button("Accept").clicked() {
                        self.current = i;
                        request = self.accept(c, None);
                    }
                    if ui.small_button("Reject").clicked() {
                        self.current = i;
                        let key = Self::rejection(c, &it);
                        if !self.rejected.remove(&key) {
                            self.rejected.insert(key);
                        }
                        // The cache recomputes resolved counts below.
                        request = Some(Command::Say(format!("Rejected {}..{}", it.start, it.end)));
                    }
                    if ui.small_button("Adjust…").clicked() {
                        self.current = i;
                        self.adjust = Some((it.start, it.end));
                    }
                    swatch(ui, project, c.data.theme(&it));
                    let text = egui::Label::new(label).truncate().sense(Sense::click());
                    if ui.add(text).clicked() {
                        self.go(c, i);
                    }
                });
                if current && let Some((mut s, mut e)) = self.adjust {
                    ui.horizontal(|ui| {
                        let l = ui.label("Start");
                        ui.add(egui::DragValue::new(&mut s).range(0..=n_chars))
                            .labelled_by(l.id);
                        let l = ui.label("End");
                        ui.add(egui::DragValue::new(&mut e).range(0..=n_chars))
                            .labelled_by(l.id);
                        let accept = ui.button(format!("Accept {s}..{e}")).clicked();
                        let cancel = ui.button("Cancel").clicked();
                        let shown = format!("«{}»", excerpt(doc, s.min(e), e.max(s), 60));
                        ui.add(egui::Label::new(RichText::new(shown).weak()).truncate());
                        self.adjust = Some((s, e));
                        if accept {
                            request = self.accept(c, Some((s, e)));
                            self.adjust = None;
                        } else if cancel {
                            self.adjust = None;
                        }
                    });
                }
            });
        }
        if last < items.end {
            ui.weak(format!("… {} more below (J)", items.end - last));
        }
        request
    }

    /// Every disagreement, one row each, grouped by place; only the rows
    /// in view are drawn.
    fn list(&mut self, ui: &mut Ui, c: &Cached, doc: &Document, project: &Project) {
        let mut area = egui::ScrollArea::vertical()
            .id_salt("curation-list")
            .auto_shrink([false, false]);
        if std::mem::take(&mut self.reveal) {
            let visible = (ui.available_height() / ROW_HEIGHT).max(1.0);
            let top = (self.current as f32 - visible / 2.0).max(0.0) * ROW_HEIGHT;
            area = area.vertical_scroll_offset(top);
        }
        let mut clicked = None;
        area.show_rows(ui, ROW_HEIGHT, c.data.items.len(), |ui, rows| {
            for i in rows {
                let it = c.data.items[i];
                let place = &c.data.places[it.place as usize];
                let first = place.items.start == i;
                ui.horizontal(|ui| {
                    ui.set_height(ROW_HEIGHT);
                    ui.label(if c.resolved[i] { "✔" } else { "•" });
                    ui.add_sized(
                        [70.0, ROW_HEIGHT],
                        egui::Label::new(if first {
                            RichText::new(format!("Place {}", it.place + 1)).strong()
                        } else {
                            RichText::new("")
                        }),
                    );
                    swatch(ui, project, c.data.theme(&it));
                    let text = format!(
                        "{}..{} {} «{}» — {}",
                        it.start,
                        it.end,
                        theme_label(project, c.data.theme(&it)),
                        excerpt(doc, it.start, it.end, 30),
                        c.data.names(it.holders).collect::<Vec<_>>().join(", ")
                    );
                    let text = if i == self.current {
                        RichText::new(text)
                            .background_color(ui.visuals().selection.bg_fill)
                            .color(ui.visuals().selection.stroke.color)
                    } else {
                        RichText::new(text)
                    };
                    let row = egui::Label::new(text).truncate().sense(Sense::click());
                    if ui.add(row).clicked() {
                        clicked = Some(i);
                    }
                });
            }
        });
        if let Some(i) = clicked {
            self.adjust = None;
            self.current = i;
        }
    }
}

/// The text `cuts[0]..cuts[5]` wrapped: the place (`cuts[1]..cuts[4]`)
/// on a tint, the current disagreement (`cuts[2]..cuts[3]`) underlined.
fn wrapped_context(ui: &mut Ui, doc: &Document, cuts: [usize; 6]) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let (weak, strong) = (ui.visuals().weak_text_color(), ui.visuals().text_color());
    let tint = ui.visuals().selection.bg_fill.gamma_multiply(0.4);
    let mut job = egui::text::LayoutJob::default();
    for (i, w) in cuts.windows(2).enumerate() {
        let text = doc.text().slice(w[0], w[1].max(w[0])).unwrap_or_default();
        let in_place = (1..4).contains(&i);
        let format = egui::TextFormat {
            font_id: font.clone(),
            color: if in_place { strong } else { weak },
            background: if in_place { tint } else { Color32::TRANSPARENT },
            underline: if i == 2 {
                egui::Stroke::new(1.5, strong)
            } else {
                egui::Stroke::NONE
            },
            ..Default::default()
        };
        job.append(text, 0.0, format);
    }
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}

fn swatch(ui: &mut Ui, project: &Project, theme: &str) {
    let (rect, _) = ui.allocate_exact_size(Vec2::new(12.0, 12.0), Sense::hover());
    let fill = project
        .theme(theme)
        .map_or(Color32::GRAY, crate::ui::style::theme_color);
    ui.painter().rect_filled(rect, 2.0, fill);
}

fn theme_label(project: &Project, theme: &str) -> String {
    project
        .theme(theme)
        .map_or_else(|| theme.to_owned(), |t| t.label.clone())
}

/// At most `max` code points of `start..end`, on one line.
fn excerpt(doc: &Document, start: usize, end: usize, max: usize) -> String {
    let text = doc
        .text()
        .slice(start, end.min(start + max))
        .unwrap_or_default();
    let mut out: String = text
        .chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect();
    if end > start + max {
        out.push('…');
    }
    out
}
