//! A document: its text, where it came from, its spans, suggestions,
//! attributes and who marked it done.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::index::SpanIndex;
use super::relation::{Relation, Relations, SpanRef};
use super::source::Source;
use super::span::{Span, Suggestion};
use super::text::Text;

/// A document: its text, where it came from, and its spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier, unique within the project.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Where the text was imported from, if it was.
    pub source: Option<Source>,
    pub(crate) text: Text,
    pub(crate) spans: SpanIndex,
    /// Annotators who marked the document done (format 2); every other
    /// annotator's state is *in progress*.
    pub(crate) done: BTreeSet<String>,
    /// Document attributes (format 2): name → text value (date, source,
    /// country...), sorted by name. Names and values are never empty.
    pub(crate) attributes: BTreeMap<String, String>,
    /// Format 2: spans the theme rules proposed that the user has not yet
    /// accepted or rejected. Not spans: exports and statistics ignore them.
    pub(crate) suggestions: BTreeSet<Suggestion>,
    /// Format 2: suggestions the user rejected, so that rules never
    /// propose them again.
    pub(crate) rejected: BTreeSet<Suggestion>,
    /// Format 2: relations between the document's spans, in stable order
    /// (see [`Relation`]).
    pub(crate) relations: Relations,
}

/// Where an annotator stands with a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnnotatorState {
    /// The default: still tagging (or not started).
    InProgress,
    /// The annotator marked the document done.
    Done,
}

impl fmt::Display for AnnotatorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AnnotatorState::InProgress => "in progress",
            AnnotatorState::Done => "done",
        })
    }
}

impl Document {
    /// A document with the given text and no spans.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<Text>) -> Self {
        Document {
            id: id.into(),
            title: title.into(),
            source: None,
            text: text.into(),
            spans: SpanIndex::default(),
            done: BTreeSet::new(),
            attributes: BTreeMap::new(),
            suggestions: BTreeSet::new(),
            rejected: BTreeSet::new(),
            relations: Relations::default(),
        }
    }

    /// The same document with these attributes (name, value) in place of
    /// its own. They are checked when the document joins a project
    /// ([`Edit::AddDocument`](super::edit::Edit::AddDocument)).
    pub fn with_attributes<I, K, V>(mut self, attributes: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.attributes = attributes
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self
    }

    /// The document's attributes, sorted by name.
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// The value of one attribute, if the document has it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// The same document with these annotators marked done.
    pub fn with_done<I: IntoIterator<Item = S>, S: Into<String>>(mut self, annotators: I) -> Self {
        self.done = annotators.into_iter().map(Into::into).collect();
        self
    }

    /// The annotators who marked the document done, sorted.
    pub fn done_annotators(&self) -> &BTreeSet<String> {
        &self.done
    }

    /// Where `annotator` stands with this document.
    pub fn state(&self, annotator: &str) -> AnnotatorState {
        if self.done.contains(annotator) {
            AnnotatorState::Done
        } else {
            AnnotatorState::InProgress
        }
    }

    /// The same document with these spans (in any order; exact duplicates
    /// keep the first) in place of its own, indexed in one pass. The spans
    /// are checked when the document joins a project
    /// ([`Edit::AddDocument`](super::edit::Edit::AddDocument)).
    pub fn with_spans(mut self, spans: Vec<Span>) -> Self {
        self.spans = SpanIndex::from_spans(spans);
        self
    }

    /// The same document with these suggestions and rejections.
    pub fn with_suggestions(
        mut self,
        suggestions: impl IntoIterator<Item = Suggestion>,
        rejected: impl IntoIterator<Item = Suggestion>,
    ) -> Self {
        self.suggestions = suggestions.into_iter().collect();
        self.rejected = rejected.into_iter().collect();
        self
    }

    /// The same document with these relations (in any order; of two with
    /// one key the first is kept) in place of its own. They are checked
    /// when the document joins a project
    /// ([`Edit::AddDocument`](super::edit::Edit::AddDocument)): both ends
    /// exist, the type exists and allows them.
    pub fn with_relations(mut self, relations: impl IntoIterator<Item = Relation>) -> Self {
        self.relations = relations.into_iter().collect();
        self
    }

    /// The relations between the document's spans, sorted by
    /// `from.start`, `to.start`, type.
    pub fn relations(&self) -> &Relations {
        &self.relations
    }

    /// The relations with `span` at either end, in stable order.
    pub fn relations_of<'a>(&'a self, span: &Span) -> impl Iterator<Item = &'a Relation> + 'a {
        let at = SpanRef::from(span);
        self.relations.iter().filter(move |r| r.touches(&at))
    }

    /// Suggestions waiting for the user, in stable order.
    pub fn suggestions(&self) -> &BTreeSet<Suggestion> {
        &self.suggestions
    }

    /// Suggestions the user rejected, in stable order.
    pub fn rejected(&self) -> &BTreeSet<Suggestion> {
        &self.rejected
    }

    /// Why `s` could not be a suggestion in this document, if it could not.
    pub fn check_suggestion(&self, s: &Suggestion) -> Result<(), String> {
        self.check_span(&Span::new(s.start, s.end, &s.theme, ""))
    }

    /// The document text.
    pub fn text(&self) -> &Text {
        &self.text
    }

    /// The span index (spans in stable order plus range queries).
    pub fn spans(&self) -> &SpanIndex {
        &self.spans
    }

    /// The text a span covers, if its offsets fit the text.
    pub fn span_text(&self, span: &Span) -> Option<&str> {
        self.text.slice(span.start, span.end)
    }

    /// Why `span` could not belong to this document, if it could not.
    pub fn check_span(&self, span: &Span) -> Result<(), String> {
        if span.start >= span.end {
            return Err(format!(
                "span start {} is not before its end {}",
                span.start, span.end
            ));
        }
        if span.end > self.text.len_chars() {
            return Err(format!(
                "span end {} is past the end of the text ({} code points)",
                span.end,
                self.text.len_chars()
            ));
        }
        Ok(())
    }
}

/// Why `name = value` cannot be a document attribute, if it cannot: the
/// name is empty, has white space at either end, holds `=` (the command
/// line writes `NAME=VALUE`) or a control character; or the value is empty
/// or holds a control character other than a line break.
pub fn check_attribute(name: &str, value: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("an attribute name cannot be empty".into());
    }
    if name.trim() != name {
        return Err(format!(
            "attribute name {name:?} starts or ends with white space"
        ));
    }
    if name.contains('=') {
        return Err(format!(
            "attribute name {name:?} contains \"=\", which separates name and value"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "attribute name {name:?} contains a control character"
        ));
    }
    if value.is_empty() {
        return Err(format!(
            "attribute {name:?} has an empty value (remove the attribute instead)"
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!(
            "the value of attribute {name:?} contains a control character"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_spans_indexes_in_one_pass_and_drops_duplicates() {
        let d = Document::new("d", "D", "abcdef").with_spans(vec![
            Span::new(2, 4, "t", "a"),
            Span::new(0, 3, "t", "a"),
            Span::new(2, 4, "t", "a").with_note("again"),
        ]);
        let got: Vec<_> = d.spans().spans().iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, [(0, 3), (2, 4)]);
        assert_eq!(d.spans().at(2).len(), 2);
    }
}
