//! Document text with the one offset-conversion module of the crate.
//!
//! Offsets in the model and in project files are Unicode code points
//! (Rust `char`s, Python `str` indices). Internally Rust strings are UTF-8,
//! so [`Text`] keeps a sparse table of byte positions that makes
//! code point → byte conversion O(1) plus a short scan, and a line index.
//! Every other unit an exporter needs (UTF-16 code units) is converted here
//! too, so no module converts offsets ad hoc.

use std::fmt;

/// How many code points lie between two entries of the checkpoint table.
const CHECKPOINT_EVERY: usize = 128;

/// Immutable document text plus indexes for offset conversion.
#[derive(Clone)]
pub struct Text {
    string: String,
    /// Byte offset of every `CHECKPOINT_EVERY`-th code point; empty when
    /// the text is ASCII (byte offset == code point offset).
    checkpoints: Vec<usize>,
    /// UTF-16 offset of the same code points as `checkpoints`; empty when
    /// the text has no astral character (UTF-16 offset == code point offset).
    utf16_checkpoints: Vec<usize>,
    len_chars: usize,
    /// Code-point offsets where lines start (after each `\n`), first is 0.
    line_starts: Vec<usize>,
}

impl Text {
    /// Wraps a string (already decoded and normalised) and builds its indexes.
    pub fn new(string: impl Into<String>) -> Self {
        let string = string.into();
        let ascii = string.is_ascii();
        let mut checkpoints = Vec::new();
        let mut utf16_checkpoints = Vec::new();
        let mut line_starts = vec![0];
        let mut len_chars = 0;
        if ascii {
            len_chars = string.len();
            line_starts.extend(memchr_newlines(string.as_bytes()).map(|b| b + 1));
        } else {
            let mut units = 0;
            let mut astral = false;
            for (byte, c) in string.char_indices() {
                if len_chars % CHECKPOINT_EVERY == 0 {
                    checkpoints.push(byte);
                    utf16_checkpoints.push(units);
                }
                len_chars += 1;
                units += c.len_utf16();
                astral |= c.len_utf16() == 2;
                if c == '\n' {
                    line_starts.push(len_chars);
                }
            }
            if !astral {
                utf16_checkpoints = Vec::new();
            }
        }
        Text {
            string,
            checkpoints,
            utf16_checkpoints,
            len_chars,
            line_starts,
        }
    }

    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        &self.string
    }

    /// Length in Unicode code points.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.string.is_empty()
    }

    /// Byte offset of code point `c`; `c == len_chars()` maps to the end.
    /// Returns `None` past the end.
    pub fn char_to_byte(&self, c: usize) -> Option<usize> {
        if c > self.len_chars {
            return None;
        }
        if self.checkpoints.is_empty() {
            return Some(c);
        }
        if c == self.len_chars {
            return Some(self.string.len());
        }
        let block = c / CHECKPOINT_EVERY;
        let base = self.checkpoints[block];
        let skip = c - block * CHECKPOINT_EVERY;
        self.string[base..]
            .char_indices()
            .nth(skip)
            .map(|(b, _)| base + b)
    }

    /// Code-point offset of byte offset `b`. A byte inside a UTF-8 sequence
    /// maps to the code point that contains it. Returns `None` past the end.
    pub fn byte_to_char(&self, b: usize) -> Option<usize> {
        if b > self.string.len() {
            return None;
        }
        if self.checkpoints.is_empty() {
            return Some(b);
        }
        let block = self.checkpoints.partition_point(|&cp| cp <= b) - 1;
        let base = self.checkpoints[block];
        let mut c = block * CHECKPOINT_EVERY;
        for (off, _) in self.string[base..].char_indices() {
            if base + off >= b {
                return Some(if base + off == b { c } else { c - 1 });
            }
            c += 1;
        }
        Some(if b == self.string.len() { c } else { c - 1 })
    }

    /// The text between code points `start` (inclusive) and `end`
    /// (exclusive), or `None` if the range is reversed or out of bounds.
    pub fn slice(&self, start: usize, end: usize) -> Option<&str> {
        if start > end {
            return None;
        }
        let b0 = self.char_to_byte(start)?;
        let b1 = self.char_to_byte(end)?;
        Some(&self.string[b0..b1])
    }

    /// Number of lines (a text ending in `\n` has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Code-point offset where line `line` (0-based) starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// Code-point range of line `line` (0-based), without its `\n`.
    pub fn line_range(&self, line: usize) -> Option<(usize, usize)> {
        let start = self.line_start(line)?;
        let end = match self.line_starts.get(line + 1) {
            Some(next) => next - 1,
            None => self.len_chars,
        };
        Some((start, end))
    }

    /// 0-based line and code-point column of offset `c`.
    pub fn line_col(&self, c: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= c) - 1;
        (line, c - self.line_starts[line])
    }

    /// UTF-16 code-unit offset of code point `c` (for formats that count
    /// in UTF-16, such as WebAnno TSV and UIMA XMI).
    /// O(1) plus a scan of at most one checkpoint block.
    pub fn char_to_utf16(&self, c: usize) -> Option<usize> {
        let b = self.char_to_byte(c)?;
        if self.utf16_checkpoints.is_empty() {
            return Some(c);
        }
        let block = (c / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        let base = self.checkpoints[block];
        Some(self.utf16_checkpoints[block] + utf16_len(&self.string[base..b]))
    }

    /// Code-point offset of UTF-16 offset `u`; `None` if `u` is past the
    /// end or falls between the two halves of a surrogate pair.
    pub fn utf16_to_char(&self, u: usize) -> Option<usize> {
        if self.utf16_checkpoints.is_empty() {
            return (u <= self.len_chars).then_some(u);
        }
        let block = self.utf16_checkpoints.partition_point(|&x| x <= u) - 1;
        let mut units = self.utf16_checkpoints[block];
        let first = block * CHECKPOINT_EVERY;
        for (i, ch) in self.string[self.checkpoints[block]..].chars().enumerate() {
            if units == u {
                return Some(first + i);
            }
            units += ch.len_utf16();
            if units > u {
                return None;
            }
        }
        (units == u).then_some(self.len_chars)
    }
}

impl Text {
    /// Widens `[start, end)` to whole words (Unicode word boundaries,
    /// UAX #29): a range that starts or ends inside a word takes all of it.
    /// Leading and trailing white space is trimmed off the result unless
    /// that would leave it empty.
    pub fn snap_to_words(&self, start: usize, end: usize) -> (usize, usize) {
        use unicode_segmentation::UnicodeSegmentation;
        let (Some(b0), Some(b1)) = (self.char_to_byte(start), self.char_to_byte(end)) else {
            return (start, end);
        };
        if b0 >= b1 {
            return (start, end);
        }
        // Look at the lines around the range only, never the whole text.
        let line_start = self.string[..b0].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.string[b1..]
            .find('\n')
            .map_or(self.string.len(), |i| b1 + i);
        let mut s = b0;
        let mut e = b1;
        for (off, word) in self.string[line_start..line_end].split_word_bound_indices() {
            let (w0, w1) = (line_start + off, line_start + off + word.len());
            if w0 < b0 && b0 < w1 {
                s = w0;
            }
            if w0 < b1 && b1 < w1 {
                e = w1;
            }
        }
        let trimmed = self.string[s..e].trim();
        if !trimmed.is_empty() {
            s += self.string[s..e].len() - self.string[s..e].trim_start().len();
            e = s + trimmed.len();
        }
        let to_char = |b| self.byte_to_char(b).unwrap_or(0);
        (to_char(s), to_char(e))
    }

    /// `[start, end)` without the white space at its ends, or `None` when
    /// the range holds nothing but white space (or nothing at all). White
    /// space is Unicode `White_Space` ([`char::is_whitespace`]): U+00A0,
    /// tabs and line breaks count. This is the one rule that keeps a span
    /// from being only white space, for the window, the CLI and importers.
    /// A range that does not fit the text comes back unchanged, for the
    /// caller's range check to report.
    pub fn trim_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let Some(s) = self.slice(start, end) else {
            return Some((start, end));
        };
        let lead = s.chars().take_while(|c| c.is_whitespace()).count();
        let rest = &s[s.len() - s.trim_start().len()..];
        if rest.is_empty() {
            return None;
        }
        let trail = rest.chars().rev().take_while(|c| c.is_whitespace()).count();
        Some((start + lead, end - trail))
    }

    /// The word (UAX #29) containing code point `c`, as a code-point range.
    pub fn word_at(&self, c: usize) -> (usize, usize) {
        self.snap_to_words(c, (c + 1).min(self.len_chars))
    }

    /// Code-point ranges of every case-insensitive occurrence of `needle`
    /// (both lowercased with [`char::to_lowercase`]), leftmost first and
    /// never overlapping. One pass over the text keeping only the last
    /// `needle`-length window, so a 10 MB text allocates nothing.
    pub fn find_all(&self, needle: &str) -> Vec<(usize, usize)> {
        let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
        let Some(&last) = needle.last() else {
            return Vec::new();
        };
        let mut search = Search {
            ring: vec![(0, '\0'); needle.len()],
            needle: &needle,
            last,
            at: 0,
            seen: 0,
            allowed: 0,
            out: Vec::new(),
        };
        for (i, c) in self.string.chars().enumerate() {
            if c.is_ascii() {
                search.push(i, c.to_ascii_lowercase());
            } else {
                for l in c.to_lowercase() {
                    search.push(i, l);
                }
            }
        }
        search.out
    }
}

/// State of [`Text::find_all`]: the last `needle.len()` lowercase
/// characters with the code point each comes from, as a ring whose next
/// slot is `at`.
struct Search<'n> {
    ring: Vec<(usize, char)>,
    needle: &'n [char],
    last: char,
    at: usize,
    /// Lowercase characters seen, and where the next match may start.
    seen: usize,
    allowed: usize,
    out: Vec<(usize, usize)>,
}

impl Search<'_> {
    #[inline]
    fn push(&mut self, i: usize, l: char) {
        let m = self.ring.len();
        self.ring[self.at] = (i, l);
        self.at = if self.at + 1 == m { 0 } else { self.at + 1 };
        self.seen += 1;
        if l != self.last || self.seen < m || self.seen - m < self.allowed {
            return;
        }
        // The window starts at the slot written `m` steps ago: `at`.
        let matches = (0..m).all(|k| {
            let j = self.at + k;
            self.ring[if j >= m { j - m } else { j }].1 == self.needle[k]
        });
        if matches {
            let start = self.ring[self.at].0;
            if self.out.last().is_none_or(|&(_, e)| start >= e) {
                self.out.push((start, i + 1));
            }
            self.allowed = self.seen;
        }
    }
}

/// Maps code-point offsets in a text before newline normalisation to
/// offsets after it: each `\r` that is followed by `\n` disappears.
pub struct CrlfMap {
    /// Code-point offsets (before) of the removed `\r`s, ascending.
    removed: Vec<usize>,
}

impl CrlfMap {
    pub fn new(text: &str) -> Self {
        let mut removed = Vec::new();
        let mut chars = text.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
                removed.push(i);
            }
        }
        CrlfMap { removed }
    }

    /// The offset after normalisation; an offset between `\r` and `\n`
    /// lands on the `\n`.
    pub fn map(&self, c: usize) -> usize {
        c - self.removed.partition_point(|&r| r < c)
    }
}

/// Number of UTF-16 code units needed for `s`.
pub fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}

/// A place in a source file for a message: 1-based line, and 1-based
/// column counted in code points. Shown as `line 3, column 7`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// The one lookup from a byte offset in a source file (a project file, an
/// imported JSON or XML file) to the line and column a message names.
///
/// Positions are usually asked for in file order, so the last answer is
/// kept and the next one on the same line counts on from it: a file
/// written on one long line stays linear to report on.
pub struct SourcePositions<'s> {
    source: &'s str,
    /// Byte offsets where lines start (after each `\n`), first is 0.
    starts: Vec<usize>,
    /// The last answer: byte offset, 0-based line, 0-based column.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'s> SourcePositions<'s> {
    pub fn new(source: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(source.as_bytes()).map(|i| i + 1));
        SourcePositions {
            source,
            starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The line and column of byte `byte`: past the end is the end, inside
    /// a UTF-8 sequence is that character.
    pub fn at(&self, byte: usize) -> LineCol {
        let mut byte = byte.min(self.source.len());
        while !self.source.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let (last_byte, last_line, last_col) = self.last.get();
        let (from, base) = if line == last_line && last_byte <= byte {
            (last_byte, last_col)
        } else {
            (self.starts[line], 0)
        };
        let col = base + self.source[from..byte].chars().count();
        self.last.set((byte, line, col));
        LineCol {
            line: line + 1,
            column: col + 1,
        }
    }

    /// The place a parser names by 1-based line and 1-based *byte* column
    /// (serde_json does), with the column in code points. A line past the
    /// end is the end; a column past its line's end is that line's end.
    pub fn at_line_byte(&self, line: usize, byte_column: usize) -> LineCol {
        let Some(&start) = self.starts.get(line.max(1) - 1) else {
            return self.at(self.source.len());
        };
        let end = self
            .starts
            .get(line.max(1))
            .map_or(self.source.len(), |next| next - 1);
        self.at((start + byte_column.saturating_sub(1)).min(end))
    }
}

/// Where the first byte that is not UTF-8 stands in `bytes`, of which the
/// first `valid_up_to` are valid (as [`std::str::Utf8Error`] says).
pub fn invalid_utf8_at(bytes: &[u8], valid_up_to: usize) -> LineCol {
    let valid = std::str::from_utf8(&bytes[..valid_up_to.min(bytes.len())]).unwrap_or_default();
    SourcePositions::new(valid).at(valid.len())
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.string == other.string
    }
}

impl Eq for Text {}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.string, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_offsets_are_identity() {
        let t = Text::new("ab\ncd");
        assert_eq!(t.len_chars(), 5);
        assert_eq!(t.char_to_byte(3), Some(3));
        assert_eq!(t.slice(3, 5), Some("cd"));
        assert_eq!(t.line_count(), 2);
        assert_eq!(t.line_range(0), Some((0, 2)));
        assert_eq!(t.line_col(4), (1, 1));
    }

    #[test]
    fn non_ascii_and_astral() {
        let s = "a\u{a0}b😀c\nд";
        let t = Text::new(s);
        assert_eq!(t.len_chars(), 7);
        assert_eq!(t.slice(1, 2), Some("\u{a0}"));
        assert_eq!(t.slice(3, 4), Some("😀"));
        assert_eq!(t.slice(6, 7), Some("д"));
        assert_eq!(t.char_to_utf16(4), Some(5));
        assert_eq!(t.utf16_to_char(5), Some(4));
        assert_eq!(t.utf16_to_char(4), None, "inside a surrogate pair");
        assert_eq!(t.byte_to_char(5), Some(3), "inside the emoji");
        assert_eq!(t.slice(0, 8), None);
        assert_eq!(t.slice(2, 1), None);
    }

    #[test]
    fn snapping_to_words_and_finding() {
        let t = Text::new("The coronavirus\u{a0}epidemic 😀 has become");
        // "oronav" inside "coronavirus" widens to the word.
        assert_eq!(t.slice_pair(t.snap_to_words(5, 10)), "coronavirus");
        // A range over a space trims it.
        assert_eq!(t.slice_pair(t.snap_to_words(3, 8)), "coronavirus");
        assert_eq!(t.slice_pair(t.word_at(18)), "epidemic");
        assert_eq!(t.find_all("HAS"), vec![(27, 30)]);
        assert_eq!(
            t.find_all("e"),
            vec![(2, 3), (16, 17), (20, 21), (32, 33), (36, 37)]
        );
    }

    impl Text {
        fn slice_pair(&self, (a, b): (usize, usize)) -> &str {
            self.slice(a, b).unwrap()
        }
    }

    proptest! {
        #[test]
        fn conversions_agree_with_naive(s in "\\PC{0,400}", picks in proptest::collection::vec(0usize..500, 1..20)) {
            let t = Text::new(s.as_str());
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            prop_assert_eq!(t.len_chars(), chars.len());
            for p in picks {
                let c = p % (chars.len() + 1);
                let naive_byte = chars.get(c).map(|x| x.0).unwrap_or(s.len());
                prop_assert_eq!(t.char_to_byte(c), Some(naive_byte));
                prop_assert_eq!(t.byte_to_char(naive_byte), Some(c));
                let naive_u16: usize = s[..naive_byte].encode_utf16().count();
                prop_assert_eq!(t.char_to_utf16(c), Some(naive_u16));
                prop_assert_eq!(t.utf16_to_char(naive_u16), Some(c));
            }
        }
    }

    /// The first implementation, kept as the reference.
    fn find_all_naive(text: &str, needle: &str) -> Vec<(usize, usize)> {
        let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
        if needle.is_empty() {
            return Vec::new();
        }
        let hay: Vec<(usize, char)> = text
            .chars()
            .enumerate()
            .flat_map(|(i, c)| c.to_lowercase().map(move |l| (i, l)))
            .collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i + needle.len() <= hay.len() {
            if hay[i..i + needle.len()]
                .iter()
                .map(|x| x.1)
                .eq(needle.iter().copied())
            {
                let start = hay[i].0;
                let end = hay[i + needle.len() - 1].0 + 1;
                if out.last().is_none_or(|&(_, e)| start >= e) {
                    out.push((start, end));
                }
                i += needle.len();
            } else {
                i += 1;
            }
        }
        out
    }

    proptest! {
        #[test]
        fn find_all_agrees_with_the_naive_search(
            text in "[aAbBİi\u{307}ẞßsS😀 ]{0,60}",
            needle in "[aAbBİi\u{307}ẞßsS😀 ]{0,4}",
        ) {
            prop_assert_eq!(Text::new(text.as_str()).find_all(&needle), find_all_naive(&text, &needle));
        }
    }

    #[test]
    fn find_all_overlapping_and_expanding_cases() {
        let t = Text::new("aaaa İi\u{307} x");
        assert_eq!(t.find_all("aa"), vec![(0, 2), (2, 4)]);
        assert_eq!(t.find_all("i\u{307}"), vec![(5, 6), (6, 8)]);
        assert_eq!(t.find_all("İ"), vec![(5, 6), (6, 8)]);
        assert!(t.find_all("").is_empty());
    }

    #[test]
    fn crlf_map_handles_astral_and_lone_cr() {
        let m = CrlfMap::new("😀\r\nx\ry\r\n");
        // Removed: index 1 and index 6.
        assert_eq!(
            [0, 1, 2, 3, 4, 5, 6, 7].map(|c| m.map(c)),
            [0, 1, 1, 2, 3, 4, 5, 5]
        );
    }

    #[test]
    fn utf16_offsets_inside_a_surrogate_pair_and_past_blocks() {
        // 300 code points with an emoji every 7th: several checkpoint blocks.
        let s: String = (0..300)
            .map(|i| if i % 7 == 0 { '😀' } else { 'é' })
            .collect();
        let t = Text::new(s.as_str());
        let mut units = 0;
        for (c, ch) in s.chars().enumerate() {
            assert_eq!(t.char_to_utf16(c), Some(units));
            assert_eq!(t.utf16_to_char(units), Some(c));
            if ch.len_utf16() == 2 {
                assert_eq!(t.utf16_to_char(units + 1), None, "inside the pair at {c}");
            }
            units += ch.len_utf16();
        }
        assert_eq!(t.char_to_utf16(300), Some(units));
        assert_eq!(t.utf16_to_char(units), Some(300));
        assert_eq!(t.utf16_to_char(units + 1), None);
        // No astral character: UTF-16 offsets are code points.
        let bmp = Text::new("Grüße\nKöln");
        assert_eq!(bmp.char_to_utf16(10), Some(10));
        assert_eq!(bmp.utf16_to_char(11), None);
    }

    #[test]
    fn a_range_is_trimmed_of_white_space_and_a_blank_one_is_refused() {
        // "Health" between a no-break space and a line break (from CRLF),
        // then an emoji and a tab.
        let t = Text::new("a\u{a0}Health\n😀\t b");
        let chars: Vec<char> = t.as_str().chars().collect();
        // The double-clicked space between two words: nothing to tag.
        assert_eq!(t.trim_range(10, 12), None, "{:?}", &chars[10..12]);
        assert_eq!(t.trim_range(1, 2), None, "a lone U+00A0");
        assert_eq!(t.trim_range(3, 3), None, "an empty range");
        // " Health\n" loses the no-break space and the line break.
        assert_eq!(t.trim_range(1, 9), Some((2, 8)));
        assert_eq!(t.slice(2, 8), Some("Health"));
        // Ending after the emoji and the tab: the astral character stays.
        assert_eq!(t.trim_range(7, 11), Some((7, 10)));
        assert_eq!(t.slice(7, 10), Some("h\n😀"));
        // Nothing to trim, and ranges the text does not hold, unchanged.
        assert_eq!(t.trim_range(0, 13), Some((0, 13)));
        assert_eq!(t.trim_range(0, 12), Some((0, 10)));
        assert_eq!(t.trim_range(5, 99), Some((5, 99)));
        assert_eq!(t.trim_range(6, 2), Some((6, 2)));
    }

    #[test]
    fn error_positions_count_code_points_from_one() {
        // Cyrillic is two bytes a character, the emoji four.
        let src = SourcePositions::new("ab\nдд x😀y");
        assert_eq!(src.at(0), LineCol { line: 1, column: 1 });
        assert_eq!(src.at(3), LineCol { line: 2, column: 1 });
        assert_eq!(src.at(8), LineCol { line: 2, column: 4 });
        assert_eq!(src.at(13).to_string(), "line 2, column 6");
        // Inside the emoji is the emoji; past the end is the end.
        assert_eq!(src.at(12), LineCol { line: 2, column: 5 });
        assert_eq!(src.at(99), LineCol { line: 2, column: 7 });
    }

    #[test]
    fn error_positions_count_on_from_the_last_one_in_any_order() {
        let text = "x😀y\nдд\u{a0}😀 x\r\n<b/>😀<c/>";
        let src = SourcePositions::new(text);
        let fresh = |b| SourcePositions::new(text).at(b);
        // Forwards on a line, back, across lines, back again.
        for b in [0, 1, 5, 6, 12, 7, 16, 5, 0, 17, 22, 30, 24, 33] {
            assert_eq!(src.at(b), fresh(b), "byte {b}");
        }
    }

    #[test]
    fn a_parsers_byte_column_becomes_a_code_point_column() {
        // serde_json says line 2, byte column 7 for the "x" after "é😀".
        let src = SourcePositions::new("{}\n[\"é😀x");
        assert_eq!(src.at_line_byte(2, 9), LineCol { line: 2, column: 5 });
        assert_eq!(src.at_line_byte(1, 99), LineCol { line: 1, column: 3 });
        assert_eq!(src.at_line_byte(9, 1), LineCol { line: 2, column: 6 });
    }

    #[test]
    fn the_first_invalid_utf8_byte_is_named_by_line_and_column() {
        let bytes = [b"caf\xc3\xa9\r\nna".as_slice(), b"\xef", b"ve"].concat();
        let e = std::str::from_utf8(&bytes).unwrap_err();
        assert_eq!(
            invalid_utf8_at(&bytes, e.valid_up_to()),
            LineCol { line: 2, column: 3 }
        );
    }
}
