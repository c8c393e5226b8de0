//! Undo and redo: the inverses of applied edits, and whether the project
//! differs from its last saved state.

use super::super::project::Project;
use super::{Edit, EditError};

/// One step of the history: the edit that reverses (or re-does) it.
#[derive(Clone, Debug)]
struct Step {
    serial: u64,
    /// What the user did ("add span"), for "Undo add span" and "Redo add
    /// span": the edit kept here is its inverse on the undo stack.
    what: String,
    edit: Edit,
}

/// Undo/redo stacks and dirty tracking for one project.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_serial: u64,
    /// Serial of the top undo step when last saved (0: the initial state).
    saved: Option<u64>,
}

impl History {
    /// A history whose current state counts as saved.
    pub fn new() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            next_serial: 1,
            saved: Some(0),
        }
    }

    /// Applies an edit as a new undoable step; clears the redo stack.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), EditError> {
        let what = edit.describe_in(project);
        let inverse = edit.apply(project)?;
        self.redo.clear();
        let serial = self.next_serial.max(1);
        self.next_serial = serial + 1;
        self.undo.push(Step {
            serial,
            what,
            edit: inverse,
        });
        Ok(())
    }

    /// Undoes the last step; returns what it undid, or `None` if nothing.
    pub fn undo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.undo.pop()?;
        let forward = step
            .edit
            .restore(project)
            .expect("an inverse recorded in the history applies");
        self.redo.push(Step {
            serial: step.serial,
            what: step.what.clone(),
            edit: forward,
        });
        Some(step.what)
    }

    /// Redoes the last undone step; returns what it redid, or `None`.
    pub fn redo(&mut self, project: &mut Project) -> Option<String> {
        let step = self.redo.pop()?;
        let inverse = step
            .edit
            .restore(project)
            .expect("a forward edit recorded in the history applies");
        self.undo.push(Step {
            serial: step.serial,
            what: step.what.clone(),
            edit: inverse,
        });
        Some(step.what)
    }

    /// What undo would undo, as the user did it ("add span").
    pub fn undo_description(&self) -> Option<String> {
        self.undo.last().map(|s| s.what.clone())
    }

    /// What redo would redo ("add span").
    pub fn redo_description(&self) -> Option<String> {
        self.redo.last().map(|s| s.what.clone())
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Whether the project differs from its last saved state.
    pub fn is_dirty(&self) -> bool {
        let current = self.undo.last().map_or(0, |s| s.serial);
        self.saved != Some(current)
    }

    /// Records that the current state has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.undo.last().map_or(0, |s| s.serial));
    }
}
