//! Writing the project as jobs: a save (what to do once saved rides
//! along) and the recovery file written unseen while the user edits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::job::{Job, OnClose, Running};
use super::tasks::project_bytes;
use crate::session::open::{RecoveryDone, RecoveryJob, SaveDone, SaveJob};
use crate::store::SaveError;
use crate::ui::app::MarginaliaApp;
use crate::ui::app::modals::Then;

/// Saving the project to `target`.
pub(in crate::ui) struct SaveProject {
    target: PathBuf,
    /// What to do once saved (the unsaved-changes prompt's errand).
    then: Option<Then>,
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

impl Job for SaveProject {
    type Output = Result<SaveDone, SaveError>;

    fn finish(self, app: &mut MarginaliaApp, result: Self::Output) {
        let result = result.map(|done| app.session.finish_save(done));
        app.saved(result, self.then);
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
