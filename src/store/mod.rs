//! The RON project file: schema, versions, load, save.
//!
//! One self-contained, pretty-printed file per project, one span per line,
//! in stable order. Loading validates everything and reports each problem
//! with its line and column; saving is atomic and keeps a backup.

mod atomic;
mod fast;
pub mod lock;
pub mod recovery;
mod relations;
mod schema;
mod validate;
pub mod versions;

#[cfg(test)]
#[path = "coding_fields_tests.rs"]
mod coding_fields_tests;
#[cfg(test)]
#[path = "relations_tests.rs"]
mod relations_tests;
#[cfg(test)]
#[path = "source_kind_tests.rs"]
mod source_kind_tests;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ron::value::RawValue;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::model::rules::{self, ThemeProblem};
use crate::model::text::{LineCol, SourcePositions, invalid_utf8_at};
use crate::model::{
    Color, Document, Memo, Project, RelationType, Source, Span, SpanIndex, Text, Theme,
};
pub use atomic::{
    backup_path, is_write_protected, link_target, remove_stale_temporaries, write_all_or_nothing,
    write_atomic,
};
use schema::*;
pub use schema::{FORMAT, OFFSETS};

/// A 1-based line and column (in characters) in the project file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

/// One thing wrong with a project file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// A plain sentence saying what is wrong.
    pub message: String,
}

/// Why a project file could not be read.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{}: the project is in format {found}, written by a newer Marginalia; this version reads format {FORMAT} at most. Update Marginalia to open it.",
        path.display()
    )]
    NewerFormat { path: PathBuf, found: u64 },
    #[error("{}", Problems(path, problems))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

/// Why a project could not be saved. The file on disk is unchanged.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("cannot write the project: {0}")]
    Serialize(String),
    #[error("{}: cannot save: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{}: the file changed on disk since it was opened (another program or a git pull); reload it, overwrite it, or save under another name",
        .0.display()
    )]
    ChangedOnDisk(PathBuf),
    #[error("{}: the project is open read-only; save it under another name", .0.display())]
    ReadOnly(PathBuf),
    #[error(
        "{}: the file is read-only (no write permission), so Marginalia does not write it; nothing was changed. To change it, make it writable (chmod u+w {}) or save it under another name (Save As)",
        .0.display(), .0.display()
    )]
    WriteProtected(PathBuf),
}

struct Problems<'a>(&'a Path, &'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problems(path, problems) = *self;
        let n = problems.len();
        write!(
            f,
            "{} is not a valid project file ({}):",
            path.display(),
            crate::model::plural(n, "problem", "problems")
        )?;
        for p in problems {
            write!(f, "\n  {}", path.display())?;
            if let Some(pos) = p.position {
                write!(f, ":{}:{}", pos.line, pos.col)?;
            }
            write!(f, ": {}", p.message)?;
        }
        Ok(())
    }
}

impl LoadError {
    /// The problems found, if the file was read but is invalid.
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }
}

/// Reads, validates and returns the project at `path`.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    read_project(path, false).map(|(project, _)| project)
}

/// [`load`], plus the [`Fingerprint`] of the very bytes it read: one read
/// of the file instead of two (a second read of a 20 MB file costs its
/// time, and its freed buffer makes the allocator keep the memory of
/// everything loading frees after it).
pub fn load_fingerprinted(path: &Path) -> Result<(Project, Fingerprint), LoadError> {
    let (project, fingerprint) = read_project(path, true)?;
    Ok((project, fingerprint.expect("asked for")))
}

fn read_project(
    path: &Path,
    fingerprint: bool,
) -> Result<(Project, Option<Fingerprint>), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_owned(),
        source,
    };
    // A device or pipe could be read forever (`/dev/zero`) or block.
    let meta = fs::metadata(path).map_err(|e| io(dangling_link(path).unwrap_or(e)))?;
    if !meta.is_file() {
        return Err(io(io::Error::other(if meta.is_dir() {
            "this is a folder, not a project file"
        } else {
            "this is not a regular file (a device, pipe or socket)"
        })));
    }
    let bytes = fs::read(path).map_err(io)?;
    let fingerprint = fingerprint.then(|| Fingerprint::of_bytes(&bytes, meta.modified().ok()));
    let invalid = |problems| LoadError::Invalid {
        path: path.to_owned(),
        problems,
    };
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return Err(invalid(vec![Problem {
                position: Some(invalid_utf8_at(e.as_bytes(), at).into()),
                message: format!("the file is not valid UTF-8 (bad byte at offset {at})"),
            }]));
        }
    };
    from_ron_str(&source)
        .map(|project| (project, fingerprint))
        .map_err(|e| match e {
            FileError::NewerFormat(found) => LoadError::NewerFormat {
                path: path.to_owned(),
                found,
            },
            FileError::Invalid(problems) => invalid(problems),
        })
}

/// When `path` is a symbolic link whose target does not exist, an error
/// that says so and names the missing file.
fn dangling_link(path: &Path) -> Option<io::Error> {
    if !fs::symlink_metadata(path).ok()?.file_type().is_symlink() {
        return None;
    }
    let target = link_target(path).ok()?;
    (!target.exists()).then(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "it is a symbolic link to {}, which does not exist (moved or deleted?); point the link at the project file or open the file itself",
                target.display()
            ),
        )
    })
}

/// Why a project file's text is not a valid project (see [`LoadError`]).
#[derive(Debug, PartialEq, Eq)]
pub enum FileError {
    NewerFormat(u64),
    Invalid(Vec<Problem>),
}

/// Parses and validates a project file's content.
pub fn from_ron_str(source: &str) -> Result<Project, FileError> {
    // Marginalia never writes a raw `\r` (control characters in strings are
    // escaped), so CRLF can only come from a line-ending conversion such as
    // git's `core.autocrlf`: undo it instead of reporting a hash mismatch.
    let lf_only;
    let source = if source.contains("\r\n") {
        lf_only = source.replace("\r\n", "\n");
        lf_only.as_str()
    } else {
        source
    };
    if source.trim().is_empty() {
        return Err(FileError::Invalid(vec![Problem {
            position: None,
            message: "the file is empty; a project file starts with `(format: 1,`".into(),
        }]));
    }
    // Valid files in one pass; the validator reads any other.
    if let Some(project) = fast::load(source) {
        debug_assert_eq!(
            validate::validate(source).as_ref(),
            Ok(&project),
            "the fast path accepted a file the validator reads differently"
        );
        return Ok(project);
    }
    validate::validate(source)
}

/// Hex SHA-256 of a document text, as stored in the file (or of any
/// bytes: the fingerprint of a project file).
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex::encode(Sha256::digest(bytes.as_ref()))
}

/// The project as the text of a project file: format 1 unless it uses a
/// field a later format added ([`versions::format_for`]).
pub fn to_ron_string(project: &Project) -> Result<String, SaveError> {
    let line = Str::line;
    let documents = project
        .documents()
        .iter()
        .map(|d| DocumentOut {
            id: line(&d.id),
            title: line(&d.title),
            source: d.source.as_ref().map(|s| SourceOut {
                path: line(&s.path),
                encoding: line(&s.encoding),
                bom: s.bom,
                line_endings: s.line_endings.as_str(),
                kind: s.kind.map(|k| k.as_str()),
            }),
            sha256: sha256_hex(d.text().as_str()),
            done: d.done_annotators().iter().map(|a| line(a)).collect(),
            attributes: AttributesOut(d.attributes()),
            text: Str {
                value: d.text().as_str(),
                multiline: true,
            },
            spans: d
                .spans()
                .spans()
                .iter()
                .map(|s| SpanOut {
                    start: s.start,
                    end: s.end,
                    theme: line(&s.theme),
                    annotator: line(&s.annotator),
                    note: line(&s.note),
                })
                .collect(),
            relations: d.relations().iter().map(relations::relation_out).collect(),
            suggestions: d.suggestions().iter().map(suggestion_out).collect(),
            rejected: d.rejected().iter().map(suggestion_out).collect(),
        })
        .collect();
    let file = FileOut {
        format: versions::format_for(project),
        offsets: OFFSETS,
        name: line(project.name()),
        themes: project
            .themes()
            .iter()
            .map(|t| ThemeOut {
                id: line(&t.id),
                label: line(&t.label),
                color: t.color.to_string(),
                key: t.key,
                description: line(&t.description),
                parent: t.parent.as_deref().map(line),
                rules: t.rules.iter().map(|r| line(r)).collect(),
            })
            .collect(),
        relation_types: project
            .relation_types()
            .iter()
            .map(relations::relation_type_out)
            .collect(),
        documents,
        memos: project.memos().iter().map(relations::memo_out).collect(),
    };
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .depth_limit(4)
        .escape_strings(false);
    let mut out = ron::ser::to_string_pretty(&file, config)
        .map_err(|e| SaveError::Serialize(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

fn suggestion_out(s: &crate::model::Suggestion) -> SuggestionOut<'_> {
    SuggestionOut {
        start: s.start,
        end: s.end,
        theme: Str::line(&s.theme),
    }
}

/// What a file on disk looked like when it was loaded or saved, to notice
/// when something else changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
    /// SHA-256 of the bytes.
    pub sha256: String,
}

impl Fingerprint {
    /// The fingerprint of the file at `path`.
    pub fn of(path: &Path) -> io::Result<Self> {
        let bytes = fs::read(path)?;
        let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
        Ok(Fingerprint::of_bytes(&bytes, modified))
    }

    fn of_bytes(bytes: &[u8], modified: Option<std::time::SystemTime>) -> Self {
        Fingerprint {
            len: bytes.len() as u64,
            modified,
            sha256: sha256_hex(bytes),
        }
    }

    /// Whether the file at `path` now holds other bytes than this
    /// fingerprint (a missing file counts as changed). Only hashes when
    /// the size and time say it might have changed.
    pub fn changed(&self, path: &Path) -> bool {
        let Ok(meta) = fs::metadata(path) else {
            return true;
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return false;
        }
        Fingerprint::of(path).map_or(true, |now| now.sha256 != self.sha256)
    }
}

/// Refuses to replace a file its owner made read-only
/// ([`is_write_protected`]).
fn refuse_write_protected(path: &Path) -> Result<(), SaveError> {
    if is_write_protected(path) {
        return Err(SaveError::WriteProtected(path.to_owned()));
    }
    Ok(())
}

/// Saves atomically, keeping the previous file as `NAME.ron.bak`. Through
/// a symbolic link, the file it points to is replaced and the link kept.
/// A read-only file is refused ([`SaveError::WriteProtected`]).
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    refuse_write_protected(path)?;
    let content = to_ron_string(project)?;
    write_atomic(path, content.as_bytes(), true).map_err(|source| SaveError::Io {
        path: path.to_owned(),
        source,
    })
}

/// [`save`], returning the [`Fingerprint`] of the bytes written without
/// reading the file back.
pub fn save_fingerprinted(project: &Project, path: &Path) -> Result<Fingerprint, SaveError> {
    refuse_write_protected(path)?;
    let content = to_ron_string(project)?;
    let io = |source| SaveError::Io {
        path: path.to_owned(),
        source,
    };
    write_atomic(path, content.as_bytes(), true).map_err(io)?;
    let modified = fs::metadata(path).map_err(io)?.modified().ok();
    Ok(Fingerprint::of_bytes(content.as_bytes(), modified))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_of_one_read_or_write_match_reading_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        let project = crate::formats::fixture::project();
        let saved = save_fingerprinted(&project, &path).unwrap();
        assert_eq!(saved, Fingerprint::of(&path).unwrap());
        let (loaded, read) = load_fingerprinted(&path).unwrap();
        assert_eq!(loaded, project);
        assert_eq!(read, saved);
        assert!(!saved.changed(&path));
    }

    #[test]
    fn sha256_is_hex_of_the_utf8_text() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_format_is_read_from_the_start_without_parsing_the_rest() {
        assert_eq!(validate::leading_format("(format: 7, @@@"), Some(7));
        assert_eq!(validate::leading_format("\n ( format :12)"), Some(12));
        assert_eq!(validate::leading_format("// c\n(format: 7"), None);
        assert_eq!(validate::leading_format("(name: 1)"), None);
        assert_eq!(
            validate::leading_format("(format: 99999999999999999999999)"),
            None
        );
    }

    #[test]
    fn hostile_nesting_and_numbers_get_plain_messages() {
        let deep = format!(
            "(format: 1, offsets: \"codepoints\", name: \"x\", themes: {})",
            "[".repeat(10_000)
        );
        let Err(FileError::Invalid(problems)) = from_ron_str(&deep) else {
            panic!("accepted");
        };
        assert!(
            problems[0].message.contains("nested too deeply"),
            "{problems:?}"
        );
        let big = "(format: 1, offsets: \"codepoints\", name: \"x\", themes: [], documents: [(id: \"d\", \
                   title: \"d\", sha256: \"\", text: \"\", spans: [(start: -1, end: 2, theme: \"t\")])])";
        let Err(FileError::Invalid(problems)) = from_ron_str(big) else {
            panic!("accepted");
        };
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("negative or too large")),
            "{problems:?}"
        );
        assert_eq!(
            from_ron_str("(format: 3, future: {\"x\": @})"),
            Err(FileError::NewerFormat(3))
        );
    }
}
