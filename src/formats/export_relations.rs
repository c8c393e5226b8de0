//! What exporters share about relations: the relations of an exported
//! document whose two ends are both exported, named by the ends' places
//! in the job's span list, and the report lines for relations a format
//! leaves out.

use std::collections::HashMap;

use super::export::ExportJob;
use crate::model::{Document, Relation, RelationType, Span, SpanRef};

/// A relation to write: both ends are among the exported spans.
#[derive(Clone, Copy, Debug)]
pub struct Exported<'p> {
    pub relation: &'p Relation,
    /// Its type, when the codebook has it (it always does in a loaded
    /// project).
    pub kind: Option<&'p RelationType>,
    /// Place of the `from` span in the document's exported spans.
    pub from: usize,
    /// Place of the `to` span in the document's exported spans.
    pub to: usize,
}

impl<'p> Exported<'p> {
    /// The label the relation is exported under: its type's label, else
    /// its type id.
    pub fn label(&self) -> &'p str {
        self.kind
            .map_or(self.relation.kind.as_str(), |t| t.label.as_str())
    }

    /// Whether the relation goes one way (an unknown type counts as one).
    pub fn directed(&self) -> bool {
        self.kind.is_none_or(|t| t.directed)
    }
}

/// The relations of the job's `i`-th document whose ends are both
/// exported, in the document's stable order. A relation with an end left
/// out (by the annotator filter) is reported, since it cannot be written.
pub fn exported<'p>(job: &mut ExportJob<'p>, i: usize) -> Vec<Exported<'p>> {
    let (doc, spans) = (job.docs[i].0, job.docs[i].1.clone());
    exported_from(job, doc, &spans)
}

/// [`exported`] for `doc` with its exported `spans` (as the job lists
/// them), for exporters that write one document at a time.
pub fn exported_from<'p>(
    job: &mut ExportJob<'p>,
    doc: &'p Document,
    spans: &[&'p Span],
) -> Vec<Exported<'p>> {
    if doc.relations().is_empty() {
        return Vec::new();
    }
    let place: HashMap<SpanRef, usize> = spans
        .iter()
        .enumerate()
        .map(|(k, s)| (SpanRef::from(*s), k))
        .collect();
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for relation in doc.relations() {
        match (place.get(&relation.from), place.get(&relation.to)) {
            (Some(&from), Some(&to)) => out.push(Exported {
                relation,
                kind: job.project.relation_type(&relation.kind),
                from,
                to,
            }),
            _ => left_out.push(relation),
        }
    }
    for relation in left_out {
        job.lose(
            doc,
            Some(&relation.from.to_span()),
            "relations with an end that is not exported are left out",
            format!(
                "relation {:?} from {}..{} to {}..{}",
                relation.kind,
                relation.from.start,
                relation.from.end,
                relation.to.start,
                relation.to.end
            ),
        );
    }
    out
}

/// Reports, once per document that has any, the relations a format with
/// no place for them leaves out: `relations are not carried: … (d: 3
/// relations; CoNLL has no place for them)`.
pub fn lose_relations(job: &mut ExportJob, format: &str) {
    let counts: Vec<_> = job
        .docs
        .iter()
        .map(|(d, _)| (*d, d.relations().len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    for (doc, n) in counts {
        job.lose(
            doc,
            None,
            "relations are not carried",
            format!(
                "{}; {format} has no place for them",
                crate::model::plural(n, "relation", "relations")
            ),
        );
    }
}

/// Reports who made a relation as not carried, in a format with no place
/// for it.
pub fn lose_relation_annotator(job: &mut ExportJob, doc: &Document, r: &Exported, format: &str) {
    if !r.relation.annotator.is_empty() {
        job.lose(
            doc,
            Some(&r.relation.from.to_span()),
            "relation annotators are not carried",
            format!("{format} has no place for them"),
        );
    }
}

/// Reports that an undirected relation is written as going from its
/// earlier span to the other, in a format whose relations all have a
/// direction.
pub fn lose_direction(job: &mut ExportJob, doc: &Document, r: &Exported, format: &str) {
    if !r.directed() {
        job.lose(
            doc,
            Some(&r.relation.from.to_span()),
            "undirected relations are written from the earlier span",
            format!("{format} relations have a direction"),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::export::ExportOptions;
    use crate::formats::{Format, fixture, relations_fixture};

    #[test]
    fn csv_and_conll_say_how_many_relations_they_leave_out() {
        let p = relations_fixture::project();
        for (format, name) in [(Format::Csv, "CSV"), (Format::Conll, "CoNLL")] {
            let (_, report) = fixture::export_default(&p, format);
            let line = report
                .summary()
                .into_iter()
                .find(|l| l.starts_with("relations are not carried"))
                .unwrap_or_else(|| panic!("{name}: no relations line in {:?}", report.summary()));
            assert_eq!(
                line,
                format!(
                    "relations are not carried: 2 documents (statement: 3 relations; {name} has no place for them; \
                     second: 1 relation; {name} has no place for them)"
                )
            );
        }
        // Without relations, no such line.
        let (_, report) = fixture::export_default(&fixture::project(), Format::Csv);
        assert!(report.losses.iter().all(|l| !l.kind.contains("relation")));
    }

    #[test]
    fn a_relation_whose_end_is_filtered_out_is_reported_not_written() {
        let p = relations_fixture::project();
        // Only bo's spans: ana's relations lose an end (or both).
        let options = ExportOptions {
            annotator: Some("bo".into()),
            ..Default::default()
        };
        let (files, report) =
            crate::formats::export_files(&p, Format::Brat, &options, Default::default()).unwrap();
        let ann = files
            .iter()
            .find(|f| f.path.ends_with("statement.ann"))
            .unwrap();
        let ann = std::str::from_utf8(&ann.bytes).unwrap();
        assert_eq!(ann.matches("\tcauses Arg1:").count(), 1, "{ann}");
        let left_out = report
            .losses
            .iter()
            .filter(|l| l.kind == "relations with an end that is not exported are left out")
            .count();
        assert_eq!(left_out, 3);
    }
}
