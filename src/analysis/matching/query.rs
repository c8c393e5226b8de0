//! Queries: what to look for (`Pattern`, `Query`), why a search cannot run
//! (`MatchError`) and the compiled `Matcher` that finds every match.

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use thiserror::Error;

use super::words::{CharCounter, WordBounds, char_len_at};
use crate::model::coding_rule::check_regex;
use crate::model::{CodingRule, RuleError, Text, UnknownTheme};

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
    pub(super) regex: Regex,
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
pub(super) fn literal(text: &str, ignore_case: bool) -> Result<Regex, RuleError> {
    RegexBuilder::new(&regex::escape(text))
        .case_insensitive(ignore_case)
        .build()
        .map_err(|e| RuleError::RegexTooBig {
            pattern: text.to_owned(),
            problem: e.to_string(),
        })
}
