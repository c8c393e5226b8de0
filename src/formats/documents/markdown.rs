//! Markdown (`.md`): read as text, like a `.txt` (its encoding detected,
//! line endings normalised); the markup stays visible, as the analyst
//! wrote it.

use std::path::Path;

use super::{Readable, decode_text};
use crate::formats::importer::ImportError;

/// A Markdown file's text.
pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Readable, ImportError> {
    decode_text(path, bytes)
}
