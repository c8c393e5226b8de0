//! The format 2 fields of coding faster (theme `parent` and `rules`, document
//! `suggestions` and `rejected`): written only when used, read back by
//! both load paths, and refused at their line when wrong.

use super::*;
use crate::formats::fixture;
use crate::model::{Edit, Suggestion};

fn coded() -> Project {
    let mut p = fixture::project();
    let mut child = Theme::new("arms", "Arms control", Color::rgb(1, 2, 3));
    child.parent = Some(p.themes()[1].id.clone());
    child.rules = vec!["arms control".into(), "/[Nn]uclear \\w+/".into()];
    let doc = p.documents()[0].id.clone();
    Edit::Batch(vec![
        Edit::AddTheme {
            index: 9,
            theme: child,
        },
        Edit::AddSuggestions {
            doc: doc.clone(),
            suggestions: vec![Suggestion::new(0, 2, "arms")],
        },
        Edit::AddRejections {
            doc,
            suggestions: vec![Suggestion::new(1, 3, "arms")],
        },
    ])
    .apply(&mut p)
    .unwrap();
    p
}

#[test]
fn the_tree_rules_and_suggestions_round_trip_on_both_load_paths() {
    let plain = to_ron_string(&fixture::project()).unwrap();
    assert!(plain.contains("format: 1,") && !plain.contains("parent:"));
    let text = to_ron_string(&coded()).unwrap();
    assert!(text.contains("format: 2,"));
    assert!(text.contains("            rules: [\n"), "{text}");
    assert!(
        text.contains("(start: 0, end: 2, theme: \"arms\"),\n"),
        "{text}"
    );
    assert_eq!(fast::load(&text).as_ref(), Some(&coded()));
    assert_eq!(validate::validate(&text), Ok(coded()));
}

#[test]
fn bad_parents_rules_and_suggestions_are_refused_at_their_line() {
    let good = to_ron_string(&coded()).unwrap();
    let cases = [
        (
            good.replacen("parent: Some(\"", "parent: Some(\"x", 1),
            "is not in the codebook",
        ),
        (
            good.replacen("\"arms control\"", "\"/a|/\"", 1),
            "matches the empty string",
        ),
        (
            good.replacen("\"arms control\"", "\"/a(/\"", 1),
            "invalid at character 2",
        ),
        (
            good.replacen(
                "(start: 0, end: 2, theme: \"arms\")",
                "(start: 0, end: 2, theme: \"zz\")",
                1,
            ),
            "not in the codebook",
        ),
        (
            good.replacen("(start: 1, end: 3,", "(start: 3, end: 1,", 1),
            "rejected suggestion",
        ),
    ];
    for (text, expected) in cases {
        assert_ne!(text, good, "{expected}");
        assert_eq!(fast::load(&text), None, "{expected}");
        let Err(FileError::Invalid(problems)) = validate::validate(&text) else {
            panic!("{expected}: accepted")
        };
        assert_eq!(problems.len(), 1, "{expected}: {problems:?}");
        assert!(
            problems[0].message.contains(expected),
            "{expected}: {problems:?}"
        );
        assert!(problems[0].position.is_some(), "{expected}: no line");
    }
}
