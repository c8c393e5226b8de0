//! The RON project file: schema, versions, load, save.
//!
//! One self-contained, pretty-printed file per project, one span per line,
//! in stable order. Loading validates everything and reports each problem
//! with its line and column; saving is atomic and keeps a backup.

mod atomic;
pub mod lock;
pub mod recovery;
mod schema;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ron::value::RawValue;
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::model::{Color, Document, Project, Source, Span, SpanIndex, Text, Theme};
pub use atomic::{backup_path, write_atomic};
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
}

struct Problems<'a>(&'a Path, &'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Problems(path, problems) = *self;
        let n = problems.len();
        write!(
            f,
            "{} is not a valid project file ({n} problem{}):",
            path.display(),
            if n == 1 { "" } else { "s" }
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
    let bytes = fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let invalid = |problems| LoadError::Invalid {
        path: path.to_owned(),
        problems,
    };
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let good = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
            let position = LineIndex::new(good).position(at);
            return Err(invalid(vec![Problem {
                position: Some(position),
                message: format!("the file is not valid UTF-8 (bad byte at offset {at})"),
            }]));
        }
    };
    from_ron_str(&source).map_err(|e| match e {
        FileError::NewerFormat(found) => LoadError::NewerFormat {
            path: path.to_owned(),
            found,
        },
        FileError::Invalid(problems) => invalid(problems),
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
    if let Ok(header) = ron::from_str::<Header>(source)
        && header.format > FORMAT
    {
        return Err(FileError::NewerFormat(header.format));
    }
    let lines = LineIndex::new(source);
    let file: FileIn = ron::from_str(source).map_err(|e| {
        FileError::Invalid(vec![Problem {
            position: Some(Position {
                line: e.span.start.line,
                col: e.span.start.col,
            }),
            message: ron_message(&e.code),
        }])
    })?;
    Validator {
        source,
        lines,
        problems: Vec::new(),
    }
    .project(file)
}

struct Validator<'s> {
    source: &'s str,
    lines: LineIndex<'s>,
    problems: Vec<Problem>,
}

impl<'s> Validator<'s> {
    fn project(mut self, file: FileIn<'s>) -> Result<Project, FileError> {
        if file.format == 0 {
            self.problem(
                None,
                "format 0 does not exist; this version writes format 1",
            );
        }
        if file.offsets != OFFSETS {
            self.problem(
                None,
                format!(
                    "offsets are in {:?}, but Marginalia reads offsets in {OFFSETS:?} (Unicode code points)",
                    file.offsets
                ),
            );
        }
        let themes = self.themes(&file.themes);
        let theme_ids: HashSet<&str> = themes.iter().map(|t| t.id.as_str()).collect();
        let mut documents = Vec::new();
        let mut doc_ids = HashMap::new();
        for raw in &file.documents {
            let at = self.position_of(raw);
            let Some(doc) = self.parse::<DocumentIn>(raw) else {
                continue;
            };
            if let Some(first) = doc_ids.insert(doc.id.clone(), at) {
                self.problem(
                    at,
                    format!(
                        "duplicate document id {:?} (first used at {})",
                        doc.id,
                        show(first)
                    ),
                );
            }
            if let Some(d) = self.document(doc, at, &theme_ids, &file.themes) {
                documents.push(d);
            }
        }
        if self.problems.is_empty() {
            Ok(Project {
                name: file.name,
                themes,
                documents,
            })
        } else {
            Err(FileError::Invalid(self.problems))
        }
    }

    fn themes(&mut self, raws: &[&'s RawValue]) -> Vec<Theme> {
        let mut themes: Vec<Theme> = Vec::new();
        for raw in raws {
            let at = self.position_of(raw);
            let Some(t) = self.parse::<ThemeIn>(raw) else {
                continue;
            };
            let color = match t.color.parse::<Color>() {
                Ok(c) => c,
                Err(e) => {
                    self.problem(at, format!("theme {:?}: {e}", t.id));
                    continue;
                }
            };
            if t.id.is_empty() {
                self.problem(at, "a theme has an empty id");
            }
            if t.label.trim().is_empty() {
                self.problem(at, format!("theme {:?} has an empty label", t.id));
            }
            if let Some(k) = t.key
                && (k.is_control() || k.is_whitespace())
            {
                self.problem(
                    at,
                    format!(
                        "theme {:?}: the shortcut key {k:?} is not a visible character",
                        t.id
                    ),
                );
            }
            for other in &themes {
                if other.id == t.id {
                    self.problem(at, format!("duplicate theme id {:?}", t.id));
                } else if other.label.to_lowercase() == t.label.to_lowercase() {
                    self.problem(
                        at,
                        format!(
                            "themes {:?} and {:?} have the same label {:?}",
                            other.id, t.id, t.label
                        ),
                    );
                } else if other.key.is_some() && other.key == t.key {
                    self.problem(
                        at,
                        format!(
                            "themes {:?} and {:?} have the same shortcut key {:?}",
                            other.id,
                            t.id,
                            t.key.unwrap_or_default()
                        ),
                    );
                }
            }
            themes.push(Theme {
                id: t.id,
                label: t.label,
                color,
                key: t.key,
                description: t.description,
            });
        }
        themes
    }

    fn document(
        &mut self,
        doc: DocumentIn<'s>,
        at: Option<Position>,
        theme_ids: &HashSet<&str>,
        raw_themes: &[&RawValue],
    ) -> Option<Document> {
        let mut ok = true;
        if doc.id.is_empty() {
            self.problem(at, "a document has an empty id");
            ok = false;
        }
        let hash = sha256_hex(&doc.text);
        if !hash.eq_ignore_ascii_case(doc.sha256.trim()) {
            self.problem(
                at,
                format!(
                    "document {:?}: its text does not match its sha256 (the text or the hash was changed outside Marginalia); the text hashes to {hash}",
                    doc.id
                ),
            );
            ok = false;
        }
        let source = doc.source.and_then(|s| match s.line_endings.parse() {
            Ok(line_endings) => Some(Source {
                path: s.path,
                encoding: s.encoding,
                bom: s.bom,
                line_endings,
            }),
            Err(e) => {
                self.problem(at, format!("document {:?}: {e}", doc.id));
                ok = false;
                None
            }
        });
        let mut document = Document::new(doc.id, doc.title, Text::new(doc.text));
        document.source = source;
        let mut spans = Vec::with_capacity(doc.spans.len());
        let mut keys = HashSet::new();
        for raw in &doc.spans {
            let span_at = self.position_of(raw);
            let Some(s) = self.parse::<SpanIn>(raw) else {
                ok = false;
                continue;
            };
            let span = Span {
                start: s.start,
                end: s.end,
                theme: s.theme,
                annotator: s.annotator,
                note: s.note,
            };
            let problem = if let Err(reason) = document.check_span(&span) {
                Some(reason)
            } else if !theme_ids.contains(span.theme.as_str()) {
                Some(format!(
                    "span {}..{} uses theme {:?}, which is not in the codebook{}",
                    span.start,
                    span.end,
                    span.theme,
                    if raw_themes.is_empty() {
                        String::from(" (the codebook is empty)")
                    } else {
                        format!(
                            " ({})",
                            theme_ids.iter().copied().collect::<Vec<_>>().join(", ")
                        )
                    }
                ))
            } else if !keys.insert((
                span.start,
                span.end,
                span.theme.clone(),
                span.annotator.clone(),
            )) {
                Some(format!(
                    "span {}..{} with theme {:?} by {:?} appears twice",
                    span.start, span.end, span.theme, span.annotator
                ))
            } else {
                None
            };
            match problem {
                Some(reason) => {
                    self.problem(span_at, format!("document {:?}: {reason}", document.id));
                    ok = false;
                }
                None => spans.push(span),
            }
        }
        document.spans = SpanIndex::from_spans(spans);
        ok.then_some(document)
    }

    /// Deserialises one raw value, recording a positioned problem on error.
    fn parse<T: serde::Deserialize<'s>>(&mut self, raw: &'s RawValue) -> Option<T> {
        match raw.into_rust::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                let base = self.offset_of(raw.get_ron());
                let position = base.map(|b| {
                    let start = self.lines.position(b);
                    let rel = e.span.start;
                    if rel.line <= 1 {
                        Position {
                            line: start.line,
                            col: start.col + rel.col.saturating_sub(1),
                        }
                    } else {
                        Position {
                            line: start.line + rel.line - 1,
                            col: rel.col,
                        }
                    }
                });
                self.problem(position, ron_message(&e.code));
                None
            }
        }
    }

    fn offset_of(&self, part: &str) -> Option<usize> {
        let start = self.source.as_ptr() as usize;
        let p = part.as_ptr() as usize;
        (p >= start && p + part.len() <= start + self.source.len()).then(|| p - start)
    }

    fn position_of(&self, raw: &RawValue) -> Option<Position> {
        self.offset_of(raw.trim().get_ron())
            .map(|b| self.lines.position(b))
    }

    fn problem(&mut self, position: Option<Position>, message: impl Into<String>) {
        self.problems.push(Problem {
            position,
            message: message.into(),
        });
    }
}

fn show(p: Option<Position>) -> String {
    p.map_or_else(
        || "earlier".into(),
        |p| format!("line {}:{}", p.line, p.col),
    )
}

/// ron's error text, with the type names of our schema made plain.
fn ron_message(code: &ron::Error) -> String {
    let text = code.to_string();
    let text = text
        .replace("`FileIn`", "the project")
        .replace("`ThemeIn`", "a theme")
        .replace("`DocumentIn`", "a document")
        .replace("`SpanIn`", "a span")
        .replace("`SourceIn`", "a document source");
    format!("malformed project file: {text}")
}

/// Byte offset → 1-based line and column (columns count characters).
struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    fn new(source: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { source, starts }
    }

    fn position(&self, byte: usize) -> Position {
        let byte = byte.min(self.source.len());
        let line = self.starts.partition_point(|&s| s <= byte) - 1;
        let start = self.starts[line];
        let col = self
            .source
            .get(start..byte)
            .map_or(byte - start, |t| t.chars().count());
        Position {
            line: line + 1,
            col: col + 1,
        }
    }
}

/// Hex SHA-256 of a document text, as stored in the file.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The project as the text of a format-1 project file.
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
            }),
            sha256: sha256_hex(d.text().as_str()),
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
        })
        .collect();
    let file = FileOut {
        format: FORMAT,
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
            })
            .collect(),
        documents,
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
        Ok(Fingerprint {
            len: bytes.len() as u64,
            modified,
            sha256: format!("{:x}", Sha256::digest(&bytes)),
        })
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

/// Saves atomically, keeping the previous file as `NAME.ron.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), SaveError> {
    let content = to_ron_string(project)?;
    write_atomic(path, content.as_bytes(), true).map_err(|source| SaveError::Io {
        path: path.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_hex_of_the_utf8_text() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn positions_count_characters() {
        let idx = LineIndex::new("ab\nдд x");
        assert_eq!(idx.position(0), Position { line: 1, col: 1 });
        assert_eq!(idx.position(3), Position { line: 2, col: 1 });
        assert_eq!(idx.position(8), Position { line: 2, col: 4 });
    }
}
