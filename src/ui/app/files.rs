//! File work the window asks for: opening, reloading, recovering, the
//! file dialogs, and the unsaved-changes guard before a project is
//! replaced or the window closes.

use std::path::{Path, PathBuf};

use egui::ViewportCommand;

use crate::formats::Format;
use crate::model::Project;
use crate::session::open::{LockMode, ReadOnlyReason, Session};
use crate::store::{self, recovery};
use crate::ui::app::MarginaliaApp;
use crate::ui::app::modals::{Modal, Then};
use crate::ui::io::dialogs::{DialogKind, PendingDialog};
use crate::ui::io::file_dialog::{self, BuiltinDialog};
use crate::ui::jobs::open::OpenProject;

impl MarginaliaApp {
    pub(in crate::ui) fn open_path(&mut self, path: &Path) {
        self.start_open(path, LockMode::Acquire);
    }

    /// The recovery prompt answered: restore it into the project file
    /// (keeping a backup) and reopen, or delete it.
    pub(in crate::ui) fn recover_answer(&mut self, restore: bool) {
        self.modals.close();
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return;
        };
        if restore {
            self.start_open_job(OpenProject {
                path,
                mode: LockMode::Acquire,
                current: None,
                restore: true,
                reload: false,
            });
        } else {
            recovery::remove_recovery(&path);
            self.info("Discarded the recovery file");
        }
    }

    /// Reloads the project from disk, dropping unsaved changes.
    pub(in crate::ui) fn reload(&mut self) {
        self.modals.close();
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return;
        };
        // Read-only by choice stays so; a write-protected file is looked
        // at again, so a reload after `chmod u+w` makes it writable.
        let mode = if self.session.read_only_reason() == Some(ReadOnlyReason::Chosen) {
            LockMode::ReadOnly
        } else {
            LockMode::Acquire
        };
        self.settle_recovery();
        self.session.discard_recovery();
        self.start_open_job(OpenProject {
            path,
            mode,
            current: Some(self.session.current_index()),
            restore: false,
            reload: true,
        });
    }

    /// Called every frame: notices the file changing on disk when the
    /// window regains focus, and writes the recovery file when due.
    pub(in crate::ui) fn watch(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused).unwrap_or(true);
        let regained = focused && !self.focused;
        self.focused = focused;
        if regained && !self.modals.is_open() && self.session.changed_on_disk() {
            if self.session.is_dirty() {
                self.modals.open(Modal::ChangedOnDisk);
            } else {
                self.reload();
            }
        }
        let every = std::time::Duration::from_secs(self.prefs.autosave_secs);
        self.start_recovery(every);
        if self.session.is_dirty() {
            ctx.request_repaint_after(every.max(std::time::Duration::from_secs(1)));
        }
    }

    /// Shows how a save went and carries on with `then`; a file changed
    /// on disk asks what to do.
    pub(in crate::ui) fn saved(
        &mut self,
        result: Result<PathBuf, store::SaveError>,
        then: Option<Then>,
    ) {
        match result {
            Ok(saved) => {
                self.info(format!("Saved {}", saved.display()));
                self.prefs.remember(saved);
                if let Some(then) = then {
                    let ctx = self.ctx.clone();
                    self.proceed(&ctx, then);
                }
            }
            Err(store::SaveError::ChangedOnDisk(_)) => {
                self.modals.open(Modal::SaveConflict);
            }
            Err(e @ store::SaveError::ReadOnly(_)) => {
                self.status.error(e.to_string());
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(in crate::ui) fn ask(&mut self, ctx: &egui::Context, kind: DialogKind) {
        if self.pending.is_some() {
            return;
        }
        let suggested = match kind {
            DialogKind::SaveProjectAs => Some(
                self.session
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| {
                        PathBuf::from(format!(
                            "{}.ron",
                            crate::model::slug(self.session.project().name())
                        ))
                    }),
            ),
            // A fresh name beside the open project, never its own path:
            // Enter alone must not replace a file.
            DialogKind::NewProject => {
                let folder = match self.session.path().and_then(Path::parent) {
                    Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
                    _ => std::env::current_dir().unwrap_or_default(),
                };
                Some(crate::ui::io::overwrite::untitled_in(&folder))
            }
            _ => self.session.path().map(Path::to_path_buf),
        };
        self.ask_with(ctx, kind, suggested);
    }

    /// Opens a file dialog suggesting `suggested`.
    pub(in crate::ui) fn ask_with(
        &mut self,
        ctx: &egui::Context,
        kind: DialogKind,
        suggested: Option<PathBuf>,
    ) {
        if self.pending.is_some() || self.builtin_dialog.is_some() {
            return;
        }
        // The window's own dialog when asked for, or when the desktop has
        // no dialog service (see file_dialog.rs).
        let env = std::env::var("MARGINALIA_FILE_DIALOG").ok();
        let reason = if self.prefs.builtin_file_dialog {
            Some("View > Built-in File Dialog is on: type a path or pick one below.")
        } else if self.dialogs.native()
            && !file_dialog::native_wanted(env.as_deref(), file_dialog::service_found())
        {
            Some(if env.as_deref().map(str::trim) == Some("builtin") {
                "MARGINALIA_FILE_DIALOG=builtin is set: type a path or pick one below."
            } else {
                "No desktop file dialog was found (no xdg-desktop-portal on D-Bus, no zenity or kdialog): type a path or pick one below."
            })
        } else {
            None
        };
        match reason {
            Some(reason) => {
                self.builtin_dialog = Some(BuiltinDialog::new(kind, suggested, reason));
            }
            None => {
                self.pending = Some(PendingDialog::open(&self.dialogs, kind, suggested, ctx));
            }
        }
    }

    pub(in crate::ui) fn poll_dialog(&mut self) {
        let Some((answer, unseen)) = self.pending.as_ref().and_then(|p| p.poll()) else {
            return;
        };
        let pending = self.pending.take();
        if unseen && let Some(p) = pending {
            // The desktop's dialog answered "cancelled" without showing:
            // there is no dialog service. Ask in the window instead.
            self.builtin_dialog = Some(BuiltinDialog::new(
                p.kind,
                p.suggested,
                "The desktop's file dialog did not open (no xdg-desktop-portal or zenity answered): type a path or pick one below.",
            ));
            return;
        }
        self.dialog_answer(pending.map(|p| p.kind), answer);
    }

    /// A file dialog answered (empty: cancelled).
    pub(super) fn dialog_answer(&mut self, kind: Option<DialogKind>, answer: Vec<PathBuf>) {
        let Some(path) = answer.first().cloned() else {
            self.then_after_save = None;
            return;
        };
        match kind {
            Some(DialogKind::OpenProject) => self.open_path(&path),
            Some(kind @ DialogKind::SaveProjectAs) => {
                let path = kind.file_written(&path).unwrap_or(path);
                let then = self.then_after_save.take();
                self.start_save(Some(&path), true, then);
            }
            Some(kind @ DialogKind::NewProject) => {
                let path = kind.file_written(&path).unwrap_or(path);
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Untitled".into());
                self.settle_recovery();
                self.session = Session::new(Project::with_default_codebook(name));
                self.after_project_change();
                self.start_save(Some(&path), true, None);
            }
            Some(DialogKind::Import) if answer.len() > 1 => self.import_many(answer),
            Some(DialogKind::Import) => self.import(&path, None),
            Some(DialogKind::ImportFolder) => self.import_many(answer),
            Some(DialogKind::ExportSegments { extension }) => {
                self.export_segments(&path, extension)
            }
            Some(DialogKind::ExportReport) => self.start_report(path),
            Some(DialogKind::ImportDoccano) => self.import(&path, Some(Format::Doccano)),
            Some(DialogKind::ImportCodebook) => self.import_codebook(&path),
            Some(DialogKind::Export { .. }) => self.start_export(path),
            None => {}
        }
    }

    /// Closes the window, first asking about unsaved changes.
    pub(in crate::ui) fn quit(&mut self, ctx: &egui::Context) {
        self.guard(ctx, Then::Quit);
    }

    /// Runs `then` now, or first asks about unsaved changes.
    pub(in crate::ui) fn guard(&mut self, ctx: &egui::Context, then: Then) {
        if self.session.is_dirty() {
            self.modals.open(Modal::Unsaved(then));
        } else {
            self.proceed(ctx, then);
        }
    }

    pub(in crate::ui) fn proceed(&mut self, ctx: &egui::Context, then: Then) {
        match then {
            Then::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Then::OpenDialog => self.ask(ctx, DialogKind::OpenProject),
            Then::NewDialog => self.ask(ctx, DialogKind::NewProject),
            Then::OpenPath(p) => self.open_path(&p),
        }
    }

    /// The unsaved-changes prompt answered.
    pub(in crate::ui) fn unsaved_answer(
        &mut self,
        ctx: &egui::Context,
        then: Then,
        save: Option<bool>,
    ) {
        self.modals.close();
        match save {
            None => {}
            Some(false) => {
                // A recovery write still running would bring the file back.
                self.settle_recovery();
                self.session.discard_recovery();
                self.proceed(ctx, then);
            }
            Some(true) => {
                if self.session.path().is_some() {
                    self.start_save(None, true, Some(then));
                } else {
                    self.then_after_save = Some(then);
                    self.ask(ctx, DialogKind::SaveProjectAs);
                }
            }
        }
    }
}
