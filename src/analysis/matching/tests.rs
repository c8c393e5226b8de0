//! Unit tests of matching: queries, case folding, word bounds, tag-all,
//! rules and suggestions (with proptests against a plain reference).

use std::collections::{BTreeSet, HashSet};

use regex::RegexBuilder;
use unicode_segmentation::UnicodeSegmentation;

use super::rules::{PARALLEL_BYTES, regex_hits};
use super::words::ascii_boundary;
use super::*;
use crate::model::{
    CodingRule, Color, Edit, History, Project, Span, Suggestion, Text, Theme, UnknownTheme,
};
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
    'a', 'b', 'K', 'k', '\u{212A}', 's', 'ſ', '1', '2', ' ', ' ', '\r', '\n', '\'', '.', ':', ',',
    ';', '"', '_', '-', '(', 'é', 'É', '\u{301}', '\u{200D}', '\u{2060}', '😀', '🇫', '🇷', '\u{a0}',
    'א', 'カ', '中', '\t', 'Σ', 'ς',
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
