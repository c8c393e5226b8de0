//! The Memos view (View → Memos): every memo of the project in a list,
//! newest first, searched as you type in titles and texts, filtered by
//! the object it is linked to and by author; the memo chosen is shown in
//! the editor beside the list. Only the rows on screen are laid out
//! (`show_rows`), so ten thousand memos scroll at frame rate.

pub mod editor;
pub mod list;
pub mod markers;

use egui::Ui;

use self::editor::MemoEditor;
use self::list::{LinkFilter, MemoRows};
use crate::model::{MemoLink, Project};
use crate::session::Session;
use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};

/// The height of one row of the list.
const ROW_HEIGHT: f32 = 22.0;
/// The width of the list beside the editor.
const LIST_WIDTH: f32 = 300.0;

/// The Memos view's state: open or not, search and filters, the rows of
/// the current revision, the memo chosen and its editor.
#[derive(Default)]
pub struct MemosView {
    open: bool,
    search: String,
    link: LinkFilter,
    author: Option<String>,
    rows: MemoRows,
    /// The project and revision the rows were computed from.
    key: Option<(*const Project, u64)>,
    /// The search and filters the shown rows were chosen with.
    shown_for: Option<(String, LinkFilter, Option<String>)>,
    editor: MemoEditor,
}

impl MemosView {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The id of the memo in the editor (read by the tests).
    #[cfg(feature = "test-hooks")]
    pub fn chosen(&self) -> Option<&str> {
        self.editor.memo_id()
    }

    /// Opens or closes the view (what was typed is kept first).
    pub fn toggle(&mut self, out: &mut Commands) {
        if self.open {
            self.editor.flush(out);
        }
        self.open = !self.open;
    }

    /// Opens the view narrowed to the memos of `filter`.
    pub fn show_filtered(&mut self, filter: LinkFilter) {
        self.open = true;
        self.link = filter;
        self.search.clear();
        self.author = None;
    }

    /// Opens the view on memo `id` in the editor (with the caret in its
    /// title: a new memo), keeping what was typed in the one before.
    pub fn show_memo(
        &mut self,
        project: &Project,
        id: &str,
        focus_title: bool,
        out: &mut Commands,
    ) {
        self.open = true;
        self.editor.flush(out);
        self.editor.edit(project.memo(id), focus_title);
    }

    /// Another project: no memo chosen, no filters.
    pub fn reset(&mut self) {
        *self = MemosView {
            open: self.open,
            ..MemosView::default()
        };
    }

    /// The rows brought up to date with the project and the filters.
    fn refresh(&mut self, session: &Session) {
        let key = (
            std::sync::Arc::as_ptr(&session.snapshot()),
            session.revision(),
        );
        if self.key != Some(key) {
            self.rows = MemoRows::build(session.project());
            self.key = Some(key);
            self.shown_for = None;
        }
        let wanted = (self.search.clone(), self.link.clone(), self.author.clone());
        if self.shown_for.as_ref() != Some(&wanted) {
            self.rows
                .select(session.project(), &wanted.0, &wanted.1, wanted.2.as_deref());
            self.shown_for = Some(wanted);
        }
    }

    /// The view, as a window beside the document.
    pub fn show(&mut self, ctx: &egui::Context, session: &Session, out: &mut Commands) {
        if !self.open {
            return;
        }
        let mut open = true;
        // In the middle of the window at first: the documents list and
        // the codebook, whose markers open it, stay in sight.
        egui::Window::new("Memos")
            .open(&mut open)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .default_size([760.0, 520.0])
            .resizable(true)
            .show(ctx, |ui| self.contents(ui, session, out));
        if !open {
            self.editor.flush(out);
            self.open = false;
        }
    }

    fn contents(&mut self, ui: &mut Ui, session: &Session, out: &mut Commands) {
        self.refresh(session);
        self.filters(ui, session.project(), out);
        self.refresh(session);
        let total = self.rows.total();
        let shown = self.rows.shown().len();
        ui.weak(if shown == total {
            crate::model::plural(total, "memo", "memos")
        } else {
            format!(
                "{shown} of {}",
                crate::model::plural(total, "memo", "memos")
            )
        });
        ui.separator();
        let height = ui.available_height();
        ui.horizontal_top(|ui| {
            // The list top-down (the row of list and editor is not).
            let top_down = egui::Layout::top_down_justified(egui::Align::Min);
            ui.allocate_ui_with_layout(egui::vec2(LIST_WIDTH, height), top_down, |ui| {
                ui.set_width(LIST_WIDTH);
                self.list(ui, session.project(), out);
            });
            ui.separator();
            ui.vertical(|ui| self.editor.show(ui, session, out));
        });
    }

    /// Search, the linked-object and author filters, New Project Memo.
    fn filters(&mut self, ui: &mut Ui, project: &Project, out: &mut Commands) {
        ui.horizontal(|ui| {
            let label = ui.label("Search");
            ui.add(
                egui::TextEdit::singleline(&mut self.search)
                    .hint_text("Words in titles and texts")
                    .desired_width(200.0),
            )
            .labelled_by(label.id);
            egui::ComboBox::from_label("Linked to")
                .selected_text(short(&self.link, project))
                .width(180.0)
                .show_ui(ui, |ui| {
                    let mut choices = vec![LinkFilter::Any, LinkFilter::Exactly(MemoLink::Project)];
                    choices.extend(
                        project
                            .documents()
                            .iter()
                            .map(|d| LinkFilter::InDocument(d.id.clone())),
                    );
                    choices.extend(project.themes().iter().map(|t| {
                        LinkFilter::Exactly(MemoLink::Theme {
                            theme: t.id.clone(),
                        })
                    }));
                    for c in choices {
                        let text = short(&c, project);
                        ui.selectable_value(&mut self.link, c, text);
                    }
                });
            egui::ComboBox::from_label("Author")
                .selected_text(self.author.as_deref().unwrap_or("Anyone"))
                .width(100.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.author, None, "Anyone");
                    for a in self.rows.authors() {
                        ui.selectable_value(&mut self.author, Some(a.clone()), a);
                    }
                });
            if ui
                .button("New Project Memo")
                .on_hover_text("A memo on the whole project: the project's journal")
                .clicked()
            {
                out.push(Command::Run(Action::NewProjectMemo));
            }
        });
    }

    /// The rows on screen; a click chooses the memo for the editor.
    fn list(&mut self, ui: &mut Ui, project: &Project, out: &mut Commands) {
        let chosen = self.editor.memo_id().map(str::to_owned);
        let mut clicked = None;
        let shown = self.rows.shown();
        if shown.is_empty() {
            ui.weak(if self.rows.total() == 0 {
                "No memos yet. Select a span, a document or a theme and press Ctrl+M."
            } else {
                "No memo matches."
            });
        }
        egui::ScrollArea::vertical()
            .id_salt("memos")
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
                for &i in &shown[range] {
                    let Some(memo) = project.memos().get(i) else {
                        continue;
                    };
                    let title = if memo.title.is_empty() {
                        "(untitled)"
                    } else {
                        memo.title.as_str()
                    };
                    let date = memo.modified.get(..10).unwrap_or(&memo.modified);
                    let selected = chosen.as_deref() == Some(memo.id.as_str());
                    let r = ui.add(
                        egui::Button::selectable(selected, format!("{title}  · {date}")).truncate(),
                    );
                    r.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, selected, title)
                    });
                    if r.clicked() {
                        clicked = Some(memo.id.clone());
                    }
                }
            });
        if let Some(id) = clicked {
            self.show_memo(project, &id, false, out);
        }
    }
}

/// A filter as its menu names it.
fn short(filter: &LinkFilter, project: &Project) -> String {
    match filter {
        LinkFilter::Any => "Anything".into(),
        LinkFilter::InDocument(doc) => format!(
            "Document: {}",
            project
                .documents()
                .iter()
                .find(|d| &d.id == doc)
                .map_or(doc.as_str(), |d| &d.title)
        ),
        LinkFilter::Exactly(link) => {
            let mut s = editor::describe_link(project, link);
            if let Some(first) = s.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            s
        }
    }
}
