//! The caret over laid-out lines: the rows it moves through
//! ([`LayoutRows`], the view's own line layouts) and where it stands on a
//! row with right-to-left text.
//!
//! On a mixed line one offset can sit at two places on screen: offset 3 of
//! "ab אב" (LTR) is both after the space and, where the Hebrew run starts
//! logically, at the run's right end. Each row's boundaries between glyphs
//! (left end, between every two cells, right end) are therefore matched
//! one to one with the row's offsets: an offset goes to the boundary it is
//! the only one for, else to the side of the character that runs in the
//! line's direction (where text typed in that direction would go). The
//! caret is painted at its offset's boundary, and Left and Right step from
//! boundary to boundary, so every place on the row is reached by one key
//! press and the caret never jumps across a run.

use std::cell::RefCell;
use std::collections::HashMap;

use egui::{Pos2, Rect, Vec2};

use super::bidi_line::{BidiLine, BidiRow};
use super::caret::{RowStops, Rows, Stop, VisualRow, logical_stops};
use super::line_layout::{LineLayout, LineRow};
use crate::model::Text;

/// The caret's rows (`caret.rs`) from the lines' layouts: the rows the
/// view paints are the rows the caret keys move through.
pub(in crate::ui) struct LayoutRows<'a> {
    pub(in crate::ui) text: &'a Text,
    /// Lays out line `n`.
    pub(in crate::ui) lay: &'a dyn Fn(usize) -> LineLayout,
    /// Lines laid out already (a move asks for the same line often).
    pub(in crate::ui) memo: RefCell<HashMap<usize, LineLayout>>,
}

impl LayoutRows<'_> {
    pub(in crate::ui) fn line(&self, line: usize) -> LineLayout {
        self.memo
            .borrow_mut()
            .entry(line)
            .or_insert_with(|| (self.lay)(line))
            .clone()
    }

    /// The line holding a caret at `offset`, its start, its layout and the
    /// index of the row showing the caret (at a wrap point, the next row).
    fn locate(&self, offset: usize) -> (usize, LineLayout, Vec<LineRow>, usize) {
        let offset = offset.min(self.text.len_chars());
        let (line, col) = self.text.line_col(offset);
        let layout = self.line(line);
        let rows = layout.rows();
        let i = rows
            .iter()
            .position(|r| col >= r.start && col < r.end)
            .unwrap_or_else(|| rows.iter().rposition(|r| r.start <= col).unwrap_or(0));
        (offset - col, layout, rows, i)
    }
}

impl Rows for LayoutRows<'_> {
    fn row_of(&self, offset: usize) -> VisualRow {
        let (start, _, rows, i) = self.locate(offset);
        let r = rows[i];
        VisualRow {
            start: start + r.start,
            end: start + r.end,
            ends_line: i + 1 == rows.len(),
            height: r.height,
        }
    }

    fn x_of(&self, offset: usize) -> f32 {
        let offset = offset.min(self.text.len_chars());
        let (start, layout, _, _) = self.locate(offset);
        layout.caret_rect(offset - start).min.x
    }

    fn offset_in_row(&self, row: &VisualRow, x: f32) -> usize {
        let (start, layout, rows, i) = self.locate(row.start);
        let r = rows[i];
        let at = layout.offset_at(Vec2::new(x, r.top + r.height / 2.0));
        (start + at).clamp(row.start, row.end)
    }

    fn doc_len(&self) -> usize {
        self.text.len_chars()
    }

    fn stops(&self, row: &VisualRow) -> RowStops {
        let (start, layout, _, i) = self.locate(row.start);
        let LineLayout::Bidi(line) = &layout else {
            return logical_stops(row);
        };
        let Some(r) = line.rows.get(i) else {
            return logical_stops(row);
        };
        let last_row = i + 1 == line.rows.len();
        let shift = |o: Option<usize>| o.map(|o| o + start);
        let stops = row_boundaries(r, line.rtl)
            .into_iter()
            // A wrapped row's end shows on the next row.
            .filter(|b| last_row || b.offset != r.end || r.start == r.end)
            .map(|b| Stop {
                offset: b.offset + start,
                left: shift(b.left),
                right: shift(b.right),
            })
            .collect();
        RowStops {
            rtl: line.rtl,
            stops,
        }
    }
}

/// Which offset stands at each boundary of a row whose cells, left to
/// right, show code points `cells[k].0` in a run going right to left when
/// `cells[k].1`. Boundary `k` is left of cell `k` (the last one is the
/// right end); `None` where every offset that could stand there has a
/// place of its own elsewhere.
pub(in crate::ui) fn match_boundaries(
    cells: &[(usize, bool)],
    rtl_line: bool,
) -> Vec<Option<usize>> {
    // Cell edges: a right-to-left cell starts (logically) on its right.
    let edges = |&(o, rtl): &(usize, bool)| if rtl { (o + 1, o) } else { (o, o + 1) };
    // Each offset's candidate boundaries, those beside a character that
    // runs in the line's direction first.
    let mut candidates: Vec<(usize, Vec<(usize, bool)>)> = Vec::new();
    let mut offer = |offset: usize, boundary: usize, preferred: bool| {
        let i = match candidates.iter().position(|c| c.0 == offset) {
            Some(i) => i,
            None => {
                candidates.push((offset, Vec::new()));
                candidates.len() - 1
            }
        };
        let list = &mut candidates[i].1;
        match list.iter_mut().find(|c| c.0 == boundary) {
            Some(c) => c.1 |= preferred,
            None => list.push((boundary, preferred)),
        }
    };
    for (k, cell) in cells.iter().enumerate() {
        let (left, right) = edges(cell);
        let preferred = cell.1 == rtl_line;
        offer(left, k, preferred);
        offer(right, k + 1, preferred);
    }
    for c in &mut candidates {
        c.1.sort_by_key(|&(boundary, preferred)| (!preferred, boundary));
    }
    candidates.sort_by_key(|c| c.0);

    let mut owner: Vec<Option<usize>> = vec![None; cells.len() + 1];
    let mut placed = vec![false; candidates.len()];
    loop {
        // First every offset left with one free place; when none is
        // forced, the first open offset takes its preferred place.
        let mut choice = None;
        for (i, (offset, list)) in candidates.iter().enumerate() {
            if placed[i] {
                continue;
            }
            let free: Vec<usize> = list
                .iter()
                .map(|c| c.0)
                .filter(|&b| owner[b].is_none())
                .collect();
            match free.len() {
                0 => {
                    choice = Some((i, None));
                    break;
                }
                1 => {
                    choice = Some((i, Some((free[0], *offset))));
                    break;
                }
                _ if choice.is_none() => choice = Some((i, Some((free[0], *offset)))),
                _ => {}
            }
        }
        let Some((i, place)) = choice else {
            break;
        };
        placed[i] = true;
        if let Some((boundary, offset)) = place {
            owner[boundary] = Some(offset);
        }
    }
    owner
}

/// A boundary of a bidi row that a caret stands at: its offset, the code
/// points left and right of it, and its x.
pub(in crate::ui) struct Boundary {
    pub(in crate::ui) offset: usize,
    pub(in crate::ui) left: Option<usize>,
    pub(in crate::ui) right: Option<usize>,
    pub(in crate::ui) x: f32,
}

/// The boundaries of a row, left to right, each with the offset matched to
/// it (boundaries no offset stands at are left out).
fn row_boundaries(row: &BidiRow, rtl_line: bool) -> Vec<Boundary> {
    if row.cells.is_empty() {
        let x = if rtl_line { row.right } else { row.left };
        return vec![Boundary {
            offset: row.start,
            left: None,
            right: None,
            x,
        }];
    }
    let cells: Vec<(usize, bool)> = row.cells.iter().map(|c| (c.offset, c.rtl)).collect();
    let owners = match_boundaries(&cells, rtl_line);
    let n = row.cells.len();
    owners
        .into_iter()
        .enumerate()
        .filter_map(|(k, owner)| {
            let left = k.checked_sub(1).map(|j| &row.cells[j]);
            let right = row.cells.get(k);
            Some(Boundary {
                offset: owner?,
                left: left.map(|c| c.offset),
                right: right.map(|c| c.offset),
                x: match (left, right) {
                    (_, Some(c)) if k < n => c.x0,
                    (Some(c), _) => c.x1,
                    _ => row.left,
                },
            })
        })
        .collect()
}

impl BidiLine {
    /// The caret before code point `offset` of the line: a thin rectangle
    /// the height of its row, at the boundary matched to `offset`.
    pub(in crate::ui) fn caret_rect(&self, offset: usize) -> Rect {
        let Some(last_row) = self.rows.last() else {
            return Rect::from_min_size(Pos2::ZERO, Vec2::new(1.0, 1.0));
        };
        let row = self
            .rows
            .iter()
            .find(|r| offset >= r.start && offset < r.end)
            .unwrap_or(last_row);
        let boundaries = row_boundaries(row, self.rtl);
        let x = match boundaries.iter().find(|b| b.offset == offset) {
            Some(b) => b.x,
            // No boundary of its own (the matching left it out): beside
            // the character it starts or ends.
            None => match row.cells.iter().find(|c| c.offset == offset) {
                Some(c) if c.rtl => c.x1,
                Some(c) => c.x0,
                None => match row.cells.iter().find(|c| c.offset + 1 == offset) {
                    Some(c) if c.rtl => c.x0,
                    Some(c) => c.x1,
                    None if self.rtl => row.right,
                    None => row.left,
                },
            },
        };
        Rect::from_min_size(Pos2::new(x, row.top), Vec2::new(1.0, row.height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The offsets a caret stands at, left to right.
    fn order(cells: &[(usize, bool)], rtl_line: bool) -> Vec<Option<usize>> {
        match_boundaries(cells, rtl_line)
    }

    #[test]
    fn a_left_to_right_line_with_a_hebrew_word_inside_has_a_place_for_every_offset() {
        // "ab אב cd": a0 b1 space2 א3 ב4 space5 c6 d7; the Hebrew word is
        // shown ב א.
        let cells = [
            (0, false),
            (1, false),
            (2, false),
            (4, true),
            (3, true),
            (5, false),
            (6, false),
            (7, false),
        ];
        // After the space (3, where a Latin letter typed would go), between
        // the two letters (4), after the word (5): one key press each.
        assert_eq!(order(&cells, false), [0, 1, 2, 3, 4, 5, 6, 7, 8].map(Some));
    }

    #[test]
    fn a_line_ending_in_hebrew_puts_its_end_where_the_run_starts_on_screen() {
        // "ab אב": the line's end (5) is after ב, left of it on screen; the
        // Hebrew word's start (3) is its right end.
        let cells = [(0, false), (1, false), (2, false), (4, true), (3, true)];
        assert_eq!(order(&cells, false), [0, 1, 2, 5, 4, 3].map(Some));
    }

    #[test]
    fn a_right_to_left_line_with_a_latin_word_reads_from_the_right() {
        // "שלום abc": ש0 ל1 ו2 ם3 space4 a5 b6 c7, shown "abc םולש".
        let cells = [
            (5, false),
            (6, false),
            (7, false),
            (4, true),
            (3, true),
            (2, true),
            (1, true),
            (0, true),
        ];
        assert_eq!(
            order(&cells, true),
            [5, 6, 7, 8, 4, 3, 2, 1, 0].map(Some),
            "the line's start on the right, its end after the Latin word"
        );
    }

    #[test]
    fn digits_in_an_arabic_line_are_stepped_over_left_to_right_on_screen() {
        // "عدد 12": ع0 د1 د2 space3 '1'4 '2'5, shown "12 ددع": the digits
        // run left to right inside the right-to-left line.
        let cells = [
            (4, false),
            (5, false),
            (3, true),
            (2, true),
            (1, true),
            (0, true),
        ];
        // Leftwards from the start (right end): 0 1 2 3, then past the
        // space to the end of the number (6), between its digits (5), and
        // its start at the left end (4).
        assert_eq!(order(&cells, true), [4, 5, 6, 3, 2, 1, 0].map(Some));
    }
}
