//! The application: it holds the session and wires the parts of the
//! window together. Each part (menus, find bar, codebook, span list and
//! details, theme editor, modal windows, status bar, worker) keeps its
//! own state, draws itself from the session and pushes what the user asks
//! for onto the frame's queue of [`command::Command`]s, which
//! `dispatch.rs` carries out once every part has drawn. What the actions
//! do is in `editing.rs`, the file work in `files.rs` and `tasks.rs`.

pub mod actions;
pub(in crate::ui) mod coding;
pub(in crate::ui) mod editing;
mod exchange;
mod files;
pub(in crate::ui) mod frame_stats;
pub(in crate::ui) mod fuzzy;
mod jobs;
mod memos;
pub(in crate::ui) mod menus;
pub mod messages;
pub mod modals;
pub mod palette;
pub(in crate::ui) mod panels;
pub mod prefs;
mod relating;
pub(in crate::ui) mod status;
mod suggestions;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use std::path::PathBuf;
use std::sync::Arc;

use egui::ViewportCommand;

/// One step of View → Zoom In / Zoom Out, and the scales allowed.
pub(super) const ZOOM_STEP: f32 = 0.1;
const MIN_ZOOM: f32 = 0.5;
const MAX_ZOOM: f32 = 3.0;

pub mod command;
mod dispatch;

use self::command::Commands;
use crate::model::{Project, Span};
use crate::session::Session;
use crate::ui::document::doc_view::{DocView, ViewInput};
use crate::ui::document::find_bar::FindBar;
use crate::ui::io::dialogs::{FileDialogs, PendingDialog};
use crate::ui::jobs::worker::Worker;
use crate::ui::sidebar::annotators::AnnotatorFilter;
use crate::ui::sidebar::codebook::Codebook;
use crate::ui::sidebar::theme_editor::ThemeEditor;
use crate::ui::spans::span_details::SpanDetails;
use crate::ui::spans::span_list::SpanList;
use crate::ui::views::agreement_view::AgreementView;
use crate::ui::views::curation::CurationView;
use modals::{Modal, ModalContext, Modals, Then};
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
    session: Session,
    view: DocView,
    /// The span clicked or just made: shown in the details, target of
    /// retag, note and delete.
    selected: Option<Span>,
    /// The relation clicked or just made: shown in the relation details.
    selected_relation: Option<crate::model::Relation>,
    /// A relation being made (its source span; picking its target or type).
    relating: Option<relating::Relating>,
    prefs: Prefs,
    dialogs: Arc<dyn FileDialogs>,
    pending: Option<PendingDialog>,
    /// The window's own file dialog, when the desktop has none.
    builtin_dialog: Option<crate::ui::io::file_dialog::BuiltinDialog>,
    /// Continue with this after a Save As started from the unsaved prompt.
    then_after_save: Option<Then>,
    modals: Modals,
    status: StatusBar,
    find: FindBar,
    codebook: Codebook,
    /// Whose spans are shown (a view setting, not saved).
    annotators: AnnotatorFilter,
    /// The Agreement window.
    agreement: AgreementView,
    /// The Curation view (shown in place of the document when open).
    curation: CurationView,
    /// The Segments and Analysis views.
    findings: crate::ui::views::findings::Findings,
    /// The Memos view and its editor.
    memos: crate::ui::views::memos::MemosView,
    span_list: SpanList,
    span_details: SpanDetails,
    relations_panel: crate::ui::spans::relations::RelationsPanel,
    theme_editor: Option<ThemeEditor>,
    /// The command palette, the theme picker and the themes used lately
    /// (most recent first).
    palette: crate::ui::app::palette::Palette,
    picker: crate::ui::app::palette::Picker,
    recent_themes: Vec<String>,
    /// The suggestions list and the suggestion being reviewed.
    suggestions: crate::ui::spans::suggestions::SuggestionsPanel,
    /// Opening, saving, a recovery write, an import or an export on a
    /// worker thread.
    worker: Worker,
    /// The window's context, to wake it when a worker finishes.
    ctx: egui::Context,
    /// Whether the window had focus last frame.
    focused: bool,
    /// Frame timings to print (`MARGINALIA_FRAME_STATS=1`).
    frame_stats: Option<crate::ui::app::frame_stats::FrameStats>,
    /// Panic on the next frame (tests of crash recovery).
    #[cfg(feature = "test-hooks")]
    panic_next_frame: bool,
    allow_close: bool,
    title: String,
    /// What the parts of the window asked for this frame, carried out
    /// once they have all drawn.
    commands: Commands,
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
            selected_relation: None,
            relating: None,
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
            memos: Default::default(),
            span_list: SpanList::default(),
            span_details: SpanDetails::default(),
            relations_panel: Default::default(),
            theme_editor: None,
            palette: Default::default(),
            picker: Default::default(),
            recent_themes: Vec::new(),
            suggestions: Default::default(),
            worker: Worker::new(ctx),
            ctx: ctx.clone(),
            focused: true,
            frame_stats: crate::ui::app::frame_stats::FrameStats::from_env(),
            #[cfg(feature = "test-hooks")]
            panic_next_frame: false,
            allow_close: false,
            title: String::new(),
            commands: Commands::default(),
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
        // Every part draws itself from the session and pushes what the
        // user asks for onto `out`; the app carries it out at the end.
        let mut out = std::mem::take(&mut self.commands);
        menus::menu_bar(
            ui,
            &*self,
            &self.prefs.recent,
            self.prefs.font_size,
            &mut out,
        );
        self.find.show(ui, &self.session, &mut out);
        self.status_bar(ui);
        let keys = self.theme_keys();
        let plan = self.panel_plan(ui);
        self.codebook.max_width = plan.left;
        if plan.left.is_some() {
            self.codebook
                .show(ui, &self.session, &keys, &self.prefs.annotator, &mut out);
        }
        if let Some(max) = plan.right {
            self.right_panel(ui, max, &mut out);
        }

        egui::CentralPanel::default().show(ui, |ui| self.central(ui, &mut out));
        let info = ModalContext {
            project: self.session.project(),
            path: self.session.path(),
            theme_keys: &keys,
        };
        self.modals.show(&ctx, &info, &mut out);
        if let Some(editor) = &mut self.theme_editor {
            let error = self.status.last_error();
            editor.show(&ctx, self.session.project(), error, &mut out);
        }
        self.agreement_window(&ctx, &mut out);
        self.memos.show(&ctx, &self.session, &mut out);
        if let Some(dialog) = &mut self.builtin_dialog {
            dialog.show(&ctx, &mut out);
        }
        self.palette.show(&ctx, &mut out);
        self.picker.show(&ctx, &mut out);
        self.worker.show(&ctx, &mut out);
        // Behind what the parts asked: what the app's own handlers asked
        // meanwhile (a dialog's answer starting a job).
        out.append(&mut self.commands);
        self.commands = out;
        self.drain_commands(&ctx);
        self.relation_picker_closed();
        self.revalidate_relation();
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

    fn right_panel(&mut self, ui: &mut egui::Ui, max_width: f32, out: &mut Commands) {
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
                self.span_details.show(ui, &self.session, selected, out);
                self.suggestions.show(ui, &self.session, out);
                let admit = self.annotators.admit(&self.prefs.annotator);
                let relation = self.selected_relation.as_ref();
                self.relations_panel
                    .show(ui, &self.session, relation, admit, out);
                ui.separator();
                self.span_list.show(ui, &self.session, selected, admit, out);
            });
    }

    fn central(&mut self, ui: &mut egui::Ui, out: &mut Commands) {
        if self.curation.is_open() {
            self.curation
                .show(ui, &self.session, &self.prefs.curator, out);
            return;
        }
        if !self.session.project().documents().is_empty() {
            self.findings.tabs(ui);
            if self.findings.view() != crate::ui::views::findings::CentralView::Document {
                let shown = self.codebook.shown_documents();
                self.findings.show(ui, &self.session, &shown, out);
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
            relations: (self.prefs.show_relations && !doc.relations().is_empty()).then(|| {
                crate::ui::document::doc_view::RelationsInput {
                    relations: doc.relations(),
                    types: self.session.project().relation_types(),
                    revision: self.session.revision(),
                    doc_index: self.session.current_index(),
                    selected: self.selected_relation.as_ref(),
                }
            }),
            relation_source: self.relating.as_ref().map(|r| &r.source),
        };
        self.view.show(ui, &input, out);
    }

    fn agreement_window(&mut self, ctx: &egui::Context, out: &mut Commands) {
        if !self.agreement.is_open() {
            return;
        }
        let names = self.annotators.names(&self.session).to_vec();
        let shown = (
            self.codebook.hidden(),
            self.annotators.admit(&self.prefs.annotator),
        );
        self.agreement.show(ctx, &self.session, &names, shown, out);
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
        self.memos.reset();
        self.recent_themes.clear();
        self.suggestions.reset();
    }

    /// Another document: no selection, search again.
    pub(super) fn after_document_change(&mut self) {
        self.picker.close();
        self.view.reset();
        self.selected = None;
        self.selected_relation = None;
        self.relating = None;
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
