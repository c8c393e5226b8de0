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
/// plan the edit on a fresh project, apply it. Refusals are fine (the
/// message is returned); a panic is the bug the fuzzer looks for. What was
/// imported must then save and load back.
pub fn import(path: &Path, format: Format) -> Option<String> {
    let imported = match formats::read(path, Some(format)) {
        Ok(imported) => imported,
        Err(e) => return Some(e.to_string()),
    };
    let mut project = Project::new("fuzz", vec![]);
    let edit = match formats::import::plan(&project, &[(path.to_owned(), imported)], "fuzz") {
        Ok((edit, _)) => edit,
        Err(e) => return Some(e.to_string()),
    };
    if let Err(e) = edit.apply(&mut project) {
        return Some(e.to_string());
    }
    saves_and_loads_back(&project);
    None
}

/// Imports the codebook `path` (`.ron` or `.qdc`) into a project with the
/// default codebook the way `marginalia theme import` does: plan, apply.
/// What was merged must then save and load back.
pub fn import_codebook(path: &Path) {
    let mut project = Project::with_default_codebook("fuzz");
    let Ok(plan) = formats::codebook::plan(&project, path) else {
        return;
    };
    if plan.edit.apply(&mut project).is_ok() {
        saves_and_loads_back(&project);
    }
}

fn saves_and_loads_back(project: &Project) {
    let ron = marginalia::store::to_ron_string(project).expect("an imported project saves");
    if let Err(e) = marginalia::store::from_ron_str(&ron) {
        panic!("an imported project does not load back: {e:?}\n{ron}");
    }
}

/// `data` as is when it is a zip archive (starts with `PK`), else a zip
/// archive holding `data` as its one entry `name`.
pub fn zipped_unless_zip(data: &[u8], name: &str) -> Vec<u8> {
    use std::io::Write;
    if data.starts_with(b"PK") {
        return data.to_vec();
    }
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(name, stored).expect("a zip entry");
    zip.write_all(data).expect("a zip entry in memory");
    zip.finish().expect("a zip archive in memory").into_inner()
}
