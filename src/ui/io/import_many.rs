//! Importing many files at once: several files picked in File → Import…,
//! a folder (File → Import Folder…), or files and folders dropped on the
//! window. Everything read goes in as one undoable step; files that could
//! not be read are listed as skipped, with the reason.

use std::path::{Path, PathBuf};

use super::import::ImportFiles;
use crate::formats::{self, folder, import::Imported};
use crate::ui::app::MarginaliaApp;

/// How many bytes the import of `paths` reads: files by their size, the
/// folders by the files the folder walk takes (to decide whether the
/// import runs on a worker).
fn bytes_to_read(paths: &[PathBuf]) -> u64 {
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
fn describe(paths: &[PathBuf]) -> PathBuf {
    match paths {
        [one] => one.clone(),
        _ => paths
            .first()
            .and_then(|p| p.parent())
            .map(Path::to_path_buf)
            .unwrap_or_default(),
    }
}

impl MarginaliaApp {
    /// Imports every file and folder in `paths` as one undoable step, each
    /// read as `marginalia import` reads it (a folder of documents through
    /// the one folder walker, [`folder::import_folder`]); on a worker when
    /// large. A path that cannot be read is skipped and named.
    pub(in crate::ui) fn import_many(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let snapshot = self.session.snapshot();
        let annotator = self.prefs.annotator.clone();
        let size = bytes_to_read(&paths);
        let files = paths.clone();
        let job = move || {
            let mut read: Vec<(PathBuf, Imported)> = Vec::new();
            let mut skipped = Vec::new();
            for f in files {
                match formats::read(&f, None) {
                    Ok(i) => read.push((f, i)),
                    Err(e) => skipped.push(format!("skipped {e}")),
                }
            }
            if read.is_empty() {
                let why = if skipped.is_empty() {
                    "there is nothing to import there".to_owned()
                } else {
                    format!("nothing could be imported: {}", skipped.join("; "))
                };
                return Err(why);
            }
            formats::import::plan(&snapshot, &read, &annotator)
                .map(|(edit, mut summary)| {
                    summary.warnings.extend(skipped);
                    (edit, summary)
                })
                .map_err(|e| e.to_string())
        };
        let path = describe(&paths);
        self.run_job(ImportFiles { path }, size, job);
    }

    /// Files and folders dropped on the window this frame are imported.
    pub(in crate::ui) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() || self.keys_elsewhere() {
            return;
        }
        self.import_many(dropped);
    }
}
