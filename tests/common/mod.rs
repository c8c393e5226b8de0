//! Helpers shared by the integration tests that run the `marginalia`
//! binary.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `marginalia ARGS...` in `dir` (without `MARGINALIA_ANNOTATOR`, so
/// defaults are the ones a fresh user gets) and checks that it did not
/// panic, whatever the outcome.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .env_remove("MARGINALIA_ANNOTATOR")
        .output()
        .expect("the marginalia binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked"),
        "marginalia {args:?} panicked:\n{stderr}"
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
