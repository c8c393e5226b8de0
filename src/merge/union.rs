//! The union of two projects (`marginalia merge OURS THEIRS -o OUT`):
//! everything in either, with no common ancestor to say who changed what.

use std::collections::HashMap;

use super::themes::show_parent;
use super::{Conflict, MergeError, Merged, clear_clashing_keys, key};
use crate::model::rules::{self, ThemeProblem};
use crate::model::{Document, Project, RelationType, Relations, Span, SpanIndex, Theme};

/// Union of two projects: everything in either. Refused when the same
/// document id holds two texts, or the same theme id two labels, two
/// colours or two parents, or when the parents of the two codebooks
/// together form a cycle. Otherwise a value only one side has is taken
/// (a theme's parent, key or description; a document's source); where
/// both have one, OURS's is kept (a span's note: theirs when ours is
/// empty). Rules, spans, done states, attributes, suggestions and
/// rejections of both are kept. A shortcut key that clashes after the
/// union is cleared and listed in [`Merged::conflicts`]. Relation types
/// must agree (but for their description); relations of both are kept;
/// a memo both hold in different versions keeps ours, listed.
pub fn union(ours: &Project, theirs: &Project) -> Result<Merged, MergeError> {
    // Every field of a project is named here (no `..`): a field added to
    // `Project` does not compile until the union says how to combine it.
    let Project {
        name,
        themes: ours_themes,
        relation_types: ours_types,
        documents: ours_documents,
        memos: ours_memos,
    } = ours;
    let mut themes = ours_themes.clone();
    for t in &theirs.themes {
        match themes.iter_mut().find(|o| o.id == t.id) {
            Some(o) => *o = union_theme(o, t)?,
            None => themes.push(t.clone()),
        }
    }
    if let Some((i, ThemeProblem::ParentCycle(ids))) = rules::check_tree(&themes)
        .into_iter()
        .find(|(_, p)| matches!(p, ThemeProblem::ParentCycle(_)))
    {
        return Err(MergeError::DifferentTheme {
            id: themes[i].id.clone(),
            what: format!(
                "the parents of the two codebooks together form a cycle ({})",
                ids.join(" → ")
            ),
        });
    }
    let mut documents = Vec::with_capacity(ours_documents.len());
    for o in ours_documents {
        match theirs.document(&o.id) {
            Some(t) => documents.push(union_document(o, t)?),
            None => documents.push(o.clone()),
        }
    }
    for t in &theirs.documents {
        if ours.document(&t.id).is_none() {
            documents.push(t.clone());
        }
    }
    let mut relation_types = ours_types.clone();
    for t in &theirs.relation_types {
        match relation_types.iter().find(|o| o.id == t.id) {
            Some(o) => union_relation_type(o, t)?,
            None => relation_types.push(t.clone()),
        }
    }
    let mut memos = ours_memos.clone();
    let mut memo_conflicts = Vec::new();
    for m in &theirs.memos {
        match memos.iter().find(|o| o.id == m.id) {
            Some(o) if o != m => memo_conflicts.push(Conflict(format!(
                "memo {:?}: the two projects hold different versions of it; kept ours",
                m.id
            ))),
            Some(_) => {}
            None => memos.push(m.clone()),
        }
    }
    let mut project = Project {
        name: name.clone(),
        themes,
        relation_types,
        documents,
        memos,
    };
    let mut cleared = Vec::new();
    clear_clashing_keys(&mut project, &mut cleared);
    let mut conflicts: Vec<Conflict> = cleared
        .into_iter()
        .map(|id| {
            Conflict(format!(
                "theme {id:?}: its shortcut key is another theme's too; its key was cleared"
            ))
        })
        .collect();
    conflicts.extend(memo_conflicts);
    Ok(Merged { project, conflicts })
}

/// One theme both projects hold.
fn union_theme(ours: &Theme, theirs: &Theme) -> Result<Theme, MergeError> {
    // Every field of a theme is named here (no `..`): a field added to
    // `Theme` does not compile until the union says how to combine it.
    let Theme {
        id,
        label,
        color,
        key,
        description,
        parent,
        rules,
    } = ours;
    let differ = |what: String| {
        Err(MergeError::DifferentTheme {
            id: id.clone(),
            what,
        })
    };
    if *label != theirs.label {
        return differ(format!(
            "label {label:?} in one, {:?} in the other",
            theirs.label
        ));
    }
    if *color != theirs.color {
        return differ(format!(
            "colour {color} in one, {} in the other",
            theirs.color
        ));
    }
    if let (Some(_), Some(_)) = (parent, &theirs.parent)
        && *parent != theirs.parent
    {
        return differ(format!(
            "parent {} in one, {} in the other",
            show_parent(parent.as_deref()),
            show_parent(theirs.parent.as_deref())
        ));
    }
    let mut rules = rules.clone();
    for r in &theirs.rules {
        if !rules.contains(r) {
            rules.push(r.clone());
        }
    }
    Ok(Theme {
        id: id.clone(),
        label: label.clone(),
        color: *color,
        key: key.or(theirs.key),
        description: if description.is_empty() {
            theirs.description.clone()
        } else {
            description.clone()
        },
        parent: parent.clone().or_else(|| theirs.parent.clone()),
        rules,
    })
}

/// One relation type both projects hold: they must agree on everything
/// but the description (ours's kept), as the relations of each were
/// checked against it.
fn union_relation_type(ours: &RelationType, theirs: &RelationType) -> Result<(), MergeError> {
    // Every field is named (no `..`): a field added to `RelationType`
    // does not compile until the union says how to combine it.
    let RelationType {
        id,
        label,
        color,
        directed,
        description: _,
        from_themes,
        to_themes,
        allow_self,
    } = ours;
    let what = if *label != theirs.label {
        format!("label {label:?} in one, {:?} in the other", theirs.label)
    } else if *color != theirs.color {
        format!("colour {color} in one, {} in the other", theirs.color)
    } else if *directed != theirs.directed {
        "directed in one, undirected in the other".to_owned()
    } else if *from_themes != theirs.from_themes || *to_themes != theirs.to_themes {
        "the themes it allows at its ends differ".to_owned()
    } else if *allow_self != theirs.allow_self {
        "one allows self-relations, the other does not".to_owned()
    } else {
        return Ok(());
    };
    Err(MergeError::DifferentRelationType {
        id: id.clone(),
        what,
    })
}

/// One document both projects hold.
fn union_document(ours: &Document, theirs: &Document) -> Result<Document, MergeError> {
    // Every field of a document is named here (no `..`): a field added to
    // `Document` does not compile until the union says how to combine it.
    let Document {
        id,
        title,
        source,
        text,
        spans,
        done,
        attributes,
        suggestions,
        rejected,
        relations,
    } = ours;
    if *text != theirs.text {
        return Err(MergeError::DifferentText(id.clone()));
    }
    let mut by_key: HashMap<(usize, usize, &str, &str), &Span> =
        spans.spans().iter().map(|s| (key(s), s)).collect();
    for s in theirs.spans.spans() {
        by_key
            .entry(key(s))
            .and_modify(|kept| {
                if kept.note.is_empty() {
                    *kept = s;
                }
            })
            .or_insert(s);
    }
    let mut attributes = attributes.clone();
    for (name, value) in &theirs.attributes {
        attributes
            .entry(name.clone())
            .or_insert_with(|| value.clone());
    }
    Ok(Document {
        id: id.clone(),
        title: title.clone(),
        source: source.clone().or_else(|| theirs.source.clone()),
        text: text.clone(),
        spans: SpanIndex::from_spans(by_key.into_values().cloned().collect()),
        done: done.union(&theirs.done).cloned().collect(),
        attributes,
        suggestions: suggestions.union(&theirs.suggestions).cloned().collect(),
        rejected: rejected.union(&theirs.rejected).cloned().collect(),
        relations: union_relations(relations, &theirs.relations),
    })
}

/// Relations of both, by key; a note from theirs only where ours has none.
fn union_relations(ours: &Relations, theirs: &Relations) -> Relations {
    let mut out = ours.clone();
    for r in theirs.iter() {
        match out.get(r) {
            Some(kept) if kept.note.is_empty() && !r.note.is_empty() => {
                let kept = kept.clone();
                out.remove(&kept);
                out.insert(r.clone());
            }
            Some(_) => {}
            None => {
                out.insert(r.clone());
            }
        }
    }
    out
}
