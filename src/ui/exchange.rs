//! File → Export… and File → Import…: the export form, the export running
//! on a thread with its progress and Cancel button, the report of what the
//! format could not carry, and importing any format as one undoable edit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::Ui;

use super::app::{MarginaliaApp, Modal};
use super::dialogs::DialogKind;
use crate::formats::{self, ExportOptions, ExportReport, Format, Progress};

/// What the export form holds between frames.
#[derive(Clone, Debug)]
pub struct ExportForm {
    pub format: Format,
    /// Only the document on screen (else all).
    pub current_only: bool,
    /// Only my spans (else everyone's).
    pub mine_only: bool,
    /// REFI-QDA: the codebook alone.
    pub codebook_only: bool,
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

/// An export running on a thread.
pub struct ExportTask {
    pub format: Format,
    pub out: PathBuf,
    pub progress: Arc<Progress>,
    rx: Receiver<Result<ExportReport, String>>,
    /// The window was closed meanwhile: cancel, then close once it ends.
    pub(super) then_quit: bool,
}

/// How an export ended, for the report window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDone {
    pub format: Format,
    pub out: PathBuf,
    pub documents: usize,
    pub spans: usize,
    /// One line per kind of loss (empty when everything was carried).
    pub losses: Vec<String>,
}

impl MarginaliaApp {
    fn export_options(&self) -> ExportOptions {
        let form = &self.export_form;
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
    pub(super) fn ask_export_path(&mut self, ctx: &egui::Context) {
        let format = self.export_form.format;
        let options = self.export_options();
        self.modal = None;
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

    /// Starts exporting to `out` on a thread.
    pub fn start_export(&mut self, ctx: &egui::Context, out: PathBuf) {
        let format = self.export_form.format;
        let options = self.export_options();
        let out = match format.extension(&options) {
            Some(ext) if out.extension().is_none() => out.with_extension(ext),
            _ => out,
        };
        // The thread reads a shared snapshot: no copy of a large project.
        let project = self.session.snapshot();
        let progress = Arc::new(Progress::default());
        let (tx, rx) = channel();
        let (p, path, ctx2) = (Arc::clone(&progress), out.clone(), ctx.clone());
        let hold = self.hold_workers.clone();
        std::thread::spawn(move || {
            if let Some(gate) = hold {
                gate.wait();
            }
            let result = formats::export_files(&project, format, &options, p)
                .and_then(|(files, report)| {
                    formats::write_export(&files, &path, format.writes_folder())?;
                    Ok(report)
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(result);
            ctx2.request_repaint();
        });
        self.export_task = Some(ExportTask {
            format,
            out,
            progress,
            rx,
            then_quit: false,
        });
    }

    /// Checks on a running export; shows its report when it ends.
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) {
        let Some(task) = &self.export_task else {
            return;
        };
        let then_quit = task.then_quit;
        match task.rx.try_recv() {
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                return;
            }
            Err(TryRecvError::Disconnected) => {
                self.export_task = None;
                self.error("The export stopped unexpectedly; nothing was written.");
            }
            Ok(Err(e)) => {
                self.export_task = None;
                if e == formats::ExportError::Cancelled.to_string() {
                    self.info("Export cancelled; nothing was written");
                } else {
                    self.error(format!("Export failed: {e}"));
                }
            }
            Ok(Ok(report)) => {
                let task = self.export_task.take().expect("a task");
                self.info(format!(
                    "Exported {} to {}",
                    task.format,
                    task.out.display()
                ));
                self.modal = Some(Modal::ExportDone(ExportDone {
                    format: task.format,
                    out: task.out,
                    documents: report.documents,
                    spans: report.spans,
                    losses: report.summary(),
                }));
            }
        }
        if then_quit {
            self.modal = None;
            self.quit(ctx);
        }
    }

    /// Closing the window during an export: cancel it, and close once it
    /// has stopped (nothing half-written is left). Returns whether the
    /// close must wait.
    pub(super) fn close_during_export(&mut self) -> bool {
        match &mut self.export_task {
            Some(task) => {
                task.progress.cancel.store(true, Ordering::Relaxed);
                task.then_quit = true;
                true
            }
            None => false,
        }
    }

    /// The export form.
    pub(super) fn export_form_ui(&mut self, ui: &mut Ui) -> bool {
        let mut close = false;
        ui.heading("Export");
        egui::Grid::new("export-form")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let label = ui.label("Format");
                let form = &mut self.export_form;
                egui::ComboBox::from_id_salt("export-format")
                    .selected_text(format!("{} ({})", form.format, form.format.description()))
                    .show_ui(ui, |ui| {
                        for f in Format::ALL.into_iter().filter(|f| f.exports()) {
                            ui.selectable_value(
                                &mut form.format,
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
                    ui.radio_value(&mut form.current_only, false, "All documents");
                    ui.radio_value(&mut form.current_only, true, "This document");
                });
                ui.end_row();
                ui.label("Spans");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut form.mine_only, false, "Everyone's");
                    ui.radio_value(&mut form.mine_only, true, "Mine only");
                });
                ui.end_row();
                if form.format == Format::RefiQda {
                    ui.label("");
                    ui.checkbox(&mut form.codebook_only, "Codebook only (.qdc)");
                    ui.end_row();
                }
            });
        ui.weak(if self.export_form.format.writes_folder() {
            "This format writes a folder of files; choose or create the folder next."
        } else {
            "Choose where to save the file next."
        });
        ui.horizontal(|ui| {
            let ctx = ui.ctx().clone();
            if ui.button("Export…").clicked() {
                self.ask_export_path(&ctx);
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
        close
    }

    /// Progress of the running export, with a Cancel button.
    pub(super) fn export_progress_ui(&mut self, ctx: &egui::Context) {
        let Some(task) = &self.export_task else {
            return;
        };
        let (format, out, progress) = (task.format, task.out.clone(), Arc::clone(&task.progress));
        let quitting = task.then_quit;
        egui::Modal::new(egui::Id::unique("export-progress")).show(ctx, |ui| {
            ui.heading(format!("Exporting {format}"));
            ui.label(out.display().to_string());
            let done = progress.done.load(Ordering::Relaxed);
            let total = progress.total.load(Ordering::Relaxed);
            ui.add(
                egui::ProgressBar::new(progress.fraction())
                    .text(format!("{done} of {total} documents"))
                    .desired_width(320.0),
            );
            if quitting {
                ui.label("Cancelling; Marginalia closes when the export has stopped.");
            } else if ui.button("Cancel").clicked() {
                progress.cancel.store(true, Ordering::Relaxed);
            }
        });
    }

    /// The report after an export.
    pub(super) fn export_done_ui(ui: &mut Ui, done: &ExportDone) -> bool {
        ui.heading("Export finished");
        ui.label(format!(
            "Wrote {} document{} and {} span{} as {} to {}",
            done.documents,
            if done.documents == 1 { "" } else { "s" },
            done.spans,
            if done.spans == 1 { "" } else { "s" },
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
