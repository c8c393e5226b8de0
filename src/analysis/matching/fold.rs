//! Unicode simple case folding: the fold tables and `fold_str`/`fold_char`.

use std::sync::OnceLock;

/// `s` with every character replaced by the representative of its simple
/// case folding orbit: two strings match ignoring case exactly when their
/// folds are equal. Keeps the number of characters (not the bytes).
pub fn fold_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while !rest.is_empty() {
        // A run of ASCII in one go, then one other character.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(ascii);
        let from = out.len();
        out.push_str(run);
        out[from..].make_ascii_uppercase();
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(fold_char(c));
        }
        rest = chars.as_str();
    }
    out
}

/// The representative of `c`'s simple case folding orbit (its smallest
/// member), the same for every character `(?i)` lets match `c`.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        // The smallest member of an ASCII letter's orbit is its capital
        // (`k` and `s` have non-ASCII partners too: the Kelvin sign, the
        // long s; both larger).
        return c.to_ascii_uppercase();
    }
    let n = c as usize;
    if n < BMP {
        let table = FOLD_BMP.get_or_init(build_bmp_table);
        return char::from_u32(table[n]).unwrap_or(c);
    }
    orbit_min(c)
}

pub(super) const BMP: usize = 0x1_0000;
pub(super) static FOLD_BMP: OnceLock<Vec<u32>> = OnceLock::new();

pub(super) fn build_bmp_table() -> Vec<u32> {
    (0..BMP as u32)
        .map(|n| match char::from_u32(n) {
            Some(c) if has_case(c) => orbit_min(c) as u32,
            _ => n,
        })
        .collect()
}

/// Whether `c` may have other members in its folding orbit: only
/// characters with case do (plus the few case-ignorable ones that fold,
/// such as U+0345, which `to_uppercase` changes).
pub(super) fn has_case(c: char) -> bool {
    c.is_lowercase()
        || c.is_uppercase()
        || c.to_uppercase().next() != Some(c)
        || c.to_lowercase().next() != Some(c)
}

pub(super) fn orbit_min(c: char) -> char {
    if !has_case(c) {
        return c;
    }
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges().first().map_or(c, ClassUnicodeRange::start)
}
