//! Rolling the codebook tree up: with the option on, every theme counts
//! as the top-level theme it sits under (`Security/Arms control/Nuclear`
//! counts as `Security`). Statistics, segments and agreement all map
//! theme ids through [`RollUp`], so their roll-ups cannot disagree.

use std::collections::HashMap;

use crate::model::Project;

/// The map from a theme id to the id it is counted under.
#[derive(Clone, Debug, Default)]
pub struct RollUp {
    /// Theme id → its top-level theme, for themes under a parent only;
    /// empty when rolling up is off.
    roots: HashMap<String, String>,
}

impl RollUp {
    /// The map for `project`: every theme to its top-level ancestor when
    /// `on`, every theme to itself when not.
    pub fn new(project: &Project, on: bool) -> Self {
        let roots = if on {
            project
                .themes()
                .iter()
                .filter(|t| t.parent.is_some())
                .map(|t| (t.id.clone(), project.theme_root(&t.id).to_owned()))
                .filter(|(id, root)| id != root)
                .collect()
        } else {
            HashMap::new()
        };
        RollUp { roots }
    }

    /// The id `theme` is counted under: its top-level theme when rolling
    /// up, else itself. An id the codebook does not know stays itself.
    pub fn of<'a>(&'a self, theme: &'a str) -> &'a str {
        self.roots.get(theme).map_or(theme, String::as_str)
    }

    /// Whether `theme` is a row of its own: always without rolling up,
    /// only a top-level theme with it.
    pub fn is_row(&self, theme: &str) -> bool {
        !self.roots.contains_key(theme)
    }
}

/// The id `theme` counts under in `project`: its top-level theme when
/// `roll_up`, else itself (see [`RollUp`] to map many spans).
pub fn rolled<'a>(project: &'a Project, theme: &'a str, roll_up: bool) -> &'a str {
    if roll_up {
        project.theme_root(theme)
    } else {
        theme
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Color, Edit, Theme};

    /// Security ⊃ Arms control ⊃ Nuclear, and Health on its own.
    fn tree() -> Project {
        let mut p = Project::new("tree", vec![]);
        let grey = Color { r: 9, g: 9, b: 9 };
        for (id, label, parent) in [
            ("security", "Security", None),
            ("arms", "Arms control", Some("security")),
            ("nuclear", "Nuclear", Some("arms")),
            ("health", "Health", None),
        ] {
            let mut t = Theme::new(id, label, grey);
            t.parent = parent.map(str::to_owned);
            Edit::AddTheme {
                index: usize::MAX,
                theme: t,
            }
            .apply(&mut p)
            .unwrap();
        }
        p
    }

    #[test]
    fn every_depth_rolls_to_its_top_level_theme_and_only_when_asked() {
        let p = tree();
        let on = RollUp::new(&p, true);
        let off = RollUp::new(&p, false);
        for (id, root) in [
            ("security", "security"),
            ("arms", "security"),
            ("nuclear", "security"),
            ("health", "health"),
            ("gone", "gone"),
        ] {
            assert_eq!(on.of(id), root, "{id}");
            assert_eq!(rolled(&p, id, true), root, "{id}");
            assert_eq!(off.of(id), id);
            assert_eq!(rolled(&p, id, false), id);
            assert!(off.is_row(id));
        }
        assert!(on.is_row("security") && on.is_row("health"));
        assert!(!on.is_row("arms") && !on.is_row("nuclear"));
    }
}
