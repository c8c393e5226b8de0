//! Recovery files: unsaved work written beside the project (never over it)
//! while the window runs, and offered back when the project is opened.
//!
//! `NAME.ron` has its recovery file at `NAME.ron.recovery`, a complete
//! project file in the same format. It is written atomically every few
//! seconds while there are unsaved changes and when the window panics, and
//! removed when the project is saved or the changes are discarded. For a
//! project opened through a symbolic link it sits beside the link's target.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::Project;

use super::{LoadError, SaveError, load, to_ron_string, write_atomic};

/// The recovery file kept beside `project`: `NAME.ron` → `NAME.ron.recovery`
/// (beside the file a symbolic link points to).
pub fn recovery_path(project: &Path) -> PathBuf {
    super::atomic::sibling(project, ".recovery")
}

/// Writes `project` as the recovery file of the project at `path`.
pub fn write_recovery(project: &Project, path: &Path) -> Result<PathBuf, SaveError> {
    let target = recovery_path(path);
    let content = to_ron_string(project)?;
    write_atomic(&target, content.as_bytes(), false).map_err(|source| SaveError::Io {
        path: target.clone(),
        source,
    })?;
    Ok(target)
}

/// Removes the recovery file of the project at `path`, if there is one.
pub fn remove_recovery(path: &Path) {
    let _ = fs::remove_file(recovery_path(path));
}

/// Spans per document in the project on disk and in the recovery file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentDiff {
    pub id: String,
    pub title: String,
    /// `None` when the document is not in that version.
    pub saved: Option<usize>,
    pub recovered: Option<usize>,
}

/// A recovery file worth offering: newer than the project and different.
#[derive(Clone, Debug)]
pub struct Recovery {
    pub path: PathBuf,
    pub project: Project,
    pub modified: SystemTime,
    /// Documents whose span counts (or presence) differ.
    pub differences: Vec<DocumentDiff>,
    /// Whether the codebook or the project name differs too.
    pub codebook_differs: bool,
}

impl Recovery {
    /// One line per difference, for the prompt and the CLI.
    pub fn describe(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .differences
            .iter()
            .map(|d| match (d.saved, d.recovered) {
                (Some(a), Some(b)) => {
                    format!(
                        "{}: {} saved, {b} in the recovery file",
                        d.title,
                        crate::model::plural(a, "span", "spans")
                    )
                }
                (None, Some(b)) => format!(
                    "{}: only in the recovery file ({})",
                    d.title,
                    crate::model::plural(b, "span", "spans")
                ),
                (Some(a), None) => format!(
                    "{}: removed in the recovery file ({} saved)",
                    d.title,
                    crate::model::plural(a, "span", "spans")
                ),
                (None, None) => d.title.clone(),
            })
            .collect();
        if self.codebook_differs {
            lines.push("the codebook or project name differs".into());
        }
        if lines.is_empty() {
            lines.push("the span counts are the same, but notes or offsets differ".into());
        }
        lines
    }
}

/// Why a recovery file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("{}: there is no recovery file", .0.display())]
    None(PathBuf),
    #[error("the recovery file is damaged: {0}")]
    Damaged(LoadError),
    #[error("{0}")]
    Save(#[from] SaveError),
}

/// The recovery file of the project at `path`, if it is newer than the
/// project (or the project is gone) and holds something different.
/// `Err` when a recovery file exists but cannot be read as a project.
pub fn check(path: &Path, saved: Option<&Project>) -> Result<Option<Recovery>, RecoveryError> {
    let rpath = recovery_path(path);
    let Ok(meta) = fs::metadata(&rpath) else {
        return Ok(None);
    };
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let project_time = fs::metadata(path).and_then(|m| m.modified()).ok();
    if project_time.is_some_and(|t| t > modified) {
        return Ok(None);
    }
    let recovered = load(&rpath).map_err(RecoveryError::Damaged)?;
    if saved == Some(&recovered) {
        return Ok(None);
    }
    Ok(Some(compare(rpath, recovered, modified, saved)))
}

/// What differs between a recovered project and the saved one.
pub fn compare(
    path: PathBuf,
    project: Project,
    modified: SystemTime,
    saved: Option<&Project>,
) -> Recovery {
    let mut differences = Vec::new();
    let empty = Project::default();
    let saved_p = saved.unwrap_or(&empty);
    for d in project.documents() {
        let before = saved_p.document(&d.id).map(|s| s.spans().len());
        if before != Some(d.spans().len()) {
            differences.push(DocumentDiff {
                id: d.id.clone(),
                title: d.title.clone(),
                saved: before,
                recovered: Some(d.spans().len()),
            });
        }
    }
    for d in saved_p.documents() {
        if project.document(&d.id).is_none() {
            differences.push(DocumentDiff {
                id: d.id.clone(),
                title: d.title.clone(),
                saved: Some(d.spans().len()),
                recovered: None,
            });
        }
    }
    let codebook_differs =
        saved.is_some_and(|s| s.themes() != project.themes() || s.name() != project.name());
    Recovery {
        path,
        project,
        modified,
        differences,
        codebook_differs,
    }
}

/// Restores the recovery file into the project at `path` (the previous
/// project is kept as `NAME.ron.bak`) and removes the recovery file.
pub fn restore(path: &Path) -> Result<Recovery, RecoveryError> {
    let rpath = recovery_path(path);
    if !rpath.exists() {
        return Err(RecoveryError::None(rpath));
    }
    let recovered = load(&rpath).map_err(RecoveryError::Damaged)?;
    let saved = load(path).ok();
    let modified = fs::metadata(&rpath)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH);
    let recovery = compare(rpath.clone(), recovered, modified, saved.as_ref());
    super::save(&recovery.project, path)?;
    let _ = fs::remove_file(&rpath);
    Ok(recovery)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Span};

    fn project(spans: usize) -> Project {
        let mut p = Project::with_default_codebook("p");
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new("d", "Doc", "abcdefghij")),
        }
        .apply(&mut p)
        .unwrap();
        for i in 0..spans {
            Edit::AddSpan {
                doc: "d".into(),
                span: Span::new(i, i + 1, "health", "a"),
            }
            .apply(&mut p)
            .unwrap();
        }
        p
    }

    #[test]
    fn newer_different_recovery_is_offered_and_restored_with_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        super::super::save(&project(1), &path).unwrap();
        assert!(check(&path, Some(&project(1))).unwrap().is_none());
        write_recovery(&project(3), &path).unwrap();
        let r = check(&path, Some(&project(1))).unwrap().expect("offered");
        assert_eq!(r.describe(), ["Doc: 1 span saved, 3 in the recovery file"]);
        // The same content as saved is not offered.
        assert!(check(&path, Some(&project(3))).unwrap().is_none());

        restore(&path).unwrap();
        assert_eq!(load(&path).unwrap(), project(3));
        assert_eq!(load(&super::super::backup_path(&path)).unwrap(), project(1));
        assert!(!recovery_path(&path).exists());
        assert!(matches!(restore(&path), Err(RecoveryError::None(_))));
    }

    #[test]
    fn older_recovery_is_ignored_and_damaged_one_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_recovery(&project(3), &path).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        super::super::save(&project(1), &path).unwrap();
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert!(check(&path, Some(&project(1))).unwrap().is_none());
        remove_recovery(&path);
        fs::write(recovery_path(&path), "(format: 1, trunc").unwrap();
        fs::File::options()
            .write(true)
            .open(recovery_path(&path))
            .unwrap()
            .set_modified(later + std::time::Duration::from_secs(5))
            .unwrap();
        assert!(matches!(check(&path, None), Err(RecoveryError::Damaged(_))));
        // Restoring a damaged file leaves the project alone.
        let before = fs::read(&path).unwrap();
        assert!(restore(&path).is_err());
        assert_eq!(fs::read(&path).unwrap(), before);
    }
}
