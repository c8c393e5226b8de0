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

mod fold;
mod query;
mod rules;
mod suggest;
mod tag_all;
mod words;

pub use fold::{fold_char, fold_str};
pub use query::{MatchError, Matcher, Pattern, Query};
pub use rules::RuleSet;
pub use suggest::{DocumentSuggestions, Suggested, suggest};
pub use tag_all::{TagAll, documents, tag_all};
pub use words::WordBounds;

#[cfg(test)]
mod tests;
