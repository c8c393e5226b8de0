//! The document view: a read-only, word-wrapped, virtualised text view
//! that paints spans in their theme colours and keeps its own selection
//! as code-point offsets.
//!
//! Each line of the text (split at `\n`) is laid out on its own, only when
//! it is visible; lines never laid out count with an estimated height.
//! Line heights live in a Fenwick tree, so finding the first visible line,
//! the top of any line and the total height, and correcting one line's
//! height once it is laid out, each cost `O(log lines)`: a frame does not
//! depend on the length of the document. A re-wrap (resize, text size)
//! re-estimates every height in one pass and keeps the line that was at
//! the top of the view there.
//! Spans are painted from the span index for the visible range only: a
//! light tint per span plus one underline lane per overlapping span, so
//! overlaps stay distinguishable. With annotator lanes each annotator the
//! filter shows has a band of its own under every line (the first
//! annotator's band on top), so two coders' spans on the same words are
//! both visible and each stays at the same height throughout.

use std::collections::HashSet;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{
    Align, Color32, CursorIcon, FontId, Galley, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2,
};

use super::annotators::Admit;
use super::caret::{Caret, GalleyRows, Motion};
use crate::model::{Document, Span, Theme};

/// Height of one underline lane and how many lanes a row has room for.
const LANE: f32 = 3.0;
const LANES: usize = 4;
const MARGIN: f32 = 12.0;
/// Annotator lanes: at most this many bands (more annotators share the
/// last one), each with room for this many overlapping spans at least,
/// and a gap between bands.
const MAX_BANDS: usize = 8;
const MIN_BAND_LANES: usize = 2;
const BAND_GAP: f32 = 2.0;

/// What the view needs to draw a frame.
pub struct ViewInput<'a> {
    pub doc: &'a Document,
    pub themes: &'a [Theme],
    pub hidden: &'a HashSet<String>,
    /// Which annotators' spans are shown.
    pub admit: Admit<'a>,
    /// Annotator lanes: the annotators, one band each, top to bottom;
    /// `None` draws lanes by overlap only.
    pub lanes: Option<&'a [String]>,
    pub selected_span: Option<&'a Span>,
    pub find_matches: &'a [(usize, usize)],
    pub current_match: Option<usize>,
    pub font_size: f32,
    pub snap_to_words: bool,
    pub dark: bool,
}

impl ViewInput<'_> {
    /// Whether a span is drawn: its theme is not hidden and the annotator
    /// filter shows its annotator.
    pub fn shows(&self, s: &Span) -> bool {
        !self.hidden.contains(&s.theme) && self.admit.admits(&s.annotator)
    }

    /// How the underline lanes are laid out under each line.
    fn bands(&self) -> Bands {
        match self.lanes {
            None => Bands {
                bands: 1,
                per_band: LANES,
            },
            Some(names) => {
                let bands = names.len().clamp(1, MAX_BANDS);
                Bands {
                    bands,
                    per_band: (LANES / bands).max(MIN_BAND_LANES),
                }
            }
        }
    }
}

/// Underline lanes under each line: `bands` bands (one per annotator with
/// annotator lanes, else one) of `per_band` lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bands {
    bands: usize,
    per_band: usize,
}

impl Bands {
    /// The height the lanes take under a line.
    fn height(self) -> f32 {
        let gaps = if self.bands > 1 {
            self.bands as f32 * BAND_GAP
        } else {
            0.0
        };
        LANE * (self.bands * self.per_band) as f32 + gaps
    }

    /// How far below the first lane lane `lane` is.
    fn offset(self, lane: usize) -> f32 {
        let band = lane / self.per_band;
        let gap = if self.bands > 1 { BAND_GAP } else { 0.0 };
        lane as f32 * LANE + band as f32 * gap
    }
}

/// An underline painted last frame: which span (an index into the
/// document's spans), in which lane, where.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Painted {
    pub index: usize,
    pub lane: usize,
    pub rect: Rect,
}

/// What happened in the view this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ViewEvent {
    /// The user clicked on a span (the innermost one under the pointer).
    ClickedSpan(Span),
    /// The user clicked where there is no span.
    ClickedEmpty,
}

/// State of the view that lives across frames.
#[derive(Default)]
pub struct DocView {
    /// Where the selection started (code points).
    anchor: usize,
    /// Where it ends now; the selection is `min..max` of the two.
    head: usize,
    /// Per-line heights, exact once laid out, else estimated.
    heights: Heights,
    /// What the cached heights were computed for.
    layout_key: Option<(String, u32, u32, u32)>,
    /// A code-point offset to bring into view on the next frame.
    scroll_to: Option<usize>,
    /// A range to flash briefly (start, end, time it started).
    flash: Option<(usize, usize, f64)>,
    viewport_height: f32,
    /// The first line visible last frame and how far the view's top was
    /// below that line's top, to keep it in place through a re-wrap.
    top_line: Option<(usize, f32)>,
    /// The underlines painted last frame (for tests and tools).
    painted: Vec<Painted>,
    /// Caret keys to apply on the next frame (motion, extend selection).
    motions: Vec<(Motion, bool)>,
    /// The column kept while moving up and down, and the head it is for.
    goal: Option<(usize, f32)>,
    /// How far the view was scrolled last frame.
    scroll_y: f32,
    /// The code points shown last frame (first visible line's start to
    /// the last visible line's end).
    shown: (usize, usize),
    /// Where the selection was painted last frame (screen), to open the
    /// theme picker beside it.
    selection_rect: Option<Rect>,
}

/// One line laid out this frame.
struct Placed {
    line: usize,
    start: usize,
    top: f32,
    galley: Arc<Galley>,
}

impl DocView {
    /// The selected range, if not empty.
    pub fn selection(&self) -> Option<(usize, usize)> {
        (self.anchor != self.head).then(|| (self.anchor.min(self.head), self.anchor.max(self.head)))
    }

    /// Selects a range.
    pub fn select(&mut self, start: usize, end: usize) {
        self.anchor = start;
        self.head = end;
    }

    /// The code points shown on screen last frame.
    pub fn visible_range(&self) -> (usize, usize) {
        self.shown
    }

    /// The cursor: where the selection ends (code points).
    pub fn cursor(&self) -> usize {
        self.head
    }

    /// Keeps the selection inside a text of `len` code points (after an
    /// undo or redo changed the document).
    pub fn clamp_to(&mut self, len: usize) {
        self.select(self.anchor.min(len), self.head.min(len));
    }

    /// Clears the selection.
    pub fn clear_selection(&mut self) {
        self.head = self.anchor;
    }

    /// Moves the caret on the next frame (the view knows its rows then),
    /// extending the selection when `extend`; the view follows the caret.
    pub fn move_caret(&mut self, motion: Motion, extend: bool) {
        self.motions.push((motion, extend));
    }

    /// Applies the queued caret moves; returns the scroll offset that
    /// keeps the caret in view, if it has to change.
    fn apply_motions(&mut self, ui: &Ui, input: &ViewInput, width: f32) -> Option<f32> {
        if self.motions.is_empty() {
            return None;
        }
        let text = input.doc.text();
        let motions = std::mem::take(&mut self.motions);
        let layout = |line: usize| {
            let (a, b) = text.line_range(line).unwrap_or((0, 0));
            self.layout(ui, text.slice(a, b).unwrap_or(""), input, width)
        };
        let rows = GalleyRows {
            text,
            layout: &layout,
        };
        let mut caret = Caret {
            anchor: self.anchor,
            head: self.head,
            goal_x: self.goal.filter(|g| g.0 == self.head).map(|g| g.1),
        };
        let page =
            (self.viewport_height - Self::line_height(input.font_size, input.bands())).max(20.0);
        let mut scroll = self.scroll_y;
        for (motion, extend) in motions {
            caret.apply(text, &rows, motion, extend, page);
            match motion {
                Motion::PageDown => scroll += page,
                Motion::PageUp => scroll -= page,
                _ => {}
            }
        }
        // Keep the caret's row inside the view.
        let (line, col) = text.line_col(caret.head);
        let r = layout(line).pos_from_cursor(egui::text::CCursor {
            index: egui::text::CharIndex(col),
            prefer_next_row: true,
        });
        (self.anchor, self.head) = (caret.anchor, caret.head);
        self.goal = caret.goal_x.map(|x| (caret.head, x));
        let top = self.heights.top(line) + r.min.y;
        let bottom = top
            + r.height()
                .max(Self::line_height(input.font_size, input.bands()));
        scroll = scroll
            .min(top - 4.0)
            .max(bottom + 4.0 - self.viewport_height);
        Some(scroll.max(0.0))
    }

    /// Where the selection was painted last frame, if it was visible.
    pub fn selection_rect(&self) -> Option<Rect> {
        self.selection_rect.filter(|_| self.selection().is_some())
    }

    /// Scrolls so that `offset` is visible, on the next frame.
    pub fn scroll_to(&mut self, offset: usize) {
        self.scroll_to = Some(offset);
    }

    /// Flashes a range for a moment (after jumping to it).
    pub fn flash(&mut self, ctx: &egui::Context, start: usize, end: usize) {
        self.flash = Some((start, end, ctx.input(|i| i.time)));
    }

    /// Forgets cached layout (another document, or a new project).
    pub fn reset(&mut self) {
        *self = DocView::default();
    }

    /// The underlines painted in the last frame, one per span and
    /// wrapped row, in paint order.
    pub fn painted(&self) -> &[Painted] {
        &self.painted
    }

    fn line_height(font_size: f32, bands: Bands) -> f32 {
        (font_size * 1.3).round() + bands.height()
    }

    /// With annotator lanes, the text is drawn this much higher than the
    /// middle of its row, so that the bands fit below it within the row.
    fn text_lift(input: &ViewInput) -> f32 {
        if input.lanes.is_some() {
            (input.bands().height() - LANE * LANES as f32).max(0.0) / 2.0
        } else {
            0.0
        }
    }

    fn layout(&self, ui: &Ui, text: &str, input: &ViewInput, width: f32) -> Arc<Galley> {
        let color = ui.visuals().text_color();
        let format = TextFormat {
            font_id: FontId::proportional(input.font_size),
            color,
            line_height: Some(Self::line_height(input.font_size, input.bands())),
            valign: Align::Center,
            ..Default::default()
        };
        let mut job = LayoutJob::single_section(text.to_owned(), format);
        job.wrap.max_width = width;
        ui.fonts_mut(|f| f.layout_job(job))
    }

    /// Draws the view and handles its input.
    pub fn show(&mut self, ui: &mut Ui, input: &ViewInput) -> Vec<ViewEvent> {
        let mut events = Vec::new();
        let text = input.doc.text();
        let n_lines = text.line_count();
        let width = (ui.available_width() - 2.0 * MARGIN).max(50.0);
        let bands = input.bands();
        let line_h = Self::line_height(input.font_size, bands);
        let lift = Self::text_lift(input);
        let key = (
            input.doc.id.clone(),
            width.round() as u32,
            input.font_size.to_bits(),
            bands.height().to_bits(),
        );
        let mut keep_top = None;
        if self.layout_key.as_ref() != Some(&key) || self.heights.len() != n_lines {
            let same_doc = self.layout_key.as_ref().is_some_and(|k| k.0 == key.0)
                && self.heights.len() == n_lines;
            if same_doc {
                keep_top = self.top_line;
            }
            let chars_per_row = (width / (input.font_size * 0.5)).max(1.0);
            self.heights = Heights::new(
                (0..n_lines)
                    .map(|l| {
                        let (a, b) = text.line_range(l).unwrap_or((0, 0));
                        ((b - a) as f32 / chars_per_row).ceil().max(1.0) * line_h
                    })
                    .collect(),
            );
            self.layout_key = Some(key);
        }
        let total = self.heights.total();
        let follow_caret = self.apply_motions(ui, input, width);

        let mut area = egui::ScrollArea::vertical()
            .id_salt("document-view")
            .auto_shrink([false, false]);
        if let Some(target) = self.scroll_to.take() {
            let (line, _) = text.line_col(target.min(text.len_chars()));
            let y = self.heights.top(line) - self.viewport_height / 3.0;
            area = area.vertical_scroll_offset(y.max(0.0));
        } else if let Some(y) = follow_caret {
            area = area.vertical_scroll_offset(y);
        } else if let Some((line, below)) = keep_top {
            // Re-wrapped: the line that was at the top stays there, with
            // the same fraction of it scrolled past.
            let y = self.heights.top(line) + below;
            area = area.vertical_scroll_offset(y.max(0.0));
        }
        let now = ui.input(|i| i.time);
        area.show_viewport(ui, |ui, viewport| {
            self.viewport_height = viewport.height();
            self.scroll_y = viewport.min.y;
            let origin = ui.min_rect().min + Vec2::new(MARGIN, 0.0);
            let content =
                Rect::from_min_size(ui.min_rect().min, Vec2::new(width + 2.0 * MARGIN, total));
            ui.set_min_size(content.size());
            let visible =
                Rect::from_min_size(ui.min_rect().min + viewport.min.to_vec2(), viewport.size());
            let response = ui.interact(visible, ui.scope_id().with("doc"), Sense::click_and_drag());
            response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Document"));

            // Lay out the visible lines, each below the one before at its
            // real height (a line's estimate is corrected once laid out).
            let first = self.heights.line_at(viewport.min.y);
            let mut placed = Vec::new();
            let mut line = first;
            let mut top = self.heights.top(first);
            self.top_line = (first < n_lines).then_some((first, viewport.min.y - top));
            while line < n_lines && top < viewport.max.y {
                let (a, b) = text.line_range(line).unwrap_or((0, 0));
                let galley = self.layout(ui, text.slice(a, b).unwrap_or(""), input, width);
                let h = galley.size().y.max(line_h);
                if (self.heights.get(line) - h).abs() > 0.5 {
                    self.heights.set(line, h);
                    ui.ctx().request_repaint();
                }
                placed.push(Placed {
                    line,
                    start: a,
                    top: origin.y + top - lift,
                    galley,
                });
                top += h;
                line += 1;
            }
            let vis_start = placed.first().map_or(0, |p| p.start);
            let vis_end = placed
                .last()
                .and_then(|p| text.line_range(p.line))
                .map_or(0, |r| r.1 + 1);
            self.shown = (vis_start, vis_end.saturating_sub(1));

            // Pointer → offset through the layout.
            let offset_at = |pos: Pos2| -> usize {
                let pos = Pos2::new(pos.x, pos.y.clamp(visible.top(), visible.bottom() - 1.0));
                for p in &placed {
                    let h = p.galley.size().y.max(line_h);
                    if pos.y < p.top + h
                        || p.line + 1 == n_lines
                        || std::ptr::eq(p, placed.last().unwrap_or(p))
                    {
                        let local = pos - Pos2::new(origin.x, p.top);
                        let c = p.galley.cursor_from_pos(local);
                        return p.start + c.index.0;
                    }
                }
                0
            };

            self.handle_pointer(ui, &response, input, &offset_at, &mut events, visible);

            // Paint.
            let painter = ui.painter_at(visible);
            let theme_color = |id: &str| {
                input
                    .themes
                    .iter()
                    .find(|t| t.id == id)
                    .map(|t| Color32::from_rgb(t.color.r, t.color.g, t.color.b))
            };
            let spans = input.doc.spans();
            let mut visible_spans: Vec<(usize, &Span)> = Vec::new();
            spans.visit_overlapping(vis_start, vis_end.max(vis_start + 1), |i| {
                let s = &spans.spans()[i];
                if input.shows(s) {
                    visible_spans.push((i, s));
                }
            });
            let lanes = match input.lanes {
                None => assign_lanes(&visible_spans, LANES, |_| 0),
                Some(names) => {
                    let last = bands.bands - 1;
                    assign_lanes(&visible_spans, bands.per_band, |s| {
                        names
                            .iter()
                            .position(|n| *n == s.annotator)
                            .map_or(last, |b| b.min(last))
                    })
                }
            };
            self.painted.clear();
            self.selection_rect = None;
            let tint_alpha = if input.dark { 60 } else { 48 };
            let font_h = ui.fonts_mut(|f| f.row_height(&FontId::proportional(input.font_size)));
            // The rectangle of the text itself in a row (without the room
            // made for annotator bands), for tints and outlines.
            let text_box = |r: Rect| r.shrink2(Vec2::new(0.0, lift));
            for p in &placed {
                let (a, b) = text.line_range(p.line).unwrap_or((0, 0));
                let top_left = Pos2::new(origin.x, p.top);
                let rects = |s: usize, e: usize| {
                    range_rects(&p.galley, s.max(a) - a, e.min(b) - a)
                        .into_iter()
                        .map(|r| r.translate(top_left.to_vec2()))
                };
                // Find matches (sorted and disjoint): only those on this line.
                let from = input.find_matches.partition_point(|&(_, me)| me <= a);
                for (i, &(ms, me)) in input.find_matches.iter().enumerate().skip(from) {
                    if ms > b {
                        break;
                    }
                    if me > a {
                        let fill = if Some(i) == input.current_match {
                            Color32::from_rgb(255, 170, 0)
                        } else {
                            Color32::from_rgba_unmultiplied(255, 220, 0, 120)
                        };
                        for r in rects(ms, me) {
                            painter.rect_filled(text_box(r), 2.0, fill);
                        }
                    }
                }
                // Span tints.
                for (_, s) in &visible_spans {
                    if s.end > a && s.start <= b {
                        let Some(c) = theme_color(&s.theme) else {
                            continue;
                        };
                        let fill = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), tint_alpha);
                        for r in rects(s.start, s.end) {
                            painter.rect_filled(text_box(r), 0.0, fill);
                        }
                    }
                }
                // Selection.
                if let Some((ss, se)) = self.selection()
                    && se > a
                    && ss <= b
                {
                    let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.75);
                    for r in rects(ss, se) {
                        let r = text_box(r);
                        painter.rect_filled(r, 0.0, fill);
                        self.selection_rect = Some(self.selection_rect.map_or(r, |u| u.union(r)));
                    }
                }
                painter.galley(top_left, p.galley.clone(), ui.visuals().text_color());
                // The caret.
                if (a..=b).contains(&self.head) {
                    let r = p.galley.pos_from_cursor(egui::text::CCursor {
                        index: egui::text::CharIndex(self.head - a),
                        prefer_next_row: true,
                    });
                    let r = r.translate(top_left.to_vec2());
                    painter.line_segment(
                        [r.left_top(), r.left_bottom()],
                        Stroke::new(2.0, ui.visuals().text_cursor.stroke.color),
                    );
                }
                // Underline lanes, below the text.
                for ((index, s), &lane) in visible_spans.iter().zip(&lanes) {
                    if s.end > a && s.start <= b {
                        let Some(c) = theme_color(&s.theme) else {
                            continue;
                        };
                        for r in rects(s.start, s.end) {
                            let y =
                                r.top() + (r.height() + font_h) / 2.0 + 1.0 + bands.offset(lane);
                            painter.line_segment(
                                [Pos2::new(r.left(), y), Pos2::new(r.right(), y)],
                                Stroke::new(LANE - 0.5, c),
                            );
                            self.painted.push(Painted {
                                index: *index,
                                lane,
                                rect: Rect::from_min_max(
                                    Pos2::new(r.left(), y - LANE / 2.0),
                                    Pos2::new(r.right(), y + LANE / 2.0),
                                ),
                            });
                        }
                    }
                }
                // Selected span and flash outlines.
                let outline = |s: usize, e: usize, stroke: Stroke| {
                    if e > a && s <= b {
                        for r in rects(s, e) {
                            painter.rect_stroke(text_box(r), 2.0, stroke, StrokeKind::Outside);
                        }
                    }
                };
                if let Some(s) = input.selected_span {
                    let c = theme_color(&s.theme).unwrap_or(Color32::GRAY);
                    outline(s.start, s.end, Stroke::new(1.5, c));
                }
                if let Some((fs, fe, t0)) = self.flash {
                    let age = (now - t0) as f32;
                    if age < 1.2 {
                        let alpha = ((1.2 - age) / 1.2 * 255.0) as u8;
                        outline(
                            fs,
                            fe,
                            Stroke::new(3.0, Color32::from_rgba_unmultiplied(255, 140, 0, alpha)),
                        );
                        ui.ctx().request_repaint();
                    }
                }
            }
            if self.flash.is_some_and(|(_, _, t0)| now - t0 >= 1.2) {
                self.flash = None;
            }

            // Hover: the themes under the pointer.
            if !response.dragged()
                && let Some(pos) = response.hover_pos()
            {
                let at = offset_at(pos);
                let under: Vec<&Span> = spans
                    .at(at)
                    .into_iter()
                    .map(|i| &spans.spans()[i])
                    .filter(|s| input.shows(s))
                    .collect();
                if !under.is_empty() {
                    response.clone().on_hover_ui_at_pointer(|ui| {
                        for s in under {
                            let theme = input.themes.iter().find(|t| t.id == s.theme);
                            let label = theme.map_or(s.theme.as_str(), |t| t.label.as_str());
                            let c = theme_color(&s.theme).unwrap_or(Color32::GRAY);
                            ui.horizontal(|ui| {
                                ui.colored_label(c, "■");
                                ui.strong(label);
                                ui.weak(format!("{}..{} · {}", s.start, s.end, s.annotator));
                            });
                            if !s.note.is_empty() {
                                ui.label(format!("   {}", s.note));
                            }
                        }
                    });
                }
            }
        });
        events
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &ViewInput,
        offset_at: &dyn Fn(Pos2) -> usize,
        events: &mut Vec<ViewEvent>,
        visible: Rect,
    ) {
        let text = input.doc.text();
        if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        let shift = ui.input(|i| i.modifiers.shift);
        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin());
            if let Some(origin) = origin {
                if !shift {
                    self.anchor = offset_at(origin);
                }
                self.head = self.anchor;
            }
        }
        if response.dragged()
            && let Some(pos) = ui.input(|i| i.pointer.latest_pos())
        {
            self.head = offset_at(pos);
            // Dragging past an edge scrolls.
            let edge = if pos.y < visible.top() {
                visible.top() - pos.y
            } else if pos.y > visible.bottom() {
                visible.bottom() - pos.y
            } else {
                0.0
            };
            if edge != 0.0 {
                ui.scroll_with_delta(Vec2::new(0.0, edge.clamp(-40.0, 40.0)));
                ui.ctx().request_repaint();
            }
        }
        if response.drag_stopped() && input.snap_to_words {
            if let Some((a, b)) = self.selection() {
                let (a, b) = text.snap_to_words(a, b);
                if self.anchor <= self.head {
                    self.select(a, b);
                } else {
                    self.select(b, a);
                }
            }
        }
        if response.double_clicked() {
            if let Some(pos) = response.interact_pointer_pos() {
                let (a, b) = text.word_at(offset_at(pos));
                self.select(a, b);
            }
        } else if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let at = offset_at(pos);
            if shift {
                self.head = at;
            } else {
                self.anchor = at;
                self.head = at;
                let spans = input.doc.spans();
                let innermost = spans
                    .at(at)
                    .into_iter()
                    .map(|i| &spans.spans()[i])
                    .filter(|s| input.shows(s))
                    .min_by_key(|s| s.len());
                events.push(match innermost {
                    Some(s) => ViewEvent::ClickedSpan(s.clone()),
                    None => ViewEvent::ClickedEmpty,
                });
            }
        }
    }
}

/// Line heights in a Fenwick (binary indexed) tree of `f64`: the top of a
/// line, the line at a height and an update are `O(log n)`.
#[derive(Default)]
struct Heights {
    /// Each line's own height.
    own: Vec<f32>,
    /// `tree[i]` is the sum of the heights of lines `(i - lowbit(i), i]`
    /// (1-based).
    tree: Vec<f64>,
}

impl Heights {
    /// Builds the tree in `O(n)`.
    fn new(own: Vec<f32>) -> Self {
        let n = own.len();
        let mut tree = vec![0.0f64; n + 1];
        for i in 1..=n {
            tree[i] += f64::from(own[i - 1]);
            let parent = i + (i & i.wrapping_neg());
            if parent <= n {
                tree[parent] += tree[i];
            }
        }
        Heights { own, tree }
    }

    fn len(&self) -> usize {
        self.own.len()
    }

    fn get(&self, line: usize) -> f32 {
        self.own[line]
    }

    fn set(&mut self, line: usize, h: f32) {
        let delta = f64::from(h) - f64::from(self.own[line]);
        self.own[line] = h;
        let mut i = line + 1;
        while i < self.tree.len() {
            self.tree[i] += delta;
            i += i & i.wrapping_neg();
        }
    }

    /// The top of `line`: the sum of the heights above it.
    fn top(&self, line: usize) -> f32 {
        let mut i = line.min(self.len());
        let mut sum = 0.0;
        while i > 0 {
            sum += self.tree[i];
            i &= i - 1;
        }
        sum as f32
    }

    fn total(&self) -> f32 {
        self.top(self.len())
    }

    /// The line that `y` falls in: the last line whose top is at or above
    /// `y` (0 for `y` above the first line; the last line past the end).
    fn line_at(&self, y: f32) -> usize {
        let n = self.len();
        if n == 0 {
            return 0;
        }
        // Largest count of lines whose total height is <= y.
        let y = f64::from(y);
        let mut pos = 0;
        let mut sum = 0.0;
        let mut step = (n + 1).next_power_of_two() / 2;
        while step > 0 {
            let next = pos + step;
            if next <= n && sum + self.tree[next] <= y {
                pos = next;
                sum += self.tree[next];
            }
            step /= 2;
        }
        pos.min(n - 1)
    }
}

/// Greedy lane assignment: each span gets the lowest lane of its band not
/// used by an earlier span of the band that still overlaps it (spans come
/// in start order). Lane `l` of band `b` is `b * per_band + l`; a band's
/// spans beyond `per_band` deep share its last lane.
fn assign_lanes(
    spans: &[(usize, &Span)],
    per_band: usize,
    band_of: impl Fn(&Span) -> usize,
) -> Vec<usize> {
    // Per band, the end of the span last put in each of its lanes.
    let mut lane_end: Vec<Vec<usize>> = Vec::new();
    spans
        .iter()
        .map(|(_, s)| {
            let band = band_of(s);
            if lane_end.len() <= band {
                lane_end.resize_with(band + 1, Vec::new);
            }
            let ends = &mut lane_end[band];
            let lane = ends
                .iter()
                .position(|&e| e <= s.start)
                .unwrap_or(ends.len());
            if lane == ends.len() {
                ends.push(s.end);
            } else {
                ends[lane] = s.end;
            }
            band * per_band + lane.min(per_band - 1)
        })
        .collect()
}

/// Rectangles (galley coordinates) covering chars `[a, b)` of a one-line
/// galley, one per wrapped row.
fn range_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
    let mut out = Vec::new();
    if a >= b {
        // An empty line inside a span: show a small mark so it stays visible.
        if a == b && galley.rows.len() == 1 && galley.rows[0].row.glyphs.is_empty() {
            let r = galley.rows[0].rect();
            out.push(Rect::from_min_size(r.min, Vec2::new(4.0, r.height())));
        }
        return out;
    }
    let mut row_start = 0;
    for row in &galley.rows {
        let n = row.char_count_including_newline().0;
        let row_end = row_start + n;
        let lo = a.max(row_start);
        let hi = b.min(row_end);
        if lo < hi || (lo == hi && n == 0 && a <= row_start && b > row_start) {
            let x0 = row.row.x_offset(egui::text::CharIndex(lo - row_start));
            let x1 = row.row.x_offset(egui::text::CharIndex(hi - row_start));
            out.push(Rect::from_min_max(
                Pos2::new(row.pos.x + x0, row.pos.y),
                Pos2::new(row.pos.x + x1.max(x0 + 2.0), row.pos.y + row.row.size.y),
            ));
        }
        row_start = row_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn heights_agree_with_prefix_sums(
            own in proptest::collection::vec(1u8..100, 1..300),
            updates in proptest::collection::vec((0usize..300, 1u8..100), 0..40),
            probes in proptest::collection::vec(0u32..40_000, 1..20),
        ) {
            let mut own: Vec<f32> = own.into_iter().map(f32::from).collect();
            let mut h = Heights::new(own.clone());
            for (line, v) in updates {
                let line = line % own.len();
                own[line] = f32::from(v);
                h.set(line, f32::from(v));
            }
            let mut tops = vec![0.0f32];
            for x in &own {
                tops.push(tops.last().unwrap() + x);
            }
            for (line, top) in tops.iter().enumerate() {
                prop_assert_eq!(h.top(line), *top);
            }
            prop_assert_eq!(h.total(), *tops.last().unwrap());
            for y in probes {
                let y = y as f32 / 2.0;
                let naive = tops[..own.len()].partition_point(|&t| t <= y).saturating_sub(1);
                prop_assert_eq!(h.line_at(y), naive, "y = {}", y);
            }
        }
    }

    #[test]
    fn empty_heights() {
        let h = Heights::new(Vec::new());
        assert_eq!(h.total(), 0.0);
        assert_eq!(h.line_at(10.0), 0);
    }
}
