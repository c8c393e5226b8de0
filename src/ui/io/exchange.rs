//! File → Export…: the export form, starting the export (it runs as a
//! job, [`ExportFiles`], with its progress and Cancel button), and the
//! report of what the format could not carry. File → Import Codebook…:
//! merging another codebook in by id, as one undoable edit.

use crate::ui::app::command::{Command, StartJob};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use egui::Ui;

use super::dialogs::DialogKind;
use crate::formats::{self, ExportOptions, ExportReport, Format, Progress};
use crate::ui::app::MarginaliaApp;
use crate::ui::app::modals::Modal;
use crate::ui::jobs::job::{Cancel, Counting, Job, OnClose, Running};
use crate::ui::jobs::tasks::project_bytes;

/// What the export form holds between frames.
#[derive(Clone, Debug)]
pub struct ExportForm {
    format: Format,
    /// Only the document on screen (else all).
    current_only: bool,
    /// Only my spans (else everyone's).
    mine_only: bool,
    /// REFI-QDA: the codebook alone.
    codebook_only: bool,
}

impl Default for ExportForm {
    fn default() -> Self {
        ExportForm {
            format: Format::Jsonl,
            current_only: false,
            mine_only: false,
            codebook_only: false,
        }
    }
}

/// Exporting the project in `format` to `out`.
struct ExportFiles {
    format: Format,
    out: PathBuf,
    progress: Arc<Progress>,
    /// The window was closed meanwhile: close it once the export ends.
    then_quit: bool,
}

impl Running for ExportFiles {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Exporting".into(), Some(&self.out))
    }

    /// An export stops before it writes anything.
    fn cancel(&self) -> Cancel {
        Cancel::AskToStop
    }

    fn progress(&self) -> Option<Counting> {
        Some(Counting {
            what: self.format.to_string(),
            unit: "documents",
            progress: Arc::clone(&self.progress),
        })
    }

    fn note(&self) -> Option<&'static str> {
        self.then_quit
            .then_some("Cancelling; Marginalia closes when the export has stopped.")
    }

    fn close(&mut self) -> OnClose {
        self.progress.cancel.store(true, Ordering::Relaxed);
        self.then_quit = true;
        OnClose::CloseAfter
    }
}

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

/// How an export ended, for the report window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDone {
    format: Format,
    pub out: PathBuf,
    pub documents: usize,
    pub spans: usize,
    /// One line per kind of loss (empty when everything was carried).
    pub losses: Vec<String>,
}

impl MarginaliaApp {
    fn export_options(&self) -> ExportOptions {
        let form = self.modals.export_form();
        ExportOptions {
            docs: match (form.current_only, self.session.document()) {
                (true, Some(d)) => vec![d.id.clone()],
                _ => Vec::new(),
            },
            annotator: form.mine_only.then(|| self.prefs.annotator.clone()),
            codebook_only: form.codebook_only && form.format == Format::RefiQda,
        }
    }

    /// The save (or folder) dialog for the export the form describes.
    pub(in crate::ui) fn ask_export_path(&mut self, ctx: &egui::Context) {
        let format = self.modals.export_form().format;
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
        let format = self.modals.export_form().format;
        let options = self.export_options();
        let out = match format.extension(&options) {
            Some(ext) => super::overwrite::with_default_extension(out, ext),
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

impl ExportForm {
    /// The form; `Some(true)` when Export… is clicked, `Some(false)` on
    /// Cancel.
    pub fn show(&mut self, ui: &mut Ui) -> Option<bool> {
        let mut answer = None;
        ui.heading("Export");
        egui::Grid::new("export-form")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let label = ui.label("Format");
                egui::ComboBox::from_id_salt("export-format")
                    .selected_text(format!("{} ({})", self.format, self.format.description()))
                    .show_ui(ui, |ui| {
                        for f in Format::ALL.into_iter().filter(|f| f.exports()) {
                            ui.selectable_value(
                                &mut self.format,
                                f,
                                format!("{f} ({})", f.description()),
                            );
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                ui.label("Documents");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.current_only, false, "All documents");
                    ui.radio_value(&mut self.current_only, true, "This document");
                });
                ui.end_row();
                ui.label("Spans");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.mine_only, false, "Everyone's");
                    ui.radio_value(&mut self.mine_only, true, "Mine only");
                });
                ui.end_row();
                if self.format == Format::RefiQda {
                    ui.label("");
                    ui.checkbox(&mut self.codebook_only, "Codebook only (.qdc)");
                    ui.end_row();
                }
            });
        ui.weak(if self.format.writes_folder() {
            "This format writes a folder of files; choose or create the folder next."
        } else {
            "Choose where to save the file next."
        });
        ui.horizontal(|ui| {
            if ui.button("Export…").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
        answer
    }
}

impl ExportDone {
    /// The report after an export; returns whether OK was clicked.
    pub fn show(&self, ui: &mut Ui) -> bool {
        let done = self;

        ui.heading("Export finished");
        ui.label(format!(
            "Wrote {} and {} as {} to {}",
            crate::model::plural(done.documents, "document", "documents"),
            crate::model::plural(done.spans, "span", "spans"),
            done.format,
            done.out.display()
        ));
        if done.losses.is_empty() {
            ui.label(format!("{} carried every span exactly.", done.format));
        } else {
            ui.label(format!("{} cannot carry everything:", done.format));
            egui::ScrollArea::vertical()
                .max_height(240.0)
                .show(ui, |ui| {
                    for line in &done.losses {
                        ui.label(format!("• {line}"));
                    }
                });
        }
        ui.button("OK").clicked()
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
