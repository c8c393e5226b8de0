//! Importing many files at once: several files picked in File → Import…,
//! a folder (File → Import Folder…), or files and folders dropped on the
//! window. Everything read goes in as one undoable step; files that could
//! not be read are listed as skipped, with the reason.

use std::path::{Path, PathBuf};

use super::app::MarginaliaApp;
use super::tasks::{Outcome, Work};
use crate::formats::{self, import::Imported};

/// Extensions of the files a folder import takes in (plain text).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

/// Folders deeper than this are not walked (a link loop, a mistake).
const MAX_DEPTH: usize = 32;

/// The files to import from what the user chose: files as they are,
/// folders walked (sorted, hidden entries left out) for text files. The
/// second list says what was left out and why.
pub(super) fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, 0, &mut files, &mut skipped);
        } else {
            files.push(p.clone());
        }
    }
    (files, skipped)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, skipped: &mut Vec<String>) {
    if depth > MAX_DEPTH {
        skipped.push(format!("{} (folders nested too deep)", dir.display()));
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            skipped.push(format!("{} (cannot read the folder — {e})", dir.display()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        // Links to folders are not followed (no loops); links to files are.
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            walk(&p, depth + 1, files, skipped);
        } else if p.is_file() {
            let ext = p
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if TEXT_EXTENSIONS.contains(&ext.as_str()) {
                files.push(p);
            } else {
                skipped.push(format!("{} (not a text file)", p.display()));
            }
        }
    }
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
    /// Imports every file in `paths` (folders walked for text files) as
    /// one undoable step; on a worker when large.
    pub(super) fn import_many(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let snapshot = self.session.snapshot();
        let annotator = self.prefs.annotator.clone();
        let (files, mut skipped) = collect(&paths);
        let size = files
            .iter()
            .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
            .sum();
        let job = move || {
            let mut read: Vec<(PathBuf, Imported)> = Vec::new();
            for f in files {
                match formats::read(&f, None) {
                    Ok(i) => read.push((f, i)),
                    // The status bar keeps only what follows a message's last
                    // ": ", so the file name stays in front of the reason.
                    Err(e) => skipped.push(format!(
                        "{} ({})",
                        f.display(),
                        e.to_string().replace(": ", " — ")
                    )),
                }
            }
            if read.is_empty() {
                let why = if skipped.is_empty() {
                    "there is nothing to import there".to_owned()
                } else {
                    format!("nothing could be imported: {}", skipped.join("; "))
                };
                return Outcome::Imported(Err(why));
            }
            Outcome::Imported(
                formats::import::plan(&snapshot, &read, &annotator)
                    .map(|(edit, mut summary)| {
                        summary
                            .warnings
                            .extend(skipped.into_iter().map(|s| format!("skipped {s}")));
                        (edit, summary)
                    })
                    .map_err(|e| e.to_string()),
            )
        };
        self.run_work(
            Work::Import {
                path: describe(&paths),
            },
            size,
            job,
        );
    }

    /// Files and folders dropped on the window this frame are imported.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_gives_its_text_files_in_order_and_names_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sub = dir.path().join("2020");
        std::fs::create_dir(&sub).expect("sub folder");
        std::fs::write(dir.path().join("b.txt"), "B").expect("write");
        std::fs::write(sub.join("a.md"), "A").expect("write");
        std::fs::write(dir.path().join("scan.png"), [0u8, 1]).expect("write");
        std::fs::write(dir.path().join(".hidden.txt"), "no").expect("write");
        let (files, skipped) = collect(&[dir.path().to_path_buf()]);
        assert_eq!(files, vec![sub.join("a.md"), dir.path().join("b.txt")]);
        assert_eq!(skipped.len(), 1);
        assert!(
            skipped[0].ends_with("scan.png (not a text file)"),
            "{skipped:?}"
        );
    }
}
