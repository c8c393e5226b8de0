//! Work that grows with the project — opening, saving, writing the
//! recovery file, importing, exporting — runs on a worker thread once the
//! project is large, so the window keeps painting and can be closed.
//!
//! Each piece of work is a job that owns what it needs (a path, a shared
//! snapshot of the project) and returns an [`Outcome`]; the window takes
//! the outcome in on its own thread ([`MarginaliaApp::finish_work`]). Small
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

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::formats::import::ImportSummary;
use crate::formats::{self, ExportError, ExportReport, Format, Progress};
use crate::model::{Edit, Project};
use crate::session::open::{
    LockMode, OpenError, RecoveryDone, RecoveryJob, SaveDone, SaveJob, Session,
};
use crate::store::recovery::{self, Recovery, RecoveryError};
use crate::store::{self, SaveError};
use crate::ui::app::MarginaliaApp;
use crate::ui::app::modals::{Modal, Then};

/// Projects and files at least this large (bytes) are opened, saved,
/// written to the recovery file and imported on a worker thread.
pub const BACKGROUND_ABOVE: u64 = 1_000_000;

/// What a job is doing, and what to do when it ends.
#[derive(Clone, Debug)]
pub(in crate::ui) enum Work {
    Open {
        path: PathBuf,
        mode: LockMode,
        /// Show this document once open (a reload keeps the place).
        current: Option<usize>,
        /// Replace the project with its recovery file first.
        restore: bool,
        reload: bool,
    },
    Save {
        target: PathBuf,
        /// What to do once saved (the unsaved-changes prompt's errand).
        then: Option<Then>,
    },
    Recovery,
    Import {
        path: PathBuf,
    },
    Export {
        format: Format,
        out: PathBuf,
        progress: Arc<Progress>,
        /// The window was closed meanwhile: close it once the export ends.
        then_quit: bool,
    },
    /// File → Export Report…: building and writing the report.
    Report {
        out: PathBuf,
    },
    /// The themes' rules over the open document or every document
    /// (`suggestions.rs`); `quiet`: run as a document opened.
    Suggest {
        all: bool,
        quiet: bool,
        progress: Arc<Progress>,
    },
}

/// What a job returns.
pub(in crate::ui) enum Outcome {
    Opened(Result<Opened, OpenFailed>),
    Saved(Result<SaveDone, SaveError>),
    Recovered(RecoveryDone),
    Imported(Result<(Edit, ImportSummary), String>),
    Exported(Result<ExportReport, ExportError>),
    Reported(crate::ui::views::findings::report::ReportResult),
    Suggested(Result<crate::analysis::matching::Suggested, crate::analysis::matching::MatchError>),
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

impl Work {
    /// Whether the window waits for this work (a progress window).
    pub(in crate::ui) fn blocks(&self) -> bool {
        !matches!(self, Work::Recovery)
    }

    pub(in crate::ui) fn cancellable(&self) -> bool {
        matches!(
            self,
            Work::Open { .. } | Work::Import { .. } | Work::Export { .. } | Work::Suggest { .. }
        )
    }

    pub(in crate::ui) fn describe(&self) -> (String, Option<&Path>) {
        match self {
            Work::Open { path, restore, .. } => (
                if *restore {
                    "Restoring unsaved work".into()
                } else {
                    "Opening".into()
                },
                Some(path),
            ),
            Work::Save { target, .. } => ("Saving".into(), Some(target)),
            Work::Recovery => ("Writing the recovery file".into(), None),
            Work::Import { path } => ("Importing".into(), Some(path)),
            Work::Export { out, .. } => ("Exporting".into(), Some(out)),
            Work::Report { out } => ("Writing the report".into(), Some(out)),
            Work::Suggest { .. } => ("Running the rules".into(), None),
        }
    }
}

/// Roughly how many bytes the project takes as a file.
pub(in crate::ui) fn project_bytes(project: &Project) -> u64 {
    project
        .documents()
        .iter()
        .map(|d| d.text().as_str().len() as u64 + 80 * d.spans().len() as u64)
        .sum()
}

fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

impl MarginaliaApp {
    /// Whether anything runs on a worker thread (an open, save, recovery
    /// write, import, export, or a search of a large document).
    pub fn busy(&self) -> bool {
        self.worker.running() || self.find.searching() || self.agreement.computing()
    }

    /// Makes every worker wait at `gate` before it starts (tests of what
    /// the window does meanwhile).
    #[cfg(feature = "test-hooks")]
    pub fn hold_workers(&mut self, gate: Option<std::sync::Arc<std::sync::Barrier>>) {
        self.worker.hold(gate);
    }

    /// Whether a progress window waits for work to end (editing is off).
    pub(in crate::ui) fn blocked(&self) -> bool {
        self.worker.blocked()
    }

    /// Runs `job` now if `size` is small, else on a worker thread, and
    /// takes its outcome in with [`finish_work`](Self::finish_work).
    pub(in crate::ui) fn run_work(
        &mut self,
        work: Work,
        size: u64,
        job: impl FnOnce() -> Outcome + Send + 'static,
    ) -> bool {
        if let Some(running) = self.worker.work().filter(|w| w.blocks()) {
            let (what, _) = running.describe();
            self.info(format!("{what} is still running; try again when it ends"));
            return false;
        }
        self.settle_recovery();
        if size < BACKGROUND_ABOVE {
            let outcome = job();
            self.finish_work(work, outcome);
            return true;
        }
        if let Err(e) = self.worker.spawn(work, size, job) {
            self.error(format!("Could not start the work: {e}"));
            return false;
        }
        true
    }

    /// Takes in the outcome of the running job if it has ended.
    pub(in crate::ui) fn poll_task(&mut self) {
        if let Some(ended) = self.worker.poll() {
            self.take_in(ended);
        }
    }

    /// Ends a job with what its worker sent (`None`: the worker died
    /// without a word, a bug).
    fn take_in(&mut self, (work, outcome): (Work, Option<Outcome>)) {
        match outcome {
            Some(outcome) => self.finish_work(work, outcome),
            None => {
                let (what, _) = work.describe();
                self.error(format!(
                    "{what} stopped unexpectedly (a bug); nothing was changed."
                ));
            }
        }
    }

    /// Waits for the running job and takes its outcome in.
    pub(in crate::ui) fn wait_task(&mut self) {
        if let Some(ended) = self.worker.wait() {
            self.take_in(ended);
        }
    }

    /// Waits for a recovery write still running, so that what comes next
    /// (a save, a discard, another project) cannot be overtaken by it.
    /// Work the user waits for is left alone.
    pub(in crate::ui) fn settle_recovery(&mut self) {
        if self.worker.work().is_some_and(|w| !w.blocks()) {
            self.wait_task();
        }
    }

    /// Stops waiting for an open or import (what it read is dropped), or
    /// asks an export to stop before it writes anything. A save always
    /// runs to its end.
    pub(in crate::ui) fn cancel_task(&mut self) {
        if let Some(Work::Export { progress, .. }) = self.worker.work() {
            progress.cancel.store(true, Ordering::Relaxed);
            return;
        }
        // The rules stop at their next pass; nothing waits for them.
        if let Some(Work::Suggest { progress, .. }) = self.worker.work() {
            progress.cancel.store(true, Ordering::Relaxed);
        }
        if let Some(work) = self.worker.abandon() {
            let (what, path) = work.describe();
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
        match self.worker.work_mut() {
            Some(Work::Save { then, .. }) => {
                *then = Some(Then::Quit);
                true
            }
            Some(Work::Export {
                progress,
                then_quit,
                ..
            }) => {
                progress.cancel.store(true, Ordering::Relaxed);
                *then_quit = true;
                true
            }
            Some(Work::Recovery) => {
                self.wait_task();
                false
            }
            Some(_) => {
                self.cancel_task();
                false
            }
            None => false,
        }
    }

    // ----- the jobs -----

    /// Opens a project (on a worker when large), asking what to do when
    /// another window has it and offering a newer recovery file.
    pub(in crate::ui) fn start_open(&mut self, path: &Path, mode: LockMode) {
        self.start_open_work(Work::Open {
            path: path.to_owned(),
            mode,
            current: None,
            restore: false,
            reload: false,
        });
    }

    pub(in crate::ui) fn start_open_work(&mut self, work: Work) {
        let Work::Open {
            path,
            mode,
            restore,
            ..
        } = work.clone()
        else {
            return;
        };
        // A recovery write of the project being replaced must not land
        // after the new one is read.
        self.settle_recovery();
        let size = file_bytes(&path) + file_bytes(&recovery::recovery_path(&path));
        let job = move || {
            if restore && let Err(e) = recovery::restore(&path) {
                return Outcome::Opened(Err(OpenFailed::Other(e.to_string())));
            }
            Outcome::Opened(match Session::open_with(&path, mode) {
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
            })
        };
        self.run_work(work, size, job);
    }

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
        let job = match self.session.save_job(path, check) {
            Ok(job) => job,
            Err(e) => return self.saved(Err(e), None),
        };
        let size = project_bytes(self.session.project());
        let work = Work::Save {
            target: job.target().to_owned(),
            then,
        };
        self.run_work(work, size, move || Outcome::Saved(SaveJob::run(job)));
    }

    /// Writes the recovery file when it is due, on a worker when large.
    pub(in crate::ui) fn start_recovery(&mut self, every: Duration) {
        if self.worker.running() {
            return;
        }
        if let Some(job) = self.session.recovery_job(every) {
            let size = project_bytes(self.session.project());
            self.run_work(Work::Recovery, size, move || {
                Outcome::Recovered(RecoveryJob::run(job))
            });
        }
    }

    /// Imports a file in `format`, or in the format guessed from the file
    /// (on a worker when large), as one undoable step.
    pub(in crate::ui) fn import(&mut self, path: &Path, format: Option<Format>) {
        let snapshot = self.session.snapshot();
        let annotator = self.prefs.annotator.clone();
        let file = path.to_owned();
        let job = move || {
            let imported = match formats::read(&file, format) {
                Ok(i) => i,
                Err(e) => return Outcome::Imported(Err(e.to_string())),
            };
            Outcome::Imported(
                formats::import::plan(&snapshot, &[(file, imported)], &annotator)
                    .map_err(|e| e.to_string()),
            )
        };
        self.run_work(
            Work::Import {
                path: path.to_owned(),
            },
            file_bytes(path),
            job,
        );
    }

    // ----- taking outcomes in -----

    pub(in crate::ui) fn finish_work(&mut self, work: Work, outcome: Outcome) {
        match (work, outcome) {
            (
                Work::Open {
                    path,
                    current,
                    restore,
                    reload,
                    ..
                },
                Outcome::Opened(result),
            ) => self.opened(&path, result, current, restore, reload),
            (Work::Save { then, .. }, Outcome::Saved(result)) => {
                let result = result.map(|done| self.session.finish_save(done));
                self.saved(result, then);
            }
            (Work::Recovery, Outcome::Recovered(done)) => {
                self.session.finish_recovery(&done);
                if let Err(e) = &done.result {
                    self.status
                        .error(format!("Could not write the recovery file: {e}"));
                }
            }
            (Work::Import { path }, Outcome::Imported(result)) => self.imported(&path, result),
            (
                Work::Export {
                    format,
                    out,
                    then_quit,
                    ..
                },
                Outcome::Exported(result),
            ) => {
                self.exported(format, out, result);
                if then_quit {
                    self.modals.close();
                    let ctx = self.ctx.clone();
                    self.quit(&ctx);
                }
            }
            (Work::Report { out }, Outcome::Reported(result)) => self.reported(&out, result),
            (Work::Suggest { all, quiet, .. }, Outcome::Suggested(result)) => {
                self.suggested(all, quiet, result);
            }
            (work, _) => self.error(format!("{work:?} ended with another outcome (a bug)")),
        }
    }

    fn opened(
        &mut self,
        path: &Path,
        result: Result<Opened, OpenFailed>,
        current: Option<usize>,
        restored: bool,
        reload: bool,
    ) {
        let Opened { session, recovery } = match result {
            Ok(o) => o,
            Err(OpenFailed::Locked { path, holder }) => {
                self.modals.open(Modal::Locked { path, holder });
                return;
            }
            Err(OpenFailed::Other(e)) => return self.error(e),
        };
        self.session = session;
        self.after_project_change();
        if let Some(i) = current {
            self.session.set_current(i);
        }
        self.prefs.remember(path.to_owned());
        let read_only = self
            .session
            .read_only_reason()
            .map(|why| format!(" read-only: {}", why.explain(path)))
            .unwrap_or_default();
        self.info(if restored {
            format!(
                "Restored the recovery file; the previous project is kept as {}",
                store::backup_path(path).display()
            )
        } else if reload {
            format!("Reloaded {} from disk", path.display())
        } else {
            format!("Opened {}{read_only}", path.display())
        });
        match recovery {
            Ok(Some(r)) => {
                self.modals.open(Modal::Recover {
                    path: r.path.clone(),
                    differences: r.describe(),
                });
            }
            Ok(None) => {}
            Err(e) => self.error(format!(
                "{}: {e}. It was left as it is; open it as a project to look at it.",
                recovery::recovery_path(path).display()
            )),
        }
    }

    fn imported(&mut self, path: &Path, result: Result<(Edit, ImportSummary), String>) {
        let (edit, summary) = match result {
            Ok(x) => x,
            Err(e) => return self.error(e),
        };
        let first = summary
            .documents_added
            .first()
            .or(summary.documents_merged.first())
            .cloned();
        if let Err(e) = self.session.apply(edit) {
            return self.error(e.to_string());
        }
        if let Some(index) = first.and_then(|id| {
            self.session
                .project()
                .documents()
                .iter()
                .position(|d| d.id == id)
        }) {
            self.session.set_current(index);
        }
        self.after_document_change();
        // What could not be imported, one line each: in a window of its
        // own when the status bar cannot show it all. The file or folder
        // is named already: what is under it is named relative to it.
        let named = path.display().to_string();
        let lines = summary
            .warnings
            .iter()
            .map(|w| {
                w.strip_prefix(named.as_str())
                    .map_or(w.as_str(), |rest| {
                        rest.trim_start_matches(std::path::MAIN_SEPARATOR)
                            .trim_start_matches(": ")
                    })
                    .to_owned()
            })
            .collect();
        self.status.report(crate::ui::app::messages::Report {
            title: "Import report".into(),
            summary: format!("Imported {}: {summary}", path.display()),
            lines,
        });
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
        match self.worker.work()? {
            Work::Open { path, .. } => Some(format!(
                "Opening {} — Marginalia",
                path.file_name().unwrap_or_default().to_string_lossy()
            )),
            _ => None,
        }
    }

    /// A word in the status bar while the recovery file is written.
    pub(in crate::ui) fn task_status(&self) -> Option<String> {
        let work = self.worker.work()?;
        (!work.blocks()).then(|| work.describe().0 + "…")
    }
}
