//! The relations an import brings, for the planner in [`super::import`]:
//! relation types matched to the codebook by label or id (without case)
//! or created, and each [`ImportedRelation`] turned into a model
//! [`Relation`] between the spans it names.
//!
//! A relation the project cannot hold (an end that was not imported, a
//! self-relation or an end theme its type forbids) is skipped with a
//! warning naming the file and its place, so one bad relation never
//! refuses the spans around it. A relation already in the project, or read
//! twice, is added once.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::already_there::SpanMatch;
use super::importer::{ImportSummary, ImportedRelation, ImportedRelationType};
use crate::model::palette::unused_color;
use crate::model::relation_rules::check_relation;
use crate::model::{Color, Document, Edit, Project, Relation, RelationType, Span, SpanRef, slug};

/// The relation types of the project and those the import creates.
pub(super) struct RelationTypes {
    /// Label and id, lower case, to type id.
    by_name: HashMap<String, String>,
    /// The project's types and the new ones.
    types: Vec<RelationType>,
    colors: Vec<Color>,
}

impl RelationTypes {
    pub fn new(project: &Project) -> Self {
        let types = project.relation_types().to_vec();
        let by_name = types
            .iter()
            .flat_map(|t| {
                [
                    (t.label.to_lowercase(), t.id.clone()),
                    (t.id.to_lowercase(), t.id.clone()),
                ]
            })
            .collect();
        let colors = project
            .themes()
            .iter()
            .map(|t| t.color)
            .chain(types.iter().map(|t| t.color))
            .collect();
        RelationTypes {
            by_name,
            types,
            colors,
        }
    }

    /// The id of the type labelled `read.label`, adding it (with an
    /// `AddRelationType` edit) if the codebook has none.
    pub fn id_of(
        &mut self,
        read: &ImportedRelationType,
        edits: &mut Vec<Edit>,
        summary: &mut ImportSummary,
    ) -> String {
        let label = read.label.trim();
        if let Some(id) = self.by_name.get(&label.to_lowercase()) {
            return id.clone();
        }
        let base = match slug(label) {
            s if s.is_empty() => "relation".to_owned(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.types.iter().any(|t| t.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let color = read
            .color
            .unwrap_or_else(|| unused_color(self.colors.iter().copied()));
        self.colors.push(color);
        let mut rt = RelationType::new(id.clone(), label, color);
        rt.directed = read.directed;
        self.by_name.insert(label.to_lowercase(), id.clone());
        self.by_name.insert(id.to_lowercase(), id.clone());
        edits.push(Edit::AddRelationType {
            index: usize::MAX,
            relation_type: rt.clone(),
        });
        self.types.push(rt);
        summary.relation_types_added.push(label.to_owned());
        id
    }

    fn get(&self, id: &str) -> Option<&RelationType> {
        self.types.iter().find(|t| t.id == id)
    }
}

/// A relation read, its ends resolved to the spans the import makes, not
/// yet checked against its document.
pub(super) struct Pending {
    relation: Relation,
    /// "FILE: line 7", for warnings.
    place: String,
}

/// Resolves the relations of one imported document: `refs[i]` is the
/// span the document's `i`-th imported span became (`None` when it was
/// skipped). Ends that were not imported are warned about here.
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve(
    path: &Path,
    doc_id: &str,
    relations: &[ImportedRelation],
    refs: &[Option<SpanRef>],
    annotator: &str,
    types: &mut RelationTypes,
    edits: &mut Vec<Edit>,
    summary: &mut ImportSummary,
) -> Vec<Pending> {
    let mut out = Vec::with_capacity(relations.len());
    for r in relations {
        let place = match r.position.as_str() {
            "" => path.display().to_string(),
            p => format!("{}: {p}", path.display()),
        };
        let end = |i: usize| refs.get(i).cloned().flatten();
        let (Some(from), Some(to)) = (end(r.from), end(r.to)) else {
            summary.warnings.push(format!(
                "{place}: document {doc_id:?}: relation {:?} has an end that was not imported; relation not imported",
                r.label
            ));
            continue;
        };
        if r.label.trim().is_empty() {
            summary.warnings.push(format!(
                "{place}: document {doc_id:?}: a relation has no type; relation not imported"
            ));
            continue;
        }
        let kind = types.id_of(
            &ImportedRelationType {
                label: r.label.clone(),
                directed: true,
                color: None,
            },
            edits,
            summary,
        );
        let directed = types.get(&kind).is_none_or(|t| t.directed);
        let who = r
            .annotator
            .as_deref()
            .filter(|a| !a.is_empty())
            .unwrap_or(annotator);
        let relation = Relation::new(from, to, &kind, who)
            .with_note(r.note.clone())
            .normalised(directed);
        out.push(Pending { relation, place });
    }
    out
}

/// Under [`SpanMatch::AnyAnnotator`] an imported span that repeats one
/// with the same range and theme is not added: a relation end naming it
/// moves to the span kept. `kept` lists the spans in the order they win.
pub(super) fn retarget<'a>(
    matching: SpanMatch,
    kept: impl IntoIterator<Item = &'a Span>,
    pending: &mut [Pending],
) {
    if matching != SpanMatch::AnyAnnotator {
        return;
    }
    let mut first: HashMap<(usize, usize, &str), SpanRef> = HashMap::new();
    for s in kept {
        first
            .entry((s.start, s.end, s.theme.as_str()))
            .or_insert_with(|| SpanRef::from(s));
    }
    for p in pending {
        for end in [&mut p.relation.from, &mut p.relation.to] {
            if let Some(kept) = first.get(&(end.start, end.end, end.theme.as_str())) {
                *end = kept.clone();
            }
        }
    }
}

/// The pending relations `document` (holding every span it will have)
/// can take, each once and not already there; the others are warned
/// about and left out.
pub(super) fn accept(
    document: &Document,
    pending: Vec<Pending>,
    types: &RelationTypes,
    summary: &mut ImportSummary,
) -> Vec<Relation> {
    let mut seen: HashSet<Relation> = HashSet::new();
    let mut out = Vec::new();
    for Pending { relation, place } in pending {
        if let Err(reason) = check_relation(&relation, document, |k| types.get(k)) {
            summary.warnings.push(format!(
                "{place}: document {:?}: {reason}; relation not imported",
                document.id
            ));
            continue;
        }
        let key = Relation {
            note: String::new(),
            ..relation.clone()
        };
        if document.relations().get(&relation).is_some() || !seen.insert(key) {
            continue;
        }
        out.push(relation);
    }
    summary.relations_added += out.len();
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::formats::import::plan;
    use crate::formats::importer::{Imported, ImportedDocument, ImportedSpan};

    use super::*;

    fn span(start: usize, end: usize, label: &str) -> ImportedSpan {
        ImportedSpan {
            start,
            end,
            label: label.into(),
            position: format!("line {}", start + 1),
            ..Default::default()
        }
    }

    fn relation(from: usize, to: usize, label: &str, line: usize) -> ImportedRelation {
        ImportedRelation {
            from,
            to,
            label: label.into(),
            position: format!("line {line}"),
            ..Default::default()
        }
    }

    fn file(relations: Vec<ImportedRelation>) -> Imported {
        Imported {
            documents: vec![ImportedDocument {
                id: "d".into(),
                title: "D".into(),
                text: "Paris is in France.  ".into(),
                spans: vec![
                    span(0, 5, "Place"),
                    span(12, 18, "Place"),
                    span(19, 21, "x"),
                ],
                relations,
                ..Default::default()
            }],
            relation_types: vec![ImportedRelationType {
                label: "Near".into(),
                directed: false,
                color: None,
            }],
            ..Default::default()
        }
    }

    #[test]
    fn relations_come_in_with_their_types_and_bad_ones_are_skipped_by_name() {
        let mut p = Project::with_default_codebook("p");
        let read = file(vec![
            relation(0, 1, "located in", 4),
            relation(1, 0, "Near", 5),
            relation(0, 1, "located in", 6),
            relation(0, 2, "located in", 7),
            relation(1, 1, "Near", 8),
        ]);
        let (edit, summary) = plan(&p, &[(PathBuf::from("f.ann"), read)], "me").unwrap();
        edit.apply(&mut p).unwrap();
        assert_eq!(summary.relation_types_added, ["Near", "located in"]);
        assert_eq!(summary.relations_added, 2);
        let near = p.relation_type("near").unwrap();
        assert!(!near.directed);
        assert!(p.relation_type("located-in").unwrap().directed);
        let d = &p.documents()[0];
        let got: Vec<_> = d
            .relations()
            .iter()
            .map(|r| {
                (
                    r.from.start,
                    r.to.start,
                    r.kind.as_str(),
                    r.annotator.as_str(),
                )
            })
            .collect();
        // The undirected one is stored with its ends in order.
        assert_eq!(got, [(0, 12, "located-in", "me"), (0, 12, "near", "me")]);
        assert_eq!(
            summary.warnings,
            [
                "f.ann: line 7: document \"d\": relation \"located in\" has an end that was not imported; relation not imported",
                "f.ann: line 8: document \"d\": relation \"near\" relates span 12..18 (theme \"place\", by \"me\") to itself, which its type does not allow; relation not imported",
            ]
        );
    }

    #[test]
    fn relations_into_a_document_already_there_are_added_once() {
        let mut p = Project::with_default_codebook("p");
        let once = file(vec![relation(0, 1, "Near", 3)]);
        let (edit, _) = plan(&p, &[(PathBuf::from("a"), once.clone())], "me").unwrap();
        edit.apply(&mut p).unwrap();
        let mut again = once;
        again.documents[0]
            .relations
            .push(relation(1, 0, "located in", 4));
        let (edit, summary) = plan(&p, &[(PathBuf::from("b"), again)], "me").unwrap();
        edit.apply(&mut p).unwrap();
        assert_eq!(summary.relations_added, 1);
        assert_eq!(p.documents().len(), 1);
        assert_eq!(p.documents()[0].relations().len(), 2);
    }
}
