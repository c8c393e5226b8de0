//! The app carries out what the parts of the window asked for: the
//! [`Commands`](super::command::Commands) queue, drained once a frame
//! after every part has drawn, each command in the order it was pushed.

use super::MarginaliaApp;
use super::command::{Command, Commands};
use crate::model::{Edit, Span};
use crate::ui::app::modals::{Modal, Then};
use crate::ui::sidebar::theme_editor::ThemeEditor;

impl MarginaliaApp {
    /// Carries out every command pushed this frame, in order. What a
    /// command asks for while the queue is carried out waits for the next
    /// frame. The queue's storage is reused: no allocation per frame.
    pub(super) fn drain_commands(&mut self, ctx: &egui::Context) {
        let carried_out = Commands::carry_out_all(
            self,
            |app| &mut app.commands,
            |app, command| app.carry_out(ctx, command),
        );
        if carried_out {
            // What the commands changed is painted now, not at the next input.
            ctx.request_repaint();
        }
    }

    /// Carries out one command.
    fn carry_out(&mut self, ctx: &egui::Context, command: Command) {
        match command {
            Command::Apply { edit, message } => {
                if self.apply(edit)
                    && let Some(message) = message
                {
                    self.info(message);
                }
            }
            Command::OpenAt { document, span } => self.open_at(ctx, document, span),
            Command::OpenDocument(i) => {
                self.session.set_current(i);
                self.after_document_change();
            }
            Command::SelectSpan(span) => self.span_clicked(span),
            Command::SelectRelation(relation) => self.selected_relation = relation,
            Command::StartRelation => self.start_relation(),
            Command::Relate(kind) => self.relate(&kind),
            Command::Run(action) => self.run_action(ctx, action),
            Command::StartJob(job) => job.start(self),
            Command::CancelJob => self.cancel_task(),
            Command::Say(message) => self.info(message),
            Command::Warn(message) => self.status.error(message),
            Command::Tag(theme) => self.tag_selection(&theme),
            Command::TagAll {
                theme,
                all_documents,
            } => self.tag_all(&theme, all_documents),
            Command::Retag(theme) => self.change_selected(|s| s.theme = theme),
            Command::SaveNote(note) => self.change_selected(|s| s.note = note),
            Command::GoToSuggestion(s) => self.go_to_suggestion(ctx, s),
            Command::AddTheme => {
                self.theme_editor = Some(ThemeEditor::add(self.session.project()));
            }
            Command::EditTheme(id) => {
                self.theme_editor = self.session.project().theme(&id).map(ThemeEditor::edit);
            }
            // A theme the model refuses keeps the editor open.
            Command::SaveTheme(edit) => {
                if self.apply(edit) {
                    self.theme_editor = None;
                }
            }
            Command::CloseThemeEditor => self.theme_editor = None,
            Command::AskDeleteTheme(id) => self.ask_delete_theme(id),
            Command::DeleteTheme(id) => self.delete_theme(&id),
            Command::Reparent { theme, parent } => self.reparent(&theme, parent),
            Command::ChooseMergeTarget(theme) => self.open_merge_picker(&theme),
            Command::MergeTheme { from, into } => self.merge_theme(from, &into),
            Command::ExportSegments(format) => self.ask_segments_path(ctx, format),
            Command::FileChosen { kind, paths } => {
                self.builtin_dialog = None;
                self.dialog_answer(Some(kind), paths);
            }
            Command::OpenProject(path) => self.guard(ctx, Then::OpenPath(path)),
            Command::Unsaved { then, save } => self.unsaved_answer(ctx, then, save),
            Command::SetAnnotator(name) => self.prefs.choose_annotator(name),
            Command::SetCurator(name) => self.prefs.curator = name,
            Command::OpenLocked { path, mode } => self.start_open(&path, mode),
            Command::Recover(restore) => self.recover_answer(restore),
            Command::Reload => self.reload(),
            Command::Overwrite => self.start_save(None, false, None),
            Command::ChooseExportPath => self.ask_export_path(ctx),
            Command::ShowMemos(filter) => self.show_memos(filter),
            Command::ShowMemo(id) => self.show_one_memo(&id),
            Command::OpenMemoLink(link) => self.open_memo_link(ctx, link),
        }
    }

    /// Shows document `document` with `span` selected, scrolled into
    /// view and flashed, in the document view. The span may have gone
    /// since the part that asked drew it: then that is said instead.
    pub(super) fn open_at(&mut self, ctx: &egui::Context, document: usize, span: Span) {
        if document != self.session.current_index() {
            self.session.set_current(document);
            self.after_document_change();
        }
        self.findings.show_document();
        let Some(doc) = self.session.document() else {
            return;
        };
        let Some(i) = doc.spans().position(&span) else {
            self.info("That span is no longer in the document");
            return;
        };
        let span = doc.spans().spans()[i].clone();
        self.jump_to_span(ctx, span);
    }

    /// Asks before deleting a theme, saying how many spans it has.
    fn ask_delete_theme(&mut self, id: String) {
        let project = self.session.project();
        let Some(t) = project.theme(&id) else { return };
        let spans = project
            .documents()
            .iter()
            .map(|d| d.spans().count_with_theme(&id))
            .sum();
        let label = t.label.clone();
        self.modals.open(Modal::DeleteTheme { id, label, spans });
    }

    /// Deletes a theme (the question answered): its spans go with it.
    fn delete_theme(&mut self, id: &str) {
        self.apply(Edit::RemoveTheme { id: id.to_owned() });
        self.codebook.forget(id);
        if self.selected.as_ref().is_some_and(|s| s.theme == id) {
            self.select_span(None);
        }
    }
}
