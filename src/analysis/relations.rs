//! Relations between spans, listed and counted: what `marginalia
//! relations`, `stats`, `segments --related`, the report and the window
//! all read, so a count on screen, in a table and in a report agree.
//!
//! Rows are sorted by document id, then the start of the from end, the
//! start of the to end and the type; offsets are code points.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::{Document, Project, Relation, RelationType, SpanRef};

/// One relation with its document and the text of its two ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelationRow<'p> {
    pub document: &'p Document,
    pub relation: &'p Relation,
}

impl<'p> RelationRow<'p> {
    /// The text of the from end (empty if the span is out of range, which
    /// a loaded project never holds).
    pub fn from_text(&self) -> &'p str {
        end_text(self.document, &self.relation.from)
    }

    /// The text of the to end.
    pub fn to_text(&self) -> &'p str {
        end_text(self.document, &self.relation.to)
    }
}

fn end_text<'p>(document: &'p Document, end: &SpanRef) -> &'p str {
    document
        .text()
        .slice(end.start, end.end)
        .unwrap_or_default()
}

/// A relation type given by id or label, as its id; or the refusal
/// naming the codebook's relation types.
pub fn resolve_type<'p>(project: &'p Project, id_or_label: &str) -> Result<&'p str, String> {
    let types = project.relation_types();
    types
        .iter()
        .find(|t| t.id == id_or_label)
        .or_else(|| {
            let wanted = id_or_label.to_lowercase();
            types.iter().find(|t| t.label.to_lowercase() == wanted)
        })
        .map(|t| t.id.as_str())
        .ok_or_else(|| {
            let known = if types.is_empty() {
                "the codebook has no relation types yet (add one with `marginalia relation-type add`)"
                    .to_owned()
            } else {
                format!(
                    "the relation types are: {}",
                    types
                        .iter()
                        .map(|t| format!("{} ({})", t.id, t.label))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            format!("there is no relation type {id_or_label:?}; {known}")
        })
}

/// Every relation of the documents `docs` (all when empty) whose type is
/// one of `types` (by id or label; all when empty), sorted as the module
/// says. Refused, naming it, when a document or a type does not exist.
pub fn rows<'p>(
    project: &'p Project,
    docs: &[String],
    types: &[String],
) -> Result<Vec<RelationRow<'p>>, String> {
    for doc in docs {
        if project.document(doc).is_none() {
            return Err(format!("there is no document with id {doc:?}"));
        }
    }
    let types = types
        .iter()
        .map(|t| resolve_type(project, t))
        .collect::<Result<HashSet<_>, _>>()?;
    let mut documents: Vec<&Document> = project
        .documents()
        .iter()
        .filter(|d| docs.is_empty() || docs.contains(&d.id))
        .collect();
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    let mut out = Vec::new();
    for document in documents {
        // A document's relations are already ordered by from start, to
        // start and type (`Relations`).
        out.extend(
            document
                .relations()
                .iter()
                .filter(|r| types.is_empty() || types.contains(r.kind.as_str()))
                .map(|relation| RelationRow { document, relation }),
        );
    }
    Ok(out)
}

/// How many relations a relation type has over the whole project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TypeCount {
    /// The relation type's id.
    #[serde(rename = "type")]
    pub id: String,
    pub label: String,
    pub directed: bool,
    pub relations: usize,
}

/// One count per relation type of the codebook, in codebook order.
pub fn counts_by_type(project: &Project) -> Vec<TypeCount> {
    project
        .relation_types()
        .iter()
        .map(|t: &RelationType| TypeCount {
            id: t.id.clone(),
            label: t.label.clone(),
            directed: t.directed,
            relations: project
                .documents()
                .iter()
                .map(|d| d.relations().iter().filter(|r| r.kind == t.id).count())
                .sum(),
        })
        .collect()
}

/// The spans of `document` that stand at either end of a relation whose
/// type id is in `types`.
pub fn related_spans<'d>(document: &'d Document, types: &HashSet<&str>) -> HashSet<&'d SpanRef> {
    document
        .relations()
        .iter()
        .filter(|r| types.contains(r.kind.as_str()))
        .flat_map(|r| [&r.from, &r.to])
        .collect()
}

/// Keeps the segments (`analysis::segments` rows) that stand at either end
/// of a relation of one of `types` (by id or label); all of them when
/// `types` is empty. Refused, naming it, when a type does not exist.
pub fn keep_related<'p>(
    project: &'p Project,
    found: Vec<super::segments::Segment<'p>>,
    types: &[String],
) -> Result<Vec<super::segments::Segment<'p>>, String> {
    if types.is_empty() {
        return Ok(found);
    }
    let types = types
        .iter()
        .map(|t| resolve_type(project, t))
        .collect::<Result<HashSet<_>, _>>()?;
    let related: Vec<HashSet<&SpanRef>> = project
        .documents()
        .iter()
        .map(|d| related_spans(d, &types))
        .collect();
    Ok(found
        .into_iter()
        .filter(|s| related[s.doc_index].contains(&SpanRef::from(s.span)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::segments::{Query, segments};
    use crate::model::{Color, Edit, Span, Theme};

    /// Two documents ("b" added first) with spans and relations of two
    /// types; `cause` directed, `same` not.
    fn project() -> Project {
        let mut p = Project::new(
            "P",
            vec![
                Theme::new("t", "T", Color::rgb(1, 2, 3)),
                Theme::new("u", "U", Color::rgb(3, 2, 1)),
            ],
        );
        let spans = || {
            vec![
                Span::new(0, 2, "t", "a"),
                Span::new(3, 5, "u", "a"),
                Span::new(6, 8, "t", "a"),
            ]
        };
        let mut edits = vec![
            Edit::AddRelationType {
                index: 9,
                relation_type: RelationType::new("cause", "Causes", Color::rgb(9, 9, 9)),
            },
            Edit::AddRelationType {
                index: 9,
                relation_type: RelationType {
                    directed: false,
                    ..RelationType::new("same", "Same", Color::rgb(8, 8, 8))
                },
            },
        ];
        for id in ["b", "a"] {
            edits.push(Edit::AddDocument {
                index: 9,
                document: Box::new(Document::new(id, id, "😀é\u{a0}cd\nefgh").with_spans(spans())),
            });
        }
        let r = |doc: &str, f: (usize, usize, &str), t: (usize, usize, &str), kind: &str| {
            Edit::AddRelation {
                doc: doc.into(),
                relation: Box::new(Relation::new(
                    SpanRef::new(f.0, f.1, f.2, "a"),
                    SpanRef::new(t.0, t.1, t.2, "a"),
                    kind,
                    "a",
                )),
            }
        };
        edits.push(r("b", (6, 8, "t"), (0, 2, "t"), "cause"));
        edits.push(r("a", (3, 5, "u"), (0, 2, "t"), "cause"));
        edits.push(r("a", (0, 2, "t"), (6, 8, "t"), "same"));
        Edit::Batch(edits)
            .apply(&mut p)
            .expect("the fixture is valid");
        p
    }

    #[test]
    fn rows_are_sorted_by_document_then_from_start_and_carry_their_texts() {
        let p = project();
        let all = rows(&p, &[], &[]).unwrap();
        let seen: Vec<_> = all
            .iter()
            .map(|r| {
                (
                    r.document.id.as_str(),
                    r.relation.from.start,
                    r.relation.kind.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [("a", 0, "same"), ("a", 3, "cause"), ("b", 6, "cause")]
        );
        assert_eq!((all[0].from_text(), all[0].to_text()), ("😀é", "ef"));
        let only = rows(&p, &["b".into()], &["Causes".into()]).unwrap();
        assert_eq!(only.len(), 1);
        assert_eq!(only[0].to_text(), "😀é");
    }

    #[test]
    fn unknown_documents_and_types_are_named() {
        let p = project();
        let err = rows(&p, &["zz".into()], &[]).unwrap_err();
        assert!(err.contains("\"zz\""), "{err}");
        let err = rows(&p, &[], &["nope".into()]).unwrap_err();
        assert!(
            err.contains("\"nope\"") && err.contains("cause (Causes)"),
            "{err}"
        );
    }

    #[test]
    fn counts_follow_the_codebook_order() {
        let counts = counts_by_type(&project());
        let seen: Vec<_> = counts
            .iter()
            .map(|c| (c.id.as_str(), c.relations))
            .collect();
        assert_eq!(seen, [("cause", 2), ("same", 1)]);
    }

    #[test]
    fn related_keeps_the_spans_at_either_end_of_the_type() {
        let p = project();
        let all = segments(&p, &Query::default()).unwrap();
        let kept = keep_related(&p, all.clone(), &["same".into()]).unwrap();
        let seen: Vec<_> = kept
            .iter()
            .map(|s| (s.document.id.as_str(), s.span.start))
            .collect();
        // Document "b" comes first in the project; it has no `same`.
        assert_eq!(seen, [("a", 0), ("a", 6)]);
        let kept = keep_related(&p, all.clone(), &["cause".into()]).unwrap();
        assert_eq!(kept.len(), 4);
        assert_eq!(keep_related(&p, all.clone(), &[]).unwrap().len(), all.len());
        assert!(keep_related(&p, all, &["x".into()]).is_err());
    }
}
