//! The app's side of memos: a new memo linked to what is current
//! (Ctrl+M) or to the project (New Project Memo), the Memos view opened
//! on a memo or a filter, and a memo's link opened where its object is.

use std::time::SystemTime;

use super::MarginaliaApp;
use super::command::Command;
use crate::model::{Edit, Memo, MemoLink, SpanRef, timestamp};
use crate::ui::views::memos::editor::describe_link;
use crate::ui::views::memos::list::LinkFilter;

impl MarginaliaApp {
    /// What Ctrl+M links a new memo to: the theme focused in the
    /// codebook, else the selected span, else the current document, else
    /// the project.
    fn current_object(&self) -> MemoLink {
        if let Some(theme) = self.codebook.focused_theme() {
            return MemoLink::Theme {
                theme: theme.to_owned(),
            };
        }
        match (self.session.document(), &self.selected) {
            (Some(doc), Some(span)) => MemoLink::Span {
                doc: doc.id.clone(),
                span: SpanRef::from(span),
            },
            (Some(doc), None) => MemoLink::Document {
                doc: doc.id.clone(),
            },
            _ => MemoLink::Project,
        }
    }

    /// A new memo (one undoable edit) linked to the project or to what is
    /// current, shown in the Memos view with the caret in its title.
    pub(super) fn new_memo(&mut self, on_project: bool) {
        let link = if on_project {
            MemoLink::Project
        } else {
            self.current_object()
        };
        let project = self.session.project();
        let what = describe_link(project, &link);
        let id = project.unique_memo_id("memo");
        let index = project.memos().len();
        let now = timestamp(SystemTime::now());
        let memo =
            Memo::new(id.clone(), "", "", self.prefs.annotator.clone(), now).with_links([link]);
        if self.apply(Edit::AddMemo { index, memo }) {
            self.info(format!("New memo on {what}: give it a title"));
            self.memos
                .show_memo(self.session.project(), &id, true, &mut self.commands);
        }
    }

    /// Opens the Memos view narrowed to `filter`.
    pub(super) fn show_memos(&mut self, filter: LinkFilter) {
        self.memos.show_filtered(filter);
    }

    /// Opens the Memos view on memo `id`.
    pub(super) fn show_one_memo(&mut self, id: &str) {
        self.memos
            .show_memo(self.session.project(), id, false, &mut self.commands);
    }

    /// Shows what `link` points at: a document, a span or a relation's
    /// first span in the document view (selected, the caret at its start), a theme in the codebook (its
    /// editor), the project's memos for the project.
    pub(super) fn open_memo_link(&mut self, ctx: &egui::Context, link: MemoLink) {
        let index = link.document().and_then(|id| {
            self.session
                .project()
                .documents()
                .iter()
                .position(|d| d.id == id)
        });
        let missing = |doc: &str| format!("Document {doc:?} is no longer in the project");
        match link {
            MemoLink::Project => self.show_memos(LinkFilter::Exactly(MemoLink::Project)),
            MemoLink::Document { doc } => match index {
                Some(i) => {
                    self.commands.push(Command::OpenDocument(i));
                    self.findings.show_document();
                }
                None => self.status.error(missing(&doc)),
            },
            MemoLink::Theme { theme } => {
                if self.session.project().theme(&theme).is_some() {
                    self.prefs.show_left_panel = true;
                    self.commands.push(Command::EditTheme(theme));
                } else {
                    self.status
                        .error(format!("Theme {theme:?} is no longer in the codebook"));
                }
            }
            MemoLink::Span { doc, span: at } | MemoLink::Relation { doc, from: at, .. } => {
                match index {
                    Some(document) => {
                        // The caret goes to the span's start, ready for the keys.
                        let start = at.start;
                        self.open_at(ctx, document, at.to_span());
                        if self.selected.as_ref().is_some_and(|s| at.matches(s)) {
                            self.view.select(start, start);
                        }
                    }
                    None => self.status.error(missing(&doc)),
                }
            }
        }
    }
}
