//! The themes' rules compiled into a `RuleSet`: word rules in one
//! Aho–Corasick pass, regex rules after (on a second thread for long texts).

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::fold::fold_str;
use super::query::{MatchError, Matcher, Query};
use super::suggest::suggestion_key;
use super::words::{CharCounter, WordBounds};
use crate::model::{CodingRule, Document, Project, RuleError, Suggestion, Text};

/// Every theme's rules, compiled once to run over many documents.
#[derive(Clone, Debug)]
pub struct RuleSet {
    /// The distinct case-folded word rules, searched together.
    words: Option<AhoCorasick>,
    /// For each word pattern: its length in code points and the themes
    /// (indices into `themes`) whose rules it is.
    word_rules: Vec<(usize, Vec<u32>)>,
    /// Each regex rule with its theme (an index into `themes`).
    pub(super) regexes: Vec<(u32, Regex)>,
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
pub(super) struct Hit {
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
    pub(super) fn hits(
        &self,
        doc: &Document,
        step: &mut dyn FnMut() -> bool,
    ) -> Result<Vec<Hit>, MatchError> {
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
    pub(super) fn word_hits(&self, text: &Text, range: Range<usize>) -> Vec<Hit> {
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
pub(super) const PARALLEL_BYTES: usize = 256 * 1024;

/// Appends the matches of the regex rule `regex` of theme `theme` in
/// `text` to `hits`, leftmost first, never overlapping.
pub(super) fn regex_hits(text: &Text, theme: u32, regex: &Regex, hits: &mut Vec<Hit>) {
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
