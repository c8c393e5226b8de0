//! A span named on the command line by its code-point range, with its
//! theme when two spans share the range: `S..E[:THEME]` (`relate --from`,
//! `--to`) or `DOC:S..E[:THEME]` (`memo add --span`). Shared by `relate`,
//! `unrelate` and `memo`.

use marginalia::model::{Document, Project, SpanRef};

use super::error::CliError;
use super::project_file;

/// A parsed `S..E[:THEME]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpanSpec {
    pub start: usize,
    pub end: usize,
    /// Theme id or label, when given.
    pub theme: Option<String>,
}

impl std::str::FromStr for SpanSpec {
    type Err = String;

    /// `S..E` or `S..E:THEME` (the theme may itself hold `:`).
    fn from_str(text: &str) -> Result<Self, String> {
        let bad = || {
            format!("{text:?} is not a span: write START..END or START..END:THEME (code points)")
        };
        let (start, rest) = text.split_once("..").ok_or_else(bad)?;
        let (end, theme) = match rest.split_once(':') {
            Some((end, theme)) => (end, Some(theme.to_owned())),
            None => (rest, None),
        };
        let number = |s: &str| s.trim().parse::<usize>().map_err(|_| bad());
        Ok(SpanSpec {
            start: number(start)?,
            end: number(end)?,
            theme: theme.filter(|t| !t.is_empty()),
        })
    }
}

/// Splits `DOC:S..E[:THEME]` into the document id and the span.
pub fn parse_doc_span(text: &str) -> Result<(String, SpanSpec), String> {
    let bad = || format!("{text:?} is not a span: write DOC:START..END or DOC:START..END:THEME");
    let dots = text.find("..").ok_or_else(bad)?;
    let colon = text[..dots].rfind(':').ok_or_else(bad)?;
    let doc = &text[..colon];
    if doc.is_empty() {
        return Err(bad());
    }
    Ok((doc.to_owned(), text[colon + 1..].parse()?))
}

/// The one span of `doc` that `spec` names, as a reference. Refused,
/// naming it, when the document does not exist, no span has the range
/// (and theme), or several do (the candidates listed): when spans by
/// several annotators match, the one by `prefer_annotator` is taken.
pub fn find(
    project: &Project,
    doc: &str,
    spec: &SpanSpec,
    prefer_annotator: Option<&str>,
) -> Result<SpanRef, CliError> {
    let document = document(project, doc)?;
    let theme = spec
        .theme
        .as_deref()
        .map(|t| project_file::theme_id(project, t))
        .transpose()?;
    let (start, end) = (spec.start, spec.end);
    let at_range: Vec<SpanRef> = document
        .spans()
        .spans()
        .iter()
        .filter(|s| s.start == start && s.end == end)
        .map(SpanRef::from)
        .collect();
    let mut found: Vec<&SpanRef> = at_range
        .iter()
        .filter(|s| theme.as_ref().is_none_or(|t| &s.theme == t))
        .collect();
    if found.len() > 1
        && let Some(who) = prefer_annotator
        && found.iter().filter(|s| s.annotator == who).count() == 1
    {
        found.retain(|s| s.annotator == who);
    }
    let with_theme = theme.map_or(String::new(), |t| format!(" with theme {t:?}"));
    match found.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(CliError::failed(format!(
            "document {doc:?} has no span {start}..{end}{with_theme}{}; nothing was changed",
            if at_range.is_empty() {
                nearby(document, start, end)
            } else {
                format!(
                    " (the spans there: {})",
                    at_range
                        .iter()
                        .map(|s| s.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            }
        ))),
        many => Err(CliError::failed(format!(
            "{start}..{end}{with_theme} in document {doc:?} is ambiguous: {} spans have it ({}); name the theme with {start}..{end}:THEME (or the annotator); nothing was changed",
            many.len(),
            many.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        ))),
    }
}

/// The document, or the refusal naming it.
pub fn document<'p>(project: &'p Project, doc: &str) -> Result<&'p Document, CliError> {
    project.document(doc).ok_or_else(|| {
        CliError::failed(format!(
            "there is no document with id {doc:?}; nothing was changed"
        ))
    })
}

/// The spans overlapping `start..end`, as a hint after a missing span.
fn nearby(document: &Document, start: usize, end: usize) -> String {
    let spans = document.spans();
    let near: Vec<String> = spans
        .overlapping(start, end.max(start + 1))
        .into_iter()
        .take(5)
        .map(|i| SpanRef::from(&spans.spans()[i]).to_string())
        .collect();
    if near.is_empty() {
        " (no span overlaps that range)".to_owned()
    } else {
        format!(" (spans overlapping it: {})", near.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_with_or_without_a_theme() {
        let s: SpanSpec = "3..9".parse().unwrap();
        assert_eq!((s.start, s.end, s.theme), (3, 9, None));
        let s: SpanSpec = "3..9:Trade: goods".parse().unwrap();
        assert_eq!(s.theme.as_deref(), Some("Trade: goods"));
        for bad in ["3", "a..9", "3..", "3-9:t"] {
            let err = bad.parse::<SpanSpec>().unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
        let (doc, s) = parse_doc_span("my:doc:0..4:t").unwrap();
        assert_eq!((doc.as_str(), s.start, s.end), ("my:doc", 0, 4));
        assert!(parse_doc_span("0..4").is_err());
        assert!(parse_doc_span(":0..4").is_err());
    }
}
