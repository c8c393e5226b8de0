//! Opening a project as a job: reading it (restoring its recovery file
//! first when asked), claiming it for writing, and what the window does
//! with it — show it, ask what to do when another window has it, offer a
//! newer recovery file.

use std::path::{Path, PathBuf};

use super::job::{Cancel, Running};
use crate::session::Session;
use crate::session::open::{LockMode, OpenError};
use crate::store::recovery::{self, Recovery, RecoveryError};

/// Opening the project at `path`.
pub(in crate::ui) struct OpenProject {
    pub path: PathBuf,
    pub mode: LockMode,
    /// Show this document once open (a reload keeps the place).
    pub current: Option<usize>,
    /// Replace the project with its recovery file first.
    pub restore: bool,
    pub reload: bool,
}

/// A project opened on the worker, with its recovery file if one is
/// worth offering.
pub(in crate::ui) struct Opened {
    pub(in crate::ui) session: Session,
    pub(in crate::ui) recovery: Result<Option<Recovery>, RecoveryError>,
}

/// Why a project did not open.
pub(in crate::ui) enum OpenFailed {
    /// Another window has it: the window asks what to do.
    Locked { path: PathBuf, holder: String },
    /// Anything else, in plain words.
    Other(String),
}

impl OpenProject {
    /// Reads the project (what runs on the worker).
    pub(in crate::ui) fn compute(
        path: &Path,
        mode: LockMode,
        restore: bool,
    ) -> Result<Opened, OpenFailed> {
        if restore && let Err(e) = recovery::restore(path) {
            return Err(OpenFailed::Other(e.to_string()));
        }
        match Session::open_with(path, mode) {
            Ok(session) => {
                let recovery = if session.is_read_only() {
                    Ok(None)
                } else {
                    session.recovery()
                };
                Ok(Opened { session, recovery })
            }
            Err(OpenError::Locked { path, holder }) => Err(OpenFailed::Locked {
                path,
                holder: holder.to_string(),
            }),
            Err(e) => Err(OpenFailed::Other(e.to_string())),
        }
    }
}

impl Running for OpenProject {
    fn describe(&self) -> (String, Option<&Path>) {
        let what = if self.restore {
            "Restoring unsaved work"
        } else {
            "Opening"
        };
        (what.into(), Some(&self.path))
    }

    fn cancel(&self) -> Cancel {
        Cancel::Drop
    }

    fn title(&self) -> Option<String> {
        Some(format!(
            "Opening {} — Marginalia",
            self.path.file_name().unwrap_or_default().to_string_lossy()
        ))
    }
}
