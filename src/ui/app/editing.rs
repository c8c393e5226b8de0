//! What the actions do: tagging, retagging, notes, deleting, stepping
//! through spans and matches, undo and redo, and the keys that trigger
//! them. The menus ask [`ActionState`] (enabled, checked) from here.

use egui::Modifiers;

use super::actions::{self, Action, ActionState};
use super::modals::{Modal, Then};
use crate::model::{AnnotatorState, Edit, Span};
use crate::ui::app::{MarginaliaApp, ZOOM_STEP};
use crate::ui::document::find_bar::Stepped;
use crate::ui::io::dialogs::DialogKind;

impl MarginaliaApp {
    /// Applies an edit, showing a refusal in plain words.
    pub(in crate::ui) fn apply(&mut self, edit: Edit) -> bool {
        match self.session.apply(edit) {
            Ok(()) => {
                self.find.invalidate();
                true
            }
            Err(e) => {
                self.status.error(format!("Not done: {e}"));
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
            // The caret goes after the span, so Enter in the find bar
            // and Shift+arrows carry on from there.
            self.view.select(b, b);
            self.select_span(Some(span));
            self.used_theme(theme);
        }
    }

    pub(in crate::ui) fn select_span(&mut self, span: Option<Span>) {
        self.selected = span;
    }

    /// Replaces the selected span with a changed copy (retag, note).
    pub(in crate::ui) fn change_selected(&mut self, change: impl FnOnce(&mut Span)) {
        let (Some(old), Some(doc)) = (self.selected.clone(), self.session.document()) else {
            return;
        };
        let mut new = old.clone();
        change(&mut new);
        if new == old {
            return;
        }
        let retag = old.theme != new.theme;
        let edit = Edit::ReplaceSpan {
            doc: doc.id.clone(),
            old,
            new: new.clone(),
        };
        // "Retagged ‘WTO rules’ from Trade to ICT" in the status bar (in
        // words: the default fonts have no arrow).
        let what = edit.describe_in(self.session.project());
        if self.apply(edit) {
            self.select_span(Some(new));
            if retag && let Some(rest) = what.strip_prefix("retag ") {
                self.info(format!("Retagged {rest}"));
            }
        }
    }

    pub(in crate::ui) fn delete_selected(&mut self) {
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
            self.view.clamp_to(n);
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
        // Only the spans the annotator filter shows.
        let admit = self.annotators.admit(&self.prefs.annotator);
        let shown = |s: &&Span| admit.admits(&s.annotator);
        let next = match &self.selected {
            Some(cur) => {
                let i = doc.spans().position(cur);
                match (i, forward) {
                    (Some(i), true) => spans[i + 1..].iter().find(shown),
                    (Some(i), false) => spans[..i].iter().rev().find(shown),
                    (None, _) => spans.iter().find(shown),
                }
            }
            None => {
                let at = self.view.cursor();
                if forward {
                    spans.iter().filter(shown).find(|s| s.start >= at)
                } else {
                    spans.iter().rev().filter(shown).find(|s| s.start < at)
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

    /// Steps to the next (or previous) match of the find bar: selects it,
    /// scrolls to it and flashes it.
    pub(in crate::ui) fn find_step(&mut self, ctx: &egui::Context, forward: bool) {
        match self
            .find
            .step(ctx, &self.session, self.view.cursor(), forward)
        {
            Stepped::Match(a, b) => {
                self.view.select(a, b);
                self.view.scroll_to(a);
                self.view.flash(ctx, a, b);
            }
            Stepped::NoMatch(msg) => self.info(msg),
            Stepped::Nothing => {}
        }
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
            Action::ImportDoccano => self.ask(ctx, DialogKind::ImportDoccano),
            Action::Export => self.modals.open(Modal::Export),
            Action::Quit => self.guard(ctx, Then::Quit),
            Action::Undo => {
                match self.session.undo() {
                    Some(what) => self.info(format!("Undid: {what}")),
                    None => self.info("Nothing to undo"),
                }
                self.find.invalidate();
                self.revalidate_selection();
            }
            Action::Redo => {
                match self.session.redo() {
                    Some(what) => self.info(format!("Redid: {what}")),
                    None => self.info("Nothing to redo"),
                }
                self.find.invalidate();
                self.revalidate_selection();
            }
            Action::Find => {
                self.find.open();
            }
            Action::FindNext => self.find_step(ctx, true),
            Action::FindPrevious => self.find_step(ctx, false),
            Action::Copy => {
                if let (Some((a, b)), Some(doc)) = (self.view.selection(), self.session.document())
                {
                    ctx.copy_text(doc.text().slice(a, b).unwrap_or_default().to_owned());
                    self.info(format!(
                        "Copied {}",
                        crate::model::plural(b - a, "code point", "code points")
                    ));
                }
            }
            Action::DeleteSpan => self.delete_selected(),
            Action::NextSpan => self.step_span(ctx, true),
            Action::PreviousSpan => self.step_span(ctx, false),
            // Esc closes the find bar first (keeping the match selected,
            // ready for a theme key), then clears the selection.
            Action::ClearSelection => {
                if self.is_relating() {
                    self.cancel_relation();
                } else if self.find.is_open() {
                    self.find.close();
                } else {
                    self.view.clear_selection();
                    self.select_span(None);
                }
            }
            Action::MarkDone => self.toggle_done(),
            Action::Curation => {
                if self.curation.is_open() {
                    self.curation.close();
                } else if self.session.document().is_some() {
                    self.curation.open();
                } else {
                    self.info("Import a document first (File > Import…)");
                }
            }
            Action::ToggleSnapping => self.prefs.snap_to_words = !self.prefs.snap_to_words,
            Action::FontBigger => self.prefs.font_size = (self.prefs.font_size + 1.0).min(40.0),
            Action::FontSmaller => self.prefs.font_size = (self.prefs.font_size - 1.0).max(9.0),
            Action::ZoomIn => self.zoom(ctx, self.prefs.zoom + ZOOM_STEP),
            Action::ZoomOut => self.zoom(ctx, self.prefs.zoom - ZOOM_STEP),
            Action::ZoomReset => self.zoom(ctx, 1.0),
            Action::ToggleDarkMode => {
                self.prefs.dark = !self.prefs.dark;
                ctx.set_theme(if self.prefs.dark {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Action::ToggleSpanLabels => self.prefs.show_labels = !self.prefs.show_labels,
            Action::ToggleRelations => self.prefs.show_relations = !self.prefs.show_relations,
            Action::RelateSpan => self.start_relation(),
            Action::ToggleAnnotatorLanes => {
                self.prefs.annotator_lanes = !self.prefs.annotator_lanes;
            }
            Action::Agreement => self.agreement.toggle(),
            Action::ToggleLeftPanel => self.prefs.show_left_panel = !self.prefs.show_left_panel,
            Action::ToggleRightPanel => {
                self.prefs.show_right_panel = !self.prefs.show_right_panel;
            }
            Action::ToggleBuiltinFileDialog => {
                self.prefs.builtin_file_dialog = !self.prefs.builtin_file_dialog;
            }
            Action::YourName => self.modals.ask_annotator_name(&self.prefs.annotator),
            Action::Shortcuts => self.modals.open(Modal::Shortcuts),
            Action::About => self.modals.open(Modal::About),
            // Findings: a corpus, segments, analysis, report.
            Action::ImportFolder => self.ask(ctx, DialogKind::ImportFolder),
            Action::ImportCodebook => self.ask(ctx, DialogKind::ImportCodebook),
            Action::ShowSegments => self
                .findings
                .toggle(crate::ui::views::findings::CentralView::Segments),
            Action::ShowAnalysis => self
                .findings
                .toggle(crate::ui::views::findings::CentralView::Analysis),
            Action::ExportReport => self.ask_report_path(ctx),
            Action::Messages => self.status.toggle_messages(),
            Action::CommandPalette => self.open_palette(ctx),
            Action::PickTheme if self.is_relating() => self.pick_relation_target(),
            Action::PickTheme => self.open_picker(),
            // Suggestions.
            Action::Suggest => self.start_suggest(false, false),
            Action::SuggestAll => self.start_suggest(true, false),
            Action::ToggleSuggestOnOpen => {
                self.prefs.suggest_on_open = !self.prefs.suggest_on_open;
            }
            Action::NextSuggestion => self.step_suggestion(ctx, true),
            Action::PreviousSuggestion => self.step_suggestion(ctx, false),
            Action::AcceptSuggestion => self.accept_suggestion(ctx),
            Action::RejectSuggestion => self.reject_suggestion(ctx),
            Action::AcceptThemeSuggestions => self.accept_theme_suggestions(ctx),
            Action::NewMemo => self.new_memo(false),
            Action::NewProjectMemo => self.new_memo(true),
            Action::ShowMemos => self.memos.toggle(&mut self.commands),
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

    pub(in crate::ui) fn handle_keys(&mut self, ctx: &egui::Context) {
        if self.keys_elsewhere() {
            return;
        }
        let copy_event = !ctx.egui_wants_keyboard_input()
            && ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Copy)));
        // The Curation view's own keys first: its R (reject) is not the
        // document view's R (Relate Span To…), which it hides.
        self.curation.take_keys(ctx);
        for action in actions::pressed(ctx) {
            self.run_action(ctx, action);
        }
        if copy_event {
            self.run_action(ctx, Action::Copy);
        }
        if self.curation.is_open() {
            // The Curation view hides the document view: J, K, A and R are
            // its own, and theme keys and caret moves do nothing, since the
            // hidden view's selection is not what the user sees.
            if !ctx.egui_wants_keyboard_input() {
                self.curation.take_keys(ctx);
            }
            return;
        }
        // Alt + a theme key tags the selection even while typing (in the
        // find bar: the match Enter selected), and types nothing.
        for (theme, _, k) in actions::theme_shortcuts(self.session.project().themes()) {
            let pressed = ctx.input_mut(|i| {
                let hit = i.consume_key(Modifiers::ALT, k);
                if hit {
                    i.events.retain(
                        |e| !matches!(e, egui::Event::Text(t) if egui::Key::from_name(t) == Some(k)),
                    );
                }
                hit
            });
            if pressed {
                self.tag_selection(&theme);
            }
        }
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        if self.session.document().is_some() {
            for (motion, extend) in crate::ui::document::caret::take_motions(ctx) {
                self.view.move_caret(motion, extend);
            }
        }
        for (theme, _, k) in actions::theme_shortcuts(self.session.project().themes()) {
            if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, k)) {
                self.tag_selection(&theme);
            }
        }
    }
}

impl MarginaliaApp {
    /// Whether the window's annotator marked the open document done.
    fn is_done(&self) -> bool {
        self.session
            .document()
            .is_some_and(|d| d.state(&self.prefs.annotator) == AnnotatorState::Done)
    }

    /// Document → Mark Done: done ↔ in progress for the window's annotator
    /// on the open document (an undoable edit, saved in the project).
    fn toggle_done(&mut self) {
        let Some(doc) = self.session.document() else {
            self.info("Import a document first (File > Import…)");
            return;
        };
        let (doc, title) = (doc.id.clone(), doc.title.clone());
        let state = if self.is_done() {
            AnnotatorState::InProgress
        } else {
            AnnotatorState::Done
        };
        let annotator = self.prefs.annotator.clone();
        if self.apply(Edit::SetState {
            doc,
            annotator: annotator.clone(),
            state,
        }) {
            self.info(format!("{title}: {state} for {annotator}"));
        }
    }
}

impl ActionState for MarginaliaApp {
    fn enabled(&self, action: Action) -> bool {
        match action {
            Action::MarkDone => {
                self.session.document().is_some() && !self.prefs.annotator.trim().is_empty()
            }
            Action::Curation => self.session.document().is_some(),
            Action::Undo => self.session.history().can_undo(),
            Action::Redo => self.session.history().can_redo(),
            Action::Suggest | Action::SuggestAll => self.session.document().is_some(),
            Action::NextSuggestion | Action::PreviousSuggestion => self
                .session
                .document()
                .is_some_and(|d| !d.suggestions().is_empty()),
            Action::AcceptSuggestion
            | Action::RejectSuggestion
            | Action::AcceptThemeSuggestions => self.suggestions.current().is_some_and(|c| {
                self.session
                    .document()
                    .is_some_and(|d| d.suggestions().contains(c))
            }),
            _ => true,
        }
    }

    fn checked(&self, action: Action) -> Option<bool> {
        match action {
            Action::ToggleSnapping => Some(self.prefs.snap_to_words),
            Action::ToggleDarkMode => Some(self.prefs.dark),
            Action::ToggleSpanLabels => Some(self.prefs.show_labels),
            Action::ToggleRelations => Some(self.prefs.show_relations),
            Action::ToggleAnnotatorLanes => Some(self.prefs.annotator_lanes),
            Action::ToggleLeftPanel => Some(self.prefs.show_left_panel),
            Action::ToggleRightPanel => Some(self.prefs.show_right_panel),
            Action::ToggleBuiltinFileDialog => Some(self.prefs.builtin_file_dialog),
            Action::MarkDone => Some(self.is_done()),
            Action::Curation => Some(self.curation.is_open()),
            Action::ToggleSuggestOnOpen => Some(self.prefs.suggest_on_open),
            Action::ShowSegments => {
                Some(self.findings.view() == crate::ui::views::findings::CentralView::Segments)
            }
            Action::ShowAnalysis => {
                Some(self.findings.view() == crate::ui::views::findings::CentralView::Analysis)
            }
            Action::Messages => Some(self.status.log().is_open()),
            Action::ShowMemos => Some(self.memos.is_open()),
            _ => None,
        }
    }
}
