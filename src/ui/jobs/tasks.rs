//! Work that grows with the project — opening, saving, writing the
//! recovery file, importing, exporting — runs on a worker thread once the
//! project is large, so the window keeps painting and can be closed.
//!
//! Each piece of work is a job (see [`super::job`]) started with a closure
//! that owns what it needs (a path, a shared snapshot of the project) and
//! computes the job's output; the window takes the output in on its own
//! thread with the job's [`finish`](super::job::Job::finish). Small
//! projects run the same job at once, within the frame: below
//! [`BACKGROUND_ABOVE`] it takes a few milliseconds, and a progress window
//! that flashes up and vanishes helps nobody.
//!
//! One job runs at a time. Opening, saving, importing and exporting show a
//! progress window that blocks editing (the project is about to be
//! replaced, written, extended or read); opening, importing and exporting
//! can be cancelled, and closing the window cancels them too (an export
//! stops before it writes anything, then the window closes). Writing the recovery file runs unseen while the
//! user goes on editing; a save, a discard or a quit first waits for it, so
//! a late recovery write can never outlive the save that made it stale.

use std::path::Path;
use std::sync::atomic::Ordering;

use super::job::{Cancel, Job, OnClose};
use crate::model::Project;
use crate::ui::app::MarginaliaApp;

/// Projects and files at least this large (bytes) are opened, saved,
/// written to the recovery file and imported on a worker thread.
pub const BACKGROUND_ABOVE: u64 = 1_000_000;

/// Roughly how many bytes the project takes as a file.
pub(in crate::ui) fn project_bytes(project: &Project) -> u64 {
    project
        .documents()
        .iter()
        .map(|d| d.text().as_str().len() as u64 + 80 * d.spans().len() as u64)
        .sum()
}

/// The size of a file (0 when it cannot be read).
pub(in crate::ui) fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

impl MarginaliaApp {
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

    // ----- the progress window -----

    /// The progress window of a blocking job, with Cancel where it can be
    /// cancelled.
    pub(in crate::ui) fn task_ui(&mut self, ctx: &egui::Context) {
        if self.worker.show(ctx) {
            self.cancel_task();
        }
    }

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
