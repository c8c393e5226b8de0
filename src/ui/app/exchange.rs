//! The app's side of files in and out: File → Export… (the export job and
//! its report), File → Import Codebook…, importing one file, many files or
//! a folder (dropped or picked) as one undoable step, File → Export
//! Report…, and writing the Segments view's result. The forms and the job
//! types are in `ui::io` and `ui::views`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::report;
use crate::analysis::segment_export::SegmentFormat;
use crate::formats::import::{ImportSummary, Imported};
use crate::formats::{self, ExportOptions, ExportReport, Format, Progress};
use crate::model::Edit;
use crate::ui::app::MarginaliaApp;
use crate::ui::app::command::{Command, StartJob};
use crate::ui::app::modals::Modal;
use crate::ui::io::dialogs::DialogKind;
use crate::ui::io::exchange::{ExportDone, ExportFiles};
use crate::ui::io::import::ImportFiles;
use crate::ui::io::import_many::{bytes_to_read, describe};
use crate::ui::jobs::job::Job;
use crate::ui::jobs::tasks::{file_bytes, project_bytes};
use crate::ui::views::findings::report::{ReportDone, ReportResult, WriteReport};

impl Job for ExportFiles {
    type Output = Result<ExportReport, formats::ExportError>;

    fn finish(self, app: &mut MarginaliaApp, result: Self::Output) {
        app.exported(self.format, self.out, result);
        if self.then_quit {
            app.modals.close();
            let ctx = app.ctx.clone();
            app.quit(&ctx);
        }
    }
}

impl MarginaliaApp {
    fn export_options(&self) -> ExportOptions {
        let current = self.session.document().map(|d| d.id.as_str());
        self.modals
            .export_form()
            .options(current, &self.prefs.annotator)
    }

    /// The save (or folder) dialog for the export the form describes.
    pub(in crate::ui) fn ask_export_path(&mut self, ctx: &egui::Context) {
        let format = self.modals.export_form().format();
        let options = self.export_options();
        let stem = crate::model::slug(self.session.project().name());
        let stem = if stem.is_empty() {
            "export".into()
        } else {
            stem
        };
        let dir = self
            .session
            .path()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let suggested = match format.extension(&options) {
            Some(ext) => dir.join(format!("{stem}.{ext}")),
            None => dir.join(format!("{stem}-{format}")),
        };
        self.ask_with(
            ctx,
            DialogKind::Export {
                folder: format.writes_folder(),
                extension: format.extension(&options),
            },
            Some(suggested),
        );
    }

    /// Starts exporting to `out` (on a worker when the project is large).
    pub fn start_export(&mut self, out: PathBuf) {
        let format = self.modals.export_form().format();
        let options = self.export_options();
        let out = match format.extension(&options) {
            Some(ext) => crate::ui::io::overwrite::with_default_extension(out, ext),
            None => out,
        };
        // The worker reads a shared snapshot: no copy of a large project.
        let project = self.session.snapshot();
        let size = project_bytes(&project);
        let progress = Arc::new(Progress::default());
        let (p, path) = (Arc::clone(&progress), out.clone());
        let compute = move || {
            formats::export_files(&project, format, &options, p).and_then(|(files, report)| {
                // A file the user chose to replace is kept as NAME.bak.
                formats::write_export_keeping_backup(&files, &path, format.writes_folder())?;
                Ok(report)
            })
        };
        let job = ExportFiles {
            format,
            out,
            progress,
            then_quit: false,
        };
        self.commands
            .push(Command::StartJob(StartJob::new(job, size, compute)));
    }

    /// Shows how an export ended: its report, or why it did not.
    pub(in crate::ui) fn exported(
        &mut self,
        format: Format,
        out: PathBuf,
        result: Result<ExportReport, formats::ExportError>,
    ) {
        match result {
            Err(formats::ExportError::Cancelled) => {
                self.info("Export cancelled; nothing was written")
            }
            Err(e) => self.error(format!("Export failed: {e}")),
            Ok(report) => {
                self.info(format!("Exported {format} to {}", out.display()));
                self.modals.open(Modal::ExportDone(ExportDone {
                    format,
                    out,
                    documents: report.documents,
                    spans: report.spans,
                    losses: report.summary(),
                }));
            }
        }
    }
}

impl MarginaliaApp {
    /// File → Import Codebook…: merges the codebook of `path` (a `.ron`
    /// project or a `.qdc`) into the project by id
    /// ([`formats::codebook`]), as one undoable edit; a file that cannot
    /// be read changes nothing and says why.
    pub(in crate::ui) fn import_codebook(&mut self, path: &Path) {
        let plan = match formats::codebook::plan(self.session.project(), path) {
            Ok(plan) => plan,
            Err(e) => {
                self.error(format!("Could not import the codebook: {e}"));
                return;
            }
        };
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut what = format!("Imported the codebook of {name}: {}", plan.summary());
        for note in &plan.notes {
            what.push_str("; ");
            what.push_str(note);
        }
        if plan.added.is_empty() && plan.updated.is_empty() {
            self.info(what);
            return;
        }
        if self.apply(plan.edit) {
            self.info(what);
        }
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

impl MarginaliaApp {
    /// Imports every file and folder in `paths` as one undoable step, each
    /// read as `marginalia import` reads it (a folder of documents through
    /// the one folder walker, [`folder::import_folder`]); on a worker when
    /// large. A path that cannot be read is skipped and named.
    pub(in crate::ui) fn import_many(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            return;
        }
        let snapshot = self.session.snapshot();
        let annotator = self.prefs.annotator.clone();
        let size = bytes_to_read(&paths);
        let files = paths.clone();
        let job = move || {
            let mut read: Vec<(PathBuf, Imported)> = Vec::new();
            let mut skipped = Vec::new();
            for f in files {
                match formats::read(&f, None) {
                    Ok(i) => read.push((f, i)),
                    Err(e) => skipped.push(format!("skipped {e}")),
                }
            }
            if read.is_empty() {
                let why = if skipped.is_empty() {
                    "there is nothing to import there".to_owned()
                } else {
                    format!("nothing could be imported: {}", skipped.join("; "))
                };
                return Err(why);
            }
            formats::import::plan(&snapshot, &read, &annotator)
                .map(|(edit, mut summary)| {
                    summary.warnings.extend(skipped);
                    (edit, summary)
                })
                .map_err(|e| e.to_string())
        };
        let path = describe(&paths);
        self.run_job(ImportFiles { path }, size, job);
    }

    /// Files and folders dropped on the window this frame are imported.
    pub(in crate::ui) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if dropped.is_empty() || self.keys_elsewhere() {
            return;
        }
        self.import_many(dropped);
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

impl crate::ui::app::MarginaliaApp {
    /// The Segments view's Export: asks where to write its result in
    /// `format` (next to the project, named after it).
    pub(in crate::ui) fn ask_segments_path(&mut self, ctx: &egui::Context, format: SegmentFormat) {
        let name = format!(
            "{}-segments.{}",
            crate::model::slug(self.session.project().name()),
            format.extension()
        );
        let suggested = match self.session.path().and_then(|p| p.parent()) {
            Some(dir) => dir.join(name),
            None => std::path::PathBuf::from(name),
        };
        self.ask_with(
            ctx,
            crate::ui::io::dialogs::DialogKind::ExportSegments {
                extension: format.extension(),
            },
            Some(suggested),
        );
    }

    /// Writes the Segments view's result to `path` in the format its
    /// extension names.
    pub(in crate::ui) fn export_segments(&mut self, path: &std::path::Path, extension: &str) {
        let format = SegmentFormat::ALL
            .into_iter()
            .find(|f| f.extension() == extension)
            .unwrap_or(SegmentFormat::Csv);
        let path = crate::ui::io::overwrite::with_default_extension(path.to_path_buf(), extension);
        let written = self
            .findings
            .export_segments(&self.session, format)
            .and_then(|text| {
                // A file the user chose to replace is kept as NAME.bak.
                crate::store::write_atomic(&path, text.as_bytes(), true).map_err(|e| e.to_string())
            });
        match written {
            Ok(()) => self.info(format!(
                "Exported {} to {}",
                crate::model::plural(self.findings.segments_found(), "segment", "segments"),
                path.display()
            )),
            Err(e) => self.error(format!("Could not write {}: {e}", path.display())),
        }
    }
}
