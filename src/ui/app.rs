//! The application: state, the frame loop, and what each action does.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{Modifiers, ViewportCommand};

use super::actions::{self, Action};
use super::dialogs::{DialogKind, FileDialogs, PendingDialog};
use super::doc_view::{DocView, ViewEvent, ViewInput};
use super::exchange::{ExportDone, ExportForm};
use super::prefs::{self, Prefs};
use super::session::{LockMode, Session};
use super::tasks::{Task, Work};
use crate::model::{Color, Edit, Project, Span, Theme};
use crate::store::{self, recovery};

/// How the window starts.
pub struct AppOptions {
    /// The project to open, if any (else an empty, unsaved project).
    pub project: Option<PathBuf>,
    /// Preferences (from storage, or set by a test).
    pub prefs: Prefs,
    pub dialogs: Arc<dyn FileDialogs>,
    /// Look for system fonts (CJK, Arabic, ...). Tests skip it.
    pub system_fonts: bool,
}

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

/// The theme being added or edited.
#[derive(Clone, Debug)]
pub struct ThemeEditor {
    /// `None` when adding.
    pub id: Option<String>,
    pub label: String,
    pub color: [u8; 3],
    /// The colour as `#rrggbb`, editable as text.
    pub hex: String,
    pub key: String,
    pub description: String,
}

/// Find bar state.
#[derive(Default)]
pub struct Find {
    pub open: bool,
    pub query: String,
    pub matches: Vec<(usize, usize)>,
    pub current: Option<usize>,
    pub(super) key: Option<(String, String)>,
    pub(super) focus: bool,
    /// When the query was last typed in, to wait for a pause in typing
    /// before searching a large document.
    pub(super) typed_at: Option<std::time::Instant>,
    /// A search of a large document running on a worker thread, for a key.
    #[allow(clippy::type_complexity)]
    pub(super) searching: Option<(
        (String, String),
        std::sync::mpsc::Receiver<Vec<(usize, usize)>>,
    )>,
}

/// Documents larger than this (bytes) are searched once typing pauses.
const FIND_PAUSE_ABOVE: usize = 1_000_000;
/// How long typing must pause.
const FIND_TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(150);

/// The Marginalia window.
pub struct MarginaliaApp {
    pub(super) session: Session,
    pub(super) view: DocView,
    pub(super) selected: Option<Span>,
    pub(super) note_draft: String,
    pub(super) prefs: Prefs,
    pub(super) dialogs: Arc<dyn FileDialogs>,
    pub(super) pending: Option<PendingDialog>,
    pub(super) modal: Option<Modal>,
    /// Continue with this after a Save As started from the unsaved prompt.
    pub(super) then_after_save: Option<Then>,
    pub(super) message: Option<(String, bool)>,
    pub(super) find: Find,
    pub(super) filter_theme: Option<String>,
    pub(super) filter_text: String,
    pub(super) hidden: HashSet<String>,
    /// Span list rows (indices into the document's spans) for a key of
    /// (revision, document, theme filter, text filter).
    #[allow(clippy::type_complexity)]
    pub(super) span_rows: Option<((u64, usize, Option<String>, String), Vec<usize>)>,
    pub(super) theme_editor: Option<ThemeEditor>,
    pub(super) annotator_draft: String,
    /// Focus the name field of the annotator prompt on its first frame.
    pub(super) annotator_focus: bool,
    pub(super) export_form: ExportForm,
    /// Opening, saving, a recovery write or an import on a worker thread.
    pub(super) task: Option<Task>,
    /// The window's context, to wake it when a worker finishes.
    pub(super) ctx: egui::Context,
    /// Workers wait here before starting (tests).
    pub(super) hold_workers: Option<Arc<std::sync::Barrier>>,
    /// Whether the window had focus last frame.
    focused: bool,
    /// Frame timings to print (`MARGINALIA_FRAME_STATS=1`).
    frame_stats: Option<super::frame_stats::FrameStats>,
    /// Panic on the next frame (tests of crash recovery).
    panic_next_frame: bool,
    allow_close: bool,
    title: String,
}

impl MarginaliaApp {
    /// The app as eframe creates it: preferences from storage.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        mut options: AppOptions,
    ) -> Self {
        if let Some(storage) = cc.storage
            && let Some(p) = eframe::get_value::<Prefs>(storage, prefs::KEY)
        {
            let annotator = std::mem::take(&mut options.prefs.annotator);
            options.prefs = p;
            if options.prefs.annotator.is_empty() {
                options.prefs.annotator = annotator;
            }
        }
        if options.prefs.annotator.trim().is_empty()
            && let Ok(name) = std::env::var("MARGINALIA_ANNOTATOR")
        {
            options.prefs.annotator = name.trim().to_owned();
        }
        if options.project.is_none() {
            options.project = options.prefs.recent.iter().find(|p| p.exists()).cloned();
        }
        Self::new(&cc.egui_ctx, options)
    }

    /// The app on a context (used directly by tests).
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        if options.system_fonts {
            super::fonts::install(ctx);
        }
        let mut app = MarginaliaApp {
            session: Session::new(Project::with_default_codebook("Untitled")),
            view: DocView::default(),
            selected: None,
            note_draft: String::new(),
            prefs: options.prefs,
            dialogs: options.dialogs,
            pending: None,
            modal: None,
            then_after_save: None,
            message: None,
            find: Find::default(),
            filter_theme: None,
            filter_text: String::new(),
            hidden: HashSet::new(),
            span_rows: None,
            theme_editor: None,
            annotator_draft: String::new(),
            annotator_focus: false,
            export_form: ExportForm::default(),
            task: None,
            ctx: ctx.clone(),
            hold_workers: None,
            focused: true,
            frame_stats: super::frame_stats::FrameStats::from_env(),
            panic_next_frame: false,
            allow_close: false,
            title: String::new(),
        };
        if let Some(path) = options.project {
            app.open_path(&path);
        }
        if app.prefs.annotator.trim().is_empty() {
            app.modal = Some(Modal::AskAnnotator);
            app.annotator_focus = true;
        }
        ctx.set_theme(if app.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        app
    }

    /// The open project and its history.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The selected text range in code points, if any.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.view.selection()
    }

    /// Selects a range of the current document (as a drag would).
    pub fn select(&mut self, start: usize, end: usize) {
        self.view.select(start, end);
    }

    /// The selected span, if any.
    pub fn selected_span(&self) -> Option<&Span> {
        self.selected.as_ref()
    }

    /// The last message shown in the status bar, and whether it is an error.
    pub fn message(&self) -> Option<(&str, bool)> {
        self.message.as_ref().map(|(m, e)| (m.as_str(), *e))
    }

    /// The open modal window, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// The preferences as they would be stored.
    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// Whether the window has been told to close (after the unsaved
    /// prompt, or once a running save ends).
    pub fn quitting(&self) -> bool {
        self.allow_close
    }

    /// The find bar's matches.
    pub fn find_matches(&self) -> &[(usize, usize)] {
        &self.find.matches
    }

    pub(super) fn info(&mut self, msg: impl Into<String>) {
        self.message = Some((msg.into(), false));
    }

    pub(super) fn error(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        self.message = Some((msg.clone(), true));
        self.modal = Some(Modal::Error(msg));
    }

    // ----- files -----

    pub(super) fn open_path(&mut self, path: &Path) {
        self.start_open(path, LockMode::Acquire);
    }

    /// The recovery prompt answered: restore it into the project file
    /// (keeping a backup) and reopen, or delete it.
    pub(super) fn recover_answer(&mut self, restore: bool) {
        self.modal = None;
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return;
        };
        if restore {
            self.start_open_work(Work::Open {
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
    pub(super) fn reload(&mut self) {
        self.modal = None;
        let Some(path) = self.session.path().map(Path::to_path_buf) else {
            return;
        };
        let mode = if self.session.is_read_only() {
            LockMode::ReadOnly
        } else {
            LockMode::Acquire
        };
        self.settle_recovery();
        self.session.discard_recovery();
        self.start_open_work(Work::Open {
            path,
            mode,
            current: Some(self.session.current_index()),
            restore: false,
            reload: true,
        });
    }

    /// Called every frame: notices the file changing on disk when the
    /// window regains focus, and writes the recovery file when due.
    pub(super) fn watch(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.viewport().focused).unwrap_or(true);
        let regained = focused && !self.focused;
        self.focused = focused;
        if regained && self.modal.is_none() && self.session.changed_on_disk() {
            if self.session.is_dirty() {
                self.modal = Some(Modal::ChangedOnDisk);
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

    pub(super) fn after_project_change(&mut self) {
        self.view.reset();
        self.selected = None;
        self.note_draft.clear();
        self.find.key = None;
        self.find.searching = None;
        self.hidden.clear();
        self.filter_theme = None;
        // A new session starts its revisions at 0 again.
        self.span_rows = None;
    }

    /// Shows how a save went and carries on with `then`; a file changed
    /// on disk asks what to do.
    pub(super) fn saved(&mut self, result: Result<PathBuf, store::SaveError>, then: Option<Then>) {
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
                self.modal = Some(Modal::SaveConflict);
            }
            Err(e @ store::SaveError::ReadOnly(_)) => {
                self.message = Some((e.to_string(), true));
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    pub(super) fn ask(&mut self, ctx: &egui::Context, kind: DialogKind) {
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
            _ => self.session.path().map(Path::to_path_buf),
        };
        self.ask_with(ctx, kind, suggested);
    }

    /// Opens a file dialog suggesting `suggested`.
    pub(super) fn ask_with(
        &mut self,
        ctx: &egui::Context,
        kind: DialogKind,
        suggested: Option<PathBuf>,
    ) {
        if self.pending.is_some() {
            return;
        }
        self.pending = Some(PendingDialog::open(&self.dialogs, kind, suggested, ctx));
    }

    fn poll_dialog(&mut self) {
        let Some(answer) = self.pending.as_ref().and_then(|p| p.poll()) else {
            return;
        };
        let kind = self.pending.take().map(|p| p.kind);
        let Some(path) = answer else {
            self.then_after_save = None;
            return;
        };
        match kind {
            Some(DialogKind::OpenProject) => self.open_path(&path),
            Some(DialogKind::SaveProjectAs) => {
                let path = with_ron_extension(path);
                let then = self.then_after_save.take();
                self.start_save(Some(&path), true, then);
            }
            Some(DialogKind::NewProject) => {
                let path = with_ron_extension(path);
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "Untitled".into());
                self.settle_recovery();
                self.session = Session::new(Project::with_default_codebook(name));
                self.after_project_change();
                self.start_save(Some(&path), true, None);
            }
            Some(DialogKind::Import) => self.import(&path),
            Some(DialogKind::Export { .. }) => self.start_export(path),
            None => {}
        }
    }

    pub(super) fn after_document_change(&mut self) {
        self.view.reset();
        self.selected = None;
        self.note_draft.clear();
        self.find.key = None;
        self.find.searching = None;
    }

    /// Closes the window, first asking about unsaved changes.
    pub(super) fn quit(&mut self, ctx: &egui::Context) {
        self.guard(ctx, Then::Quit);
    }

    /// Runs `then` now, or first asks about unsaved changes.
    fn guard(&mut self, ctx: &egui::Context, then: Then) {
        if self.session.is_dirty() {
            self.modal = Some(Modal::Unsaved(then));
        } else {
            self.proceed(ctx, then);
        }
    }

    pub(super) fn proceed(&mut self, ctx: &egui::Context, then: Then) {
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
    pub(super) fn unsaved_answer(&mut self, ctx: &egui::Context, then: Then, save: Option<bool>) {
        self.modal = None;
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

    // ----- editing -----

    /// Applies an edit, showing a refusal in plain words.
    pub(super) fn apply(&mut self, edit: Edit) -> bool {
        match self.session.apply(edit) {
            Ok(()) => {
                self.find.key = None;
                true
            }
            Err(e) => {
                self.message = Some((format!("Not done: {e}"), true));
                false
            }
        }
    }

    /// Tags the selection with a theme.
    pub fn tag_selection(&mut self, theme: &str) {
        let Some(doc) = self.session.document() else {
            self.info("Import a document first (File > Import…)");
            return;
        };
        let Some((mut a, mut b)) = self.view.selection() else {
            self.info("Select some text first, then press the theme's key");
            return;
        };
        if self.prefs.snap_to_words {
            (a, b) = doc.text().snap_to_words(a, b);
        }
        let Some((start, end)) = doc.text().trim_range(a, b) else {
            self.info("Not tagged: the selection is only white space");
            return;
        };
        let trimmed = (start, end) != (a, b);
        let (a, b) = (start, end);
        let span = Span::new(a, b, theme, &self.prefs.annotator);
        let doc = doc.id.clone();
        if self.apply(Edit::AddSpan {
            doc,
            span: span.clone(),
        }) {
            let label = self
                .session
                .project()
                .theme(theme)
                .map_or(theme.to_owned(), |t| t.label.clone());
            self.info(if trimmed {
                format!("Tagged {a}..{b} as {label} (white space at the ends left out)")
            } else {
                format!("Tagged {a}..{b} as {label}")
            });
            self.view.clear_selection();
            self.select_span(Some(span));
        }
    }

    pub(super) fn select_span(&mut self, span: Option<Span>) {
        self.note_draft = span.as_ref().map(|s| s.note.clone()).unwrap_or_default();
        self.selected = span;
    }

    /// Replaces the selected span with a changed copy (retag, note).
    pub(super) fn change_selected(&mut self, change: impl FnOnce(&mut Span)) {
        let (Some(old), Some(doc)) = (self.selected.clone(), self.session.document()) else {
            return;
        };
        let mut new = old.clone();
        change(&mut new);
        if new == old {
            return;
        }
        let doc = doc.id.clone();
        if self.apply(Edit::ReplaceSpan {
            doc,
            old,
            new: new.clone(),
        }) {
            self.select_span(Some(new));
        }
    }

    pub(super) fn delete_selected(&mut self) {
        let (Some(span), Some(doc)) = (self.selected.clone(), self.session.document()) else {
            self.info("Click a span to select it first");
            return;
        };
        let doc = doc.id.clone();
        if self.apply(Edit::RemoveSpan { doc, span }) {
            self.select_span(None);
            self.info("Span deleted");
        }
    }

    /// Keeps the selected span only if it still exists (after undo/redo).
    fn revalidate_selection(&mut self) {
        if let Some(s) = &self.selected {
            let exists = self
                .session
                .document()
                .and_then(|d| d.spans().position(s).map(|i| d.spans().spans()[i].clone()));
            self.select_span(exists);
        }
        if let Some(doc) = self.session.document() {
            let n = doc.text().len_chars();
            let (a, b) = (self.view.anchor.min(n), self.view.head.min(n));
            self.view.select(a, b);
        }
    }

    /// Jumps to a span: selects it, scrolls to it and flashes it.
    pub fn jump_to_span(&mut self, ctx: &egui::Context, span: Span) {
        self.view.scroll_to(span.start);
        self.view.flash(ctx, span.start, span.end);
        self.select_span(Some(span));
    }

    fn step_span(&mut self, ctx: &egui::Context, forward: bool) {
        let Some(doc) = self.session.document() else {
            return;
        };
        let spans = doc.spans().spans();
        let next = match &self.selected {
            Some(cur) => {
                let i = doc.spans().position(cur);
                match (i, forward) {
                    (Some(i), true) => spans.get(i + 1),
                    (Some(i), false) => i.checked_sub(1).and_then(|j| spans.get(j)),
                    (None, _) => spans.first(),
                }
            }
            None => {
                let at = self.view.head;
                if forward {
                    spans.iter().find(|s| s.start >= at)
                } else {
                    spans.iter().rev().find(|s| s.start < at)
                }
            }
        };
        match next.cloned() {
            Some(s) => self.jump_to_span(ctx, s),
            None => self.info(if forward {
                "No more spans below"
            } else {
                "No more spans above"
            }),
        }
    }

    pub(super) fn refresh_find(&mut self) {
        self.refresh_find_now(false);
    }

    /// Brings the find matches up to date with the query. In a large
    /// document (a search takes tens of milliseconds at 10 MB) it waits
    /// until typing pauses, then searches on a worker thread so that no
    /// frame waits for it; `now` (Enter, F3) waits for the result instead.
    fn refresh_find_now(&mut self, now: bool) {
        let Some(doc) = self.session.document() else {
            self.find.matches.clear();
            return;
        };
        let key = (doc.id.clone(), self.find.query.clone());
        if self.find.key.as_ref() == Some(&key) {
            return;
        }
        let large = doc.text().as_str().len() > FIND_PAUSE_ABOVE;
        let found = if !large {
            Some(doc.text().find_all(&self.find.query))
        } else {
            if self.find.searching.as_ref().map(|(k, _)| k) != Some(&key) {
                if !now
                    && self
                        .find
                        .typed_at
                        .is_some_and(|t| t.elapsed() < FIND_TYPING_PAUSE)
                {
                    return;
                }
                let (tx, rx) = std::sync::mpsc::channel();
                let (project, index) = (self.session.snapshot(), self.session.current_index());
                let (query, ctx) = (self.find.query.clone(), self.ctx.clone());
                std::thread::spawn(move || {
                    let found = project
                        .documents()
                        .get(index)
                        .map(|d| d.text().find_all(&query))
                        .unwrap_or_default();
                    let _ = tx.send(found);
                    ctx.request_repaint();
                });
                self.find.searching = Some((key.clone(), rx));
            }
            let rx = &self.find.searching.as_ref().expect("a search").1;
            if now {
                rx.recv().ok()
            } else {
                rx.try_recv().ok()
            }
        };
        if let Some(matches) = found {
            self.find.matches = matches;
            self.find.current = None;
            self.find.key = Some(key);
            self.find.searching = None;
        }
    }

    pub(super) fn find_step(&mut self, ctx: &egui::Context, forward: bool) {
        self.find.typed_at = None;
        self.refresh_find_now(true);
        let n = self.find.matches.len();
        if n == 0 {
            if !self.find.query.is_empty() {
                self.info(format!("No match for “{}”", self.find.query));
            }
            return;
        }
        let i = match (self.find.current, forward) {
            (None, true) => self
                .find
                .matches
                .iter()
                .position(|m| m.0 >= self.view.head)
                .unwrap_or(0),
            (None, false) => self
                .find
                .matches
                .iter()
                .rposition(|m| m.0 < self.view.head)
                .unwrap_or(n - 1),
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        self.find.current = Some(i);
        let (a, b) = self.find.matches[i];
        self.view.select(a, b);
        self.view.scroll_to(a);
        self.view.flash(ctx, a, b);
    }

    /// Carries out an action.
    pub fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.guard(ctx, Then::NewDialog),
            Action::Open => self.guard(ctx, Then::OpenDialog),
            Action::Save => {
                if self.session.path().is_some() && !self.session.is_read_only() {
                    self.start_save(None, true, None);
                } else {
                    self.ask(ctx, DialogKind::SaveProjectAs);
                }
            }
            Action::SaveAs => self.ask(ctx, DialogKind::SaveProjectAs),
            Action::Import => self.ask(ctx, DialogKind::Import),
            Action::Export => self.modal = Some(Modal::Export),
            Action::Quit => self.guard(ctx, Then::Quit),
            Action::Undo => {
                match self.session.undo() {
                    Some(what) => self.info(format!("Undid {what}")),
                    None => self.info("Nothing to undo"),
                }
                self.find.key = None;
                self.revalidate_selection();
            }
            Action::Redo => {
                match self.session.redo() {
                    Some(what) => self.info(format!("Redid {what}")),
                    None => self.info("Nothing to redo"),
                }
                self.find.key = None;
                self.revalidate_selection();
            }
            Action::Find => {
                self.find.open = true;
                self.find.focus = true;
            }
            Action::FindNext => self.find_step(ctx, true),
            Action::FindPrevious => self.find_step(ctx, false),
            Action::Copy => {
                if let (Some((a, b)), Some(doc)) = (self.view.selection(), self.session.document())
                {
                    ctx.copy_text(doc.text().slice(a, b).unwrap_or_default().to_owned());
                    self.info(format!("Copied {} code points", b - a));
                }
            }
            Action::DeleteSpan => self.delete_selected(),
            Action::NextSpan => self.step_span(ctx, true),
            Action::PreviousSpan => self.step_span(ctx, false),
            Action::ClearSelection => {
                if self.find.open && self.view.selection().is_none() && self.selected.is_none() {
                    self.find.open = false;
                }
                self.view.clear_selection();
                self.select_span(None);
            }
            Action::ToggleSnapping => self.prefs.snap_to_words = !self.prefs.snap_to_words,
            Action::FontBigger => self.prefs.font_size = (self.prefs.font_size + 1.0).min(40.0),
            Action::FontSmaller => self.prefs.font_size = (self.prefs.font_size - 1.0).max(9.0),
            Action::ToggleDarkMode => {
                self.prefs.dark = !self.prefs.dark;
                ctx.set_theme(if self.prefs.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Action::Shortcuts => self.modal = Some(Modal::Shortcuts),
            Action::About => self.modal = Some(Modal::About),
        }
    }

    /// The key that tags with each theme: its own key, else its position
    /// (1–9) when no theme claims that digit; only keys that fire (see
    /// [`actions::theme_shortcuts`]).
    pub fn theme_keys(&self) -> Vec<(String, char)> {
        actions::theme_shortcuts(self.session.project().themes())
            .into_iter()
            .map(|(id, c, _)| (id, c))
            .collect()
    }

    fn handle_keys(&mut self, ctx: &egui::Context) {
        if self.modal.is_some() || self.theme_editor.is_some() || self.blocked() {
            return;
        }
        let copy_event = !ctx.egui_wants_keyboard_input()
            && ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        for action in actions::pressed(ctx) {
            self.run_action(ctx, action);
        }
        if copy_event {
            self.run_action(ctx, Action::Copy);
        }
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        for (theme, _, k) in actions::theme_shortcuts(self.session.project().themes()) {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k)) {
                self.tag_selection(&theme);
            }
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.find.open {
            self.refresh_find();
        }
        let Some(doc) = self.session.document() else {
            ui.vertical_centered(|ui| {
                ui.add_space(80.0);
                ui.heading("No document yet");
                ui.label("Import a document (plain text, or labelled spans from jsonl, brat, Label Studio or REFI-QDA) with File > Import… (Ctrl+I).");
            });
            return;
        };
        let input = ViewInput {
            doc,
            themes: self.session.project().themes(),
            hidden: &self.hidden,
            selected_span: self.selected.as_ref(),
            find_matches: if self.find.open {
                &self.find.matches
            } else {
                &[]
            },
            current_match: self.find.current,
            font_size: self.prefs.font_size,
            snap_to_words: self.prefs.snap_to_words,
            dark: self.prefs.dark,
        };
        let events = self.view.show(ui, &input);
        for e in events {
            match e {
                ViewEvent::ClickedSpan(s) => self.select_span(Some(s)),
                ViewEvent::ClickedEmpty => self.select_span(None),
            }
        }
        let _ = ctx;
    }
}

fn with_ron_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("ron")
    }
}

/// A new theme with a colour not used yet.
pub(super) fn new_theme_editor(project: &Project) -> ThemeEditor {
    const PALETTE: [[u8; 3]; 8] = [
        [0x8e, 0x44, 0xad],
        [0x16, 0xa0, 0x85],
        [0xc0, 0x39, 0x2b],
        [0x27, 0xae, 0x60],
        [0xd3, 0x54, 0x00],
        [0x29, 0x80, 0xb9],
        [0x7f, 0x8c, 0x8d],
        [0xf3, 0x9c, 0x12],
    ];
    let used: HashSet<Color> = project.themes().iter().map(|t| t.color).collect();
    let color = PALETTE
        .iter()
        .find(|c| !used.contains(&Color::rgb(c[0], c[1], c[2])))
        .copied()
        .unwrap_or(PALETTE[0]);
    ThemeEditor {
        id: None,
        label: String::new(),
        color,
        hex: Color::rgb(color[0], color[1], color[2]).to_string(),
        key: String::new(),
        description: String::new(),
    }
}

/// The edit a filled-in theme editor stands for.
pub(super) fn theme_edit(project: &Project, e: &ThemeEditor) -> Result<Edit, String> {
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
    Ok(match &e.id {
        Some(id) => Edit::UpdateTheme {
            theme: Theme {
                id: id.clone(),
                label,
                color,
                key,
                description: e.description.trim().to_owned(),
            },
        },
        None => {
            let base = crate::model::slug(&label);
            Edit::AddTheme {
                index: project.themes().len(),
                theme: Theme {
                    id: project.unique_theme_id(if base.is_empty() { "theme" } else { &base }),
                    label,
                    color,
                    key,
                    description: e.description.trim().to_owned(),
                },
            }
        }
    })
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        // A bug must not cost the user their work: on a panic, write the
        // recovery file, then let the panic go on.
        let start = std::time::Instant::now();
        let frame = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.frame(ui)));
        if let Some(stats) = &mut self.frame_stats
            && let Some(line) = stats.record(start, start.elapsed())
        {
            eprintln!("{line}");
        }
        if let Err(panic) = frame {
            if let Some(p) = self.session.write_recovery_now() {
                eprintln!(
                    "Marginalia crashed; unsaved work was written to {}",
                    p.display()
                );
            }
            std::panic::resume_unwind(panic);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, prefs::KEY, &self.prefs);
    }
}

impl MarginaliaApp {
    /// Makes the next frame panic, as a bug would (for tests of crash
    /// recovery).
    #[doc(hidden)]
    pub fn panic_next_frame(&mut self) {
        self.panic_next_frame = true;
    }

    /// One frame of the window.
    fn frame(&mut self, ui: &mut egui::Ui) {
        if std::mem::take(&mut self.panic_next_frame) {
            panic!("a panic injected by a test");
        }
        let ctx = ui.ctx().clone();
        self.watch(&ctx);
        self.poll_dialog();
        self.poll_task();
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.close_during_work() {
                // A save or an export is running: it closes the window
                // (asking about unsaved changes) when it ends.
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            } else if self.session.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.modal = Some(Modal::Unsaved(Then::Quit));
            }
        }
        self.handle_keys(&ctx);
        let title = self.opening_title().unwrap_or_else(|| self.session.title());
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        self.menu_bar(ui);
        if self.find.open {
            self.find_bar(ui);
        }
        self.status_bar(ui);
        self.left_panel(ui);
        self.right_panel(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.modals(&ctx);
        self.theme_editor_window(&ctx);
        self.task_ui(&ctx);
    }
}
