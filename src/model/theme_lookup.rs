//! Finding a theme the user named, by id or label: the one lookup and the
//! one refusal that the command line, the segment queries and Tag All
//! share ("there is no theme "sport"; the codebook has health (Health),
//! …").

use super::project::Project;
use super::theme::Theme;

/// A theme the codebook does not have, with what it does have.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("there is no theme {given:?}; the codebook has {known}")]
pub struct UnknownTheme {
    /// The id or label asked for.
    pub given: String,
    /// The codebook's themes, "id (label)" joined with ", ", or "no themes".
    pub known: String,
}

impl UnknownTheme {
    /// The refusal of `given`, listing the codebook of `project`.
    pub fn new(project: &Project, given: &str) -> Self {
        let known = if project.themes().is_empty() {
            "no themes".to_owned()
        } else {
            project
                .themes()
                .iter()
                .map(|t| format!("{} ({})", t.id, t.label))
                .collect::<Vec<_>>()
                .join(", ")
        };
        UnknownTheme {
            given: given.to_owned(),
            known,
        }
    }
}

impl Project {
    /// The theme with id `id_or_label`, else the one with that label
    /// (ignoring case), else the refusal naming the codebook.
    pub fn resolve_theme(&self, id_or_label: &str) -> Result<&Theme, UnknownTheme> {
        self.find_theme(id_or_label)
            .ok_or_else(|| UnknownTheme::new(self, id_or_label))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_found_by_id_or_label_and_a_missing_one_named_with_the_codebook() {
        let p = Project::with_default_codebook("T");
        assert_eq!(p.resolve_theme("ict").unwrap().label, "ICT");
        assert_eq!(p.resolve_theme("Ict").unwrap().id, "ict");
        let err = p.resolve_theme("sport").unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no theme \"sport\"; the codebook has health (Health), \
             security (Security), ict (ICT), trade (Trade)"
        );
        let empty = Project::new("E", Vec::new());
        assert_eq!(
            empty.resolve_theme("x").unwrap_err().to_string(),
            "there is no theme \"x\"; the codebook has no themes"
        );
    }
}
