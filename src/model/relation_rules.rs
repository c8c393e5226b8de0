//! The rules relation types, relations and memos follow, shared by edits,
//! the loader (fast path and validator) and `merge::check`, so that what
//! an edit refuses a file cannot hold and a merge cannot make.
//!
//! Each check returns a plain sentence naming the object (type id, span
//! range and theme, memo id); callers add where it is (a document, a line
//! of the file).

use std::collections::HashSet;

use super::document::Document;
use super::memo::{Memo, MemoLink, check_timestamp};
use super::project::Project;
use super::relation::{Relation, RelationType};

/// Why `rt` cannot be in a codebook whose themes `theme_exists` knows
/// beside the relation types `others`, if it cannot: an empty id or
/// label, an id or label another type has, or an end theme that is not
/// in the codebook (or is listed twice).
pub fn check_relation_type<'a>(
    rt: &RelationType,
    others: impl IntoIterator<Item = &'a RelationType>,
    theme_exists: impl Fn(&str) -> bool,
) -> Result<(), String> {
    if rt.id.is_empty() {
        return Err("a relation type has an empty id".into());
    }
    let id = &rt.id;
    if rt.label.trim().is_empty() {
        return Err(format!("relation type {id:?} has an empty label"));
    }
    let label = rt.label.to_lowercase();
    for other in others {
        if other.id == rt.id {
            return Err(format!("relation type id {id:?} is used twice"));
        }
        if other.label.to_lowercase() == label {
            return Err(format!(
                "relation type {id:?} has the label {:?}, which relation type {:?} already has",
                rt.label, other.id
            ));
        }
    }
    for (end, themes) in [("from", &rt.from_themes), ("to", &rt.to_themes)] {
        let mut seen = HashSet::new();
        for theme in themes {
            if !theme_exists(theme) {
                return Err(format!(
                    "relation type {id:?} allows theme {theme:?} at its {end} end, but the codebook has no such theme"
                ));
            }
            if !seen.insert(theme) {
                return Err(format!(
                    "relation type {id:?} lists theme {theme:?} twice at its {end} end"
                ));
            }
        }
    }
    Ok(())
}

/// Why `relation` cannot be in `document` (whose relation types
/// `relation_type` finds), if it cannot: an empty annotator, an unknown
/// type, an end that is not a span of the document, a self-relation the
/// type forbids, an end theme the type does not allow, or an undirected
/// relation whose ends are not in order (see [`Relation::normalised`]).
/// Spans are found through the span index: no scan.
pub fn check_relation<'a>(
    relation: &Relation,
    document: &Document,
    relation_type: impl Fn(&str) -> Option<&'a RelationType>,
) -> Result<(), String> {
    let kind = &relation.kind;
    let Some(rt) = relation_type(kind) else {
        return Err(format!(
            "relation from span {} to span {} has type {kind:?}, which is not a relation type of the codebook",
            relation.from, relation.to
        ));
    };
    if relation.annotator.is_empty() {
        return Err(format!(
            "relation {kind:?} from span {} to span {} has an empty annotator",
            relation.from, relation.to
        ));
    }
    for (end, span) in [("from", &relation.from), ("to", &relation.to)] {
        if document.spans.position(&span.to_span()).is_none() {
            return Err(format!(
                "relation {kind:?}: its {end} end, span {span}, is not a span of the document"
            ));
        }
    }
    if relation.from == relation.to && !rt.allow_self {
        return Err(format!(
            "relation {kind:?} relates span {} to itself, which its type does not allow",
            relation.from
        ));
    }
    for (end, span, allowed) in [
        ("from", &relation.from, rt.allows_from(&relation.from.theme)),
        ("to", &relation.to, rt.allows_to(&relation.to.theme)),
    ] {
        if !allowed {
            let list = if end == "from" {
                &rt.from_themes
            } else {
                &rt.to_themes
            };
            return Err(format!(
                "relation {kind:?}: its {end} end, span {span}, has a theme the type does not allow there (it allows {})",
                list.join(", ")
            ));
        }
    }
    if !rt.directed && relation.to < relation.from {
        return Err(format!(
            "relation {kind:?} is undirected but lists its ends the other way round (from span {} to span {}); write the earlier span first",
            relation.from, relation.to
        ));
    }
    Ok(())
}

/// Why `link` points at nothing in `project`, if it does.
pub fn check_link(project: &Project, link: &MemoLink) -> Result<(), String> {
    let document = |doc: &str| {
        project
            .document(doc)
            .ok_or_else(|| format!("it links to document {doc:?}, which does not exist"))
    };
    match link {
        MemoLink::Project => Ok(()),
        MemoLink::Document { doc } => document(doc).map(|_| ()),
        MemoLink::Theme { theme } => match project.theme(theme) {
            Some(_) => Ok(()),
            None => Err(format!("it links to theme {theme:?}, which does not exist")),
        },
        MemoLink::Span { doc, span } => {
            let d = document(doc)?;
            match d.spans.position(&span.to_span()) {
                Some(_) => Ok(()),
                None => Err(format!(
                    "it links to span {span} of document {doc:?}, which does not exist"
                )),
            }
        }
        MemoLink::Relation {
            doc,
            from,
            to,
            kind,
            annotator,
        } => {
            let d = document(doc)?;
            let key = Relation::new(from.clone(), to.clone(), kind, annotator);
            match d.relations.get(&key) {
                Some(_) => Ok(()),
                None => Err(format!("it links to {link}, which does not exist")),
            }
        }
    }
}

/// Why `memo` cannot be in `project`, if it cannot: an empty id, a time
/// that is not RFC 3339 UTC, a link to nothing, or a link given twice.
/// The message names the memo. (That no other memo has its id is the
/// caller's to check: an edit asks the project, the loader a set.)
pub fn check_memo(memo: &Memo, project: &Project) -> Result<(), String> {
    if memo.id.is_empty() {
        return Err("a memo has an empty id".into());
    }
    let id = &memo.id;
    for (what, time) in [("created", &memo.created), ("modified", &memo.modified)] {
        check_timestamp(time).map_err(|e| format!("memo {id:?}: its {what} time {e}"))?;
    }
    let mut seen = HashSet::new();
    for link in &memo.links {
        check_link(project, link).map_err(|e| format!("memo {id:?}: {e}"))?;
        if !seen.insert(link) {
            return Err(format!("memo {id:?} links to {link} twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, Span, SpanRef};

    fn document() -> Document {
        Document::new("d", "D", "abcdefghij").with_spans(vec![
            Span::new(0, 2, "a", "ann"),
            Span::new(4, 6, "b", "ann"),
        ])
    }

    #[test]
    fn relations_need_known_types_existing_ends_and_allowed_themes() {
        let d = document();
        let mut rt = RelationType::new("cause", "Cause", Color::rgb(1, 2, 3));
        rt.to_themes = vec!["b".into()];
        let types = [rt.clone()];
        let lookup = |id: &str| types.iter().find(|t| t.id == id);
        let a = SpanRef::new(0, 2, "a", "ann");
        let b = SpanRef::new(4, 6, "b", "ann");
        let ok = Relation::new(a.clone(), b.clone(), "cause", "ann");
        assert_eq!(check_relation(&ok, &d, lookup), Ok(()));
        let cases = [
            (
                Relation::new(a.clone(), b.clone(), "nope", "ann"),
                "\"nope\", which is not a relation type",
            ),
            (
                Relation::new(a.clone(), b.clone(), "cause", ""),
                "empty annotator",
            ),
            (
                Relation::new(a.clone(), SpanRef::new(4, 7, "b", "ann"), "cause", "ann"),
                "its to end, span 4..7 (theme \"b\", by \"ann\"), is not a span",
            ),
            (
                Relation::new(b.clone(), a.clone(), "cause", "ann"),
                "does not allow there (it allows b)",
            ),
            (
                Relation::new(b.clone(), b.clone(), "cause", "ann"),
                "to itself",
            ),
        ];
        for (relation, says) in cases {
            let err = check_relation(&relation, &d, lookup).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn relation_types_name_existing_themes_once_and_unique_ids() {
        let themes = ["a", "b"];
        let exists = |t: &str| themes.contains(&t);
        let mut rt = RelationType::new("cause", "Cause", Color::rgb(1, 2, 3));
        rt.from_themes = vec!["a".into()];
        assert_eq!(check_relation_type(&rt, [], exists), Ok(()));
        let other = RelationType::new("other", "cause", Color::rgb(1, 2, 3));
        let err = check_relation_type(&rt, [&other], exists).unwrap_err();
        assert!(err.contains("already has"), "{err}");
        rt.to_themes = vec!["zz".into()];
        let err = check_relation_type(&rt, [], exists).unwrap_err();
        assert!(err.contains("theme \"zz\" at its to end"), "{err}");
    }
}
