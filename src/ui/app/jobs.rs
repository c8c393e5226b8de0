//! The app's side of background jobs: running one (at once when small,
//! else on the worker), taking a finished one in, cancelling, and what
//! closing the window does meanwhile; opening and saving projects as jobs
//! and what the window does with their results. What a job is, and the
//! worker, are in `ui::jobs`.

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::session::open::{LockMode, RecoveryDone, RecoveryJob, SaveDone, SaveJob};
use crate::store::recovery::{self};
use crate::store::{self, SaveError};
use crate::ui::app::MarginaliaApp;
use crate::ui::app::modals::{Modal, Then};
use crate::ui::jobs::job::{Cancel, Job, OnClose};
use crate::ui::jobs::open::{OpenFailed, OpenProject, Opened};
use crate::ui::jobs::save::{SaveProject, WriteRecovery};
use crate::ui::jobs::tasks::{BACKGROUND_ABOVE, file_bytes, project_bytes};

impl MarginaliaApp {
    /// The running job (the jobs' own tests).
    #[cfg(test)]
    pub(in crate::ui) fn running_job(&self) -> Option<&dyn crate::ui::jobs::job::Running> {
        self.worker.job()
    }

    /// Whether a progress window waits for work to end (editing is off).
    pub(in crate::ui) fn blocked(&self) -> bool {
        self.worker.blocked()
    }

    /// Runs `job` now if `size` is small, else on a worker thread: `compute`
    /// makes its output, and the job's `finish` takes it in (at once, or
    /// when [`poll_task`](Self::poll_task) sees it has ended).
    pub(in crate::ui) fn run_job<J: Job>(
        &mut self,
        job: J,
        size: u64,
        compute: impl FnOnce() -> J::Output + Send + 'static,
    ) -> bool {
        if let Some(running) = self.worker.job().filter(|j| j.blocks()) {
            let (what, _) = running.describe();
            self.info(format!("{what} is still running; try again when it ends"));
            return false;
        }
        self.settle_recovery();
        if size < BACKGROUND_ABOVE {
            let output = compute();
            job.finish(self, output);
            return true;
        }
        if let Err(e) = self.worker.spawn(job, size, compute) {
            self.error(format!("Could not start the work: {e}"));
            return false;
        }
        true
    }

    /// Takes in the running job if it has ended.
    pub(in crate::ui) fn poll_task(&mut self) {
        if let Some(finished) = self.worker.poll() {
            finished.apply(self);
        }
    }

    /// Waits for the running job and takes it in.
    pub(in crate::ui) fn wait_task(&mut self) {
        if let Some(finished) = self.worker.wait() {
            finished.apply(self);
        }
    }

    /// Waits for a recovery write still running, so that what comes next
    /// (a save, a discard, another project) cannot be overtaken by it.
    /// Work the user waits for is left alone.
    pub(in crate::ui) fn settle_recovery(&mut self) {
        if self.worker.job().is_some_and(|j| !j.blocks()) {
            self.wait_task();
        }
    }

    /// Stops waiting for an open or import (what it read is dropped), or
    /// asks an export to stop before it writes anything. A save always
    /// runs to its end.
    pub(in crate::ui) fn cancel_task(&mut self) {
        let Some(job) = self.worker.job() else {
            return;
        };
        let how = job.cancel();
        if how == Cancel::Cannot {
            return;
        }
        // An export stops before it writes; the rules at their next pass.
        if let Some(counting) = job.progress() {
            counting.progress.cancel.store(true, Ordering::Relaxed);
        }
        if how == Cancel::AskToStop {
            return;
        }
        if let Some((what, path)) = self.worker.abandon() {
            self.info(format!(
                "Cancelled: {what} {}",
                path.map(|p| p.display().to_string()).unwrap_or_default()
            ));
        }
    }

    /// Closing the window while work runs: an open or import is cancelled,
    /// a recovery write finished; a save finishes first and then quits; an
    /// export is cancelled and the window closes once it has stopped.
    /// Returns whether the close must wait (a save or an export).
    pub(in crate::ui) fn close_during_work(&mut self) -> bool {
        let Some(job) = self.worker.job_mut() else {
            return false;
        };
        match job.close() {
            OnClose::CloseAfter => true,
            OnClose::FinishNow => {
                self.wait_task();
                false
            }
            OnClose::Cancel => {
                self.cancel_task();
                false
            }
        }
    }

    // ----- while a job runs -----

    /// The window title while a project opens ("Opening NAME").
    pub(in crate::ui) fn opening_title(&self) -> Option<String> {
        self.worker.job()?.title()
    }

    /// A word in the status bar while the recovery file is written.
    pub(in crate::ui) fn task_status(&self) -> Option<String> {
        let job = self.worker.job()?;
        (!job.blocks()).then(|| job.describe().0 + "…")
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

impl Job for SaveProject {
    type Output = Result<SaveDone, SaveError>;

    fn finish(self, app: &mut MarginaliaApp, result: Self::Output) {
        let result = result.map(|done| app.session.finish_save(done));
        app.saved(result, self.then);
    }
}

impl Job for WriteRecovery {
    type Output = RecoveryDone;

    fn finish(self, app: &mut MarginaliaApp, done: RecoveryDone) {
        app.session.finish_recovery(&done);
        if let Err(e) = &done.result {
            app.status
                .error(format!("Could not write the recovery file: {e}"));
        }
    }
}

impl MarginaliaApp {
    /// Saves (on a worker when large); `check`: refuse to overwrite a file
    /// changed on disk. `then` runs once the save succeeds.
    pub(in crate::ui) fn start_save(
        &mut self,
        path: Option<&Path>,
        check: bool,
        then: Option<Then>,
    ) {
        // A recovery write still running would outlive this save.
        self.settle_recovery();
        let write = match self.session.save_job(path, check) {
            Ok(write) => write,
            Err(e) => return self.saved(Err(e), None),
        };
        let size = project_bytes(self.session.project());
        let job = SaveProject {
            target: write.target().to_owned(),
            then,
        };
        self.run_job(job, size, move || SaveJob::run(write));
    }

    /// Writes the recovery file when it is due, on a worker when large.
    pub(in crate::ui) fn start_recovery(&mut self, every: Duration) {
        if self.worker.running() {
            return;
        }
        if let Some(write) = self.session.recovery_job(every) {
            let size = project_bytes(self.session.project());
            self.run_job(WriteRecovery, size, move || RecoveryJob::run(write));
        }
    }
}
