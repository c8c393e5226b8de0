//! Source texts that live outside the archive, read only from the folder
//! that holds the imported file.
//!
//! REFI-QDA names a source's file with `plainTextPath`: `internal://` (an
//! entry of the archive's `sources/`), `relative://` (relative, says the
//! standard, to the project's `basePath`, a folder on the machine that
//! wrote the file) or `absolute://`. A crafted project could name any file
//! readable here (`relative://../../.ssh/id_rsa`) and have it imported as a
//! document, so Marginalia resolves `relative://` against the folder that
//! holds the imported `.qdpx` (or `project.qde`) and reads a `relative://`
//! or `absolute://` file only when its real path (symbolic links followed,
//! `..` collapsed) lies inside that folder. Every other scheme, and a bare
//! path, is refused.

use std::path::{Component, Path, PathBuf};

use crate::formats::bounded_read::{MAX_FILE_BYTES, read_limited};

/// What a refusal tells the user to do.
pub(super) const HOW: &str = "put the file beside the .qdpx, or embed it with internal://";

/// The folder that holds the imported file: the one place outside the
/// archive where source texts are read.
pub(super) struct SourceFolder {
    /// The folder as given, made absolute (not resolved).
    given: PathBuf,
}

impl SourceFolder {
    /// The folder that holds `imported`.
    pub(super) fn of(imported: &Path) -> Self {
        let folder = match imported.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        SourceFolder {
            given: collapse(&std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned())),
        }
    }

    /// The folder (absolute, symbolic links not resolved).
    pub(super) fn path(&self) -> &Path {
        &self.given
    }

    /// The folder with symbolic links resolved.
    fn real(&self) -> Result<PathBuf, String> {
        self.given.canonicalize().map_err(|e| {
            format!(
                "cannot find the folder that holds the imported file ({}): {e}",
                self.given.display()
            )
        })
    }

    /// The bytes of the file a `plainTextPath` other than `internal://`
    /// names, when it is `relative://` or `absolute://` and inside the
    /// folder.
    pub(super) fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let (scheme, rest) = match path.split_once("://") {
            Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
            None => (None, path),
        };
        let file = match scheme.as_deref() {
            Some("relative") => self
                .real()?
                .join(rest.replace('\\', "/").trim_start_matches('/')),
            Some("absolute") => {
                // `absolute:///home/me/a.txt`, and on Windows also
                // `absolute:///C:/a.txt` or `absolute://C:/a.txt`.
                let bytes = rest.as_bytes();
                let drive = bytes.len() > 2 && bytes[0] == b'/' && bytes[2] == b':';
                let file = PathBuf::from(if drive { &rest[1..] } else { rest });
                if !file.is_absolute() {
                    return Err(format!(
                        "its text {path} is not an absolute path; Marginalia reads source \
                         files only inside the folder that holds the imported file: {HOW}"
                    ));
                }
                file
            }
            Some(other) => {
                return Err(format!(
                    "its text {path} is named with {other}://, which Marginalia does not read: \
                     a source file is internal://, or relative:// or absolute:// inside the \
                     folder that holds the imported file; {HOW}"
                ));
            }
            None => {
                return Err(format!(
                    "its text {path} is a bare path: REFI-QDA names a source file with \
                     internal://, relative:// or absolute://, and Marginalia reads it only \
                     inside the folder that holds the imported file; {HOW}"
                ));
            }
        };
        self.read_inside(&file, path)
    }

    /// The bytes of `file`, which `path` names, when its real path lies
    /// inside the folder.
    pub(super) fn read_inside(&self, file: &Path, path: &str) -> Result<Vec<u8>, String> {
        let root = self.real()?;
        let outside = |leads_to: Option<&Path>| {
            let leads = leads_to
                .map(|p| format!(" (it leads to {})", p.display()))
                .unwrap_or_default();
            format!(
                "its text {path} is outside the folder that holds the imported file ({}){leads}; \
                 Marginalia reads source files only from that folder: {HOW}",
                self.given.display()
            )
        };
        // Refused before the file system is asked anything about it.
        let lexical = collapse(file);
        if !(lexical.starts_with(&root) || lexical.starts_with(&self.given)) {
            return Err(outside(None));
        }
        let real = file
            .canonicalize()
            .map_err(|e| format!("cannot read its text {path} ({}): {e}", file.display()))?;
        if !real.starts_with(&root) {
            return Err(outside(Some(&real)));
        }
        read_limited(&real, MAX_FILE_BYTES)
            .map_err(|e| format!("cannot read its text {path} ({}): {e}", real.display()))
    }
}

/// `path` with `.` left out and each `..` taking away the name before it,
/// without asking the file system.
fn collapse(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
