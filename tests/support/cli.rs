//! Helpers shared by the integration tests that run the `marginalia`
//! binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `marginalia ARGS...` in `dir` (without `MARGINALIA_ANNOTATOR`, so
/// defaults are the ones a fresh user gets) and checks that no line of its
/// standard error mentions a panic, whatever the outcome — not even a panic
/// that was caught and turned into a refusal. `RUST_BACKTRACE` is set, as
/// a developer's shell may have it, so a panic message would come with its
/// backtrace.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .env_remove("MARGINALIA_ANNOTATOR")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the marginalia binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let panic_lines: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("panic") || l.contains("stack backtrace")
        })
        .collect();
    assert!(
        panic_lines.is_empty(),
        "marginalia {args:?} printed a panic:\n{stderr}"
    );
    output
}

/// Checks that the command succeeded; returns its standard output.
pub fn assert_ok(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "expected success, got {:?}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
    stdout
}

/// Checks that the command failed with status 1 and said `expected` on
/// standard error; returns the standard error.
#[allow(dead_code)]
pub fn assert_fails(output: &Output, expected: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "expected a refusal with status 1\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(
        stderr.starts_with("error: "),
        "the message should start with `error: `:\n{stderr}"
    );
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in the message:\n{stderr}"
    );
    stderr
}

/// Every file in `dir` (recursively) with its bytes.
#[allow(dead_code)]
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_owned(), bytes);
            }
        }
    }
    files
}

/// Runs a command that must be refused with a message containing
/// `expected`, and checks that the folder is exactly as it was: the project
/// byte-identical, no backup, temporary or other file created.
#[allow(dead_code)]
pub fn assert_refused(dir: &Path, args: &[&str], expected: &str) -> String {
    let before = snapshot(dir);
    let stderr = assert_fails(&run(dir, args), expected);
    let after = snapshot(dir);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "marginalia {args:?} added or removed files"
    );
    for (name, bytes) in &before {
        assert!(
            &after[name] == bytes,
            "marginalia {args:?} changed {}",
            name.display()
        );
    }
    stderr
}
