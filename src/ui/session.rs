//! The open project and everything that changes it: path, history, the
//! document being viewed. No egui here, so it can be tested directly.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::model::{Document, Edit, EditError, History, Project};
use crate::store::lock::{self, Holder, Lock, LockError};
use crate::store::{self, Fingerprint, LoadError, SaveError, recovery};

/// A project open in the window.
pub struct Session {
    project: Project,
    path: Option<PathBuf>,
    history: History,
    current: usize,
    /// Bumped by every change to the project (apply, undo, redo), so views
    /// can cache what they derive from it.
    revision: u64,
    /// The project file as last loaded or saved.
    fingerprint: Option<Fingerprint>,
    /// This window's claim to be the one writer; `None` when read-only
    /// or unsaved.
    lock: Option<Lock>,
    read_only: bool,
    /// The revision last written to the recovery file, and when.
    recovery_written: Option<(u64, Instant)>,
    /// When the first change not yet saved or written to recovery was made.
    unsaved_since: Option<Instant>,
}

/// How to treat another window's lock when opening.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockMode {
    /// Take the lock; refuse if another live process has it.
    Acquire,
    /// Do not lock; refuse every change.
    ReadOnly,
    /// Take the lock from the other process ("open anyway").
    Steal,
}

/// Why a project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{}: {}", path.display(), LockError::Held(holder.clone()))]
    Locked { path: PathBuf, holder: Holder },
    #[error("{0}")]
    Lock(LockError),
}

impl Session {
    /// A session on an unsaved project.
    pub fn new(project: Project) -> Self {
        Session {
            project,
            path: None,
            history: History::new(),
            current: 0,
            revision: 0,
            fingerprint: None,
            lock: None,
            read_only: false,
            recovery_written: None,
            unsaved_since: None,
        }
    }

    /// Opens the project file at `path` for editing, unless another
    /// window has it.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        Self::open_with(path, LockMode::Acquire)
    }

    /// Opens the project file at `path`, treating a lock as `mode` says.
    pub fn open_with(path: &Path, mode: LockMode) -> Result<Self, OpenError> {
        let lock = match mode {
            LockMode::Acquire => Some(lock::acquire(path).map_err(|e| match e {
                LockError::Held(holder) => OpenError::Locked {
                    path: path.to_owned(),
                    holder,
                },
                e => OpenError::Lock(e),
            })?),
            LockMode::Steal => Some(lock::steal(path).map_err(OpenError::Lock)?),
            LockMode::ReadOnly => None,
        };
        // One read gives the project and the fingerprint of those bytes.
        let (project, fingerprint) = store::load_fingerprinted(path)?;
        let mut session = Session::new(project);
        session.path = Some(path.to_owned());
        session.fingerprint = Some(fingerprint);
        session.lock = lock;
        session.read_only = mode == LockMode::ReadOnly;
        Ok(session)
    }

    /// Whether changes are refused (another window is the writer).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Whether the project file on disk is no longer what this session
    /// loaded or last saved.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.fingerprint) {
            (Some(p), Some(f)) => f.changed(p),
            _ => false,
        }
    }

    /// The newer, different recovery file of this project, if there is one.
    pub fn recovery(&self) -> Result<Option<recovery::Recovery>, recovery::RecoveryError> {
        match &self.path {
            Some(p) => recovery::check(p, Some(&self.project)),
            None => Ok(None),
        }
    }

    /// Writes the recovery file if there are unsaved changes not written
    /// yet and `every` has passed since the last write. Returns the path
    /// written.
    pub fn autosave(&mut self, every: Duration) -> Result<Option<PathBuf>, SaveError> {
        let Some(path) = self.path.clone() else {
            return Ok(None);
        };
        if !self.is_dirty() || self.read_only {
            return Ok(None);
        }
        let due = match self.recovery_written {
            Some((rev, at)) => rev != self.revision && at.elapsed() >= every,
            None => self.unsaved_since.is_some_and(|t| t.elapsed() >= every),
        };
        if !due {
            return Ok(None);
        }
        let written = recovery::write_recovery(&self.project, &path)?;
        self.recovery_written = Some((self.revision, Instant::now()));
        Ok(Some(written))
    }

    /// Writes the recovery file now if there are unsaved changes (for a
    /// panic or a signal).
    pub fn write_recovery_now(&self) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        if !self.is_dirty() || self.read_only {
            return None;
        }
        recovery::write_recovery(&self.project, path).ok()
    }

    /// The unsaved changes are being thrown away: remove the recovery file.
    pub fn discard_recovery(&mut self) {
        if let Some(p) = &self.path
            && !self.read_only
        {
            recovery::remove_recovery(p);
        }
        self.recovery_written = None;
        self.unsaved_since = None;
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// The document on screen, if the project has any.
    pub fn document(&self) -> Option<&Document> {
        self.project.documents().get(self.current)
    }

    /// Index of the document on screen.
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// Shows another document.
    pub fn set_current(&mut self, index: usize) {
        if index < self.project.documents().len() {
            self.current = index;
        }
    }

    /// Changes with every edit, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies an edit as one undoable step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        if self.read_only {
            return Err(EditError::ReadOnly);
        }
        let result = self.history.apply(&mut self.project, edit);
        self.changed(result.is_ok());
        result
    }

    /// Undoes the last step, returning its description.
    pub fn undo(&mut self) -> Option<String> {
        if self.read_only {
            return None;
        }
        let r = self.history.undo(&mut self.project);
        self.changed(r.is_some());
        r
    }

    /// Redoes the last undone step, returning its description.
    pub fn redo(&mut self) -> Option<String> {
        if self.read_only {
            return None;
        }
        let r = self.history.redo(&mut self.project);
        self.changed(r.is_some());
        r
    }

    fn changed(&mut self, did: bool) {
        if did {
            self.revision += 1;
            if self.unsaved_since.is_none() {
                self.unsaved_since = Some(Instant::now());
            }
        }
        self.clamp_current();
    }

    /// Saves to the current path, or to `path` (which becomes current).
    /// Refuses to overwrite the project file if it changed on disk since it
    /// was loaded or saved ([`SaveError::ChangedOnDisk`]), or if the
    /// session is read-only.
    pub fn save(&mut self, path: Option<&Path>) -> Result<PathBuf, SaveError> {
        self.save_checked(path, true)
    }

    /// Saves even if the file changed on disk ("Overwrite").
    pub fn save_overwrite(&mut self) -> Result<PathBuf, SaveError> {
        self.save_checked(None, false)
    }

    fn save_checked(&mut self, path: Option<&Path>, check: bool) -> Result<PathBuf, SaveError> {
        let target = match path.or(self.path.as_deref()) {
            Some(p) => p.to_owned(),
            None => {
                return Err(SaveError::Serialize(
                    "the project has no file yet; use Save As".into(),
                ));
            }
        };
        let same_file = self.path.as_deref() == Some(target.as_path());
        if same_file && self.read_only {
            return Err(SaveError::ReadOnly(target));
        }
        if same_file && check && self.changed_on_disk() {
            return Err(SaveError::ChangedOnDisk(target));
        }
        // Saving under another name makes this window that file's writer.
        let new_lock = if same_file {
            None
        } else {
            match lock::acquire(&target) {
                Ok(l) => Some(l),
                Err(e) => {
                    return Err(SaveError::Io {
                        path: target,
                        source: std::io::Error::other(e.to_string()),
                    });
                }
            }
        };
        let fingerprint = store::save_fingerprinted(&self.project, &target)?;
        if let Some(old) = &self.path
            && !self.read_only
        {
            recovery::remove_recovery(old);
        }
        recovery::remove_recovery(&target);
        if let Some(l) = new_lock {
            self.lock = Some(l);
            self.read_only = false;
        }
        self.fingerprint = Some(fingerprint);
        self.path = Some(target.clone());
        self.history.mark_saved();
        self.recovery_written = None;
        self.unsaved_since = None;
        Ok(target)
    }

    /// Window title: project name, file name and an unsaved marker.
    pub fn title(&self) -> String {
        let file = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| format!(" — {}", n.to_string_lossy()))
            .unwrap_or_default();
        format!(
            "{}{}{}{} — Marginalia",
            if self.is_dirty() { "● " } else { "" },
            self.project.name(),
            file,
            if self.read_only { " (read-only)" } else { "" }
        )
    }

    fn clamp_current(&mut self) {
        let n = self.project.documents().len();
        if self.current >= n {
            self.current = n.saturating_sub(1);
        }
    }
}
