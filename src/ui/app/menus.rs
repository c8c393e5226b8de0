//! The menu bar, drawn from the action table: each menu is a list of
//! actions, greyed out or checked as the window says.

use crate::ui::app::command::{Command, Commands};
use std::path::{Path, PathBuf};

use egui::Ui;

use super::actions::{self, Action, ActionState, MENUS, MenuItem};

/// The menu bar; what is chosen goes onto `out`. `recent` fills File > Open Recent; `font_size` is shown
/// in the View menu.
pub fn menu_bar(
    ui: &mut Ui,
    state: &dyn ActionState,
    recent: &[PathBuf],
    font_size: f32,
    out: &mut Commands,
) {
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            for (title, items) in MENUS {
                ui.menu_button(*title, |ui| {
                    for item in *items {
                        if let Some(r) = menu_line(ui, *item, state, recent, font_size) {
                            out.push(r);
                        }
                    }
                });
            }
        });
    });
}

fn menu_line(
    ui: &mut Ui,
    item: MenuItem,
    state: &dyn ActionState,
    recent: &[PathBuf],
    font_size: f32,
) -> Option<Command> {
    match item {
        MenuItem::Action(action) => action_line(ui, action, state),
        MenuItem::Separator => {
            ui.separator();
            None
        }
        MenuItem::RecentProjects => ui
            .menu_button("Open Recent", |ui| recent_projects(ui, recent))
            .inner
            .flatten(),
        MenuItem::TextSize => {
            ui.weak(format!("Text size {font_size}"));
            None
        }
    }
}

fn action_line(ui: &mut Ui, action: Action, state: &dyn ActionState) -> Option<Command> {
    let label = actions::info(action).label;
    let enabled = state.enabled(action);
    if let Some(mut on) = state.checked(action) {
        let r = ui.add_enabled(enabled, egui::Checkbox::new(&mut on, label));
        return r.changed().then_some(Command::Run(action));
    }
    let mut button = egui::Button::new(label);
    let sc = actions::shortcut_text(ui.ctx(), action);
    if !sc.is_empty() {
        button = button.shortcut_text(sc);
    }
    if ui.add_enabled(enabled, button).clicked() {
        ui.close();
        return Some(Command::Run(action));
    }
    None
}

fn recent_projects(ui: &mut Ui, recent: &[PathBuf]) -> Option<Command> {
    if recent.is_empty() {
        ui.weak("No recent projects");
    }
    let mut request = None;
    for p in recent {
        if ui.button(p.display().to_string()).clicked() {
            request = Some(Command::OpenProject(Path::to_path_buf(p)));
            ui.close();
        }
    }
    request
}
