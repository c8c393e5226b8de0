//! Hostile and broken input: the project loader and every importer, given
//! empty, truncated, binary, non-UTF-8, huge, deeply nested, out-of-range,
//! duplicated, dangling, future or booby-trapped files, refuse each one
//! with a message that names the file and says the problem, in bounded
//! time and memory, without panicking and without writing a byte.
//!
//! The small cases are files under `tests/hostile/corpus/<target>/`, each
//! listed in [`CORPUS`] with what its message must say; big ones (a 100 MB
//! line, 100 000 nested brackets, zip bombs) are made at test time.
//! proptest then feeds arbitrary bytes, and mutations of valid files, to
//! all of them. Export takes the other direction: document ids and titles
//! never name a path outside the export folder.
//!
//! The 100 MB single-line imports take minutes in a debug build; they are
//! `#[ignore]`d and run in release:
//! `cargo test --release --test hostile -- --ignored`. Their 10 MB
//! versions always run.
//!
//! This file holds only what the stories share (reading a file as the
//! loader or an importer would, and asserting its refusal) and a `mod`
//! line per kind of hostile input. A new case of the corpus is a file
//! under `corpus/` and a line in `support::hostile_corpus`; a new kind of
//! hostile input goes in the file of its kind, or in a new file named by it
//! with its `mod` line here.

#[path = "../support/mod.rs"]
mod support;

mod arbitrary_bytes;
mod bounded_reading;
mod corpus_cases;
mod export_paths;
mod long_lines_and_nesting;
mod refi_qda_paths;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use marginalia::formats::{self, ExportOptions, Format, fixture};
use marginalia::model::{Document, Edit, Project, Span};
use marginalia::store;
use proptest::prelude::*;

use support::cli::{assert_ok, assert_refused, run};

/// How long any one refusal may take, even in a debug build.
const BOUND: Duration = Duration::from_secs(20);

/// What reads a corpus file.
#[derive(Clone, Copy, Debug)]
enum Target {
    Load,
    Import(Format),
    /// `theme import`: a codebook from a `.ron` project or a `.qdc`.
    Codebook,
}

use support::hostile_corpus::CORPUS;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/corpus")
}

/// Reads `path` as `target` the way the command line does (for an import:
/// read, then plan the edit on a project), returning the error message.
fn read(target: Target, path: &Path) -> Result<(), String> {
    match target {
        Target::Load => store::load(path).map(drop).map_err(|e| e.to_string()),
        Target::Import(format) => {
            let imported = formats::read(path, Some(format)).map_err(|e| e.to_string())?;
            let project = Project::with_default_codebook("p");
            formats::import::plan(&project, &[(path.to_owned(), imported)], "me")
                .map(drop)
                .map_err(|e| e.to_string())
        }
        Target::Codebook => formats::codebook::plan(&Project::with_default_codebook("p"), path)
            .map(drop)
            .map_err(|e| e.to_string()),
    }
}

/// Reads `path`, expecting a refusal within [`BOUND`] whose message names
/// the file and contains every one of `expected`.
fn assert_refusal(target: Target, path: &Path, expected: &[&str]) -> String {
    assert_refusal_naming(target, path, path, expected)
}

/// [`assert_refusal`], where the message must name `names` (the file at
/// fault may be another file of the folder `names`).
fn assert_refusal_naming(target: Target, path: &Path, names: &Path, expected: &[&str]) -> String {
    let start = Instant::now();
    let result = read(target, path);
    let took = start.elapsed();
    let message = match result {
        Ok(()) => panic!("{} was accepted", path.display()),
        Err(m) => m,
    };
    assert!(took < BOUND, "{} took {took:?} to refuse", path.display());
    let name = names.display().to_string();
    assert!(
        message.contains(&name),
        "the message does not name {name}:\n{message}"
    );
    for e in expected {
        assert!(message.contains(e), "expected {e:?} in:\n{message}");
    }
    message
}

/// A folder with a fresh project `p.ron` (default codebook, no documents)
/// and a text file `doc.txt`.
fn fresh_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&run(dir.path(), &["new", "p.ron", "--name", "Study"]));
    fs::write(dir.path().join("doc.txt"), "Hello world.\n").unwrap();
    dir
}
