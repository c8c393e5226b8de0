//! The current document's attributes (name → value: date, source,
//! country...), shown and edited under the documents list. Every change
//! is an `Edit::SetAttribute`, so it is undone like any other.

use crate::ui::app::command::{Command, Commands};
use egui::Ui;

use crate::model::{Document, Edit};

/// The editor's state: the values being typed, and the new attribute.
#[derive(Default)]
pub struct AttributeEditor {
    /// (document id, name) being edited and its text.
    editing: Option<(String, String, String)>,
    new_name: String,
    new_value: String,
}

impl AttributeEditor {
    /// Another document: nothing half-typed carries over.
    pub fn reset(&mut self) {
        *self = AttributeEditor::default();
    }

    /// The grid of the document's attributes; a change goes onto `out`
    /// as an edit.
    pub fn show(&mut self, ui: &mut Ui, doc: &Document, out: &mut Commands) {
        let mut edit = None;
        egui::Grid::new("document-attributes")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for (name, value) in doc.attributes() {
                    ui.label(name);
                    let editing = self
                        .editing
                        .as_mut()
                        .filter(|(d, n, _)| *d == doc.id && n == name);
                    match editing {
                        Some((_, _, text)) => {
                            let r = ui.add(
                                egui::TextEdit::singleline(text)
                                    .desired_width(110.0)
                                    .hint_text(format!("Value of {name}")),
                            );
                            if r.lost_focus() {
                                let text = text.trim().to_owned();
                                if !text.is_empty() && text != *value {
                                    edit = Some(Edit::SetAttribute {
                                        doc: doc.id.clone(),
                                        name: name.clone(),
                                        value: Some(text),
                                    });
                                }
                                self.editing = None;
                            }
                        }
                        None => {
                            if ui
                                .add(
                                    egui::Label::new(value)
                                        .sense(egui::Sense::click())
                                        .truncate(),
                                )
                                .on_hover_text("Click to change")
                                .clicked()
                            {
                                self.editing = Some((doc.id.clone(), name.clone(), value.clone()));
                            }
                        }
                    }
                    if ui
                        .small_button("✖")
                        .on_hover_text(format!("Remove {name}"))
                        .clicked()
                    {
                        edit = Some(Edit::SetAttribute {
                            doc: doc.id.clone(),
                            name: name.clone(),
                            value: None,
                        });
                    }
                    ui.end_row();
                }
                let name_label = ui.weak("Attribute").id;
                let value_label = ui.weak("Value").id;
                ui.end_row();
                ui.add(
                    egui::TextEdit::singleline(&mut self.new_name)
                        .hint_text("year")
                        .desired_width(70.0),
                )
                .labelled_by(name_label);
                ui.add(
                    egui::TextEdit::singleline(&mut self.new_value)
                        .hint_text("2020")
                        .desired_width(110.0),
                )
                .labelled_by(value_label);
                let ready = !self.new_name.trim().is_empty() && !self.new_value.trim().is_empty();
                if ui
                    .add_enabled(ready, egui::Button::new("Add"))
                    .on_hover_text("Give the document this attribute (a date, source, country…)")
                    .clicked()
                {
                    edit = Some(Edit::SetAttribute {
                        doc: doc.id.clone(),
                        name: self.new_name.trim().to_owned(),
                        value: Some(self.new_value.trim().to_owned()),
                    });
                    self.new_name.clear();
                    self.new_value.clear();
                }
                ui.end_row();
            });
        if let Some(edit) = edit {
            out.push(Command::Apply {
                edit,
                message: None,
            });
        }
    }
}
