//! Modal windows: questions (unsaved changes, a locked or changed file, a
//! recovery file, who is annotating), the export form and its report,
//! the shortcut list and errors. Each answer comes back as a request the
//! window carries out; the modal closes when it answers.

use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};
use std::path::{Path, PathBuf};

use super::actions::ACTIONS;
use crate::model::Project;
use crate::session::open::LockMode;
use crate::ui::io::exchange::{ExportDone, ExportForm};

/// What to do once unsaved changes have been dealt with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Then {
    Quit,
    OpenDialog,
    OpenPath(PathBuf),
    NewDialog,
}

/// A modal window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Modal {
    Unsaved(Then),
    DeleteTheme {
        id: String,
        label: String,
        spans: usize,
    },
    AskAnnotator,
    Shortcuts,
    About,
    Error(String),
    /// The export form (format, documents, spans).
    Export,
    /// What an export wrote and could not carry.
    ExportDone(ExportDone),
    /// Another window has the project open.
    Locked {
        path: PathBuf,
        holder: String,
    },
    /// A recovery file newer than the project: what differs.
    Recover {
        path: PathBuf,
        differences: Vec<String>,
    },
    /// Save found the file changed on disk.
    SaveConflict,
    /// The window regained focus and the file had changed on disk while
    /// there were unsaved changes.
    ChangedOnDisk,
}

/// What the modal windows need to know about the project.
pub struct ModalContext<'a> {
    pub project: &'a Project,
    pub path: Option<&'a Path>,
    /// The keys that tag with each theme (theme id, key).
    pub theme_keys: &'a [(String, char)],
}

/// The open modal window and the drafts it keeps between frames.
#[derive(Default)]
pub struct Modals {
    modal: Option<Modal>,
    annotator_draft: String,
    /// Focus the name field of the annotator prompt on its first frame.
    annotator_focus: bool,
    /// The name when Edit → Your Name… opened the prompt (it may then be
    /// cancelled); empty on first start, when a name must be given.
    annotator_before: String,
    export_form: ExportForm,
}

impl Modals {
    pub fn current(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    pub fn is_open(&self) -> bool {
        self.modal.is_some()
    }

    pub fn open(&mut self, modal: Modal) {
        self.annotator_focus = modal == Modal::AskAnnotator;
        self.modal = Some(modal);
    }

    /// Edit → Your Name…: the annotator prompt, filled in with `current`.
    pub fn ask_annotator_name(&mut self, current: &str) {
        self.annotator_draft = current.to_owned();
        self.annotator_before = current.to_owned();
        self.open(Modal::AskAnnotator);
    }

    pub fn close(&mut self) {
        self.modal = None;
    }

    /// The export form as last filled in.
    pub fn export_form(&self) -> &ExportForm {
        &self.export_form
    }

    /// The open modal window, if any; its answer goes onto `out`.
    pub fn show(&mut self, ctx: &egui::Context, info: &ModalContext, out: &mut Commands) {
        let Some(modal) = self.modal.clone() else {
            return;
        };
        let mut close = false;
        let mut request = None;
        egui::Modal::new(egui::Id::unique("modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            match modal.clone() {
                Modal::Unsaved(then) => request = unsaved(ui, then, info.project.name()),
                Modal::DeleteTheme { id, label, spans } => {
                    ui.heading("Delete theme");
                    ui.label(format!(
                        "Delete the theme “{label}” and its {}? You can undo this.",
                        crate::model::plural(spans, "span", "spans")
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Delete").clicked() {
                            request = Some(Command::DeleteTheme(id.clone()));
                        }
                        close |= ui.button("Cancel").clicked();
                    });
                }
                Modal::AskAnnotator => (request, close) = self.ask_annotator(ui),
                Modal::Shortcuts => close = shortcuts(ui, info),
                Modal::About => {
                    ui.heading("Marginalia");
                    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                    ui.label("Tag spans of text with themes. Projects are single RON files that diff and merge.");
                    close = ui.button("Close").clicked();
                }
                Modal::Locked { path, holder } => {
                    ui.heading("Open in another window");
                    ui.label(format!(
                        "{} is open for editing in another Marginalia ({holder}). Two writers would overwrite each other's work.",
                        path.display()
                    ));
                    ui.horizontal(|ui| {
                        for (button, mode) in [
                            ("Open Read-Only", LockMode::ReadOnly),
                            ("Open Anyway", LockMode::Steal),
                        ] {
                            if ui.button(button).clicked() {
                                let path = path.clone();
                                request = Some(Command::OpenLocked { path, mode });
                            }
                        }
                        close |= ui.button("Cancel").clicked();
                    });
                }
                Modal::Recover { path, differences } => {
                    ui.heading("Recover unsaved work?");
                    ui.label(format!(
                        "{} holds changes that were not saved (the window closed unexpectedly):",
                        path.display()
                    ));
                    for d in &differences {
                        ui.label(format!("• {d}"));
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Restore").clicked() {
                            request = Some(Command::Recover(true));
                        }
                        if ui.button("Discard").clicked() {
                            request = Some(Command::Recover(false));
                        }
                    });
                }
                Modal::SaveConflict | Modal::ChangedOnDisk => {
                    (request, close) = changed_on_disk(ui, info.path);
                }
                Modal::Export => match self.export_form.show(ui) {
                    Some(true) => request = Some(Command::ChooseExportPath),
                    Some(false) => close = true,
                    None => {}
                },
                Modal::ExportDone(done) => close = done.show(ui),
                Modal::Error(msg) => {
                    ui.heading("Something went wrong");
                    egui::ScrollArea::vertical().max_height(300.0).show(ui, |ui| {
                        ui.label(msg);
                    });
                    close = ui.button("OK").clicked();
                }
            }
        });
        // Esc answers like Cancel (or Close); a question that must be
        // answered (who is annotating, a recovery file) stays.
        if !close
            && request.is_none()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            match modal {
                Modal::Unsaved(then) => {
                    request = Some(Command::Unsaved { then, save: None });
                }
                Modal::AskAnnotator if self.annotator_before.is_empty() => {}
                Modal::Recover { .. } => {}
                _ => close = true,
            }
        }
        if close || request.is_some() {
            self.modal = None;
        }
        if let Some(answer) = request {
            out.push(answer);
        }
    }

    /// The name prompt: the name to set, and whether it was cancelled
    /// (only when a name was set before).
    fn ask_annotator(&mut self, ui: &mut egui::Ui) -> (Option<Command>, bool) {
        ui.heading("Who is annotating?");
        ui.label("Your name is recorded on every span you make, so a team can compare. You can change it later with Your Name… in the Edit menu; MARGINALIA_ANNOTATOR, when set, names you for one run.");
        let l = ui.label("Your name");
        let r = ui
            .add(egui::TextEdit::singleline(&mut self.annotator_draft).hint_text("e.g. Ana"))
            .labelled_by(l.id);
        // Focus the field once when the prompt opens; asking every frame
        // would starve the window of input.
        if std::mem::take(&mut self.annotator_focus) {
            r.request_focus();
        }
        let name = self.annotator_draft.trim();
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let (ok, cancel) = ui
            .horizontal(|ui| {
                let ok = ui.add_enabled(!name.is_empty(), egui::Button::new("OK"));
                let cancel = !self.annotator_before.is_empty() && ui.button("Cancel").clicked();
                (ok.clicked(), cancel)
            })
            .inner;
        let set =
            ((ok || enter) && !name.is_empty()).then(|| Command::SetAnnotator(name.to_owned()));
        (set, cancel)
    }
}

fn unsaved(ui: &mut egui::Ui, then: Then, project: &str) -> Option<Command> {
    ui.heading("Unsaved changes");
    let what = match then {
        Then::Quit => "closing",
        Then::OpenDialog | Then::OpenPath(_) => "opening another project",
        Then::NewDialog => "starting a new project",
    };
    ui.label(format!("Save the changes to “{project}” before {what}?"));
    let mut request = None;
    ui.horizontal(|ui| {
        for (button, save) in [
            ("Save", Some(true)),
            ("Discard", Some(false)),
            ("Cancel", None),
        ] {
            if ui.button(button).clicked() {
                let then = then.clone();
                request = Some(Command::Unsaved { then, save });
            }
        }
    });
    request
}

/// The list of keyboard shortcuts, from the action table and the theme
/// keys. Returns whether it was closed.
fn shortcuts(ui: &mut egui::Ui, info: &ModalContext) -> bool {
    ui.heading("Keyboard shortcuts");
    let ctx = ui.ctx().clone();
    // The list scrolls, so Close stays on screen in a small window.
    let room = (ctx.content_rect().height() * 0.55).max(120.0);
    egui::ScrollArea::vertical()
        .max_height(room)
        .show(ui, |ui| shortcut_rows(ui, info, &ctx));
    ui.button("Close").clicked()
}

fn shortcut_rows(ui: &mut egui::Ui, info: &ModalContext, ctx: &egui::Context) {
    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
        for a in ACTIONS {
            if a.shortcuts.is_empty() {
                continue;
            }
            ui.label(a.label);
            let keys: Vec<String> = a.shortcuts.iter().map(|s| ctx.format_shortcut(s)).collect();
            ui.label(keys.join("  or  "));
            ui.end_row();
        }
        for (id, key) in info.theme_keys {
            let label = info.project.theme(id).map_or(id.as_str(), |t| &t.label);
            ui.label(format!("Tag selection as {label}"));
            ui.label(key.to_string());
            ui.end_row();
        }
        if let Some((_, key)) = info.theme_keys.first() {
            ui.label("Tag while typing in the find bar");
            ui.label(format!("Alt+{key} (Alt + the theme's key)"));
            ui.end_row();
        }
        ui.label("Select text");
        ui.label("Drag · Shift+Click extends · Double-click selects a word");
        ui.end_row();
        // The caret keys (ui::caret::Motion::from_key).
        ui.label("Move the caret");
        ui.label("Arrows · Home/End · PageUp/PageDown · Ctrl+Home/End");
        ui.end_row();
        ui.label("Move by word");
        ui.label("Ctrl+Left / Ctrl+Right");
        ui.end_row();
        ui.label("Extend the selection");
        ui.label("Shift + any caret key");
        ui.end_row();
    });
}

/// The file changed on disk (at a save, or seen when the window regained
/// focus) while there are unsaved changes. Returns (request, closed).
fn changed_on_disk(ui: &mut egui::Ui, path: Option<&Path>) -> (Option<Command>, bool) {
    ui.heading("The file changed on disk");
    ui.label(format!(
        "{} was changed by another program (a git pull, another window) since you opened it, and you have unsaved changes.",
        path.map(|p| p.display().to_string()).unwrap_or_default()
    ));
    let (mut request, mut close) = (None, false);
    ui.horizontal(|ui| {
        if ui
            .button("Reload")
            .on_hover_text("Discard your changes and load the file from disk")
            .clicked()
        {
            request = Some(Command::Reload);
        }
        if ui
            .button("Overwrite")
            .on_hover_text("Replace the file on disk with your version")
            .clicked()
        {
            request = Some(Command::Overwrite);
        }
        if ui.button("Save As…").clicked() {
            request = Some(Command::Run(Action::SaveAs));
        }
        close = ui.button("Cancel").clicked();
    });
    (request, close)
}
