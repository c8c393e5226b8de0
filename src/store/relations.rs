//! The format 2 fields of relations and memos in the project file:
//! `relation_types` beside the themes, `relations` per document (one per
//! line) and `memos` after the documents. Writing them, and the checks
//! loading shares between the fast path and the validator (both call the
//! model's [`relation_rules`], so an edit, a file and a merge agree).

use super::schema::{MemoLinkOut, MemoOut, RelationOut, RelationTypeOut, SpanRefOut, Str};
use crate::model::relation_rules;
use crate::model::{Document, Memo, MemoLink, Project, Relation, RelationType, SpanRef};

pub(super) fn relation_type_out(t: &RelationType) -> RelationTypeOut<'_> {
    // Every field is named (no `..`): a field added to `RelationType`
    // does not compile until the file says how to write it.
    let RelationType {
        id,
        label,
        color,
        directed,
        description,
        from_themes,
        to_themes,
        allow_self,
    } = t;
    RelationTypeOut {
        id: Str::line(id),
        label: Str::line(label),
        color: color.to_string(),
        directed: *directed,
        description: Str::line(description),
        from_themes: from_themes.iter().map(|t| Str::line(t)).collect(),
        to_themes: to_themes.iter().map(|t| Str::line(t)).collect(),
        allow_self: *allow_self,
    }
}

fn span_ref_out(s: &SpanRef) -> SpanRefOut<'_> {
    SpanRefOut {
        start: s.start,
        end: s.end,
        theme: Str::line(&s.theme),
        annotator: Str::line(&s.annotator),
    }
}

pub(super) fn relation_out(r: &Relation) -> RelationOut<'_> {
    let Relation {
        from,
        to,
        kind,
        annotator,
        note,
    } = r;
    RelationOut {
        from: span_ref_out(from),
        to: span_ref_out(to),
        kind: Str::line(kind),
        annotator: Str::line(annotator),
        note: Str::line(note),
    }
}

pub(super) fn memo_out(m: &Memo) -> MemoOut<'_> {
    let Memo {
        id,
        title,
        text,
        author,
        created,
        modified,
        links,
    } = m;
    MemoOut {
        id: Str::line(id),
        title: Str::line(title),
        text: Str::line(text),
        author: Str::line(author),
        created: Str::line(created),
        modified: Str::line(modified),
        links: links.iter().map(link_out).collect(),
    }
}

fn link_out(l: &MemoLink) -> MemoLinkOut<'_> {
    match l {
        MemoLink::Project => MemoLinkOut::Project,
        MemoLink::Document { doc } => MemoLinkOut::Document {
            doc: Str::line(doc),
        },
        MemoLink::Theme { theme } => MemoLinkOut::Theme {
            theme: Str::line(theme),
        },
        MemoLink::Span { doc, span } => MemoLinkOut::Span {
            doc: Str::line(doc),
            span: span_ref_out(span),
        },
        MemoLink::Relation {
            doc,
            from,
            to,
            kind,
            annotator,
        } => MemoLinkOut::Relation {
            doc: Str::line(doc),
            from: span_ref_out(from),
            to: span_ref_out(to),
            kind: Str::line(kind),
            annotator: Str::line(annotator),
        },
    }
}

/// Checks one relation read from `document`'s list and adds it; the
/// reason it cannot be there otherwise (unknown type or span, a
/// forbidden self-relation or theme, a repeat). Spans are found through
/// the document's span index, so a list loads in O(n log n).
pub(super) fn add_relation(
    document: &mut Document,
    relation: Relation,
    types: &[RelationType],
) -> Result<(), String> {
    relation_rules::check_relation(&relation, document, |id| types.iter().find(|t| t.id == id))?;
    let described = format!(
        "relation {:?} by {:?} from span {} to span {} appears twice",
        relation.kind, relation.annotator, relation.from, relation.to
    );
    if document.relations.insert(relation) {
        Ok(())
    } else {
        Err(described)
    }
}

/// The relation types read, each checked against the codebook and the
/// types before it; the first problem of each is returned with its index.
pub(super) fn check_relation_types(
    project: &Project,
    types: &[RelationType],
) -> Vec<(usize, String)> {
    types
        .iter()
        .enumerate()
        .filter_map(|(i, rt)| {
            relation_rules::check_relation_type(rt, &types[..i], |t| project.theme(t).is_some())
                .err()
                .map(|e| (i, e))
        })
        .collect()
}

/// The memos read, each checked against the project (links to existing
/// objects) and the ids before it; problems with the memo's index.
pub(super) fn check_memos(project: &Project, memos: &[Memo]) -> Vec<(usize, String)> {
    let mut ids = std::collections::HashSet::new();
    let mut problems = Vec::new();
    for (i, m) in memos.iter().enumerate() {
        let checked = relation_rules::check_memo(m, project).and_then(|()| {
            if ids.insert(m.id.as_str()) {
                Ok(())
            } else {
                Err(format!("memo id {:?} is used twice", m.id))
            }
        });
        if let Err(e) = checked {
            problems.push((i, e));
        }
    }
    problems
}
