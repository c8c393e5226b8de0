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
//! over 10 MB cost little more than one.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::{Regex, RegexBuilder};
use thiserror::Error;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::coding_rule::check_regex;
use crate::model::{CodingRule, Document, Edit, Project, RuleError, Span, Suggestion, Text};

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
    #[error("there is no theme {0:?} in the codebook")]
    NoSuchTheme(String),
    #[error("there is no document {0:?} in the project")]
    NoSuchDocument(String),
    #[error("stopped before the end")]
    Cancelled,
}

/// A compiled [`Query`].
#[derive(Clone, Debug)]
pub struct Matcher {
    engine: Engine,
    whole_word: bool,
}

#[derive(Clone, Debug)]
enum Engine {
    /// A literal matched case-sensitively in the text itself.
    Exact(Regex),
    /// A literal, case-folded, matched in the case-folded text; `chars`
    /// is its length in code points (folding keeps it).
    Folded { regex: Regex, chars: usize },
    /// A regex (with `(?i)` when ignoring case).
    Regex(Regex),
}

impl Matcher {
    /// Compiles `query`; an empty text, an invalid regex (with the
    /// character where it fails) or a regex that matches the empty string
    /// is refused.
    pub fn new(query: &Query) -> Result<Matcher, MatchError> {
        let engine = match &query.pattern {
            Pattern::Text(text) if text.is_empty() => return Err(MatchError::EmptyText),
            Pattern::Text(text) if query.case_sensitive => Engine::Exact(literal(text)?),
            Pattern::Text(text) => {
                let folded = fold_str(text);
                Engine::Folded {
                    regex: literal(&folded)?,
                    chars: folded.chars().count(),
                }
            }
            Pattern::Regex(pattern) => {
                check_regex(pattern, !query.case_sensitive)?;
                let regex = RegexBuilder::new(pattern)
                    .case_insensitive(!query.case_sensitive)
                    .build()
                    .map_err(|e| RuleError::RegexTooBig {
                        pattern: pattern.clone(),
                        problem: e.to_string(),
                    })?;
                Engine::Regex(regex)
            }
        };
        Ok(Matcher {
            engine,
            whole_word: query.whole_word,
        })
    }

    /// Every match in `text`, as code-point ranges, leftmost first and
    /// never overlapping.
    pub fn find_all(&self, text: &Text) -> Vec<Range<usize>> {
        let mut bounds = WordBounds::new(text);
        let mut out = Vec::new();
        match &self.engine {
            Engine::Exact(regex) | Engine::Regex(regex) => {
                let haystack = text.as_str();
                let mut counter = CharCounter::new(haystack);
                let mut at = 0;
                while let Some(m) = regex.find_at(haystack, at) {
                    let start = counter.at(m.start());
                    let end = counter.at(m.end());
                    if !self.whole_word || (bounds.is(start) && bounds.is(end)) {
                        out.push(start..end);
                        at = m.end();
                    } else {
                        // Go on one character after the start.
                        at = m.start() + char_len_at(haystack, m.start());
                    }
                    if at > haystack.len() {
                        break;
                    }
                }
            }
            Engine::Folded { regex, chars } => {
                let folded = fold_str(text.as_str());
                let mut counter = CharCounter::new(&folded);
                let mut at = 0;
                while let Some(m) = regex.find_at(&folded, at) {
                    let start = counter.at(m.start());
                    let end = start + chars;
                    if !self.whole_word || (bounds.is(start) && bounds.is(end)) {
                        out.push(start..end);
                        at = m.end();
                    } else {
                        at = m.start() + char_len_at(&folded, m.start());
                    }
                }
            }
        }
        out
    }

    /// How many matches `text` has.
    pub fn count(&self, text: &Text) -> usize {
        self.find_all(text).len()
    }
}

/// A regex for the literal `text`.
fn literal(text: &str) -> Result<Regex, RuleError> {
    Regex::new(&regex::escape(text)).map_err(|e| RuleError::RegexTooBig {
        pattern: text.to_owned(),
        problem: e.to_string(),
    })
}

/// UTF-8 length of the character starting at byte `b` (1 at the end).
fn char_len_at(s: &str, b: usize) -> usize {
    s[b..].chars().next().map_or(1, char::len_utf8)
}

/// Code-point offsets of byte offsets given in ascending order, counted
/// on from the last one (so a pass over a 10 MB text is linear).
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
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.bytes[self.byte..b]
            .iter()
            .filter(|&&x| (x & 0xC0) != 0x80)
            .count();
        self.byte = b;
        self.chars
    }
}

/// Word boundaries (UAX #29) of a text, asked for at code-point offsets.
/// A line break always separates words, so each line is segmented on its
/// own, once, when a position on it is first asked for.
pub struct WordBounds<'t> {
    text: &'t Text,
    line: Option<usize>,
    /// Code-point offsets of the boundaries of `line`, ascending.
    bounds: Vec<usize>,
}

impl<'t> WordBounds<'t> {
    pub fn new(text: &'t Text) -> Self {
        WordBounds {
            text,
            line: None,
            bounds: Vec::new(),
        }
    }

    /// Whether code point `c` is at a word boundary.
    pub fn is(&mut self, c: usize) -> bool {
        if c == 0 || c >= self.text.len_chars() {
            return true;
        }
        let (line, col) = self.text.line_col(c);
        if col == 0 {
            return true;
        }
        if self.line != Some(line) {
            self.segment(line);
        }
        self.bounds.binary_search(&c).is_ok()
    }

    fn segment(&mut self, line: usize) {
        self.line = Some(line);
        self.bounds.clear();
        let Some((start, end)) = self.text.line_range(line) else {
            return;
        };
        let Some(s) = self.text.slice(start, end) else {
            return;
        };
        let mut counter = CharCounter::new(s);
        for (b, _) in s.split_word_bound_indices() {
            self.bounds.push(start + counter.at(b));
        }
        self.bounds.push(end);
    }
}

/// `s` with every character replaced by the representative of its simple
/// case folding orbit: two strings match ignoring case exactly when their
/// folds are equal. Keeps the number of characters (not the bytes).
pub fn fold_str(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    s.chars().map(fold_char).collect()
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
        return Err(MatchError::NoSuchTheme(theme.to_owned()));
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
    /// whose rules it is.
    word_rules: Vec<(usize, Vec<String>)>,
    /// Each regex rule with its theme.
    regexes: Vec<(String, Regex)>,
}

impl RuleSet {
    /// Compiles the rules of every theme of `project`; a rule that cannot
    /// be used (which a valid project never holds) is an error naming it.
    pub fn new(project: &Project) -> Result<RuleSet, MatchError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut word_rules: Vec<(usize, Vec<String>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut regexes = Vec::new();
        for theme in project.themes() {
            for written in &theme.rules {
                match CodingRule::parse(written)? {
                    CodingRule::Words(words) => {
                        let folded = fold_str(&words);
                        let i = *index.entry(folded.clone()).or_insert_with(|| {
                            patterns.push(folded.clone());
                            word_rules.push((folded.chars().count(), Vec::new()));
                            patterns.len() - 1
                        });
                        if !word_rules[i].1.contains(&theme.id) {
                            word_rules[i].1.push(theme.id.clone());
                        }
                    }
                    rule @ CodingRule::Regex(_) => {
                        let Engine::Regex(regex) = Matcher::new(&Query::for_rule(&rule))?.engine
                        else {
                            unreachable!("a regex query compiles to a regex")
                        };
                        regexes.push((theme.id.clone(), regex));
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
                    .build(&patterns)
                    .map_err(|e| RuleError::RegexTooBig {
                        pattern: patterns.join(", "),
                        problem: e.to_string(),
                    })?,
            )
        };
        Ok(RuleSet {
            words,
            word_rules,
            regexes,
        })
    }

    /// Whether the codebook has no rules.
    pub fn is_empty(&self) -> bool {
        self.words.is_none() && self.regexes.is_empty()
    }

    /// Steps [`suggest`](RuleSet::suggest) reports per document.
    fn steps_per_document(&self) -> usize {
        1 + self.regexes.len()
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
        let text = doc.text();
        let mut out = BTreeSet::new();
        let mut bounds = WordBounds::new(text);
        if let Some(ac) = &self.words {
            let folded = fold_str(text.as_str());
            let mut counter = CharCounter::new(&folded);
            // Where each pattern may next match (its matches never overlap).
            let mut free = vec![0usize; self.word_rules.len()];
            // Overlapping matches come in order of their end, so of one
            // pattern (a fixed length) in order of their start too.
            for m in ac.find_overlapping_iter(folded.as_str()) {
                let p = m.pattern().as_usize();
                let (chars, themes) = &self.word_rules[p];
                let end = counter.at(m.end());
                let start = end - chars;
                if start < free[p] || !bounds.is(start) || !bounds.is(end) {
                    continue;
                }
                free[p] = end;
                for theme in themes {
                    out.insert(Suggestion::new(start, end, theme));
                }
            }
        }
        if !step() {
            return Err(MatchError::Cancelled);
        }
        for (theme, regex) in &self.regexes {
            let mut counter = CharCounter::new(text.as_str());
            for m in regex.find_iter(text.as_str()) {
                let start = counter.at(m.start());
                let end = counter.at(m.end());
                out.insert(Suggestion::new(start, end, theme));
            }
            if !step() {
                return Err(MatchError::Cancelled);
            }
        }
        Ok(out)
    }

    /// What running the rules proposes in `doc`: their matches that are
    /// neither a span of that theme (same start and end, by anyone), nor
    /// rejected, nor only white space.
    pub fn suggestions(
        &self,
        doc: &Document,
        step: &mut dyn FnMut() -> bool,
    ) -> Result<BTreeSet<Suggestion>, MatchError> {
        let tagged: HashSet<(usize, usize, &str)> = doc
            .spans()
            .spans()
            .iter()
            .map(|s| (s.start, s.end, s.theme.as_str()))
            .collect();
        let mut found = self.matches(doc, step)?;
        found.retain(|s| {
            !tagged.contains(&(s.start, s.end, s.theme.as_str()))
                && !doc.rejected().contains(s)
                && doc.text().trim_range(s.start, s.end).is_some()
        });
        Ok(found)
    }
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
/// document; returning `false` stops with [`MatchError::Cancelled`], so a
/// worker thread can run it and be cancelled.
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
        let found = rules.suggestions(doc, &mut || {
            done += 1;
            progress(done, total)
        })?;
        let new = found.difference(doc.suggestions()).cloned().collect();
        let withdrawn = doc.suggestions().difference(&found).cloned().collect();
        out.documents.push(DocumentSuggestions {
            doc: doc.id.clone(),
            all: found.into_iter().collect(),
            new,
            withdrawn,
        });
    }
    Ok(out)
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
            MatchError::NoSuchTheme("nope".into())
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
        /// for the escaped text.
        #[test]
        fn folding_agrees_with_the_regex_crate(text in string_over(40), needle in string_over(3)) {
            prop_assume!(!needle.is_empty());
            let ours = find(&text, Query::text(needle.clone()));
            let theirs = find(&text, Query::regex(regex::escape(&needle)));
            prop_assert_eq!(ours, theirs);
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
