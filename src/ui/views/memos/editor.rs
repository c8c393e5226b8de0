//! The memo editor: the selected memo's title and text, who wrote it and
//! when, and its links (each with Open and Remove).
//!
//! Typing changes a draft, not the project: the draft becomes one
//! undoable edit (`Edit::UpdateMemo`) when the field loses focus or after
//! a pause in typing, so Undo takes back a change of the title or of the
//! text, not a keystroke.

use egui::Ui;

use crate::model::{Edit, Memo, MemoLink, Project, timestamp};
use crate::session::Session;
use crate::ui::app::command::{Command, Commands};

/// How long typing must pause before the draft is committed (seconds).
const PAUSE: f64 = 1.5;

/// The draft of the memo being edited.
#[derive(Default)]
pub struct MemoEditor {
    /// The memo as the project held it when the draft was last in step.
    base: Option<Memo>,
    title: String,
    text: String,
    /// When the draft last changed without being committed (egui time).
    changed_at: Option<f64>,
    /// Put the caret in the title on the next frame (a new memo).
    focus_title: bool,
}

impl MemoEditor {
    /// The id of the memo edited, if any.
    pub fn memo_id(&self) -> Option<&str> {
        self.base.as_ref().map(|m| m.id.as_str())
    }

    /// Edits `memo` (a fresh draft); `focus_title` puts the caret in its
    /// title.
    pub fn edit(&mut self, memo: Option<&Memo>, focus_title: bool) {
        self.base = memo.cloned();
        self.title = memo.map(|m| m.title.clone()).unwrap_or_default();
        self.text = memo.map(|m| m.text.clone()).unwrap_or_default();
        self.changed_at = None;
        self.focus_title = focus_title;
    }

    /// Whether the draft differs from the memo.
    fn dirty(&self) -> bool {
        self.base
            .as_ref()
            .is_some_and(|m| m.title != self.title || m.text != self.text)
    }

    /// The draft as an edit of the memo (line breaks made `\n`), if it
    /// differs from it; `now` is its new modified time.
    fn commit(&mut self, now: String, out: &mut Commands) {
        let Some(base) = &self.base else { return };
        if !self.dirty() {
            return;
        }
        let mut memo = base.clone();
        memo.title = one_line(&self.title);
        memo.text = plain_line_breaks(&self.text);
        memo.modified = now;
        self.title = memo.title.clone();
        self.text = memo.text.clone();
        self.changed_at = None;
        out.push(Command::Apply {
            edit: Edit::UpdateMemo { memo },
            message: None,
        });
    }

    /// Commits what was typed (another memo is chosen, the view closes).
    pub fn flush(&mut self, out: &mut Commands) {
        self.commit(timestamp(std::time::SystemTime::now()), out);
    }

    /// The editor of the memo chosen, drawn from the session.
    pub fn show(&mut self, ui: &mut Ui, session: &Session, out: &mut Commands) {
        let project = session.project();
        let Some(id) = self.memo_id().map(str::to_owned) else {
            ui.weak(
                "Choose a memo in the list, or press Ctrl+M to write one about what is selected.",
            );
            return;
        };
        let Some(memo) = project.memo(&id) else {
            ui.weak("This memo is no longer in the project.");
            self.edit(None, false);
            return;
        };
        // The project changed the memo (an undo, a commit of ours): an
        // unchanged draft follows it.
        if self.base.as_ref() != Some(memo) {
            let keep = self.dirty();
            let (title, text) = (self.title.clone(), self.text.clone());
            self.edit(Some(memo), self.focus_title);
            if keep {
                (self.title, self.text) = (title, text);
            }
        }
        let now = ui.input(|i| i.time);
        let label = ui.label("Title");
        let title = ui
            .add(
                egui::TextEdit::singleline(&mut self.title)
                    .hint_text("A title for this memo")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_title) {
            title.request_focus();
        }
        ui.weak(format!(
            "by {} · written {} · changed {}",
            if memo.author.is_empty() {
                "unknown"
            } else {
                &memo.author
            },
            memo.created,
            memo.modified
        ));
        let label = ui.label("Text");
        let text = ui
            .add(
                egui::TextEdit::multiline(&mut self.text)
                    .hint_text("Write the memo")
                    .desired_rows(8)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if title.changed() || text.changed() {
            self.changed_at = Some(now);
        }
        let paused = self.changed_at.is_some_and(|t| now - t >= PAUSE);
        if title.lost_focus() || text.lost_focus() || paused {
            self.flush(out);
        } else if self.dirty() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(PAUSE));
        }
        ui.add_space(6.0);
        ui.strong(format!(
            "Linked to {}",
            crate::model::plural(memo.links.len(), "object", "objects")
        ));
        for link in &memo.links {
            ui.horizontal(|ui| {
                let what = describe_link(project, link);
                let open = ui.small_button("Open").on_hover_text(link.to_string());
                open.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open {what}"))
                });
                if open.clicked() {
                    out.push(Command::OpenMemoLink(link.clone()));
                }
                let remove = ui.small_button("Remove");
                remove.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("Remove the link to {what}"),
                    )
                });
                if remove.clicked() {
                    let mut changed = memo.clone();
                    changed.links.retain(|l| l != link);
                    changed.modified = timestamp(std::time::SystemTime::now());
                    out.push(Command::Apply {
                        edit: Edit::UpdateMemo { memo: changed },
                        message: Some(format!("The memo no longer links to {what}")),
                    });
                }
                ui.add(egui::Label::new(what).truncate());
            });
        }
        ui.add_space(6.0);
        if ui.button("Delete Memo").clicked() {
            out.push(Command::Apply {
                edit: Edit::RemoveMemo {
                    id: memo.id.clone(),
                },
                message: Some(format!("Memo “{}” deleted", memo.title)),
            });
        }
    }
}

/// A linked object in the user's words: the document's title, the
/// theme's label, a span's text.
pub fn describe_link(project: &Project, link: &MemoLink) -> String {
    let doc_title = |id: &str| {
        project
            .documents()
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_owned(), |d| d.title.clone())
    };
    let span_text = |doc: &str, span: &crate::model::SpanRef| {
        let text = project
            .documents()
            .iter()
            .find(|d| d.id == doc)
            .and_then(|d| d.text().slice(span.start, span.end))
            .unwrap_or_default();
        super::list::preview(text, 1, 40)
    };
    match link {
        MemoLink::Project => "the project".into(),
        MemoLink::Document { doc } => format!("document “{}”", doc_title(doc)),
        MemoLink::Theme { theme } => format!(
            "theme {}",
            project.theme(theme).map_or(theme.as_str(), |t| &t.label)
        ),
        MemoLink::Span { doc, span } => {
            format!("span “{}” in {}", span_text(doc, span), doc_title(doc))
        }
        MemoLink::Relation {
            doc,
            from,
            to,
            kind,
            ..
        } => format!(
            "relation {kind} from “{}” to “{}” in {}",
            span_text(doc, from),
            span_text(doc, to),
            doc_title(doc)
        ),
    }
}

/// A title on one line: line breaks become spaces.
fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

/// A memo's text with its line breaks as `\n` (a pasted CRLF or CR).
fn plain_line_breaks(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_line_breaks_become_the_memos_own() {
        assert_eq!(
            plain_line_breaks("a\r\nb\rc\n😀\u{a0}"),
            "a\nb\nc\n😀\u{a0}"
        );
        assert_eq!(one_line("a\r\nb\nc"), "a b c");
    }
}
