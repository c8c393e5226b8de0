//! Python as the reference. The one Python virtual environment of the
//! tests: the reference readers (tests/readers.rs) and the reference
//! agreement coefficients (tests/agreement.rs). `$MARGINALIA_READERS_PYTHON`
//! if set, else one created under `target/tmp/reader-venv` from
//! `tests/readers/requirements.txt` (which needs PyPI the first time).
//! Decoding a text file needs only the standard library: [`python_decode`]
//! runs the system's `python3`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The folder of the reference scripts and their requirements.
pub fn readers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readers")
}

static VENV: Mutex<()> = Mutex::new(());

/// The Python that has the reference readers, creating its environment if
/// needed.
pub fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("MARGINALIA_READERS_PYTHON") {
        return PathBuf::from(p);
    }
    let _guard = VENV.lock().unwrap_or_else(|e| e.into_inner());
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("reader-venv");
    let python = venv.join("bin/python");
    let requirements = readers_dir().join("requirements.txt");
    let stamp = venv.join("requirements.installed");
    let wanted = fs::read(&requirements).expect("tests/readers/requirements.txt");
    if python.exists() && fs::read(&stamp).ok().as_ref() == Some(&wanted) {
        return python;
    }
    let run = |cmd: &mut Command, what: &str| {
        let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            out.status.success(),
            "{what} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv (install python3-venv)",
    );
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
        "pip install -r tests/readers/requirements.txt (needs PyPI)",
    );
    fs::write(&stamp, wanted).unwrap();
    python
}

/// The text of `path` decoded by Python (`open(path, encoding=...).read()`,
/// universal newlines), as UTF-8. Needs `python3` on the PATH (CI installs
/// it); without it the test fails saying so rather than pass unchecked.
pub fn python_decode(path: &Path, encoding: &str) -> String {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding=sys.argv[2]).read().encode('utf-8'))",
        ])
        .arg(path)
        .arg(encoding)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to compare text import with Python's decoding (CI installs it), but it could not be run: {e}")
        });
    assert!(
        output.status.success(),
        "python3 failed to decode {} as {encoding}:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("python3 wrote UTF-8")
}
