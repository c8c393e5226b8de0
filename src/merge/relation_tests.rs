//! Stories of merging relations and memos: each side's relations and
//! memos kept, a relation whose span the other side removed resolved to
//! ours, a memo edited on both sides listed, every result loadable, and
//! the diff naming each change.

use super::*;
use crate::formats::fixture;
use crate::model::{Color, Edit, Memo, MemoLink, Relation, RelationType, SpanRef};

const NOW: &str = "2026-12-08T04:25:00Z";

fn edited(base: &Project, edits: Vec<Edit>) -> Project {
    let mut p = base.clone();
    Edit::Batch(edits).apply(&mut p).unwrap();
    p
}

fn span(p: &Project, i: usize) -> Span {
    p.document("statement").unwrap().spans().spans()[i].clone()
}

fn relate(p: &Project, a: usize, b: usize, kind: &str, who: &str) -> Relation {
    Relation::new(
        SpanRef::from(&span(p, a)),
        SpanRef::from(&span(p, b)),
        kind,
        who,
    )
}

fn add(relation: Relation) -> Edit {
    Edit::AddRelation {
        doc: "statement".into(),
        relation: Box::new(relation),
    }
}

/// The fixture with a relation type `cites`, one relation by ana and a
/// memo linked to it.
fn base() -> Project {
    let p = fixture::project();
    let r = relate(&p, 0, 1, "cites", "ana");
    edited(
        &p,
        vec![
            Edit::AddRelationType {
                index: 0,
                relation_type: RelationType::new("cites", "Cites", Color::rgb(1, 2, 3)),
            },
            add(r.clone()),
            Edit::AddMemo {
                index: 0,
                memo: Memo::new("m1", "On citing", "Base text", "ana", NOW)
                    .with_links([MemoLink::relation("statement", &r)]),
            },
        ],
    )
}

#[test]
fn relations_and_memos_added_on_each_side_are_all_kept() {
    let base = base();
    let ours = edited(
        &base,
        vec![
            add(relate(&base, 1, 2, "cites", "ana")),
            Edit::AddMemo {
                index: 1,
                memo: Memo::new("ours", "Ours", "o", "ana", NOW),
            },
        ],
    );
    let mut relation_type = RelationType::new("contrasts", "Contrasts", Color::rgb(9, 9, 9));
    relation_type.directed = false;
    let theirs = edited(
        &base,
        vec![
            Edit::AddRelationType {
                index: 1,
                relation_type,
            },
            add(relate(&base, 2, 0, "contrasts", "bo")),
            Edit::AddMemo {
                index: 1,
                memo: Memo::new("theirs", "Theirs", "t", "bo", NOW),
            },
        ],
    );
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, []);
    assert_eq!(check(&merged.project), Ok(()));
    let p = &merged.project;
    assert_eq!(p.relation_count(), 3);
    assert_eq!(p.relation_types().len(), 2);
    let ids: Vec<&str> = p.memos().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["m1", "ours", "theirs"]);
    let lines = diff(&base, &theirs);
    assert!(
        lines.contains(
            &"relation type added: \"contrasts\" (label \"Contrasts\", colour #090909, undirected)"
                .to_owned()
        ),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(
            |l| l.starts_with("document \"statement\": relation added \"contrasts\" by \"bo\"")
        ),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"memo added: \"theirs\" \"Theirs\" by \"bo\" (0 links)".to_owned()),
        "{lines:?}"
    );
    // The union of the two sides holds the same.
    let union = union(&ours, &theirs).unwrap();
    assert_eq!(union.project.relation_count(), 3);
    assert_eq!(union.project.memos().len(), 3);
    assert_eq!(check(&union.project), Ok(()));
}

/// Ours relates a span theirs removed: the span comes back (ours wins);
/// theirs relates a span ours removed: the relation goes (ours wins).
/// Either way the merge loads and says what it did.
#[test]
fn a_relation_whose_span_the_other_side_removed_is_resolved_to_ours() {
    let base = base();
    let removed = span(&base, 2);
    let ours = edited(&base, vec![add(relate(&base, 2, 0, "cites", "ana"))]);
    let theirs = edited(
        &base,
        vec![Edit::RemoveSpan {
            doc: "statement".into(),
            span: removed.clone(),
        }],
    );
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(check(&merged.project), Ok(()));
    assert_eq!(merged.project.relation_count(), 2);
    let doc = merged.project.document("statement").unwrap();
    assert!(doc.spans().position(&removed).is_some());
    assert_eq!(merged.conflicts.len(), 1, "{:?}", merged.conflicts);
    assert!(
        merged.conflicts[0]
            .0
            .contains("was removed on theirs while ours relates it; kept the span"),
        "{:?}",
        merged.conflicts
    );
    // The other way round: theirs's relation goes with ours's removal.
    let merged = three_way(&base, &theirs, &ours);
    assert_eq!(check(&merged.project), Ok(()));
    assert_eq!(merged.project.relation_count(), 1);
    let doc = merged.project.document("statement").unwrap();
    assert!(doc.spans().position(&removed).is_none());
    assert!(
        merged.conflicts[0]
            .0
            .contains("was added on theirs, but ours removed a span it relates; dropped it"),
        "{:?}",
        merged.conflicts
    );
}

#[test]
fn a_memo_edited_differently_on_both_sides_keeps_ours_and_is_listed() {
    let base = base();
    let edit = |text: &str| {
        let mut memo = base.memo("m1").unwrap().clone();
        memo.text = text.into();
        memo.modified = "2026-12-08T05:00:00Z".into();
        Edit::UpdateMemo { memo }
    };
    let ours = edited(&base, vec![edit("Ours «now»")]);
    let theirs = edited(&base, vec![edit("Theirs 😀")]);
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(merged.project.memo("m1").unwrap().text, "Ours «now»");
    assert_eq!(
        merged.conflicts,
        [Conflict(
            "memo \"m1\": text changed to \"Ours «now»\" on ours and to \"Theirs 😀\" on theirs; kept ours".into()
        )]
    );
    let lines = diff(&base, &theirs);
    assert!(
        lines.contains(&"memo \"m1\": text \"Base text\" -> \"Theirs 😀\"".to_owned()),
        "{lines:?}"
    );
    // One side edits, the other leaves it: the edit wins quietly.
    let merged = three_way(&base, &base, &theirs);
    assert_eq!(merged.project.memo("m1").unwrap().text, "Theirs 😀");
    assert_eq!(merged.conflicts, []);
}

/// Theirs deletes the relation type while ours relates spans with it:
/// the type comes back. Theirs narrows the type's end themes while ours
/// adds a relation it no longer allows: the relation goes, and so does
/// the memo link to it; both listed.
#[test]
fn what_the_merged_codebook_no_longer_allows_is_dropped_and_listed() {
    let base = base();
    let only = relate(&base, 0, 1, "cites", "ana");
    let new = relate(&base, 1, 2, "cites", "ana");
    let ours = edited(&base, vec![add(new.clone())]);
    let theirs = edited(
        &base,
        vec![
            Edit::RemoveRelation {
                doc: "statement".into(),
                relation: Box::new(only),
            },
            Edit::RemoveRelationType { id: "cites".into() },
        ],
    );
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(check(&merged.project), Ok(()));
    assert!(merged.project.relation_type("cites").is_some());
    assert!(
        merged.conflicts.iter().any(|c| c.0.contains(
            "relation type \"cites\": deleted on one side while the other related spans with it; kept the type"
        )),
        "{:?}",
        merged.conflicts
    );

    let from_theme = span(&base, 1).theme;
    let other = base
        .themes()
        .iter()
        .find(|t| t.id != from_theme && t.id != span(&base, 0).theme)
        .unwrap()
        .id
        .clone();
    let mut narrowed = base.relation_type("cites").unwrap().clone();
    narrowed.from_themes = vec![span(&base, 0).theme.clone(), other];
    let mut memo = base.memo("m1").unwrap().clone();
    memo.links.push(MemoLink::relation("statement", &new));
    let ours = edited(&base, vec![add(new.clone()), Edit::UpdateMemo { memo }]);
    let theirs = edited(
        &base,
        vec![Edit::UpdateRelationType {
            relation_type: narrowed,
        }],
    );
    assert_ne!(span(&base, 0).theme, from_theme, "the fixture changed");
    let merged = three_way(&base, &ours, &theirs);
    assert_eq!(check(&merged.project), Ok(()), "{:?}", merged.conflicts);
    assert_eq!(merged.project.relation_count(), 1);
    assert_eq!(merged.project.memo("m1").unwrap().links.len(), 1);
    let text: Vec<&str> = merged.conflicts.iter().map(|c| c.0.as_str()).collect();
    assert!(
        text.iter()
            .any(|c| c.contains("after the merge; dropped it")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|c| c.contains("after the merge; dropped the link")),
        "{text:?}"
    );
}

#[test]
fn a_union_refuses_two_different_relation_types_under_one_id() {
    let base = base();
    let mut other = base.relation_type("cites").unwrap().clone();
    other.directed = false;
    let theirs = edited(
        &base,
        vec![
            Edit::RemoveRelation {
                doc: "statement".into(),
                relation: Box::new(relate(&base, 0, 1, "cites", "ana")),
            },
            Edit::UpdateRelationType {
                relation_type: other,
            },
        ],
    );
    let err = union(&base, &theirs).unwrap_err().to_string();
    assert!(
        err.contains("relation type \"cites\" differs between the two projects: directed in one, undirected in the other"),
        "{err}"
    );
}
