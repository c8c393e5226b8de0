//! Exporting spans: which documents and spans, the files an exporter
//! produces, progress, and the report of what a format could not carry.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use sha2::Digest;
use thiserror::Error;

use crate::model::{Document, Project, Span, Theme, plural};

/// What to export.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Only these document ids (all when empty).
    pub docs: Vec<String>,
    /// Only spans by this annotator (all when `None`).
    pub annotator: Option<String>,
    /// REFI-QDA only: write just the codebook (`.qdc`).
    pub codebook_only: bool,
}

/// Why an export failed. Nothing was written.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("there is no document with id {0:?}")]
    NoSuchDocument(String),
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot encode the export: {0}")]
    Encode(String),
    #[error("the export was cancelled; nothing was written")]
    Cancelled,
    #[error("{0}")]
    Unsupported(String),
}

/// One file of an export, its path relative to the output (a plain name
/// for single-file formats, where it is ignored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

impl ExportFile {
    pub fn new(path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> Self {
        ExportFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Something a format could not carry, for one span (or one document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loss {
    /// Document id.
    pub document: String,
    /// The span concerned: start, end (code points) and label.
    pub span: Option<(usize, usize, String)>,
    /// The kind of loss, a short phrase shared by all losses of the kind
    /// ("notes are not carried").
    pub kind: &'static str,
    /// What exactly happened to this span, if more than the kind says.
    pub detail: String,
}

/// What [`Loss::document`] says for a loss in the codebook.
pub const CODEBOOK: &str = "(codebook)";

/// The kind of loss of every XML exporter for text XML 1.0 cannot hold
/// (most C0 controls, U+FFFE, U+FFFF), which is written as U+FFFD.
pub const NOT_XML_CHARS: &str = "characters XML 1.0 cannot hold were replaced by U+FFFD";

/// What an export wrote and what it could not carry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportReport {
    /// Documents exported.
    pub documents: usize,
    /// Spans exported.
    pub spans: usize,
    /// Everything that was not carried exactly, in the order met.
    pub losses: Vec<Loss>,
}

impl ExportReport {
    /// One line per kind of loss with its count and up to three examples,
    /// most frequent first.
    pub fn summary(&self) -> Vec<String> {
        let mut kinds: BTreeMap<&str, Vec<&Loss>> = BTreeMap::new();
        for loss in &self.losses {
            kinds.entry(loss.kind).or_default().push(loss);
        }
        let mut kinds: Vec<_> = kinds.into_iter().collect();
        kinds.sort_by_key(|(_, l)| std::cmp::Reverse(l.len()));
        kinds
            .into_iter()
            .map(|(kind, losses)| {
                let examples: Vec<String> = losses
                    .iter()
                    .take(3)
                    .map(|l| {
                        let mut s = match &l.span {
                            Some((start, end, label)) => {
                                format!("{} {start}..{end} {label}", l.document)
                            }
                            None => l.document.clone(),
                        };
                        if !l.detail.is_empty() {
                            s.push_str(": ");
                            s.push_str(&l.detail);
                        }
                        s
                    })
                    .collect();
                let more = if losses.len() > 3 { "; …" } else { "" };
                let what = if losses.iter().all(|l| l.span.is_none()) {
                    plural(losses.len(), "document", "documents")
                } else {
                    plural(losses.len(), "span", "spans")
                };
                format!("{kind}: {what} ({}{more})", examples.join("; "))
            })
            .collect()
    }
}

/// Progress of a running export, shared with whoever shows it; setting
/// `cancel` stops the export before anything is written.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    pub cancel: AtomicBool,
}

impl Progress {
    /// The fraction done, from 0 to 1.
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            0.0
        } else {
            self.done.load(Ordering::Relaxed) as f32 / total as f32
        }
    }
}

/// One export in progress: the selected documents and spans, and the
/// report being built. Exporters call [`ExportJob::advance`] after each
/// document and [`ExportJob::lose`] for everything they cannot carry.
pub struct ExportJob<'p> {
    pub project: &'p Project,
    /// The documents selected, in project order, each with the spans that
    /// pass the annotator filter, in the document's stable order.
    pub docs: Vec<(&'p Document, Vec<&'p Span>)>,
    pub options: &'p ExportOptions,
    pub report: ExportReport,
    progress: Arc<Progress>,
    /// The full path label of every theme under a parent, by id, worked
    /// out once rather than per span.
    paths: std::collections::HashMap<&'p str, String>,
}

impl<'p> ExportJob<'p> {
    /// Selects what `options` asks for; fails on an unknown document id.
    pub fn new(
        project: &'p Project,
        options: &'p ExportOptions,
        progress: Arc<Progress>,
    ) -> Result<Self, ExportError> {
        let docs = selection(project, options)?;
        progress.total.store(docs.len().max(1), Ordering::Relaxed);
        progress.done.store(0, Ordering::Relaxed);
        let report = ExportReport {
            documents: docs.len(),
            spans: docs.iter().map(|(_, s)| s.len()).sum(),
            losses: Vec::new(),
        };
        let paths = project
            .themes()
            .iter()
            .filter(|t| t.parent.is_some())
            .map(|t| (t.id.as_str(), theme_label(project, t).into_owned()))
            .collect();
        Ok(ExportJob {
            project,
            docs,
            options,
            report,
            progress,
            paths,
        })
    }

    /// A file stem per selected document, in order: [`file_stem`] of its
    /// id, with `-2`, `-3`, ... added where two would clash, comparing
    /// without case (some file systems ignore it). Folder exporters name
    /// each document's files with these, so no file overwrites another.
    pub fn file_stems(&self) -> Vec<String> {
        let mut used = std::collections::HashSet::new();
        self.docs
            .iter()
            .map(|(doc, _)| {
                let base = file_stem(&doc.id);
                let mut stem = base.clone();
                let mut n = 1;
                while !used.insert(stem.to_lowercase()) {
                    n += 1;
                    stem = format!("{base}-{n}");
                }
                stem
            })
            .collect()
    }

    /// The label a span is exported under: its theme's full path
    /// (`Security/Arms control`) under a parent, else its label.
    pub fn label(&self, span: &'p Span) -> Cow<'p, str> {
        match self.paths.get(span.theme.as_str()) {
            Some(path) => Cow::Owned(path.clone()),
            None => label_of(self.project, span),
        }
    }

    /// The label `theme` is exported under in a codebook listing: the
    /// same full path a span of it gets from [`ExportJob::label`].
    pub fn theme_label(&self, theme: &'p Theme) -> Cow<'p, str> {
        theme_label(self.project, theme)
    }

    /// Records that `span` of `doc` (or the whole document) was not carried
    /// exactly.
    pub fn lose(
        &mut self,
        doc: &Document,
        span: Option<&Span>,
        kind: &'static str,
        detail: impl Into<String>,
    ) {
        let span = span.map(|s| {
            let label = match self.paths.get(s.theme.as_str()) {
                Some(path) => path.clone(),
                None => label_of(self.project, s).into_owned(),
            };
            (s.start, s.end, label)
        });
        self.report.losses.push(Loss {
            document: doc.id.clone(),
            span,
            kind,
            detail: detail.into(),
        });
    }

    /// Records that something of the codebook (a theme's label or
    /// description), which belongs to no one document, was not carried
    /// exactly. The report names it `(codebook)`.
    pub fn lose_in_codebook(&mut self, kind: &'static str, detail: impl Into<String>) {
        self.report.losses.push(Loss {
            document: CODEBOOK.into(),
            span: None,
            kind,
            detail: detail.into(),
        });
    }

    /// Marks one more document done; fails if the export was cancelled.
    pub fn advance(&mut self) -> Result<(), ExportError> {
        self.progress.done.fetch_add(1, Ordering::Relaxed);
        if self.progress.cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        Ok(())
    }

    /// One file `STEM.EXT` per selected document, made by `write`, named
    /// by [`ExportJob::file_stems`]; a document renamed because its name
    /// clashed with another's is reported.
    pub fn file_per_document(
        &mut self,
        ext: &str,
        mut write: impl FnMut(&mut Self, &'p Document, &[&'p Span]) -> String,
    ) -> Result<Vec<ExportFile>, ExportError> {
        let stems = self.file_stems();
        let mut files = Vec::with_capacity(stems.len());
        for (i, stem) in stems.into_iter().enumerate() {
            let (doc, spans) = (self.docs[i].0, self.docs[i].1.clone());
            if stem != file_stem(&doc.id) {
                self.lose(
                    doc,
                    None,
                    "documents whose file names clash are renamed",
                    format!("written as {stem}.{ext}"),
                );
            }
            let content = write(self, doc, &spans);
            files.push(ExportFile::new(format!("{stem}.{ext}"), content));
            self.advance()?;
        }
        Ok(files)
    }

    /// Reports every span with a note as lost (for formats with no place
    /// for notes).
    pub fn lose_notes(&mut self, format: &str) {
        let lost: Vec<(&Document, &Span)> = self
            .docs
            .iter()
            .flat_map(|(d, spans)| spans.iter().map(move |s| (*d, *s)))
            .filter(|(_, s)| !s.note.is_empty())
            .collect();
        for (d, s) in lost {
            self.lose(
                d,
                Some(s),
                "notes are not carried",
                format!("{format} has no place for them"),
            );
        }
    }

    /// Reports every span with an annotator as lost (for formats with no
    /// place for who made a span).
    pub fn lose_annotators(&mut self, format: &str) {
        let lost: Vec<(&Document, &Span)> = self
            .docs
            .iter()
            .flat_map(|(d, spans)| spans.iter().map(move |s| (*d, *s)))
            .filter(|(_, s)| !s.annotator.is_empty())
            .collect();
        for (d, s) in lost {
            self.lose(
                d,
                Some(s),
                "annotator names are not carried",
                format!("{format} has no place for them"),
            );
        }
    }
}

/// The documents selected by `options`, in project order, each with the
/// spans that pass the annotator filter.
pub fn selection<'p>(
    project: &'p Project,
    options: &ExportOptions,
) -> Result<Vec<(&'p Document, Vec<&'p Span>)>, ExportError> {
    for id in &options.docs {
        if project.document(id).is_none() {
            return Err(ExportError::NoSuchDocument(id.clone()));
        }
    }
    Ok(project
        .documents()
        .iter()
        .filter(|d| options.docs.is_empty() || options.docs.contains(&d.id))
        .map(|d| {
            let spans = d
                .spans()
                .spans()
                .iter()
                .filter(|s| options.annotator.as_ref().is_none_or(|a| &s.annotator == a))
                .collect();
            (d, spans)
        })
        .collect())
}

/// The label a span's theme is exported under by every format with one
/// label per span: the theme's label at the top of the codebook tree, the
/// full path from the top (`Security/Arms control`) under a parent, or the
/// id of a theme that no longer exists.
pub fn label_of<'p>(project: &'p Project, span: &'p Span) -> Cow<'p, str> {
    match project.theme(&span.theme) {
        Some(t) => theme_label(project, t),
        None => Cow::Borrowed(span.theme.as_str()),
    }
}

/// The label `theme` is exported under: see [`label_of`]. A top-level
/// theme borrows its label, so flat codebooks export exactly as before.
pub fn theme_label<'p>(project: &'p Project, theme: &'p Theme) -> Cow<'p, str> {
    match theme.parent {
        None => Cow::Borrowed(theme.label.as_str()),
        Some(_) => Cow::Owned(
            project
                .theme_path(&theme.id)
                .unwrap_or_else(|| theme.label.clone()),
        ),
    }
}

/// The longest file stem [`file_stem`] makes, in bytes: with a suffix
/// for uniqueness and an extension it stays well under the 255 bytes file
/// systems allow in a name.
pub const MAX_STEM_BYTES: usize = 120;

/// A file name (without extension) made from a document id, safe on every
/// system: path separators, characters that Windows refuses and control
/// characters become `_`; a name that is empty, `.`, `..` or a Windows
/// device name (`CON`, `nul.txt`, `COM1`, ...) gets a `_` in front; a
/// name longer than [`MAX_STEM_BYTES`] is cut and given a hash of the
/// whole id, so that different ids stay different. So an id never names a
/// path outside the export folder. Two ids can still give the same stem
/// (`a/b` and `a_b`): [`ExportJob::file_stems`] makes them unique.
pub fn file_stem(id: &str) -> String {
    let mut s: String = id
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if matches!(s.as_str(), "" | "." | "..") || windows_device(&s) {
        s.insert(0, '_');
    }
    if s.len() > MAX_STEM_BYTES {
        let hash = hex::encode(&sha2::Sha256::digest(id.as_bytes())[..4]);
        let mut cut = MAX_STEM_BYTES - hash.len() - 1;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push('-');
        s.push_str(&hash);
    }
    s
}

/// Whether Windows reserves `name` for a device: `CON`, `PRN`, `AUX`,
/// `NUL`, `COM1`-`COM9`, `LPT1`-`LPT9` (with superscript digits too), in
/// any case, alone or before an extension, trailing spaces ignored.
fn windows_device(name: &str) -> bool {
    let base = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches(' ');
    let upper = base.to_ascii_uppercase();
    match upper.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        _ => {
            let mut chars = upper.chars();
            let prefix: String = chars.by_ref().take(3).collect();
            let rest: String = chars.collect();
            (prefix == "COM" || prefix == "LPT")
                && matches!(
                    rest.as_str(),
                    "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "¹" | "²" | "³"
                )
        }
    }
}

/// Checks that an exporter's file path stays inside the output folder:
/// relative, made only of plain names (no `..`, no root, no drive).
pub fn check_relative(path: &std::path::Path) -> Result<(), ExportError> {
    use std::path::Component;
    let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain && path.components().next().is_some() {
        Ok(())
    } else {
        Err(ExportError::Encode(format!(
            "the exporter named a file outside the export folder: {}",
            path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_groups_by_kind_most_frequent_first() {
        let loss = |kind, start| Loss {
            document: "d".into(),
            span: Some((start, start + 1, "Health".into())),
            kind,
            detail: String::new(),
        };
        let report = ExportReport {
            documents: 1,
            spans: 5,
            losses: vec![
                loss("a", 0),
                loss("b", 1),
                loss("b", 2),
                loss("b", 3),
                loss("b", 4),
            ],
        };
        assert_eq!(
            report.summary(),
            [
                "b: 4 spans (d 1..2 Health; d 2..3 Health; d 3..4 Health; …)",
                "a: 1 span (d 0..1 Health)"
            ]
        );
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("a/b:c"), "a_b_c");
        assert_eq!(file_stem(".."), "_..");
        assert_eq!(file_stem("."), "_.");
        assert_eq!(file_stem(""), "_");
        assert_eq!(file_stem("../../x"), ".._.._x");
        assert_eq!(file_stem("/etc/passwd"), "_etc_passwd");
        assert_eq!(file_stem("x\\y"), "x_y");
        assert_eq!(file_stem("tab\there\0"), "tab_here_");
        assert_eq!(file_stem("Köln 😀"), "Köln 😀");
        for device in ["CON", "con", "nul.txt", "Com1", "LPT9", "aux .tar", "COM¹"] {
            assert_eq!(file_stem(device), format!("_{device}"));
        }
        for fine in ["CONSOLE", "COM10", "LPT0x", "xNUL", "COM"] {
            assert_eq!(file_stem(fine), fine);
        }
    }

    #[test]
    fn long_ids_are_cut_but_stay_distinct() {
        let a = "ä".repeat(200);
        let b = format!("{}b", "ä".repeat(199));
        let (sa, sb) = (file_stem(&a), file_stem(&b));
        assert!(sa.len() <= MAX_STEM_BYTES && sb.len() <= MAX_STEM_BYTES);
        assert_ne!(sa, sb);
        assert!(sa.starts_with("ääää"), "{sa}");
        assert_eq!(file_stem(&"x".repeat(MAX_STEM_BYTES)).len(), MAX_STEM_BYTES);
    }

    #[test]
    fn stems_are_unique_per_document_ignoring_case() {
        use crate::model::Document;
        let mut p = Project::new("p", vec![]);
        for id in ["a/b", "a_b", "A_B", "a_b-2", "x"] {
            crate::model::Edit::AddDocument {
                index: usize::MAX,
                document: Box::new(Document::new(id, id, "text")),
            }
            .apply(&mut p)
            .unwrap();
        }
        let options = ExportOptions::default();
        let job = ExportJob::new(&p, &options, Arc::default()).unwrap();
        assert_eq!(job.file_stems(), ["a_b", "a_b-2", "A_B-3", "a_b-2-2", "x"]);
    }

    #[test]
    fn only_plain_relative_paths_stay_inside() {
        use std::path::Path;
        for ok in ["a.txt", "sub/a.txt", ".._x"] {
            assert!(check_relative(Path::new(ok)).is_ok(), "{ok}");
        }
        for bad in ["../a", "/etc/passwd", "a/../../b", "", ".", "./"] {
            assert!(check_relative(Path::new(bad)).is_err(), "{bad}");
        }
    }
}
