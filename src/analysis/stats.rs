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
    let counts = |theme: &str, t: &str| {
        if roll_up {
            project.theme_root(theme) == t
        } else {
            theme == t
        }
    };
    let themes = project
        .themes()
        .iter()
        .filter(|t| !roll_up || project.theme_root(&t.id) == t.id)
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
