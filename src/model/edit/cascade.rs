//! Keeping relations and memo links in step with what they name: when
//! spans, a theme, a document or a relation go, the relations with a
//! gone span at an end go too, and so do the memo links to anything gone
//! ([`detach`]); when a span or a relation gets a new key, its relations
//! and links follow it ([`follow_span`], [`follow_relation`]). Each
//! returns what the inverse needs, so undo restores everything exactly.

use std::collections::HashSet;

use super::super::memo::MemoLink;
use super::super::project::Project;
use super::super::relation::{Relation, SpanRef};
use super::super::relation_rules::check_relation;
use super::{Edit, EditError};

/// What an edit removed, for [`detach`] to remove what names it.
#[derive(Default)]
pub(super) struct Gone {
    /// Spans removed, by (document, key).
    pub spans: HashSet<(String, SpanRef)>,
    /// Relations removed (besides those of removed spans), by document.
    pub relations: Vec<(String, Relation)>,
    pub theme: Option<String>,
    pub document: Option<String>,
}

impl Gone {
    /// The spans `spans` of `doc`.
    pub fn spans<'a>(
        doc: &str,
        spans: impl IntoIterator<Item = &'a super::super::span::Span>,
    ) -> Self {
        Gone {
            spans: spans
                .into_iter()
                .map(|s| (doc.to_owned(), SpanRef::from(s)))
                .collect(),
            ..Gone::default()
        }
    }
}

/// Removes the relations with an end among the gone spans and the memo
/// links to anything gone; returns the edits that put them back, to be
/// applied after the spans are back: the relations, then each changed
/// memo as it was.
pub(super) fn detach(project: &mut Project, mut gone: Gone) -> Vec<Edit> {
    let mut restore = Vec::new();
    if !gone.spans.is_empty() {
        let docs: HashSet<&str> = gone.spans.iter().map(|(d, _)| d.as_str()).collect();
        for d in project
            .documents
            .iter_mut()
            .filter(|d| docs.contains(d.id.as_str()))
        {
            let id = d.id.clone();
            let removed = d.relations.remove_where(|r| {
                [&r.from, &r.to]
                    .into_iter()
                    .any(|end| gone.spans.contains(&(id.clone(), end.clone())))
            });
            for r in removed {
                restore.push(Edit::AddRelation {
                    doc: id.clone(),
                    relation: Box::new(r.clone()),
                });
                gone.relations.push((id.clone(), r));
            }
        }
    }
    let relations: HashSet<MemoLink> = gone
        .relations
        .iter()
        .map(|(doc, r)| MemoLink::relation(doc, r))
        .collect();
    let is_gone = |link: &MemoLink| match link {
        MemoLink::Project => false,
        MemoLink::Theme { theme } => gone.theme.as_ref() == Some(theme),
        MemoLink::Document { doc } => gone.document.as_ref() == Some(doc),
        MemoLink::Span { doc, span } => {
            gone.document.as_ref() == Some(doc) || gone.spans.contains(&(doc.clone(), span.clone()))
        }
        MemoLink::Relation { doc, .. } => {
            gone.document.as_ref() == Some(doc) || relations.contains(link)
        }
    };
    for memo in &mut project.memos {
        if memo.links.iter().any(is_gone) {
            restore.push(Edit::UpdateMemo { memo: memo.clone() });
            memo.links.retain(|l| !is_gone(l));
        }
    }
    restore
}

/// `first`, or when a cascade has something to put back too, `first`
/// then the cascade's edits as one step.
pub(super) fn with_cascade(first: Edit, cascade: Vec<Edit>) -> Edit {
    if cascade.is_empty() {
        first
    } else {
        let mut steps = vec![first];
        steps.extend(cascade);
        Edit::Batch(steps)
    }
}

/// After span `old` of `doc` became `new` (the span index already
/// changed), moves its relations and the memo links to it and to them to
/// the new key. Refused, changing nothing, when a relation's type does
/// not allow the new span at its end (the caller puts the span back).
pub(super) fn follow_span(
    project: &mut Project,
    doc: &str,
    old: &SpanRef,
    new: &SpanRef,
) -> Result<(), EditError> {
    if old == new {
        return Ok(());
    }
    let Some(document) = project.document(doc) else {
        return Ok(());
    };
    let moved = |end: &SpanRef| if end == old { new.clone() } else { end.clone() };
    let mut changes = Vec::new();
    for r in document.relations.iter().filter(|r| r.touches(old)) {
        let directed = project.relation_type(&r.kind).is_none_or(|t| t.directed);
        let after = Relation {
            from: moved(&r.from),
            to: moved(&r.to),
            ..r.clone()
        }
        .normalised(directed);
        check_relation(&after, document, |id| project.relation_type(id)).map_err(|reason| {
            EditError::BadRelation {
                doc: doc.to_owned(),
                reason: format!("the span cannot change: {reason}"),
            }
        })?;
        changes.push((r.clone(), after));
    }
    let document = project.document_mut(doc).expect("found above");
    for (before, _) in &changes {
        document.relations.remove(before);
    }
    for (_, after) in &changes {
        document.relations.insert(after.clone());
    }
    let old_link = MemoLink::Span {
        doc: doc.to_owned(),
        span: old.clone(),
    };
    let new_link = MemoLink::Span {
        doc: doc.to_owned(),
        span: new.clone(),
    };
    let relinked: Vec<(MemoLink, MemoLink)> = changes
        .iter()
        .map(|(b, a)| (MemoLink::relation(doc, b), MemoLink::relation(doc, a)))
        .chain([(old_link, new_link)])
        .collect();
    relink(project, &relinked);
    Ok(())
}

/// After relation `old` of `doc` became `new`, moves the memo links to it.
pub(super) fn follow_relation(project: &mut Project, doc: &str, old: &Relation, new: &Relation) {
    if old.same_key(new) {
        return;
    }
    relink(
        project,
        &[(MemoLink::relation(doc, old), MemoLink::relation(doc, new))],
    );
}

/// Replaces each memo link `before` by `after`, in place.
fn relink(project: &mut Project, pairs: &[(MemoLink, MemoLink)]) {
    for memo in &mut project.memos {
        for link in &mut memo.links {
            if let Some((_, after)) = pairs.iter().find(|(before, _)| before == link) {
                *link = after.clone();
            }
        }
    }
}

/// The steps that carry relations and memo links over when theme `from`
/// is merged into `into`, to run after the recoded spans are added and
/// the relation types name `into` (`types` is how they will read): each
/// relation with an end of theme `from` becomes the same relation with
/// that end recoded, when its type allows it and no such relation is
/// there yet ([`Edit::ReplaceRelation`]); memo links to `from`, to its
/// spans and to those relations follow ([`Edit::UpdateMemo`]). The
/// relations that cannot follow are removed last ([`Edit::RemoveRelation`]).
pub(super) fn follow_merge(
    project: &Project,
    types: &[super::super::relation::RelationType],
    from: &str,
    into: &str,
) -> Vec<Edit> {
    let recode = |s: &SpanRef| {
        let mut s = s.clone();
        if s.theme == from {
            s.theme = into.to_owned();
        }
        s
    };
    let mut steps = Vec::new();
    let mut stuck = Vec::new();
    let mut moved: Vec<(MemoLink, MemoLink)> = Vec::new();
    for d in &project.documents {
        let mut taken: HashSet<Relation> = HashSet::new();
        for r in d.relations.iter() {
            if r.from.theme != from && r.to.theme != from {
                continue;
            }
            let Some(rt) = types.iter().find(|t| t.id == r.kind) else {
                continue;
            };
            let new = Relation {
                from: recode(&r.from),
                to: recode(&r.to),
                ..r.clone()
            }
            .normalised(rt.directed);
            let key = Relation {
                note: String::new(),
                ..new.clone()
            };
            let fits = rt.allows_from(&new.from.theme)
                && rt.allows_to(&new.to.theme)
                && (new.from != new.to || rt.allow_self)
                && d.relations.get(&new).is_none()
                && taken.insert(key);
            if fits {
                moved.push((
                    MemoLink::relation(&d.id, r),
                    MemoLink::relation(&d.id, &new),
                ));
                steps.push(Edit::ReplaceRelation {
                    doc: d.id.clone(),
                    old: Box::new(r.clone()),
                    new: Box::new(new),
                });
            } else {
                stuck.push(Edit::RemoveRelation {
                    doc: d.id.clone(),
                    relation: Box::new(r.clone()),
                });
            }
        }
    }
    for memo in &project.memos {
        let mut links: Vec<MemoLink> = Vec::with_capacity(memo.links.len());
        for link in &memo.links {
            let after = match link {
                MemoLink::Theme { theme } if theme == from => MemoLink::Theme {
                    theme: into.to_owned(),
                },
                MemoLink::Span { doc, span } => MemoLink::Span {
                    doc: doc.clone(),
                    span: recode(span),
                },
                MemoLink::Relation { .. } => moved
                    .iter()
                    .find(|(before, _)| before == link)
                    .map_or_else(|| link.clone(), |(_, after)| after.clone()),
                other => other.clone(),
            };
            if !links.contains(&after) {
                links.push(after);
            }
        }
        if links != memo.links {
            let mut memo = memo.clone();
            memo.links = links;
            steps.push(Edit::UpdateMemo { memo });
        }
    }
    // What cannot follow goes now (with the links to it), so that the
    // relation types can stop naming `from` before it is removed.
    steps.extend(stuck);
    steps
}
