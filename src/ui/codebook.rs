//! The left panel: the project's documents and its codebook (the themes,
//! with their keys, counts, and which are shown).

use std::collections::HashSet;

use egui::{Color32, Ui};

use super::session::Session;
use crate::model::Theme;

/// What the panel asks the window to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodebookRequest {
    /// Show the document at this index.
    OpenDocument(usize),
    Import,
    /// Tag the selection with this theme.
    Tag(String),
    /// Open the theme editor on this theme.
    EditTheme(String),
    /// Ask before deleting this theme.
    DeleteTheme(String),
    AddTheme,
    /// Apply this edit (a document attribute set or removed).
    Apply(crate::model::Edit),
}

/// The panel's state: which themes are hidden in the document view.
#[derive(Default)]
pub struct Codebook {
    hidden: HashSet<String>,
    /// The widest the panel may be (the window keeps the document
    /// readable; see `panels.rs`).
    pub max_width: Option<f32>,
    documents: super::documents::DocumentList,
    attributes: super::attributes::AttributeEditor,
}

pub(super) fn color32(t: &Theme) -> Color32 {
    Color32::from_rgb(t.color.r, t.color.g, t.color.b)
}

impl Codebook {
    /// Themes whose spans the document view leaves out.
    pub fn hidden(&self) -> &HashSet<String> {
        &self.hidden
    }

    /// The documents the documents list shows (its filter applied), as
    /// project indices in display order.
    pub fn shown_documents(&self) -> Vec<usize> {
        self.documents.shown()
    }

    /// A theme is gone: forget that it was hidden.
    pub fn forget(&mut self, theme: &str) {
        self.hidden.remove(theme);
    }

    /// Another project: every theme shown.
    pub fn reset(&mut self) {
        self.hidden.clear();
        self.documents.reset();
        self.attributes.reset();
    }

    /// The panel; `keys` are the keys that tag with each theme; documents
    /// that `annotator` marked done show a ✔.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        keys: &[(String, char)],
        annotator: &str,
    ) -> Option<CodebookRequest> {
        let mut request = None;
        egui::Panel::left("documents-and-codebook")
            .resizable(true)
            .default_size(240.0)
            .max_size(self.max_width.unwrap_or(f32::INFINITY))
            .show(ui, |ui| {
                let heading = ui.heading("Documents").id;
                // The list takes up to half the panel; it scrolls on its own.
                let height = (ui.available_height() * 0.5).max(60.0);
                if let Some(i) = self.documents.show(ui, session, height, heading, annotator) {
                    request = Some(CodebookRequest::OpenDocument(i));
                }
                if ui.button("Import…").clicked() {
                    request = Some(CodebookRequest::Import);
                }
                if let Some(doc) = session.document() {
                    egui::CollapsingHeader::new(format!("Attributes of {}", doc.id))
                        .id_salt("document-attributes")
                        .show(ui, |ui| {
                            if let Some(edit) = self.attributes.show(ui, doc) {
                                request = Some(CodebookRequest::Apply(edit));
                            }
                        });
                }
                ui.separator();
                egui::ScrollArea::vertical().id_salt("left").show(ui, |ui| {
                    ui.heading("Codebook");
                    for t in session.project().themes() {
                        // The span index keeps these counts: O(1), even at 100k spans.
                        let count = session
                            .document()
                            .map_or(0, |d| d.spans().count_with_theme(&t.id));
                        let key = keys.iter().find(|(id, _)| id == &t.id).map(|(_, k)| *k);
                        if let Some(r) = self.theme_row(ui, t, key, count) {
                            request = Some(r);
                        }
                    }
                    if ui.button("Add Theme…").clicked() {
                        request = Some(CodebookRequest::AddTheme);
                    }
                });
            });
        request
    }

    fn theme_row(
        &mut self,
        ui: &mut Ui,
        t: &Theme,
        key: Option<char>,
        count: usize,
    ) -> Option<CodebookRequest> {
        let mut request = None;
        ui.horizontal(|ui| {
            let mut shown = !self.hidden.contains(&t.id);
            let r = ui.add(egui::Checkbox::without_text(&mut shown));
            r.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    shown,
                    format!("Show {}", t.label),
                )
            });
            if r.on_hover_text(format!("Show or hide {} spans", t.label))
                .changed()
            {
                if shown {
                    self.hidden.remove(&t.id);
                } else {
                    self.hidden.insert(t.id.clone());
                }
            }
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 3.0, color32(t));
            let text = match key {
                Some(k) => format!("{}  [{k}]", t.label),
                None => t.label.clone(),
            };
            let desc = if t.description.is_empty() {
                "Tag the selection with this theme".to_owned()
            } else {
                t.description.clone()
            };
            if ui.button(text).on_hover_text(desc).clicked() {
                request = Some(CodebookRequest::Tag(t.id.clone()));
            }
            ui.weak(count.to_string());
            if ui
                .small_button("✏")
                .on_hover_text(format!("Edit {}", t.label))
                .clicked()
            {
                request = Some(CodebookRequest::EditTheme(t.id.clone()));
            }
            if ui
                .small_button("✖")
                .on_hover_text(format!("Delete {}", t.label))
                .clicked()
            {
                request = Some(CodebookRequest::DeleteTheme(t.id.clone()));
            }
        });
        request
    }
}
