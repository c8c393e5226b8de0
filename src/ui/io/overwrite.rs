//! Never replacing a file without asking: which file a dialog's answer
//! will write (with the extension the writer adds), a fresh name for a new
//! project, and the "Replace NAME?" question the window's own file dialog
//! asks before an existing file is written over (the desktop's dialogs ask
//! it themselves). Whoever replaces a file keeps the old one as
//! `NAME.bak` through `store::write_atomic`.

use std::path::{Path, PathBuf};

use super::dialogs::DialogKind;

/// `path`, or `path` with `extension` when it has none (`notes` →
/// `notes.ron`): what every writer of a user-chosen path does.
pub fn with_default_extension(path: PathBuf, extension: &str) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(extension)
    }
}

impl DialogKind {
    /// The one file that writing the answer `picked` creates or replaces,
    /// or `None` when the answer is read (open, import) or is a folder
    /// that an export writes into.
    pub fn file_written(self, picked: &Path) -> Option<PathBuf> {
        let extension = match self {
            DialogKind::SaveProjectAs | DialogKind::NewProject => Some("ron"),
            DialogKind::ExportReport => Some("html"),
            DialogKind::ExportSegments { extension } => Some(extension),
            DialogKind::Export {
                folder: false,
                extension,
            } => extension,
            DialogKind::Export { folder: true, .. }
            | DialogKind::OpenProject
            | DialogKind::Import
            | DialogKind::ImportFolder
            | DialogKind::ImportDoccano
            | DialogKind::ImportCodebook => return None,
        };
        let picked = picked.to_path_buf();
        Some(match extension {
            Some(ext) => with_default_extension(picked, ext),
            None => picked,
        })
    }
}

/// The first of `untitled.ron`, `untitled-2.ron`, `untitled-3.ron`, … in
/// `folder` that names nothing yet (not even a symbolic link to a missing
/// file): what File → New proposes, so that Enter never replaces a file.
pub fn untitled_in(folder: &Path) -> PathBuf {
    (1..)
        .map(|n| {
            folder.join(if n == 1 {
                "untitled.ron".to_owned()
            } else {
                format!("untitled-{n}.ron")
            })
        })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| folder.join("untitled.ron"))
}

/// The file an answer would replace: `target` when it is an existing file
/// (through a link). A folder or a dangling link is not asked about: the
/// write reports the folder, and a dangling link replaces nothing.
pub fn would_replace(target: &Path) -> bool {
    target.is_file()
}

/// The question "Replace NAME?" about an existing file, with Replace and
/// Cancel. Cancel is the default: Enter and Escape cancel unless the
/// Replace button has the keyboard focus.
pub struct ReplaceQuestion {
    target: PathBuf,
    focus_cancel: bool,
}

impl ReplaceQuestion {
    pub fn new(target: PathBuf) -> Self {
        ReplaceQuestion {
            target,
            focus_cancel: true,
        }
    }

    /// The file that would be replaced.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Draws the question; `Some(true)` replaces, `Some(false)` cancels.
    pub fn show(&mut self, ui: &mut egui::Ui) -> Option<bool> {
        let name = file_name(&self.target);
        let backup = file_name(&crate::store::backup_path(&self.target));
        let folder = self
            .target
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        ui.heading(format!("Replace {name}?"));
        ui.label(format!(
            "A file named {name} already exists in {folder}. Replacing it writes over its \
             content; the old file is kept as {backup}."
        ));
        // Escape always cancels (and is used up here, so the file dialog
        // behind stays open); Enter cancels unless Replace has the focus.
        let escape = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
        let mut answer = escape.then_some(false);
        ui.horizontal(|ui| {
            let replace = ui.button("Replace");
            let cancel = ui.button("Cancel");
            if std::mem::take(&mut self.focus_cancel) {
                cancel.request_focus();
            }
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            if answer.is_none() && replace.clicked() {
                answer = Some(true);
            } else if cancel.clicked() || (enter && !replace.has_focus()) {
                answer = Some(false);
            }
        });
        answer
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_proposes_the_first_untitled_name_that_is_free() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(untitled_in(dir.path()), dir.path().join("untitled.ron"));
        std::fs::write(dir.path().join("untitled.ron"), "x").unwrap();
        assert_eq!(untitled_in(dir.path()), dir.path().join("untitled-2.ron"));
        std::fs::write(dir.path().join("untitled-2.ron"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("gone.ron", dir.path().join("untitled-3.ron")).unwrap();
        #[cfg(unix)]
        assert_eq!(
            untitled_in(dir.path()),
            dir.path().join("untitled-4.ron"),
            "a dangling link is a name taken"
        );
    }

    #[test]
    fn the_file_written_is_the_answer_with_the_extension_its_writer_adds() {
        let p = Path::new("/w/notes");
        let kind = |k: DialogKind| k.file_written(p).map(|t| t.display().to_string());
        assert_eq!(
            kind(DialogKind::SaveProjectAs).as_deref(),
            Some("/w/notes.ron")
        );
        assert_eq!(
            kind(DialogKind::NewProject).as_deref(),
            Some("/w/notes.ron")
        );
        assert_eq!(
            kind(DialogKind::ExportReport).as_deref(),
            Some("/w/notes.html")
        );
        assert_eq!(
            kind(DialogKind::ExportSegments { extension: "csv" }).as_deref(),
            Some("/w/notes.csv")
        );
        assert_eq!(
            kind(DialogKind::Export {
                folder: false,
                extension: Some("jsonl")
            })
            .as_deref(),
            Some("/w/notes.jsonl")
        );
        assert_eq!(
            kind(DialogKind::Export {
                folder: false,
                extension: None
            })
            .as_deref(),
            Some("/w/notes")
        );
        assert_eq!(
            DialogKind::SaveProjectAs.file_written(Path::new("/w/a.txt")),
            Some(PathBuf::from("/w/a.txt")),
            "an extension typed is kept"
        );
        for k in [
            DialogKind::Export {
                folder: true,
                extension: None,
            },
            DialogKind::OpenProject,
            DialogKind::Import,
            DialogKind::ImportFolder,
            DialogKind::ImportDoccano,
            DialogKind::ImportCodebook,
        ] {
            assert_eq!(k.file_written(p), None, "{k:?} writes no chosen file");
        }
    }

    #[test]
    fn only_an_existing_file_is_asked_about() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.ron");
        assert!(!would_replace(&file));
        std::fs::write(&file, "x").unwrap();
        assert!(would_replace(&file));
        assert!(!would_replace(dir.path()), "a folder");
    }
}
