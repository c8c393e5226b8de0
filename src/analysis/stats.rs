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
