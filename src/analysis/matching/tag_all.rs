//! Tag All: tagging every match of a query with a theme, and choosing
//! the documents to run over.

use std::collections::HashSet;

use super::query::{MatchError, Matcher};
use crate::model::{Document, Edit, Project, Span, UnknownTheme};

/// The outcome of Tag All: the spans to add per document, and what was
/// left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagAll {
    /// New spans per document, in project order (documents without any
    /// are left out); each document's spans in text order.
    pub spans: Vec<(String, Vec<Span>)>,
    /// Matches found in all the searched documents.
    pub matches: usize,
    /// Matches already tagged with the theme (same start and end).
    pub already_tagged: usize,
    /// Matches that cover only white space (a span never does).
    pub blank: usize,
}

impl TagAll {
    /// How many spans Tag All adds.
    pub fn added(&self) -> usize {
        self.spans.iter().map(|(_, s)| s.len()).sum()
    }

    /// The one undoable edit that adds them; `None` when there is none.
    pub fn edit(&self) -> Option<Edit> {
        let edits: Vec<Edit> = self
            .spans
            .iter()
            .map(|(doc, spans)| Edit::AddSpans {
                doc: doc.clone(),
                spans: spans.clone(),
            })
            .collect();
        (!edits.is_empty()).then_some(Edit::Batch(edits))
    }
}

/// Tags every match of `matcher` with `theme` by `annotator` in the
/// documents `docs` (all when empty), skipping matches that already have
/// a span of that theme with the same start and end (by anyone) and
/// matches that are only white space.
pub fn tag_all(
    project: &Project,
    theme: &str,
    matcher: &Matcher,
    docs: &[String],
    annotator: &str,
) -> Result<TagAll, MatchError> {
    if project.theme(theme).is_none() {
        return Err(UnknownTheme::new(project, theme).into());
    }
    let mut out = TagAll::default();
    for doc in documents(project, docs)? {
        let tagged: HashSet<(usize, usize)> = doc
            .spans()
            .spans()
            .iter()
            .filter(|s| s.theme == theme)
            .map(|s| (s.start, s.end))
            .collect();
        let mut spans = Vec::new();
        for m in matcher.find_all(doc.text()) {
            out.matches += 1;
            if tagged.contains(&(m.start, m.end)) {
                out.already_tagged += 1;
            } else if doc.text().trim_range(m.start, m.end).is_none() {
                out.blank += 1;
            } else {
                spans.push(Span::new(m.start, m.end, theme, annotator));
            }
        }
        if !spans.is_empty() {
            out.spans.push((doc.id.clone(), spans));
        }
    }
    Ok(out)
}

/// The documents with these ids (all of them when `ids` is empty), in
/// project order; an unknown id is an error.
pub fn documents<'p>(
    project: &'p Project,
    ids: &[String],
) -> Result<Vec<&'p Document>, MatchError> {
    if let Some(missing) = ids.iter().find(|id| project.document(id).is_none()) {
        return Err(MatchError::NoSuchDocument(missing.clone()));
    }
    Ok(project
        .documents()
        .iter()
        .filter(|d| ids.is_empty() || ids.contains(&d.id))
        .collect())
}
