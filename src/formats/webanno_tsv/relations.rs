//! WebAnno TSV 3.3 relations: the relation layer `webanno.custom.Relation`
//! on the span layer, as INCEpTION writes relation layers.
//!
//! ```text
//! #T_RL=webanno.custom.Relation|value|note|annotator|BT_webanno.custom.Theme
//! ```
//!
//! A relation goes on the first row of its target (dependent) span: one
//! column per feature (`value` the type label, `note`, `annotator`), then
//! the address of its source span's first row (`1-3`, or `2-12.1` for a
//! sub-token). When either span carries a disambiguation id the address
//! gets `[SOURCE_TARGET]`, `0` for the one without (`1-1[0_2]`). Several
//! relations on one row are joined with `|` in every column. The layer is
//! declared only when the project has relation types, so an export without
//! them is unchanged. Undirected relations are written from the earlier
//! span, and reported.

use std::collections::HashMap;

use super::{FEATURES, LAYER, escape_value};
use crate::formats::export::ExportJob;
use crate::formats::export_relations::{Exported, exported_from, lose_direction};
use crate::model::{Document, Span};

/// The relation layer.
pub const RELATION_LAYER: &str = "webanno.custom.Relation";

/// A row of the TSV: a token, or one of its sub-tokens (1-based).
pub(super) type Row = (usize, Option<usize>);

/// The relation columns of one document, row by row.
pub(super) struct RelationColumns {
    /// Whether the layer is in the header at all.
    declared: bool,
    /// The cells (values and source address) of the relations on each row.
    on_row: HashMap<Row, Vec<[String; 4]>>,
}

impl RelationColumns {
    /// Places the relations of `doc` between `spans`: `first_row[i]` is the
    /// first row span `i` is on (with its address), `None` if it is on
    /// none; `ids[i]` its disambiguation id.
    pub fn new<'p>(
        job: &mut ExportJob<'p>,
        doc: &'p Document,
        spans: &[&'p Span],
        first_row: &[Option<(Row, String)>],
        ids: &[Option<usize>],
    ) -> Self {
        let declared = !job.project.relation_types().is_empty();
        let mut on_row: HashMap<Row, Vec<[String; 4]>> = HashMap::new();
        if !declared {
            return RelationColumns { declared, on_row };
        }
        let relations: Vec<Exported> = exported_from(job, doc, spans);
        for r in relations {
            let (Some((_, source)), Some((row, _))) = (&first_row[r.from], &first_row[r.to]) else {
                job.lose(
                    doc,
                    Some(&r.relation.from.to_span()),
                    "relations with an end that is not exported are left out",
                    format!("relation {:?}: an end has no row", r.label()),
                );
                continue;
            };
            lose_direction(job, doc, &r, "WebAnno TSV");
            let cell = |s: &str| {
                if s.is_empty() {
                    "*".to_owned()
                } else {
                    escape_value(s).0
                }
            };
            let address = match (ids[r.from], ids[r.to]) {
                (None, None) => source.clone(),
                (a, b) => format!("{source}[{}_{}]", a.unwrap_or(0), b.unwrap_or(0)),
            };
            on_row.entry(*row).or_default().push([
                cell(r.label()),
                cell(&r.relation.note),
                cell(&r.relation.annotator),
                address,
            ]);
        }
        RelationColumns { declared, on_row }
    }

    /// The `#T_RL=` header line (with its line feed), or nothing.
    pub fn header(&self) -> String {
        if self.declared {
            format!("#T_RL={RELATION_LAYER}|{}|BT_{LAYER}\n", FEATURES.join("|"))
        } else {
            String::new()
        }
    }

    /// The relation columns of `row`, each followed by a tab; nothing when
    /// the layer is not declared.
    pub fn row(&self, row: Row) -> String {
        if !self.declared {
            return String::new();
        }
        let Some(cells) = self.on_row.get(&row) else {
            return "_\t".repeat(FEATURES.len() + 1);
        };
        let mut out = String::new();
        for column in 0..=FEATURES.len() {
            let values: Vec<&str> = cells.iter().map(|c| c[column].as_str()).collect();
            out.push_str(&values.join("|"));
            out.push('\t');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::{Format, fixture, relations_fixture};

    #[test]
    fn a_relation_goes_on_its_targets_first_row_with_the_source_address() {
        let (files, report) =
            fixture::export_default(&relations_fixture::project(), Format::WebannoTsv);
        let tsv = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(tsv.starts_with(
            "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Theme|value|note|annotator\n\
             #T_RL=webanno.custom.Relation|value|note|annotator|BT_webanno.custom.Theme\n\n\n"
        ));
        let row = |token: &str| {
            tsv.lines()
                .find(|l| l.split('\t').nth(2) == Some(token))
                .unwrap_or_else(|| panic!("no row for {token:?} in\n{tsv}"))
        };
        // Undirected, from the earlier span (on several rows: id 1) to
        // the one-token "ICT" (no id).
        assert!(
            row("ICT").ends_with("\tsame topic\t*\tana\t1-1[1_0]\t"),
            "{tsv}"
        );
        // A row without relations has an empty cell per relation column.
        assert!(row("aus").ends_with("\t_\t_\t_\t_\t"), "{tsv}");
        // Two spans start on "Health" (and a third goes on through it):
        // the relation between the two stacked ones names both ids.
        let health = row("Health");
        let rel = health.split('\t').rev().nth(1).unwrap();
        assert!(rel.contains("-"), "{health}");
        assert!(health.contains("\tcauses\t*\tbo\t"), "{health}");
        assert!(rel.ends_with(']'), "{health}");
        assert_eq!(
            report
                .losses
                .iter()
                .filter(|l| l.kind == "undirected relations are written from the earlier span")
                .count(),
            1
        );
    }

    #[test]
    fn without_relation_types_the_header_has_no_relation_layer() {
        let (files, _) = fixture::export_default(&fixture::project(), Format::WebannoTsv);
        let tsv = std::str::from_utf8(&files[0].bytes).unwrap();
        assert!(!tsv.contains("#T_RL="));
    }
}
