//! Opening a project as a job: reading it (restoring its recovery file
//! first when asked), claiming it for writing, and what the window does
//! with it — show it, ask what to do when another window has it, offer a
//! newer recovery file.

use std::path::{Path, PathBuf};

use super::job::{Cancel, Job, Running};
use super::tasks::file_bytes;
use crate::session::Session;
use crate::session::open::{LockMode, OpenError};
use crate::store::{
    self,
    recovery::{self, Recovery, RecoveryError},
};
use crate::ui::app::MarginaliaApp;
use crate::ui::app::modals::Modal;

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
    session: Session,
    recovery: Result<Option<Recovery>, RecoveryError>,
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
    fn compute(path: &Path, mode: LockMode, restore: bool) -> Result<Opened, OpenFailed> {
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

impl Job for OpenProject {
    type Output = Result<Opened, OpenFailed>;

    fn finish(self, app: &mut MarginaliaApp, result: Self::Output) {
        let path = self.path.as_path();
        let Opened { session, recovery } = match result {
            Ok(o) => o,
            Err(OpenFailed::Locked { path, holder }) => {
                app.modals.open(Modal::Locked { path, holder });
                return;
            }
            Err(OpenFailed::Other(e)) => return app.error(e),
        };
        app.session = session;
        app.after_project_change();
        if let Some(i) = self.current {
            app.session.set_current(i);
        }
        app.prefs.remember(path.to_owned());
        let read_only = app
            .session
            .read_only_reason()
            .map(|why| format!(" read-only: {}", why.explain(path)))
            .unwrap_or_default();
        app.info(if self.restore {
            format!(
                "Restored the recovery file; the previous project is kept as {}",
                store::backup_path(path).display()
            )
        } else if self.reload {
            format!("Reloaded {} from disk", path.display())
        } else {
            format!("Opened {}{read_only}", path.display())
        });
        match recovery {
            Ok(Some(r)) => {
                app.modals.open(Modal::Recover {
                    path: r.path.clone(),
                    differences: r.describe(),
                });
            }
            Ok(None) => {}
            Err(e) => app.error(format!(
                "{}: {e}. It was left as it is; open it as a project to look at it.",
                recovery::recovery_path(path).display()
            )),
        }
    }
}

impl MarginaliaApp {
    /// Opens a project (on a worker when large), asking what to do when
    /// another window has it and offering a newer recovery file.
    pub(in crate::ui) fn start_open(&mut self, path: &Path, mode: LockMode) {
        self.start_open_job(OpenProject {
            path: path.to_owned(),
            mode,
            current: None,
            restore: false,
            reload: false,
        });
    }

    pub(in crate::ui) fn start_open_job(&mut self, job: OpenProject) {
        // A recovery write of the project being replaced must not land
        // after the new one is read.
        self.settle_recovery();
        let (path, mode, restore) = (job.path.clone(), job.mode, job.restore);
        let size = file_bytes(&path) + file_bytes(&recovery::recovery_path(&path));
        self.run_job(job, size, move || {
            OpenProject::compute(&path, mode, restore)
        });
    }
}
