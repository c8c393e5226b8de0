//! File → Export Report…: the same self-contained HTML report as
//! `marginalia report`, written from the window. The report is built and
//! written on the worker when the project is large (a progress window
//! shows meanwhile), so the window keeps painting.

use crate::ui::app::command::{Command, StartJob};
use std::path::{Path, PathBuf};

use crate::analysis::report;
use crate::ui::app::MarginaliaApp;
use crate::ui::io::dialogs::DialogKind;
use crate::ui::jobs::job::{Job, Running};
use crate::ui::jobs::tasks::project_bytes;

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
struct WriteReport {
    out: PathBuf,
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

impl MarginaliaApp {
    /// Asks where to write the report (next to the project, named after it).
    pub(in crate::ui) fn ask_report_path(&mut self, ctx: &egui::Context) {
        let stem = crate::model::slug(self.session.project().name());
        let name = if stem.is_empty() {
            "report.html".to_owned()
        } else {
            format!("{stem}-report.html")
        };
        let suggested = match self.session.path().and_then(Path::parent) {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        };
        self.ask_with(ctx, DialogKind::ExportReport, Some(suggested));
    }

    /// Builds the report and writes it to `out` (`.html` added when the
    /// name has no extension), on the worker when the project is large.
    pub(in crate::ui) fn start_report(&mut self, out: PathBuf) {
        let out = crate::ui::io::overwrite::with_default_extension(out, "html");
        // The worker reads a shared snapshot: no copy of a large project.
        let project = self.session.snapshot();
        let size = project_bytes(&project);
        let path = out.clone();
        let compute = move || {
            let html = report::html(&project);
            // A report the user chose to replace is kept as NAME.bak.
            crate::store::write_atomic(&path, html.as_bytes(), true)
                .map(|()| ReportDone {
                    bytes: html.len(),
                    documents: project.documents().len(),
                    spans: project.span_count(),
                })
                .map_err(|e| e.to_string())
        };
        let job = StartJob::new(WriteReport { out }, size, compute);
        self.commands.push(Command::StartJob(job));
    }

    /// Says how the report ended, in the status bar.
    pub(in crate::ui) fn reported(&mut self, out: &Path, result: ReportResult) {
        match result {
            Ok(done) => self.info(format!(
                "Wrote the report ({}, {}, {}) to {}",
                crate::model::plural(done.documents, "document", "documents"),
                crate::model::plural(done.spans, "span", "spans"),
                crate::formats::import::human_size(done.bytes as u64),
                out.display()
            )),
            Err(e) => self.error(format!("Could not write the report {}: {e}", out.display())),
        }
    }
}
