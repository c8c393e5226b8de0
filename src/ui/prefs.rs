//! Preferences kept between runs (in eframe's storage).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The storage key.
pub const KEY: &str = "marginalia-preferences";
const MAX_RECENT: usize = 10;

/// What the window remembers between runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Recorded on every span this user makes; asked once.
    pub annotator: String,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub snap_to_words: bool,
    pub font_size: f32,
    /// The whole interface's scale (View → Zoom In/Out, Ctrl++ / Ctrl+-).
    pub zoom: f32,
    pub dark: bool,
    /// Show each span's theme label at its start (View → Span Labels).
    pub show_labels: bool,
    /// Draw each annotator's spans in a lane of its own (View →
    /// Annotator Lanes).
    pub annotator_lanes: bool,
    /// Seconds between writes of the recovery file while there are
    /// unsaved changes.
    pub autosave_secs: u64,
    /// Whether the documents-and-codebook panel (left) and the span panel
    /// (right) are shown; a narrow window hides them anyway.
    pub show_left_panel: bool,
    pub show_right_panel: bool,
    /// Always use the window's own file dialog (no desktop dialog).
    pub builtin_file_dialog: bool,
    /// The annotator whose spans are the curated set (Curation view).
    pub curator: String,
    /// Run the themes' rules for each document as it opens (Edit →
    /// Suggest on Open).
    pub suggest_on_open: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            annotator: String::new(),
            recent: Vec::new(),
            snap_to_words: true,
            font_size: 16.0,
            zoom: 1.0,
            dark: false,
            show_labels: false,
            annotator_lanes: false,
            autosave_secs: 30,
            show_left_panel: true,
            show_right_panel: true,
            builtin_file_dialog: false,
            curator: "curator".into(),
            suggest_on_open: false,
        }
    }
}

impl Prefs {
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: PathBuf) {
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_list_is_unique_and_bounded() {
        let mut p = Prefs::default();
        for i in 0..15 {
            p.remember(PathBuf::from(format!("/nonexistent/{i}.ron")));
        }
        p.remember(PathBuf::from("/nonexistent/3.ron"));
        assert_eq!(p.recent.len(), MAX_RECENT);
        assert_eq!(p.recent[0], PathBuf::from("/nonexistent/3.ron"));
        assert_eq!(p.recent.iter().filter(|r| r.ends_with("3.ron")).count(), 1);
    }
}
