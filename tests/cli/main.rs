//! The `marginalia` command line, told as a user's stories: create a
//! project, import text, tag and untag, validate, look at the statistics,
//! and be refused — clearly, with status 1 and without a single byte of the
//! project or its folder changed — whenever something is wrong.
//!
//! This file holds only what the stories share (a new study, its project
//! loaded, the arguments of `tag`) and a `mod` line per feature; running
//! the binary is `support::cli`. A new story goes in the file of its
//! command or feature, or in a new file named by it with its `mod` line
//! here.

#[path = "../support/mod.rs"]
mod support;

mod codebook_tree;
mod coding;
mod corpus;
mod curation;
mod format_values;
mod import_folder;
mod import_text;
mod memos;
mod never_losing_work;
mod new_force;
mod pdf_import;
mod relations;
mod tagging;
mod validate;

use std::fs;
use std::path::Path;
use std::process::Command;

use marginalia::model::{LineEndings, Project};
use marginalia::store;
use support::cli::{self, assert_ok, assert_refused, run};

// ---------------------------------------------------------------- helpers

/// A fresh folder holding a new project `p.ron` named "Study".
fn new_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&run(dir.path(), &["new", "p.ron", "--name", "Study"]));
    dir
}

/// A study with one document `doc` holding `text` (written as UTF-8).
fn study_with_document(text: &str) -> tempfile::TempDir {
    let dir = new_study();
    fs::write(dir.path().join("doc.txt"), text).unwrap();
    assert_ok(&run(dir.path(), &["import", "p.ron", "doc.txt"]));
    dir
}

fn load(dir: &Path) -> Project {
    store::load(&dir.join("p.ron")).expect("the project loads")
}

/// `stats --json`, parsed.
fn stats_json(dir: &Path) -> serde_json::Value {
    let stdout = assert_ok(&run(dir, &["stats", "p.ron", "--json"]));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stats --json: {e}\n{stdout}"))
}

/// The arguments of `tag p.ron --doc DOC --start S --end E --theme T --annotator ana`.
fn tag<'a>(doc: &'a str, start: &'a str, end: &'a str, theme: &'a str) -> Vec<&'a str> {
    vec![
        "tag",
        "p.ron",
        "--doc",
        doc,
        "--start",
        start,
        "--end",
        end,
        "--theme",
        theme,
        "--annotator",
        "ana",
    ]
}
