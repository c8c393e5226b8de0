//! One line of the document (the text between two `\n`) laid out for the
//! view, in any script and direction, and the one place that maps between
//! positions in it and code-point offsets.
//!
//! A line with no right-to-left character is one egui galley, wrapped by
//! egui. A line with right-to-left text (Arabic, Hebrew, ...) is laid out
//! in `bidi_line.rs` by the Unicode Bidirectional Algorithm (UAX #9):
//! the paragraph direction comes from its first strong character (a line
//! that starts in Arabic is right-aligned), rows are broken in logical
//! order, and each row's level runs are placed in visual order. Each run
//! is cut into pieces that egui shapes on their own: a right-to-left word
//! (harfrust joins its letters and places it right to left), a neutral
//! character (mirrored in right-to-left runs: `(` shows as `)`), or a
//! left-to-right stretch. Every code point gets a cell, the x extent of its
//! glyph in its row, so that hit-testing, selection, span tints and find
//! highlights map glyph ⇄ code point the same way everywhere (where the
//! caret stands on such a row is matched in `caret_layout.rs`).
//!
//! Offsets here are code points from the start of the line.

use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, Galley, Painter, Pos2, Rect, Vec2};

use super::bidi_line::{BidiLine, needs_bidi};

/// How a line's text looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineStyle {
    pub font_size: f32,
    pub color: Color32,
    /// Height of one row of text (including the room for underline lanes).
    pub row_height: f32,
    pub wrap_width: f32,
}

impl LineStyle {
    pub(super) fn format(&self) -> TextFormat {
        TextFormat {
            font_id: FontId::proportional(self.font_size),
            color: self.color,
            line_height: Some(self.row_height),
            valign: Align::Center,
            ..Default::default()
        }
    }
}

/// One visual row of a laid-out line: code points `start..end` of the
/// line (a wrapped row keeps the space it broke after), its top and
/// height relative to the line's top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineRow {
    pub start: usize,
    pub end: usize,
    pub top: f32,
    pub height: f32,
}

/// A laid-out line.
#[derive(Clone)]
pub enum LineLayout {
    /// Left-to-right only: one egui galley.
    Plain(Arc<Galley>),
    /// With right-to-left text: rows of pieces in visual order.
    Bidi(Arc<BidiLine>),
}

impl LineLayout {
    /// Lays out `text` (one line, no `\n`).
    pub fn new(
        fonts: &mut egui::epaint::text::FontsView<'_>,
        text: &str,
        style: &LineStyle,
    ) -> Self {
        if needs_bidi(text) {
            LineLayout::Bidi(Arc::new(BidiLine::new(fonts, text, style)))
        } else {
            let mut job = LayoutJob::single_section(text.to_owned(), style.format());
            job.wrap.max_width = style.wrap_width;
            LineLayout::Plain(fonts.layout_job(job))
        }
    }

    /// Width and height of the laid-out line.
    pub fn size(&self) -> Vec2 {
        match self {
            LineLayout::Plain(g) => g.size(),
            LineLayout::Bidi(b) => b.size,
        }
    }

    /// Whether the line goes right to left (its rows are right-aligned).
    pub fn is_rtl(&self) -> bool {
        matches!(self, LineLayout::Bidi(b) if b.rtl)
    }

    /// The line's visual rows, top to bottom (at least one).
    pub fn rows(&self) -> Vec<LineRow> {
        let rows: Vec<LineRow> = match self {
            LineLayout::Plain(g) => {
                let mut at = 0;
                g.rows
                    .iter()
                    .map(|r| {
                        let row = LineRow {
                            start: at,
                            end: at + r.char_count_excluding_newline().0,
                            top: r.rect().top(),
                            height: r.rect().height(),
                        };
                        at += r.char_count_including_newline().0;
                        row
                    })
                    .collect()
            }
            LineLayout::Bidi(b) => b
                .rows
                .iter()
                .map(|r| LineRow {
                    start: r.start,
                    end: r.end,
                    top: r.top,
                    height: r.height,
                })
                .collect(),
        };
        if rows.is_empty() {
            vec![LineRow {
                start: 0,
                end: 0,
                top: 0.0,
                height: self.size().y,
            }]
        } else {
            rows
        }
    }

    /// The offset (code points in the line) of the caret position nearest
    /// to `pos` (relative to the line's top-left corner).
    pub fn offset_at(&self, pos: Vec2) -> usize {
        match self {
            LineLayout::Plain(g) => g.cursor_from_pos(pos).index.0,
            LineLayout::Bidi(b) => b.offset_at(pos),
        }
    }

    /// Rectangles (relative to the line's top-left corner) covering code
    /// points `a..b` of the line: one per row for left-to-right text, one
    /// per visual stretch on a mixed row.
    pub fn rects_for(&self, a: usize, b: usize) -> Vec<Rect> {
        match self {
            LineLayout::Plain(g) => plain_rects(g, a, b),
            LineLayout::Bidi(line) => line.rects_for(a, b),
        }
    }

    /// The caret before code point `offset` (relative to the line's
    /// top-left corner): a thin rectangle the height of its row.
    pub fn caret_rect(&self, offset: usize) -> Rect {
        match self {
            LineLayout::Plain(g) => {
                // A caret at a wrap point shows at the start of the next
                // row, as in a right-to-left line.
                let r = g.pos_from_cursor(egui::text::CCursor {
                    index: egui::text::CharIndex(offset),
                    prefer_next_row: true,
                });
                Rect::from_min_max(r.min, Pos2::new(r.min.x + 1.0, r.max.y))
            }
            LineLayout::Bidi(b) => b.caret_rect(offset),
        }
    }

    /// Paints the text with its top-left corner at `pos`.
    pub fn paint(&self, painter: &Painter, pos: Pos2, color: Color32) {
        match self {
            LineLayout::Plain(g) => painter.galley(pos, g.clone(), color),
            LineLayout::Bidi(b) => b.paint(painter, pos, color),
        }
    }
}

/// Rectangles covering chars `[a, b)` of a left-to-right galley, one per
/// wrapped row.
fn plain_rects(galley: &Galley, a: usize, b: usize) -> Vec<Rect> {
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
