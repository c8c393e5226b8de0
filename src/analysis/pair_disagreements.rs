//! The spans two annotators disagree on: those one of them has and the
//! other has not exactly (same document, start, end and theme). These are
//! the spans that keep exact-match F1 below 1; the Agreement view lists
//! them so that a click shows each one in the text.

use std::collections::BTreeSet;

use crate::model::{Project, Span};

/// A span of one annotator of a pair that the other has not exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The document's id.
    pub document: String,
    /// The span, as its annotator made it.
    pub span: Span,
    /// The first span of the other annotator with the same theme that
    /// shares a code point with it (a near miss), if any.
    pub nearest: Option<(usize, usize)>,
}

/// The disagreements of annotators `a` and `b` in `documents` (ids; those
/// not in the project are skipped), of theme `theme` or of every theme
/// when `None`: in document order, then span order.
///
/// Spans are kept sorted by (start, end, theme, annotator), so spans with
/// one range and theme are neighbours: one pass over each document finds
/// the ranges only one of the two has, with no hashing.
pub fn pair_disagreements(
    project: &Project,
    documents: &[String],
    a: &str,
    b: &str,
    theme: Option<&str>,
) -> Vec<Disagreement> {
    let wanted: BTreeSet<&str> = documents.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    for doc in project.documents() {
        if !wanted.contains(doc.id.as_str()) {
            continue;
        }
        let index = doc.spans();
        let spans = index.spans();
        let of_pair =
            |s: &Span| (s.annotator == a || s.annotator == b) && theme.is_none_or(|t| s.theme == t);
        let mut i = 0;
        while i < spans.len() {
            let first = &spans[i];
            let mut j = i;
            let (mut has_a, mut has_b) = (None, None);
            while j < spans.len()
                && (spans[j].start, spans[j].end, &spans[j].theme)
                    == (first.start, first.end, &first.theme)
            {
                let s = &spans[j];
                if of_pair(s) {
                    if s.annotator == a {
                        has_a = Some(s);
                    } else {
                        has_b = Some(s);
                    }
                }
                j += 1;
            }
            let lone = match (has_a, has_b) {
                (Some(s), None) => Some((s, b)),
                (None, Some(s)) => Some((s, a)),
                _ => None,
            };
            if let Some((span, other)) = lone {
                let mut nearest = None;
                index.visit_overlapping(span.start, span.end, |k| {
                    let o = &spans[k];
                    if nearest.is_none() && o.annotator == other && o.theme == span.theme {
                        nearest = Some((o.start, o.end));
                    }
                });
                out.push(Disagreement {
                    document: doc.id.clone(),
                    span: span.clone(),
                    nearest,
                });
            }
            i = j;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, default_codebook};

    /// A span as (start, end, theme, annotator).
    type Tagged<'a> = (usize, usize, &'a str, &'a str);

    fn project(docs: &[(&str, &str, &[Tagged])]) -> Project {
        let mut p = Project::new("p", default_codebook());
        for (i, (id, text, spans)) in docs.iter().enumerate() {
            let doc = Document::new(*id, *id, *text).with_spans(
                spans
                    .iter()
                    .map(|&(s, e, t, a)| Span::new(s, e, t, a))
                    .collect(),
            );
            Edit::AddDocument {
                index: i,
                document: Box::new(doc),
            }
            .apply(&mut p)
            .unwrap();
        }
        p
    }

    #[test]
    fn only_the_spans_one_of_the_pair_lacks_exactly_are_listed_with_their_near_misses() {
        // "🙂 Vacunas\u{a0}y salud" — an astral character, a no-break space.
        let text = "🙂 Vacunas\u{a0}y salud";
        let p = project(&[(
            "d",
            text,
            &[
                (2, 9, "health", "ana"),
                (2, 9, "health", "bo"),    // agreed
                (12, 17, "health", "ana"), // bo has 11..17: a near miss
                (11, 17, "health", "bo"),
                (2, 9, "trade", "bo"), // only bo, no near miss of ana
                (0, 1, "ict", "carl"), // not of the pair
            ],
        )]);
        let all = pair_disagreements(&p, &["d".into()], "ana", "bo", None);
        let got: Vec<(Tagged, Option<(usize, usize)>)> = all
            .iter()
            .map(|d| {
                (
                    (
                        d.span.start,
                        d.span.end,
                        d.span.theme.as_str(),
                        d.span.annotator.as_str(),
                    ),
                    d.nearest,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ((2, 9, "trade", "bo"), None),
                ((11, 17, "health", "bo"), Some((12, 17))),
                ((12, 17, "health", "ana"), Some((11, 17))),
            ]
        );
        let trade = pair_disagreements(&p, &["d".into()], "ana", "bo", Some("trade"));
        assert_eq!(trade.len(), 1);
        assert_eq!(p.documents()[0].span_text(&trade[0].span), Some("Vacunas"));
    }

    #[test]
    fn only_the_documents_asked_for_are_searched_in_project_order() {
        let p = project(&[
            ("one", "abc", &[(0, 1, "ict", "ana")]),
            ("two", "abc", &[(1, 2, "ict", "bo")]),
            ("three", "abc", &[(0, 2, "ict", "bo")]),
        ]);
        let docs: Vec<String> = vec!["three".into(), "one".into(), "missing".into()];
        let found: Vec<String> = pair_disagreements(&p, &docs, "ana", "bo", None)
            .into_iter()
            .map(|d| d.document)
            .collect();
        assert_eq!(found, ["one", "three"]);
    }
}
