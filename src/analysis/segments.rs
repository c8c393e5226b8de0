//! Coded-segment retrieval: every span that matches a query, across all
//! documents. The window's Segments view, `marginalia segments` and the
//! report all call [`segments`], so they cannot disagree.
//!
//! A span matches when every condition of the [`Query`] holds:
//! - `themes`: its theme is one of these (any theme when empty);
//! - `overlapping`: for each theme T, it shares at least one code point
//!   with another span (not itself) of theme T in the same document;
//! - `not_overlapping`: for each theme T, it shares no code point with any
//!   other span of T;
//! - `annotators`: it was made by one of these (anyone when empty);
//! - `attributes`: its document's attribute NAME equals VALUE, for every
//!   pair;
//! - `text`: its text contains every word of `text` (split at white space),
//!   ignoring case.
//!
//! With `roll_up`, every theme counts as the top-level theme it sits under
//! ([`RollUp`]), in the span and in the query alike: `themes: [Security]`
//! also finds the spans of `Security/Arms control`, and the row's
//! [`Segment::theme`] is `security`.
//!
//! Rows come in document order, then by start, end and theme.

use thiserror::Error;

use super::roll_up::RollUp;
use crate::model::{Document, Project, Span, UnknownTheme};

/// What to retrieve. Themes may be given by id or label.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Spans of any of these themes (all themes when empty).
    pub themes: Vec<String>,
    /// Each of these themes must overlap the span.
    pub overlapping: Vec<String>,
    /// None of these themes may overlap the span.
    pub not_overlapping: Vec<String>,
    /// Spans of any of these annotators (everyone's when empty).
    pub annotators: Vec<String>,
    /// Document attribute conditions `(name, value)`; all must hold.
    pub attributes: Vec<(String, String)>,
    /// Words the span's text must contain, case-insensitively.
    pub text: String,
    /// Count every theme as its top-level theme (see the module notes).
    pub roll_up: bool,
}

/// Why a query cannot run. Nothing was computed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum QueryError {
    #[error(transparent)]
    UnknownTheme(#[from] UnknownTheme),
    #[error("no document has an attribute {given:?}; {known}")]
    UnknownAttribute { given: String, known: String },
    #[error("{0:?} is not a condition of the form NAME=VALUE")]
    BadCondition(String),
}

/// One retrieved span and the document it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'p> {
    /// Position of the document in the project.
    pub doc_index: usize,
    pub document: &'p Document,
    pub span: &'p Span,
    /// The theme the row counts under: the span's, or with rolling up
    /// the top-level theme above it.
    pub theme: &'p str,
}

impl<'p> Segment<'p> {
    /// The text the span covers.
    pub fn text(&self) -> &'p str {
        self.document.span_text(self.span).unwrap_or_default()
    }

    /// The span's text with up to `chars` code points of context on each
    /// side: (before, passage, after).
    pub fn with_context(&self, chars: usize) -> (&'p str, &'p str, &'p str) {
        let text = self.document.text();
        let from = self.span.start.saturating_sub(chars);
        let to = (self.span.end + chars).min(text.len_chars());
        (
            text.slice(from, self.span.start).unwrap_or_default(),
            self.text(),
            text.slice(self.span.end, to).unwrap_or_default(),
        )
    }
}

/// Parses a `NAME=VALUE` condition (split at the first `=`).
pub fn parse_condition(condition: &str) -> Result<(String, String), QueryError> {
    match condition.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_owned(), value.to_owned()))
        }
        _ => Err(QueryError::BadCondition(condition.to_owned())),
    }
}

/// The ids of the themes given by id or label, in the order given.
pub fn resolve_themes(project: &Project, given: &[String]) -> Result<Vec<String>, QueryError> {
    given
        .iter()
        .map(|g| {
            project
                .resolve_theme(g)
                .map(|t| t.id.clone())
                .map_err(QueryError::from)
        })
        .collect()
}

/// Refuses an attribute name that no document has.
pub fn check_attribute_name(project: &Project, name: &str) -> Result<(), QueryError> {
    let names = project.attribute_names();
    if names.contains(name) {
        return Ok(());
    }
    Err(QueryError::UnknownAttribute {
        given: name.to_owned(),
        known: if names.is_empty() {
            "the documents have no attributes".into()
        } else {
            format!(
                "the attributes are {}",
                names.into_iter().collect::<Vec<_>>().join(", ")
            )
        },
    })
}

/// Every span that matches `query`, in document order, then by start, end
/// and theme.
pub fn segments<'p>(project: &'p Project, query: &Query) -> Result<Vec<Segment<'p>>, QueryError> {
    let rolled = RollUp::new(project, query.roll_up);
    let resolve = |given: &[String]| -> Result<Vec<String>, QueryError> {
        Ok(resolve_themes(project, given)?
            .iter()
            .map(|t| rolled.of(t).to_owned())
            .collect())
    };
    let themes = resolve(&query.themes)?;
    let overlapping = resolve(&query.overlapping)?;
    let not_overlapping = resolve(&query.not_overlapping)?;
    for (name, _) in &query.attributes {
        check_attribute_name(project, name)?;
    }
    let words: Vec<String> = query
        .text
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut rows = Vec::new();
    for (doc_index, document) in project.documents().iter().enumerate() {
        let attributes_hold = query
            .attributes
            .iter()
            .all(|(name, value)| document.attribute(name) == Some(value.as_str()));
        if !attributes_hold {
            continue;
        }
        let spans = document.spans().spans();
        let start = rows.len();
        for span in spans {
            let theme = rolled.of(&span.theme);
            if !themes.is_empty() && !themes.iter().any(|t| t == theme) {
                continue;
            }
            if !query.annotators.is_empty() && !query.annotators.contains(&span.annotator) {
                continue;
            }
            if !overlapping
                .iter()
                .all(|t| overlaps_rolled(document, span, t, &rolled))
            {
                continue;
            }
            if not_overlapping
                .iter()
                .any(|t| overlaps_rolled(document, span, t, &rolled))
            {
                continue;
            }
            if !words.is_empty() {
                let text = document.span_text(span).unwrap_or_default().to_lowercase();
                if !words.iter().all(|w| text.contains(w.as_str())) {
                    continue;
                }
            }
            rows.push(Segment {
                doc_index,
                document,
                span,
                theme: super::roll_up::rolled(project, &span.theme, query.roll_up),
            });
        }
        // The index orders by (start, end, theme, annotator): already the
        // row order; a stable sort keeps it honest if that ever changes.
        rows[start..].sort_by(|a, b| {
            (a.span.start, a.span.end, &a.span.theme).cmp(&(
                b.span.start,
                b.span.end,
                &b.span.theme,
            ))
        });
    }
    Ok(rows)
}

/// Whether another span (not `span` itself) of `theme` in `document`
/// shares at least one code point with `span`.
pub fn overlaps_theme(document: &Document, span: &Span, theme: &str) -> bool {
    overlaps_rolled(document, span, theme, &RollUp::default())
}

/// [`overlaps_theme`], with the other spans' themes mapped by `rolled`.
fn overlaps_rolled(document: &Document, span: &Span, theme: &str, rolled: &RollUp) -> bool {
    let spans = document.spans().spans();
    let mut found = false;
    document
        .spans()
        .visit_overlapping(span.start, span.end, |i| {
            let other = &spans[i];
            if !found && rolled.of(&other.theme) == theme && !other.same_key(span) {
                found = true;
            }
        });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Project};

    /// Two documents: a statement from 2020 (CRLF-sourced text with a
    /// no-break space and an emoji) and one from 2015.
    fn corpus() -> Project {
        let mut p = Project::with_default_codebook("Statements");
        let docs = [
            (
                "s2020",
                "Health\u{a0}security 😀 and trade.\nThe WHO leads; ICT helps.",
                "2020",
            ),
            ("s2015", "Arms control and trade talks.", "2015"),
        ];
        for (i, (id, text, year)) in docs.into_iter().enumerate() {
            let doc = crate::model::Document::new(id, id, text)
                .with_attributes([("year", year), ("country", "RU")]);
            Edit::AddDocument {
                index: i,
                document: Box::new(doc),
            }
            .apply(&mut p)
            .unwrap();
        }
        let spans = [
            // "Health\u{a0}security 😀" is 0..17; the emoji is one code point.
            ("s2020", 0, 17, "health", "ana"),
            ("s2020", 7, 15, "security", "ben"),
            ("s2020", 22, 27, "trade", "ana"),
            ("s2020", 29, 36, "health", "ana"),
            ("s2020", 29, 36, "health", "ben"),
            ("s2020", 44, 47, "ict", "ana"),
            ("s2015", 0, 12, "security", "ana"),
            ("s2015", 17, 22, "trade", "ana"),
            ("s2015", 10, 22, "trade", "ben"),
        ];
        for (doc, s, e, t, a) in spans {
            Edit::AddSpan {
                doc: doc.into(),
                span: Span::new(s, e, t, a),
            }
            .apply(&mut p)
            .unwrap();
        }
        p
    }

    fn rows(p: &Project, q: &Query) -> Vec<(String, usize, usize, String, String)> {
        segments(p, q)
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s.document.id.clone(),
                    s.span.start,
                    s.span.end,
                    s.span.theme.clone(),
                    s.text().to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn every_health_passage_that_also_speaks_of_security() {
        let p = corpus();
        let q = Query {
            themes: vec!["Health".into()],
            overlapping: vec!["security".into()],
            ..Query::default()
        };
        assert_eq!(
            rows(&p, &q),
            [(
                "s2020".into(),
                0,
                17,
                "health".into(),
                "Health\u{a0}security 😀".into()
            )]
        );
    }

    #[test]
    fn a_span_does_not_overlap_itself_but_a_twin_by_another_annotator_does() {
        let p = corpus();
        let q = Query {
            themes: vec!["health".into()],
            overlapping: vec!["health".into()],
            ..Query::default()
        };
        let got: Vec<_> = segments(&p, &q)
            .unwrap()
            .iter()
            .map(|s| (s.span.start, s.span.annotator.clone()))
            .collect();
        assert_eq!(got, [(29, "ana".to_owned()), (29, "ben".to_owned())]);
    }

    #[test]
    fn not_overlapping_where_and_words_narrow_the_rows_in_document_order() {
        let p = corpus();
        let q = Query {
            themes: vec!["trade".into()],
            not_overlapping: vec!["security".into()],
            ..Query::default()
        };
        let got: Vec<_> = rows(&p, &q).into_iter().map(|r| (r.0, r.1)).collect();
        // s2015's 10..22 trade span overlaps the security span 0..12.
        assert_eq!(got, [("s2020".into(), 22), ("s2015".into(), 17)]);
        let q = Query {
            attributes: vec![("year".into(), "2015".into())],
            text: "CONTROL arms".into(),
            ..Query::default()
        };
        assert_eq!(
            rows(&p, &q),
            [(
                "s2015".into(),
                0,
                12,
                "security".into(),
                "Arms control".into()
            )]
        );
        let q = Query {
            annotators: vec!["ben".into()],
            ..Query::default()
        };
        let got: Vec<_> = rows(&p, &q).into_iter().map(|r| (r.0, r.1)).collect();
        assert_eq!(
            got,
            [
                ("s2020".into(), 7),
                ("s2020".into(), 29),
                ("s2015".into(), 10)
            ]
        );
    }

    #[test]
    fn unknown_themes_and_attributes_are_refused_by_name() {
        let p = corpus();
        let q = Query {
            themes: vec!["sport".into()],
            ..Query::default()
        };
        let err = segments(&p, &q).unwrap_err().to_string();
        assert!(err.starts_with("there is no theme \"sport\""), "{err}");
        let q = Query {
            attributes: vec![("decade".into(), "2010s".into())],
            ..Query::default()
        };
        assert_eq!(
            segments(&p, &q).unwrap_err().to_string(),
            "no document has an attribute \"decade\"; the attributes are country, year"
        );
        assert_eq!(
            parse_condition("year=2020=x"),
            Ok(("year".into(), "2020=x".into()))
        );
        assert!(parse_condition("=2020").is_err());
        assert!(parse_condition("year").is_err());
    }

    #[test]
    fn context_is_cut_at_code_points_not_bytes() {
        let p = corpus();
        let q = Query {
            themes: vec!["security".into()],
            attributes: vec![("year".into(), "2020".into())],
            ..Query::default()
        };
        let found = segments(&p, &q).unwrap();
        assert_eq!(found[0].with_context(3), ("th\u{a0}", "security", " 😀 "));
    }
}
