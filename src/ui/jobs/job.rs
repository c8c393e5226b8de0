//! What a background job is. Each kind of job is a small type of its own,
//! next to the feature that starts it (opening and saving in
//! [`super::open`] and [`super::save`], importing in `io/import.rs`,
//! exporting in `io/exchange.rs`, the report in `views/findings/report.rs`,
//! the rules in `spans/suggestions.rs`): it says how the window shows it
//! while it runs ([`Running`]) and what the window does with its result
//! ([`Job::finish`]). What it computes is the closure it is started with
//! ([`MarginaliaApp::run_job`]), which owns what it reads and runs on the
//! worker thread, so a new kind of job touches no list of jobs.

use std::path::Path;
use std::sync::Arc;

use crate::formats::Progress;
use crate::ui::app::MarginaliaApp;

/// How the window shows a job while it runs, and what Cancel and closing
/// the window do to it. Asked on the window's thread.
pub(in crate::ui) trait Running: 'static {
    /// What it does and to which file, for the progress window and the
    /// messages ("Opening", the project's path).
    fn describe(&self) -> (String, Option<&Path>);

    /// Whether the window waits for it behind a progress window (editing
    /// is off meanwhile). A job that does not block runs unseen.
    fn blocks(&self) -> bool {
        true
    }

    /// What Cancel does to it.
    fn cancel(&self) -> Cancel {
        Cancel::Cannot
    }

    /// Counted progress for the progress bar (else a spinner and the time
    /// taken); its `cancel` flag is raised when the job is cancelled.
    fn progress(&self) -> Option<Counting> {
        None
    }

    /// A line under the progress, when there is more to say.
    fn note(&self) -> Option<&'static str> {
        None
    }

    /// The window is being closed while the job runs: what then.
    fn close(&mut self) -> OnClose {
        OnClose::Cancel
    }

    /// The window's title while it runs, if it has one of its own.
    fn title(&self) -> Option<String> {
        None
    }
}

/// A job: how it shows while it runs, the type of what it computes, and
/// what the window does with that on its own thread.
pub(in crate::ui) trait Job: Running + Sized {
    /// What the worker computes and sends back.
    type Output: Send + 'static;

    /// Takes the result in: applies it to the project, says how it went,
    /// asks what to do next.
    fn finish(self, app: &mut MarginaliaApp, output: Self::Output);
}

/// What Cancel does to a job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::ui) enum Cancel {
    /// It runs to its end (a save, a recovery write, a report).
    Cannot,
    /// The window stops waiting and drops what it computes (its progress,
    /// if it has one, is told to stop too).
    Drop,
    /// It is told to stop (through its progress) and ends by itself before
    /// it writes anything; the window waits for that end.
    AskToStop,
}

/// What closing the window does to the running job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::ui) enum OnClose {
    /// Cancel it (if it can be) and close.
    Cancel,
    /// Wait for it now, then close (a recovery write: short, and unseen).
    FinishNow,
    /// The window closes once the job has ended; the job has taken note
    /// (a save finishes first, an export stops first).
    CloseAfter,
}

/// Counted progress: `what` and the `unit` of its count ("Rules: 3 of 5
/// passes").
pub(in crate::ui) struct Counting {
    pub what: String,
    pub unit: &'static str,
    pub progress: Arc<Progress>,
}

/// A job that has ended, ready to be taken in by the window. Applying it
/// is the job's [`Job::finish`] with what it computed (or, when its worker
/// died without a word, a message saying so).
#[must_use = "a finished job does nothing until it is applied to the app"]
pub(in crate::ui) struct Finished(Box<dyn FnOnce(&mut MarginaliaApp)>);

impl Finished {
    /// `job` ended with `output`.
    pub(in crate::ui) fn new<J: Job>(job: J, output: J::Output) -> Self {
        Finished(Box::new(move |app| job.finish(app, output)))
    }

    /// The worker of `job` stopped without sending anything (it panicked).
    pub(in crate::ui) fn died(job: &dyn Running) -> Self {
        let (what, _) = job.describe();
        let message = format!("{what} stopped unexpectedly (a bug); nothing was changed.");
        Finished(Box::new(move |app| app.error(message)))
    }

    /// Takes the ended job in.
    pub(in crate::ui) fn apply(self, app: &mut MarginaliaApp) {
        (self.0)(app)
    }
}
