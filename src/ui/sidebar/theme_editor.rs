//! The theme editor: a modal form to add a theme or change one (name,
//! colour, shortcut key, description, parent, rules). It is wide enough
//! for its fields (a colour's whole `#rrggbb`, a description that wraps)
//! and lists the rules one per row, each with its remove button. It hands
//! back the edit the form stands for; the window applies it.

use crate::model::palette::unused_color;
use crate::ui::app::command::{Command, Commands};

use crate::model::{Color, Edit, Project, Theme};

/// The theme being added or edited.
#[derive(Clone, Debug)]
pub struct ThemeEditor {
    /// `None` when adding.
    id: Option<String>,
    label: String,
    color: [u8; 3],
    /// The colour as `#rrggbb`, editable as text.
    hex: String,
    key: String,
    description: String,
    /// The theme this one sits under (`None`: top level).
    parent: Option<String>,
    /// Rules, one per row (a regex written `/.../`); blank rows are
    /// dropped when the form is applied.
    rules: Vec<String>,
}

/// Width of the colour's hex field: `#rrggbb` and the caret.
const HEX_WIDTH: f32 = 90.0;

/// Width of the form's fields: a description or a rule reads in full.
const FIELD_WIDTH: f32 = 380.0;

impl ThemeEditor {
    /// A form for a new theme, with a colour not used yet.
    pub fn add(project: &Project) -> Self {
        new_theme_editor(project)
    }

    /// A form filled in with a theme, to change it.
    pub fn edit(t: &Theme) -> Self {
        ThemeEditor {
            id: Some(t.id.clone()),
            label: t.label.clone(),
            color: [t.color.r, t.color.g, t.color.b],
            hex: t.color.to_string(),
            key: t.key.map(String::from).unwrap_or_default(),
            description: t.description.clone(),
            parent: t.parent.clone(),
            rules: t.rules.clone(),
        }
    }

    /// The editor window; `error` is the last refusal, shown under the
    /// buttons.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        error: Option<&str>,
        out: &mut Commands,
    ) {
        let mut request = None;
        let title = if self.id.is_some() {
            "Edit theme"
        } else {
            "Add theme"
        };
        egui::Modal::new(egui::Id::unique("theme-editor")).show(ctx, |ui| {
            ui.set_min_width(FIELD_WIDTH + 120.0);
            ui.heading(title);
            egui::Grid::new("theme-fields")
                .num_columns(2)
                .show(ui, |ui| {
                    self.fields(ui);
                    self.tree_fields(ui, project);
                });
            ui.horizontal(|ui| {
                if ui.button("Apply").clicked() {
                    request = Some(match theme_edit(project, self) {
                        Ok(edit) => Command::SaveTheme(edit),
                        Err(msg) => Command::Warn(msg),
                    });
                }
                if ui.button("Cancel").clicked() {
                    request = Some(Command::CloseThemeEditor);
                }
            });
            if let Some(msg) = error {
                ui.colored_label(ui.visuals().error_fg_color, msg);
            }
        });
        // Esc closes the editor like Cancel.
        if request.is_none()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            request = Some(Command::CloseThemeEditor);
        }
        if let Some(command) = request {
            out.push(command);
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui) {
        let l = ui.label("Theme name");
        ui.add(
            egui::TextEdit::singleline(&mut self.label)
                .hint_text("e.g. Climate")
                .desired_width(FIELD_WIDTH),
        )
        .labelled_by(l.id);
        ui.end_row();
        let l = ui.label("Colour");
        ui.horizontal(|ui| {
            let before = self.color;
            ui.color_edit_button_srgb(&mut self.color).labelled_by(l.id);
            if self.color != before {
                self.hex = Color::rgb(self.color[0], self.color[1], self.color[2]).to_string();
            }
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.hex)
                        .hint_text("#rrggbb")
                        .font(egui::TextStyle::Monospace)
                        .desired_width(HEX_WIDTH),
                )
                .labelled_by(l.id);
            if r.changed()
                && let Ok(c) = self.hex.trim().parse::<Color>()
            {
                self.color = [c.r, c.g, c.b];
            }
        });
        ui.end_row();
        let l = ui.label("Shortcut key");
        ui.add(
            egui::TextEdit::singleline(&mut self.key)
                .hint_text("one key")
                .desired_width(40.0),
        )
        .labelled_by(l.id);
        ui.end_row();
        let l = ui.label("Description");
        ui.add(
            egui::TextEdit::multiline(&mut self.description)
                .hint_text("What belongs here")
                .desired_rows(2)
                .desired_width(FIELD_WIDTH),
        )
        .labelled_by(l.id);
        ui.end_row();
    }
}

impl ThemeEditor {
    /// Where the theme sits in the codebook tree, and its rules.
    fn tree_fields(&mut self, ui: &mut egui::Ui, project: &Project) {
        let l = ui.label("Parent");
        let name = |id: Option<&str>| {
            id.and_then(|id| project.theme(id))
                .map_or("(top level)".to_owned(), |t| t.label.clone())
        };
        let own = self.id.as_deref();
        let under_self = |id: &str| own.is_some_and(|own| project.is_within(id, own));
        egui::ComboBox::from_id_salt("theme-parent")
            .selected_text(name(self.parent.as_deref()))
            .height(320.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut self.parent, None, "(top level)");
                for t in project.themes().iter().filter(|t| !under_self(&t.id)) {
                    ui.selectable_value(&mut self.parent, Some(t.id.clone()), &t.label);
                }
            })
            .response
            .labelled_by(l.id);
        ui.end_row();
        self.rule_rows(ui);
    }

    /// One row per rule ("Rule 1", its field and a remove button), then
    /// a button that adds an empty row.
    fn rule_rows(&mut self, ui: &mut egui::Ui) {
        let mut remove = None;
        for (i, rule) in self.rules.iter_mut().enumerate() {
            let l = ui.label(format!("Rule {}", i + 1));
            ui.horizontal(|ui| {
                ui.add(
                    egui::TextEdit::singleline(rule)
                        .hint_text("a word or phrase, or /regex/")
                        .desired_width(FIELD_WIDTH - 36.0),
                )
                .labelled_by(l.id);
                let name = format!("Remove rule {}", i + 1);
                let b = ui.button("✖").on_hover_text("Remove this rule");
                b.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::accesskit::Role::Button, true, &name)
                });
                if b.clicked() {
                    remove = Some(i);
                }
            });
            ui.end_row();
        }
        if let Some(i) = remove {
            self.rules.remove(i);
        }
        ui.label(if self.rules.is_empty() { "Rules" } else { "" });
        if ui
            .button("Add rule")
            .on_hover_text(
                "Spans of this theme are suggested where a rule matches (Edit → Suggest)",
            )
            .clicked()
        {
            self.rules.push(String::new());
        }
        ui.end_row();
    }

    /// The rules as the model keeps them: the non-blank rows, trimmed.
    fn rule_list(&self) -> Vec<String> {
        self.rules
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// A new theme with a colour not used yet.
fn new_theme_editor(project: &Project) -> ThemeEditor {
    let c = unused_color(project.themes().iter().map(|t| t.color));
    let color = [c.r, c.g, c.b];
    ThemeEditor {
        id: None,
        label: String::new(),
        color,
        hex: c.to_string(),
        key: String::new(),
        description: String::new(),
        parent: None,
        rules: Vec::new(),
    }
}

/// The edit a filled-in theme editor stands for.
fn theme_edit(project: &Project, e: &ThemeEditor) -> Result<Edit, String> {
    let label = e.label.trim().to_owned();
    if label.is_empty() {
        return Err("Give the theme a name".into());
    }
    let mut keys = e.key.trim().chars();
    let key = keys.next();
    if keys.next().is_some() {
        return Err("The shortcut is a single key".into());
    }
    let color = Color::rgb(e.color[0], e.color[1], e.color[2]);
    // An edited theme keeps its id; a new one gets a fresh id from its label.
    let id = match &e.id {
        Some(id) => id.clone(),
        None => project.new_theme_id(&label),
    };
    let theme = Theme {
        id,
        label,
        color,
        key,
        description: e.description.trim().to_owned(),
        parent: e.parent.clone(),
        rules: e.rule_list(),
    };
    Ok(match e.id {
        Some(_) => Edit::UpdateTheme { theme },
        None => Edit::AddTheme {
            index: project.themes().len(),
            theme,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_theme_gets_a_colour_no_theme_uses_yet() {
        let project = Project::with_default_codebook("Études");
        let editor = ThemeEditor::add(&project);
        let colour = Color::rgb(editor.color[0], editor.color[1], editor.color[2]);
        assert!(project.themes().iter().all(|t| t.color != colour));
        assert_eq!(editor.hex, colour.to_string());
    }

    #[test]
    fn a_theme_needs_a_name_and_gets_a_fresh_id_at_the_end_of_the_codebook() {
        let project = Project::with_default_codebook("Études");
        let mut editor = ThemeEditor::add(&project);
        editor.label = " \u{a0} ".into();
        assert_eq!(
            theme_edit(&project, &editor),
            Err("Give the theme a name".into())
        );
        editor.label = "  Santé publique 🚑 ".into();
        match theme_edit(&project, &editor) {
            Ok(Edit::AddTheme { index, theme }) => {
                assert_eq!(index, project.themes().len());
                assert_eq!(theme.label, "Santé publique 🚑");
                assert!(project.theme(&theme.id).is_none(), "{} is taken", theme.id);
            }
            other => panic!("expected a new theme, got {other:?}"),
        }
    }

    #[test]
    fn editing_a_theme_keeps_its_id() {
        let project = Project::with_default_codebook("Études");
        let first = project.themes()[0].clone();
        let mut editor = ThemeEditor::edit(&first);
        editor.description = "  What belongs here  ".into();
        match theme_edit(&project, &editor) {
            Ok(Edit::UpdateTheme { theme }) => {
                assert_eq!(theme.id, first.id);
                assert_eq!(theme.description, "What belongs here");
            }
            other => panic!("expected an update, got {other:?}"),
        }
    }
}
