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
    /// Recorded on every span this user makes in this run; asked once,
    /// changed with Edit → Your Name…, and overridden for one run by
    /// `MARGINALIA_ANNOTATOR` ([`Prefs::name_this_run`]).
    pub annotator: String,
    /// The name kept between runs while `MARGINALIA_ANNOTATOR` names
    /// someone else for this run.
    #[serde(skip)]
    pub kept_annotator: Option<String>,
    /// Most recent first.
    pub recent: Vec<PathBuf>,
    pub snap_to_words: bool,
    pub font_size: f32,
    /// The whole interface's scale (View → Zoom In/Out, Ctrl++ / Ctrl+-).
    pub zoom: f32,
    pub dark: bool,
    /// Show each span's theme label at its start (View → Span Labels).
    pub show_labels: bool,
    /// Draw relations as arcs above the lines (View → Show Relations).
    pub show_relations: bool,
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
            kept_annotator: None,
            recent: Vec::new(),
            snap_to_words: true,
            font_size: 16.0,
            zoom: 1.0,
            dark: false,
            show_labels: false,
            show_relations: true,
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
    /// Applies the one annotator rule (`rule`, given the saved name; see
    /// `session::annotator::for_this_run`): the name it gives is recorded
    /// in this run, and the saved one is kept for the next.
    pub fn name_this_run(&mut self, rule: impl FnOnce(&str) -> Option<String>) {
        let name = rule(&self.annotator).unwrap_or_default();
        if name != self.annotator {
            self.kept_annotator = Some(std::mem::replace(&mut self.annotator, name));
        }
    }

    /// The user chose a name (the first-start prompt, Edit → Your Name…):
    /// recorded from now on and kept between runs.
    pub fn choose_annotator(&mut self, name: String) {
        self.annotator = name;
        self.kept_annotator = None;
    }

    /// What is kept between runs: these preferences with the saved name,
    /// not one a run's environment gave.
    pub fn to_keep(&self) -> Prefs {
        let mut kept = self.clone();
        if let Some(name) = &self.kept_annotator {
            kept.annotator = name.clone();
        }
        kept
    }

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

    #[test]
    fn a_name_from_the_environment_is_for_this_run_only() {
        use crate::session::annotator::resolve;
        let mut p = Prefs {
            annotator: "ana".into(),
            ..Prefs::default()
        };
        p.name_this_run(|saved| resolve(Some("ben"), saved));
        assert_eq!(p.annotator, "ben");
        assert_eq!(p.to_keep().annotator, "ana", "the saved name stays saved");
        p.choose_annotator("carla".into());
        assert_eq!(
            (p.annotator.as_str(), p.to_keep().annotator.as_str()),
            ("carla", "carla")
        );

        let mut unset = Prefs::default();
        unset.name_this_run(|saved| resolve(None, saved));
        assert_eq!(unset.annotator, "");
        assert_eq!(unset.to_keep(), unset);
    }
}
