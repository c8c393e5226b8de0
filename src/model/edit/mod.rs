//! Edits: the one door through which a project changes.
//!
//! Applying an [`Edit`] validates it, changes the project and returns the
//! edit that undoes it. [`History`] keeps those inverses for undo/redo and
//! tracks whether the project differs from the last saved state.
//!
//! This file holds the vocabulary ([`Edit`], [`EditError`]); `apply.rs`
//! applies an edit, `describe.rs` puts it in words, `history.rs` keeps the
//! undo/redo stacks.

use thiserror::Error;

use super::document::{AnnotatorState, Document};
use super::rules::ThemeProblem;
use super::span::{Span, Suggestion};
use super::theme::Theme;

mod apply;
mod describe;
mod history;

pub use history::History;

/// A change to a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add a span to a document.
    AddSpan { doc: String, span: Span },
    /// Remove the span with the same key (start, end, theme, annotator).
    RemoveSpan { doc: String, span: Span },
    /// Add many spans to a document at once (an import, an undone theme
    /// deletion): one merge into the span index instead of one insert per
    /// span. All or nothing, refused exactly when adding the spans one by
    /// one, in this order, would refuse one of them.
    AddSpans { doc: String, spans: Vec<Span> },
    /// Remove many spans (by key) from a document at once; the inverse of
    /// [`AddSpans`](Edit::AddSpans). All or nothing, refused exactly when
    /// removing them one by one would refuse one (a missing or repeated
    /// key).
    RemoveSpans { doc: String, spans: Vec<Span> },
    /// Replace a span (retag, move, change the note or annotator).
    ReplaceSpan { doc: String, old: Span, new: Span },
    /// Add a theme at `index` (clamped to the end).
    AddTheme { index: usize, theme: Theme },
    /// Change a theme's label, colour, key, description, parent or rules
    /// (not its id). Refused when the new parent is missing or lies under
    /// the theme, or a rule cannot be used.
    UpdateTheme { theme: Theme },
    /// Delete a theme with every span and suggestion that uses it; the
    /// themes under it move up to its parent.
    RemoveTheme { id: String },
    /// Recode every span of theme `from` as `into` and remove `from`
    /// (a span `into` already has is kept once); the themes under `from`
    /// move under `into`, its suggestions go. Refused into itself or into
    /// a theme under it.
    MergeTheme { from: String, into: String },
    /// Propose spans (rules' suggestions) in a document.
    AddSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Withdraw suggestions (the inverse of [`AddSuggestions`](Edit::AddSuggestions)).
    RemoveSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Remember suggestions as rejected.
    AddRejections {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Forget rejections (the inverse of [`AddRejections`](Edit::AddRejections)).
    RemoveRejections {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Turn suggestions into spans by `annotator` (a span that is already
    /// there is kept as it is).
    AcceptSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
        annotator: String,
    },
    /// Withdraw suggestions and remember them as rejected.
    RejectSuggestions {
        doc: String,
        suggestions: Vec<Suggestion>,
    },
    /// Add a document at `index` (clamped to the end).
    AddDocument {
        index: usize,
        document: Box<Document>,
    },
    /// Remove a document and its spans.
    RemoveDocument { id: String },
    /// Rename the project.
    RenameProject { name: String },
    /// Mark a document done (or back in progress) for one annotator.
    SetState {
        doc: String,
        annotator: String,
        state: AnnotatorState,
    },
    /// Set a document attribute to a value (`Some`) or remove it (`None`).
    SetAttribute {
        doc: String,
        name: String,
        value: Option<String>,
    },
    /// Several edits applied as one step, all or nothing.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied. The project is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("there is no document with id {0:?}")]
    NoSuchDocument(String),
    #[error("there is no theme with id {0:?}")]
    NoSuchTheme(String),
    #[error("a document with id {0:?} already exists")]
    DuplicateDocument(String),
    /// The theme breaks a rule of the codebook (see [`rules`](super::rules)).
    #[error(transparent)]
    Theme(#[from] ThemeProblem),
    #[error("an id cannot be empty")]
    EmptyId,
    #[error("an annotator name cannot be empty")]
    EmptyAnnotator,
    #[error(
        "document {doc:?} already has this span ({start}..{end}, theme {theme:?}, annotator {annotator:?})"
    )]
    DuplicateSpan {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
        annotator: String,
    },
    #[error("document {doc:?} has no span {start}..{end} with theme {theme:?} by {annotator:?}")]
    NoSuchSpan {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
        annotator: String,
    },
    #[error("document {doc:?}: {reason}")]
    BadSpan { doc: String, reason: String },
    #[error("document {doc:?}: {reason}")]
    BadAttribute { doc: String, reason: String },
    #[error("the project is open read-only; use Save As to keep changes in another file")]
    ReadOnly,
    #[error("theme {0:?} cannot be merged into itself")]
    MergeIntoItself(String),
    #[error("theme {from:?} cannot be merged into {into:?}, which lies under it")]
    MergeIntoDescendant { from: String, into: String },
    #[error("theme {theme:?} cannot move under {parent:?}, which lies under it")]
    ParentUnderTheme { theme: String, parent: String },
    #[error("document {doc:?} already has the suggestion {start}..{end} of theme {theme:?}")]
    DuplicateSuggestion {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
    },
    #[error("document {doc:?} has no suggestion {start}..{end} of theme {theme:?}")]
    NoSuchSuggestion {
        doc: String,
        start: usize,
        end: usize,
        theme: String,
    },
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tree_tests;
