//! A line with right-to-left text (Arabic, Hebrew, ...) laid out by the
//! Unicode Bidirectional Algorithm (UAX #9, `unicode-bidi`) for
//! [`super::line_layout`]: the paragraph direction from the first strong
//! character, rows broken in logical order, each row's level runs placed in
//! visual order and cut into pieces egui shapes on their own (a
//! right-to-left word, a mirrored neutral, a left-to-right stretch), and
//! one cell per code point, the x extent of its glyph in its row.
//!
//! Offsets here are code points from the start of the line.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, Galley, Painter, Pos2, Rect, Vec2};
use unicode_bidi::{BidiClass, ParagraphBidiInfo, bidi_class};
use unicode_segmentation::UnicodeSegmentation;

use super::line_layout::LineStyle;

/// A line with right-to-left text.
pub struct BidiLine {
    pub(in crate::ui) rows: Vec<BidiRow>,
    pub(super) size: Vec2,
    /// Whether the paragraph direction is right to left.
    pub(in crate::ui) rtl: bool,
}

pub(in crate::ui) struct BidiRow {
    /// Code points `start..end` of the line are on this row.
    pub(in crate::ui) start: usize,
    pub(in crate::ui) end: usize,
    pub(in crate::ui) top: f32,
    pub(in crate::ui) height: f32,
    /// Pieces left to right, each with its x in the row.
    pieces: Vec<(f32, Arc<Galley>)>,
    /// One cell per code point of the row, left to right.
    pub(in crate::ui) cells: Vec<Cell>,
    /// x of the row's left and right edges (text extent).
    pub(in crate::ui) left: f32,
    pub(in crate::ui) right: f32,
}

/// Where one code point's glyph is.
#[derive(Clone, Copy, Debug)]
pub(in crate::ui) struct Cell {
    /// Offset of the code point in the line.
    pub(in crate::ui) offset: usize,
    pub(in crate::ui) x0: f32,
    pub(in crate::ui) x1: f32,
    /// Whether its run goes right to left (the code point's logical start
    /// is then its right edge).
    pub(in crate::ui) rtl: bool,
}

impl Cell {
    /// The offset at the cell's left edge and at its right edge.
    pub(in crate::ui) fn edges(&self) -> (usize, usize) {
        if self.rtl {
            (self.offset + 1, self.offset)
        } else {
            (self.offset, self.offset + 1)
        }
    }
}

/// Whether `c` belongs to a script written right to left (or is an
/// explicit right-to-left control).
fn is_rtl_char(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF
        | 0x200F | 0x202B | 0x202E | 0x2067)
}

/// Whether a line needs the bidirectional layout.
pub fn needs_bidi(text: &str) -> bool {
    // Everything below U+0590 is left to right or neutral.
    text.bytes().any(|b| b >= 0xD6) && text.chars().any(is_rtl_char)
}

/// The mirrored glyph of a bracket shown in a right-to-left run.
fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        _ => c,
    }
}
/// One piece to shape on its own: code points `start..end` of the line,
/// shown as `display` (mirrored brackets), in a run of direction `rtl`.
struct Piece {
    start: usize,
    end: usize,
    rtl: bool,
    display: String,
}

impl BidiLine {
    /// Paints the rows in sight with the line's top-left corner at `pos`.
    pub(super) fn paint(&self, painter: &Painter, pos: Pos2, color: Color32) {
        let clip = painter.clip_rect();
        for row in &self.rows {
            let y = pos.y + row.top;
            if y > clip.bottom() || y + row.height < clip.top() {
                continue;
            }
            for (x, g) in &row.pieces {
                painter.galley(Pos2::new(pos.x + x, y), g.clone(), color);
            }
        }
    }

    pub(super) fn new(
        fonts: &mut egui::epaint::text::FontsView<'_>,
        text: &str,
        style: &LineStyle,
    ) -> Self {
        let info = ParagraphBidiInfo::new(text, None);
        let rtl = info.paragraph_level.is_rtl();
        let bytes = char_starts(text);
        let n = bytes.len() - 1;
        let char_of = |b: usize| bytes.partition_point(|&x| x < b);

        // Logical widths, from pieces over the whole line, to break rows.
        let mut widths = vec![0.0f32; n];
        for run in logical_runs(&info.levels, &bytes) {
            for piece in pieces(text, &bytes, run.0, run.1, run.2) {
                let g = layout_piece(fonts, &piece.display, style);
                for c in piece_cells(&g, text, &bytes, &piece, 0.0) {
                    widths[c.offset] = c.x1 - c.x0;
                }
            }
        }
        let breaks = break_rows(text, &widths, style.wrap_width);

        let mut rows = Vec::new();
        let mut top = 0.0;
        let mut width: f32 = 0.0;
        for (start, end) in breaks {
            let mut row = BidiRow {
                start,
                end,
                top,
                height: style.row_height,
                pieces: Vec::new(),
                cells: Vec::new(),
                left: 0.0,
                right: 0.0,
            };
            if start < end {
                let (levels, runs) = info.visual_runs(bytes[start]..bytes[end]);
                let mut x = 0.0;
                for run in runs {
                    let (a, b) = (char_of(run.start), char_of(run.end));
                    let run_rtl = levels[run.start].is_rtl();
                    let mut ps = pieces(text, &bytes, a, b, run_rtl);
                    if run_rtl {
                        ps.reverse();
                    }
                    for piece in ps {
                        let g = layout_piece(fonts, &piece.display, style);
                        let cells = piece_cells(&g, text, &bytes, &piece, x);
                        let w = cells
                            .iter()
                            .map(|c| c.x1)
                            .fold(x, f32::max)
                            .max(x + galley_width(&g));
                        row.cells.extend(cells);
                        row.pieces.push((x, g));
                        x = w;
                    }
                }
                row.right = x;
                row.cells.sort_by(|p, q| p.x0.total_cmp(&q.x0));
                // Glyph extents are pixel-snapped and joined letters
                // overlap: neighbours meet where the next glyph starts, so
                // cells neither overlap nor leave hairline gaps in tints.
                for i in 1..row.cells.len() {
                    let next = row.cells[i].x0;
                    let prev = &mut row.cells[i - 1];
                    if (next > prev.x1 && next - prev.x1 < 3.0)
                        || (next < prev.x1 && next > prev.x0)
                    {
                        prev.x1 = next;
                    }
                }
            }
            width = width.max(row.right);
            top += row.height;
            rows.push(row);
        }
        // A right-to-left paragraph is right-aligned (to its own width
        // when nothing wraps it).
        if rtl {
            let w = if style.wrap_width.is_finite() {
                style.wrap_width.max(width)
            } else {
                width
            };
            for row in &mut rows {
                let shift = w - row.right;
                row.left += shift;
                row.right += shift;
                for p in &mut row.pieces {
                    p.0 += shift;
                }
                for c in &mut row.cells {
                    c.x0 += shift;
                    c.x1 += shift;
                }
            }
            width = w;
        }
        BidiLine {
            rows,
            size: Vec2::new(width, top),
            rtl,
        }
    }

    fn row_at(&self, y: f32) -> &BidiRow {
        let i = self
            .rows
            .iter()
            .position(|r| y < r.top + r.height)
            .unwrap_or(self.rows.len().saturating_sub(1));
        &self.rows[i]
    }

    pub(super) fn offset_at(&self, pos: Vec2) -> usize {
        if self.rows.is_empty() {
            return 0;
        }
        let row = self.row_at(pos.y);
        let (Some(first), Some(last)) = (row.cells.first(), row.cells.last()) else {
            return row.start;
        };
        if pos.x <= first.x0 {
            return first.edges().0;
        }
        if pos.x >= last.x1 {
            return last.edges().1;
        }
        let i = row
            .cells
            .partition_point(|c| c.x1 <= pos.x)
            .min(row.cells.len() - 1);
        let c = &row.cells[i];
        let (left, right) = c.edges();
        if pos.x < (c.x0 + c.x1) / 2.0 {
            left
        } else {
            right
        }
    }

    pub(super) fn rects_for(&self, a: usize, b: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        for row in &self.rows {
            if a == b {
                // An empty line inside a span: a small mark keeps it visible.
                if row.start == row.end && a == row.start {
                    let x = if self.rtl { row.right - 4.0 } else { row.left };
                    out.push(Rect::from_min_size(
                        Pos2::new(x, row.top),
                        Vec2::new(4.0, row.height),
                    ));
                }
                continue;
            }
            if b <= row.start || a >= row.end {
                continue;
            }
            let mut current: Option<(f32, f32)> = None;
            for c in &row.cells {
                if c.offset >= a && c.offset < b {
                    current = match current {
                        Some((x0, x1)) if c.x0 <= x1 + 0.5 => Some((x0, c.x1.max(x1))),
                        Some((x0, x1)) => {
                            out.push(row_rect(row, x0, x1));
                            Some((c.x0, c.x1))
                        }
                        None => Some((c.x0, c.x1)),
                    };
                } else if let Some((x0, x1)) = current.take() {
                    out.push(row_rect(row, x0, x1));
                }
            }
            if let Some((x0, x1)) = current {
                out.push(row_rect(row, x0, x1));
            }
        }
        out
    }
}

fn row_rect(row: &BidiRow, x0: f32, x1: f32) -> Rect {
    Rect::from_min_max(
        Pos2::new(x0, row.top),
        Pos2::new(x1.max(x0 + 2.0), row.top + row.height),
    )
}

/// Level runs in logical order: (first code point, end, right to left).
fn logical_runs(levels: &[unicode_bidi::Level], bytes: &[usize]) -> Vec<(usize, usize, bool)> {
    let n = bytes.len() - 1;
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    for i in 0..n {
        let rtl = levels[bytes[i]].is_rtl();
        match out.last_mut() {
            Some(last) if last.2 == rtl => last.1 = i + 1,
            _ => out.push((i, i + 1, rtl)),
        }
    }
    out
}

/// Pieces of the run `a..b` in logical order. In a right-to-left run: each
/// word of right-to-left letters (with their marks and joiners) is one
/// piece, every other grapheme its own (mirrored). In a left-to-right run:
/// stretches without right-to-left characters are one piece, any
/// right-to-left character (e.g. Arabic-Indic digits) its own, so that
/// the shaper never turns them around.
/// The byte offset of every code point of `text`, and one past the end.
fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

fn pieces(text: &str, bytes: &[usize], a: usize, b: usize, rtl: bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut c = a;
    let mut prev_wordish = false;
    for g in text[bytes[a]..bytes[b]].graphemes(true) {
        let n = g.chars().count();
        let first = g.chars().next().unwrap_or(' ');
        let wordish = if rtl {
            is_rtl_char(first) && is_letter_like(first)
        } else {
            !is_rtl_char(first)
        };
        match out.last_mut() {
            Some(last) if wordish && prev_wordish => {
                last.end += n;
                last.display.push_str(g);
            }
            _ => {
                let display = if rtl && n == 1 {
                    mirrored(first).to_string()
                } else {
                    g.to_owned()
                };
                out.push(Piece {
                    start: c,
                    end: c + n,
                    rtl,
                    display,
                });
            }
        }
        prev_wordish = wordish;
        c += n;
    }
    out
}

/// Letters, marks and joiners of a right-to-left word (not punctuation,
/// spaces or digits).
fn is_letter_like(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::NSM | BidiClass::BN
    ) && !matches!(c, '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{06D4}')
}

fn layout_piece(
    fonts: &mut egui::epaint::text::FontsView<'_>,
    display: &str,
    style: &LineStyle,
) -> Arc<Galley> {
    let mut job = LayoutJob::single_section(display.to_owned(), style.format());
    job.wrap.max_width = f32::INFINITY;
    fonts.layout_job(job)
}

fn galley_width(g: &Galley) -> f32 {
    g.rows
        .iter()
        .flat_map(|r| r.row.glyphs.iter())
        .map(|gl| gl.max_x())
        .fold(0.0, f32::max)
}

/// The cells of a piece placed at `x`, left to right.
fn piece_cells(g: &Galley, text: &str, bytes: &[usize], piece: &Piece, x: f32) -> Vec<Cell> {
    let n = piece.end - piece.start;
    let glyphs: Vec<&egui::epaint::text::Glyph> =
        g.rows.iter().flat_map(|r| r.row.glyphs.iter()).collect();
    let width = galley_width(g);
    let mut cells = Vec::with_capacity(n);
    if !piece.rtl {
        if glyphs.len() == n {
            for (i, gl) in glyphs.iter().enumerate() {
                cells.push(Cell {
                    offset: piece.start + i,
                    x0: x + gl.pos.x,
                    x1: x + gl.max_x(),
                    rtl: false,
                });
            }
        } else {
            let w = width / n.max(1) as f32;
            for i in 0..n {
                cells.push(Cell {
                    offset: piece.start + i,
                    x0: x + w * i as f32,
                    x1: x + w * (i + 1) as f32,
                    rtl: false,
                });
            }
        }
        return cells;
    }
    // Right to left: units of code points that make one glyph (a base
    // with its marks; lam + alef when the font joins them into one), the
    // first unit rightmost.
    let chars: Vec<char> = text[bytes[piece.start]..bytes[piece.end]].chars().collect();
    let spacing: Vec<(f32, f32)> = glyphs
        .iter()
        .filter(|gl| gl.advance_width > 0.0)
        .map(|gl| (gl.pos.x, gl.max_x()))
        .collect();
    let mut units = glyph_units(&chars, false);
    if units.len() != spacing.len() {
        units = glyph_units(&chars, true);
    }
    let extents: Vec<(f32, f32)> = if units.len() == spacing.len() {
        spacing.iter().rev().copied().collect()
    } else {
        let w = width / units.len().max(1) as f32;
        (0..units.len())
            .map(|k| (width - w * (k + 1) as f32, width - w * k as f32))
            .collect()
    };
    for (unit, (x0, x1)) in units.iter().zip(extents) {
        let m = unit.1 - unit.0;
        let w = (x1 - x0) / m.max(1) as f32;
        for j in 0..m {
            cells.push(Cell {
                offset: piece.start + unit.0 + j,
                x0: x + x1 - w * (j + 1) as f32,
                x1: x + x1 - w * j as f32,
                rtl: true,
            });
        }
    }
    cells.reverse();
    cells
}

/// Groups code points into the units that make one spacing glyph:
/// `(start, end)` in logical order.
fn glyph_units(chars: &[char], lam_alef: bool) -> Vec<(usize, usize)> {
    let mut units: Vec<(usize, usize)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let joins_previous = matches!(bidi_class(c), BidiClass::NSM | BidiClass::BN)
            || (lam_alef
                && matches!(c, '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0627}')
                && i > 0
                && chars[i - 1] == '\u{0644}'
                && units.last().is_some_and(|u| u.1 - u.0 == 1));
        match units.last_mut() {
            Some(last) if joins_previous => last.1 = i + 1,
            _ => units.push((i, i + 1)),
        }
    }
    units
}

/// Rows of a bidirectional line: `(start, end)` code points, broken after
/// white space where a row would grow wider than `width`, or inside a word
/// longer than a row.
fn break_rows(text: &str, widths: &[f32], width: f32) -> Vec<(usize, usize)> {
    let n = widths.len();
    if n == 0 {
        return vec![(0, 0)];
    }
    let chars: Vec<char> = text.chars().collect();
    let mut rows = Vec::new();
    let mut start = 0;
    let mut x = 0.0;
    let mut last_break: Option<usize> = None;
    let mut i = 0;
    while i < n {
        let w = widths[i];
        if x + w > width && i > start && !chars[i].is_whitespace() {
            let end = last_break.filter(|&b| b > start).unwrap_or(i);
            rows.push((start, end));
            start = end;
            x = widths[start..i].iter().sum();
            last_break = None;
            continue;
        }
        x += w;
        if chars[i].is_whitespace() {
            last_break = Some(i + 1);
        }
        i += 1;
    }
    rows.push((start, n));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_right_to_left_letters_need_bidi() {
        assert!(!needs_bidi("Grüße, 世界 🙂 and\u{00A0}more"));
        assert!(needs_bidi("WHO وقالت"));
        assert!(needs_bidi("שלום"));
    }

    #[test]
    fn a_right_to_left_run_is_cut_into_words_and_mirrored_neutrals() {
        let text = "(مرحبا بكم)";
        let bytes = char_starts(text);
        let n = bytes.len() - 1;
        let ps = pieces(text, &bytes, 0, n, true);
        let shown: Vec<&str> = ps.iter().map(|p| p.display.as_str()).collect();
        assert_eq!(shown, [")", "مرحبا", " ", "بكم", "("]);
        assert_eq!((ps[1].start, ps[1].end), (1, 6));
    }

    #[test]
    fn lam_alef_is_one_unit_only_when_asked() {
        let chars: Vec<char> = "الأمن".chars().collect();
        assert_eq!(glyph_units(&chars, false).len(), 5);
        assert_eq!(glyph_units(&chars, true), [(0, 1), (1, 3), (3, 4), (4, 5)]);
        let marked: Vec<char> = "بَ".chars().collect();
        assert_eq!(glyph_units(&marked, false), [(0, 2)]);
    }

    #[test]
    fn rows_break_after_spaces() {
        let widths = vec![10.0; 8];
        assert_eq!(
            break_rows("ab cd ef", &widths, 35.0),
            [(0, 3), (3, 6), (6, 8)]
        );
        // A trailing space hangs past the edge; a word wider than a row
        // is cut where it no longer fits.
        assert_eq!(break_rows("ab cd ef", &widths, 55.0), [(0, 6), (6, 8)]);
        assert_eq!(
            break_rows("abcdefgh", &widths, 35.0),
            [(0, 3), (3, 6), (6, 8)]
        );
        assert_eq!(break_rows("", &[], 55.0), [(0, 0)]);
    }
}
