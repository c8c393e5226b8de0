//! File → Export Report…: the same self-contained HTML report as
//! `marginalia report`, written from the window. The report is built and
//! written on the worker when the project is large (a progress window
//! shows meanwhile), so the window keeps painting.

use std::path::{Path, PathBuf};

use crate::ui::app::MarginaliaApp;
use crate::ui::jobs::job::{Job, Running};

/// How a report was written: its size, or why it was not.
pub(in crate::ui) type ReportResult = Result<ReportDone, String>;

/// A report written to disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::ui) struct ReportDone {
    pub bytes: usize,
    pub documents: usize,
    pub spans: usize,
}

/// Building the report and writing it to `out`.
pub(in crate::ui) struct WriteReport {
    pub(in crate::ui) out: PathBuf,
}

impl Running for WriteReport {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Writing the report".into(), Some(&self.out))
    }
}

impl Job for WriteReport {
    type Output = ReportResult;

    fn finish(self, app: &mut MarginaliaApp, result: ReportResult) {
        app.reported(&self.out, result);
    }
}
