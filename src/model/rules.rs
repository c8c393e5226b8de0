//! The rules a codebook and its spans follow beyond their structure, in
//! one place for the edits, the project-file loader and `validate`:
//!
//! - a theme has an id and a label, both unique (labels ignoring case);
//! - a theme's shortcut key is a key the window can tell apart (an ASCII
//!   letter, a digit or one of [`THEME_KEY_PUNCTUATION`]), is not taken by
//!   one of the window's own plain shortcuts ([`RESERVED_THEME_KEYS`]) and
//!   is not another theme's key in either case (`a` and `A` are one key:
//!   Shift does not change which key was pressed);
//! - a span is never only white space ([`Text::trim_range`]).
//!
//! Files written before the key rules existed still open: a key that
//! breaks them is a [`Warning`] there (it simply never fires), while a new
//! edit that would break them is refused.
//!
//! [`Text::trim_range`]: super::text::Text::trim_range

use std::collections::HashMap;
use std::fmt;

use thiserror::Error;

use super::coding_rule::{RuleError, check_rules};
use super::project::Project;
use super::span::Span;
use super::theme::Theme;

/// The plain keys the window's own shortcuts use, with the action each
/// one runs: a theme cannot have them as its key. A unit test in
/// `ui::actions` checks this list against the action table.
pub const RESERVED_THEME_KEYS: &[(char, &str)] = &[
    ('n', "Next Span"),
    ('p', "Previous Span"),
    ('r', "Relate Span To…"),
];

/// The keys besides ASCII letters and digits that the window tells apart
/// as theme shortcuts. A unit test in `ui::actions` checks that each of
/// these, every letter and every digit maps to its own keyboard key.
pub const THEME_KEY_PUNCTUATION: &str = "!'+,-./:;=?[\\]`{|}";

/// Whether the window can tell `key` apart as a theme shortcut: an ASCII
/// letter (either case), a digit or one of [`THEME_KEY_PUNCTUATION`].
pub fn key_is_typeable(key: char) -> bool {
    key.is_ascii_alphanumeric() || THEME_KEY_PUNCTUATION.contains(key)
}

/// Whether two shortcut keys are the same key: compared ignoring case.
pub fn same_key(a: char, b: char) -> bool {
    a.to_lowercase().eq(b.to_lowercase())
}

/// The window action that uses `key` as its plain shortcut, if any
/// (ignoring case).
pub fn reserved_by(key: char) -> Option<&'static str> {
    RESERVED_THEME_KEYS
        .iter()
        .find(|(k, _)| same_key(*k, key))
        .map(|&(_, action)| action)
}

/// One way a theme breaks the rules of the codebook.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ThemeProblem {
    #[error("a theme id cannot be empty")]
    EmptyId,
    #[error("duplicate theme id {0:?}")]
    DuplicateId(String),
    #[error("a theme label cannot be empty")]
    EmptyLabel,
    #[error("theme {other:?} already uses the label {label:?} (labels ignore case)")]
    DuplicateLabel { other: String, label: String },
    #[error("a shortcut key must be a visible character, not {0:?}")]
    InvisibleKey(char),
    #[error(
        "the shortcut key {0:?} cannot be pressed as a theme key; use a letter, a digit or one of {THEME_KEY_PUNCTUATION}"
    )]
    UntypeableKey(char),
    #[error(
        "the shortcut key {key:?} is taken by {action} ({}); choose another key",
        key.to_ascii_uppercase()
    )]
    ReservedKey { key: char, action: &'static str },
    #[error("theme {other:?} already uses the shortcut key {other_key:?}{}", same_case_note(*key, *other_key))]
    DuplicateKey {
        other: String,
        key: char,
        other_key: char,
    },
    #[error("rule {rule:?}: {error}")]
    BadRule { rule: String, error: RuleError },
    #[error("its parent {0:?} is not in the codebook")]
    NoSuchParent(String),
    #[error("a theme cannot be its own parent")]
    OwnParent,
    #[error("its parents form a cycle: {}", .0.join(" → "))]
    ParentCycle(Vec<String>),
}

fn same_case_note(key: char, other_key: char) -> &'static str {
    if key == other_key {
        ""
    } else {
        " (keys ignore case: Shift does not make another key)"
    }
}

impl ThemeProblem {
    /// Whether a project file may still hold this problem and open: the
    /// key rules came after files were written, so a file with such a key
    /// opens and `validate` warns; the key just never fires.
    pub fn is_warning(&self) -> bool {
        match self {
            ThemeProblem::UntypeableKey(_) | ThemeProblem::ReservedKey { .. } => true,
            ThemeProblem::DuplicateKey { key, other_key, .. } => key != other_key,
            _ => false,
        }
    }
}

/// Every rule `theme` breaks next to `others` (the rest of the codebook,
/// or when loading a file, the themes before it), most basic first. A
/// theme in `others` with the same id counts as a duplicate; against each
/// other theme only the first clash (id, label, key) is reported.
pub fn check_theme<'a>(
    theme: &Theme,
    others: impl IntoIterator<Item = &'a Theme>,
) -> Vec<ThemeProblem> {
    let mut problems = own_problems(theme);
    let label = theme.label.to_lowercase();
    problems.extend(others.into_iter().filter_map(|o| clash(theme, &label, o)));
    problems
}

/// The rules `theme` breaks on its own (ids, label, key, parent, rules).
fn own_problems(theme: &Theme) -> Vec<ThemeProblem> {
    let mut problems = Vec::new();
    if theme.id.is_empty() {
        problems.push(ThemeProblem::EmptyId);
    }
    if theme.label.trim().is_empty() {
        problems.push(ThemeProblem::EmptyLabel);
    }
    if let Some(key) = theme.key {
        if key.is_control() || key.is_whitespace() {
            problems.push(ThemeProblem::InvisibleKey(key));
        } else if !key_is_typeable(key) {
            problems.push(ThemeProblem::UntypeableKey(key));
        } else if let Some(action) = reserved_by(key) {
            problems.push(ThemeProblem::ReservedKey { key, action });
        }
    }
    if theme.parent.as_deref() == Some(theme.id.as_str()) {
        problems.push(ThemeProblem::OwnParent);
    }
    if let Some((rule, error)) = check_rules(&theme.rules) {
        problems.push(ThemeProblem::BadRule { rule, error });
    }
    problems
}

/// The first clash of `theme` (whose label lower-cased is `label`) with
/// `other`: the same id, else the same label, else the same key.
fn clash(theme: &Theme, label: &str, other: &Theme) -> Option<ThemeProblem> {
    if other.id == theme.id {
        Some(ThemeProblem::DuplicateId(theme.id.clone()))
    } else if other.label.to_lowercase() == label {
        Some(ThemeProblem::DuplicateLabel {
            other: other.id.clone(),
            label: theme.label.clone(),
        })
    } else if let (Some(key), Some(other_key)) = (theme.key, other.key)
        && same_key(key, other_key)
    {
        Some(ThemeProblem::DuplicateKey {
            other: other.id.clone(),
            key,
            other_key,
        })
    } else {
        None
    }
}

/// [`check_theme`] for each theme of a codebook in turn, next to the
/// themes before it (as loading checks a file), with the ids, labels and
/// keys seen so far indexed: a codebook of n themes is checked in O(n)
/// (plus the clashes it reports) instead of comparing every pair.
#[derive(Debug, Default)]
pub struct CodebookCheck {
    ids: HashMap<String, Vec<usize>>,
    labels: HashMap<String, Vec<usize>>,
    keys: HashMap<String, Vec<usize>>,
}

impl CodebookCheck {
    /// `check_theme(theme, before)`, where `before` is every theme this
    /// check has been given so far, in order; `theme` then joins them
    /// (the caller pushes it onto `before`).
    pub fn next(&mut self, theme: &Theme, before: &[Theme]) -> Vec<ThemeProblem> {
        let index = before.len();
        let label = theme.label.to_lowercase();
        let key = theme.key.map(|k| k.to_lowercase().collect::<String>());
        let mut candidates: Vec<usize> = [
            self.ids.get(&theme.id),
            self.labels.get(&label),
            key.as_ref().and_then(|k| self.keys.get(k)),
        ]
        .into_iter()
        .flatten()
        .flatten()
        .copied()
        .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut problems = own_problems(theme);
        problems.extend(
            candidates
                .into_iter()
                .filter_map(|j| before.get(j))
                .filter_map(|other| clash(theme, &label, other)),
        );
        self.ids.entry(theme.id.clone()).or_default().push(index);
        if let Some(key) = key {
            self.keys.entry(key).or_default().push(index);
        }
        self.labels.entry(label).or_default().push(index);
        problems
    }
}

/// The tree problems of a codebook: a parent missing from it, or parents
/// that lead back to the theme (a cycle, reported once, at the theme of
/// the cycle that comes first in the codebook). Each comes with the index
/// of the theme it belongs to. A theme that is its own parent is
/// [`check_theme`]'s to report.
pub fn check_tree(themes: &[Theme]) -> Vec<(usize, ThemeProblem)> {
    // Each theme's parent by index (the first theme with that id); none
    // for a top-level theme, its own parent or a missing one.
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(themes.len());
    for (i, t) in themes.iter().enumerate() {
        first.entry(t.id.as_str()).or_insert(i);
    }
    let mut problems = Vec::new();
    let mut parent: Vec<Option<usize>> = vec![None; themes.len()];
    for (i, theme) in themes.iter().enumerate() {
        match theme.parent.as_deref() {
            Some(p) if p == theme.id => {}
            Some(p) => match first.get(p) {
                Some(&j) => parent[i] = Some(j),
                None => problems.push((i, ThemeProblem::NoSuchParent(p.to_owned()))),
            },
            None => {}
        }
    }
    // Walk up from each theme not seen yet; a walk that meets its own
    // path has found a cycle. Every theme is walked over once.
    const UNSEEN: usize = usize::MAX;
    const DONE: usize = usize::MAX - 1;
    let mut seen = vec![UNSEEN; themes.len()];
    for start in 0..themes.len() {
        if seen[start] != UNSEEN {
            continue;
        }
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if seen[i] != UNSEEN {
                break;
            }
            seen[i] = start;
            path.push(i);
            at = parent[i];
        }
        if let Some(meet) = at.filter(|&i| seen[i] == start) {
            // The cycle is the path from `meet` on; it is reported at
            // its theme that comes first in the codebook.
            let members = &path[path.iter().position(|&i| i == meet).unwrap_or(0)..];
            let first_member = members.iter().copied().min().unwrap_or(meet);
            let mut ids = vec![themes[first_member].id.clone()];
            let mut k = parent[first_member];
            while let Some(j) = k.filter(|&j| j != first_member) {
                ids.push(themes[j].id.clone());
                k = parent[j];
            }
            ids.push(themes[first_member].id.clone());
            problems.push((first_member, ThemeProblem::ParentCycle(ids)));
        }
        for i in path {
            seen[i] = DONE;
        }
    }
    problems.sort_by_key(|(i, _)| *i);
    problems
}

/// Something a project may hold that the rules no longer allow, but that
/// does not stop it from opening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// A theme whose key never fires.
    Theme { id: String, problem: ThemeProblem },
    /// A span that covers only white space.
    BlankSpan { doc: String, span: Span },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Theme { id, problem } => {
                write!(f, "theme {id:?}: {problem}; the key does nothing")
            }
            Warning::BlankSpan { doc, span } => write!(
                f,
                "document {doc:?}: span {}..{} ({}, by {:?}) covers only white space",
                span.start, span.end, span.theme, span.annotator
            ),
        }
    }
}

/// What in `project` breaks a rule without stopping it from opening:
/// theme keys that never fire, then spans that are only white space, in
/// codebook and document order.
pub fn warnings(project: &Project) -> Vec<Warning> {
    let themes = project.themes();
    let mut check = CodebookCheck::default();
    let mut out: Vec<Warning> = themes
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            check
                .next(t, &themes[..i])
                .into_iter()
                .filter(ThemeProblem::is_warning)
                .map(|problem| Warning::Theme {
                    id: t.id.clone(),
                    problem,
                })
        })
        .collect();
    for doc in project.documents() {
        for span in doc.spans().spans() {
            if doc.text().trim_range(span.start, span.end).is_none() {
                out.push(Warning::BlankSpan {
                    doc: doc.id.clone(),
                    span: span.clone(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, Document, default_codebook};
    use crate::model::{Edit, Project};

    fn theme(id: &str, key: Option<char>) -> Theme {
        Theme {
            id: id.into(),
            label: id.to_uppercase(),
            color: Color::rgb(1, 2, 3),
            key,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        }
    }

    #[test]
    fn the_default_codebook_breaks_no_rule() {
        let themes = default_codebook();
        for (i, t) in themes.iter().enumerate() {
            assert_eq!(check_theme(t, &themes[..i]), [], "{}", t.id);
        }
    }

    #[test]
    fn keys_are_letters_digits_and_some_punctuation_ignoring_case() {
        for key in ['a', 'Z', '7', '?', '[', '\\', '`'] {
            assert_eq!(check_theme(&theme("t", Some(key)), []), [], "{key:?}");
        }
        for key in ['é', 'É', 'ß', '😀', '§', '\u{2212}', '€'] {
            let problems = check_theme(&theme("t", Some(key)), []);
            assert_eq!(problems, [ThemeProblem::UntypeableKey(key)]);
            assert!(problems[0].is_warning());
            assert!(problems[0].to_string().contains("a letter, a digit"));
        }
        for key in [' ', '\u{a0}', '\t', '\u{7}'] {
            let problems = check_theme(&theme("t", Some(key)), []);
            assert_eq!(problems, [ThemeProblem::InvisibleKey(key)]);
            assert!(!problems[0].is_warning());
        }
    }

    #[test]
    fn next_and_previous_span_keep_their_keys_in_either_case() {
        for (key, action) in [
            ('n', "Next Span"),
            ('N', "Next Span"),
            ('P', "Previous Span"),
        ] {
            let problems = check_theme(&theme("t", Some(key)), []);
            assert_eq!(problems, [ThemeProblem::ReservedKey { key, action }]);
            let message = problems[0].to_string();
            assert!(message.contains(action), "{message}");
            assert!(problems[0].is_warning());
        }
    }

    #[test]
    fn a_and_capital_a_are_one_key_so_the_second_theme_is_refused() {
        let first = theme("first", Some('a'));
        let problems = check_theme(&theme("second", Some('A')), [&first]);
        assert_eq!(
            problems,
            [ThemeProblem::DuplicateKey {
                other: "first".into(),
                key: 'A',
                other_key: 'a',
            }]
        );
        assert!(problems[0].to_string().contains("keys ignore case"));
        // Written by an older version: it opens, with a warning.
        assert!(problems[0].is_warning());
        // The very same key twice never opened and still does not.
        let same = check_theme(&theme("second", Some('a')), [&first]);
        assert!(!same[0].is_warning());
    }

    #[test]
    fn each_other_theme_reports_its_first_clash_only() {
        let a = theme("a", Some('x'));
        let mut same_label = theme("b", Some('x'));
        same_label.label = "a".into();
        assert_eq!(
            check_theme(&same_label, [&a]),
            [ThemeProblem::DuplicateLabel {
                other: "a".into(),
                label: "a".into(),
            }]
        );
        let mut blank = theme("", Some('x'));
        blank.label = " ".into();
        assert_eq!(
            check_theme(&blank, [&a]),
            [
                ThemeProblem::EmptyId,
                ThemeProblem::EmptyLabel,
                ThemeProblem::DuplicateKey {
                    other: "a".into(),
                    key: 'x',
                    other_key: 'x',
                },
            ]
        );
        assert_eq!(
            check_theme(&theme("a", None), [&a]),
            [ThemeProblem::DuplicateId("a".into())]
        );
    }

    #[test]
    fn warnings_list_dead_keys_and_blank_spans_in_order() {
        let mut themes = default_codebook();
        themes[0].key = Some('n');
        themes[1].key = Some('é');
        themes[2].key = Some('x');
        themes[3].key = Some('X');
        let mut p = Project::new("p", themes);
        let doc = Document::new("d", "D", "Health\u{a0}and\n\nsecurity 😀");
        Edit::AddDocument {
            index: 0,
            document: Box::new(doc.with_spans(vec![
                Span::new(0, 6, "health", "me"),
                Span::new(6, 7, "health", "me"),
                Span::new(10, 12, "trade", "me"),
            ])),
        }
        .apply(&mut p)
        .unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<String> = warnings(&p).iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "theme \"health\": the shortcut key 'n' is taken by Next Span (N); choose another key; the key does nothing",
                "theme \"security\": the shortcut key 'é' cannot be pressed as a theme key; use a letter, a digit or one of !'+,-./:;=?[\\]`{|}; the key does nothing",
                "theme \"trade\": theme \"ict\" already uses the shortcut key 'x' (keys ignore case: Shift does not make another key); the key does nothing",
                "document \"d\": span 6..7 (health, by \"me\") covers only white space",
                "document \"d\": span 10..12 (trade, by \"me\") covers only white space",
            ]
        );
    }

    /// The tree check as it was written first (a walk up from every
    /// theme, quadratic): the oracle of the linear one.
    fn tree_oracle(themes: &[Theme]) -> Vec<(usize, ThemeProblem)> {
        let position = |id: &str| themes.iter().position(|t| t.id == id);
        let mut problems = Vec::new();
        let mut in_cycle = vec![false; themes.len()];
        for (i, theme) in themes.iter().enumerate() {
            let Some(parent) = theme.parent.as_deref().filter(|p| *p != theme.id) else {
                continue;
            };
            if position(parent).is_none() {
                problems.push((i, ThemeProblem::NoSuchParent(parent.to_owned())));
                continue;
            }
            if in_cycle[i] {
                continue;
            }
            let mut chain = vec![i];
            let mut at = position(parent);
            while let Some(j) = at {
                if j == i {
                    chain.iter().for_each(|&k| in_cycle[k] = true);
                    let mut ids: Vec<String> =
                        chain.iter().map(|&k| themes[k].id.clone()).collect();
                    ids.push(theme.id.clone());
                    problems.push((i, ThemeProblem::ParentCycle(ids)));
                    break;
                }
                if chain.contains(&j) {
                    break;
                }
                chain.push(j);
                at = themes[j].parent.as_deref().and_then(position);
            }
        }
        problems
    }

    proptest::proptest! {
        /// On codebooks full of clashes (repeated ids, labels differing
        /// only in case, shared keys, missing parents, cycles), the indexed
        /// checks report exactly what the pairwise ones do.
        #[test]
        fn the_linear_codebook_checks_agree_with_the_pairwise_ones(
            picks in proptest::collection::vec((0u8..12, 0u8..8, 0u8..6, 0u8..14), 0..40)
        ) {
            let themes: Vec<Theme> = picks
                .iter()
                .map(|&(id, label, key, parent)| {
                    let mut t = Theme::new(
                        format!("t{id}"),
                        if label % 2 == 0 { format!("L{}", label / 2) } else { format!("l{}", label / 2) },
                        Color::rgb(0, 0, 0),
                    );
                    t.key = [None, Some('a'), Some('A'), Some('b'), Some('x'), Some(' ')][key as usize];
                    t.parent = (parent < 13).then(|| format!("t{parent}"));
                    t
                })
                .collect();
            let mut check = CodebookCheck::default();
            for (i, t) in themes.iter().enumerate() {
                proptest::prop_assert_eq!(check.next(t, &themes[..i]), check_theme(t, &themes[..i]));
            }
            proptest::prop_assert_eq!(check_tree(&themes), tree_oracle(&themes));
        }
    }
}
