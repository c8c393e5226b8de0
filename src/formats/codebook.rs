//! Importing a codebook from another project (`.ron`) or a REFI-QDA
//! codebook (`.qdc`) into a project, merging by id: `marginalia theme
//! import` and File → Import Codebook… both make their one edit here.
//!
//! - A theme whose id the project has already is updated: label, colour,
//!   description and parent come from the file; its rules become the
//!   project's followed by the file's it lacks; its key becomes the file's
//!   when the file gives one that is free, else it keeps its own.
//! - A theme the project lacks is added at the end of the codebook, with
//!   its parent, key (when free), description and rules.
//! - Themes of the project the file does not name are left alone.
//! - A `.qdc` has no Marginalia ids: a code is the project's theme with the
//!   same path (`Security/Arms control`, ignoring case), else a new theme
//!   whose id is made from its name; a code without a colour keeps the
//!   theme's colour (or gets one no theme uses).
//!
//! A key another theme already uses (or one the window reserves) is not
//! carried: the theme keeps its own key, and the import lists each such
//! key in its notes. A label another theme already has is refused, naming
//! both; so is anything else the codebook cannot hold. Nothing is changed
//! then.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::palette::unused_color;
use crate::model::{Edit, EditError, Project, Theme, ThemeProblem, slug};

/// Why a codebook cannot be imported. The project was not changed.
#[derive(Debug, Error)]
pub enum CodebookError {
    #[error(
        "{}: cannot import a codebook from this kind of file; give a Marginalia project (.ron) or a REFI-QDA codebook (.qdc)",
        .0.display()
    )]
    UnknownType(PathBuf),
    #[error("{0}")]
    Project(String),
    #[error("{0}")]
    Qdc(String),
    #[error("{}: theme {id:?}: {problem}", path.display())]
    Theme {
        path: PathBuf,
        id: String,
        problem: String,
    },
}

/// The import worked out: the one edit to apply and what it does.
#[derive(Clone, Debug)]
pub struct CodebookImport {
    /// Adds and updates, in an order that applies (parents first); an
    /// empty batch when nothing changes.
    pub edit: Edit,
    /// Labels of the themes added.
    pub added: Vec<String>,
    /// Labels of the themes that changed.
    pub updated: Vec<String>,
    /// Themes of the file the project already had exactly so.
    pub unchanged: usize,
    /// What was not carried (keys already in use), one sentence each.
    pub notes: Vec<String>,
}

impl CodebookImport {
    /// One line for the user: `N themes added, M updated, K unchanged`.
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} updated, {} unchanged",
            crate::model::plural(self.added.len(), "theme", "themes"),
            self.updated.len(),
            self.unchanged
        )
    }
}

/// Reads the codebook of `path` (a `.ron` project or a `.qdc` codebook)
/// and works out how it merges into `project`.
pub fn plan(project: &Project, path: &Path) -> Result<CodebookImport, CodebookError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let themes = match ext.as_str() {
        "ron" => crate::store::load(path)
            .map_err(|e| CodebookError::Project(e.to_string()))?
            .themes()
            .to_vec(),
        "qdc" => from_qdc(project, path)?,
        _ => return Err(CodebookError::UnknownType(path.to_owned())),
    };
    merge(project, &themes, path)
}

/// The codes of a `.qdc` as themes, with the project's ids where a code's
/// path names one of its themes.
fn from_qdc(project: &Project, path: &Path) -> Result<Vec<Theme>, CodebookError> {
    let imported = super::refi_qda::import(path).map_err(|e| CodebookError::Qdc(e.to_string()))?;
    let by_path: HashMap<String, &Theme> = project
        .themes()
        .iter()
        .filter_map(|t| Some((project.theme_path(&t.id)?.to_lowercase(), t)))
        .collect();
    let mut ids: HashSet<String> = project.themes().iter().map(|t| t.id.clone()).collect();
    let mut labels: HashSet<String> = HashSet::new();
    let mut id_of_path: HashMap<String, String> = HashMap::new();
    let mut themes = Vec::new();
    for code in &imported.themes {
        let path_label = code.label.trim();
        if path_label.is_empty() {
            continue;
        }
        let parent = code.parent.as_deref().map(str::trim);
        let name = parent
            .and_then(|p| path_label.strip_prefix(p))
            .and_then(|rest| rest.strip_prefix('/'))
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(path_label);
        let parent_id = parent.and_then(|p| id_of_path.get(&p.to_lowercase()).cloned());
        let existing = by_path.get(&path_label.to_lowercase());
        let (id, color, label) = match existing {
            Some(t) => (t.id.clone(), code.color.unwrap_or(t.color), t.label.clone()),
            None => {
                let base = match slug(name) {
                    s if s.is_empty() => "theme".to_owned(),
                    s => s,
                };
                let mut id = base.clone();
                let mut n = 2;
                while ids.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                let used = project
                    .themes()
                    .iter()
                    .map(|t| t.color)
                    .chain(themes.iter().map(|t: &Theme| t.color));
                let color = code.color.unwrap_or_else(|| unused_color(used));
                // A name another theme has already goes by its path.
                let taken = labels.contains(&name.to_lowercase())
                    || project
                        .themes()
                        .iter()
                        .any(|t| t.label.to_lowercase() == name.to_lowercase());
                let label = if taken { path_label } else { name };
                (id, color, label.to_owned())
            }
        };
        ids.insert(id.clone());
        labels.insert(label.to_lowercase());
        id_of_path.insert(path_label.to_lowercase(), id.clone());
        let mut theme = Theme::new(id, label, color);
        theme.description = code.description.clone();
        theme.parent = parent_id;
        if let Some(t) = existing {
            theme.key = t.key;
            theme.rules = t.rules.clone();
        }
        themes.push(theme);
    }
    Ok(themes)
}

/// Merges `themes` (a whole codebook, parents named by id) into `project`
/// by id; `path` names the file in messages.
pub fn merge(
    project: &Project,
    themes: &[Theme],
    path: &Path,
) -> Result<CodebookImport, CodebookError> {
    let mut work = project.clone();
    let mut result = CodebookImport {
        edit: Edit::Batch(Vec::new()),
        added: Vec::new(),
        updated: Vec::new(),
        unchanged: 0,
        notes: Vec::new(),
    };
    let mut edits = Vec::new();
    for theme in parents_first(themes) {
        let old = work.theme(&theme.id).cloned();
        let mut wanted = theme.clone();
        if let Some(old) = &old {
            let mut rules = old.rules.clone();
            rules.extend(
                theme
                    .rules
                    .iter()
                    .filter(|r| !old.rules.contains(r))
                    .cloned(),
            );
            wanted.rules = rules;
            if wanted.key.is_none() {
                wanted.key = old.key;
            }
            if old == &wanted {
                result.unchanged += 1;
                continue;
            }
        }
        let edit = |t: Theme| match old {
            Some(_) => Edit::UpdateTheme { theme: t },
            None => Edit::AddTheme {
                index: usize::MAX,
                theme: t,
            },
        };
        let applied = match edit(wanted.clone()).apply(&mut work) {
            Err(EditError::Theme(problem)) if is_key_problem(&problem) => {
                let fallback = Theme {
                    key: old.as_ref().and_then(|o| o.key),
                    ..wanted.clone()
                };
                result.notes.push(format!(
                    "the key {:?} of {:?} was not imported: {problem}",
                    wanted.key.unwrap_or_default(),
                    wanted.label
                ));
                wanted = fallback;
                if old.as_ref() == Some(&wanted) {
                    result.unchanged += 1;
                    continue;
                }
                edit(wanted.clone()).apply(&mut work)
            }
            other => other,
        };
        applied.map_err(|e| CodebookError::Theme {
            path: path.to_owned(),
            id: wanted.id.clone(),
            problem: e.to_string(),
        })?;
        match old {
            Some(_) => result.updated.push(wanted.label.clone()),
            None => result.added.push(wanted.label.clone()),
        }
        edits.push(edit(wanted));
    }
    result.edit = Edit::Batch(edits);
    Ok(result)
}

/// Whether `problem` is about a theme's shortcut key only.
fn is_key_problem(problem: &ThemeProblem) -> bool {
    matches!(
        problem,
        ThemeProblem::DuplicateKey { .. }
            | ThemeProblem::ReservedKey { .. }
            | ThemeProblem::UntypeableKey(_)
            | ThemeProblem::InvisibleKey(_)
    )
}

/// `themes` with every parent before its children, otherwise in codebook
/// order; a theme whose parent is not among them (or is in a cycle) comes
/// last, in its order.
fn parents_first(themes: &[Theme]) -> Vec<&Theme> {
    let ids: HashSet<&str> = themes.iter().map(|t| t.id.as_str()).collect();
    let mut placed: HashSet<&str> = HashSet::new();
    let mut out = Vec::with_capacity(themes.len());
    loop {
        let before = out.len();
        for t in themes {
            if placed.contains(t.id.as_str()) {
                continue;
            }
            let ready = t
                .parent
                .as_deref()
                .is_none_or(|p| placed.contains(p) || !ids.contains(p));
            if ready {
                placed.insert(&t.id);
                out.push(t);
            }
        }
        if out.len() == before {
            break;
        }
    }
    out.extend(themes.iter().filter(|t| !placed.contains(t.id.as_str())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Color;

    fn theme(id: &str, label: &str, parent: Option<&str>) -> Theme {
        let mut t = Theme::new(id, label, Color { r: 1, g: 2, b: 3 });
        t.parent = parent.map(str::to_owned);
        t
    }

    /// Security ⊃ Arms control in the project.
    fn project() -> Project {
        let mut p = Project::new("p", vec![]);
        for t in [
            theme("security", "Security", None),
            theme("arms", "Arms control", Some("security")),
        ] {
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
    fn a_file_that_turns_the_tree_upside_down_and_lists_children_first_applies_in_one_edit() {
        let mut p = project();
        // The file: Nuclear (new) under Arms control, which now holds
        // Security; listed children first.
        let file = [
            theme("nuclear", "Nuclear ☢", Some("arms")),
            theme("security", "Security", Some("arms")),
            theme("arms", "Arms control", None),
        ];
        let plan = merge(&p, &file, Path::new("other.ron")).unwrap();
        assert_eq!(plan.added, ["Nuclear ☢"]);
        assert_eq!(plan.updated, ["Arms control", "Security"]);
        let undo = plan.edit.apply(&mut p).unwrap();
        assert_eq!(p.theme_path("security").unwrap(), "Arms control/Security");
        assert_eq!(p.theme_path("nuclear").unwrap(), "Arms control/Nuclear ☢");
        undo.apply(&mut p).unwrap();
        assert_eq!(p, project());
    }

    #[test]
    fn a_key_in_use_is_left_out_with_a_note_and_rules_are_merged() {
        let mut p = project();
        let mut arms = p.theme("arms").unwrap().clone();
        arms.key = Some('a');
        arms.rules = vec!["treaty".into()];
        Edit::UpdateTheme { theme: arms }.apply(&mut p).unwrap();
        let mut security = theme("security", "Security", None);
        security.key = Some('a');
        let mut arms = theme("arms", "Arms control", Some("security"));
        arms.rules = vec!["/disarm\\w*/".into(), "treaty".into()];
        let plan = merge(&p, &[security, arms], Path::new("o.ron")).unwrap();
        assert_eq!(plan.updated, ["Arms control"]);
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.notes.len(), 1);
        assert!(plan.notes[0].contains("'a'"), "{:?}", plan.notes);
        plan.edit.apply(&mut p).unwrap();
        assert_eq!(p.theme("security").unwrap().key, None);
        assert_eq!(p.theme("arms").unwrap().key, Some('a'));
        assert_eq!(p.theme("arms").unwrap().rules, ["treaty", "/disarm\\w*/"]);
    }
}
