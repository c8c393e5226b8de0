//! The theme × theme co-occurrence matrix: which themes come together in
//! the same passage.
//!
//! `counts[i][j]` (i ≠ j) is the number of pairs (a span of theme i, a span
//! of theme j) in the same document that share at least one code point;
//! `counts[i][i]` is the number of spans of theme i. Themes are in codebook
//! order. The window, `marginalia cooccur` and the report all call
//! [`cooccurrence`].

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Document, Project};

/// The matrix, as `marginalia cooccur --format json` prints it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Cooccurrence {
    /// Theme ids in codebook order.
    pub themes: Vec<String>,
    /// `counts[i][j]`, symmetric; see the module documentation.
    pub counts: Vec<Vec<usize>>,
}

/// The co-occurrence matrix of the whole project.
pub fn cooccurrence(project: &Project) -> Cooccurrence {
    cooccurrence_of(project, project.documents().iter())
}

/// The co-occurrence matrix over some of the project's documents (the
/// window's filtered set).
pub fn cooccurrence_of<'p>(
    project: &'p Project,
    documents: impl IntoIterator<Item = &'p Document>,
) -> Cooccurrence {
    let themes: Vec<String> = project.themes().iter().map(|t| t.id.clone()).collect();
    let index: HashMap<&str, usize> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let n = themes.len();
    let mut counts = vec![vec![0usize; n]; n];
    // Per document: a sweep over the spans by start, keeping those still
    // open; each newly opened span meets every open one that ends after
    // its start.
    let mut open: Vec<(usize, usize)> = Vec::new();
    for document in documents {
        open.clear();
        for span in document.spans().spans() {
            let Some(&t) = index.get(span.theme.as_str()) else {
                continue;
            };
            counts[t][t] += 1;
            open.retain(|&(end, _)| end > span.start);
            for &(_, other) in &open {
                if other != t {
                    counts[t][other] += 1;
                    counts[other][t] += 1;
                }
            }
            open.push((span.end, t));
        }
    }
    Cooccurrence { themes, counts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Span};

    #[test]
    fn pairs_that_share_a_code_point_count_once_each_way() {
        let mut p = Project::with_default_codebook("p");
        // Text with a CRLF-sourced break, a no-break space and an emoji.
        let doc = Document::new("d", "D", "a\u{a0}b 😀 c\nd e f g h i j");
        Edit::AddDocument {
            index: 0,
            document: Box::new(doc),
        }
        .apply(&mut p)
        .unwrap();
        for (s, e, t, a) in [
            (0, 5, "health", "x"),   // meets security 4..6 (code point 4 is 😀)
            (4, 6, "security", "x"), // touches trade 6..8? no: 6 is trade's start only
            (6, 8, "trade", "x"),
            (0, 8, "trade", "y"), // meets health, security and trade 6..8 (same theme)
            (12, 13, "ict", "x"),
        ] {
            Edit::AddSpan {
                doc: "d".into(),
                span: Span::new(s, e, t, a),
            }
            .apply(&mut p)
            .unwrap();
        }
        let m = cooccurrence(&p);
        assert_eq!(m.themes, ["health", "security", "ict", "trade"]);
        assert_eq!(
            m.counts,
            [[1, 1, 0, 1], [1, 1, 0, 1], [0, 0, 1, 0], [1, 1, 0, 2],]
        );
        assert_eq!(
            serde_json::to_string(&m).unwrap(),
            "{\"themes\":[\"health\",\"security\",\"ict\",\"trade\"],\"counts\":[[1,1,0,1],[1,1,0,1],[0,0,1,0],[1,1,0,2]]}"
        );
    }
}
