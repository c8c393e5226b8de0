//! Writing the project as jobs: a save (what to do once saved rides
//! along) and the recovery file written unseen while the user edits.

use std::path::{Path, PathBuf};

use super::job::{OnClose, Running};
use crate::ui::app::modals::Then;

/// Saving the project to `target`.
pub(in crate::ui) struct SaveProject {
    pub(in crate::ui) target: PathBuf,
    /// What to do once saved (the unsaved-changes prompt's errand).
    pub(in crate::ui) then: Option<Then>,
}

impl Running for SaveProject {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Saving".into(), Some(&self.target))
    }

    fn note(&self) -> Option<&'static str> {
        matches!(self.then, Some(Then::Quit))
            .then_some("Marginalia closes when the save has finished.")
    }

    /// A save always runs to its end; the window closes after it.
    fn close(&mut self) -> OnClose {
        self.then = Some(Then::Quit);
        OnClose::CloseAfter
    }
}

/// Writing the recovery file: unseen, the user goes on editing.
pub(in crate::ui) struct WriteRecovery;

impl Running for WriteRecovery {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Writing the recovery file".into(), None)
    }

    fn blocks(&self) -> bool {
        false
    }

    fn close(&mut self) -> OnClose {
        OnClose::FinishNow
    }
}
