//! Importing as a job: a file (or many, see `import_many.rs`) read and
//! planned against a snapshot of the project on the worker, then applied
//! as one undoable step, with what could not be imported reported.

use std::path::{Path, PathBuf};

use crate::formats::import::ImportSummary;
use crate::formats::{self, Format};
use crate::model::Edit;
use crate::ui::app::MarginaliaApp;
use crate::ui::jobs::job::{Cancel, Job, Running};
use crate::ui::jobs::tasks::file_bytes;

/// Importing from `path` (a file, a folder, or a few of them named as one).
pub(in crate::ui) struct ImportFiles {
    pub path: PathBuf,
}

impl Running for ImportFiles {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Importing".into(), Some(&self.path))
    }

    fn cancel(&self) -> Cancel {
        Cancel::Drop
    }
}

impl Job for ImportFiles {
    /// The planned edit with what it adds and skips, or why nothing can be
    /// imported.
    type Output = Result<(Edit, ImportSummary), String>;

    fn finish(self, app: &mut MarginaliaApp, result: Self::Output) {
        let path = self.path;
        let (edit, summary) = match result {
            Ok(x) => x,
            Err(e) => return app.error(e),
        };
        let first = summary
            .documents_added
            .first()
            .or(summary.documents_merged.first())
            .cloned();
        if let Err(e) = app.session.apply(edit) {
            return app.error(e.to_string());
        }
        if let Some(index) = first.and_then(|id| {
            app.session
                .project()
                .documents()
                .iter()
                .position(|d| d.id == id)
        }) {
            app.session.set_current(index);
        }
        app.after_document_change();
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
        app.status.report(crate::ui::app::messages::Report {
            title: "Import report".into(),
            summary: format!("Imported {}: {summary}", path.display()),
            lines,
        });
    }
}

impl MarginaliaApp {
    /// Imports a file in `format`, or in the format guessed from the file
    /// (on a worker when large), as one undoable step.
    pub(in crate::ui) fn import(&mut self, path: &Path, format: Option<Format>) {
        let snapshot = self.session.snapshot();
        let annotator = self.prefs.annotator.clone();
        let file = path.to_owned();
        let compute = move || {
            let imported = formats::read(&file, format).map_err(|e| e.to_string())?;
            formats::import::plan(&snapshot, &[(file, imported)], &annotator)
                .map_err(|e| e.to_string())
        };
        let job = ImportFiles {
            path: path.to_owned(),
        };
        self.run_job(job, file_bytes(path), compute);
    }
}
