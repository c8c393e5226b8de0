//! The project file as every command reads and writes it: loaded for
//! reading, claimed for writing with the same policy as the window
//! (`marginalia::session::claim`), saved atomically by the store (temporary
//! file, flush, rename, the previous version kept as `NAME.bak`).

use std::path::Path;

use marginalia::model::{Edit, Project};
use marginalia::store::{self, lock};

use super::error::CliError;

/// Loads a project to read it; the error names the file and the position.
pub fn load(path: &Path) -> Result<Project, CliError> {
    store::load(path).map_err(|e| CliError::failed(e.to_string()))
}

/// Claims the project file for a command that writes it, as a window
/// does: refuses while another Marginalia (a window, or another command)
/// has it open for editing, since one of the two would overwrite the
/// other's work. The claim ends when the returned lock is dropped.
/// A file made read-only (`chmod 444`) is refused before anything is
/// read or locked.
pub fn claim(path: &Path) -> Result<Option<lock::Lock>, CliError> {
    use marginalia::session::claim::{ClaimError, Takeover, claim_for_writing};
    if !path.is_file() {
        // Loading says what is wrong with the path.
        return Ok(None);
    }
    match claim_for_writing(path, Takeover::Refuse) {
        Ok(l) => Ok(Some(l)),
        Err(e @ ClaimError::Held { .. }) => Err(CliError::failed(format!(
            "{e}; nothing was changed. Close it there (or make the change there) and try again"
        ))),
        Err(e) => Err(CliError::failed(e.to_string())),
    }
}

/// A project open for writing: claimed, then loaded. The claim is held
/// until the value is dropped.
pub struct Writable {
    pub project: Project,
    _claim: Option<lock::Lock>,
}

/// Claims the project file ([`claim`]) and loads it ([`load`]).
pub fn open(path: &Path) -> Result<Writable, CliError> {
    let claim = claim(path)?;
    Ok(Writable {
        project: load(path)?,
        _claim: claim,
    })
}

/// Saves the project atomically, keeping the previous file as `NAME.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), CliError> {
    store::save(project, path).map_err(|e| CliError::failed(e.to_string()))
}

/// Applies `edit` and saves, or says why nothing was changed.
pub fn apply_and_save(project: &mut Project, path: &Path, edit: Edit) -> Result<(), CliError> {
    edit.apply(project)
        .map_err(|e| CliError::failed(format!("{e}; nothing was changed")))?;
    save(project, path)
}

/// A theme id from an id or a label, or the refusal listing the codebook.
pub fn theme_id(project: &Project, id_or_label: &str) -> Result<String, CliError> {
    project
        .resolve_theme(id_or_label)
        .map(|t| t.id.clone())
        .map_err(|e| CliError::failed(e.to_string()))
}
