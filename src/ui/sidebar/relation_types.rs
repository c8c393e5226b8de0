//! The codebook's relation types, under the themes: each with its colour
//! and whether it has a direction; a click opens a small form (name,
//! colour, directed, description) like the theme editor's, and "Add
//! Relation Type…" opens it empty. Saving is one undoable edit; the
//! model's refusal (a name taken, …) is said in the status line.

use egui::Ui;

use crate::model::palette::unused_color;
use crate::model::{Color, Edit, Project, RelationType};
use crate::ui::app::command::{Command, Commands};

/// The relation types' section and its form.
#[derive(Default)]
pub struct RelationTypes {
    form: Option<Form>,
}

/// The relation type being added (`id: None`) or changed.
#[derive(Clone, Debug)]
struct Form {
    id: Option<String>,
    label: String,
    hex: String,
    directed: bool,
    description: String,
}

impl Form {
    fn add(project: &Project) -> Form {
        let used = project
            .relation_types()
            .iter()
            .map(|t| t.color)
            .chain(project.themes().iter().map(|t| t.color));
        Form {
            id: None,
            label: String::new(),
            hex: unused_color(used).to_string(),
            directed: true,
            description: String::new(),
        }
    }

    fn edit(t: &RelationType) -> Form {
        Form {
            id: Some(t.id.clone()),
            label: t.label.clone(),
            hex: t.color.to_string(),
            directed: t.directed,
            description: t.description.clone(),
        }
    }

    /// The form as an edit, or why it cannot be one.
    fn to_command(&self, project: &Project) -> Result<Command, String> {
        let label = self.label.trim();
        if label.is_empty() {
            return Err("Not saved: a relation type needs a name".into());
        }
        let color: Color = self
            .hex
            .parse()
            .map_err(|e| format!("Not saved: the relation type's {e}"))?;
        let (edit, message) = match &self.id {
            Some(id) => {
                let Some(old) = project.relation_type(id) else {
                    return Err(format!("Not saved: relation type {id:?} is gone"));
                };
                let relation_type = RelationType {
                    label: label.to_owned(),
                    color,
                    directed: self.directed,
                    description: self.description.clone(),
                    ..old.clone()
                };
                (
                    Edit::UpdateRelationType { relation_type },
                    format!("Relation type {label} changed"),
                )
            }
            None => {
                let mut relation_type =
                    RelationType::new(project.new_relation_type_id(label), label, color);
                relation_type.directed = self.directed;
                relation_type.description = self.description.clone();
                (
                    Edit::AddRelationType {
                        index: project.relation_types().len(),
                        relation_type,
                    },
                    format!("Relation type {label} added"),
                )
            }
        };
        Ok(Command::Apply {
            edit,
            message: Some(message),
        })
    }
}

impl RelationTypes {
    /// How many rows the section takes under the codebook when closed.
    pub fn rows(project: &Project) -> usize {
        usize::from(!project.relation_types().is_empty())
    }

    /// The section (when the codebook has relation types) and the form.
    pub fn show(&mut self, ui: &mut Ui, project: &Project, out: &mut Commands) {
        let types = project.relation_types();
        if !types.is_empty() {
            egui::CollapsingHeader::new(format!("Relation types ({})", types.len()))
                .id_salt("relation-types")
                .show(ui, |ui| {
                    for t in types {
                        ui.horizontal(|ui| {
                            let c = egui::Color32::from_rgb(t.color.r, t.color.g, t.color.b);
                            ui.colored_label(c, "■");
                            let arrow = if t.directed { "➡" } else { "↔" };
                            if ui
                                .selectable_label(false, format!("{} {arrow}", t.label))
                                .on_hover_text(&t.description)
                                .clicked()
                            {
                                self.form = Some(Form::edit(t));
                            }
                        });
                    }
                });
        }
        self.form_window(ui.ctx(), project, out);
    }

    /// Opens the form on a new relation type.
    pub fn add(&mut self, project: &Project) {
        self.form = Some(Form::add(project));
    }

    fn form_window(&mut self, ctx: &egui::Context, project: &Project, out: &mut Commands) {
        let Some(form) = &mut self.form else {
            return;
        };
        let mut close = false;
        let title = if form.id.is_some() {
            "Edit Relation Type"
        } else {
            "Add Relation Type"
        };
        egui::Window::new(title)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("relation-type-form").show(ui, |ui| {
                    let l = ui.label("Name");
                    ui.text_edit_singleline(&mut form.label).labelled_by(l.id);
                    ui.end_row();
                    let l = ui.label("Colour");
                    ui.text_edit_singleline(&mut form.hex).labelled_by(l.id);
                    ui.end_row();
                    ui.label("");
                    ui.checkbox(
                        &mut form.directed,
                        "Directed (an arrow from one span to the other)",
                    );
                    ui.end_row();
                    let l = ui.label("Description");
                    ui.text_edit_multiline(&mut form.description)
                        .labelled_by(l.id);
                    ui.end_row();
                });
                ui.horizontal(|ui| {
                    if ui.button("Save Relation Type").clicked() {
                        // A form the model cannot take stays open.
                        match form.to_command(project) {
                            Ok(command) => {
                                out.push(command);
                                close = true;
                            }
                            Err(why) => out.push(Command::Warn(why)),
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        if close {
            self.form = None;
        }
    }
}
