//! (being written)

use super::export::{ExportError, ExportFile, ExportJob};

/// Not written yet.
pub fn export(_job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    Err(ExportError::Unsupported(
        "xmi export is not written yet".into(),
    ))
}
