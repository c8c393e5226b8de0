//! Claiming a project file for writing: the one policy the window (on
//! opening a project for editing) and every writing command follow.
//!
//! - A write-protected file (`chmod 444`, or not this user's to write) is
//!   refused before anything is read or locked.
//! - The lock beside the file is taken; while another live Marginalia (a
//!   window or a command) holds it, the claim is refused, unless the user
//!   chose to take it over ([`Takeover::Steal`], the window's "open
//!   anyway").
//! - Once the lock is held this process is the one writer, so temporary
//!   files a killed save left behind are removed.

use std::path::{Path, PathBuf};

use crate::store::lock::{self, Holder, Lock, LockError};
use crate::store::{self, SaveError};

/// What to do about another writer's lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Takeover {
    /// Refuse while another live process holds the lock.
    Refuse,
    /// Take the lock from the other process.
    Steal,
}

/// Why a project file cannot be claimed for writing. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ClaimError {
    /// The file may not be written (its permissions).
    #[error("{0}")]
    WriteProtected(SaveError),
    /// Another live Marginalia has it open for editing.
    #[error("{}: {}", path.display(), LockError::Held(holder.clone()))]
    Held { path: PathBuf, holder: Holder },
    /// The lock file could not be written.
    #[error("{0}")]
    Lock(LockError),
}

/// Claims the project file at `path` for writing (see the module notes).
/// The claim lasts while the returned lock lives.
pub fn claim_for_writing(path: &Path, takeover: Takeover) -> Result<Lock, ClaimError> {
    if store::is_write_protected(path) {
        return Err(ClaimError::WriteProtected(SaveError::WriteProtected(
            path.to_owned(),
        )));
    }
    let lock = match takeover {
        Takeover::Refuse => lock::acquire(path),
        Takeover::Steal => lock::steal(path),
    }
    .map_err(|e| match e {
        LockError::Held(holder) => ClaimError::Held {
            path: path.to_owned(),
            holder,
        },
        e => ClaimError::Lock(e),
    })?;
    store::remove_stale_temporaries(path);
    Ok(lock)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_file(dir: &Path) -> PathBuf {
        let path = dir.join("p.ron");
        store::save(&crate::model::Project::with_default_codebook("P"), &path).unwrap();
        path
    }

    /// While another live Marginalia (here: the parent of this test,
    /// which is certainly running) holds the lock, the claim is refused
    /// and names it; "open anyway" takes it over.
    #[cfg(unix)]
    #[test]
    fn one_writer_at_a_time_unless_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = project_file(dir.path());
        let other = Holder {
            pid: std::os::unix::process::parent_id(),
            ..Holder::me()
        };
        std::fs::write(lock::lock_path(&path), other.to_text()).unwrap();
        let refused = claim_for_writing(&path, Takeover::Refuse).unwrap_err();
        assert!(
            matches!(&refused, ClaimError::Held { holder, .. } if *holder == other),
            "{refused}"
        );
        assert_eq!(
            refused.to_string(),
            format!(
                "{}: the project is open in another Marginalia ({other})",
                path.display()
            )
        );
        let taken = claim_for_writing(&path, Takeover::Steal).unwrap();
        drop(taken);
        assert!(
            !lock::lock_path(&path).exists(),
            "the claim ends with its lock"
        );
        claim_for_writing(&path, Takeover::Refuse).expect("free again");
    }

    #[cfg(unix)]
    #[test]
    fn a_write_protected_file_is_refused_before_it_is_locked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = project_file(dir.path());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
        let refused = claim_for_writing(&path, Takeover::Refuse).unwrap_err();
        assert!(
            matches!(refused, ClaimError::WriteProtected(_)),
            "{refused}"
        );
        assert!(
            !lock::lock_path(&path).exists(),
            "no lock beside a refused file"
        );
    }
}
