//! Importing many files at once: several files picked in File → Import…,
//! a folder (File → Import Folder…), or files and folders dropped on the
//! window. Everything read goes in as one undoable step; files that could
//! not be read are listed as skipped, with the reason.

use std::path::{Path, PathBuf};

use crate::formats::folder;

/// How many bytes the import of `paths` reads: files by their size, the
/// folders by the files the folder walk takes (to decide whether the
/// import runs on a worker).
pub(in crate::ui) fn bytes_to_read(paths: &[PathBuf]) -> u64 {
    let size = |f: &Path| std::fs::metadata(f).map_or(0, |m| m.len());
    paths
        .iter()
        .map(|p| {
            if folder::is_corpus_folder(p) {
                folder::walk(p).files.iter().map(|f| size(f)).sum()
            } else {
                size(p)
            }
        })
        .sum()
}

/// What a window title or message calls a set of paths.
pub(in crate::ui) fn describe(paths: &[PathBuf]) -> PathBuf {
    match paths {
        [one] => one.clone(),
        _ => paths
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    }
}
