//! Memos listed for reading: in the order of their modified time, as the
//! JSON objects `marginalia memos --format jsonl` writes, and grouped by
//! the object they are linked to (the report's Memos section). The window's
//! Memos view reads the same order.

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{Memo, MemoLink, Project};

/// The memos of `project` by modified time (oldest first), then created
/// time and id, so a journal reads in the order it was written.
pub fn by_modified(project: &Project) -> Vec<&Memo> {
    let mut memos: Vec<&Memo> = project.memos().iter().collect();
    memos.sort_by(|a, b| (&a.modified, &a.created, &a.id).cmp(&(&b.modified, &b.created, &b.id)));
    memos
}

/// A link as JSON: `{"kind": "project"}`, `{"kind": "document",
/// "document"}`, `{"kind": "theme", "theme"}`, `{"kind": "span",
/// "document", "start", "end", "theme", "annotator"}` or `{"kind":
/// "relation", "document", "type", "from_start", "from_end", "from_theme",
/// "from_annotator", "to_start", "to_end", "to_theme", "to_annotator",
/// "annotator"}`; offsets in code points.
pub fn link_json(link: &MemoLink) -> Value {
    match link {
        MemoLink::Project => json!({"kind": "project"}),
        MemoLink::Document { doc } => json!({"kind": "document", "document": doc}),
        MemoLink::Theme { theme } => json!({"kind": "theme", "theme": theme}),
        MemoLink::Span { doc, span } => json!({
            "kind": "span",
            "document": doc,
            "start": span.start,
            "end": span.end,
            "theme": span.theme,
            "annotator": span.annotator,
        }),
        MemoLink::Relation {
            doc,
            from,
            to,
            kind,
            annotator,
        } => json!({
            "kind": "relation",
            "document": doc,
            "type": kind,
            "from_start": from.start,
            "from_end": from.end,
            "from_theme": from.theme,
            "from_annotator": from.annotator,
            "to_start": to.start,
            "to_end": to.end,
            "to_theme": to.theme,
            "to_annotator": to.annotator,
            "annotator": annotator,
        }),
    }
}

/// One memo as `memos --format jsonl` writes it: exactly these keys.
#[derive(Serialize)]
pub struct MemoRow<'p> {
    pub id: &'p str,
    pub title: &'p str,
    pub text: &'p str,
    pub author: &'p str,
    pub created: &'p str,
    pub modified: &'p str,
    pub links: Vec<Value>,
}

impl<'p> From<&'p Memo> for MemoRow<'p> {
    fn from(m: &'p Memo) -> Self {
        MemoRow {
            id: &m.id,
            title: &m.title,
            text: &m.text,
            author: &m.author,
            created: &m.created,
            modified: &m.modified,
            links: m.links.iter().map(link_json).collect(),
        }
    }
}

/// The memos grouped by the object they are linked to, objects in a
/// reading order (the project, then documents, themes, spans and
/// relations, each sorted), memos in each group by modified time. A memo
/// with several links appears under each.
pub fn by_linked_object(project: &Project) -> Vec<(&MemoLink, Vec<&Memo>)> {
    let memos = by_modified(project);
    let mut links: Vec<&MemoLink> = memos.iter().flat_map(|m| &m.links).collect();
    links.sort();
    links.dedup();
    links
        .into_iter()
        .map(|link| {
            let under = memos.iter().copied().filter(|m| m.links_to(link)).collect();
            (link, under)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, Document, Edit, Span, SpanRef, Theme};

    fn project() -> Project {
        let mut p = Project::new("P", vec![Theme::new("t", "T", Color::rgb(1, 2, 3))]);
        let span = SpanRef::new(0, 1, "t", "a");
        let memo = |id: &str, modified: &str, links: Vec<MemoLink>| {
            let mut m = Memo::new(id, id.to_uppercase(), "x", "a", "2026-01-01T00:00:00Z")
                .with_links(links);
            m.modified = modified.into();
            m
        };
        Edit::Batch(vec![
            Edit::AddDocument {
                index: 0,
                document: Box::new(
                    Document::new("d", "D", "ab").with_spans(vec![Span::new(0, 1, "t", "a")]),
                ),
            },
            Edit::AddMemo {
                index: 9,
                memo: memo("late", "2026-03-01T00:00:00Z", vec![MemoLink::Project]),
            },
            Edit::AddMemo {
                index: 9,
                memo: memo(
                    "early",
                    "2026-02-01T00:00:00Z",
                    vec![
                        MemoLink::Span {
                            doc: "d".into(),
                            span,
                        },
                        MemoLink::Project,
                    ],
                ),
            },
        ])
        .apply(&mut p)
        .expect("the fixture is valid");
        p
    }

    #[test]
    fn memos_read_in_modified_order_and_group_under_each_link() {
        let p = project();
        let ids: Vec<_> = by_modified(&p).iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["early", "late"]);
        let groups = by_linked_object(&p);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].0, &MemoLink::Project);
        let under: Vec<_> = groups[0].1.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(under, ["early", "late"]);
        assert_eq!(groups[1].0.kind(), "span");
    }

    #[test]
    fn links_as_json_name_their_kind_and_code_point_offsets() {
        let p = project();
        let row = MemoRow::from(by_modified(&p)[0]);
        let v = serde_json::to_value(&row).unwrap();
        assert_eq!(v["links"][0]["kind"], "span");
        assert_eq!(v["links"][0]["document"], "d");
        assert_eq!(v["links"][0]["end"], 1);
        assert_eq!(v["links"][1], json!({"kind": "project"}));
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 7);
    }
}
