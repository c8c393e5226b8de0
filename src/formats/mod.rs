//! Interchange formats: one module per format (import and/or export).

pub mod csv;
pub mod export;
pub mod jsonl;
pub mod text;

use std::path::Path;

pub use export::{ExportError, ExportOptions};

use crate::model::Project;

/// The export formats this build writes, by their CLI names.
pub const EXPORT_FORMATS: &[&str] = &["jsonl", "csv"];

/// Exports to `out` in `format` (one of [`EXPORT_FORMATS`]); the file is
/// written atomically, so a failed export leaves nothing behind.
pub fn export(
    project: &Project,
    format: &str,
    out: &Path,
    options: &ExportOptions,
) -> Result<(), ExportError> {
    let content = match format {
        "jsonl" => jsonl::to_string(project, options)?,
        "csv" => csv::to_string(project, options)?,
        other => {
            return Err(ExportError::Encode(format!(
                "unknown format {other:?}; this version exports {}",
                EXPORT_FORMATS.join(", ")
            )));
        }
    };
    crate::store::write_atomic(out, content.as_bytes(), false).map_err(|source| ExportError::Io {
        path: out.to_owned(),
        source,
    })
}
