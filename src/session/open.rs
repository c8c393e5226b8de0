//! The open project and everything that changes it: path, history, the
//! document being viewed. No egui here, so it can be tested directly.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::{Document, Edit, EditError, History, Project};
use crate::session::claim::{ClaimError, Takeover, claim_for_writing};
use crate::store::lock::{Holder, Lock, LockError};
use crate::store::{self, Fingerprint, LoadError, SaveError, recovery};

/// A project open in the window.
pub struct Session {
    /// Shared with work running on other threads (saving, writing the
    /// recovery file) so that they need no copy; an edit while such work
    /// holds it copies it first ([`Arc::make_mut`]).
    project: Arc<Project>,
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
    /// Why changes are refused, when they are.
    read_only: Option<ReadOnlyReason>,
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

/// Why a session refuses changes and saves only under another name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadOnlyReason {
    /// Opened read-only on purpose ([`LockMode::ReadOnly`]): another
    /// window is the project's writer.
    Chosen,
    /// The file's permissions say read-only (`chmod 444`), or this user
    /// may not write it ([`store::is_write_protected`]).
    WriteProtected,
}

impl ReadOnlyReason {
    /// A few words for the window title.
    pub fn short(self) -> &'static str {
        match self {
            ReadOnlyReason::Chosen => "open elsewhere",
            ReadOnlyReason::WriteProtected => "write-protected file",
        }
    }

    /// What the window says on opening: why, and what to do.
    pub fn explain(self, path: &Path) -> String {
        match self {
            ReadOnlyReason::Chosen => {
                "another Marginalia may have it open for editing; edits are refused, Save As keeps a copy"
                    .into()
            }
            ReadOnlyReason::WriteProtected => format!(
                "the file is read-only (no write permission), so edits are refused; make it writable (chmod u+w {}) and open it again, or use Save As",
                path.display()
            ),
        }
    }
}

/// Why a project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0}")]
    Load(#[from] LoadError),
    #[error("{}: {}", path.display(), LockError::Held(holder.clone()))]
    Locked { path: PathBuf, holder: Holder },
    #[error("{0}")]
    Claim(ClaimError),
}

impl Session {
    /// A session on an unsaved project.
    pub fn new(project: Project) -> Self {
        Session {
            project: Arc::new(project),
            path: None,
            history: History::new(),
            current: 0,
            revision: 0,
            fingerprint: None,
            lock: None,
            read_only: None,
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
    /// A write-protected file opens read-only whatever `mode` says, and
    /// takes no lock: this window will not write it.
    pub fn open_with(path: &Path, mode: LockMode) -> Result<Self, OpenError> {
        if std::fs::metadata(path).is_err() {
            // Loading says what is wrong (no such file, a link to nowhere,
            // a loop of links), before a lock is made beside nothing.
            store::load(path)?;
        }
        let read_only = if store::is_write_protected(path) {
            Some(ReadOnlyReason::WriteProtected)
        } else {
            (mode == LockMode::ReadOnly).then_some(ReadOnlyReason::Chosen)
        };
        // A read-only session claims nothing; the others claim the file as
        // every writing command does.
        let takeover = match mode {
            _ if read_only.is_some() => None,
            LockMode::Acquire => Some(Takeover::Refuse),
            LockMode::Steal => Some(Takeover::Steal),
            LockMode::ReadOnly => None,
        };
        let lock = match takeover.map(|t| claim_for_writing(path, t)).transpose() {
            Ok(lock) => lock,
            Err(ClaimError::Held { path, holder }) => {
                return Err(OpenError::Locked { path, holder });
            }
            Err(e) => return Err(OpenError::Claim(e)),
        };
        // One read gives the project and the fingerprint of those bytes.
        let (project, fingerprint) = store::load_fingerprinted(path)?;
        let mut session = Session::new(project);
        session.path = Some(path.to_owned());
        session.fingerprint = Some(fingerprint);
        session.lock = lock;
        session.read_only = read_only;
        Ok(session)
    }

    /// Whether changes are refused (another window is the writer, or the
    /// file is write-protected).
    pub fn is_read_only(&self) -> bool {
        self.read_only.is_some()
    }

    /// Why changes are refused, if they are.
    pub fn read_only_reason(&self) -> Option<ReadOnlyReason> {
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

    /// The recovery file write that is due: there are unsaved changes not
    /// written yet, and `every` has passed since the last write (or since
    /// the first unsaved change). To run on any thread and hand to
    /// [`finish_recovery`](Self::finish_recovery).
    pub fn recovery_job(&self, every: Duration) -> Option<RecoveryJob> {
        let path = self.path.clone()?;
        if !self.is_dirty() || self.is_read_only() {
            return None;
        }
        let due = match self.recovery_written {
            Some((rev, at)) => rev != self.revision && at.elapsed() >= every,
            None => self.unsaved_since.is_some_and(|t| t.elapsed() >= every),
        };
        due.then(|| RecoveryJob {
            project: Arc::clone(&self.project),
            path,
            revision: self.revision,
        })
    }

    /// Records a finished recovery write: the next one is due `every`
    /// after it, and only if the project changed since. A failed write is
    /// tried again at the next interval.
    pub fn finish_recovery(&mut self, done: &RecoveryDone) {
        if self.path.as_deref() == Some(done.project_path.as_path()) {
            self.recovery_written = Some((
                if done.result.is_ok() {
                    done.revision
                } else {
                    u64::MAX
                },
                Instant::now(),
            ));
        }
    }

    /// Writes the recovery file now if there are unsaved changes (for a
    /// panic or a signal).
    pub fn write_recovery_now(&self) -> Option<PathBuf> {
        let path = self.path.as_ref()?;
        if !self.is_dirty() || self.is_read_only() {
            return None;
        }
        recovery::write_recovery(&self.project, path).ok()
    }

    /// The unsaved changes are being thrown away: remove the recovery file.
    pub fn discard_recovery(&mut self) {
        if let Some(p) = &self.path
            && !self.is_read_only()
        {
            recovery::remove_recovery(p);
        }
        self.recovery_written = None;
        self.unsaved_since = None;
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The project as it is now, to read on another thread without a copy.
    pub fn snapshot(&self) -> Arc<Project> {
        Arc::clone(&self.project)
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
        if self.is_read_only() {
            return Err(EditError::ReadOnly);
        }
        let result = self.history.apply(Arc::make_mut(&mut self.project), edit);
        self.changed(result.is_ok());
        result
    }

    /// Undoes the last step, returning its description.
    pub fn undo(&mut self) -> Option<String> {
        if self.is_read_only() || !self.history.can_undo() {
            return None;
        }
        let r = self.history.undo(Arc::make_mut(&mut self.project));
        self.changed(r.is_some());
        r
    }

    /// Redoes the last undone step, returning its description.
    pub fn redo(&mut self) -> Option<String> {
        if self.is_read_only() || !self.history.can_redo() {
            return None;
        }
        let r = self.history.redo(Arc::make_mut(&mut self.project));
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

    /// A save to the current path, or to `path` (which becomes current),
    /// to run on any thread and hand to [`finish_save`](Self::finish_save).
    /// With `check` it refuses to overwrite the project file if it changed
    /// on disk since it was loaded or saved ([`SaveError::ChangedOnDisk`]).
    /// Refuses at once what needs no disk access: no file yet, or the file
    /// of a read-only session ([`SaveError::ReadOnly`], or
    /// [`SaveError::WriteProtected`] when the file is why).
    pub fn save_job(&self, path: Option<&Path>, check: bool) -> Result<SaveJob, SaveError> {
        let target = match path.or(self.path.as_deref()) {
            Some(p) => p.to_owned(),
            None => {
                return Err(SaveError::Serialize(
                    "the project has no file yet; use Save As".into(),
                ));
            }
        };
        let same_file = self.path.as_deref() == Some(target.as_path());
        match self.read_only {
            Some(ReadOnlyReason::WriteProtected) if same_file => {
                return Err(SaveError::WriteProtected(target));
            }
            Some(ReadOnlyReason::Chosen) if same_file => return Err(SaveError::ReadOnly(target)),
            _ => {}
        }
        Ok(SaveJob {
            project: Arc::clone(&self.project),
            target,
            same_file,
            unchanged_since: if same_file && check {
                self.fingerprint.clone()
            } else {
                None
            },
            previous: self.path.clone().filter(|_| !self.is_read_only()),
            revision: self.revision,
        })
    }

    /// Takes in a finished save: the saved file becomes this session's
    /// file, and the project counts as saved unless it changed meanwhile.
    pub fn finish_save(&mut self, done: SaveDone) -> PathBuf {
        if let Some(l) = done.lock {
            self.lock = Some(l);
            self.read_only = None;
        }
        self.fingerprint = Some(done.fingerprint);
        self.path = Some(done.target.clone());
        if done.revision == self.revision {
            self.history.mark_saved();
            self.recovery_written = None;
            self.unsaved_since = None;
        }
        done.target
    }

    /// Window title: project name, file name, an unsaved marker, and
    /// whether (and why) the project is read-only.
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
            self.read_only
                .map(|why| format!(" (read-only) — {}", why.short()))
                .unwrap_or_default()
        )
    }

    fn clamp_current(&mut self) {
        let n = self.project.documents().len();
        if self.current >= n {
            self.current = n.saturating_sub(1);
        }
    }
}

/// A save taken from a session, to run on any thread.
pub struct SaveJob {
    project: Arc<Project>,
    target: PathBuf,
    same_file: bool,
    /// Refuse if the file no longer matches this.
    unchanged_since: Option<Fingerprint>,
    /// The session's file (unless read-only), whose recovery file goes.
    previous: Option<PathBuf>,
    revision: u64,
}

/// A save that went through, for [`Session::finish_save`].
pub struct SaveDone {
    target: PathBuf,
    fingerprint: Fingerprint,
    /// The lock of a file saved under a new name.
    lock: Option<Lock>,
    revision: u64,
}

impl SaveJob {
    /// The file being written.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes the file atomically (keeping a backup) and removes the
    /// recovery files it makes stale.
    pub fn run(self) -> Result<SaveDone, SaveError> {
        let target = self.target;
        if let Some(f) = &self.unchanged_since
            && f.changed(&target)
        {
            return Err(SaveError::ChangedOnDisk(target));
        }
        // Saving under another name makes this window that file's writer.
        let lock = if self.same_file {
            None
        } else {
            match claim_for_writing(&target, Takeover::Refuse) {
                Ok(l) => Some(l),
                Err(ClaimError::WriteProtected(e)) => return Err(e),
                Err(e) => {
                    let why = match e {
                        ClaimError::Held { holder, .. } => LockError::Held(holder).to_string(),
                        e => e.to_string(),
                    };
                    return Err(SaveError::Io {
                        path: target,
                        source: std::io::Error::other(why),
                    });
                }
            }
        };
        let fingerprint = store::save_fingerprinted(&self.project, &target)?;
        if let Some(old) = &self.previous {
            recovery::remove_recovery(old);
        }
        recovery::remove_recovery(&target);
        Ok(SaveDone {
            target,
            fingerprint,
            lock,
            revision: self.revision,
        })
    }
}

/// A recovery file write taken from a session, to run on any thread.
pub struct RecoveryJob {
    project: Arc<Project>,
    path: PathBuf,
    revision: u64,
}

/// How a recovery write went, for [`Session::finish_recovery`].
pub struct RecoveryDone {
    project_path: PathBuf,
    revision: u64,
    /// The recovery file written.
    pub result: Result<PathBuf, SaveError>,
}

impl RecoveryJob {
    /// Writes the recovery file.
    pub fn run(self) -> RecoveryDone {
        let result = recovery::write_recovery(&self.project, &self.path);
        RecoveryDone {
            project_path: self.path,
            revision: self.revision,
            result,
        }
    }
}
