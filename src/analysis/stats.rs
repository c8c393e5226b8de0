//! Span counts and coverage per document and per theme.

use serde::Serialize;

use super::roll_up::RollUp;
use crate::model::{Document, Project, Theme};

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
    /// Relations per relation type, in codebook order (the JSON key
    /// `relations`, left out when the codebook has no relation types).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<super::relations::TypeCount>,
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
    stats_with(project, false)
}

/// The statistics, with `roll_up` rolling the codebook tree into its
/// top-level themes: one row per top-level theme, counting its own spans
/// and those of every theme under it (coverage counted once).
pub fn stats_with(project: &Project, roll_up: bool) -> Stats {
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
    let rolled = RollUp::new(project, roll_up);
    let counts = |theme: &str, t: &str| rolled.of(theme) == t;
    let themes = row_themes(project, roll_up)
        .into_iter()
        .map(|t| {
            let mut spans = 0;
            let mut cov = 0;
            for d in project.documents() {
                spans += d
                    .spans()
                    .spans()
                    .iter()
                    .filter(|s| counts(&s.theme, &t.id))
                    .count();
                cov += covered(d, |theme| counts(theme, &t.id));
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
        relations: super::relations::counts_by_type(project),
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

/// The themes that are rows (or columns) of a table: every theme in
/// codebook order, or with `roll_up` only the top-level ones.
pub fn row_themes(project: &Project, roll_up: bool) -> Vec<&Theme> {
    let rolled = RollUp::new(project, roll_up);
    project
        .themes()
        .iter()
        .filter(|t| rolled.is_row(&t.id))
        .collect()
}

/// Spans of `doc` counted under `theme` (its own, or with rolling up
/// those of every theme under it too).
fn count_under(doc: &Document, rolled: &RollUp, theme: &str) -> usize {
    doc.spans()
        .spans()
        .iter()
        .filter(|s| rolled.of(&s.theme) == theme)
        .count()
}

/// [`by_document`] over some of the project's documents.
pub fn by_document_of<'p>(
    project: &'p Project,
    documents: impl IntoIterator<Item = &'p Document>,
) -> Vec<DocumentTheme> {
    by_document_with(project, documents, false)
}

/// [`by_document_of`], with `roll_up` giving one column per top-level
/// theme that counts the spans of every theme under it too.
pub fn by_document_with<'p>(
    project: &'p Project,
    documents: impl IntoIterator<Item = &'p Document>,
    roll_up: bool,
) -> Vec<DocumentTheme> {
    let rolled = RollUp::new(project, roll_up);
    let themes = row_themes(project, roll_up);
    let mut rows = Vec::new();
    for d in documents {
        let len = d.text().len_chars();
        for t in &themes {
            let covered = covered(d, |theme| rolled.of(theme) == t.id);
            rows.push(DocumentTheme {
                document: d.id.clone(),
                theme: t.id.clone(),
                spans: if roll_up {
                    count_under(d, &rolled, &t.id)
                } else {
                    d.spans().count_with_theme(&t.id)
                },
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
    by_attribute_with(project, name, false)
}

/// [`by_attribute`], with `roll_up` giving one row per value and
/// top-level theme that counts the spans of every theme under it too.
pub fn by_attribute_with(project: &Project, name: &str, roll_up: bool) -> Option<Vec<ValueTheme>> {
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
    let rolled = RollUp::new(project, roll_up);
    let themes = row_themes(project, roll_up);
    let n = themes.len();
    let mut groups: BTreeMap<(bool, Option<&str>), Sums> = BTreeMap::new();
    for d in project.documents() {
        let value = d.attribute(name);
        let sums = groups
            .entry((value.is_none(), value))
            .or_insert_with(|| (0, 0, vec![(0, 0); n]));
        sums.0 += 1;
        sums.1 += d.text().len_chars();
        for (i, t) in themes.iter().enumerate() {
            sums.2[i].0 += if roll_up {
                count_under(d, &rolled, &t.id)
            } else {
                d.spans().count_with_theme(&t.id)
            };
            sums.2[i].1 += covered(d, |theme| rolled.of(theme) == t.id);
        }
    }
    let mut rows = Vec::new();
    for ((_, value), (documents, length, per_theme)) in groups {
        for (t, (spans, covered)) in themes.iter().zip(per_theme) {
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

    #[test]
    fn rolling_up_counts_children_under_their_top_level_theme() {
        let mut p = Project::with_default_codebook("p");
        let mut arms = crate::model::Theme::new("arms", "Arms", crate::model::Color::rgb(1, 1, 1));
        arms.parent = Some("security".into());
        let mut npt = crate::model::Theme::new("npt", "NPT", crate::model::Color::rgb(2, 2, 2));
        npt.parent = Some("arms".into());
        let doc = Document::new("d", "D", "Договор 😀 о нераспространении").with_spans(vec![
            Span::new(0, 7, "security", "a"),
            Span::new(0, 7, "arms", "a"),
            Span::new(10, 29, "npt", "a"),
            Span::new(8, 9, "health", "a"),
        ]);
        Edit::Batch(vec![
            Edit::AddTheme {
                index: 9,
                theme: arms,
            },
            Edit::AddTheme {
                index: 9,
                theme: npt,
            },
            Edit::AddDocument {
                index: 0,
                document: Box::new(doc),
            },
        ])
        .apply(&mut p)
        .unwrap();
        let flat = stats(&p);
        assert_eq!(flat.themes.len(), 6);
        let rolled = stats_with(&p, true);
        let rows: Vec<_> = rolled
            .themes
            .iter()
            .map(|t| (t.id.as_str(), t.spans, t.covered))
            .collect();
        assert_eq!(
            rows,
            [
                ("health", 1, 1),
                ("security", 3, 26),
                ("ict", 0, 0),
                ("trade", 0, 0)
            ]
        );
    }
}
