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

    /// How many passages the Segments view's result holds.
    pub fn segments_found(&self) -> usize {
        self.segments.len()
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
