//! Coding faster, the window's side: the command palette, the
//! theme picker, and what they run.

use super::palette::{self, PaletteTarget, PickFor};
use crate::analysis::matching::{self, Matcher};
use crate::model::Edit;
use crate::ui::app::MarginaliaApp;

/// How many recently used themes the picker lists first.
const RECENT_THEMES: usize = 8;

impl MarginaliaApp {
    /// Opens the command palette on every action, theme and document.
    /// Open menus close first: the palette is a modal, and a menu left
    /// open would stay drawn over it.
    pub(in crate::ui) fn open_palette(&mut self, ctx: &egui::Context) {
        self.picker.close();
        egui::Popup::close_all(ctx);
        let keys = self.theme_keys();
        let lines = palette::palette_lines(ctx, self.session.project(), &keys);
        self.palette.open(lines);
    }

    /// Opens the theme picker beside the selection.
    pub(in crate::ui) fn open_picker(&mut self) {
        if self.session.document().is_none() {
            self.info("Import a document first (File > Import…)");
            return;
        }
        if self.view.selection().is_none() {
            self.info("Select some text first, then press Enter to choose its theme");
            return;
        }
        let at = self
            .view
            .selection_rect()
            .map_or(egui::pos2(300.0, 120.0), |r| {
                r.left_bottom() + egui::vec2(0.0, 4.0)
            });
        let keys = self.theme_keys();
        let lines = palette::picker_lines(self.session.project(), &self.recent_themes, &keys);
        self.picker.open("Tag as", lines, at, PickFor::Tag);
    }

    /// A theme was used to tag: the picker lists it first next time.
    pub(in crate::ui) fn used_theme(&mut self, theme: &str) {
        self.recent_themes.retain(|t| t != theme);
        self.recent_themes.insert(0, theme.to_owned());
        self.recent_themes.truncate(RECENT_THEMES);
    }
}

impl MarginaliaApp {
    /// Puts a theme under another (or at the top) as one undoable edit;
    /// the model refuses a parent that lies under the theme.
    pub(in crate::ui) fn reparent(&mut self, theme: &str, parent: Option<String>) {
        let project = self.session.project();
        let Some(mut t) = project.theme(theme).cloned() else {
            return;
        };
        if t.parent == parent {
            return;
        }
        let label = t.label.clone();
        let place = match parent.as_deref().and_then(|p| project.theme(p)) {
            Some(p) => format!("under {}", p.label),
            None => "to the top of the codebook".to_owned(),
        };
        t.parent = parent;
        if self.apply(Edit::UpdateTheme { theme: t }) {
            self.info(format!("Moved {label} {place}"));
        }
    }

    /// Opens the picker to choose the theme that `from` is merged into
    /// (neither itself nor a theme under it).
    pub(in crate::ui) fn open_merge_picker(&mut self, from: &str) {
        let project = self.session.project();
        let keys = self.theme_keys();
        let under = |id: &str| project.is_within(id, from);
        let lines: Vec<_> = palette::picker_lines(project, &[], &keys)
            .into_iter()
            .filter(|l| !matches!(&l.target, PaletteTarget::Tag(id) if under(id)))
            .collect();
        let at = egui::pos2(250.0, 120.0);
        let title = format!(
            "Merge {} into",
            project.theme(from).map_or(from, |t| t.label.as_str())
        );
        self.picker
            .open(title, lines, at, PickFor::MergeInto(from.to_owned()));
    }

    /// Merges theme `from` into `into` as one undoable edit.
    pub(in crate::ui) fn merge_theme(&mut self, from: String, into: &str) {
        let project = self.session.project();
        let (Some(a), Some(b)) = (project.theme(&from), project.theme(into)) else {
            return;
        };
        let spans: usize = project
            .documents()
            .iter()
            .map(|d| d.spans().count_with_theme(&from))
            .sum();
        let msg = format!(
            "Merged {} into {} ({} recoded)",
            a.label,
            b.label,
            crate::model::plural(spans, "span", "spans")
        );
        if self.apply(Edit::MergeTheme {
            from: from.clone(),
            into: into.to_owned(),
        }) {
            self.codebook.forget(&from);
            if self.selected.as_ref().is_some_and(|s| s.theme == from) {
                self.select_span(None);
            }
            self.info(msg);
        }
    }
}

impl MarginaliaApp {
    /// Tags every match of the find bar's query with `theme` (in the
    /// document on screen, or in all documents) as one undoable edit,
    /// skipping matches already tagged with it; says how many were added.
    pub(in crate::ui) fn tag_all(&mut self, theme: &str, all_documents: bool) {
        let Some(query) = self.find.query() else {
            self.info("Type what to find first");
            return;
        };
        let project = self.session.project();
        let docs: Vec<String> = match (all_documents, self.session.document()) {
            (true, _) => Vec::new(),
            (false, Some(d)) => vec![d.id.clone()],
            (false, None) => return,
        };
        let label = project
            .theme(theme)
            .map_or(theme.to_owned(), |t| t.label.clone());
        let outcome = Matcher::new(&query)
            .and_then(|m| matching::tag_all(project, theme, &m, &docs, &self.prefs.annotator));
        let found = match outcome {
            Ok(found) => found,
            Err(e) => {
                self.status.error(format!("Not tagged: {e}"));
                return;
            }
        };
        let added = found.added();
        let skipped = if found.already_tagged > 0 {
            format!(" ({} already tagged, skipped)", found.already_tagged)
        } else {
            String::new()
        };
        match found.edit() {
            Some(edit) => {
                if self.apply(edit) {
                    self.info(format!(
                        "Tag All: {} added as {label}{skipped}",
                        crate::model::plural(added, "span", "spans")
                    ));
                }
            }
            None => self.info(format!("Tag All: no spans added as {label}{skipped}")),
        }
    }
}
