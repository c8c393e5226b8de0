//! The document's caret: which keys move it and where each move lands.
//!
//! Movement is computed from the text (grapheme clusters, UAX #29 words,
//! lines) and from the visual rows the view laid out ([`Rows`]: where a
//! wrapped row starts and ends, the x of an offset, the offset nearest an
//! x, and where a caret can stand on a row from left to right). Left and
//! Right move visually, as in every text editor: on a right-to-left line
//! Right goes towards the line's logical start, and on a mixed line the
//! caret steps across each run in the order it is shown; Ctrl+Left/Right
//! go to the next word edge in that direction. Home and End go to the
//! logical start and end of the row. All offsets are code points, like
//! everywhere in the model. The
//! functions here are pure, so they are tested with a fixed-width layout;
//! the view supplies its real layout (`LayoutRows` in `caret_layout.rs`, over
//! the same line layouts it paints and maps the pointer through, right to
//! left included).

use egui::{Key, Modifiers};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::Text;

/// One move of the caret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    /// One character (grapheme cluster) to the left / right on screen.
    Left,
    Right,
    /// To the next edge of a word on the left / right on screen: the start
    /// of the word before / the end of the word after in left-to-right text
    /// (UAX #29; in Chinese and Japanese, where the segmenter gives one
    /// word per character, one character).
    WordLeft,
    WordRight,
    /// One visual row up / down, keeping the column.
    Up,
    Down,
    /// One screenful up / down.
    PageUp,
    PageDown,
    /// The logical start / end of the visual row (on a right-to-left
    /// line the start is on the right).
    RowStart,
    RowEnd,
    /// The start / end of the document.
    DocStart,
    DocEnd,
}

impl Motion {
    /// The motion a key press asks for, and whether it extends the
    /// selection (Shift). Ctrl (Cmd on a Mac) makes arrows move by word and
    /// Home/End go to the ends of the document. Keys with Alt move nothing.
    pub fn from_key(key: Key, m: Modifiers) -> Option<(Motion, bool)> {
        if m.alt {
            return None;
        }
        let word = m.command || m.ctrl;
        let motion = match key {
            Key::ArrowLeft if word => Motion::WordLeft,
            Key::ArrowRight if word => Motion::WordRight,
            Key::ArrowLeft => Motion::Left,
            Key::ArrowRight => Motion::Right,
            Key::ArrowUp if !word => Motion::Up,
            Key::ArrowDown if !word => Motion::Down,
            Key::PageUp if !word => Motion::PageUp,
            Key::PageDown if !word => Motion::PageDown,
            Key::Home if word => Motion::DocStart,
            Key::End if word => Motion::DocEnd,
            Key::Home => Motion::RowStart,
            Key::End => Motion::RowEnd,
            _ => return None,
        };
        Some((motion, m.shift))
    }

    fn vertical(self) -> bool {
        matches!(
            self,
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown
        )
    }
}

/// Takes the caret keys pressed this frame out of the input queue, in
/// order: (motion, extend selection).
pub fn take_motions(ctx: &egui::Context) -> Vec<(Motion, bool)> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        i.events.retain(|e| match e {
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => match Motion::from_key(*key, *modifiers) {
                Some(m) => {
                    out.push(m);
                    false
                }
                None => true,
            },
            _ => true,
        });
    });
    out
}

/// A visual row: the code points `start..end` of one line shown on one
/// row (a line wraps into several rows).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VisualRow {
    pub start: usize,
    pub end: usize,
    /// Whether the row is the last of its line (its end is the line's end).
    pub ends_line: bool,
    pub height: f32,
}

/// The visual rows of a document, as the view laid them out.
pub trait Rows {
    /// The row showing a caret at `offset` (a caret at a wrap point shows
    /// at the start of the next row).
    fn row_of(&self, offset: usize) -> VisualRow;
    /// The x of a caret at `offset`, within its row.
    fn x_of(&self, offset: usize) -> f32;
    /// The offset in `row` nearest to `x`.
    fn offset_in_row(&self, row: &VisualRow, x: f32) -> usize;
    /// The number of code points in the document.
    fn doc_len(&self) -> usize;
    /// Where a caret can stand on `row`, left to right. The default is a
    /// left-to-right row: every offset of the row in order (a wrapped
    /// row's end shows on the next row, so it is not one of them).
    fn stops(&self, row: &VisualRow) -> RowStops {
        logical_stops(row)
    }
}

/// One place a caret can stand on a row: its offset and the code points
/// shown just left and right of it (none at the row's ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stop {
    pub offset: usize,
    pub left: Option<usize>,
    pub right: Option<usize>,
}

/// The places a caret can stand on a row, left to right, and whether the
/// row's line goes right to left.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowStops {
    pub rtl: bool,
    pub stops: Vec<Stop>,
}

/// The stops of a left-to-right row.
pub fn logical_stops(row: &VisualRow) -> RowStops {
    let last = if row.ends_line || row.end == row.start {
        row.end
    } else {
        row.end - 1
    };
    let stops = (row.start..=last)
        .map(|offset| Stop {
            offset,
            left: (offset > row.start).then(|| offset - 1),
            right: (offset < row.end).then_some(offset),
        })
        .collect();
    RowStops { rtl: false, stops }
}

fn row_before(rows: &dyn Rows, row: &VisualRow) -> Option<VisualRow> {
    // The last code point before the row is in the row above: the end of
    // the wrapped row before, or the line break ending the line before.
    row.start.checked_sub(1).map(|o| rows.row_of(o))
}

fn row_after(rows: &dyn Rows, row: &VisualRow) -> Option<VisualRow> {
    if row.ends_line {
        // Past the line break.
        (row.end < rows.doc_len()).then(|| rows.row_of(row.end + 1))
    } else {
        Some(rows.row_of(row.end))
    }
}

/// The caret and the selection it extends: `anchor` stays where the
/// selection started, `head` moves. `goal_x` remembers the column while
/// moving up and down through shorter rows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Caret {
    pub anchor: usize,
    pub head: usize,
    pub goal_x: Option<f32>,
}

impl Caret {
    /// Applies one motion. Without Shift a selection collapses: Left and
    /// Right to its start and end, other motions move from the head.
    /// `page` is the height a PageUp/PageDown moves by.
    pub fn apply(&mut self, text: &Text, rows: &dyn Rows, motion: Motion, extend: bool, page: f32) {
        let (lo, hi) = (self.anchor.min(self.head), self.anchor.max(self.head));
        let collapsing = !extend && lo != hi;
        // A selection collapses to its edge on the side of the arrow: on a
        // right-to-left line its logical start is on the right.
        let rtl = collapsing && rows.stops(&rows.row_of(self.head)).rtl;
        let head = match motion {
            Motion::Left if collapsing => {
                if rtl {
                    hi
                } else {
                    lo
                }
            }
            Motion::Right if collapsing => {
                if rtl {
                    lo
                } else {
                    hi
                }
            }
            _ => self.moved(text, rows, motion, page),
        };
        if !motion.vertical() {
            self.goal_x = None;
        }
        self.head = head.min(rows.doc_len());
        if !extend {
            self.anchor = self.head;
        }
    }

    fn moved(&mut self, text: &Text, rows: &dyn Rows, motion: Motion, page: f32) -> usize {
        let head = self.head;
        match motion {
            Motion::Left => visual_move(text, rows, head, false, false),
            Motion::Right => visual_move(text, rows, head, true, false),
            Motion::WordLeft => visual_move(text, rows, head, false, true),
            Motion::WordRight => visual_move(text, rows, head, true, true),
            Motion::RowStart => rows.row_of(head).start,
            Motion::RowEnd => {
                let row = rows.row_of(head);
                if row.ends_line || row.end == row.start {
                    row.end
                } else {
                    // A caret at a wrap point shows on the next row: stop
                    // before the character the row broke at.
                    prev_grapheme(text, row.end).max(row.start)
                }
            }
            Motion::DocStart => 0,
            Motion::DocEnd => rows.doc_len(),
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown => {
                let x = *self.goal_x.get_or_insert_with(|| rows.x_of(head));
                let down = matches!(motion, Motion::Down | Motion::PageDown);
                let mut row = rows.row_of(head);
                let mut travelled = 0.0;
                let budget = if matches!(motion, Motion::Up | Motion::Down) {
                    0.0
                } else {
                    page
                };
                loop {
                    let next = if down {
                        row_after(rows, &row)
                    } else {
                        row_before(rows, &row)
                    };
                    let Some(next) = next else {
                        // No row further: go to the document's end.
                        return if down { rows.doc_len() } else { 0 };
                    };
                    travelled += next.height;
                    row = next;
                    if travelled >= budget {
                        break;
                    }
                }
                rows.offset_in_row(&row, x)
            }
        }
    }
}

/// The stops of `row` where a caret can stand between grapheme clusters,
/// with the word (an index into the line's words) each side of it.
fn stops_with_words(text: &Text, rows: &dyn Rows, row: &VisualRow) -> (bool, Vec<WordStop>) {
    let RowStops { rtl, stops } = rows.stops(row);
    // Only the row is segmented: a step costs what its row does, however
    // long the line.
    let s = text.slice(row.start, row.end).unwrap_or("");
    let mut boundaries = vec![row.start];
    for g in s.graphemes(true) {
        let last = *boundaries.last().unwrap_or(&row.start);
        boundaries.push(last + g.chars().count());
    }
    let words = words_in(s, row.start);
    let word_of = |c: Option<usize>| {
        let c = c?;
        let i = words.partition_point(|w| w.1 <= c);
        words.get(i).filter(|w| w.0 <= c).map(|_| i)
    };
    let stops = stops
        .into_iter()
        .filter(|st| boundaries.binary_search(&st.offset).is_ok())
        .map(|st| WordStop {
            offset: st.offset,
            left: word_of(st.left),
            right: word_of(st.right),
        })
        .collect();
    (rtl, stops)
}

/// A stop with the words shown left and right of it.
struct WordStop {
    offset: usize,
    left: Option<usize>,
    right: Option<usize>,
}

impl WordStop {
    /// Whether a word ends here, seen moving right (its right edge on
    /// screen) or left (its left edge).
    fn word_edge(&self, to_right: bool) -> bool {
        let (inside, outside) = if to_right {
            (self.left, self.right)
        } else {
            (self.right, self.left)
        };
        inside.is_some() && inside != outside
    }
}

/// One step left or right on screen, by character or to the next word
/// edge: along the row's stops, then on to the row after (or before, on a
/// right-to-left line) at its near end.
fn visual_move(text: &Text, rows: &dyn Rows, head: usize, to_right: bool, by_word: bool) -> usize {
    let mut row = rows.row_of(head);
    let (mut rtl, mut stops) = stops_with_words(text, rows, &row);
    let Some(mut k) = stops.iter().position(|s| s.offset == head) else {
        // Not a place a caret stands (inside a cluster): step logically.
        return if to_right != rtl {
            next_grapheme(text, head)
        } else {
            prev_grapheme(text, head)
        };
    };
    loop {
        let next = if to_right {
            Some(k + 1).filter(|&j| j < stops.len())
        } else {
            k.checked_sub(1)
        };
        match next {
            Some(j) => k = j,
            None => {
                // Off the row: on in reading order when moving the way the
                // line reads, back otherwise.
                let forward = to_right != rtl;
                let beyond = if forward {
                    row_after(rows, &row)
                } else {
                    row_before(rows, &row)
                };
                let Some(beyond) = beyond else {
                    // The document's first or last row: stay at its end.
                    return stops[k].offset;
                };
                row = beyond;
                (rtl, stops) = stops_with_words(text, rows, &row);
                if stops.is_empty() {
                    return row.start;
                }
                k = if to_right { 0 } else { stops.len() - 1 };
            }
        }
        if !by_word || stops[k].word_edge(to_right) {
            return stops[k].offset;
        }
    }
}

/// The start of the grapheme cluster before `at` (a line break counts as
/// one). Looks at the line around `at` only.
pub fn prev_grapheme(text: &Text, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    let (line, _) = text.line_col(at);
    let (start, _) = text.line_range(line).unwrap_or((0, 0));
    if at == start {
        return at - 1;
    }
    let s = text.slice(start, at).unwrap_or("");
    let last = s
        .graphemes(true)
        .next_back()
        .map_or(1, |g| g.chars().count());
    at - last
}

/// The end of the grapheme cluster after `at` (a line break counts as one).
pub fn next_grapheme(text: &Text, at: usize) -> usize {
    let len = text.len_chars();
    if at >= len {
        return len;
    }
    let (line, _) = text.line_col(at);
    let (_, end) = text.line_range(line).unwrap_or((len, len));
    if at >= end {
        return at + 1;
    }
    let s = text.slice(at, end).unwrap_or("");
    let first = s.graphemes(true).next().map_or(1, |g| g.chars().count());
    at + first
}

/// Whether a UAX #29 segment is a word (holds a letter or digit), not
/// white space or punctuation.
fn is_word(segment: &str) -> bool {
    segment.chars().any(char::is_alphanumeric)
}

/// The word segments of `s` as code-point ranges, `s` starting at
/// code point `start`.
fn words_in(s: &str, start: usize) -> Vec<(usize, usize)> {
    let mut at = start;
    let mut out = Vec::new();
    for seg in s.split_word_bounds() {
        let n = seg.chars().count();
        if is_word(seg) {
            out.push((at, at + n));
        }
        at += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of a fixed-width font, each `width` code points wide at most,
    /// 10 units high, one unit per code point.
    struct Fixed<'a> {
        text: &'a Text,
        width: usize,
    }

    impl Rows for Fixed<'_> {
        fn row_of(&self, offset: usize) -> VisualRow {
            let (line, col) = self.text.line_col(offset);
            let (s, e) = self.text.line_range(line).unwrap();
            let k = (col / self.width).min((e - s).saturating_sub(1) / self.width);
            let start = s + k * self.width;
            let end = (start + self.width).min(e);
            VisualRow {
                start,
                end,
                ends_line: end == e,
                height: 10.0,
            }
        }
        fn x_of(&self, offset: usize) -> f32 {
            (offset - self.row_of(offset).start) as f32
        }
        fn offset_in_row(&self, row: &VisualRow, x: f32) -> usize {
            (row.start + x.round().max(0.0) as usize).min(row.end)
        }
        fn doc_len(&self) -> usize {
            self.text.len_chars()
        }
    }

    fn run(text: &str, width: usize, at: usize, keys: &[(Motion, bool)]) -> Caret {
        let text = Text::new(text);
        let rows = Fixed { text: &text, width };
        let mut c = Caret {
            anchor: at,
            head: at,
            goal_x: None,
        };
        for &(m, shift) in keys {
            c.apply(&text, &rows, m, shift, 30.0);
        }
        c
    }

    #[test]
    fn right_steps_over_an_emoji_and_a_combining_accent_as_one_character() {
        // "a" "👍🏽" (two code points) "e\u{301}" (two) "\u{a0}" "b"
        let t = "a👍🏽e\u{301}\u{a0}b";
        let heads: Vec<usize> = (1..=6)
            .map(|n| run(t, 80, 0, &vec![(Motion::Right, false); n]).head)
            .collect();
        assert_eq!(heads, [1, 3, 5, 6, 7, 7]);
        let back: Vec<usize> = (1..=5)
            .map(|n| run(t, 80, 7, &vec![(Motion::Left, false); n]).head)
            .collect();
        assert_eq!(back, [6, 5, 3, 1, 0]);
    }

    #[test]
    fn shift_arrows_extend_and_a_plain_arrow_collapses_to_the_selections_edge() {
        let c = run(
            "hello world",
            80,
            2,
            &[(Motion::Right, true), (Motion::Right, true)],
        );
        assert_eq!((c.anchor, c.head), (2, 4));
        let c = run(
            "hello world",
            80,
            2,
            &[
                (Motion::Right, true),
                (Motion::Right, true),
                (Motion::Left, false),
            ],
        );
        assert_eq!((c.anchor, c.head), (2, 2));
    }

    #[test]
    fn ctrl_arrows_go_word_by_word_and_skip_punctuation_and_line_breaks() {
        let t = "Trade, ICT\n\n— and health.";
        let mut ends = Vec::new();
        let mut c = run(t, 80, 0, &[]);
        let text = Text::new(t);
        let rows = Fixed {
            text: &text,
            width: 80,
        };
        for _ in 0..5 {
            c.apply(&text, &rows, Motion::WordRight, true, 0.0);
            ends.push(c.head);
        }
        assert_eq!(ends, [5, 10, 17, 24, 25]);
        assert_eq!(c.anchor, 0, "Ctrl+Shift+Right extends from where it began");
        let mut starts = Vec::new();
        for _ in 0..4 {
            c.apply(&text, &rows, Motion::WordLeft, false, 0.0);
            starts.push(c.head);
        }
        assert_eq!(starts, [18, 14, 7, 0]);
    }

    #[test]
    fn words_in_chinese_are_characters_and_in_arabic_whole_words() {
        // UAX #29 has no dictionary: each ideograph is its own word.
        let zh = "中俄联合声明";
        assert_eq!(run(zh, 80, 0, &[(Motion::WordRight, false)]).head, 1);
        assert_eq!(run(zh, 80, 1, &[(Motion::WordRight, false)]).head, 2);
        // Laid out left to right here (the fixed rows): word by word.
        let ar = "منظمة الصحة";
        assert_eq!(run(ar, 80, 0, &[(Motion::WordRight, false)]).head, 5);
        assert_eq!(run(ar, 80, 5, &[(Motion::WordRight, false)]).head, 11);
        assert_eq!(run(ar, 80, 11, &[(Motion::WordLeft, false)]).head, 6);
    }

    #[test]
    fn up_and_down_keep_the_column_through_a_short_line() {
        // Rows of 10: "0123456789" / "abcdefghij" wrapped from one line,
        // then a short line "xy", then "klmnopqrst".
        let t = "0123456789abcdefghij\nxy\nklmnopqrst";
        let down = |n| run(t, 10, 7, &vec![(Motion::Down, false); n]).head;
        // Column 7 of the wrapped row, then "xy" (clamped to its end), then
        // column 7 again on the last line.
        assert_eq!([down(1), down(2), down(3), down(4)], [17, 23, 31, 34]);
        let up = run(t, 10, 31, &[(Motion::Up, false), (Motion::Up, false)]).head;
        assert_eq!(up, 17);
    }

    #[test]
    fn home_end_and_ctrl_home_end() {
        let t = "0123456789abcdefghij\nxy";
        assert_eq!(run(t, 10, 14, &[(Motion::RowStart, false)]).head, 10);
        assert_eq!(run(t, 10, 14, &[(Motion::RowEnd, false)]).head, 20);
        // On a row that wraps, End stops before the wrap point.
        assert_eq!(run(t, 10, 3, &[(Motion::RowEnd, false)]).head, 9);
        let c = run(t, 10, 14, &[(Motion::DocEnd, true)]);
        assert_eq!((c.anchor, c.head), (14, 23));
        assert_eq!(run(t, 10, 14, &[(Motion::DocStart, false)]).head, 0);
    }

    #[test]
    fn page_down_moves_a_screenful_and_stops_at_the_end() {
        // Ten lines "L0".."L9", rows 10 high; a page of 30 is three rows.
        let t: Vec<String> = (0..10).map(|i| format!("L{i}")).collect();
        let t = t.join("\n");
        let c = run(&t, 80, 1, &[(Motion::PageDown, false)]);
        assert_eq!(Text::new(t.as_str()).line_col(c.head), (3, 1));
        let c = run(&t, 80, 1, &[(Motion::PageDown, false); 5]);
        assert_eq!(c.head, t.chars().count());
        let c = run(&t, 80, 25, &[(Motion::PageUp, true)]);
        assert_eq!(Text::new(t.as_str()).line_col(c.head), (5, 1));
        assert_eq!(c.anchor, 25);
    }

    #[test]
    fn keys_map_to_motions() {
        let ctrl_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        assert_eq!(
            Motion::from_key(Key::ArrowRight, ctrl_shift),
            Some((Motion::WordRight, true))
        );
        assert_eq!(
            Motion::from_key(Key::End, Modifiers::COMMAND),
            Some((Motion::DocEnd, false))
        );
        assert_eq!(Motion::from_key(Key::ArrowLeft, Modifiers::ALT), None);
        assert_eq!(Motion::from_key(Key::A, Modifiers::NONE), None);
    }
}
