//! File → Export…: the export form, starting the export (it runs as a
//! job, [`ExportFiles`], with its progress and Cancel button), and the
//! report of what the format could not carry. File → Import Codebook…:
//! merging another codebook in by id, as one undoable edit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use egui::Ui;

use crate::formats::{ExportOptions, Format, Progress};
use crate::ui::jobs::job::{Cancel, Counting, OnClose, Running};

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
pub(in crate::ui) struct ExportFiles {
    pub(in crate::ui) format: Format,
    pub(in crate::ui) out: PathBuf,
    pub(in crate::ui) progress: Arc<Progress>,
    /// The window was closed meanwhile: close it once the export ends.
    pub(in crate::ui) then_quit: bool,
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

/// How an export ended, for the report window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportDone {
    pub(in crate::ui) format: Format,
    pub out: PathBuf,
    pub documents: usize,
    pub spans: usize,
    /// One line per kind of loss (empty when everything was carried).
    pub losses: Vec<String>,
}

impl ExportForm {
    /// The format chosen.
    pub fn format(&self) -> Format {
        self.format
    }

    /// What the form asks to export: the document `current` on screen (or
    /// all), the spans of `annotator` (or everyone's).
    pub fn options(&self, current: Option<&str>, annotator: &str) -> ExportOptions {
        ExportOptions {
            docs: match (self.current_only, current) {
                (true, Some(d)) => vec![d.to_owned()],
                _ => Vec::new(),
            },
            annotator: self.mine_only.then(|| annotator.to_owned()),
            codebook_only: self.codebook_only && self.format == Format::RefiQda,
        }
    }

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
