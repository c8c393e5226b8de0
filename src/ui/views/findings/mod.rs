//! What comes after coding: the Segments view (coded-segment retrieval)
//! and the Analysis view (matrices and charts), shown in place of the
//! document. Both call the headless functions of `crate::analysis`, so a
//! figure on screen, in `marginalia stats`/`segments`/`cooccur` and in the
//! report cannot disagree.

pub mod analysis;
mod category_chart;
pub(in crate::ui) mod report;
mod segment_rows;
pub mod segments;

use crate::ui::app::command::Commands;
use egui::Ui;

use self::analysis::AnalysisView;
use self::segments::SegmentsView;
use crate::analysis::segment_export::{self, SegmentFormat};
use crate::session::Session;

/// What the central part of the window shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentralView {
    #[default]
    Document,
    Segments,
    Analysis,
}

impl CentralView {
    const ALL: [CentralView; 3] = [
        CentralView::Document,
        CentralView::Segments,
        CentralView::Analysis,
    ];

    fn label(self) -> &'static str {
        match self {
            CentralView::Document => "Coding",
            CentralView::Segments => "Segments",
            CentralView::Analysis => "Analysis",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            CentralView::Document => "Read and code the current document",
            CentralView::Segments => {
                "Every coded passage that matches a query, across all documents (Ctrl+Shift+G)"
            }
            CentralView::Analysis => {
                "Document × theme and theme × theme matrices, charts per document and attribute (Ctrl+Shift+A)"
            }
        }
    }
}

/// The state of the findings views.
#[derive(Default)]
pub struct Findings {
    view: CentralView,
    segments: SegmentsView,
    analysis: AnalysisView,
}

impl Findings {
    /// The view shown in the centre.
    pub fn view(&self) -> CentralView {
        self.view
    }

    /// Shows the document in the centre (after a passage is opened).
    pub fn show_document(&mut self) {
        self.view = CentralView::Document;
    }

    /// Shows `view`, or the document again if it is shown already.
    pub fn toggle(&mut self, view: CentralView) {
        self.view = if self.view == view {
            CentralView::Document
        } else {
            view
        };
    }

    /// Another project: fresh queries and figures, the document shown.
    pub fn reset(&mut self) {
        self.segments.reset();
        self.analysis.reset();
    }

    /// The Segments or Analysis view (whichever is shown); `shown` are
    /// the documents the documents list shows.
    pub fn show(&mut self, ui: &mut Ui, session: &Session, shown: &[usize], out: &mut Commands) {
        let key = (
            std::sync::Arc::as_ptr(&session.snapshot()),
            session.revision(),
        );
        match self.view {
            CentralView::Document => {}
            CentralView::Segments => self.segments.show(ui, session.project(), key, out),
            CentralView::Analysis => self.analysis.show(ui, session.project(), key, shown),
        }
    }

    /// The Segments view's result in `format`.
    pub fn export_segments(
        &self,
        session: &Session,
        format: SegmentFormat,
    ) -> Result<String, String> {
        let project = session.project();
        let found = crate::analysis::segments::segments(project, &self.segments.query())
            .map_err(|e| e.to_string())?;
        let title = format!(
            "{}: {}",
            project.name(),
            crate::model::plural(found.len(), "segment", "segments")
        );
        segment_export::export(project, &found, format, &title).map_err(|e| e.to_string())
    }

    /// The tabs above the central part: Document, Segments, Analysis.
    pub fn tabs(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            for v in CentralView::ALL {
                if ui
                    .selectable_label(self.view == v, v.label())
                    .on_hover_text(v.hint())
                    .clicked()
                {
                    self.view = v;
                }
            }
        });
        ui.separator();
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
                crate::model::plural(self.findings.segments.len(), "segment", "segments"),
                path.display()
            )),
            Err(e) => self.error(format!("Could not write {}: {e}", path.display())),
        }
    }
}
