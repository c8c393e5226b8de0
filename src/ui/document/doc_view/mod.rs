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
//!
//! The parts: `lanes.rs` (underline bands and lanes), `heights.rs` (line
//! heights in a Fenwick tree), `shown.rs` (the lines on screen and
//! position ↔ offset mapping), `paint.rs` (tints, underlines, labels,
//! suggestions, find matches), `selection.rs` (pointer, caret keys, hover).

mod arcs;
mod heights;
mod lanes;
mod paint;
mod selection;
mod shown;

use crate::ui::app::command::Commands;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{FontId, Pos2, Rect, Sense, Ui, Vec2};

pub use self::arcs::{PaintedArc, RelationsInput};
use self::heights::Heights;
use self::lanes::{LANE, LANES};
use self::paint::label_height;
use self::shown::{Placed, Shown};
use super::caret::Motion;
use super::line_layout::{LineLayout, LineStyle};
use crate::model::{Document, Span, Suggestion, Theme};
use crate::ui::sidebar::annotators::Admit;

const MARGIN: f32 = 12.0;

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
    /// The relations to draw as arcs (`None`: hidden, or none in the
    /// document; then no room is made for them).
    pub relations: Option<RelationsInput<'a>>,
    /// The span a relation being made starts from (outlined).
    pub relation_source: Option<&'a Span>,
}

impl ViewInput<'_> {
    /// Whether a span is drawn: its theme is not hidden and the annotator
    /// filter shows its annotator.
    pub fn shows(&self, s: &Span) -> bool {
        !self.hidden.contains(&s.theme) && self.admit.admits(&s.annotator)
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
    /// The relations' ends by position, for the arcs.
    arcs: arcs::ArcIndex,
    /// The arc labels and jump markers painted last frame.
    painted_arcs: Vec<PaintedArc>,
}

type LineStyleKey = (u32, u32, [u8; 4], u32);

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

    /// The arc labels and jump markers painted in the last frame.
    pub fn painted_arcs(&self) -> &[PaintedArc] {
        &self.painted_arcs
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
    /// text being centred in its row); with relations shown, room for
    /// their arcs likewise.
    fn line_height(input: &ViewInput) -> f32 {
        let base = (input.font_size * 1.3).round() + Self::room_below_and_around(input);
        if input.show_labels {
            base + 2.0 * label_height(input.font_size)
        } else {
            base
        }
    }

    /// The bands under the text and the room arcs take (half of it above
    /// the text, half below, the text being centred in its row: every
    /// wrapped row gets it, so it is kept small).
    fn room_below_and_around(input: &ViewInput) -> f32 {
        let arcs = if input.relations.is_some() {
            arcs::arc_room(input.font_size)
        } else {
            0.0
        };
        input.bands().height() + arcs
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
    pub fn show(&mut self, ui: &mut Ui, input: &ViewInput, out: &mut Commands) {
        let text = input.doc.text();
        let n_lines = text.line_count();
        let width = (ui.available_width() - 2.0 * MARGIN).max(50.0);
        let line_h = Self::line_height(input);
        let lift = Self::text_lift(input);
        let key = (
            input.doc.id.clone(),
            width.round() as u32,
            input.font_size.to_bits(),
            Self::room_below_and_around(input).to_bits(),
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

            self.handle_pointer(ui, &response, input, out, visible);
            self.paint(ui, input, visible, vis_start, vis_end, now);
            self.paint_arcs(ui, input, visible, vis_start, vis_end, out);
            if let Some(source) = input.relation_source {
                self.paint_relation_source(ui, visible, source);
            }

            self.show_hover(&response, input);
        });
    }
}
