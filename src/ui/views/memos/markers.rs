//! Where memos are linked, shown where the objects are: a small marker
//! with the count beside a document of the list and a theme of the
//! codebook (a click opens the Memos view filtered to it), and the memos
//! of the selected span under its details.

use std::collections::HashMap;

use egui::Ui;

use super::list::{LinkFilter, preview};
use crate::model::{MemoLink, Project, SpanRef};
use crate::session::Session;
use crate::ui::app::command::{Command, Commands};

/// How many memos are linked to each document (or to what is in it) and
/// to each theme: one pass over the memos, once per project revision.
#[derive(Default)]
pub struct MemoCounts {
    documents: HashMap<String, usize>,
    themes: HashMap<String, usize>,
    /// The revision these were counted at.
    revision: Option<(*const Project, u64)>,
}

impl MemoCounts {
    /// Counts again if the project changed since.
    pub fn refresh(&mut self, session: &Session) {
        let key = (
            std::sync::Arc::as_ptr(&session.snapshot()),
            session.revision(),
        );
        if self.revision == Some(key) {
            return;
        }
        *self = MemoCounts::of(session.project());
        self.revision = Some(key);
    }

    /// The counts of `project`'s memos.
    pub fn of(project: &Project) -> Self {
        let mut counts = MemoCounts::default();
        for memo in project.memos() {
            let mut docs: Vec<&str> = memo.links.iter().filter_map(MemoLink::document).collect();
            docs.sort_unstable();
            docs.dedup();
            for doc in docs {
                *counts.documents.entry(doc.to_owned()).or_default() += 1;
            }
            for link in &memo.links {
                if let MemoLink::Theme { theme } = link {
                    *counts.themes.entry(theme.clone()).or_default() += 1;
                }
            }
        }
        counts
    }

    /// Memos linked to document `id` or to what is in it.
    pub fn document(&self, id: &str) -> usize {
        self.documents.get(id).copied().unwrap_or(0)
    }

    /// Memos linked to theme `id`.
    pub fn theme(&self, id: &str) -> usize {
        self.themes.get(id).copied().unwrap_or(0)
    }
}

/// The marker's text: a note sign and the count.
pub fn marker_text(count: usize) -> String {
    format!("🗊 {count}")
}

/// A marker button for `count` memos of `what` (nothing when there are
/// none); a click opens the Memos view filtered by `filter`.
pub fn marker(ui: &mut Ui, count: usize, what: &str, filter: LinkFilter, out: &mut Commands) {
    if count == 0 {
        return;
    }
    let r = ui.small_button(marker_text(count));
    let words = format!("{} on {what}", crate::model::plural(count, "memo", "memos"));
    r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &words));
    if r.on_hover_text(format!("{words}: show them")).clicked() {
        out.push(Command::ShowMemos(filter));
    }
}

/// The memos linked to `span` of document `doc`: a marker that opens them
/// in the Memos view, and each memo's title and first lines with an Open
/// button.
pub fn span_memos(ui: &mut Ui, session: &Session, doc: &str, span: SpanRef, out: &mut Commands) {
    let link = MemoLink::Span {
        doc: doc.to_owned(),
        span,
    };
    let memos: Vec<_> = session.project().memos_linked_to(&link).collect();
    if memos.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.strong("Memos");
        marker(
            ui,
            memos.len(),
            "this span",
            LinkFilter::Exactly(link.clone()),
            out,
        );
    });
    for memo in memos.iter().take(5) {
        ui.horizontal(|ui| {
            let open = ui.small_button("Open");
            let title = if memo.title.is_empty() {
                "(untitled)"
            } else {
                &memo.title
            };
            open.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Open memo {title}"))
            });
            if open.clicked() {
                out.push(Command::ShowMemo(memo.id.clone()));
            }
            ui.strong(title);
        });
        let first = preview(&memo.text, 2, 120);
        if !first.is_empty() {
            ui.weak(first);
        }
    }
}
