//! Span counts and coverage per document and per theme.

use serde::Serialize;

use crate::model::{Document, Project};

/// Counts for the whole project.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    pub name: String,
    pub documents: Vec<DocumentStats>,
    pub themes: Vec<ThemeStats>,
    /// Spans over all documents.
    pub spans: usize,
    /// Code points over all documents.
    pub code_points: usize,
}

/// Counts for one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentStats {
    pub id: String,
    pub title: String,
    pub code_points: usize,
    pub spans: usize,
    /// Code points covered by at least one span.
    pub covered: usize,
    /// `covered / code_points` (0 for an empty text).
    pub share: f64,
}

/// Counts for one theme over all documents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ThemeStats {
    pub id: String,
    pub label: String,
    pub spans: usize,
    /// Code points covered by at least one span of this theme.
    pub covered: usize,
    /// `covered` as a share of all text in the project.
    pub share: f64,
}

/// Computes the statistics of a project.
pub fn stats(project: &Project) -> Stats {
    let code_points: usize = project
        .documents()
        .iter()
        .map(|d| d.text().len_chars())
        .sum();
    let documents = project
        .documents()
        .iter()
        .map(|d| {
            let covered = covered(d, |_| true);
            DocumentStats {
                id: d.id.clone(),
                title: d.title.clone(),
                code_points: d.text().len_chars(),
                spans: d.spans().len(),
                covered,
                share: ratio(covered, d.text().len_chars()),
            }
        })
        .collect();
    let themes = project
        .themes()
        .iter()
        .map(|t| {
            let mut spans = 0;
            let mut cov = 0;
            for d in project.documents() {
                spans += d.spans().spans().iter().filter(|s| s.theme == t.id).count();
                cov += covered(d, |theme| theme == t.id);
            }
            ThemeStats {
                id: t.id.clone(),
                label: t.label.clone(),
                spans,
                covered: cov,
                share: ratio(cov, code_points),
            }
        })
        .collect();
    Stats {
        name: project.name().to_owned(),
        documents,
        themes,
        spans: project.span_count(),
        code_points,
    }
}

/// One cell of the document × theme matrix (`stats --by document`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentTheme {
    pub document: String,
    pub theme: String,
    /// Spans of the theme in the document.
    pub spans: usize,
    /// Code points covered by the theme's spans, overlaps counted once.
    pub covered: usize,
    /// `covered / document length` (0 for an empty text).
    pub share: f64,
}

/// The document × theme matrix: one row per document and theme, documents
/// in project order, themes in codebook order.
pub fn by_document(project: &Project) -> Vec<DocumentTheme> {
    by_document_of(project, project.documents().iter())
}

/// [`by_document`] over some of the project's documents.
pub fn by_document_of<'p>(
    project: &'p Project,
    documents: impl IntoIterator<Item = &'p Document>,
) -> Vec<DocumentTheme> {
    let mut rows = Vec::new();
    for d in documents {
        let len = d.text().len_chars();
        for t in project.themes() {
            let covered = covered(d, |theme| theme == t.id);
            rows.push(DocumentTheme {
                document: d.id.clone(),
                theme: t.id.clone(),
                spans: d.spans().count_with_theme(&t.id),
                covered,
                share: ratio(covered, len),
            });
        }
    }
    rows
}

/// Theme counts for the documents sharing one value of an attribute
/// (`stats --by attribute:NAME`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ValueTheme {
    /// The attribute's value; `None` for documents without the attribute.
    pub value: Option<String>,
    pub theme: String,
    /// Documents with this value.
    pub documents: usize,
    pub spans: usize,
    /// Code points covered by the theme's spans in those documents.
    pub covered: usize,
    /// `covered` over the total length of those documents.
    pub share: f64,
}

/// Theme frequency and coverage per value of the attribute `name`: one row
/// per value (sorted; documents without the attribute last) and theme.
/// `None` when no document has the attribute.
pub fn by_attribute(project: &Project, name: &str) -> Option<Vec<ValueTheme>> {
    use std::collections::BTreeMap;
    if !project
        .documents()
        .iter()
        .any(|d| d.attribute(name).is_some())
    {
        return None;
    }
    // (without the attribute, value) → (documents, length, per theme
    // (spans, covered)); `false` sorts the documents with a value first.
    type Sums = (usize, usize, Vec<(usize, usize)>);
    let n = project.themes().len();
    let mut groups: BTreeMap<(bool, Option<&str>), Sums> = BTreeMap::new();
    for d in project.documents() {
        let value = d.attribute(name);
        let sums = groups
            .entry((value.is_none(), value))
            .or_insert_with(|| (0, 0, vec![(0, 0); n]));
        sums.0 += 1;
        sums.1 += d.text().len_chars();
        for (i, t) in project.themes().iter().enumerate() {
            sums.2[i].0 += d.spans().count_with_theme(&t.id);
            sums.2[i].1 += covered(d, |theme| theme == t.id);
        }
    }
    let mut rows = Vec::new();
    for ((_, value), (documents, length, per_theme)) in groups {
        for (t, (spans, covered)) in project.themes().iter().zip(per_theme) {
            rows.push(ValueTheme {
                value: value.map(str::to_owned),
                theme: t.id.clone(),
                documents,
                spans,
                covered,
                share: ratio(covered, length),
            });
        }
    }
    Some(rows)
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Size of the union of the ranges of the spans whose theme passes `keep`.
/// Spans come sorted by start, so one sweep merges them.
fn covered(doc: &Document, keep: impl Fn(&str) -> bool) -> usize {
    let mut total = 0;
    let mut current: Option<(usize, usize)> = None;
    for s in doc.spans().spans().iter().filter(|s| keep(&s.theme)) {
        match current {
            Some((a, b)) if s.start <= b => current = Some((a, b.max(s.end))),
            Some((a, b)) => {
                total += b - a;
                current = Some((s.start, s.end));
            }
            None => current = Some((s.start, s.end)),
        }
    }
    total + current.map_or(0, |(a, b)| b - a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Span};

    #[test]
    fn the_document_by_theme_matrix_counts_overlaps_once_and_groups_by_attribute() {
        let mut p = Project::with_default_codebook("p");
        // "😀" and U+00A0 are one code point each: "a" is 17 code points.
        let texts = [
            ("a", "😀\u{a0}health and more", "2020"),
            ("b", "0123456789", "2015"),
        ];
        for (i, (id, text, year)) in texts.into_iter().enumerate() {
            let document = Document::new(id, id, text).with_attributes([("year", year)]);
            Edit::AddDocument {
                index: i,
                document: Box::new(document),
            }
            .apply(&mut p)
            .unwrap();
        }
        Edit::AddDocument {
            index: 2,
            document: Box::new(Document::new("c", "c", "no year")),
        }
        .apply(&mut p)
        .unwrap();
        for (d, s, e, t, a) in [
            ("a", 0, 8, "health", "x"),
            ("a", 2, 8, "health", "y"),
            ("a", 5, 12, "health", "x"),
            ("b", 0, 5, "trade", "x"),
        ] {
            Edit::AddSpan {
                doc: d.into(),
                span: Span::new(s, e, t, a),
            }
            .apply(&mut p)
            .unwrap();
        }
        let rows = by_document(&p);
        assert_eq!(rows.len(), 3 * 4);
        let a_health = &rows[0];
        assert_eq!(
            (a_health.document.as_str(), a_health.theme.as_str()),
            ("a", "health")
        );
        assert_eq!((a_health.spans, a_health.covered), (3, 12));
        assert!((a_health.share - 12.0 / 17.0).abs() < 1e-12);
        assert_eq!(
            (rows[7].document.as_str(), rows[7].theme.as_str()),
            ("b", "trade")
        );
        assert!((rows[7].share - 0.5).abs() < 1e-12);
        let by_year = by_attribute(&p, "year").unwrap();
        let values: Vec<_> = by_year
            .iter()
            .filter(|r| r.theme == "trade")
            .map(|r| (r.value.clone(), r.documents, r.spans))
            .collect();
        assert_eq!(
            values,
            [
                (Some("2015".into()), 1, 1),
                (Some("2020".into()), 1, 0),
                (None, 1, 0)
            ]
        );
        assert!(by_attribute(&p, "country").is_none());
    }

    #[test]
    fn overlapping_spans_count_once_in_coverage() {
        let mut p = Project::with_default_codebook("p");
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("d", "D", "0123456789")),
        }
        .apply(&mut p)
        .unwrap();
        for (s, e, t) in [(0, 4, "health"), (2, 6, "trade"), (8, 10, "health")] {
            Edit::AddSpan {
                doc: "d".into(),
                span: Span::new(s, e, t, "a"),
            }
            .apply(&mut p)
            .unwrap();
        }
        let st = stats(&p);
        assert_eq!(st.spans, 3);
        assert_eq!(st.documents[0].covered, 8);
        assert!((st.documents[0].share - 0.8).abs() < 1e-9);
        let health = &st.themes[0];
        assert_eq!((health.spans, health.covered), (2, 6));
        assert_eq!(st.themes[2].spans, 0);
    }
}
