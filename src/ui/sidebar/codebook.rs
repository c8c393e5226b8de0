//! The left panel: the project's documents and its codebook as a tree
//! (themes under their parents, with their keys, their span counts in the
//! open document and in all documents, counts rolled up to parents, and
//! which are shown).
//!
//! Both lists draw only their visible rows, and the tree (order, depth,
//! counts) is rebuilt only when the project, the document or what is
//! collapsed changes, so a codebook of 500 themes costs a frame about what
//! one of four does. The counts over all documents are kept per project
//! revision: opening another document does not count them again. Drag a theme by its handle (::) onto another to put
//! it under that one, or onto the "Codebook" heading to move it to the top.

use crate::ui::app::actions::Action;
use crate::ui::app::command::{Command, Commands};
use std::collections::{HashMap, HashSet};

use egui::Ui;

use crate::model::{Project, Theme};
use crate::session::Session;
use crate::ui::style::theme_color;

/// One visible row of the tree.
#[derive(Clone, Debug)]
struct TreeRow {
    /// Index in the codebook.
    theme: usize,
    depth: usize,
    has_children: bool,
    /// Spans of this theme in the current document and in all documents.
    count: Counts,
    /// Spans of this theme and every theme under it.
    rolled: Counts,
}

/// Spans of a theme in the open document and in all documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    doc: usize,
    all: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.doc += other.doc;
        self.all += other.all;
    }
}

/// The column the counts are in, as the panel labels it.
const COUNTS_HEADER: &str = "Spans: this document · all documents";

/// The tree as last built, and what it was built for.
struct Tree {
    key: (u64, usize, u64),
    rows: Vec<TreeRow>,
}

/// The panel's state: which themes are hidden in the document view and
/// which branches are collapsed.
#[derive(Default)]
pub struct Codebook {
    hidden: HashSet<String>,
    /// The widest the panel may be (the window keeps the document
    /// readable; see `panels.rs`).
    pub max_width: Option<f32>,
    documents: super::documents::DocumentList,
    attributes: super::attributes::AttributeEditor,
    /// The relation types under the themes, and their form.
    relation_types: super::relation_types::RelationTypes,
    collapsed: HashSet<String>,
    /// Changes whenever `collapsed` does.
    collapsed_version: u64,
    tree: Option<Tree>,
    /// Spans of each theme (codebook order) in all documents, for the
    /// project revision they were counted at.
    all_counts: Option<(u64, Vec<usize>)>,
    /// Memos linked to each theme (a marker beside it).
    memo_counts: crate::ui::views::memos::markers::MemoCounts,
    /// The theme whose button has keyboard focus (what Ctrl+M links a
    /// new memo to), as of the last frame.
    focused: Option<String>,
}

/// The id of the theme `t` sits under, if any.
pub(in crate::ui) fn parent_of(t: &Theme) -> Option<&str> {
    t.parent.as_deref()
}

/// The themes in tree order (each under its parent, siblings in codebook
/// order), skipping what lies under a collapsed theme; with the counts of
/// each theme (by codebook index) and rolled up to every parent.
fn build_tree(
    project: &Project,
    collapsed: &HashSet<String>,
    count: impl Fn(usize) -> Counts,
) -> Vec<TreeRow> {
    let themes = project.themes();
    let index: HashMap<&str, usize> = themes
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); themes.len()];
    let mut roots = Vec::new();
    for (i, t) in themes.iter().enumerate() {
        match parent_of(t).and_then(|p| index.get(p)) {
            Some(&p) if p != i => children[p].push(i),
            _ => roots.push(i),
        }
    }
    // Rolled-up counts, children before parents (iterative: any depth).
    let own: Vec<Counts> = (0..themes.len()).map(count).collect();
    let mut rolled = own.clone();
    let mut order = Vec::with_capacity(themes.len());
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&r| (r, 0)).collect();
    let mut seen = vec![false; themes.len()];
    while let Some((i, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push((i, depth));
        for &c in children[i].iter().rev() {
            stack.push((c, depth + 1));
        }
    }
    for &(i, _) in order.iter().rev() {
        for &c in &children[i] {
            let below = rolled[c];
            rolled[i].add(below);
        }
    }
    let mut rows = Vec::new();
    let mut skip_below: Option<usize> = None;
    for (i, depth) in order {
        if let Some(d) = skip_below {
            if depth > d {
                continue;
            }
            skip_below = None;
        }
        if collapsed.contains(&themes[i].id) && !children[i].is_empty() {
            skip_below = Some(depth);
        }
        rows.push(TreeRow {
            theme: i,
            depth,
            has_children: !children[i].is_empty(),
            count: own[i],
            rolled: rolled[i],
        });
    }
    rows
}

impl Codebook {
    /// Themes whose spans the document view leaves out.
    pub fn hidden(&self) -> &HashSet<String> {
        &self.hidden
    }

    /// The documents the list shows (filtered and sorted), as project
    /// indices.
    pub fn shown_documents(&self) -> Vec<usize> {
        self.documents.shown()
    }

    /// The theme whose button had keyboard focus last frame.
    pub fn focused_theme(&self) -> Option<&str> {
        self.focused.as_deref()
    }

    /// A theme is gone: forget that it was hidden.
    pub fn forget(&mut self, theme: &str) {
        self.hidden.remove(theme);
        self.collapsed.remove(theme);
    }

    /// Another project: every theme shown and expanded.
    pub fn reset(&mut self) {
        self.hidden.clear();
        self.documents.reset();
        self.attributes.reset();
        self.collapsed.clear();
        self.tree = None;
        self.all_counts = None;
    }

    /// Collapses or expands the branch under a theme.
    pub fn toggle(&mut self, theme: &str) {
        if !self.collapsed.remove(theme) {
            self.collapsed.insert(theme.to_owned());
        }
        self.collapsed_version += 1;
    }

    fn tree(&mut self, session: &Session) -> &[TreeRow] {
        let key = (
            session.revision(),
            session.current_index(),
            self.collapsed_version,
        );
        if self.tree.as_ref().is_none_or(|t| t.key != key) {
            let project = session.project();
            let themes = project.themes();
            if self.all_counts.as_ref().is_none_or(|c| c.0 != key.0) {
                // The span index keeps these counts: O(1) each, even at
                // 100k spans; once per revision, not per document shown.
                let all = themes
                    .iter()
                    .map(|t| {
                        let docs = project.documents().iter();
                        docs.map(|d| d.spans().count_with_theme(&t.id)).sum()
                    })
                    .collect();
                self.all_counts = Some((key.0, all));
            }
            let all = self.all_counts.as_ref().map_or(&[][..], |c| &c.1[..]);
            let doc = session.document();
            let rows = build_tree(project, &self.collapsed, |i| Counts {
                doc: doc.map_or(0, |d| d.spans().count_with_theme(&themes[i].id)),
                all: all.get(i).copied().unwrap_or(0),
            });
            self.tree = Some(Tree { key, rows });
        }
        self.tree.as_ref().map_or(&[], |t| &t.rows)
    }

    /// The panel; `keys` are the keys that tag with each theme.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        session: &Session,
        keys: &[(String, char)],
        annotator: &str,
        out: &mut Commands,
    ) {
        egui::Panel::left("documents-and-codebook")
            .resizable(true)
            .default_size(240.0)
            .max_size(self.max_width.unwrap_or(f32::INFINITY))
            .show(ui, |ui| {
                self.focused = None;
                self.memo_counts.refresh(session);
                let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
                let heading = ui.heading("Documents").id;
                // The list takes up to a third of the panel; it scrolls on its own.
                let height = (ui.available_height() * 0.35).max(60.0);
                self.documents
                    .show(ui, session, height, heading, annotator, out);
                if ui.button("Import…").clicked() {
                    out.push(Command::Run(Action::Import));
                }
                if let Some(doc) = session.document() {
                    egui::CollapsingHeader::new(format!("Attributes of {}", doc.id))
                        .id_salt("document-attributes")
                        .show(ui, |ui| {
                            super::documents::show_source(ui, doc);
                            self.attributes.show(ui, doc, out);
                        });
                }
                ui.add_space(8.0);
                let heading = ui.heading("Codebook");
                if let Some(theme) = heading.dnd_release_payload::<String>() {
                    out.push(Command::Reparent {
                        theme: (*theme).clone(),
                        parent: None,
                    });
                }
                if heading.dnd_hover_payload::<String>().is_some() {
                    ui.painter().rect_stroke(
                        heading.rect,
                        2.0,
                        ui.visuals().selection.stroke,
                        egui::StrokeKind::Outside,
                    );
                }
                ui.weak(COUNTS_HEADER);
                let rows = self.tree(session).to_vec();
                let themes = session.project().themes();
                let project = session.project();
                let below = 1 + super::relation_types::RelationTypes::rows(project);
                let left = ui.available_height() - row_h * below as f32 - 8.0;
                egui::ScrollArea::vertical()
                    .id_salt("codebook")
                    .max_height(left.max(row_h * 3.0))
                    .auto_shrink([false, true])
                    .show_rows(ui, row_h, rows.len(), |ui, range| {
                        for row in &rows[range] {
                            let t = &themes[row.theme];
                            let key = keys.iter().find(|(id, _)| id == &t.id).map(|(_, k)| *k);
                            self.theme_row(ui, t, key, row, out);
                        }
                    });
                ui.horizontal(|ui| {
                    if ui.button("Add Theme…").clicked() {
                        out.push(Command::AddTheme);
                    }
                    if ui.button("Add Relation Type…").clicked() {
                        self.relation_types.add(project);
                    }
                });
                self.relation_types.show(ui, project, out);
            });
    }

    fn theme_row(
        &mut self,
        ui: &mut Ui,
        t: &Theme,
        key: Option<char>,
        row: &TreeRow,
        out: &mut Commands,
    ) {
        let line = ui.horizontal(|ui| {
            ui.add_space(row.depth as f32 * 14.0);
            if row.has_children {
                let open = !self.collapsed.contains(&t.id);
                let r = ui
                    .small_button(if open { "⏷" } else { "⏵" })
                    .on_hover_text(if open { "Collapse" } else { "Expand" });
                r.widget_info(|| {
                    egui::WidgetInfo::labeled(
                        egui::Role::Button,
                        true,
                        format!("{} {}", if open { "Collapse" } else { "Expand" }, t.label),
                    )
                });
                if r.clicked() {
                    self.toggle(&t.id);
                }
            } else {
                ui.add_space(ui.spacing().interact_size.y);
            }
            let handle = ui
                .dnd_drag_source(
                    egui::Id::unique(("theme-drag", t.id.as_str())),
                    t.id.clone(),
                    |ui| ui.weak("::"),
                )
                .response;
            handle.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Move {}", t.label))
            });
            handle.on_hover_text("Drag onto another theme to put it there");
            let mut shown = !self.hidden.contains(&t.id);
            let r = ui.add(egui::Checkbox::without_text(&mut shown));
            r.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::CheckBox,
                    true,
                    shown,
                    format!("Show {}", t.label),
                )
            });
            if r.on_hover_text(format!("Show or hide {} spans", t.label))
                .changed()
            {
                if shown {
                    self.hidden.remove(&t.id);
                } else {
                    self.hidden.insert(t.id.clone());
                }
            }
            let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 3.0, theme_color(t));
            let text = match key {
                Some(k) => format!("{}  [{k}]", t.label),
                None => t.label.clone(),
            };
            let desc = if t.description.is_empty() {
                "Tag the selection with this theme".to_owned()
            } else {
                t.description.clone()
            };
            let tag = ui.button(text).on_hover_text(desc);
            if tag.clicked() {
                out.push(Command::Tag(t.id.clone()));
            }
            // A theme clicked to tag is not the theme a new memo is
            // about: only a theme reached by the keyboard (Tab) is.
            if tag.clicked_by(egui::PointerButton::Primary) {
                tag.surrender_focus();
            } else if tag.has_focus() {
                self.focused = Some(t.id.clone());
            }
            tag.context_menu(|ui| {
                if ui.button("Edit…").clicked() {
                    out.push(Command::EditTheme(t.id.clone()));
                }
                if ui.button("Merge Into…").clicked() {
                    out.push(Command::ChooseMergeTarget(t.id.clone()));
                }
                if parent_of(t).is_some() && ui.button("Move to Top Level").clicked() {
                    out.push(Command::Reparent {
                        theme: t.id.clone(),
                        parent: None,
                    });
                }
                if ui.button("Delete…").clicked() {
                    out.push(Command::AskDeleteTheme(t.id.clone()));
                }
            });
            let (c, r) = (row.count, row.rolled);
            let mut counts = format!("{} · {}", c.doc, c.all);
            let mut tip = format!(
                "{} of {} in this document, {} in all documents",
                crate::model::plural(c.doc, "span", "spans"),
                t.label,
                c.all
            );
            if row.has_children {
                counts.push_str(&format!(" (Σ {} · {})", r.doc, r.all));
                tip.push_str(&format!(
                    "; with the themes under it, {} in this document and {} in all",
                    r.doc, r.all
                ));
            }
            ui.weak(counts)
                .on_hover_text(format!("{COUNTS_HEADER}\n{tip}"));
            let memos = crate::model::MemoLink::Theme {
                theme: t.id.clone(),
            };
            crate::ui::views::memos::markers::marker(
                ui,
                self.memo_counts.theme(&t.id),
                &format!("theme {}", t.label),
                crate::ui::views::memos::list::LinkFilter::Exactly(memos),
                out,
            );
            if ui
                .small_button("✏")
                .on_hover_text(format!("Edit {}", t.label))
                .clicked()
            {
                out.push(Command::EditTheme(t.id.clone()));
            }
            if ui
                .small_button("✖")
                .on_hover_text(format!("Delete {}", t.label))
                .clicked()
            {
                out.push(Command::AskDeleteTheme(t.id.clone()));
            }
        });
        let line = line.response;
        if let Some(moved) = line.dnd_release_payload::<String>()
            && *moved != t.id
        {
            out.push(Command::Reparent {
                theme: (*moved).clone(),
                parent: Some(t.id.clone()),
            });
        }
        if line
            .dnd_hover_payload::<String>()
            .is_some_and(|m| *m != t.id)
        {
            ui.painter().rect_stroke(
                line.rect,
                2.0,
                ui.visuals().selection.stroke,
                egui::StrokeKind::Outside,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;

    fn theme(id: &str, parent: Option<&str>) -> Theme {
        let mut t = Theme::new(id, id.to_uppercase(), Color::rgb(1, 2, 3));
        t.parent = parent.map(str::to_owned);
        t
    }

    fn codebook() -> Project {
        Project::new(
            "tree",
            vec![
                theme("security", None),
                theme("arms", Some("security")),
                theme("health", None),
                theme("nuclear", Some("arms")),
                theme("terror", Some("security")),
            ],
        )
    }

    #[test]
    fn the_tree_puts_children_under_parents_and_rolls_counts_up() {
        let project = codebook();
        let counts: HashMap<&str, usize> = [
            ("security", 1),
            ("arms", 2),
            ("nuclear", 4),
            ("terror", 8),
            ("health", 16),
        ]
        .into_iter()
        .collect();
        // All documents hold ten times what the open one does.
        let rows = build_tree(&project, &HashSet::new(), |i| {
            let n = counts[project.themes()[i].id.as_str()];
            Counts {
                doc: n,
                all: 10 * n,
            }
        });
        let got: Vec<(&str, usize, usize, usize)> = rows
            .iter()
            .map(|r| {
                assert_eq!(r.count.all, 10 * r.count.doc);
                assert_eq!(r.rolled.all, 10 * r.rolled.doc);
                (
                    project.themes()[r.theme].id.as_str(),
                    r.depth,
                    r.count.doc,
                    r.rolled.doc,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("security", 0, 1, 15),
                ("arms", 1, 2, 6),
                ("nuclear", 2, 4, 4),
                ("terror", 1, 8, 8),
                ("health", 0, 16, 16),
            ]
        );
        assert_eq!(
            project.theme_paths(),
            [
                "SECURITY",
                "SECURITY/ARMS",
                "HEALTH",
                "SECURITY/ARMS/NUCLEAR",
                "SECURITY/TERROR"
            ]
        );
    }

    #[test]
    fn a_collapsed_theme_hides_its_whole_branch_but_keeps_its_rolled_count() {
        let project = codebook();
        let collapsed: HashSet<String> = ["security".to_owned()].into();
        let rows = build_tree(&project, &collapsed, |_| Counts { doc: 1, all: 2 });
        let got: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (project.themes()[r.theme].id.as_str(), r.rolled.doc))
            .collect();
        assert_eq!(got, [("security", 4), ("health", 1)]);
    }
}
