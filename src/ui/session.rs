//! The open project and everything that changes it: path, history, the
//! document being viewed. No egui here, so it can be tested directly.

use std::path::{Path, PathBuf};

use crate::model::{Document, Edit, EditError, History, Project};
use crate::store::{self, LoadError, SaveError};

/// A project open in the window.
pub struct Session {
    project: Project,
    path: Option<PathBuf>,
    history: History,
    current: usize,
    /// Bumped by every change to the project (apply, undo, redo), so views
    /// can cache what they derive from it.
    revision: u64,
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
        }
    }

    /// Opens the project file at `path`.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let project = store::load(path)?;
        let mut session = Session::new(project);
        session.path = Some(path.to_owned());
        Ok(session)
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
        let result = self.history.apply(&mut self.project, edit);
        self.changed(result.is_ok());
        result
    }

    /// Undoes the last step, returning its description.
    pub fn undo(&mut self) -> Option<String> {
        let r = self.history.undo(&mut self.project);
        self.changed(r.is_some());
        r
    }

    /// Redoes the last undone step, returning its description.
    pub fn redo(&mut self) -> Option<String> {
        let r = self.history.redo(&mut self.project);
        self.changed(r.is_some());
        r
    }

    fn changed(&mut self, did: bool) {
        if did {
            self.revision += 1;
        }
        self.clamp_current();
    }

    /// Saves to the current path, or to `path` (which becomes current).
    pub fn save(&mut self, path: Option<&Path>) -> Result<PathBuf, SaveError> {
        let target = match path.or(self.path.as_deref()) {
            Some(p) => p.to_owned(),
            None => {
                return Err(SaveError::Serialize(
                    "the project has no file yet; use Save As".into(),
                ));
            }
        };
        store::save(&self.project, &target)?;
        self.path = Some(target.clone());
        self.history.mark_saved();
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
            "{}{}{} — Marginalia",
            if self.is_dirty() { "● " } else { "" },
            self.project.name(),
            file
        )
    }

    fn clamp_current(&mut self) {
        let n = self.project.documents().len();
        if self.current >= n {
            self.current = n.saturating_sub(1);
        }
    }
}
