//! Tests: the format 2 fields of relations and memos load and save, on
//! both loading paths, and every bad one is refused at its line.

use super::{FileError, fast, from_ron_str, to_ron_string, validate};
use crate::model::{
    Color, Document, Edit, Memo, MemoLink, Project, Relation, RelationType, Span, SpanRef, Theme,
};

/// A project using every relation and memo field, with text that needs
/// care: a no-break space, CRLF, an astral character, quotes, a tab.
fn project() -> Project {
    let mut p = Project::new(
        "Relations «all»",
        vec![
            Theme::new("claim", "Claim", Color::rgb(200, 0, 0)),
            Theme::new("evidence", "Evidence", Color::rgb(0, 0, 200)),
        ],
    );
    let text = "Trade 😀 grows.\r\nData\u{a0}shows it.";
    let a = Span::new(0, 7, "claim", "ana");
    let b = Span::new(16, 26, "evidence", "ana");
    let doc = Document::new("d", "D", text).with_spans(vec![a.clone(), b.clone()]);
    let mut edits = vec![Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }];
    let mut supports = RelationType::new("supports", "Supports", Color::rgb(0, 120, 0));
    supports.from_themes = vec!["evidence".into()];
    supports.to_themes = vec!["claim".into()];
    supports.description = "the evidence backs the claim \"strongly\"".into();
    let mut same = RelationType::new("same", "Same\u{a0}thing", Color::rgb(9, 9, 9));
    same.directed = false;
    same.allow_self = true;
    for (index, relation_type) in [supports, same].into_iter().enumerate() {
        edits.push(Edit::AddRelationType {
            index,
            relation_type,
        });
    }
    let (ra, rb) = (SpanRef::from(&a), SpanRef::from(&b));
    let rel = Relation::new(rb.clone(), ra.clone(), "supports", "bo").with_note("line\none\t😀");
    let selfie = Relation::new(ra.clone(), ra.clone(), "same", "ana");
    for relation in [rel.clone(), selfie] {
        edits.push(Edit::AddRelation {
            doc: "d".into(),
            relation: Box::new(relation),
        });
    }
    let memo = Memo::new(
        "m1",
        "Why \"trade\"",
        "First\r\nsecond\u{a0}😀\n",
        "ana",
        "2026-12-08T04:25:00Z",
    )
    .with_links([
        MemoLink::Project,
        MemoLink::Document { doc: "d".into() },
        MemoLink::Theme {
            theme: "claim".into(),
        },
        MemoLink::Span {
            doc: "d".into(),
            span: ra,
        },
        MemoLink::relation("d", &rel),
    ]);
    edits.push(Edit::AddMemo { index: 0, memo });
    edits.push(Edit::AddMemo {
        index: 1,
        memo: Memo::new("m2", "", "", "", "2026-12-08T04:26:00.5Z"),
    });
    Edit::Batch(edits).apply(&mut p).unwrap();
    p
}

#[test]
fn relations_and_memos_round_trip_on_both_paths() {
    let p = project();
    let text = to_ron_string(&p).unwrap();
    assert!(text.starts_with("(\n    format: 2,"), "{text}");
    assert!(!text.contains('\r'), "a raw CR in the file");
    // One relation per line, one memo link per line.
    let relation_lines = text
        .lines()
        .filter(|l| l.trim_start().starts_with("(from: "))
        .count();
    assert_eq!(relation_lines, 2, "{text}");
    assert!(
        text.contains("            Span(doc: \"d\", span: (start: 0, end: 7, theme: \"claim\", annotator: \"ana\")),"),
        "{text}"
    );
    assert!(text.contains("relation_types: ["), "{text}");
    assert_eq!(fast::load(&text), Some(p.clone()), "the fast path");
    assert_eq!(validate::validate(&text), Ok(p.clone()), "the validator");
    assert_eq!(from_ron_str(&text), Ok(p.clone()));
    assert_eq!(to_ron_string(&from_ron_str(&text).unwrap()).unwrap(), text);
}

#[test]
fn a_project_without_relations_or_memos_saves_byte_identical() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/projects/ru-cn-joint-statement-2020.ron"
    );
    let file = std::fs::read_to_string(path).unwrap();
    let project = from_ron_str(&file).unwrap();
    assert!(project.relation_types().is_empty() && project.memos().is_empty());
    assert_eq!(to_ron_string(&project).unwrap(), file);
    for field in ["relation_types", "relations", "memos"] {
        assert!(!file.contains(&format!("{field}:")), "{field}");
    }
}

/// `good` with `from` replaced by `to` once; the file must change.
fn broken(good: &str, from: &str, to: &str) -> String {
    assert!(good.contains(from), "{from:?} is not in the file");
    good.replacen(from, to, 1)
}

#[test]
fn bad_relations_and_memos_are_refused_at_their_line() {
    let good = to_ron_string(&project()).unwrap();
    let relation =
        "(from: (start: 16, end: 26, theme: \"evidence\", annotator: \"ana\"), to: (start: 0,";
    let self_relation =
        "(from: (start: 0, end: 7, theme: \"claim\", annotator: \"ana\"), to: (start: 0, end: 7";
    let cases = [
        (
            broken(&good, relation, &relation.replace("end: 26", "end: 25")),
            "(from: (start: 16, end: 25",
            "document \"d\": relation \"supports\": its from end, span 16..25 (theme \"evidence\", by \"ana\"), is not a span of the document",
        ),
        (
            broken(&good, "type: \"supports\"", "type: \"causes\""),
            relation,
            "has type \"causes\", which is not a relation type of the codebook",
        ),
        (
            broken(&good, "allow_self: true,", ""),
            self_relation,
            "relates span 0..7 (theme \"claim\", by \"ana\") to itself, which its type does not allow",
        ),
        (
            broken(
                &good,
                "to_themes: [\n                \"claim\",",
                "to_themes: [\n                \"evidence\",",
            ),
            relation,
            "its to end, span 0..7 (theme \"claim\", by \"ana\"), has a theme the type does not allow there (it allows evidence)",
        ),
        (
            broken(
                &good,
                "from_themes: [\n                \"evidence\",",
                "from_themes: [\n                \"ghost\",",
            ),
            "(\n            id: \"supports\"",
            "relation type \"supports\" allows theme \"ghost\" at its from end, but the codebook has no such theme",
        ),
        (
            broken(&good, "Theme(theme: \"claim\")", "Theme(theme: \"ghost\")"),
            "(\n            id: \"m1\"",
            "memo \"m1\": it links to theme \"ghost\", which does not exist",
        ),
        (
            broken(&good, "Document(doc: \"d\")", "Document(doc: \"e\")"),
            "(\n            id: \"m1\"",
            "memo \"m1\": it links to document \"e\", which does not exist",
        ),
        (
            broken(&good, "id: \"m2\"", "id: \"m1\""),
            "(\n            id: \"m1\",\n            title: \"\"",
            "memo id \"m1\" is used twice",
        ),
        (
            broken(&good, "04:26:00.5Z", "04:26"),
            "(\n            id: \"m2\"",
            "memo \"m2\": its created time \"2026-12-08T04:26\" is not an RFC 3339 time",
        ),
        (
            broken(&good, "type: \"supports\"", "kind: \"supports\""),
            relation,
            "a relation",
        ),
    ];
    for (i, (text, at, says)) in cases.iter().enumerate() {
        let Err(FileError::Invalid(problems)) = from_ron_str(text) else {
            panic!("case {i}: accepted");
        };
        assert_eq!(fast::load(text), None, "case {i}: the fast path accepts it");
        let problem = &problems[0];
        assert!(problem.message.contains(says), "case {i}: {problems:?}");
        // The line the object starts on (its text is indented).
        let line = text[..text.find(at).expect("the place")].lines().count();
        assert_eq!(
            problem.position.map(|p| p.line),
            Some(line),
            "case {i}: {problems:?}"
        );
    }
}

#[test]
fn a_relation_given_twice_is_refused_on_both_paths() {
    let good = to_ron_string(&project()).unwrap();
    let line_start = good.find("(from: (start: 0, end: 7").unwrap();
    let line_end = line_start + good[line_start..].find('\n').unwrap();
    let line = &good[line_start..=line_end];
    let twice = format!("{}{}{}", &good[..line_start], line, &good[line_start..]);
    let Err(FileError::Invalid(problems)) = from_ron_str(&twice) else {
        panic!("accepted");
    };
    assert!(
        problems[0].message.contains("appears twice"),
        "{problems:?}"
    );
    assert_eq!(fast::load(&twice), None);
}
