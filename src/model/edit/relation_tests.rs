//! Relations and memos as edits: each edit and its inverse (undo gives
//! back the very same file), every refusal with the object it names, and
//! the cascades that keep relations and memo links pointing at something.

use super::*;
use crate::model::{Color, Memo, MemoLink, Project, Relation, RelationType, SpanRef, Theme};
use crate::store::to_ron_string;

const NOW: &str = "2026-12-08T04:25:00Z";
const LATER: &str = "2026-12-08T05:00:00Z";

/// Two themes (`claim`, `evidence`), one document with three spans (one
/// over an astral character, one over a no-break space), a directed type
/// `supports` (evidence → claim) and an undirected type `same` (any).
fn project() -> Project {
    let mut p = Project::new(
        "relations",
        vec![
            Theme::new("claim", "Claim", Color::rgb(200, 0, 0)),
            Theme::new("evidence", "Evidence", Color::rgb(0, 0, 200)),
        ],
    );
    let text = "Trade 😀 grows.\r\nData\u{a0}shows it.";
    let doc = Document::new("d", "D", text).with_spans(vec![
        Span::new(0, 7, "claim", "ana"),
        Span::new(16, 26, "evidence", "ana"),
        Span::new(16, 21, "claim", "bo"),
    ]);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .unwrap();
    let mut supports = RelationType::new("supports", "Supports", Color::rgb(0, 120, 0));
    supports.from_themes = vec!["evidence".into()];
    supports.to_themes = vec!["claim".into()];
    let mut same = RelationType::new("same", "Same thing", Color::rgb(9, 9, 9));
    same.directed = false;
    for (index, relation_type) in [supports, same].into_iter().enumerate() {
        Edit::AddRelationType {
            index,
            relation_type,
        }
        .apply(&mut p)
        .unwrap();
    }
    p
}

fn claim() -> SpanRef {
    SpanRef::new(0, 7, "claim", "ana")
}
fn evidence() -> SpanRef {
    SpanRef::new(16, 26, "evidence", "ana")
}
fn other_claim() -> SpanRef {
    SpanRef::new(16, 21, "claim", "bo")
}
fn supports() -> Relation {
    Relation::new(evidence(), claim(), "supports", "ana")
}

fn add_relation(relation: Relation) -> Edit {
    Edit::AddRelation {
        doc: "d".into(),
        relation: Box::new(relation),
    }
}

/// Applies `edit` through a history, then checks that undo gives back
/// the very same file and redo the same file as after the edit.
fn apply_and_undo(p: &mut Project, edit: Edit) -> String {
    let before = to_ron_string(p).unwrap();
    let mut h = History::new();
    h.apply(p, edit).unwrap();
    let after = to_ron_string(p).unwrap();
    h.undo(p);
    assert_eq!(to_ron_string(p).unwrap(), before, "undo differs");
    h.redo(p);
    assert_eq!(to_ron_string(p).unwrap(), after, "redo differs");
    after
}

#[test]
fn relating_spans_writes_one_line_per_relation_and_undoes_exactly() {
    let mut p = project();
    let file = apply_and_undo(&mut p, add_relation(supports().with_note("«see» 😀")));
    assert!(file.starts_with("(\n    format: 2,"), "{file}");
    let line = "(from: (start: 16, end: 26, theme: \"evidence\", annotator: \"ana\"), to: (start: 0, end: 7, theme: \"claim\", annotator: \"ana\"), type: \"supports\", annotator: \"ana\", note: \"«see» 😀\"),";
    assert!(file.contains(line), "{file}");
    let d = p.document("d").unwrap();
    assert_eq!(d.relations().len(), 1);
    let span = d.spans().spans()[0].clone();
    assert_eq!(d.relations_of(&span).count(), 1);
    assert_eq!(crate::store::from_ron_str(&file), Ok(p));
}

#[test]
fn an_undirected_relation_is_stored_with_its_ends_in_order() {
    let mut p = project();
    let backwards = Relation::new(evidence(), claim(), "same", "ana");
    let mut h = History::new();
    h.apply(&mut p, add_relation(backwards.clone())).unwrap();
    let stored = p.document("d").unwrap().relations().iter().next().unwrap();
    assert_eq!((stored.from.start, stored.to.start), (0, 16));
    let forwards = Relation::new(claim(), evidence(), "same", "ana");
    let err = add_relation(forwards).apply(&mut p).unwrap_err();
    assert!(matches!(err, EditError::DuplicateRelation { .. }), "{err}");
    // Removing it by either order of its ends works too.
    Edit::RemoveRelation {
        doc: "d".into(),
        relation: Box::new(backwards.normalised(false)),
    }
    .apply(&mut p)
    .unwrap();
    assert!(p.document("d").unwrap().relations().is_empty());
}

#[test]
fn every_bad_relation_is_refused_naming_what_is_wrong() {
    let mut p = project();
    add_relation(supports()).apply(&mut p).unwrap();
    let before = to_ron_string(&p).unwrap();
    let missing = SpanRef::new(1, 7, "claim", "ana");
    let cases = [
        (
            Edit::AddRelation {
                doc: "nope".into(),
                relation: Box::new(supports()),
            },
            "no document with id \"nope\"",
        ),
        (
            add_relation(Relation::new(evidence(), claim(), "causes", "ana")),
            "type \"causes\", which is not a relation type",
        ),
        (
            add_relation(Relation::new(evidence(), missing, "supports", "ana")),
            "document \"d\": relation \"supports\": its to end, span 1..7 (theme \"claim\", by \"ana\"), is not a span of the document",
        ),
        (
            add_relation(Relation::new(claim(), evidence(), "supports", "ana")),
            "its from end, span 0..7 (theme \"claim\", by \"ana\"), has a theme the type does not allow there (it allows evidence)",
        ),
        (
            add_relation(Relation::new(claim(), claim(), "same", "ana")),
            "relates span 0..7 (theme \"claim\", by \"ana\") to itself",
        ),
        (
            add_relation(Relation::new(evidence(), claim(), "supports", "")),
            "annotator name cannot be empty",
        ),
        (
            add_relation(supports().with_note("again")),
            "document \"d\" already has relation \"supports\" by \"ana\" from span 16..26",
        ),
        (
            Edit::RemoveRelation {
                doc: "d".into(),
                relation: Box::new(Relation::new(evidence(), other_claim(), "supports", "ana")),
            },
            "document \"d\" has no relation \"supports\" by \"ana\" from span 16..26 (theme \"evidence\", by \"ana\") to span 16..21",
        ),
        (
            Edit::ReplaceRelation {
                doc: "d".into(),
                old: Box::new(supports()),
                new: Box::new(Relation::new(evidence(), claim(), "nope", "ana")),
            },
            "\"nope\", which is not a relation type",
        ),
    ];
    for (edit, says) in cases {
        let err = edit.clone().apply(&mut p).unwrap_err().to_string();
        assert!(
            err.contains(says),
            "{edit:?}\n  said: {err}\n  want: {says}"
        );
        assert_eq!(
            to_ron_string(&p).unwrap(),
            before,
            "{edit:?} changed the project"
        );
    }
}

#[test]
fn relation_types_are_checked_and_kept_while_in_use() {
    let mut p = project();
    add_relation(supports()).apply(&mut p).unwrap();
    let before = to_ron_string(&p).unwrap();
    let mut narrowed = p.relation_type("supports").unwrap().clone();
    narrowed.from_themes = vec!["claim".into()];
    let mut unknown = RelationType::new("x", "X", Color::rgb(1, 1, 1));
    unknown.to_themes = vec!["ghost".into()];
    let cases = [
        (
            Edit::RemoveRelationType {
                id: "supports".into(),
            },
            "relation type \"supports\" is used by 1 relation (in \"d\"); remove or retype them first",
        ),
        (
            Edit::UpdateRelationType {
                relation_type: narrowed,
            },
            "relation type \"supports\" cannot change so: relation \"supports\": its from end",
        ),
        (
            Edit::AddRelationType {
                index: 0,
                relation_type: RelationType::new("same", "Other", Color::rgb(1, 1, 1)),
            },
            "relation type id \"same\" is used twice",
        ),
        (
            Edit::AddRelationType {
                index: 0,
                relation_type: RelationType::new("x", "supports", Color::rgb(1, 1, 1)),
            },
            "has the label \"supports\", which relation type \"supports\" already has",
        ),
        (
            Edit::AddRelationType {
                index: 0,
                relation_type: unknown,
            },
            "allows theme \"ghost\" at its to end, but the codebook has no such theme",
        ),
        (
            Edit::RemoveTheme { id: "claim".into() },
            "theme \"claim\" is allowed at an end of relation type \"supports\"",
        ),
        (
            Edit::RemoveRelationType { id: "nope".into() },
            "no relation type with id \"nope\"",
        ),
    ];
    for (edit, says) in cases {
        let err = edit.clone().apply(&mut p).unwrap_err().to_string();
        assert!(
            err.contains(says),
            "{edit:?}\n  said: {err}\n  want: {says}"
        );
        assert_eq!(to_ron_string(&p).unwrap(), before);
    }
    let mut renamed = p.relation_type("same").unwrap().clone();
    renamed.label = "Same as".into();
    renamed.allow_self = true;
    apply_and_undo(
        &mut p,
        Edit::UpdateRelationType {
            relation_type: renamed,
        },
    );
    assert!(p.relation_type("same").unwrap().allow_self);
    apply_and_undo(&mut p, Edit::RemoveRelationType { id: "same".into() });
    assert_eq!(p.relation_types().len(), 1);
}

/// A memo linked to the project, the document, a theme, a span and a
/// relation.
fn memo_on_everything() -> Memo {
    Memo::new("m1", "Why «trade»", "First line\nsecond 😀", "ana", NOW).with_links([
        MemoLink::Project,
        MemoLink::Document { doc: "d".into() },
        MemoLink::Theme {
            theme: "claim".into(),
        },
        MemoLink::Span {
            doc: "d".into(),
            span: claim(),
        },
        MemoLink::relation("d", &supports()),
    ])
}

#[test]
fn memos_are_added_edited_and_removed_as_edits() {
    let mut p = project();
    add_relation(supports()).apply(&mut p).unwrap();
    let file = apply_and_undo(
        &mut p,
        Edit::AddMemo {
            index: 0,
            memo: memo_on_everything(),
        },
    );
    assert!(file.contains("text: \"First line\\nsecond 😀\""), "{file}");
    assert_eq!(crate::store::from_ron_str(&file), Ok(p.clone()));
    let link = MemoLink::Span {
        doc: "d".into(),
        span: claim(),
    };
    assert_eq!(p.memos_linked_to(&link).count(), 1);
    let mut edited = memo_on_everything();
    edited.text = "Rewritten".into();
    edited.modified = LATER.into();
    apply_and_undo(&mut p, Edit::UpdateMemo { memo: edited });
    assert_eq!(p.memo("m1").unwrap().modified, LATER);
    apply_and_undo(&mut p, Edit::RemoveMemo { id: "m1".into() });
    assert!(p.memos().is_empty());
}

#[test]
fn every_bad_memo_is_refused_naming_it() {
    let mut p = project();
    Edit::AddMemo {
        index: 0,
        memo: Memo::new("m1", "T", "", "ana", NOW),
    }
    .apply(&mut p)
    .unwrap();
    let before = to_ron_string(&p).unwrap();
    let memo = |id: &str| Memo::new(id, "T", "", "ana", NOW);
    let add = |memo: Memo| Edit::AddMemo { index: 9, memo };
    let mut bad_time = memo("m2");
    bad_time.modified = "yesterday".into();
    let cases = [
        (add(memo("")), "a memo has an empty id"),
        (add(memo("m1")), "a memo with id \"m1\" already exists"),
        (
            add(bad_time),
            "memo \"m2\": its modified time \"yesterday\" is not an RFC 3339 time",
        ),
        (
            add(memo("m2").with_links([MemoLink::Theme {
                theme: "ghost".into(),
            }])),
            "memo \"m2\": it links to theme \"ghost\", which does not exist",
        ),
        (
            add(memo("m2").with_links([MemoLink::Span {
                doc: "d".into(),
                span: SpanRef::new(0, 3, "claim", "ana"),
            }])),
            "memo \"m2\": it links to span 0..3 (theme \"claim\", by \"ana\") of document \"d\", which does not exist",
        ),
        (
            add(memo("m2").with_links([MemoLink::relation("d", &supports())])),
            "memo \"m2\": it links to relation \"supports\" by \"ana\"",
        ),
        (
            add(memo("m2").with_links([MemoLink::Project, MemoLink::Project])),
            "memo \"m2\" links to the project twice",
        ),
        (
            Edit::UpdateMemo { memo: memo("m9") },
            "there is no memo with id \"m9\"",
        ),
        (
            Edit::RemoveMemo { id: "m9".into() },
            "there is no memo with id \"m9\"",
        ),
    ];
    for (edit, says) in cases {
        let err = edit.clone().apply(&mut p).unwrap_err().to_string();
        assert!(
            err.contains(says),
            "{edit:?}\n  said: {err}\n  want: {says}"
        );
        assert_eq!(to_ron_string(&p).unwrap(), before);
    }
}

/// The project with the `supports` relation, an undirected one between
/// the two claims, and the memo linked to everything.
fn related() -> Project {
    let mut p = project();
    add_relation(supports()).apply(&mut p).unwrap();
    add_relation(Relation::new(claim(), other_claim(), "same", "bo"))
        .apply(&mut p)
        .unwrap();
    Edit::AddMemo {
        index: 0,
        memo: memo_on_everything(),
    }
    .apply(&mut p)
    .unwrap();
    p
}

fn links(p: &Project) -> Vec<String> {
    p.memo("m1")
        .unwrap()
        .links
        .iter()
        .map(|l| l.to_string())
        .collect()
}

#[test]
fn removing_a_span_removes_its_relations_and_links_and_undo_restores_them() {
    let mut p = related();
    let span = claim().to_span();
    apply_and_undo(
        &mut p,
        Edit::RemoveSpan {
            doc: "d".into(),
            span,
        },
    );
    assert!(p.document("d").unwrap().relations().is_empty());
    assert_eq!(
        links(&p),
        ["the project", "document \"d\"", "theme \"claim\""]
    );
    // The same through the bulk removal.
    let mut p = related();
    let spans = vec![claim().to_span(), other_claim().to_span()];
    apply_and_undo(
        &mut p,
        Edit::RemoveSpans {
            doc: "d".into(),
            spans,
        },
    );
    assert!(p.document("d").unwrap().relations().is_empty());
    assert_eq!(links(&p).len(), 3);
}

#[test]
fn removing_a_relation_removes_the_links_to_it() {
    let mut p = related();
    apply_and_undo(
        &mut p,
        Edit::RemoveRelation {
            doc: "d".into(),
            relation: Box::new(supports()),
        },
    );
    assert_eq!(p.document("d").unwrap().relations().len(), 1);
    assert_eq!(links(&p).len(), 4);
}

#[test]
fn retagging_or_moving_a_span_keeps_its_relations_and_links() {
    let mut p = related();
    // Shrink the claim to ‘Trade’: its relations and the links to it and
    // to them follow the new key.
    let moved = Span::new(0, 5, "claim", "ana");
    apply_and_undo(
        &mut p,
        Edit::ReplaceSpan {
            doc: "d".into(),
            old: claim().to_span(),
            new: moved.clone(),
        },
    );
    let d = p.document("d").unwrap();
    assert_eq!(d.relations_of(&moved).count(), 2);
    assert!(links(&p).iter().any(|l| l.starts_with("span 0..5")));
    assert!(
        links(&p)
            .iter()
            .any(|l| l.contains("to span 0..5 (theme \"claim\"")),
        "{:?}",
        links(&p)
    );
    // A retag the relation type does not allow at that end is refused,
    // and nothing changes.
    let before = to_ron_string(&p).unwrap();
    let err = Edit::ReplaceSpan {
        doc: "d".into(),
        old: moved.clone(),
        new: Span::new(0, 5, "evidence", "ana"),
    }
    .apply(&mut p)
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("the span cannot change: relation \"supports\": its to end, span 0..5 (theme \"evidence\""),
        "{err}"
    );
    assert_eq!(to_ron_string(&p).unwrap(), before);
    // A note change keeps everything as it was.
    apply_and_undo(
        &mut p,
        Edit::ReplaceSpan {
            doc: "d".into(),
            old: moved.clone(),
            new: moved.with_note("n"),
        },
    );
    assert_eq!(p.relation_count(), 2);
}

#[test]
fn retyping_a_relation_or_changing_its_note_moves_the_links_to_it() {
    let mut p = related();
    let retyped = Relation::new(evidence(), claim(), "same", "ana");
    apply_and_undo(
        &mut p,
        Edit::ReplaceRelation {
            doc: "d".into(),
            old: Box::new(supports()),
            new: Box::new(retyped.clone()),
        },
    );
    let stored = retyped.normalised(false);
    assert!(p.document("d").unwrap().relations().get(&stored).is_some());
    assert!(
        p.memo("m1")
            .unwrap()
            .links_to(&MemoLink::relation("d", &stored))
    );
    apply_and_undo(
        &mut p,
        Edit::ReplaceRelation {
            doc: "d".into(),
            old: Box::new(stored.clone()),
            new: Box::new(stored.clone().with_note("a note")),
        },
    );
    let note = &p
        .document("d")
        .unwrap()
        .relations()
        .get(&stored)
        .unwrap()
        .note;
    assert_eq!(note, "a note");
}

#[test]
fn deleting_a_theme_or_a_document_takes_relations_and_links_along_and_undo_restores() {
    let mut p = related();
    // `same` names no theme; `supports` names both, so free them first.
    let mut any = p.relation_type("supports").unwrap().clone();
    any.from_themes.clear();
    any.to_themes.clear();
    Edit::UpdateRelationType { relation_type: any }
        .apply(&mut p)
        .unwrap();
    apply_and_undo(&mut p, Edit::RemoveTheme { id: "claim".into() });
    assert_eq!(p.relation_count(), 0);
    assert_eq!(links(&p), ["the project", "document \"d\""]);
    let mut p = related();
    apply_and_undo(&mut p, Edit::RemoveDocument { id: "d".into() });
    assert_eq!(links(&p), ["the project", "theme \"claim\""]);
}

#[test]
fn merging_themes_carries_relations_types_and_links_over() {
    let mut p = related();
    p.themes
        .push(Theme::new("thesis", "Thesis", Color::rgb(5, 5, 5)));
    apply_and_undo(
        &mut p,
        Edit::MergeTheme {
            from: "claim".into(),
            into: "thesis".into(),
        },
    );
    assert_eq!(p.relation_type("supports").unwrap().to_themes, ["thesis"]);
    let rels: Vec<String> = p
        .document("d")
        .unwrap()
        .relations()
        .iter()
        .map(|r| r.to_string())
        .collect();
    assert_eq!(
        rels,
        [
            "\"same\" by \"bo\" from span 0..7 (theme \"thesis\", by \"ana\") to span 16..21 (theme \"thesis\", by \"bo\")",
            "\"supports\" by \"ana\" from span 16..26 (theme \"evidence\", by \"ana\") to span 0..7 (theme \"thesis\", by \"ana\")",
        ]
    );
    assert_eq!(links(&p).len(), 5, "{:?}", links(&p));
    assert!(links(&p).contains(&"theme \"thesis\"".to_owned()));
    assert_eq!(crate::merge::check(&p), Ok(()));
}

#[test]
fn a_document_joins_only_with_relations_that_hold() {
    let mut p = project();
    let doc = Document::new("e", "E", "abc")
        .with_spans(vec![Span::new(0, 1, "claim", "ana")])
        .with_relations([Relation::new(
            SpanRef::new(0, 1, "claim", "ana"),
            SpanRef::new(1, 2, "claim", "ana"),
            "same",
            "ana",
        )]);
    let err = Edit::AddDocument {
        index: 1,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("document \"e\": relation \"same\": its to end, span 1..2"),
        "{err}"
    );
}

#[test]
fn a_relation_that_cannot_follow_a_merge_goes_with_the_links_to_it() {
    let mut p = related();
    let twin = Span::new(16, 21, "evidence", "bo");
    Edit::AddSpan {
        doc: "d".into(),
        span: twin.clone(),
    }
    .apply(&mut p)
    .unwrap();
    // Once `claim` is merged into `evidence`, this relation would relate
    // the span to itself, which `same` does not allow.
    let doomed = Relation::new(other_claim(), SpanRef::from(&twin), "same", "bo");
    add_relation(doomed.clone()).apply(&mut p).unwrap();
    let doomed = doomed.normalised(false);
    let mut memo = p.memo("m1").unwrap().clone();
    memo.links.push(MemoLink::relation("d", &doomed));
    Edit::UpdateMemo { memo }.apply(&mut p).unwrap();
    apply_and_undo(
        &mut p,
        Edit::MergeTheme {
            from: "claim".into(),
            into: "evidence".into(),
        },
    );
    assert_eq!(p.relation_type("supports").unwrap().to_themes, ["evidence"]);
    assert_eq!(p.relation_count(), 2);
    assert!(!links(&p).iter().any(|l| l.contains("from span 16..21")));
    assert_eq!(crate::merge::check(&p), Ok(()));
}
