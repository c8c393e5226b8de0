//! Finding text in documents, for Tag All, the find bar's counts and the
//! themes' rules. One engine, so that `tag-all`, a rule and the window
//! agree on what matches:
//!
//! - **Text** is matched literally. Ignoring case means Unicode simple
//!   case folding: a character matches every character of its folding
//!   orbit (`K`, `k` and the Kelvin sign `K`; `Σ`, `σ` and `ς`), exactly
//!   as the `regex` crate's `(?i)` does, never a different number of
//!   characters (`ß` does not match `ss`).
//! - **Regexes** use the `regex` crate's syntax and its `(?i)` for
//!   ignoring case.
//! - Matches never overlap each other: leftmost first, as the `regex`
//!   crate finds them.
//! - **Whole word** keeps a match only if it starts and ends at word
//!   boundaries (UAX #29, as `unicode-segmentation` finds them); a match
//!   that does not is skipped and the search goes on one character after
//!   its start, so `ab ab` is found in `xab ab ab` at the second `ab`.
//! - Results are code-point ranges, the model's offsets.
//!
//! Rules (`RuleSet`) run every word rule of the codebook in one pass over
//! the case-folded text (Aho–Corasick), then each regex rule, so 200 rules
//! over 10 MB cost little more than one; on a long text the regex rules
//! run on a second thread. Progress is reported after each pass, and the
//! caller's progress callback stops the run (see [`suggest`]).
//!
//! Speed without changing results: most word boundaries are decided by
//! the ASCII characters around them (`ascii_boundary`), the rest by
//! segmenting only the words between two spaces; code points are counted
//! on from the previous match, never from the start.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{OnceLock, mpsc};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexBuilder};
use thiserror::Error;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::coding_rule::check_regex;
use crate::model::{
    CodingRule, Document, Edit, Project, RuleError, Span, Suggestion, Text, UnknownTheme,
};

/// What to look for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// Literal text (a word or phrase).
    Text(String),
    /// A regex in the `regex` crate's syntax.
    Regex(String),
}

/// A search: the pattern and how it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub pattern: Pattern,
    /// Match case exactly (off: Unicode simple case folding).
    pub case_sensitive: bool,
    /// Keep only matches that start and end at word boundaries (UAX #29).
    pub whole_word: bool,
}

impl Query {
    /// Literal text, ignoring case, anywhere.
    pub fn text(text: impl Into<String>) -> Self {
        Query {
            pattern: Pattern::Text(text.into()),
            case_sensitive: false,
            whole_word: false,
        }
    }

    /// A regex, ignoring case, anywhere.
    pub fn regex(regex: impl Into<String>) -> Self {
        Query {
            pattern: Pattern::Regex(regex.into()),
            case_sensitive: false,
            whole_word: false,
        }
    }

    /// The same query matching case exactly (or not).
    pub fn case_sensitive(mut self, yes: bool) -> Self {
        self.case_sensitive = yes;
        self
    }

    /// The same query keeping whole words only (or not).
    pub fn whole_word(mut self, yes: bool) -> Self {
        self.whole_word = yes;
        self
    }

    /// The query a theme rule stands for: words and phrases match whole
    /// words ignoring case; regexes match case-sensitively anywhere.
    pub fn for_rule(rule: &CodingRule) -> Self {
        match rule {
            CodingRule::Words(w) => Query::text(w.clone()).whole_word(true),
            CodingRule::Regex(r) => Query::regex(r.clone()).case_sensitive(true),
        }
    }
}

/// Why a search or Tag All cannot run. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MatchError {
    #[error("there is nothing to search for: the text is empty")]
    EmptyText,
    #[error(transparent)]
    Pattern(#[from] RuleError),
    #[error(transparent)]
    NoSuchTheme(#[from] UnknownTheme),
    #[error("there is no document {0:?} in the project")]
    NoSuchDocument(String),
    #[error("stopped before the end")]
    Cancelled,
}

/// A compiled [`Query`]: a literal (under `(?i)` when ignoring case) or
/// a regex, matched in the text itself. Ignoring case, an escaped literal
/// under `(?i)` finds exactly what matching its simple case folding in the
/// folded text would, one character for one character.
#[derive(Clone, Debug)]
pub struct Matcher {
    regex: Regex,
    whole_word: bool,
}

impl Matcher {
    /// Compiles `query`; an empty text, an invalid regex (with the
    /// character where it fails) or a regex that matches the empty string
    /// is refused.
    pub fn new(query: &Query) -> Result<Matcher, MatchError> {
        let regex = match &query.pattern {
            Pattern::Text(text) if text.is_empty() => return Err(MatchError::EmptyText),
            Pattern::Text(text) => literal(text, !query.case_sensitive)?,
            Pattern::Regex(pattern) => {
                check_regex(pattern, !query.case_sensitive)?;
                RegexBuilder::new(pattern)
                    .case_insensitive(!query.case_sensitive)
                    .build()
                    .map_err(|e| RuleError::RegexTooBig {
                        pattern: pattern.clone(),
                        problem: e.to_string(),
                    })?
            }
        };
        Ok(Matcher {
            regex,
            whole_word: query.whole_word,
        })
    }

    /// Every match in `text`, as code-point ranges, leftmost first and
    /// never overlapping.
    pub fn find_all(&self, text: &Text) -> Vec<Range<usize>> {
        let regex = &self.regex;
        let haystack = text.as_str();
        let mut bounds = WordBounds::new(text);
        let mut counter = CharCounter::new(haystack);
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(m) = regex.find_at(haystack, at) {
            let whole =
                !self.whole_word || (bounds.is_at_byte(m.start()) && bounds.is_at_byte(m.end()));
            if whole {
                out.push(counter.at(m.start())..counter.at(m.end()));
                at = m.end();
            } else {
                // Go on one character after the start.
                at = m.start() + char_len_at(haystack, m.start());
            }
            if at > haystack.len() {
                break;
            }
        }
        out
    }

    /// How many matches `text` has.
    pub fn count(&self, text: &Text) -> usize {
        self.find_all(text).len()
    }
}

/// A regex for the literal `text`, ignoring case (simple case folding)
/// or not.
fn literal(text: &str, ignore_case: bool) -> Result<Regex, RuleError> {
    RegexBuilder::new(&regex::escape(text))
        .case_insensitive(ignore_case)
        .build()
        .map_err(|e| RuleError::RegexTooBig {
            pattern: text.to_owned(),
            problem: e.to_string(),
        })
}

/// UTF-8 length of the character starting at byte `b` (1 at the end).
fn char_len_at(s: &str, b: usize) -> usize {
    s[b..].chars().next().map_or(1, char::len_utf8)
}

/// Code-point offsets of byte offsets, counted on (or back) from the last
/// one asked for, so a pass over a 10 MB text asking in (nearly)
/// ascending order is linear.
struct CharCounter<'s> {
    bytes: &'s [u8],
    ascii: bool,
    byte: usize,
    chars: usize,
}

impl<'s> CharCounter<'s> {
    fn new(s: &'s str) -> Self {
        CharCounter {
            bytes: s.as_bytes(),
            ascii: s.is_ascii(),
            byte: 0,
            chars: 0,
        }
    }

    /// The code-point offset of byte `b` (a character boundary).
    fn at(&mut self, b: usize) -> usize {
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
fn starts(bytes: &[u8]) -> usize {
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
fn ascii_boundary(s: &[u8], b: usize) -> Option<bool> {
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
    fn is_at_byte(&mut self, b: usize) -> bool {
        ascii_boundary(self.text.as_str().as_bytes(), b).unwrap_or_else(|| self.is_in_text(b))
    }

    /// Whether byte `b` of `folded`, the text's [`fold_str`], is at a word
    /// boundary; `c` is its code-point offset, called only when the
    /// neighbours are not ASCII.
    fn is_at_folded(&mut self, folded: &[u8], b: usize, c: impl FnOnce() -> usize) -> bool {
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

const BMP: usize = 0x1_0000;
static FOLD_BMP: OnceLock<Vec<u32>> = OnceLock::new();

fn build_bmp_table() -> Vec<u32> {
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
fn has_case(c: char) -> bool {
    c.is_lowercase()
        || c.is_uppercase()
        || c.to_uppercase().next() != Some(c)
        || c.to_lowercase().next() != Some(c)
}

fn orbit_min(c: char) -> char {
    if !has_case(c) {
        return c;
    }
    use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    class.case_fold_simple();
    class.ranges().first().map_or(c, ClassUnicodeRange::start)
}

/// The outcome of Tag All: the spans to add per document, and what was
/// left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagAll {
    /// New spans per document, in project order (documents without any
    /// are left out); each document's spans in text order.
    pub spans: Vec<(String, Vec<Span>)>,
    /// Matches found in all the searched documents.
    pub matches: usize,
    /// Matches already tagged with the theme (same start and end).
    pub already_tagged: usize,
    /// Matches that cover only white space (a span never does).
    pub blank: usize,
}

impl TagAll {
    /// How many spans Tag All adds.
    pub fn added(&self) -> usize {
        self.spans.iter().map(|(_, s)| s.len()).sum()
    }

    /// The one undoable edit that adds them; `None` when there is none.
    pub fn edit(&self) -> Option<Edit> {
        let edits: Vec<Edit> = self
            .spans
            .iter()
            .map(|(doc, spans)| Edit::AddSpans {
                doc: doc.clone(),
                spans: spans.clone(),
            })
            .collect();
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }
}

/// Tags every match of `matcher` with `theme` by `annotator` in the
/// documents `docs` (all when empty), skipping matches that already have
/// a span of that theme with the same start and end (by anyone) and
/// matches that are only white space.
pub fn tag_all(
    project: &Project,
    theme: &str,
    matcher: &Matcher,
    docs: &[String],
    annotator: &str,
) -> Result<TagAll, MatchError> {
    if project.theme(theme).is_none() {
        return Err(UnknownTheme::new(project, theme).into());
    }
    let mut out = TagAll::default();
    for doc in documents(project, docs)? {
        let tagged: HashSet<(usize, usize)> = doc
            .spans()
            .spans()
            .iter()
            .filter(|s| s.theme == theme)
            .map(|s| (s.start, s.end))
            .collect();
        let mut spans = Vec::new();
        for m in matcher.find_all(doc.text()) {
            out.matches += 1;
            if tagged.contains(&(m.start, m.end)) {
                out.already_tagged += 1;
            } else if doc.text().trim_range(m.start, m.end).is_none() {
                out.blank += 1;
            } else {
                spans.push(Span::new(m.start, m.end, theme, annotator));
            }
        }
        if !spans.is_empty() {
            out.spans.push((doc.id.clone(), spans));
        }
    }
    Ok(out)
}

/// The documents with these ids (all of them when `ids` is empty), in
/// project order; an unknown id is an error.
pub fn documents<'p>(
    project: &'p Project,
    ids: &[String],
) -> Result<Vec<&'p Document>, MatchError> {
    if let Some(missing) = ids.iter().find(|id| project.document(id).is_none()) {
        return Err(MatchError::NoSuchDocument(missing.clone()));
    }
    Ok(project
        .documents()
        .iter()
        .filter(|d| ids.is_empty() || ids.contains(&d.id))
        .collect())
}

/// Every theme's rules, compiled once to run over many documents.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// The distinct case-folded word rules, searched together.
    words: Option<AhoCorasick>,
    /// For each word pattern: its length in code points and the themes
    /// (indices into `themes`) whose rules it is.
    word_rules: Vec<(usize, Vec<u32>)>,
    /// Each regex rule with its theme (an index into `themes`).
    regexes: Vec<(u32, Regex)>,
    /// The ids of the themes with rules, sorted, so that sorting by index
    /// sorts by id.
    themes: Vec<String>,
    /// Whether a word rule holds a line break (then the word rules of a
    /// text are not split by lines between threads).
    words_cross_lines: bool,
}

/// One match of a rule: code points, the theme's index in
/// [`RuleSet::themes`], and whether it covers only white space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    start: usize,
    end: usize,
    theme: u32,
    blank: bool,
}

impl RuleSet {
    /// Compiles the rules of every theme of `project`; a rule that cannot
    /// be used (which a valid project never holds) is an error naming it.
    pub fn new(project: &Project) -> Result<RuleSet, MatchError> {
        let mut themes: Vec<String> = project
            .themes()
            .iter()
            .filter(|t| !t.rules.is_empty())
            .map(|t| t.id.clone())
            .collect();
        themes.sort();
        themes.dedup();
        // A codebook has far fewer than 2³² themes.
        let theme_index = |id: &str| {
            themes
                .binary_search_by(|t| t.as_str().cmp(id))
                .ok()
                .map(|i| i as u32)
        };
        let mut patterns: Vec<String> = Vec::new();
        let mut word_rules: Vec<(usize, Vec<u32>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut regexes = Vec::new();
        for theme in project.themes() {
            let Some(t) = theme_index(&theme.id) else {
                continue;
            };
            for written in &theme.rules {
                match CodingRule::parse(written)? {
                    CodingRule::Words(words) => {
                        let folded = fold_str(&words);
                        let i = *index.entry(folded.clone()).or_insert_with(|| {
                            patterns.push(folded.clone());
                            word_rules.push((folded.chars().count(), Vec::new()));
                            patterns.len() - 1
                        });
                        if !word_rules[i].1.contains(&t) {
                            word_rules[i].1.push(t);
                        }
                    }
                    rule @ CodingRule::Regex(_) => {
                        let regex = Matcher::new(&Query::for_rule(&rule))?.regex;
                        regexes.push((t, regex));
                    }
                }
            }
        }
        let words = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    // A full DFA: the fastest overlapping search, and
                    // small for a codebook's words.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&patterns)
                    .map_err(|e| RuleError::RegexTooBig {
                        pattern: patterns.join(", "),
                        problem: e.to_string(),
                    })?,
            )
        };
        Ok(RuleSet {
            words_cross_lines: patterns.iter().any(|p| p.contains('\n')),
            words,
            word_rules,
            regexes,
            themes,
        })
    }

    /// Whether the codebook has no rules.
    pub fn is_empty(&self) -> bool {
        self.words.is_none() && self.regexes.is_empty()
    }

    /// How many times [`matches`](RuleSet::matches) and
    /// [`suggestions`](RuleSet::suggestions) call `step` for one document
    /// (one pass of the word rules, one per regex rule): a progress bar
    /// over many documents counts `documents × steps_per_document()`.
    pub fn steps_per_document(&self) -> usize {
        1 + self.regexes.len()
    }

    /// Every match of every rule in `doc`, sorted by start, end and theme,
    /// each once. `step` is called after each rule pass and stops the work
    /// when it returns `false`.
    fn hits(&self, doc: &Document, step: &mut dyn FnMut() -> bool) -> Result<Vec<Hit>, MatchError> {
        let text = doc.text();
        let mut hits = if text.as_str().len() >= PARALLEL_BYTES && !self.regexes.is_empty() {
            self.hits_on_two_threads(text, step)?
        } else {
            let mut hits = self.word_hits(text, 0..text.as_str().len());
            if !step() {
                return Err(MatchError::Cancelled);
            }
            for (theme, regex) in &self.regexes {
                regex_hits(text, *theme, regex, &mut hits);
                if !step() {
                    return Err(MatchError::Cancelled);
                }
            }
            hits
        };
        // Each rule's hits come sorted (the words' by their end, nearly by
        // their start): a stable sort merges those runs.
        hits.sort();
        hits.dedup();
        Ok(hits)
    }

    /// [`hits`](RuleSet::hits) of a long text: the regex rules run on a
    /// second thread while this one runs the word rules; `step` is called
    /// here, after the word rules and as each regex rule finishes, and a
    /// `false` from it stops the other thread after its current rule.
    fn hits_on_two_threads(
        &self,
        text: &Text,
        step: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Hit>, MatchError> {
        let len = text.as_str().len();
        // The second thread also takes the word rules of the last lines
        // (about a third of the text) after its regexes, when no word rule
        // spans a line break: words never cross one.
        let split = if self.words_cross_lines {
            len
        } else {
            let bytes = text.as_str().as_bytes();
            let mark = len - len / 3;
            bytes[mark..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(len, |i| mark + i + 1)
        };
        let cancelled = AtomicBool::new(false);
        let (done, finished) = mpsc::channel::<()>();
        std::thread::scope(|scope| {
            let others = scope.spawn(|| {
                let mut hits = Vec::new();
                for (theme, regex) in &self.regexes {
                    if cancelled.load(Ordering::Relaxed) {
                        break;
                    }
                    regex_hits(text, *theme, regex, &mut hits);
                    // The receiver outlives this thread.
                    let _ = done.send(());
                }
                drop(done);
                if split < len && !cancelled.load(Ordering::Relaxed) {
                    hits.extend(self.word_hits(text, split..len));
                }
                hits
            });
            let mut hits = self.word_hits(text, 0..split);
            let mut go_on = step();
            for () in finished.iter() {
                go_on = go_on && step();
                if !go_on {
                    cancelled.store(true, Ordering::Relaxed);
                }
            }
            let other_hits = others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if !go_on {
                return Err(MatchError::Cancelled);
            }
            hits.extend(other_hits);
            Ok(hits)
        })
    }

    /// The hits of the word rules in the bytes `range` of `text` (whole
    /// lines): one pass of the automaton over their case folding.
    fn word_hits(&self, text: &Text, range: Range<usize>) -> Vec<Hit> {
        let mut hits = Vec::new();
        let Some(ac) = &self.words else {
            return hits;
        };
        let mut bounds = WordBounds::new(text);
        let base = text.byte_to_char(range.start).unwrap_or(0);
        let folded = fold_str(&text.as_str()[range]);
        let bytes = folded.as_bytes();
        let mut counter = CharCounter::new(&folded);
        // Byte where each pattern may next match (its matches never
        // overlap each other).
        let mut free = vec![0usize; self.word_rules.len()];
        // Overlapping matches come in order of their end, so of one
        // pattern (a fixed length) in order of their start too. A part
        // starts and ends at a line start (or the text's end), a word
        // boundary, as the ASCII rules say of its ends.
        for m in ac.find_overlapping_iter(folded.as_str()) {
            let p = m.pattern().as_usize();
            if m.start() < free[p]
                || !bounds.is_at_folded(bytes, m.start(), || base + counter.at(m.start()))
                || !bounds.is_at_folded(bytes, m.end(), || base + counter.at(m.end()))
            {
                continue;
            }
            free[p] = m.end();
            let (chars, themes) = &self.word_rules[p];
            let end = base + counter.at(m.end());
            // A word rule is never blank: it has a character that is not
            // white space, and folding keeps white space apart.
            hits.extend(themes.iter().map(|&theme| Hit {
                start: end - chars,
                end,
                theme,
                blank: false,
            }));
        }
        hits
    }

    /// Every match of every rule in `doc` as a suggestion, whether or not
    /// it is already a span or rejected; each rule's matches leftmost
    /// first, never overlapping each other. `step` is called after each
    /// rule pass and stops the work when it returns `false`.
    pub fn matches(
        &self,
        doc: &Document,
        step: &mut dyn FnMut() -> bool,
    ) -> Result<BTreeSet<Suggestion>, MatchError> {
        Ok(self
            .hits(doc, step)?
            .into_iter()
            .map(|h| Suggestion::new(h.start, h.end, &self.themes[h.theme as usize]))
            .collect())
    }

    /// What running the rules proposes in `doc`: their matches that are
    /// neither a span of that theme (same start and end, by anyone), nor
    /// rejected, nor only white space.
    pub fn suggestions(
        &self,
        doc: &Document,
        step: &mut dyn FnMut() -> bool,
    ) -> Result<BTreeSet<Suggestion>, MatchError> {
        Ok(self.sorted_suggestions(doc, step)?.into_iter().collect())
    }

    /// [`suggestions`](RuleSet::suggestions) in their order, as a vector.
    /// The spans and the rejected suggestions are sorted by start, end and
    /// theme like the matches, so one merge walk over each sorts them out.
    pub fn sorted_suggestions(
        &self,
        doc: &Document,
        step: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Suggestion>, MatchError> {
        let hits = self.hits(doc, step)?;
        let spans = doc.spans().spans();
        let mut span_at = 0;
        let mut rejected = doc.rejected().iter().peekable();
        let mut out = Vec::with_capacity(hits.len());
        for hit in hits {
            if hit.blank {
                continue;
            }
            let theme = self.themes[hit.theme as usize].as_str();
            let key = (hit.start, hit.end, theme);
            while span_at < spans.len() && suggestion_key(&spans[span_at]) < key {
                span_at += 1;
            }
            if spans.get(span_at).is_some_and(|s| suggestion_key(s) == key) {
                continue;
            }
            while rejected
                .next_if(|r| (r.start, r.end, r.theme.as_str()) < key)
                .is_some()
            {}
            if rejected
                .peek()
                .is_some_and(|r| (r.start, r.end, r.theme.as_str()) == key)
            {
                continue;
            }
            out.push(Suggestion::new(hit.start, hit.end, theme));
        }
        Ok(out)
    }
}

/// From this many bytes on, a text's regex rules run on a second thread
/// beside its word rules (below it, starting a thread costs more than it
/// saves).
const PARALLEL_BYTES: usize = 256 * 1024;

/// Appends the matches of the regex rule `regex` of theme `theme` in
/// `text` to `hits`, leftmost first, never overlapping.
fn regex_hits(text: &Text, theme: u32, regex: &Regex, hits: &mut Vec<Hit>) {
    let haystack = text.as_str();
    let mut counter = CharCounter::new(haystack);
    for m in regex.find_iter(haystack) {
        hits.push(Hit {
            start: counter.at(m.start()),
            end: counter.at(m.end()),
            theme,
            blank: m.as_str().chars().all(char::is_whitespace),
        });
    }
}

/// The part of a span's order that a suggestion has.
fn suggestion_key(span: &Span) -> (usize, usize, &str) {
    (span.start, span.end, span.theme.as_str())
}

/// What running the rules over some documents changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suggested {
    /// Per document (in project order): every suggestion the rules make
    /// now, the ones new since the last run among them, and the earlier
    /// ones they no longer make (withdrawn).
    pub documents: Vec<DocumentSuggestions>,
}

/// One document's part of [`Suggested`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentSuggestions {
    pub doc: String,
    pub all: Vec<Suggestion>,
    pub new: Vec<Suggestion>,
    pub withdrawn: Vec<Suggestion>,
}

impl Suggested {
    /// Suggestions the rules make now, over all documents.
    pub fn total(&self) -> usize {
        self.documents.iter().map(|d| d.all.len()).sum()
    }

    /// The one edit that brings the documents' suggestions up to date
    /// (withdraws stale ones, adds new ones); `None` when nothing changes.
    pub fn edit(&self) -> Option<Edit> {
        let mut edits = Vec::new();
        for d in &self.documents {
            if !d.withdrawn.is_empty() {
                edits.push(Edit::RemoveSuggestions {
                    doc: d.doc.clone(),
                    suggestions: d.withdrawn.clone(),
                });
            }
            if !d.new.is_empty() {
                edits.push(Edit::AddSuggestions {
                    doc: d.doc.clone(),
                    suggestions: d.new.clone(),
                });
            }
        }
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }

    /// The one edit that accepts every suggestion the rules make now as
    /// spans by `annotator` (after [`edit`](Suggested::edit) has applied).
    pub fn accept_all(&self, annotator: &str) -> Option<Edit> {
        let edits: Vec<Edit> = self
            .documents
            .iter()
            .filter(|d| !d.all.is_empty())
            .map(|d| Edit::AcceptSuggestions {
                doc: d.doc.clone(),
                suggestions: d.all.clone(),
                annotator: annotator.to_owned(),
            })
            .collect();
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }
}

/// Runs the codebook's rules over the documents `docs` (all when empty).
/// `progress(done, total)` is called after each rule pass of each
/// document (see [`RuleSet::steps_per_document`]); returning `false` stops
/// with [`MatchError::Cancelled`], so a worker thread can run it, show
/// its progress and be cancelled.
pub fn suggest(
    project: &Project,
    docs: &[String],
    progress: &mut dyn FnMut(usize, usize) -> bool,
) -> Result<Suggested, MatchError> {
    let rules = RuleSet::new(project)?;
    let documents = documents(project, docs)?;
    let total = documents.len() * rules.steps_per_document();
    let mut done = 0;
    let mut out = Suggested::default();
    for doc in documents {
        let found = rules.sorted_suggestions(doc, &mut || {
            done += 1;
            progress(done, total)
        })?;
        let (new, withdrawn) = changes(&found, doc.suggestions());
        out.documents.push(DocumentSuggestions {
            doc: doc.id.clone(),
            all: found,
            new,
            withdrawn,
        });
    }
    Ok(out)
}

/// What is in `now` (sorted) but not in `before`, and what is in `before`
/// but not in `now`, each in order: one merge walk.
fn changes(
    now: &[Suggestion],
    before: &BTreeSet<Suggestion>,
) -> (Vec<Suggestion>, Vec<Suggestion>) {
    if before.is_empty() {
        return (now.to_vec(), Vec::new());
    }
    let (mut new, mut gone) = (Vec::new(), Vec::new());
    let mut now = now.iter().peekable();
    let mut before = before.iter().peekable();
    loop {
        match (now.peek(), before.peek()) {
            (Some(a), Some(b)) => match a.cmp(b) {
                std::cmp::Ordering::Less => new.extend(now.next().cloned()),
                std::cmp::Ordering::Greater => gone.extend(before.next().cloned()),
                std::cmp::Ordering::Equal => {
                    now.next();
                    before.next();
                }
            },
            (Some(_), None) => new.extend(now.by_ref().cloned()),
            (None, Some(_)) => gone.extend(before.by_ref().cloned()),
            (None, None) => break,
        }
    }
    (new, gone)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, History, Theme};
    use proptest::prelude::*;

    fn find(text: &str, query: Query) -> Vec<(usize, usize)> {
        let text = Text::new(text);
        Matcher::new(&query)
            .unwrap()
            .find_all(&text)
            .into_iter()
            .map(|r| (r.start, r.end))
            .collect()
    }

    fn sliced(text: &str, ranges: &[(usize, usize)]) -> Vec<String> {
        let text = Text::new(text);
        ranges
            .iter()
            .map(|&(s, e)| text.slice(s, e).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn text_ignoring_case_is_found_in_code_points_across_scripts() {
        let text = "😀 Санкции и САНКЦИИ\u{a0}санкции.\nsanctions";
        let found = find(text, Query::text("санкции"));
        assert_eq!(found, [(2, 9), (12, 19), (20, 27)]);
        assert_eq!(sliced(text, &found), ["Санкции", "САНКЦИИ", "санкции"]);
        let exact = find(text, Query::text("санкции").case_sensitive(true));
        assert_eq!(exact, [(20, 27)]);
    }

    #[test]
    fn simple_case_folding_matches_every_member_of_an_orbit() {
        // Kelvin sign, long s and final sigma fold like the regex crate's (?i).
        let text = "\u{212A}elvin kelvin ſun ΣΟΦΟΣ σοφος ß SS";
        assert_eq!(find(text, Query::text("KELVIN")).len(), 2);
        assert_eq!(find(text, Query::text("sun")), [(14, 17)]);
        assert_eq!(find(text, Query::text("σοφοσ")).len(), 2);
        // Folding never changes the number of characters.
        assert_eq!(find(text, Query::text("ss")), [(32, 34)]);
    }

    #[test]
    fn whole_words_follow_uax_29_and_resume_after_a_failed_start() {
        let text = "arms armsrace arms, disarms. Arms\u{a0}control";
        let found = find(text, Query::text("arms").whole_word(true));
        assert_eq!(sliced(text, &found), ["arms", "arms", "Arms"]);
        assert_eq!(found[2], (29, 33));
        // The first candidate starts inside a word; the next one counts.
        assert_eq!(
            find("xab ab ab", Query::text("ab ab").whole_word(true)),
            [(4, 9)]
        );
        // Emoji are words of their own.
        assert_eq!(
            find("🙂peace🙂 peaceful", Query::text("peace").whole_word(true)),
            [(1, 6)]
        );
    }

    #[test]
    fn regexes_match_leftmost_first_without_overlap_in_code_points() {
        let text = "é12 😀345 6";
        let found = find(text, Query::regex(r"\d+"));
        assert_eq!(found, [(1, 3), (5, 8), (9, 10)]);
        let ci = find("Arms ARMS arms", Query::regex("arms"));
        assert_eq!(ci.len(), 3);
        let cs = find("Arms ARMS arms", Query::regex("arms").case_sensitive(true));
        assert_eq!(cs, [(10, 14)]);
    }

    #[test]
    fn bad_patterns_are_refused_with_a_reason() {
        assert_eq!(
            Matcher::new(&Query::text("")).unwrap_err(),
            MatchError::EmptyText
        );
        let err = Matcher::new(&Query::regex("(ab")).unwrap_err().to_string();
        assert!(
            err.contains("at character 1") && err.contains("unclosed group"),
            "{err}"
        );
        let err = Matcher::new(&Query::regex("x?")).unwrap_err().to_string();
        assert!(err.contains("matches the empty string"), "{err}");
    }

    fn project() -> Project {
        let mut p = Project::new(
            "p",
            vec![
                Theme::new("security", "Security", Color::rgb(1, 2, 3)),
                Theme::new("arms", "Arms control", Color::rgb(4, 5, 6)),
            ],
        );
        p.documents.push(
            crate::model::Document::new(
                "d1",
                "One",
                "Arms control and arms\u{a0}control 😀 talks; ARMS race.\nNuclear arms.",
            )
            .with_spans(vec![Span::new(0, 4, "security", "bob")]),
        );
        p.documents.push(crate::model::Document::new(
            "d2",
            "Two",
            "No weapons here, only  arms .",
        ));
        p
    }

    #[test]
    fn tag_all_adds_one_undoable_edit_and_skips_spans_already_there() {
        let mut p = project();
        let m = Matcher::new(&Query::text("arms").whole_word(true)).unwrap();
        let result = tag_all(&p, "security", &m, &[], "alice").unwrap();
        assert_eq!(result.matches, 5);
        assert_eq!(result.already_tagged, 1);
        assert_eq!(result.added(), 4);
        let mut history = History::new();
        history.apply(&mut p, result.edit().unwrap()).unwrap();
        assert_eq!(p.span_count(), 5);
        for doc in p.documents() {
            for s in doc.spans().spans() {
                assert_eq!(doc.span_text(s).unwrap().to_lowercase(), "arms");
            }
        }
        history.undo(&mut p).unwrap();
        assert_eq!(p, project());
        let again = tag_all(&p, "security", &m, &["d2".into()], "alice").unwrap();
        assert_eq!(again.added(), 1);
        assert_eq!(
            tag_all(&p, "nope", &m, &[], "a").unwrap_err(),
            MatchError::NoSuchTheme(UnknownTheme::new(&p, "nope"))
        );
        assert_eq!(
            tag_all(&p, "arms", &m, &["d9".into()], "a").unwrap_err(),
            MatchError::NoSuchDocument("d9".into())
        );
    }

    #[test]
    fn tag_all_never_tags_only_white_space() {
        let p = project();
        let m = Matcher::new(&Query::regex(r"\s+")).unwrap();
        let result = tag_all(&p, "arms", &m, &[], "a").unwrap();
        assert_eq!(result.added(), 0);
        assert_eq!(result.blank, result.matches);
    }

    #[test]
    fn rules_suggest_what_is_not_tagged_or_rejected() {
        let mut p = project();
        p.themes[1].rules = vec!["arms control".into(), "/[Nn]uclear \\w+/".into()];
        p.themes[0].rules = vec!["arms".into(), "ARMS".into()];
        let got = suggest(&p, &[], &mut |_, _| true).unwrap();
        let d1: Vec<(usize, usize, &str)> = got.documents[0]
            .all
            .iter()
            .map(|s| (s.start, s.end, s.theme.as_str()))
            .collect();
        // "Arms" at 0..4 is already a Security span; rules of two themes
        // overlap freely; the regex rule is case-sensitive; a no-break
        // space is not the rule's space; "arms" and "ARMS" are one rule.
        assert_eq!(
            d1,
            [
                (0, 12, "arms"),
                (17, 21, "security"),
                (39, 43, "security"),
                (50, 62, "arms"),
                (58, 62, "security"),
            ]
        );
        let mut history = History::new();
        history.apply(&mut p, got.edit().unwrap()).unwrap();
        assert_eq!(p.documents[0].suggestions().len(), 5);
        // Reject one, accept another: neither comes back.
        let first = p.documents[0].suggestions().first().unwrap().clone();
        let second = p.documents[0].suggestions().iter().nth(1).unwrap().clone();
        history
            .apply(
                &mut p,
                Edit::RejectSuggestions {
                    doc: "d1".into(),
                    suggestions: vec![first.clone()],
                },
            )
            .unwrap();
        history
            .apply(
                &mut p,
                Edit::AcceptSuggestions {
                    doc: "d1".into(),
                    suggestions: vec![second.clone()],
                    annotator: "alice".into(),
                },
            )
            .unwrap();
        assert!(p.documents[0].rejected().contains(&first));
        assert!(
            p.documents[0]
                .spans()
                .position(&second.to_span("alice"))
                .is_some()
        );
        let again = suggest(&p, &["d1".into()], &mut |_, _| true).unwrap();
        assert_eq!(again.documents[0].all.len(), 3);
        assert!(again.documents[0].new.is_empty());
        assert!(again.edit().is_none());
        // Cancelling stops the run.
        assert_eq!(
            suggest(&p, &[], &mut |_, _| false).unwrap_err(),
            MatchError::Cancelled
        );
    }

    /// The simple search the fast one must equal: fold the whole text
    /// for ignoring case, and segment whole lines for word boundaries.
    fn simple_find(text: &str, query: &Query) -> Vec<(usize, usize)> {
        let t = Text::new(text);
        let bounds = line_bounds(&t);
        let whole =
            |s: usize, e: usize| !query.whole_word || (bounds.contains(&s) && bounds.contains(&e));
        let mut out = Vec::new();
        match &query.pattern {
            Pattern::Text(needle) => {
                let (hay, needle) = if query.case_sensitive {
                    (text.to_owned(), needle.clone())
                } else {
                    (fold_str(text), fold_str(needle))
                };
                let chars = needle.chars().count();
                let mut at = 0;
                while let Some(i) = hay[at..].find(&needle) {
                    let b = at + i;
                    let s = hay[..b].chars().count();
                    if whole(s, s + chars) {
                        out.push((s, s + chars));
                        at = b + needle.len();
                    } else {
                        at = b + hay[b..].chars().next().unwrap().len_utf8();
                    }
                }
            }
            Pattern::Regex(re) => {
                let re = RegexBuilder::new(re)
                    .case_insensitive(!query.case_sensitive)
                    .build()
                    .unwrap();
                let mut at = 0;
                while let Some(m) = re.find_at(text, at) {
                    let s = text[..m.start()].chars().count();
                    let e = text[..m.end()].chars().count();
                    if whole(s, e) {
                        out.push((s, e));
                        at = m.end();
                    } else {
                        at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                    }
                    if at > text.len() {
                        break;
                    }
                }
            }
        }
        out
    }

    /// Word boundaries in code points, each line segmented whole (line
    /// starts and ends always count).
    fn line_bounds(t: &Text) -> HashSet<usize> {
        let mut out: HashSet<usize> = [0, t.len_chars()].into();
        for line in 0..t.line_count() {
            let (start, end) = t.line_range(line).unwrap();
            let s = t.slice(start, end).unwrap();
            for (b, _) in s.split_word_bound_indices() {
                out.insert(start + s[..b].chars().count());
            }
            out.insert(start);
            out.insert(end);
        }
        out
    }

    /// Characters on which word rules turn: ASCII letters, digits and
    /// punctuation of the UAX #29 rules, line ends from CRLF files, accents,
    /// a combining mark, emoji (with a joiner and a flag), a no-break
    /// space, Hebrew, katakana, han, and the letters that fold to ASCII.
    const TRICKY: &[char] = &[
        'a', 'b', 'K', 'k', '\u{212A}', 's', 'ſ', '1', '2', ' ', ' ', '\r', '\n', '\'', '.', ':',
        ',', ';', '"', '_', '-', '(', 'é', 'É', '\u{301}', '\u{200D}', '\u{2060}', '😀', '🇫', '🇷',
        '\u{a0}', 'א', 'カ', '中', '\t', 'Σ', 'ς',
    ];

    fn tricky_string(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(TRICKY), 0..max)
            .prop_map(|cs| cs.into_iter().collect())
    }

    #[test]
    fn only_ascii_and_two_letters_fold_to_ascii() {
        // What lets the ASCII boundary rules read a case-folded text.
        let to_ascii: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| !c.is_ascii() && fold_char(c).is_ascii())
            .collect();
        assert_eq!(to_ascii, ['ſ', '\u{212A}']);
        assert!(('\0'..='\x7f').all(|c| fold_char(c).is_ascii()));
    }

    #[test]
    fn fold_str_folds_ascii_runs_and_other_characters_alike() {
        let s = "Hello ſun, \u{212A}elvin ΣΟΦΟΣ σοφος 😀 done";
        let expected: String = s.chars().map(fold_char).collect();
        assert_eq!(fold_str(s), expected);
        assert_eq!(fold_str(s).chars().count(), s.chars().count());
    }

    #[test]
    fn a_long_text_runs_its_regex_rules_on_a_second_thread_with_the_same_result() {
        // Over PARALLEL_BYTES: the word and regex rules run side by side.
        let paragraph = "Arms control talks 😀 in Genève, 2020; the arms\u{a0}race \
                         and ARMS control. Санкции 中华 co-operation\r\n";
        let text = paragraph.repeat(PARALLEL_BYTES / paragraph.len() + 2);
        assert!(text.len() >= PARALLEL_BYTES);
        let mut p = project();
        p.documents
            .push(crate::model::Document::new("big", "Big", text.as_str()));
        p.themes[0].rules = vec!["arms".into(), "/[0-9]{4}/".into(), "санкции".into()];
        p.themes[1].rules = vec!["arms control".into(), "/\\p{Han}+|co-?operation/".into()];
        let rules = RuleSet::new(&p).unwrap();
        let doc = p.document("big").unwrap();
        let mut steps = 0;
        let together = rules
            .hits(doc, &mut || {
                steps += 1;
                true
            })
            .unwrap();
        assert_eq!(steps, rules.steps_per_document());
        let mut one_by_one = rules.word_hits(doc.text(), 0..text.len());
        for (theme, regex) in &rules.regexes {
            regex_hits(doc.text(), *theme, regex, &mut one_by_one);
        }
        one_by_one.sort();
        one_by_one.dedup();
        assert_eq!(together, one_by_one);
        let repeats = text.len() / paragraph.len();
        // "arms" ×3, a year, "санкции", "arms control" ×2, 中华 and co-operation.
        assert_eq!(together.len(), repeats * 9);
        // Stopping after the word rules stops the regex thread too.
        let mut calls = 0;
        let stopped = rules.hits(doc, &mut || {
            calls += 1;
            false
        });
        assert_eq!(stopped.unwrap_err(), MatchError::Cancelled);
        assert_eq!(calls, 1);
    }

    const ALPHABET: &[char] = &[
        'a', 'b', 'k', 'K', '\u{212A}', 's', 'S', 'ſ', 'ß', 'ẞ', 'Σ', 'σ', 'ς', 'İ', 'i', 'ı', 'é',
        'É', '😀', ' ', '\u{a0}', '\n', '.', 'ǅ', 'ǆ', 'Ǆ',
    ];

    fn string_over(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(ALPHABET), 0..max)
            .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// Ignoring case finds exactly what the regex crate's `(?i)` finds
        /// for the escaped text, and what looking for the folded text in
        /// the folded text finds.
        #[test]
        fn folding_agrees_with_the_regex_crate(text in string_over(40), needle in string_over(3)) {
            prop_assume!(!needle.is_empty());
            let ours = find(&text, Query::text(needle.clone()));
            let theirs = find(&text, Query::regex(regex::escape(&needle)));
            prop_assert_eq!(&ours, &theirs);
            let simple = simple_find(&text, &Query::text(needle.clone()));
            prop_assert_eq!(ours, simple);
        }

        /// The fast search (ASCII neighbours decide most word boundaries,
        /// the rest segments only the words between two spaces) finds
        /// exactly what the simple one (fold everything, segment whole
        /// lines) finds, in text with CRLF line ends, accents, combining
        /// marks, emoji, joiners, quotes and other word-rule characters.
        #[test]
        fn the_fast_search_finds_what_the_simple_one_finds(
            text in tricky_string(80),
            needle in tricky_string(4),
            whole_word in any::<bool>(),
            case_sensitive in any::<bool>(),
        ) {
            prop_assume!(!needle.is_empty());
            let query = Query::text(needle)
                .whole_word(whole_word)
                .case_sensitive(case_sensitive);
            let fast = find(&text, query.clone());
            prop_assert_eq!(fast, simple_find(&text, &query));
        }

        /// The cheap boundary answer from ASCII neighbours, when it gives
        /// one, is the one segmenting the whole line gives; so is the
        /// answer from segmenting between spaces.
        #[test]
        fn word_boundaries_agree_with_whole_line_segmentation(text in tricky_string(80)) {
            let t = Text::new(text.as_str());
            let reference = line_bounds(&t);
            let mut bounds = WordBounds::new(&t);
            for (c, (b, _)) in text.char_indices().enumerate() {
                let expected = reference.contains(&c);
                prop_assert_eq!(bounds.is(c), expected, "at {} of {:?}", c, text);
                if let Some(quick) = ascii_boundary(text.as_bytes(), b) {
                    prop_assert_eq!(quick, expected, "ASCII at {} of {:?}", c, text);
                }
                let folded = fold_str(&text);
                let fb = folded.char_indices().nth(c).map(|(b, _)| b).unwrap();
                if let Some(quick) = ascii_boundary(folded.as_bytes(), fb) {
                    prop_assert_eq!(quick, expected, "folded at {} of {:?}", c, text);
                }
            }
        }

        /// Running the rules together (one automaton for the word rules)
        /// suggests exactly what running each rule on its own as Tag All
        /// would find, less what is tagged, rejected or blank.
        #[test]
        fn rules_together_suggest_what_each_rule_finds_alone(
            text in tricky_string(80),
            words in proptest::collection::vec(tricky_string(4), 1..5),
            tagged in proptest::collection::vec((0usize..80, 1usize..6), 0..4),
        ) {
            let mut p = Project::new(
                "p",
                vec![
                    Theme::new("b", "B", Color::rgb(0, 0, 0)),
                    Theme::new("a", "A", Color::rgb(1, 1, 1)),
                ],
            );
            let rules: Vec<String> = words
                .into_iter()
                .filter(|w| CodingRule::parse(w).is_ok())
                .collect();
            p.themes[0].rules = rules.clone();
            p.themes[1].rules = rules.iter().take(2).cloned().chain(["/\\s+|[aé]+/".to_owned()]).collect();
            let len = text.chars().count();
            let spans: Vec<Span> = tagged
                .into_iter()
                .filter(|&(s, l)| s + l <= len)
                .map(|(s, l)| Span::new(s, s + l, "b", "x"))
                .collect();
            let mut doc = crate::model::Document::new("d", "D", text.as_str()).with_spans(spans);
            let mut expected = BTreeSet::new();
            for theme in &p.themes {
                for rule in &theme.rules {
                    let query = Query::for_rule(&CodingRule::parse(rule).unwrap());
                    for (s, e) in simple_find(&text, &query) {
                        expected.insert(Suggestion::new(s, e, &theme.id));
                    }
                }
            }
            let rejected = expected.iter().step_by(3).cloned().collect::<Vec<_>>();
            doc.rejected.extend(rejected);
            let rules = RuleSet::new(&p).unwrap();
            prop_assert_eq!(rules.matches(&doc, &mut || true).unwrap(), expected.clone());
            expected.retain(|s| {
                doc.spans().position(&s.to_span("x")).is_none()
                    && !doc.rejected().contains(s)
                    && doc.text().trim_range(s.start, s.end).is_some()
            });
            prop_assert_eq!(rules.suggestions(&doc, &mut || true).unwrap(), expected);
        }

        /// Tag-all spans never overlap each other and each slices back to
        /// a match of the query.
        #[test]
        fn tag_all_spans_are_disjoint_matches(
            text in string_over(60),
            needle in string_over(3),
            whole_word in any::<bool>(),
            case_sensitive in any::<bool>(),
        ) {
            prop_assume!(!needle.trim().is_empty());
            let mut p = Project::new("p", vec![Theme::new("t", "T", Color::rgb(0, 0, 0))]);
            p.documents.push(crate::model::Document::new("d", "D", text.as_str()));
            let query = Query::text(needle.clone())
                .whole_word(whole_word)
                .case_sensitive(case_sensitive);
            let m = Matcher::new(&query).unwrap();
            let result = tag_all(&p, "t", &m, &[], "a").unwrap();
            let spans: Vec<Span> = result.spans.into_iter().flat_map(|(_, s)| s).collect();
            for w in spans.windows(2) {
                prop_assert!(w[0].end <= w[1].start);
            }
            let doc = &p.documents[0];
            for s in &spans {
                let got = doc.span_text(s).unwrap();
                if case_sensitive {
                    prop_assert_eq!(got, needle.as_str());
                } else {
                    prop_assert_eq!(fold_str(got), fold_str(&needle));
                }
            }
        }
    }
}
