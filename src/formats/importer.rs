//! The importer contract: what every importer returns ([`Imported`]: its
//! documents, spans and themes as the file holds them), how it refuses a
//! file ([`ImportError`], naming the file and the place), and what an
//! import did ([`ImportSummary`], filled in by the planner in
//! [`super::import`]). Importers depend on this module, never on the
//! planner.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{Color, Source};

/// What an importer read from one file (or folder).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    pub documents: Vec<ImportedDocument>,
    /// Codebook entries the file defines (labels used by spans but missing
    /// here become themes too).
    pub themes: Vec<ImportedTheme>,
    /// What the file held that Marginalia does not import (relations,
    /// predictions, picture sources, ...), one phrase each, for the user.
    pub warnings: Vec<String>,
    /// Relation types the file defines (labels used by relations but
    /// missing here become directed types too).
    pub relation_types: Vec<ImportedRelationType>,
}

/// One document read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedDocument {
    /// Suggested id (made unique on import).
    pub id: String,
    pub title: String,
    /// The text as the file holds it (it may still contain `\r\n`).
    pub text: String,
    /// Where the text came from; when `None` the imported file is recorded.
    pub source: Option<Source>,
    pub spans: Vec<ImportedSpan>,
    /// Relations between the spans above, by their place in `spans`.
    pub relations: Vec<ImportedRelation>,
}

/// A relation as read: from one span of its document to another, each
/// named by its place in [`ImportedDocument::spans`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedRelation {
    pub from: usize,
    pub to: usize,
    /// The relation type's label.
    pub label: String,
    /// Who made it; `None` when the format does not say.
    pub annotator: Option<String>,
    pub note: String,
    /// Where the relation is in the file ("line 7"), for messages.
    pub position: String,
}

/// A relation type read from a file's codebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedRelationType {
    pub label: String,
    /// Whether it goes from one span to the other, or links them both ways.
    pub directed: bool,
    pub color: Option<Color>,
}

/// A span as read: code points into [`ImportedDocument::text`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// Who made it; `None` when the format does not say.
    pub annotator: Option<String>,
    pub note: String,
    /// Where the span is in the file ("line 3", "task 2, result 4"), for
    /// messages.
    pub position: String,
}

impl ImportedSpan {
    /// (start, end, label, annotator, note), to compare in tests.
    #[cfg(test)]
    pub(crate) fn as_tuple(&self) -> (usize, usize, &str, Option<&str>, &str) {
        (
            self.start,
            self.end,
            &self.label,
            self.annotator.as_deref(),
            &self.note,
        )
    }
}

/// A codebook entry read from a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportedTheme {
    /// The label spans use; for a theme under another, its path
    /// (`Security/Arms control`).
    pub label: String,
    pub color: Option<Color>,
    pub description: String,
    /// The `label` of the theme this one sits under (read before it), if
    /// the format has a tree; the theme is then named by the last part of
    /// its path unless another theme has that name.
    pub parent: Option<String>,
}

/// Why a file could not be imported. The project is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: PathBuf,
    /// Where in the file ("line 3, column 5", "entry project.qde"), if known.
    pub position: Option<String>,
    pub message: String,
}

impl ImportError {
    pub fn new(file: &Path, position: Option<String>, message: impl Into<String>) -> Self {
        ImportError {
            file: file.to_owned(),
            position,
            message: message.into(),
        }
    }

    /// An error at a 1-based line of the file.
    pub fn at_line(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self::new(file, Some(format!("line {line}")), message)
    }

    /// An error with no particular position.
    pub fn whole(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, None, message)
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(p) => write!(f, "{}: {p}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ImportError {}

/// What an import did, for the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Ids of the documents added.
    pub documents_added: Vec<String>,
    /// Ids of existing documents that received spans.
    pub documents_merged: Vec<String>,
    /// Labels of the themes created.
    pub themes_added: Vec<String>,
    pub spans_added: usize,
    /// Spans that were already in the project (or twice in the files).
    pub spans_duplicate: usize,
    /// Spans not imported because they cover only white space, one line
    /// each: "FILE: line 3: document \"d\": span 5..6 (\" \") is only
    /// white space". Offsets are as the file gives them.
    pub spans_blank: Vec<String>,
    /// What the files held that was not imported ("FILE: 2 relation(s)
    /// not imported").
    pub warnings: Vec<String>,
    /// Labels of the relation types created.
    pub relation_types_added: Vec<String>,
    /// Relations added (those already in the project are not counted).
    pub relations_added: usize,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} merged, {} added",
            crate::model::plural(self.documents_added.len(), "document", "documents"),
            self.documents_merged.len(),
            crate::model::plural(self.spans_added, "span", "spans")
        )?;
        if self.spans_duplicate > 0 {
            write!(f, ", {} already present", self.spans_duplicate)?;
        }
        if !self.spans_blank.is_empty() {
            write!(f, ", {} skipped (only white space)", self.spans_blank.len())?;
        }
        if self.relations_added > 0 {
            write!(
                f,
                ", {} added",
                crate::model::plural(self.relations_added, "relation", "relations")
            )?;
        }
        if !self.themes_added.is_empty() {
            write!(f, "; new themes: {}", self.themes_added.join(", "))?;
        }
        if !self.relation_types_added.is_empty() {
            write!(
                f,
                "; new relation types: {}",
                self.relation_types_added.join(", ")
            )?;
        }
        Ok(())
    }
}
