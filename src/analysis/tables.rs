//! The statistics and co-occurrence tables as CSV: one writer for
//! `marginalia stats --format csv`, `marginalia cooccur --format csv` and
//! the Analysis view's "Copy as CSV", so a table pasted from the window
//! and one written by the command line are the same bytes.
//!
//! Shares have four decimals; every table starts with its header.

use super::cooccur::Cooccurrence;
use super::stats::{DocumentTheme, ThemeStats, ValueTheme};

/// `rows` as CSV text (quoted where needed, `\n` line ends).
pub fn to_csv(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&r);
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

fn share(x: f64) -> String {
    format!("{x:.4}")
}

fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

/// The document × theme table: `document,theme,spans,covered,share`.
pub fn by_document_csv<'a>(rows: impl IntoIterator<Item = &'a DocumentTheme>) -> String {
    to_csv(
        std::iter::once(header(&["document", "theme", "spans", "covered", "share"])).chain(
            rows.into_iter().map(|r| {
                vec![
                    r.document.clone(),
                    r.theme.clone(),
                    r.spans.to_string(),
                    r.covered.to_string(),
                    share(r.share),
                ]
            }),
        ),
    )
}

/// The per-theme table: `theme,label,spans,covered,share`.
pub fn by_theme_csv(themes: &[ThemeStats]) -> String {
    to_csv(
        std::iter::once(header(&["theme", "label", "spans", "covered", "share"])).chain(
            themes.iter().map(|t| {
                vec![
                    t.id.clone(),
                    t.label.clone(),
                    t.spans.to_string(),
                    t.covered.to_string(),
                    share(t.share),
                ]
            }),
        ),
    )
}

/// The attribute value × theme table:
/// `value,theme,documents,spans,covered,share` (no value: empty).
pub fn by_attribute_csv<'a>(rows: impl IntoIterator<Item = &'a ValueTheme>) -> String {
    to_csv(
        std::iter::once(header(&[
            "value",
            "theme",
            "documents",
            "spans",
            "covered",
            "share",
        ]))
        .chain(rows.into_iter().map(|r| {
            vec![
                r.value.clone().unwrap_or_default(),
                r.theme.clone(),
                r.documents.to_string(),
                r.spans.to_string(),
                r.covered.to_string(),
                share(r.share),
            ]
        })),
    )
}

/// The co-occurrence matrix: a `theme` column, then one per theme id.
pub fn cooccurrence_csv(m: &Cooccurrence) -> String {
    to_csv(
        std::iter::once(
            std::iter::once("theme".to_owned())
                .chain(m.themes.iter().cloned())
                .collect(),
        )
        .chain(m.themes.iter().zip(&m.counts).map(|(t, row)| {
            std::iter::once(t.clone())
                .chain(row.iter().map(ToString::to_string))
                .collect()
        })),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{cooccur, stats};
    use crate::model::{Document, Edit, Project, Span};

    /// One document with a health span inside a trade span, and a year.
    fn project() -> Project {
        let mut p = Project::with_default_codebook("T");
        let d = Document::new("d1", "D, one", "Trade and health 😀 news.")
            .with_spans(vec![
                Span::new(0, 16, "trade", "a"),
                Span::new(10, 16, "health", "a"),
            ])
            .with_attributes([("year", "2020")]);
        Edit::AddDocument {
            index: 0,
            document: Box::new(d),
        }
        .apply(&mut p)
        .unwrap();
        p
    }

    #[test]
    fn every_table_has_its_header_and_four_decimal_shares() {
        let p = project();
        let by_doc = by_document_csv(&stats::by_document(&p));
        assert_eq!(
            by_doc.lines().collect::<Vec<_>>(),
            [
                "document,theme,spans,covered,share",
                "d1,health,1,6,0.2500",
                "d1,security,0,0,0.0000",
                "d1,ict,0,0,0.0000",
                "d1,trade,1,16,0.6667",
            ]
        );
        let by_theme = by_theme_csv(&stats::stats(&p).themes);
        assert_eq!(by_theme.lines().nth(1), Some("health,Health,1,6,0.2500"));
        let by_year = by_attribute_csv(&stats::by_attribute(&p, "year").unwrap());
        assert_eq!(
            by_year.lines().next(),
            Some("value,theme,documents,spans,covered,share")
        );
        assert_eq!(by_year.lines().nth(1), Some("2020,health,1,1,6,0.2500"));
        let m = cooccur_csv_lines(&p);
        assert_eq!(m[0], "theme,health,security,ict,trade");
        assert_eq!(m[1], "health,1,0,0,1");
        assert_eq!(m[4], "trade,1,0,0,1");
    }

    fn cooccur_csv_lines(p: &Project) -> Vec<String> {
        cooccurrence_csv(&cooccur::cooccurrence(p))
            .lines()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn a_field_with_a_comma_or_quote_is_quoted() {
        assert_eq!(
            to_csv([vec!["a,b".to_owned(), "say \"hi\"".to_owned()]]),
            "\"a,b\",\"say \"\"hi\"\"\"\n"
        );
    }
}
