//! Importing as a job: a file (or many, see `import_many.rs`) read and
//! planned against a snapshot of the project on the worker, then applied
//! as one undoable step, with what could not be imported reported.

use std::path::{Path, PathBuf};

use crate::ui::jobs::job::{Cancel, Running};

/// Importing from `path` (a file, a folder, or a few of them named as one).
pub(in crate::ui) struct ImportFiles {
    pub path: PathBuf,
}

impl Running for ImportFiles {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Importing".into(), Some(&self.path))
    }

    fn cancel(&self) -> Cancel {
        Cancel::Drop
    }
}
