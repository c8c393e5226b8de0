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
//!
//! A line is laid out by [`LineLayout`] (`line_layout.rs`): one egui galley
//! for left-to-right text, rows in visual order for a line with
//! right-to-left text. Pointer ↔ offset mapping goes through
//! [`DocView::offset_at`], [`DocView::rects_for`] and
//! [`DocView::caret_rect`] (screen coordinates, last frame's layout), the
//! same functions the painting uses.
//!
//! Spans are painted from the span index for the visible range only. Where
//! spans overlap, the tint is the innermost span's theme colour (never a
//! blend of two), and every span has its own underline lane in its own
//! colour; labels (View → Span Labels) name each span's theme at its start.
//! With annotator lanes each annotator the filter shows has a band of its
//! own under every line (the first annotator's band on top), so two
//! coders' spans on the same words are both visible and each stays at the
//! same height throughout.
//!
//! The caret moves through the same layout: `LayoutRows` (`caret_layout.rs`) gives the
//! caret's rows (`caret.rs`) from the lines' [`LineLayout`]s.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, CursorIcon, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2};

use super::annotators::Admit;
use super::caret::{Caret, Motion};
use super::caret_layout::LayoutRows;
use super::line_layout::{LineLayout, LineStyle};
use crate::model::{Document, Span, Suggestion, Theme};

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
    /// Show each span's theme label at its start.
    pub show_labels: bool,
    /// The document's suggestions in order (drawn as dashed outlines in
    /// their theme's colour, never tinted), the longest one's length in
    /// code points, and the one being reviewed (drawn bolder).
    pub suggestions: &'a [Suggestion],
    pub longest_suggestion: usize,
    pub current_suggestion: Option<&'a Suggestion>,
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
    /// The user clicked on a span: the innermost one under the pointer,
    /// or, clicking again where spans overlap, the next one there.
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
    layout_key: Option<(String, u32, u32, u32, bool)>,
    /// A code-point offset to bring into view on the next frame.
    scroll_to: Option<usize>,
    /// A range to flash briefly (start, end, time it started).
    flash: Option<(usize, usize, f64)>,
    viewport_height: f32,
    /// The first line visible last frame and how far the view's top was
    /// below that line's top, to keep it in place through a re-wrap.
    top_line: Option<(usize, f32)>,
    /// Layouts of right-to-left lines (costlier than one galley), kept
    /// while visible, for the style in `bidi_key`.
    bidi_cache: HashMap<usize, LineLayout>,
    bidi_key: Option<(LineStyleKey, usize)>,
    /// The lines laid out in the last frame, in screen coordinates.
    shown: Shown,
    /// The underlines painted last frame (for tests and tools).
    painted: Vec<Painted>,
    /// The suggestion outlines painted last frame: an index into the
    /// input's suggestions and a rectangle (one per row it covers).
    painted_suggestions: Vec<(usize, Rect)>,
    /// Caret keys to apply on the next frame (motion, extend selection).
    motions: Vec<(Motion, bool)>,
    /// The column kept while moving up and down, and the head it is for.
    goal: Option<(usize, f32)>,
    /// How far the view was scrolled last frame.
    scroll_y: f32,
    /// Where the selection was painted last frame (screen), to open the
    /// theme picker beside it.
    selection_rect: Option<Rect>,
}

type LineStyleKey = (u32, u32, [u8; 4], u32);

/// One line laid out this frame.
#[derive(Clone)]
struct Placed {
    /// First and one-past-last code point of the line.
    start: usize,
    end: usize,
    /// Top-left corner of the line's layout on screen (raised by the
    /// text lift with annotator lanes).
    pos: Pos2,
    /// Where the line's slot in the view ends on screen (below its bands).
    bottom: f32,
    layout: LineLayout,
}

/// The lines on screen and how to map between them and offsets.
#[derive(Clone, Default)]
struct Shown {
    lines: Vec<Placed>,
}

impl Shown {
    /// The caret offset nearest to `pos`: the line under it (or the
    /// nearest shown line), then the glyph nearest to it.
    fn offset_at(&self, pos: Pos2) -> Option<usize> {
        let last = self.lines.last()?;
        let p = self.lines.iter().find(|p| pos.y < p.bottom).unwrap_or(last);
        let local = pos - p.pos;
        let local = Vec2::new(local.x, local.y.max(0.0));
        Some(p.start + p.layout.offset_at(local).min(p.end - p.start))
    }

    /// The code point whose glyph is under `pos`, else the caret offset.
    fn char_at(&self, pos: Pos2) -> Option<usize> {
        let o = self.offset_at(pos)?;
        let hit = |a: usize| self.rects_for(a, a + 1).iter().any(|r| r.contains(pos));
        if hit(o) {
            Some(o)
        } else if o > 0 && hit(o - 1) {
            Some(o - 1)
        } else {
            Some(o)
        }
    }

    fn rects_for(&self, a: usize, b: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        for p in &self.lines {
            if b > p.start && a <= p.end {
                let (la, lb) = (a.max(p.start) - p.start, b.min(p.end) - p.start);
                if la == lb && !(a == b || (la == 0 && p.start == p.end)) {
                    continue;
                }
                out.extend(
                    p.layout
                        .rects_for(la, lb)
                        .into_iter()
                        .map(|r| r.translate(p.pos.to_vec2())),
                );
            }
        }
        out
    }

    fn caret_rect(&self, offset: usize) -> Option<Rect> {
        self.lines
            .iter()
            .find(|p| offset >= p.start && offset <= p.end)
            .map(|p| {
                p.layout
                    .caret_rect(offset - p.start)
                    .translate(p.pos.to_vec2())
            })
    }
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

    /// The code points shown on screen last frame (the first visible
    /// line's start to the last visible line's end).
    pub fn visible_range(&self) -> (usize, usize) {
        match (self.shown.lines.first(), self.shown.lines.last()) {
            (Some(a), Some(b)) => (a.start, b.end),
            _ => (0, 0),
        }
    }

    /// Moves the caret on the next frame (the view knows its rows then),
    /// extending the selection when `extend`; the view follows the caret.
    pub fn move_caret(&mut self, motion: Motion, extend: bool) {
        self.motions.push((motion, extend));
    }

    /// The underlines painted in the last frame, one per span and
    /// wrapped row, in paint order.
    pub fn painted(&self) -> &[Painted] {
        &self.painted
    }

    /// The suggestion outlines painted in the last frame: an index into
    /// the suggestions the view was given, and where (one per row).
    pub fn painted_suggestions(&self) -> &[(usize, Rect)] {
        &self.painted_suggestions
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

    /// Forgets cached layout (another document, or a new project) and
    /// goes back to the top (egui keeps the scroll offset by the area's id).
    pub fn reset(&mut self) {
        *self = DocView {
            scroll_to: Some(0),
            ..DocView::default()
        };
    }

    /// The caret offset (code points in the document) nearest to the
    /// screen position `pos`, among the lines shown in the last frame;
    /// `None` before the first frame.
    pub fn offset_at(&self, pos: Pos2) -> Option<usize> {
        self.shown.offset_at(pos)
    }

    /// The code point whose glyph is at `pos` (else the nearest caret
    /// offset), among the lines shown in the last frame.
    pub fn char_at(&self, pos: Pos2) -> Option<usize> {
        self.shown.char_at(pos)
    }

    /// Screen rectangles covering code points `a..b` where they are shown
    /// (several on a wrapped or mixed-direction line; none off screen).
    pub fn rects_for(&self, a: usize, b: usize) -> Vec<Rect> {
        self.shown.rects_for(a, b)
    }

    /// The caret before code point `offset` on screen (a thin rectangle
    /// the height of its row), if its line was shown in the last frame.
    pub fn caret_rect(&self, offset: usize) -> Option<Rect> {
        self.shown.caret_rect(offset)
    }

    /// The height of a row: the text, the underline bands below it and,
    /// with labels, room for a label above it (and as much below, the
    /// text being centred in its row).
    fn line_height(input: &ViewInput) -> f32 {
        let base = (input.font_size * 1.3).round() + input.bands().height();
        if input.show_labels {
            base + 2.0 * label_height(input.font_size)
        } else {
            base
        }
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

    /// Applies the queued caret moves through the lines' layouts; returns
    /// the scroll offset that keeps the caret in view, if it has to change.
    fn apply_motions(&mut self, ui: &Ui, input: &ViewInput, style: &LineStyle) -> Option<f32> {
        if self.motions.is_empty() {
            return None;
        }
        let text = input.doc.text();
        let motions = std::mem::take(&mut self.motions);
        let lay = |line: usize| {
            let (a, b) = text.line_range(line).unwrap_or((0, 0));
            let s = text.slice(a, b).unwrap_or("");
            ui.fonts_mut(|f| LineLayout::new(f, s, style))
        };
        let rows = LayoutRows {
            text,
            lay: &lay,
            memo: RefCell::new(self.bidi_cache.clone()),
        };
        let mut caret = Caret {
            anchor: self.anchor,
            head: self.head,
            goal_x: self.goal.filter(|g| g.0 == self.head).map(|g| g.1),
        };
        let line_h = Self::line_height(input);
        let page = (self.viewport_height - line_h).max(20.0);
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
        let r = rows.line(line).caret_rect(col);
        (self.anchor, self.head) = (caret.anchor, caret.head);
        self.goal = caret.goal_x.map(|x| (caret.head, x));
        let top = self.heights.top(line) - Self::text_lift(input) + r.min.y;
        let bottom = top + r.height().max(line_h);
        scroll = scroll
            .min(top - 4.0)
            .max(bottom + 4.0 - self.viewport_height);
        Some(scroll.max(0.0))
    }

    /// Lays out one line, from the cache for a right-to-left line.
    fn layout(&mut self, ui: &Ui, line: usize, text: &str, style: &LineStyle) -> LineLayout {
        if let Some(l) = self.bidi_cache.get(&line) {
            return l.clone();
        }
        let layout = ui.fonts_mut(|f| LineLayout::new(f, text, style));
        if matches!(layout, LineLayout::Bidi(_)) {
            self.bidi_cache.insert(line, layout.clone());
        }
        layout
    }

    /// Draws the view and handles its input.
    pub fn show(&mut self, ui: &mut Ui, input: &ViewInput) -> Vec<ViewEvent> {
        let mut events = Vec::new();
        let text = input.doc.text();
        let n_lines = text.line_count();
        let width = (ui.available_width() - 2.0 * MARGIN).max(50.0);
        let line_h = Self::line_height(input);
        let lift = Self::text_lift(input);
        let key = (
            input.doc.id.clone(),
            width.round() as u32,
            input.font_size.to_bits(),
            input.bands().height().to_bits(),
            input.show_labels,
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
            self.bidi_cache.clear();
        }
        let style = LineStyle {
            font_size: input.font_size,
            color: ui.visuals().text_color(),
            row_height: line_h,
            wrap_width: width,
        };
        // Cached right-to-left layouts hold galleys: they are dropped when
        // the style changes, and when egui's fonts change (a system font
        // found for a new script), which a probe galley reveals.
        let probe = ui.fonts_mut(|f| {
            f.layout_job(LayoutJob::simple_singleline(
                "x".into(),
                FontId::proportional(input.font_size),
                style.color,
            ))
        });
        let bidi_key = (
            (
                style.font_size.to_bits(),
                style.wrap_width.to_bits(),
                style.color.to_array(),
                style.row_height.to_bits(),
            ),
            Arc::as_ptr(&probe) as usize,
        );
        if self.bidi_key != Some(bidi_key) {
            self.bidi_cache.clear();
            self.bidi_key = Some(bidi_key);
        }
        let total = self.heights.total();
        let follow_caret = self.apply_motions(ui, input, &style);

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
            let mut shown = Shown::default();
            let mut line = first;
            let mut top = self.heights.top(first);
            self.top_line = (first < n_lines).then_some((first, viewport.min.y - top));
            while line < n_lines && top < viewport.max.y {
                let (a, b) = text.line_range(line).unwrap_or((0, 0));
                let layout = self.layout(ui, line, text.slice(a, b).unwrap_or(""), &style);
                let h = layout.size().y.max(line_h);
                if (self.heights.get(line) - h).abs() > 0.5 {
                    self.heights.set(line, h);
                    ui.ctx().request_repaint();
                }
                shown.lines.push(Placed {
                    start: a,
                    end: b,
                    pos: Pos2::new(origin.x, origin.y + top - lift),
                    bottom: origin.y + top + h,
                    layout,
                });
                top += h;
                line += 1;
            }
            // Keep only the right-to-left layouts still on screen.
            if self.bidi_cache.len() > shown.lines.len() {
                let (lo, hi) = (first, line);
                self.bidi_cache.retain(|l, _| *l >= lo && *l < hi);
            }
            let vis_start = shown.lines.first().map_or(0, |p| p.start);
            let vis_end = shown.lines.last().map_or(0, |p| p.end + 1);
            self.shown = shown;

            self.handle_pointer(ui, &response, input, &mut events, visible);
            self.paint(ui, input, visible, vis_start, vis_end, now);

            // Hover: the themes under the pointer.
            if !response.dragged()
                && let Some(pos) = response.hover_pos()
                && let Some(at) = self.shown.char_at(pos)
            {
                let spans = input.doc.spans();
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
                            let c = theme_color(input, &s.theme).unwrap_or(Color32::GRAY);
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

    fn paint(
        &mut self,
        ui: &Ui,
        input: &ViewInput,
        visible: Rect,
        vis_start: usize,
        vis_end: usize,
        now: f64,
    ) {
        let painter = ui.painter_at(visible);
        let spans = input.doc.spans();
        let mut visible_spans: Vec<(usize, &Span)> = Vec::new();
        spans.visit_overlapping(vis_start, vis_end.max(vis_start + 1), |i| {
            let s = &spans.spans()[i];
            if input.shows(s) {
                visible_spans.push((i, s));
            }
        });
        let bands = input.bands();
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
        self.painted_suggestions.clear();
        self.selection_rect = None;
        // Suggestions on screen: those starting at most the longest
        // suggestion's length before the first visible code point.
        let from = input
            .suggestions
            .partition_point(|s| s.start + input.longest_suggestion < vis_start);
        let visible_suggestions: Vec<(usize, &Suggestion)> = input.suggestions[from..]
            .iter()
            .enumerate()
            .take_while(|(_, s)| s.start <= vis_end)
            .filter(|(_, s)| s.end > vis_start && !input.hidden.contains(&s.theme))
            .map(|(i, s)| (from + i, s))
            .collect();
        let lift = Self::text_lift(input);
        let tint_alpha = if input.dark { 60 } else { 48 };
        let font_h = ui.fonts_mut(|f| f.row_height(&FontId::proportional(input.font_size)));
        let label_font = FontId::proportional(label_height(input.font_size) - 2.0);
        // With labels, tints and outlines leave the label band free.
        let band = if input.show_labels {
            label_height(input.font_size)
        } else {
            0.0
        };
        // The rectangle of the text itself in a row (without the room made
        // for annotator bands below and a label above), for tints,
        // outlines and the caret.
        let text_box = |r: Rect| {
            let mut r = r.shrink2(Vec2::new(0.0, lift));
            r.min.y = (r.min.y + band).min(r.max.y);
            r
        };
        for p in &self.shown.lines {
            let (a, b) = (p.start, p.end);
            // Rows covering code points s..e of the line, on screen.
            let raw = |s: usize, e: usize| -> Vec<Rect> {
                let (la, lb) = (s.max(a) - a, e.min(b) - a);
                p.layout
                    .rects_for(la, lb)
                    .into_iter()
                    .map(|r| r.translate(p.pos.to_vec2()))
                    .collect()
            };
            let rects =
                |s: usize, e: usize| -> Vec<Rect> { raw(s, e).into_iter().map(text_box).collect() };
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
                        painter.rect_filled(r, 2.0, fill);
                    }
                }
            }
            // Span tints: each stretch of the line takes the colour of the
            // innermost span over it, so two themes never blend.
            let on_line: Vec<&Span> = visible_spans
                .iter()
                .map(|(_, s)| *s)
                .filter(|s| s.end > a && s.start <= b)
                .collect();
            for (s, e, span) in innermost_stretches(&on_line, a, b) {
                let Some(c) = theme_color(input, &span.theme) else {
                    continue;
                };
                let fill = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), tint_alpha);
                for r in rects(s, e) {
                    painter.rect_filled(r, 0.0, fill);
                }
            }
            // Selection.
            if let Some((ss, se)) = self.selection()
                && se > a
                && ss <= b
            {
                let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.75);
                for r in rects(ss, se) {
                    painter.rect_filled(r, 0.0, fill);
                    self.selection_rect = Some(self.selection_rect.map_or(r, |u| u.union(r)));
                }
            }
            p.layout.paint(&painter, p.pos, ui.visuals().text_color());
            // The caret, where the layout puts it.
            if (a..=b).contains(&self.head) {
                let r = text_box(
                    p.layout
                        .caret_rect(self.head - a)
                        .translate(p.pos.to_vec2()),
                );
                painter.line_segment(
                    [r.left_top(), r.left_bottom()],
                    Stroke::new(2.0, ui.visuals().text_cursor.stroke.color),
                );
            }
            // Underline lanes below the text, one per overlapping span (in
            // its annotator's band with annotator lanes), in its colour.
            for ((index, s), &lane) in visible_spans.iter().zip(&lanes) {
                if s.end > a && s.start <= b {
                    let Some(c) = theme_color(input, &s.theme) else {
                        continue;
                    };
                    for r in raw(s.start, s.end) {
                        let y = r.center().y + font_h / 2.0 + 1.0 + bands.offset(lane);
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
            // Labels: the theme's name at the start of each span.
            if input.show_labels {
                let mut taken: Vec<Rect> = Vec::new();
                for s in &on_line {
                    if s.start < a || s.start > b {
                        continue;
                    }
                    let Some(c) = theme_color(input, &s.theme) else {
                        continue;
                    };
                    let caret = p.layout.caret_rect(s.start - a).translate(p.pos.to_vec2());
                    let caret = caret.shrink2(Vec2::new(0.0, lift));
                    let name = input
                        .themes
                        .iter()
                        .find(|t| t.id == s.theme)
                        .map_or(s.theme.as_str(), |t| t.label.as_str());
                    let ink =
                        if c.r() as u32 * 299 + c.g() as u32 * 587 + c.b() as u32 * 114 > 150_000 {
                            Color32::BLACK
                        } else {
                            Color32::WHITE
                        };
                    let galley = painter.layout_no_wrap(name.to_owned(), label_font.clone(), ink);
                    let size = galley.size() + Vec2::new(6.0, 0.0);
                    let rtl = p.layout.is_rtl();
                    let mut r = if rtl {
                        Rect::from_min_size(Pos2::new(caret.left() - size.x, caret.top()), size)
                    } else {
                        Rect::from_min_size(caret.left_top(), size)
                    };
                    while let Some(t) = taken.iter().find(|t| t.intersects(r)) {
                        r = r.translate(Vec2::new(
                            if rtl {
                                t.left() - r.right() - 2.0
                            } else {
                                t.right() - r.left() + 2.0
                            },
                            0.0,
                        ));
                    }
                    taken.push(r);
                    painter.rect_filled(r, 3.0, c);
                    painter.galley(r.min + Vec2::new(3.0, 0.0), galley, ink);
                }
            }
            // Suggestions: a dashed outline in the theme's colour around
            // each row they cover (the rows the same layout gives spans,
            // so right-to-left text is outlined where it is drawn).
            for &(i, s) in &visible_suggestions {
                if s.end <= a || s.start > b {
                    continue;
                }
                let Some(c) = theme_color(input, &s.theme) else {
                    continue;
                };
                let width = if input.current_suggestion == Some(s) {
                    2.5
                } else {
                    1.2
                };
                for r in rects(s.start, s.end) {
                    let r = r.expand(1.0);
                    let path = [
                        r.left_top(),
                        r.right_top(),
                        r.right_bottom(),
                        r.left_bottom(),
                        r.left_top(),
                    ];
                    painter.extend(egui::Shape::dashed_line(
                        &path,
                        Stroke::new(width, c),
                        4.0,
                        3.0,
                    ));
                    self.painted_suggestions.push((i, r));
                }
            }
            // Selected span and flash outlines.
            let outline = |s: usize, e: usize, stroke: Stroke| {
                if e > a && s <= b {
                    for r in rects(s, e) {
                        painter.rect_stroke(r, 2.0, stroke, StrokeKind::Outside);
                    }
                }
            };
            if let Some(s) = input.selected_span {
                let c = theme_color(input, &s.theme).unwrap_or(Color32::GRAY);
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
    }

    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        input: &ViewInput,
        events: &mut Vec<ViewEvent>,
        visible: Rect,
    ) {
        let text = input.doc.text();
        if response.hovered() {
            ui.ctx().set_cursor_icon(CursorIcon::Text);
        }
        // Pointer → offset through the layout; a pointer dragged above or
        // below the view counts at the view's edge.
        let shown = &self.shown;
        let offset_at = |pos: Pos2| {
            let pos = Pos2::new(pos.x, pos.y.clamp(visible.top(), visible.bottom() - 1.0));
            shown.offset_at(pos).unwrap_or(0)
        };
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
                (self.anchor, self.head) = if self.anchor <= self.head {
                    (a, b)
                } else {
                    (b, a)
                };
            }
        }
        if response.double_clicked() {
            if let Some(pos) = response.interact_pointer_pos()
                && let Some(c) = shown.char_at(pos)
            {
                (self.anchor, self.head) = text.word_at(c);
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
                let c = shown.char_at(pos).unwrap_or(at);
                let spans = input.doc.spans();
                let mut under: Vec<&Span> = spans
                    .at(c)
                    .into_iter()
                    .map(|i| &spans.spans()[i])
                    .filter(|s| input.shows(s))
                    .collect();
                under.sort_by_key(|s| (s.len(), s.start));
                // Clicking again where spans overlap: the next one there.
                let next = match input
                    .selected_span
                    .and_then(|sel| under.iter().position(|s| *s == sel))
                {
                    Some(i) => under.get((i + 1) % under.len()),
                    None => under.first(),
                };
                events.push(match next {
                    Some(s) => ViewEvent::ClickedSpan((*s).clone()),
                    None => ViewEvent::ClickedEmpty,
                });
            }
        }
    }
}

/// The colour of a theme.
fn theme_color(input: &ViewInput, id: &str) -> Option<Color32> {
    input
        .themes
        .iter()
        .find(|t| t.id == id)
        .map(|t| Color32::from_rgb(t.color.r, t.color.g, t.color.b))
}

/// Height of a span label for a text size.
fn label_height(font_size: f32) -> f32 {
    (font_size * 0.7).round().max(9.0) + 2.0
}

/// The stretches `s..e` of the line `a..b` covered by spans, each with the
/// innermost (shortest) span over it.
fn innermost_stretches<'s>(
    spans: &[&'s Span],
    a: usize,
    b: usize,
) -> Vec<(usize, usize, &'s Span)> {
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.start.max(a), s.end.min(b)])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(usize, usize, &Span)> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let best = spans
            .iter()
            .filter(|sp| sp.start <= s && sp.end >= e)
            .min_by_key(|sp| (sp.len(), sp.start));
        if let Some(best) = best {
            match out.last_mut() {
                Some(last) if last.1 == s && std::ptr::eq(last.2, *best) => last.1 = e,
                _ => out.push((s, e, best)),
            }
        }
    }
    // A span over an empty line: its mark.
    if a == b {
        if let Some(best) = spans
            .iter()
            .filter(|sp| sp.start <= a && sp.end > a)
            .min_by_key(|sp| sp.len())
        {
            out.push((a, a, best));
        }
    }
    out
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
