//! The command palette (Ctrl+Shift+P, Ctrl+K) and the theme picker (Enter
//! on a selection): a query field over a fuzzy-filtered list. Up and Down
//! move through the list, Enter runs the highlighted line, Esc closes.
//! Only the visible rows are drawn, so a list of 1500 lines (500 themes,
//! 1000 documents) costs a frame what a list of ten does.

use crate::ui::app::command::{Command, Commands};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Ui};

use super::actions::{self, ACTIONS, Action};
use super::fuzzy;
use crate::model::Project;

/// What a line of the palette does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaletteTarget {
    Action(Action),
    /// Tag the selection with this theme.
    Tag(String),
    /// Show the document at this index.
    OpenDocument(usize),
}

/// One line of a list.
#[derive(Clone, Debug)]
pub struct Line {
    pub text: String,
    /// Shown on the right (a shortcut, a key).
    pub detail: String,
    pub target: PaletteTarget,
}

/// A query field over a filtered list.
#[derive(Default)]
pub struct FuzzyList {
    query: String,
    lines: Vec<Line>,
    /// Indices of `lines` that match the query, best first.
    shown: Vec<usize>,
    /// The query `shown` was computed for.
    shown_for: Option<String>,
    /// Position in `shown` of the highlighted line.
    highlighted: usize,
    /// Scroll so that the highlighted line is visible.
    follow: bool,
    /// The list's scroll offset and height last frame.
    scroll: (f32, f32),
    focus: bool,
}

impl FuzzyList {
    fn new(lines: Vec<Line>) -> Self {
        FuzzyList {
            lines,
            focus: true,
            ..Default::default()
        }
    }

    /// The lines matching the query, best first.
    pub fn shown(&self) -> impl Iterator<Item = &Line> {
        self.shown.iter().map(|&i| &self.lines[i])
    }

    fn refilter(&mut self) {
        if self.shown_for.as_deref() == Some(self.query.as_str()) {
            return;
        }
        self.shown = fuzzy::filter(&self.query, self.lines.iter().map(|l| l.text.as_str()));
        self.shown_for = Some(self.query.clone());
        self.highlighted = 0;
        self.follow = true;
    }

    /// The field and the list; the chosen line when Enter is pressed or
    /// a line clicked; `Err(())` when Esc is pressed.
    fn show(
        &mut self,
        ui: &mut Ui,
        name: &str,
        hint: &str,
        rows: usize,
    ) -> Result<Option<PaletteTarget>, ()> {
        self.refilter();
        let (up, down, enter, esc, page) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
                i.consume_key(Modifiers::NONE, Key::Escape),
                (
                    i.consume_key(Modifiers::NONE, Key::PageUp),
                    i.consume_key(Modifiers::NONE, Key::PageDown),
                ),
            )
        });
        if esc {
            return Err(());
        }
        let n = self.shown.len();
        let before = self.highlighted;
        if down && n > 0 {
            self.highlighted = (self.highlighted + 1) % n;
        }
        if up && n > 0 {
            self.highlighted = (self.highlighted + n - 1) % n;
        }
        if page.0 {
            self.highlighted = self.highlighted.saturating_sub(rows);
        }
        if page.1 && n > 0 {
            self.highlighted = (self.highlighted + rows).min(n - 1);
        }
        if self.highlighted != before {
            self.follow = true;
        }
        let label = ui.label(name);
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(hint)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus) || field.lost_focus() {
            field.request_focus();
        }
        if field.changed() {
            self.refilter();
        }
        let mut chosen = None;
        if enter {
            chosen = self.shown.get(self.highlighted).copied();
        }
        if self.shown.is_empty() {
            ui.weak("Nothing matches");
        }
        let row_h = ui.spacing().interact_size.y + 2.0;
        let mut area = egui::ScrollArea::vertical()
            .id_salt(name)
            .max_height(row_h * rows as f32)
            .auto_shrink([false, true]);
        if std::mem::take(&mut self.follow) {
            let (offset, height) = self.scroll;
            let top = self.highlighted as f32 * row_h;
            let y = if top < offset {
                top
            } else if top + row_h > offset + height {
                top + row_h - height
            } else {
                offset
            };
            area = area.vertical_scroll_offset(y.max(0.0));
        }
        let shown = &self.shown;
        let lines = &self.lines;
        let highlighted = self.highlighted;
        // A list box named like the field, one option per row in sight (the
        // highlighted one selected): what a screen reader, and a test,
        // reads.
        let builder = egui::UiBuilder::new().accessibility_label(name);
        let out = ui.scope_builder(builder, |ui| {
            ui.ctx().accesskit_node_builder(ui.unique_id(), |node| {
                node.set_role(Role::ListBox);
            });
            area.show_rows(ui, row_h, shown.len(), |ui, range| {
                let width = ui.available_width();
                for pos in range {
                    let line = &lines[shown[pos]];
                    let button = egui::Button::selectable(pos == highlighted, line.text.as_str())
                        .shortcut_text(line.detail.as_str())
                        .min_size(egui::vec2(width, row_h - 2.0));
                    let row = ui.add(button);
                    ui.ctx().accesskit_node_builder(row.id, |node| {
                        node.set_role(Role::ListBoxOption);
                        node.set_label(line.text.as_str());
                        node.clear_toggled();
                        node.set_selected(pos == highlighted);
                        if !line.detail.is_empty() {
                            node.set_keyboard_shortcut(line.detail.as_str());
                        }
                    });
                    if row.clicked() {
                        chosen = Some(shown[pos]);
                    }
                }
            })
        });
        let out = out.inner;
        self.scroll = (out.state.clamped_offset().y, out.inner_rect.height());
        Ok(chosen.map(|i| self.lines[i].target.clone()))
    }
}

/// The command palette's state.
#[derive(Default)]
pub struct Palette {
    list: Option<FuzzyList>,
}

/// Lines of the palette: every action, then every theme, then every
/// document.
pub fn palette_lines(ctx: &egui::Context, project: &Project, keys: &[(String, char)]) -> Vec<Line> {
    let mut lines: Vec<Line> = ACTIONS
        .iter()
        .filter(|a| a.action != Action::CommandPalette)
        .map(|a| Line {
            text: a.label.to_owned(),
            detail: actions::shortcut_text(ctx, a.action),
            target: PaletteTarget::Action(a.action),
        })
        .collect();
    // Each theme by its full path in the codebook tree.
    let paths = project.theme_paths();
    lines.extend(project.themes().iter().zip(paths).map(|(t, path)| {
        Line {
            text: format!("Tag selection as {path}"),
            detail: keys
                .iter()
                .find(|(id, _)| *id == t.id)
                .map(|(_, k)| k.to_string())
                .unwrap_or_default(),
            target: PaletteTarget::Tag(t.id.clone()),
        }
    }));
    lines.extend(project.documents().iter().enumerate().map(|(i, d)| Line {
        text: format!("Open document {}", d.title),
        detail: String::new(),
        target: PaletteTarget::OpenDocument(i),
    }));
    lines
}

impl Palette {
    pub fn is_open(&self) -> bool {
        self.list.is_some()
    }

    /// Opens the palette on these lines.
    pub fn open(&mut self, lines: Vec<Line>) {
        self.list = Some(FuzzyList::new(lines));
    }

    pub fn close(&mut self) {
        self.list = None;
    }

    /// The lines matching the query, best first (tests).
    pub fn shown(&self) -> Vec<String> {
        self.list
            .iter()
            .flat_map(|l| l.shown().map(|l| l.text.clone()))
            .collect()
    }

    /// The palette, when open: what a chosen line asks for goes onto `out`.
    pub fn show(&mut self, ctx: &egui::Context, out: &mut Commands) {
        let Some(list) = self.list.as_mut() else {
            return;
        };
        let mut result = Ok(None);
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(520.0);
            result = list.show(
                ui,
                "Command palette",
                "Type an action, a theme or a document",
                12,
            );
        });
        let close = modal.should_close() || !matches!(result, Ok(None));
        if close {
            self.list = None;
        }
        if let Ok(Some(target)) = result {
            out.push(match target {
                PaletteTarget::Action(a) => Command::Run(a),
                PaletteTarget::Tag(theme) => Command::Tag(theme),
                PaletteTarget::OpenDocument(i) => Command::OpenDocument(i),
            });
        }
    }
}

/// The theme picker: a small list beside the selection, recent themes
/// first.
#[derive(Default)]
pub struct Picker {
    list: Option<(FuzzyList, egui::Pos2)>,
    /// The field's name ("Tag as", "Merge … into").
    title: String,
    /// What the theme chosen is for.
    pick_for: PickFor,
}

/// What the theme picker chooses a theme for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PickFor {
    /// Tag the selection.
    #[default]
    Tag,
    /// Merge this theme into the one chosen.
    MergeInto(String),
    /// The type of the relation being made (the lines are relation types).
    Relation,
}

/// Lines of the picker: the themes used lately (most recent first), then
/// the others in codebook order.
pub fn picker_lines(project: &Project, recent: &[String], keys: &[(String, char)]) -> Vec<Line> {
    // Each theme by its full path in the codebook tree.
    let paths = project.theme_paths();
    let themes = project.themes();
    let mut order: Vec<usize> = recent
        .iter()
        .filter_map(|id| themes.iter().position(|t| &t.id == id))
        .collect();
    let first = order.clone();
    order.extend((0..themes.len()).filter(|i| !first.contains(i)));
    order
        .into_iter()
        .map(|i| Line {
            text: paths[i].clone(),
            detail: keys
                .iter()
                .find(|(id, _)| *id == themes[i].id)
                .map(|(_, k)| k.to_string())
                .unwrap_or_default(),
            target: PaletteTarget::Tag(themes[i].id.clone()),
        })
        .collect()
}

impl Picker {
    pub fn is_open(&self) -> bool {
        self.list.is_some()
    }

    /// Opens the picker at `at` (beside the selection); `title` names
    /// its field.
    pub fn open(
        &mut self,
        title: impl Into<String>,
        lines: Vec<Line>,
        at: egui::Pos2,
        pick_for: PickFor,
    ) {
        self.list = Some((FuzzyList::new(lines), at));
        self.title = title.into();
        self.pick_for = pick_for;
    }

    pub fn close(&mut self) {
        self.list = None;
    }

    /// The themes matching the query, best first (tests).
    pub fn shown(&self) -> Vec<String> {
        self.list
            .iter()
            .flat_map(|(l, _)| l.shown().map(|l| l.text.clone()))
            .collect()
    }

    /// The picker, when open: the theme chosen goes onto `out`, to tag
    /// with or to merge into.
    pub fn show(&mut self, ctx: &egui::Context, out: &mut Commands) {
        let Some(theme) = self.chosen(ctx) else {
            return;
        };
        out.push(match std::mem::take(&mut self.pick_for) {
            PickFor::Tag => Command::Tag(theme),
            PickFor::MergeInto(from) => Command::MergeTheme { from, into: theme },
            PickFor::Relation => Command::Relate(theme),
        });
    }

    fn chosen(&mut self, ctx: &egui::Context) -> Option<String> {
        let (list, at) = self.list.as_mut()?;
        let title = &self.title;
        let mut result = Ok(None);
        egui::Area::new(egui::Id::unique("theme-picker"))
            .order(egui::Order::Foreground)
            .fixed_pos(*at)
            .constrain(true)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(260.0);
                    result = list.show(ui, title, "Theme", 8);
                });
            });
        match result {
            Ok(None) => None,
            Ok(Some(PaletteTarget::Tag(id))) => {
                self.list = None;
                Some(id)
            }
            _ => {
                self.list = None;
                None
            }
        }
    }
}
