//! The window's own file dialog: a typed path and a listing of a folder.
//! It opens when the desktop has no file-dialog service (no
//! xdg-desktop-portal, no zenity or kdialog: the native dialog "answers"
//! at once without showing anything), when `MARGINALIA_FILE_DIALOG=builtin`
//! is set, or when View > Built-in File Dialog is on.

use crate::ui::app::command::{Command, Commands};
use std::path::{Path, PathBuf};

use super::dialogs::DialogKind;
use super::overwrite::{ReplaceQuestion, would_replace};

/// Whether the native dialog should be tried, from the environment:
/// `MARGINALIA_FILE_DIALOG=builtin` never tries it, `native` always does,
/// otherwise only when a dialog service looks installed.
pub fn native_wanted(env: Option<&str>, service_found: bool) -> bool {
    match env.map(str::trim) {
        Some("builtin") => false,
        Some("native") => true,
        _ => service_found,
    }
}

/// Whether a file-dialog service looks installed: a D-Bus session (where
/// xdg-desktop-portal answers) or zenity/kdialog on the PATH. Linux and
/// the BSDs only; elsewhere the system dialog is always there.
pub fn service_found() -> bool {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
    };
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || on_path("zenity")
        || on_path("kdialog")
}

/// The dialog's state while it is open.
pub struct BuiltinDialog {
    pub kind: DialogKind,
    /// What the user typed (or picked from the listing).
    path: String,
    /// Why this dialog and not the desktop's.
    reason: String,
    /// The folder listed, and its entries (folders first, then files).
    folder: PathBuf,
    entries: Vec<(String, bool)>,
    focus: bool,
    /// "Replace NAME?", asked when the answer would write over a file.
    replace: Option<ReplaceQuestion>,
}

/// What the user did this frame.
enum BuiltinAnswer {
    Picked(PathBuf),
    Cancelled,
}

impl BuiltinDialog {
    pub fn new(kind: DialogKind, suggested: Option<PathBuf>, reason: impl Into<String>) -> Self {
        let suggested = suggested.map(|p| std::path::absolute(&p).unwrap_or(p));
        let folder = suggested
            .as_deref()
            .and_then(Path::parent)
            .filter(|p| p.is_dir())
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default();
        let path = suggested
            .filter(|_| {
                matches!(
                    kind,
                    DialogKind::SaveProjectAs
                        | DialogKind::NewProject
                        | DialogKind::Export { .. }
                        | DialogKind::ExportReport
                        | DialogKind::ExportSegments { .. }
                )
            })
            .unwrap_or_else(|| folder.join(""))
            .display()
            .to_string();
        let mut d = BuiltinDialog {
            kind,
            path,
            reason: reason.into(),
            folder: PathBuf::new(),
            entries: Vec::new(),
            focus: true,
            replace: None,
        };
        d.list(folder);
        d
    }

    fn title(&self) -> &'static str {
        match self.kind {
            DialogKind::OpenProject => "Open project",
            DialogKind::SaveProjectAs => "Save project as",
            DialogKind::NewProject => "New project",
            DialogKind::Import => "Import a document or labelled spans",
            DialogKind::ImportDoccano => "Import a doccano export (JSONL)",
            DialogKind::ImportCodebook => "Import the codebook of a project (.ron) or a .qdc",
            DialogKind::Export { folder: true, .. } => "Export to folder",
            DialogKind::Export { .. } => "Export",
            DialogKind::ImportFolder => {
                "Import a folder of documents (type or open the folder, then OK)"
            }
            DialogKind::ExportSegments { .. } => "Export segments",
            DialogKind::ExportReport => "Export report (HTML)",
        }
    }

    /// Lists `folder` (unreadable: an empty listing; the path field still
    /// works).
    fn list(&mut self, folder: PathBuf) {
        let mut entries: Vec<(String, bool)> = std::fs::read_dir(&folder)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .map(|e| {
                        let dir = e.path().is_dir();
                        (e.file_name().to_string_lossy().into_owned(), dir)
                    })
                    .filter(|(name, _)| !name.starts_with('.'))
                    .collect()
            })
            .unwrap_or_default();
        entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.entries = entries;
        self.folder = folder;
    }

    /// The dialog as a modal window.
    /// The dialog; a path picked (or Cancel: none) goes onto `out`.
    pub fn show(&mut self, ctx: &egui::Context, out: &mut Commands) {
        let paths = match self.answer(ctx) {
            Some(BuiltinAnswer::Picked(path)) => vec![path],
            Some(BuiltinAnswer::Cancelled) => Vec::new(),
            None => return,
        };
        out.push(Command::FileChosen {
            kind: self.kind,
            paths,
        });
    }

    fn answer(&mut self, ctx: &egui::Context) -> Option<BuiltinAnswer> {
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("builtin-file-dialog")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            if let Some(question) = &mut self.replace {
                match question.show(ui) {
                    Some(true) => {
                        answer = Some(BuiltinAnswer::Picked(question.target().to_path_buf()));
                    }
                    Some(false) => {
                        // Back to the dialog, to type another name.
                        self.replace = None;
                        self.focus = true;
                    }
                    None => {}
                }
                return;
            }
            ui.heading(self.title());
            ui.label(&self.reason);
            let label = ui.label("Path");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.path)
                        .hint_text("/path/to/file")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus) {
                field.request_focus();
            }
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.weak(format!("In {}", self.folder.display()));
            let mut go_to = None;
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    if let Some(parent) = self.folder.parent()
                        && ui.selectable_label(false, "../").clicked()
                    {
                        go_to = Some(parent.to_path_buf());
                    }
                    for (name, dir) in &self.entries {
                        let text = if *dir {
                            format!("{name}/")
                        } else {
                            name.clone()
                        };
                        if ui.selectable_label(false, text).clicked() {
                            let p = self.folder.join(name);
                            if *dir {
                                go_to = Some(p);
                            } else {
                                self.path = p.display().to_string();
                            }
                        }
                    }
                });
            if let Some(dir) = go_to {
                self.path = dir.join("").display().to_string();
                self.list(dir);
            }
            ui.horizontal(|ui| {
                let ok = ui
                    .add_enabled(!self.path.trim().is_empty(), egui::Button::new("OK"))
                    .clicked();
                if (ok || enter) && !self.path.trim().is_empty() {
                    let picked = PathBuf::from(self.path.trim());
                    match self.kind.file_written(&picked).filter(|t| would_replace(t)) {
                        Some(target) => self.replace = Some(ReplaceQuestion::new(target)),
                        None => answer = Some(BuiltinAnswer::Picked(picked)),
                    }
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(BuiltinAnswer::Cancelled);
                }
            });
        });
        if answer.is_none()
            && self.replace.is_none()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            answer = Some(BuiltinAnswer::Cancelled);
        }
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_forces_either_dialog_and_otherwise_the_service_decides() {
        assert!(!native_wanted(Some("builtin"), true));
        assert!(native_wanted(Some("native"), false));
        assert!(native_wanted(None, true));
        assert!(!native_wanted(None, false));
        assert!(!native_wanted(Some(" builtin\n"), true));
        assert!(native_wanted(Some("something else"), true));
    }

    #[test]
    fn the_listing_shows_folders_first_and_hides_dot_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.ron"), "").unwrap();
        std::fs::write(dir.path().join(".hidden"), "").unwrap();
        std::fs::create_dir(dir.path().join("z-folder")).unwrap();
        std::fs::write(dir.path().join("a é 😀.txt"), "").unwrap();
        let d = BuiltinDialog::new(
            DialogKind::OpenProject,
            Some(dir.path().join("b.ron")),
            "test",
        );
        assert_eq!(
            d.entries,
            [
                ("z-folder".to_owned(), true),
                ("a é 😀.txt".to_owned(), false),
                ("b.ron".to_owned(), false)
            ]
        );
    }
}
