//! (being written)

use super::export::{ExportError, ExportFile, ExportJob};

/// Not written yet.
pub fn export(_job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    Err(ExportError::Unsupported(
        "refi_qda export is not written yet".into(),
    ))
}

/// Not written yet.
pub fn import(
    path: &std::path::Path,
) -> Result<super::import::Imported, super::import::ImportError> {
    Err(super::import::ImportError::whole(
        path,
        "refi_qda import is not written yet",
    ))
}
