//! The application: it holds the session and wires the parts of the
//! window together. Each part (menus, find bar, codebook, span list and
//! details, theme editor, modal windows, status bar, worker) keeps its
//! own state and hands back requests; this file carries them out. What
//! the actions do is in `editing.rs`, the file work in `files.rs` and
//! `tasks.rs`.

pub mod actions;
pub(in crate::ui) mod coding;
pub(in crate::ui) mod editing;
pub(in crate::ui) mod frame_stats;
pub(in crate::ui) mod fuzzy;
pub(in crate::ui) mod menus;
pub mod messages;
pub mod modals;
pub mod palette;
pub(in crate::ui) mod panels;
pub mod prefs;
pub(in crate::ui) mod status;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use std::path::PathBuf;
use std::sync::Arc;

use egui::ViewportCommand;

/// One step of View → Zoom In / Zoom Out, and the scales allowed.
pub(super) const ZOOM_STEP: f32 = 0.1;
const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 3.0;

use crate::model::{Edit, Project, Span};
use crate::session::Session;
use crate::ui::document::doc_view::{DocView, ViewEvent, ViewInput};
use crate::ui::document::find_bar::{FindBar, FindRequest};
use crate::ui::io::dialogs::{FileDialogs, PendingDialog};
use crate::ui::jobs::worker::Worker;
use crate::ui::sidebar::annotators::AnnotatorFilter;
use crate::ui::sidebar::codebook::{Codebook, CodebookRequest};
use crate::ui::sidebar::theme_editor::{EditorRequest, ThemeEditor};
use crate::ui::spans::span_details::{SpanDetails, SpanRequest};
use crate::ui::spans::span_list::SpanList;
use crate::ui::views::agreement_view::{AgreementRequest, AgreementView};
use crate::ui::views::curation::{CurationRequest, CurationView};
use menus::MenuRequest;
use modals::{Modal, ModalContext, ModalRequest, Modals, Then};
use prefs::Prefs;
use status::{StatusBar, StatusLine};

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

/// The Marginalia window.
pub struct MarginaliaApp {
    /// System fonts found by coverage (off in most tests).
    system_fonts: Option<std::sync::Arc<crate::ui::document::fonts::CoverageFonts>>,
    pub(super) session: Session,
    pub(super) view: DocView,
    /// The span clicked or just made: shown in the details, target of
    /// retag, note and delete.
    pub(super) selected: Option<Span>,
    pub(super) prefs: Prefs,
    pub(super) dialogs: Arc<dyn FileDialogs>,
    pub(super) pending: Option<PendingDialog>,
    /// The window's own file dialog, when the desktop has none.
    pub(super) builtin_dialog: Option<crate::ui::io::file_dialog::BuiltinDialog>,
    /// Continue with this after a Save As started from the unsaved prompt.
    pub(super) then_after_save: Option<Then>,
    pub(super) modals: Modals,
    pub(super) status: StatusBar,
    pub(super) find: FindBar,
    pub(super) codebook: Codebook,
    /// Whose spans are shown (a view setting, not saved).
    pub(super) annotators: AnnotatorFilter,
    /// The Agreement window.
    pub(super) agreement: AgreementView,
    /// The Curation view (shown in place of the document when open).
    pub(super) curation: CurationView,
    /// The Segments and Analysis views.
    pub(super) findings: crate::ui::views::findings::Findings,
    span_list: SpanList,
    span_details: SpanDetails,
    theme_editor: Option<ThemeEditor>,
    /// The command palette, the theme picker and the themes used lately
    /// (most recent first).
    pub(super) palette: crate::ui::app::palette::Palette,
    pub(super) picker: crate::ui::app::palette::Picker,
    pub(super) recent_themes: Vec<String>,
    pub(super) pick_for: crate::ui::app::coding::PickFor,
    /// The suggestions list and the suggestion being reviewed.
    pub(super) suggestions: crate::ui::spans::suggestions::SuggestionsPanel,
    /// Opening, saving, a recovery write, an import or an export on a
    /// worker thread.
    pub(super) worker: Worker,
    /// The window's context, to wake it when a worker finishes.
    pub(super) ctx: egui::Context,
    /// Whether the window had focus last frame.
    pub(super) focused: bool,
    /// Frame timings to print (`MARGINALIA_FRAME_STATS=1`).
    frame_stats: Option<crate::ui::app::frame_stats::FrameStats>,
    /// Panic on the next frame (tests of crash recovery).
    #[cfg(feature = "test-hooks")]
    panic_next_frame: bool,
    pub(super) allow_close: bool,
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
        options
            .prefs
            .name_this_run(crate::session::annotator::for_this_run);
        if options.project.is_none() {
            options.project = options.prefs.recent.iter().find(|p| p.exists()).cloned();
        }
        Self::new(&cc.egui_ctx, options)
    }

    /// The app on a context (used directly by tests).
    pub fn new(ctx: &egui::Context, options: AppOptions) -> Self {
        let system_fonts = options
            .system_fonts
            .then(|| crate::ui::document::fonts::install(ctx));
        let mut app = MarginaliaApp {
            system_fonts,
            session: Session::new(Project::with_default_codebook("Untitled")),
            view: DocView::default(),
            selected: None,
            prefs: options.prefs,
            dialogs: options.dialogs,
            pending: None,
            builtin_dialog: None,
            then_after_save: None,
            modals: Modals::default(),
            status: StatusBar::default(),
            find: FindBar::default(),
            codebook: Codebook::default(),
            annotators: AnnotatorFilter::default(),
            agreement: AgreementView::default(),
            curation: CurationView::default(),
            findings: crate::ui::views::findings::Findings::default(),
            span_list: SpanList::default(),
            span_details: SpanDetails::default(),
            theme_editor: None,
            palette: Default::default(),
            picker: Default::default(),
            recent_themes: Vec::new(),
            pick_for: Default::default(),
            suggestions: Default::default(),
            worker: Worker::new(ctx),
            ctx: ctx.clone(),
            focused: true,
            frame_stats: crate::ui::app::frame_stats::FrameStats::from_env(),
            #[cfg(feature = "test-hooks")]
            panic_next_frame: false,
            allow_close: false,
            title: String::new(),
        };
        if let Some(path) = options.project {
            app.open_path(&path);
        }
        if app.prefs.annotator.trim().is_empty() {
            app.modals.open(Modal::AskAnnotator);
        }
        ctx.set_theme(if app.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        // The zoom keys are actions of the table (so Help lists them);
        // egui's own handling of them would zoom twice.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let zoom = app.prefs.zoom;
        if zoom != 1.0 {
            app.zoom(ctx, zoom);
        }
        app
    }

    /// Scales the whole interface (clamped to 50 %–300 %) and remembers it.
    pub(super) fn zoom(&mut self, ctx: &egui::Context, factor: f32) {
        let factor = if factor.is_finite() {
            (factor * 10.0).round() / 10.0
        } else {
            1.0
        };
        self.prefs.zoom = factor.clamp(MIN_ZOOM, MAX_ZOOM);
        ctx.set_zoom_factor(self.prefs.zoom);
    }

    /// Applies an edit and, if the model takes it, says `what` happened.
    fn apply_then_say(&mut self, edit: Edit, what: String) {
        if self.apply(edit) {
            self.info(what);
        }
    }

    pub(super) fn info(&mut self, msg: impl Into<String>) {
        self.status.info(msg);
    }

    /// An error in the status bar and in a window.
    pub(super) fn error(&mut self, msg: impl Into<String>) {
        let msg = msg.into();
        self.status.error(msg.clone());
        self.modals.open(Modal::Error(msg));
    }

    /// One frame of the window.
    fn frame(&mut self, ui: &mut egui::Ui) {
        #[cfg(feature = "test-hooks")]
        if std::mem::take(&mut self.panic_next_frame) {
            panic!("a panic injected by a test");
        }
        let ctx = ui.ctx().clone();
        if let Some(fonts) = &self.system_fonts {
            fonts.begin_frame(&ctx);
        }
        self.watch(&ctx);
        self.poll_dialog();
        self.poll_task();
        self.suggest_on_open();
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.close_during_work() {
                // A save or an export is running: it closes the window
                // (asking about unsaved changes) when it ends.
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            } else if self.session.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.modals.open(Modal::Unsaved(Then::Quit));
            }
        }
        self.handle_keys(&ctx);
        self.take_dropped_files(&ctx);
        let title = self.opening_title().unwrap_or_else(|| self.session.title());
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        let menu = menus::menu_bar(ui, &*self, &self.prefs.recent, self.prefs.font_size);
        match menu {
            Some(MenuRequest::Run(action)) => self.run_action(&ctx, action),
            Some(MenuRequest::OpenRecent(p)) => self.guard(&ctx, Then::OpenPath(p)),
            None => {}
        }
        match self.find.show(ui, &self.session) {
            Some(FindRequest::Step { forward }) => self.find_step(&ctx, forward),
            Some(FindRequest::TagAll {
                theme,
                all_documents,
            }) => self.tag_all(&theme, all_documents),
            None => {}
        }
        self.status_bar(ui);
        let keys = self.theme_keys();
        let plan = self.panel_plan(ui);
        self.codebook.max_width = plan.left;
        if plan.left.is_some()
            && let Some(r) = self
                .codebook
                .show(ui, &self.session, &keys, &self.prefs.annotator)
        {
            self.codebook_request(&ctx, r);
        }
        if let Some(max) = plan.right {
            self.right_panel(ui, max);
        }

        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        let info = ModalContext {
            project: self.session.project(),
            path: self.session.path(),
            theme_keys: &keys,
        };
        if let Some(r) = self.modals.show(&ctx, &info) {
            self.modal_request(&ctx, r);
        }
        self.theme_editor_window(&ctx);
        self.agreement_window(&ctx);
        self.builtin_dialog_window(&ctx);
        self.coding_windows(&ctx);
        self.task_ui(&ctx);
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        let doc = self.session.document();
        let line = StatusLine {
            document: doc.map(|d| d.title.as_str()),
            selection: self.view.selection(),
            cursor: self.view.cursor(),
            spans: doc.map_or(0, |d| d.spans().len()),
            dirty: self.session.is_dirty(),
            annotator: &self.prefs.annotator,
            working: self.task_status(),
        };
        self.status.show(ui, &line);
    }

    /// Which side panels show and how wide they may be, so the document
    /// keeps at least forty characters a row.
    fn panel_plan(&self, ui: &egui::Ui) -> crate::ui::app::panels::PanelPlan {
        const SAMPLE: &str = "the joint statement of the two ministers";
        let font = egui::FontId::proportional(self.prefs.font_size);
        let sample = ui.fonts_mut(|f| f.layout_no_wrap(SAMPLE.into(), font, egui::Color32::BLACK));
        let char_width = sample.size().x / SAMPLE.chars().count() as f32;
        crate::ui::app::panels::PanelPlan::new(
            ui.max_rect().width(),
            char_width,
            self.prefs.show_left_panel,
            self.prefs.show_right_panel,
        )
    }

    fn right_panel(&mut self, ui: &mut egui::Ui, max_width: f32) {
        let (mut request, mut jump, mut suggestion) = (None, None, None);
        egui::Panel::right("spans")
            .resizable(true)
            .default_size(320.0)
            .max_size(max_width)
            .show(ui, |ui| {
                self.annotators
                    .show(ui, &self.session, &self.prefs.annotator);
                ui.separator();
                // Long lines are cut short ("…"), never wider than the
                // panel: content wider than a right panel pushes it off
                // the window and leaves the document under it.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                ui.heading("Selected span");
                let selected = self.selected.as_ref();
                request = self.span_details.show(ui, &self.session, selected);
                suggestion = self.suggestions.show(ui, &self.session);
                ui.separator();
                let admit = self.annotators.admit(&self.prefs.annotator);
                jump = self.span_list.show(ui, &self.session, selected, admit);
            });
        match request {
            Some(SpanRequest::Retag(theme)) => self.change_selected(|s| s.theme = theme),
            Some(SpanRequest::SaveNote(note)) => self.change_selected(|s| s.note = note),
            Some(SpanRequest::Delete) => self.delete_selected(),
            None => {}
        }
        if let Some(span) = jump {
            self.jump_to_span(&ui.ctx().clone(), span);
        }
        if let Some(r) = suggestion {
            self.suggestion_request(&ui.ctx().clone(), r);
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        if self.curation.is_open() {
            let request = self
                .curation
                .show(ui, &self.session, &mut self.prefs.curator);
            match request {
                Some(CurationRequest::Apply(edit, what)) => self.apply_then_say(edit, what),
                Some(CurationRequest::Info(msg)) => self.info(msg),
                Some(CurationRequest::Close) => self.curation.close(),
                None => {}
            }
            return;
        }
        if !self.session.project().documents().is_empty() {
            self.findings.tabs(ui);
            if self.findings.view() != crate::ui::views::findings::CentralView::Document {
                let shown = self.codebook.shown_documents();
                if let Some(r) = self.findings.show(ui, &self.session, &shown) {
                    self.segments_request(&ui.ctx().clone(), r);
                }
                return;
            }
        }
        if self.session.document().is_none() {
            crate::ui::document::no_document::show(ui);
            return;
        }
        let lanes = self
            .prefs
            .annotator_lanes
            .then(|| self.annotators.lanes(&self.session, &self.prefs.annotator));
        if let Some(names) = &lanes {
            crate::ui::sidebar::annotators::lanes_legend(ui, names);
        }
        self.suggestions.refresh(&self.session);
        let (suggestions, longest_suggestion) = self.suggestions.rows();
        let current_suggestion = self.suggestions.current();
        let Some(doc) = self.session.document() else {
            return;
        };
        let input = ViewInput {
            doc,
            themes: self.session.project().themes(),
            hidden: self.codebook.hidden(),
            admit: self.annotators.admit(&self.prefs.annotator),
            lanes: lanes.as_deref(),
            selected_span: self.selected.as_ref(),
            find_matches: if self.find.is_open() {
                self.find.matches()
            } else {
                &[]
            },
            current_match: self.find.current(),
            font_size: self.prefs.font_size,
            snap_to_words: self.prefs.snap_to_words,
            dark: self.prefs.dark,
            show_labels: self.prefs.show_labels,
            suggestions,
            longest_suggestion,
            current_suggestion,
        };
        for e in self.view.show(ui, &input) {
            match e {
                ViewEvent::ClickedSpan(s) => self.select_span(Some(s)),
                ViewEvent::ClickedEmpty => self.select_span(None),
            }
        }
    }

    fn agreement_window(&mut self, ctx: &egui::Context) {
        if !self.agreement.is_open() {
            return;
        }
        let names = self.annotators.names(&self.session).to_vec();
        let Some(AgreementRequest::Open { document, span }) =
            self.agreement.show(ctx, &self.session, &names)
        else {
            return;
        };
        if document != self.session.current_index() {
            self.session.set_current(document);
            self.after_document_change();
        }
        let Some(doc) = self.session.document() else {
            return;
        };
        // The span may have gone since the list was made.
        let Some(i) = doc.spans().position(&span) else {
            self.info("That span is no longer in the document");
            return;
        };
        let span = doc.spans().spans()[i].clone();
        let hidden_theme = self.codebook.hidden().contains(&span.theme);
        let hidden_by = !self
            .annotators
            .admit(&self.prefs.annotator)
            .admits(&span.annotator);
        let theme = self
            .session
            .project()
            .theme(&span.theme)
            .map_or(span.theme.clone(), |t| t.label.clone());
        let msg = format!(
            "{}'s span {}..{} ({theme}){}",
            span.annotator,
            span.start,
            span.end,
            if hidden_by {
                " (outlined: the annotator filter hides its colour)"
            } else if hidden_theme {
                " (outlined: its theme is hidden in the codebook)"
            } else {
                ""
            }
        );
        self.jump_to_span(ctx, span);
        self.info(msg);
    }

    fn codebook_request(&mut self, ctx: &egui::Context, request: CodebookRequest) {
        let project = self.session.project();
        match request {
            CodebookRequest::OpenDocument(i) => {
                self.session.set_current(i);
                self.after_document_change();
            }
            CodebookRequest::Import => {
                self.run_action(ctx, crate::ui::app::actions::Action::Import)
            }
            CodebookRequest::Tag(theme) => self.tag_selection(&theme),
            CodebookRequest::EditTheme(id) => {
                self.theme_editor = project.theme(&id).map(ThemeEditor::edit);
            }
            CodebookRequest::DeleteTheme(id) => {
                let Some(t) = project.theme(&id) else { return };
                let spans = project
                    .documents()
                    .iter()
                    .map(|d| d.spans().count_with_theme(&id))
                    .sum();
                let label = t.label.clone();
                self.modals.open(Modal::DeleteTheme { id, label, spans });
            }
            CodebookRequest::AddTheme => self.theme_editor = Some(ThemeEditor::add(project)),
            CodebookRequest::Apply(edit) => {
                self.apply(edit);
            }
            CodebookRequest::Reparent { theme, parent } => self.reparent(&theme, parent),
            CodebookRequest::MergeInto(theme) => self.open_merge_picker(&theme),
        }
    }

    fn modal_request(&mut self, ctx: &egui::Context, request: ModalRequest) {
        match request {
            ModalRequest::Unsaved { then, save } => self.unsaved_answer(ctx, then, save),
            ModalRequest::DeleteTheme(id) => {
                self.apply(Edit::RemoveTheme { id: id.clone() });
                self.codebook.forget(&id);
                if self.selected.as_ref().is_some_and(|s| s.theme == id) {
                    self.select_span(None);
                }
            }
            ModalRequest::SetAnnotator(name) => self.prefs.choose_annotator(name),
            ModalRequest::OpenLocked { path, mode } => self.start_open(&path, mode),
            ModalRequest::Recover(restore) => self.recover_answer(restore),
            ModalRequest::Reload => self.reload(),
            ModalRequest::Overwrite => self.start_save(None, false, None),
            ModalRequest::SaveAs => {
                self.ask(ctx, crate::ui::io::dialogs::DialogKind::SaveProjectAs)
            }
            ModalRequest::ChooseExportPath => self.ask_export_path(ctx),
        }
    }

    fn theme_editor_window(&mut self, ctx: &egui::Context) {
        let Some(editor) = &mut self.theme_editor else {
            return;
        };
        let request = editor.show(ctx, self.session.project(), self.status.last_error());
        let close = match request {
            // An edit the model refuses keeps the editor open.
            Some(EditorRequest::Apply(edit)) => self.apply(edit),
            Some(EditorRequest::Invalid(msg)) => {
                self.status.error(msg);
                false
            }
            Some(EditorRequest::Cancel) => true,
            // Esc closes the editor like Cancel.
            None => ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)),
        };
        if close {
            self.theme_editor = None;
        }
    }

    /// Whether a window over the document takes the keys (a modal, the
    /// theme editor, a progress window).
    pub(super) fn keys_elsewhere(&self) -> bool {
        self.modals.is_open()
            || self.theme_editor.is_some()
            || self.builtin_dialog.is_some()
            || self.blocked()
            || self.palette.is_open()
            || self.picker.is_open()
    }

    /// Another project: every part of the window starts afresh.
    pub(super) fn after_project_change(&mut self) {
        self.after_document_change();
        self.codebook.reset();
        self.curation.reset();
        self.span_list.reset();
        self.annotators.reset();
        self.agreement.reset();
        self.findings.reset();
        self.recent_themes.clear();
        self.suggestions.reset();
    }

    /// Another document: no selection, search again.
    pub(super) fn after_document_change(&mut self) {
        self.picker.close();
        self.view.reset();
        self.selected = None;
        self.find.reset();
        self.curation.document_changed();
        self.suggestions.document_changed();
    }
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
        eframe::set_value(storage, prefs::KEY, &self.prefs.to_keep());
    }
}
