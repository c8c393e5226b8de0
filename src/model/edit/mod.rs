//! Edits: the one door through which a project changes.
//!
//! Applying an [`Edit`] validates it, changes the project and returns the
//! edit that undoes it. [`History`] keeps those inverses for undo/redo and
//! tracks whether the project differs from the last saved state.
//!
//! This file holds the vocabulary ([`Edit`], [`EditError`]); `apply.rs`
//! applies an edit, `relations.rs` and `memos.rs` apply the edits of
//! relations and memos, `cascade.rs` keeps relations and memo links in
//! step with the spans, themes and documents they name, `describe.rs`
//! puts an edit in words, `history.rs` keeps the undo/redo stacks.

use thiserror::Error;

use super::document::{AnnotatorState, Document};
use super::memo::Memo;
use super::relation::{Relation, RelationType};
use super::rules::ThemeProblem;
use super::span::{Span, Suggestion};
use super::theme::Theme;

mod apply;
mod cascade;
mod describe;
mod history;
mod memos;
mod relations;

pub use history::History;

/// A change to a project.
///
/// Large values (a document, a relation) are boxed so that every edit
/// stays small on the undo stack and in the window's queues.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Add a span to a document.
    AddSpan { doc: String, span: Span },
    /// Remove the span with the same key (start, end, theme, annotator),
    /// with its relations and the memo links to it and to them.
    RemoveSpan { doc: String, span: Span },
    /// Add many spans to a document at once (an import, an undone theme
    /// deletion): one merge into the span index instead of one insert per
    /// span. All or nothing, refused exactly when adding the spans one by
    /// one, in this order, would refuse one of them.
    AddSpans { doc: String, spans: Vec<Span> },
    /// Remove many spans (by key) from a document at once; the inverse of
    /// [`AddSpans`](Edit::AddSpans). All or nothing, refused exactly when
    /// key). Their relations and the memo links to them go too.
    RemoveSpans { doc: String, spans: Vec<Span> },
    /// Replace a span (retag, move, change the note or annotator). Its
    /// relations and the memo links to it follow the new key; refused when
    /// a relation's type does not allow the new theme at that end.
    ReplaceSpan { doc: String, old: Span, new: Span },
    /// Add a theme at `index` (clamped to the end).
    AddTheme { index: usize, theme: Theme },
    /// Change a theme's label, colour, key, description, parent or rules
    /// (not its id). Refused when the new parent is missing or lies under
    /// the theme, or a rule cannot be used.
    UpdateTheme { theme: Theme },
    /// Delete a theme with every span and suggestion that uses it (and
    /// their relations and the memo links to them and to the theme); the
    /// themes under it move up to its parent. Refused while a relation
    /// type names the theme at an end.
    RemoveTheme { id: String },
    /// Recode every span of theme `from` as `into` and remove `from`
    /// (a span `into` already has is kept once); the themes under `from`
    /// move under `into`, its suggestions go. Relations and memo links
    /// follow the recoded spans where they can (the type allows `into`,
    /// no such relation or link yet; otherwise they go), relation types
    /// naming `from` name `into`, memo links to `from` point at `into`.
    /// Refused into itself or into a theme under it.
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
    /// Remove a document with its spans and relations, and the memo links
    /// to it, its spans and its relations.
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
    /// Add a relation type at `index` (clamped to the end) of the codebook's
    /// relation types. Refused with an empty or taken id or label, or an
    /// end theme that is not in the codebook.
    AddRelationType {
        index: usize,
        relation_type: RelationType,
    },
    /// Change a relation type (not its id). Refused when a relation of it
    /// would break the new rules (an end theme no longer allowed, a
    /// self-relation no longer allowed, ends out of order once undirected).
    UpdateRelationType { relation_type: RelationType },
    /// Delete a relation type. Refused while relations use it.
    RemoveRelationType { id: String },
    /// Relate two spans of a document. An undirected relation is stored
    /// with its ends in order ([`Relation::normalised`]). Refused when an
    /// end is not a span of the document, the type is unknown or does not
    /// allow an end's theme or a self-relation, the annotator is empty, or
    /// the relation is already there.
    AddRelation {
        doc: String,
        relation: Box<Relation>,
    },
    /// Remove the relation with the same key (from, to, type, annotator),
    /// and the memo links to it.
    RemoveRelation {
        doc: String,
        relation: Box<Relation>,
    },
    /// Replace a relation (retype it, change its note, its ends or its
    /// annotator); memo links to it follow.
    ReplaceRelation {
        doc: String,
        old: Box<Relation>,
        new: Box<Relation>,
    },
    /// Add a memo at `index` (clamped to the end). Refused with an empty
    /// or taken id, a time that is not RFC 3339 UTC, or a link to nothing.
    AddMemo { index: usize, memo: Memo },
    /// Change a memo (not its id), checked as [`AddMemo`](Edit::AddMemo).
    UpdateMemo { memo: Memo },
    /// Delete a memo.
    RemoveMemo { id: String },
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
    #[error("there is no relation type with id {0:?}")]
    NoSuchRelationType(String),
    /// The relation type breaks a rule of the codebook; the reason names it.
    #[error("{0}")]
    BadRelationType(String),
    #[error(
        "relation type {id:?} is used by {count} (in {documents}); remove or retype them first"
    )]
    RelationTypeInUse {
        id: String,
        /// "3 relations".
        count: String,
        /// The documents, quoted and joined ("\"d1\", \"d2\"").
        documents: String,
    },
    #[error(
        "theme {theme:?} is allowed at an end of relation type {relation_type:?}; change the relation type first"
    )]
    ThemeAtRelationEnd {
        theme: String,
        relation_type: String,
    },
    /// The relation cannot be in the document; the reason names its type
    /// and ends.
    #[error("document {doc:?}: {reason}")]
    BadRelation { doc: String, reason: String },
    #[error("document {doc:?} already has relation {relation}")]
    DuplicateRelation { doc: String, relation: String },
    #[error("document {doc:?} has no relation {relation}")]
    NoSuchRelation { doc: String, relation: String },
    #[error("there is no memo with id {0:?}")]
    NoSuchMemo(String),
    #[error("a memo with id {0:?} already exists")]
    DuplicateMemo(String),
    /// The memo cannot be in the project; the reason names it.
    #[error("{0}")]
    BadMemo(String),
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod tree_tests;

#[cfg(test)]
mod relation_tests;
