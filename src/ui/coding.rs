//! Coding faster (issue 15), the window's side: the command palette, the
//! theme picker, and what they run.

use super::app::MarginaliaApp;
use super::palette::{self, PaletteTarget};

/// How many recently used themes the picker lists first.
const RECENT_THEMES: usize = 8;

impl MarginaliaApp {
    /// Opens the command palette on every action, theme and document.
    pub(super) fn open_palette(&mut self, ctx: &egui::Context) {
        self.picker.close();
        let keys = self.theme_keys();
        let lines = palette::palette_lines(ctx, self.session.project(), &keys);
        self.palette.open(lines);
    }

    /// Opens the theme picker beside the selection.
    pub(super) fn open_picker(&mut self) {
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
        self.picker.open(lines, at);
    }

    /// A theme was used to tag: the picker lists it first next time.
    pub(super) fn used_theme(&mut self, theme: &str) {
        self.recent_themes.retain(|t| t != theme);
        self.recent_themes.insert(0, theme.to_owned());
        self.recent_themes.truncate(RECENT_THEMES);
    }

    /// The palette and the picker, when open, and what they choose.
    pub(super) fn coding_windows(&mut self, ctx: &egui::Context) {
        if let Some(target) = self.palette.show(ctx) {
            match target {
                PaletteTarget::Action(a) => self.run_action(ctx, a),
                PaletteTarget::Tag(theme) => self.tag_selection(&theme),
                PaletteTarget::OpenDocument(i) => {
                    self.session.set_current(i);
                    self.after_document_change();
                }
            }
        }
        if let Some(theme) = self.picker.show(ctx) {
            self.tag_selection(&theme);
        }
    }

    /// The lines the command palette shows for its query (tests).
    pub fn palette_lines(&self) -> Option<Vec<String>> {
        self.palette.is_open().then(|| self.palette.shown())
    }

    /// The themes the picker shows for its query (tests).
    pub fn picker_lines(&self) -> Option<Vec<String>> {
        self.picker.is_open().then(|| self.picker.shown())
    }
}

impl MarginaliaApp {
    /// Puts a theme under another (or at the top) as one undoable edit.
    pub(super) fn reparent(&mut self, _theme: &str, _parent: Option<String>) {
        self.info("Theme parents need the codebook tree model");
    }

    /// Opens the picker to choose the theme that `from` is merged into.
    pub(super) fn open_merge_picker(&mut self, _from: &str) {
        self.info("Merging themes needs the codebook tree model");
    }
}
