//! What every fuzz target shares: a scratch folder that lives as long as
//! the fuzzing process, and the import pipeline the command line runs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use marginalia::formats::{self, Format};
use marginalia::model::Project;

/// One folder for the whole run; each input overwrites the files in it.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

/// Writes `bytes` to `name` in the scratch folder.
pub fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = scratch().join(name);
    std::fs::write(&path, bytes).expect("the scratch folder is writable");
    path
}

/// Removes `name` from the scratch folder if it is there.
pub fn remove(name: &str) {
    let _ = std::fs::remove_file(scratch().join(name));
}

/// Splits an input into at most `n` files at `0xFF` bytes (never part of
/// UTF-8 text), so one input can hold, say, a `.txt` and its `.ann`.
pub fn parts(data: &[u8], n: usize) -> Vec<&[u8]> {
    data.splitn(n, |b| *b == 0xFF).collect()
}

/// Imports `path` as `format` the way `marginalia import` does: read,
/// plan the edit on a fresh project, apply it. Refusals are fine; a panic
/// is the bug the fuzzer looks for. What was imported must then save and
/// load back.
pub fn import(path: &Path, format: Format) {
    let Ok(imported) = formats::read(path, Some(format)) else {
        return;
    };
    let mut project = Project::new("fuzz", vec![]);
    let Ok((edit, _)) = formats::import::plan(&project, &[(path.to_owned(), imported)], "fuzz")
    else {
        return;
    };
    if edit.apply(&mut project).is_err() {
        return;
    }
    let ron = marginalia::store::to_ron_string(&project).expect("an imported project saves");
    if let Err(e) = marginalia::store::from_ron_str(&ron) {
        panic!("an imported project does not load back: {e:?}\n{ron}");
    }
}
