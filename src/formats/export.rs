//! Exporting spans: which documents and spans, and the report of what a
//! format could not carry.

use std::path::PathBuf;

use thiserror::Error;

use crate::model::{Document, Project, Span};

/// What to export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Only these document ids (all when empty).
    pub docs: Vec<String>,
    /// Only spans by this annotator (all when `None`).
    pub annotator: Option<String>,
}

/// Why an export failed. Nothing was written.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("there is no document with id {0:?}")]
    NoSuchDocument(String),
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode the export: {0}")]
    Encode(String),
}

/// The documents selected by `options`, in project order, each with the
/// spans that pass the annotator filter.
pub fn selection<'p>(
    project: &'p Project,
    options: &ExportOptions,
) -> Result<Vec<(&'p Document, Vec<&'p Span>)>, ExportError> {
    for id in &options.docs {
        if project.document(id).is_none() {
            return Err(ExportError::NoSuchDocument(id.clone()));
        }
    }
    Ok(project
        .documents()
        .iter()
        .filter(|d| options.docs.is_empty() || options.docs.contains(&d.id))
        .map(|d| {
            let spans = d
                .spans()
                .spans()
                .iter()
                .filter(|s| options.annotator.as_ref().is_none_or(|a| &s.annotator == a))
                .collect();
            (d, spans)
        })
        .collect())
}

/// The label a span's theme is exported under (its label, or the id of a
/// theme that no longer exists).
pub fn label_of<'p>(project: &'p Project, span: &'p Span) -> &'p str {
    project
        .theme(&span.theme)
        .map_or(span.theme.as_str(), |t| t.label.as_str())
}
