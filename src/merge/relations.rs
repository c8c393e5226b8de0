//! Relation types, relations and memos merged three ways, and made to
//! load afterwards.
//!
//! - Relation types are merged like themes: by id, field by field (a
//!   change on one side wins, two different changes keep ours); one
//!   deleted on one side and changed on the other is a conflict kept as
//!   ours has it; one deleted while the other side still uses it comes
//!   back ([`restore_used_types`]).
//! - Relations are merged by key like spans, their note as a value
//!   ([`merge_relations`]). A relation whose span the other side removed
//!   is a conflict resolved to ours: when ours holds the relation, the
//!   span comes back from ours; when only theirs does, the relation goes
//!   with the span ([`keep_ends`]).
//! - Memos are merged by id, field by field, their links as a set: a
//!   field changed on both sides differently is a conflict, ours kept
//!   ([`merge_memos`]).
//! - Whatever the merged codebook no longer allows (an end theme a type
//!   narrowed on one side, a relation made undirected) is put in order or
//!   dropped, and links to objects the merge removed are dropped, each
//!   named as a conflict ([`make_loadable`]).

use std::collections::{BTreeMap, BTreeSet};

use super::{Pick, field, ours_then_theirs, pick};
use crate::model::relation_rules::{check_link, check_relation};
use crate::model::{
    Document, Memo, MemoLink, Project, Relation, RelationType, Relations, SpanIndex,
};

/// The merged relation types: ours's order, then those only theirs has.
pub(super) fn merge_relation_types(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflict: &mut impl FnMut(String),
) -> Vec<RelationType> {
    let ids = ours_then_theirs(
        ours.relation_types.iter().map(|t| t.id.as_str()),
        theirs.relation_types.iter().map(|t| t.id.as_str()),
    );
    let mut out = Vec::new();
    for id in ids {
        let (b, o, t) = (
            base.relation_type(id),
            ours.relation_type(id),
            theirs.relation_type(id),
        );
        match (o, t) {
            (Some(o), Some(t)) => out.push(merge_type(b, o, t, conflict)),
            _ => match pick(b, o, t) {
                Pick::Agreed(rt) => out.extend(rt),
                Pick::Conflict(rt) => {
                    conflict(format!(
                        "relation type {id:?}: changed on one side and deleted on the other; kept {}",
                        if rt.is_some() { "it" } else { "it deleted" }
                    ));
                    out.extend(rt);
                }
            },
        }
    }
    out
}

/// A relation type both sides have, merged field by field.
fn merge_type(
    base: Option<&RelationType>,
    ours: &RelationType,
    theirs: &RelationType,
    conflict: &mut impl FnMut(String),
) -> RelationType {
    // Every field is named (no `..`): a field added to `RelationType`
    // does not compile until the merge says how to combine it.
    let RelationType {
        id,
        label,
        color,
        directed,
        description,
        from_themes,
        to_themes,
        allow_self,
    } = ours;
    let subject = format!("relation type {id:?}");
    let quoted = |s: &String| format!("{s:?}");
    let list = |l: &Vec<String>| {
        if l.is_empty() {
            "any theme".to_owned()
        } else {
            l.join(", ")
        }
    };
    let yes_no = |b: &bool| if *b { "yes" } else { "no" }.to_owned();
    macro_rules! merged {
        ($field:ident, $what:expr, $show:expr) => {
            field(
                &subject,
                $what,
                [base.map(|b| &b.$field), Some($field), Some(&theirs.$field)],
                $show,
                conflict,
            )
            .unwrap_or_else(|| $field.clone())
        };
    }
    RelationType {
        id: id.clone(),
        label: merged!(label, "label", quoted),
        color: merged!(color, "colour", |c: &crate::model::Color| c.to_string()),
        directed: merged!(directed, "directed", yes_no),
        description: merged!(description, "description", quoted),
        from_themes: merged!(from_themes, "from themes", list),
        to_themes: merged!(to_themes, "to themes", list),
        allow_self: merged!(allow_self, "self-relations allowed", yes_no),
    }
}

/// A document's relations merged three ways by key; a note changed
/// differently on both sides keeps ours and is listed.
pub(super) fn merge_relations(
    doc: &str,
    base: Option<&Relations>,
    ours: &Relations,
    theirs: &Relations,
    conflict: &mut impl FnMut(String),
) -> Relations {
    type Key = (crate::model::SpanRef, crate::model::SpanRef, String, String);
    let key = |r: &Relation| -> Key {
        (
            r.from.clone(),
            r.to.clone(),
            r.kind.clone(),
            r.annotator.clone(),
        )
    };
    let mut notes: BTreeMap<Key, [Option<&str>; 3]> = BTreeMap::new();
    let sides = [
        base.into_iter().flatten().collect::<Vec<_>>(),
        ours.iter().collect(),
        theirs.iter().collect(),
    ];
    for (i, side) in sides.iter().enumerate() {
        for r in side {
            notes.entry(key(r)).or_default()[i] = Some(&r.note);
        }
    }
    let mut out = Vec::new();
    for ((from, to, kind, annotator), [b, o, t]) in notes {
        let subject = format!(
            "document {doc:?}: relation {kind:?} by {annotator:?} from span {from} to span {to}"
        );
        let note = field(
            &subject,
            "note",
            [b.as_ref(), o.as_ref(), t.as_ref()],
            |n| format!("{n:?}"),
            conflict,
        );
        if let Some(note) = note {
            // Every field of a relation is named (no `..`).
            out.push(Relation {
                from,
                to,
                kind,
                annotator,
                note: note.to_owned(),
            });
        }
    }
    out.into_iter().collect()
}

/// Makes every merged relation's ends spans of the merged document: a
/// span one side removed that ours still relates comes back from ours; a
/// relation only theirs holds goes with its removed span. Each is listed.
pub(super) fn keep_ends(
    spans: &mut SpanIndex,
    relations: &mut Relations,
    ours: &Document,
    conflict: &mut impl FnMut(String),
) {
    let doc = &ours.id;
    let missing = |spans: &SpanIndex, r: &Relation| {
        [&r.from, &r.to]
            .into_iter()
            .any(|s| spans.position(&s.to_span()).is_none())
    };
    let mut restore = BTreeSet::new();
    let dropped = relations.remove_where(|r| {
        if !missing(spans, r) {
            return false;
        }
        if ours.relations.get(r).is_none() {
            return true;
        }
        for end in [&r.from, &r.to] {
            if spans.position(&end.to_span()).is_none()
                && let Some(i) = ours.spans.position(&end.to_span())
            {
                restore.insert(ours.spans.spans()[i].clone());
            }
        }
        false
    });
    for span in restore {
        conflict(format!(
            "document {doc:?}: span {} was removed on theirs while ours relates it; kept the span",
            crate::model::SpanRef::from(&span)
        ));
        spans.insert(span);
    }
    for r in dropped {
        conflict(format!(
            "document {doc:?}: relation {:?} by {:?} from span {} to span {} was added on theirs, but ours removed a span it relates; dropped it",
            r.kind, r.annotator, r.from, r.to
        ));
    }
}

/// Relation types one side deleted while the merged documents still hold
/// relations of them (from the other side) come back, each listed.
pub(super) fn restore_used_types(
    project: &mut Project,
    ours: &Project,
    theirs: &Project,
    conflict: &mut impl FnMut(String),
) {
    let used: BTreeSet<String> = project
        .documents
        .iter()
        .flat_map(|d| d.relations.iter().map(|r| r.kind.clone()))
        .collect();
    for id in used {
        if project.relation_type(&id).is_some() {
            continue;
        }
        if let Some(rt) = ours
            .relation_type(&id)
            .or_else(|| theirs.relation_type(&id))
        {
            conflict(format!(
                "relation type {id:?}: deleted on one side while the other related spans with it; kept the type"
            ));
            project.relation_types.push(rt.clone());
        }
    }
}

/// Memos merged by id: ours's order, then those only theirs has. A memo
/// both sides hold is merged field by field; one deleted on one side and
/// changed on the other is a conflict kept as ours has it.
pub(super) fn merge_memos(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflict: &mut impl FnMut(String),
) -> Vec<Memo> {
    let ids = ours_then_theirs(
        ours.memos.iter().map(|m| m.id.as_str()),
        theirs.memos.iter().map(|m| m.id.as_str()),
    );
    let mut out = Vec::new();
    for id in ids {
        let (b, o, t) = (base.memo(id), ours.memo(id), theirs.memo(id));
        match (o, t) {
            (Some(o), Some(t)) => out.push(merge_memo(b, o, t, conflict)),
            _ => match pick(b, o, t) {
                Pick::Agreed(m) => out.extend(m),
                Pick::Conflict(m) => {
                    conflict(format!(
                        "memo {id:?}: changed on one side and deleted on the other; kept {}",
                        if m.is_some() { "it" } else { "it deleted" }
                    ));
                    out.extend(m);
                }
            },
        }
    }
    out
}

/// A memo both sides hold: each field a value (two different changes keep
/// ours, listed), its links a set (what one side added or removed is added
/// or removed; ours's order, then theirs's new links).
fn merge_memo(
    base: Option<&Memo>,
    ours: &Memo,
    theirs: &Memo,
    conflict: &mut impl FnMut(String),
) -> Memo {
    // Every field is named (no `..`): a field added to `Memo` does not
    // compile until the merge says how to combine it.
    let Memo {
        id,
        title,
        text,
        author,
        created,
        modified,
        links,
    } = ours;
    let subject = format!("memo {id:?}");
    macro_rules! merged {
        ($field:ident) => {
            field(
                &subject,
                stringify!($field),
                [base.map(|b| &b.$field), Some($field), Some(&theirs.$field)],
                |v| format!("{v:?}"),
                conflict,
            )
            .unwrap_or_else(|| $field.clone())
        };
    }
    let was = |l: &MemoLink| base.is_some_and(|b| b.links.contains(l));
    let mut merged_links: Vec<MemoLink> = links
        .iter()
        .filter(|l| theirs.links.contains(l) || !was(l))
        .cloned()
        .collect();
    for l in &theirs.links {
        if !was(l) && !merged_links.contains(l) {
            merged_links.push(l.clone());
        }
    }
    Memo {
        id: id.clone(),
        title: merged!(title),
        text: merged!(text),
        author: merged!(author),
        created: merged!(created),
        modified: merged!(modified),
        links: merged_links,
    }
}

/// Puts right what the merged codebook and documents no longer allow: an
/// undirected relation written the other way round is turned round; one
/// that the merged type or spans forbid is dropped; a memo link to an
/// object the merge removed is dropped. Each change is listed.
pub(super) fn make_loadable(project: &mut Project, conflict: &mut impl FnMut(String)) {
    let types = project.relation_types.clone();
    let lookup = |id: &str| types.iter().find(|t| t.id == id);
    for d in &mut project.documents {
        let relations = std::mem::take(&mut d.relations);
        let mut kept = Relations::default();
        for r in relations.iter() {
            let directed = lookup(&r.kind).is_none_or(|t| t.directed);
            let r = r.clone().normalised(directed);
            match check_relation(&r, d, lookup) {
                Ok(()) if kept.insert(r.clone()) => {}
                Ok(()) => conflict(format!(
                    "document {:?}: relation {:?} by {:?} between spans {} and {} is there twice once the type is undirected; kept one",
                    d.id, r.kind, r.annotator, r.from, r.to
                )),
                Err(reason) => conflict(format!(
                    "document {:?}: relation {:?} by {:?} from span {} to span {}: {reason} after the merge; dropped it",
                    d.id, r.kind, r.annotator, r.from, r.to
                )),
            }
        }
        d.relations = kept;
    }
    let mut memos = std::mem::take(&mut project.memos);
    for m in &mut memos {
        m.links.retain(|link| match check_link(project, link) {
            Ok(()) => true,
            Err(reason) => {
                conflict(format!(
                    "memo {:?}: {reason} after the merge; dropped the link",
                    m.id
                ));
                false
            }
        });
    }
    project.memos = memos;
}
