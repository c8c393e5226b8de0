//! Which imported spans are already in the project, and the spans an
//! import adds to documents the project already has.
//!
//! By default a span is already there when its document has a span with
//! the same range, theme and annotator (a note does not count), or when
//! the files held it before. A tool that renames the annotators on the
//! way, as Label Studio does (it gives every imported annotation to the
//! user who imported it), would then double every span on a round trip;
//! [`SpanMatch::AnyAnnotator`] compares range and theme only.

use std::collections::HashSet;

use super::importer::ImportSummary;
use crate::model::index::SpanIndex;
use crate::model::{Document, Edit, Span};

/// When an imported span counts as one the project already has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpanMatch {
    /// Same document, range, theme and annotator.
    #[default]
    SameAnnotator,
    /// Same document, range and theme, whoever made either span
    /// (`marginalia import --match-any-annotator`).
    AnyAnnotator,
}

impl SpanMatch {
    /// For each of `spans` (read in this order, for a document holding
    /// `index`), whether it is new: not in `index` and not read before.
    pub fn fresh(self, index: &SpanIndex, spans: &[Span]) -> Vec<bool> {
        match self {
            SpanMatch::SameAnnotator => index.would_insert(spans),
            SpanMatch::AnyAnnotator => {
                let mut seen: HashSet<(usize, usize, &str)> = index
                    .spans()
                    .iter()
                    .map(|s| (s.start, s.end, s.theme.as_str()))
                    .collect();
                spans
                    .iter()
                    .map(|s| seen.insert((s.start, s.end, s.theme.as_str())))
                    .collect()
            }
        }
    }

    /// The spans read for a new document, less those read before: by
    /// range and theme alone under [`SpanMatch::AnyAnnotator`]; otherwise
    /// all of them (the document's index drops exact repeats).
    pub fn first_of_each(self, spans: Vec<Span>) -> Vec<Span> {
        match self {
            SpanMatch::SameAnnotator => spans,
            SpanMatch::AnyAnnotator => {
                let fresh = self.fresh(&SpanIndex::default(), &spans);
                spans
                    .into_iter()
                    .zip(fresh)
                    .filter_map(|(span, fresh)| fresh.then_some(span))
                    .collect()
            }
        }
    }
}

/// Spans an import brings for a document already in the project.
pub(super) struct Addition<'p> {
    pub existing: &'p Document,
    /// Every span read for it, in the order read, duplicates included.
    pub spans: Vec<Span>,
    /// For each span, the number of the imported document it came from
    /// (counting over all files, in order).
    pub from: Vec<usize>,
}

/// Adds the new spans of `additions` to their documents: a span is
/// skipped if [`SpanMatch::fresh`] says it is already there (what adding
/// them one by one would refuse, by default). The rest go in with one
/// `AddSpans` per document, after the themes they use. Documents count as
/// merged in the order their first new span was read.
pub(super) fn add_to_existing(
    additions: Vec<Addition<'_>>,
    matching: SpanMatch,
    edits: &mut Vec<Edit>,
    summary: &mut ImportSummary,
) {
    let mut merged_first = Vec::new();
    for Addition {
        existing,
        spans,
        from,
    } in additions
    {
        let fresh = matching.fresh(existing.spans(), &spans);
        let added = fresh.iter().filter(|&&f| f).count();
        summary.spans_added += added;
        summary.spans_duplicate += spans.len() - added;
        let Some(first) = fresh.iter().position(|&f| f) else {
            continue;
        };
        merged_first.push((from[first], existing.id.clone()));
        let spans = spans
            .into_iter()
            .zip(fresh)
            .filter_map(|(span, fresh)| fresh.then_some(span))
            .collect();
        edits.push(Edit::AddSpans {
            doc: existing.id.clone(),
            spans,
        });
    }
    merged_first.sort_unstable();
    summary
        .documents_merged
        .extend(merged_first.into_iter().map(|(_, id)| id));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, theme: &str, who: &str) -> Span {
        Span::new(start, end, theme, who)
    }

    #[test]
    fn by_default_a_span_by_someone_else_is_new() {
        let index = SpanIndex::from_spans(vec![span(0, 5, "health", "ana")]);
        let read = [
            span(0, 5, "health", "admin@example.org"),
            span(0, 5, "health", "ana").with_note("a note does not count"),
            span(0, 5, "health", "admin@example.org"),
        ];
        assert_eq!(
            SpanMatch::SameAnnotator.fresh(&index, &read),
            [true, false, false]
        );
    }

    #[test]
    fn matching_any_annotator_compares_range_and_theme_only() {
        let index = SpanIndex::from_spans(vec![span(0, 5, "health", "ana")]);
        let read = [
            span(0, 5, "health", "admin@example.org"),
            span(0, 5, "trade", "admin@example.org"),
            span(0, 6, "health", "admin@example.org"),
            span(0, 6, "health", "ben"),
        ];
        assert_eq!(
            SpanMatch::AnyAnnotator.fresh(&index, &read),
            [false, true, true, false]
        );
        assert_eq!(
            SpanMatch::AnyAnnotator.first_of_each(read.to_vec()),
            [
                span(0, 5, "health", "admin@example.org"),
                span(0, 5, "trade", "admin@example.org"),
                span(0, 6, "health", "admin@example.org"),
            ]
        );
        assert_eq!(SpanMatch::SameAnnotator.first_of_each(read.to_vec()), read);
    }
}
