//! Word boundaries (UAX #29) with an ASCII fast path, and code-point
//! counting from byte offsets, for whole-word matching.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use crate::model::Text;

/// UTF-8 length of the character starting at byte `b` (1 at the end).
pub(super) fn char_len_at(s: &str, b: usize) -> usize {
    s[b..].chars().next().map_or(1, char::len_utf8)
}

/// Code-point offsets of byte offsets, counted on (or back) from the last
/// one asked for, so a pass over a 10 MB text asking in (nearly)
/// ascending order is linear.
pub(super) struct CharCounter<'s> {
    bytes: &'s [u8],
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'s> CharCounter<'s> {
    pub(super) fn new(s: &'s str) -> Self {
        CharCounter {
            bytes: s.as_bytes(),
            ascii: s.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of byte `b` (a character boundary).
    pub(super) fn at(&mut self, b: usize) -> usize {
        if self.ascii {
            return b;
        }
        if b >= self.byte {
            self.chars += starts(&self.bytes[self.byte..b]);
        } else {
            self.chars -= starts(&self.bytes[b..self.byte]);
        }
        self.byte = b;
        self.chars
    }
}

/// How many characters start in `bytes` (UTF-8): the bytes that are not
/// continuation bytes (`10xxxxxx`), counted eight at a time.
pub(super) fn starts(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let chunks = bytes.chunks_exact(8);
    let tail = chunks.remainder();
    let mut continuation = 0;
    for chunk in chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bit 7 of each byte set where bit 7 is set and bit 6 is not.
        continuation += (w & !(w << 1) & HIGH).count_ones() as usize;
    }
    continuation += tail.iter().filter(|&&x| (x & 0xC0) == 0x80).count();
    bytes.len() - continuation
}

/// Whether byte `b` of `s` (UTF-8, at a character boundary) is a word
/// boundary (UAX #29), when its ASCII neighbours decide it without the
/// rest of the text; `None` when they do not (a non-ASCII neighbour, an
/// underscore, two non-word characters, or a letter or digit beside an
/// apostrophe, period, colon, comma, semicolon or double quote that has
/// a letter or digit on its other side).
///
/// This is the rule table for ASCII: letters and digits join (WB5, WB8–
/// WB10); a line break always separates (WB3a, WB3b; the search treats
/// each line on its own); `'` `.` `:` `,` `;` `"` join letters or digits
/// only when one stands on both sides (WB6, WB7, WB11, WB12); `_` joins
/// (WB13a, WB13b); every other ASCII character beside a letter or digit
/// separates (WB999). It holds in a case-folded text as well: the only
/// characters that fold to ASCII are ASCII and two letters (`K`, `ſ`).
pub(super) fn ascii_boundary(s: &[u8], b: usize) -> Option<bool> {
    if b == 0 || b >= s.len() {
        return Some(true);
    }
    let (p, n) = (s[b - 1], s[b]);
    if !p.is_ascii() || !n.is_ascii() {
        return None;
    }
    if p == b'\n' || n == b'\n' {
        return Some(true);
    }
    let word = |x: u8| x.is_ascii_alphanumeric();
    let mid = |x: u8| matches!(x, b'\'' | b'.' | b':' | b',' | b';' | b'"');
    match (word(p), word(n)) {
        (true, true) => Some(false),
        (false, false) => None,
        (true, false) => {
            if n == b'_' {
                None
            } else if mid(n) {
                // Joined only if a letter or digit follows.
                match s.get(b + 1) {
                    None => Some(true),
                    Some(&x) if x.is_ascii() && !word(x) => Some(true),
                    Some(_) => None,
                }
            } else {
                Some(true)
            }
        }
        (false, true) => {
            if p == b'_' {
                None
            } else if mid(p) {
                // Joined only if a letter or digit precedes.
                match b.checked_sub(2).map(|i| s[i]) {
                    None => Some(true),
                    Some(x) if x.is_ascii() && !word(x) => Some(true),
                    Some(_) => None,
                }
            } else {
                Some(true)
            }
        }
    }
}

/// Word boundaries (UAX #29) of a text, asked for at code-point offsets
/// (or at byte offsets of the text or of its case folding, with a cheap
/// answer from the neighbouring characters when they are ASCII).
///
/// A line break always separates words, so each line is segmented on its
/// own. Within a line, the segmentation restarts at a space (U+0020): no
/// rule decides a boundary after a space by looking before it, nor one
/// before a space by looking past it, so the words between two spaces are
/// segmented alone, once, when a position between them is first asked for.
pub struct WordBounds<'t> {
    text: &'t Text,
    /// Byte range of the text segmented last (empty at first).
    window: Range<usize>,
    /// Byte offsets of the boundaries strictly inside `window`, ascending.
    bounds: Vec<usize>,
}

impl<'t> WordBounds<'t> {
    pub fn new(text: &'t Text) -> Self {
        WordBounds {
            text,
            window: 0..0,
            bounds: Vec::new(),
        }
    }

    /// Whether code point `c` is at a word boundary.
    pub fn is(&mut self, c: usize) -> bool {
        if c == 0 || c >= self.text.len_chars() {
            return true;
        }
        match self.text.char_to_byte(c) {
            Some(b) => self.is_in_text(b),
            None => true,
        }
    }

    /// Whether byte `b` of the text (a character boundary) is at a word
    /// boundary.
    pub(super) fn is_at_byte(&mut self, b: usize) -> bool {
        ascii_boundary(self.text.as_str().as_bytes(), b).unwrap_or_else(|| self.is_in_text(b))
    }

    /// Whether byte `b` of `folded`, the text's [`fold_str`], is at a word
    /// boundary; `c` is its code-point offset, called only when the
    /// neighbours are not ASCII.
    pub(super) fn is_at_folded(
        &mut self,
        folded: &[u8],
        b: usize,
        c: impl FnOnce() -> usize,
    ) -> bool {
        ascii_boundary(folded, b).unwrap_or_else(|| self.is(c()))
    }

    /// Whether byte `b` of the text (a character boundary strictly inside
    /// it) is at a word boundary.
    fn is_in_text(&mut self, b: usize) -> bool {
        let bytes = self.text.as_str().as_bytes();
        if b == 0 || b >= bytes.len() || bytes[b - 1] == b'\n' || bytes[b] == b'\n' {
            return true;
        }
        if !(self.window.start < b && b < self.window.end) {
            self.segment(b);
        }
        self.bounds.binary_search(&b).is_ok()
    }

    /// Segments the words around byte `b`: from the last space or line
    /// start before it to the next space or line end after it.
    fn segment(&mut self, b: usize) {
        let s = self.text.as_str();
        let bytes = s.as_bytes();
        let start = match bytes[..b].iter().rposition(|&x| x == b' ' || x == b'\n') {
            Some(i) if bytes[i] == b'\n' => i + 1,
            Some(i) => i,
            None => 0,
        };
        let end = bytes[b + 1..]
            .iter()
            .position(|&x| x == b' ' || x == b'\n')
            .map_or(bytes.len(), |i| b + 1 + i);
        self.window = start..end;
        self.bounds.clear();
        self.bounds.extend(
            s[start..end]
                .split_word_bound_indices()
                .map(|(i, _)| start + i),
        );
    }
}
