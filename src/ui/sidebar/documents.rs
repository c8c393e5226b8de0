//! The documents list of the left panel, built for thousands of documents:
//! only the rows on screen are laid out and painted (`show_rows`), a
//! filter narrows the list by title, id or attribute value, and it sorts
//! by title, an attribute or span count. Beside each document a small bar
//! shows how its spans divide among the themes.
//!
//! Everything a row needs (lower-cased title, span counts per theme) is
//! computed once per project revision, not per frame.

use crate::ui::app::command::{Command, Commands};
use egui::{Color32, Ui};

use crate::model::Project;
use crate::session::Session;
use crate::ui::style::theme_color;
use crate::ui::views::memos::list::LinkFilter;

/// How the list is ordered.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Project order (the order documents were added in).
    #[default]
    Project,
    Title,
    /// Most spans first.
    Spans,
    /// By the value of this document attribute (documents without it last).
    Attribute(String),
}

impl SortBy {
    fn label(&self) -> String {
        match self {
            SortBy::Project => "Project order".into(),
            SortBy::Title => "Title".into(),
            SortBy::Spans => "Span count".into(),
            SortBy::Attribute(a) => format!("Attribute: {a}"),
        }
    }
}

/// One document as the list shows it.
struct Row {
    /// Index in the project's documents.
    index: usize,
    title: String,
    /// Title, id and attribute values, lower-cased, for the filter.
    haystack: String,
    spans: usize,
    /// Span count per theme, in codebook order.
    per_theme: Vec<usize>,
    /// Memos linked to the document or to what is in it.
    memos: usize,
}

/// What the rows were computed from.
#[derive(PartialEq, Eq, Clone, Copy)]
struct Key {
    project: *const Project,
    revision: u64,
}

/// The list's state: filter, order, and the rows computed for the
/// current revision.
#[derive(Default)]
pub struct DocumentList {
    filter: String,
    sort: SortBy,
    rows: Vec<Row>,
    colors: Vec<Color32>,
    /// The attribute names used in the project, sorted (the sort menu).
    names: Vec<String>,
    /// Row indices (into `rows`) that pass the filter, in display order.
    shown: Vec<usize>,
    key: Option<Key>,
    /// Filter and sort the `shown` list was made with.
    shown_for: Option<(String, SortBy)>,
}

/// The height of one row in the list.
const ROW_HEIGHT: f32 = 20.0;
/// The width of the per-theme bar beside a title.
const BAR_WIDTH: f32 = 48.0;

impl DocumentList {
    /// Another project: the rows are made again.
    pub fn reset(&mut self) {
        self.key = None;
        self.shown_for = None;
    }

    /// The documents shown, as project indices in display order.
    pub fn shown(&self) -> Vec<usize> {
        self.shown.iter().map(|&r| self.rows[r].index).collect()
    }

    /// Brings the rows up to date with the session (cheap when nothing
    /// changed).
    pub fn refresh(&mut self, session: &Session) {
        let key = Key {
            project: std::sync::Arc::as_ptr(&session.snapshot()),
            revision: session.revision(),
        };
        if self.key != Some(key) {
            self.rebuild(session.project());
            self.key = Some(key);
            self.shown_for = None;
        }
        let wanted = (self.filter.trim().to_lowercase(), self.sort.clone());
        if self.shown_for.as_ref() != Some(&wanted) {
            self.reorder(&wanted.0, &wanted.1, session.project());
            self.shown_for = Some(wanted);
        }
    }

    fn rebuild(&mut self, project: &Project) {
        let themes = project.themes();
        self.colors = themes.iter().map(theme_color).collect();
        self.names = attribute_names(project);
        let memos = crate::ui::views::memos::markers::MemoCounts::of(project);
        self.rows = project
            .documents()
            .iter()
            .enumerate()
            .map(|(index, d)| {
                let mut haystack = format!("{}\n{}", d.title, d.id);
                for value in attribute_values(project, index) {
                    haystack.push('\n');
                    haystack.push_str(&value);
                }
                Row {
                    index,
                    title: d.title.clone(),
                    haystack: haystack.to_lowercase(),
                    spans: d.spans().len(),
                    per_theme: themes
                        .iter()
                        .map(|t| d.spans().count_with_theme(&t.id))
                        .collect(),
                    memos: memos.document(&d.id),
                }
            })
            .collect();
    }

    fn reorder(&mut self, filter: &str, sort: &SortBy, project: &Project) {
        let words: Vec<&str> = filter.split_whitespace().collect();
        self.shown = (0..self.rows.len())
            .filter(|&r| words.iter().all(|w| self.rows[r].haystack.contains(w)))
            .collect();
        let rows = &self.rows;
        match sort {
            SortBy::Project => {}
            SortBy::Title => self.shown.sort_by(|&a, &b| {
                natural_key(&rows[a].title)
                    .cmp(&natural_key(&rows[b].title))
                    .then(a.cmp(&b))
            }),
            SortBy::Spans => self
                .shown
                .sort_by(|&a, &b| rows[b].spans.cmp(&rows[a].spans).then(a.cmp(&b))),
            SortBy::Attribute(name) => {
                let value =
                    |r: usize| attribute_value(project, rows[r].index, name).map(natural_key);
                self.shown.sort_by_cached_key(|&r| {
                    let v = value(r);
                    (v.is_none(), v, r)
                });
            }
        }
    }

    /// The list: filter and sort controls, then the rows on screen (a ✔
    /// before the documents `annotator` marked done).
    /// A document clicked is opened.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        height: f32,
        label: egui::Id,
        annotator: &str,
        out: &mut Commands,
    ) {
        self.refresh(session);
        let project = session.project();
        // Right to left: the sort button first, the filter takes the rest
        // (so the panel never grows to fit its own contents).
        let line = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
        let layout = egui::Layout::right_to_left(egui::Align::Center);
        let names = &self.names;
        ui.allocate_ui_with_layout(line, layout, |ui| {
            egui::ComboBox::from_id_salt("documents-sort")
                .selected_text("Sort")
                .width(40.0)
                .show_ui(ui, |ui| {
                    for s in [SortBy::Project, SortBy::Title, SortBy::Spans]
                        .into_iter()
                        .chain(names.iter().cloned().map(SortBy::Attribute))
                    {
                        let label = s.label();
                        ui.selectable_value(&mut self.sort, s, label);
                    }
                })
                .response
                .on_hover_text(format!("Sort documents (now: {})", self.sort.label()));
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("Filter documents")
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label)
            .on_hover_text(
                "Show documents whose title, id or attribute values contain these words",
            );
        });
        // The filter or sort may have changed this frame.
        self.refresh(session);
        let total = self.rows.len();
        if self.shown.len() != total {
            ui.weak(format!(
                "{} of {}",
                self.shown.len(),
                crate::model::plural(total, "document", "documents")
            ));
        }
        let current = session.current_index();
        let rows = &self.rows;
        let shown = &self.shown;
        let colors = &self.colors;
        egui::ScrollArea::vertical()
            .id_salt("documents")
            .max_height(height)
            .auto_shrink([false, true])
            .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
                for &r in &shown[range] {
                    let row = &rows[r];
                    // Documents the window's annotator marked done show a ✔.
                    let done = project.documents()[row.index].state(annotator)
                        == crate::model::AnnotatorState::Done;
                    match document_row(ui, row, colors, row.index == current, done) {
                        RowClick::Open if row.index != current => {
                            out.push(Command::OpenDocument(row.index));
                        }
                        RowClick::Memos => {
                            let id = project.documents()[row.index].id.clone();
                            out.push(Command::ShowMemos(LinkFilter::InDocument(id)));
                        }
                        _ => {}
                    }
                }
            });
    }
}

/// What a click on a row of the list asked for.
#[derive(PartialEq, Eq)]
enum RowClick {
    None,
    /// Open the document.
    Open,
    /// Show its memos (the marker).
    Memos,
}

/// One row of the list, drawn as one widget: the theme bar, then the
/// title and span count, highlighted like a selectable button when it is
/// the current document or hovered, and a memo marker at the right end
/// when memos are linked to it. (A row of nested widgets — a layout,
/// a bar, a button — cost several times as much per frame, and a tall
/// list shows a few dozen rows.)
fn document_row(
    ui: &mut Ui,
    row: &Row,
    colors: &[Color32],
    selected: bool,
    done: bool,
) -> RowClick {
    let height = ROW_HEIGHT - ui.spacing().item_spacing.y;
    let width = ui.available_width();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::click());
    let marker = (row.memos > 0).then(|| memo_marker(ui, rect, row));
    let text = if done {
        format!("✔ {} ({})", row.title, row.spans)
    } else {
        format!("{} ({})", row.title, row.spans)
    };
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::Button, ui.is_enabled(), selected, &text)
    });
    if marker.as_ref().is_some_and(|(_, r)| r.clicked()) {
        return RowClick::Memos;
    }
    let open = if response.clicked() {
        RowClick::Open
    } else {
        RowClick::None
    };
    if !ui.is_rect_visible(rect) {
        return open;
    }
    let rect = match &marker {
        Some((m, _)) => egui::Rect::from_min_max(rect.min, egui::pos2(m.left(), rect.bottom())),
        None => rect,
    };
    let bar = egui::Rect::from_min_size(
        egui::pos2(rect.left(), rect.center().y - 4.0),
        egui::vec2(BAR_WIDTH, 8.0),
    );
    let padding = ui.spacing().button_padding.x;
    let text_left = bar.right() + ui.spacing().item_spacing.x;
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        (rect.right() - text_left - 2.0 * padding).max(0.0),
        egui::TextStyle::Button,
    );
    let visuals = ui.style().interact_selectable(&response, selected);
    let button = egui::Rect::from_min_max(
        egui::pos2(text_left, rect.top()),
        egui::pos2(
            (text_left + galley.size().x + 2.0 * padding).min(rect.right()),
            rect.bottom(),
        ),
    );
    let painter = ui.painter();
    if selected || response.hovered() || response.has_focus() {
        painter.rect(
            button.expand(visuals.expansion),
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    paint_theme_bar(
        painter,
        ui.visuals().faint_bg_color,
        bar,
        &row.per_theme,
        colors,
    );
    let text_pos = egui::pos2(text_left + padding, rect.center().y - galley.size().y / 2.0);
    painter.galley(text_pos, galley, visuals.text_color());
    let pointer_on_bar = response
        .hover_pos()
        .is_some_and(|p| bar.expand(2.0).contains(p));
    if pointer_on_bar {
        response.on_hover_text(format!(
            "{}; the colours are their themes",
            crate::model::plural(row.spans, "span", "spans")
        ));
    }
    open
}

/// The memo marker at the right end of a row (its own widget, so a
/// click on it shows the memos instead of opening the document): its
/// rectangle and response.
fn memo_marker(ui: &mut Ui, rect: egui::Rect, row: &Row) -> (egui::Rect, egui::Response) {
    let text = crate::ui::views::memos::markers::marker_text(row.memos);
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let padding = ui.spacing().button_padding.x;
    let m = egui::Rect::from_min_max(
        egui::pos2(rect.right() - galley.size().x - 2.0 * padding, rect.top()),
        rect.max,
    );
    let response = ui.interact(
        m,
        ui.scope_id().with(("memos", row.index)),
        egui::Sense::click(),
    );
    let words = format!(
        "{} on {}",
        crate::model::plural(row.memos, "memo", "memos"),
        row.title
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &words));
    if ui.is_rect_visible(m) {
        let visuals = ui.style().interact(&response);
        if response.hovered() {
            ui.painter()
                .rect_filled(m, visuals.corner_radius, visuals.weak_bg_fill);
        }
        let pos = egui::pos2(m.left() + padding, m.center().y - galley.size().y / 2.0);
        ui.painter().galley(pos, galley, visuals.text_color());
    }
    let response = response.on_hover_text(format!("{words}: show them"));
    (m, response)
}

/// A small stacked bar in `rect`: each theme's share of the spans.
fn paint_theme_bar(
    painter: &egui::Painter,
    background: Color32,
    rect: egui::Rect,
    per_theme: &[usize],
    colors: &[Color32],
) {
    painter.rect_filled(rect, 2.0, background);
    let total: usize = per_theme.iter().sum();
    if total == 0 {
        return;
    }
    let mut x = rect.left();
    for (count, color) in per_theme.iter().zip(colors) {
        if *count == 0 {
            continue;
        }
        let w = rect.width() * *count as f32 / total as f32;
        let seg =
            egui::Rect::from_min_max(egui::pos2(x, rect.top()), egui::pos2(x + w, rect.bottom()));
        painter.rect_filled(seg, 0.0, *color);
        x += w;
    }
}

/// Where the document came from: its kind and file name ("Source PDF ·
/// report.pdf"), the full path on hover.
pub fn show_source(ui: &mut Ui, doc: &crate::model::Document) {
    let Some(source) = &doc.source else {
        return;
    };
    let path = std::path::Path::new(&source.path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| source.path.clone());
    // Files imported before kinds were recorded: their extension says.
    let kind = source
        .kind
        .or_else(|| {
            path.extension()
                .and_then(|e| crate::model::SourceKind::from_extension(&e.to_string_lossy()))
        })
        .map_or("File", crate::model::SourceKind::describe);
    ui.horizontal(|ui| {
        ui.weak("Source");
        ui.add(egui::Label::new(format!("{kind} · {name}")).truncate())
            .on_hover_text(format!(
                "Imported from {} ({kind}, {})",
                source.path, source.encoding
            ));
    });
}

/// Text that sorts "doc 2" before "doc 10": runs of digits compare by
/// value, the rest case-insensitively.
fn natural_key(s: &str) -> Vec<(String, u128)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                out.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u128::MAX),
                ));
                digits.clear();
            }
            text.extend(c.to_lowercase());
        }
    }
    let number = if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap_or(u128::MAX)
    };
    out.push((text, number));
    out
}

/// The attribute names used in the project, sorted.
fn attribute_names(project: &Project) -> Vec<String> {
    project
        .attribute_names()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The attribute values of a document.
fn attribute_values(project: &Project, index: usize) -> Vec<String> {
    project
        .documents()
        .get(index)
        .map(|d| d.attributes().values().cloned().collect())
        .unwrap_or_default()
}

/// One attribute value of a document.
fn attribute_value<'a>(project: &'a Project, index: usize, name: &str) -> Option<&'a str> {
    project.documents().get(index)?.attribute(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_titles_sort_by_value() {
        let mut titles = vec!["Speech 10", "speech 2", "Speech 1", "Ähnlich"];
        titles.sort_by_key(|t| natural_key(t));
        assert_eq!(titles, ["Speech 1", "speech 2", "Speech 10", "Ähnlich"]);
    }
}
