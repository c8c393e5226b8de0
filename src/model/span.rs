//! Spans and suggestions: a theme over `[start, end)` code points of a
//! document. The span index, documents, edits and every format share
//! these types; they depend on nothing else in the model.

/// A labelled span of a document: `[start, end)` in code points.
///
/// Spans are ordered by `(start, end, theme, annotator, note)`; the first
/// four form the span's key, unique within a document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Theme id.
    pub theme: String,
    /// Who made the span.
    pub annotator: String,
    /// Free-text note, empty when none.
    pub note: String,
}

impl Span {
    /// A span without a note.
    pub fn new(start: usize, end: usize, theme: &str, annotator: &str) -> Self {
        Span {
            start,
            end,
            theme: theme.to_owned(),
            annotator: annotator.to_owned(),
            note: String::new(),
        }
    }

    /// The same span with a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// The identifying part of the span: everything but the note.
    pub fn key(&self) -> (usize, usize, &str, &str) {
        (self.start, self.end, &self.theme, &self.annotator)
    }

    /// Whether two spans have the same key.
    pub fn same_key(&self, other: &Span) -> bool {
        self.key() == other.key()
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty (never true for a valid span).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A span proposed by a theme's rules: `[start, end)` in code points.
/// Ordered by `(start, end, theme)`, like spans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Suggestion {
    pub start: usize,
    pub end: usize,
    /// Theme id.
    pub theme: String,
}

impl Suggestion {
    /// A suggestion of `theme` over `[start, end)`.
    pub fn new(start: usize, end: usize, theme: &str) -> Self {
        Suggestion {
            start,
            end,
            theme: theme.to_owned(),
        }
    }

    /// The span that accepting the suggestion makes.
    pub fn to_span(&self, annotator: &str) -> Span {
        Span::new(self.start, self.end, &self.theme, annotator)
    }
}
