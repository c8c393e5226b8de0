//! Interchange formats: one module per format (import and/or export).
//!
//! Every exporter is a function `export(&mut ExportJob) -> Vec<ExportFile>`
//! that produces all its bytes in memory; [`write_export`] then writes them,
//! each file atomically, so a failed export leaves nothing behind. Every
//! importer is a function `import(&Path) -> Imported` (the contract of
//! [`importer`], reading through [`bounded_read`]); [`import::plan`]
//! turns what it read into one undoable edit. Offsets are converted only
//! through [`crate::model::text`].

pub mod already_there;
pub mod attributes;
pub mod bounded_read;
pub mod brat;
pub mod codebook;
pub mod conll;
pub mod csv;
pub mod doccano;
pub mod documents;
pub mod export;
pub mod export_relations;
pub mod folder;
pub mod ids;
pub mod import;
mod import_relations;
pub mod importer;
mod json;
pub mod jsonl;
pub mod label_studio;
pub mod panic_guard;
pub mod pdf;
pub mod refi_qda;
pub mod text;
mod tokens;
pub mod w3c;
pub mod webanno_tsv;
pub mod xmi;
mod xml;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use export::{ExportError, ExportFile, ExportJob, ExportOptions, ExportReport, Progress};
pub use importer::{ImportError, ImportSummary, Imported};

use crate::model::Project;

/// A file format Marginalia reads or writes, by its CLI name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text (import only).
    Text,
    Jsonl,
    Csv,
    Brat,
    Conll,
    WebannoTsv,
    Xmi,
    W3c,
    LabelStudio,
    RefiQda,
    /// doccano's JSON Lines, offsets in UTF-16 code units.
    Doccano,
}

impl Format {
    /// Every format, in the order menus list them.
    pub const ALL: [Format; 11] = [
        Format::Text,
        Format::Jsonl,
        Format::Csv,
        Format::Brat,
        Format::Conll,
        Format::WebannoTsv,
        Format::Xmi,
        Format::W3c,
        Format::LabelStudio,
        Format::RefiQda,
        Format::Doccano,
    ];

    /// The name used by `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::WebannoTsv => "webanno-tsv",
            Format::Xmi => "xmi",
            Format::W3c => "w3c",
            Format::LabelStudio => "label-studio",
            Format::RefiQda => "refi-qda",
            Format::Doccano => "doccano",
        }
    }

    /// A one-line description for menus and `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Text => "plain text document",
            Format::Jsonl => "JSON Lines in code points, for spaCy and Hugging Face",
            Format::Csv => "CSV, one row per span",
            Format::Brat => "brat standoff folder (.txt + .ann)",
            Format::Conll => "CoNLL IOB2, one column per theme",
            Format::WebannoTsv => "WebAnno TSV 3.3 folder",
            Format::Xmi => "UIMA CAS XMI folder for INCEpTION",
            Format::W3c => "W3C Web Annotation JSON-LD",
            Format::LabelStudio => "Label Studio tasks and labelling config",
            Format::RefiQda => "REFI-QDA project (.qdpx) or codebook (.qdc)",
            Format::Doccano => "doccano JSON Lines, offsets in UTF-16 units",
        }
    }

    /// The format with this `--format` name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Whether Marginalia exports this format.
    pub fn exports(self) -> bool {
        self != Format::Text
    }

    /// Whether Marginalia imports this format.
    pub fn imports(self) -> bool {
        matches!(
            self,
            Format::Text
                | Format::Jsonl
                | Format::Brat
                | Format::LabelStudio
                | Format::RefiQda
                | Format::Doccano
        )
    }

    /// Whether an export is a folder of files rather than one file.
    pub fn writes_folder(self) -> bool {
        matches!(
            self,
            Format::Brat | Format::WebannoTsv | Format::Xmi | Format::LabelStudio
        )
    }

    /// The usual extension of a single-file export.
    pub fn extension(self, options: &ExportOptions) -> Option<&'static str> {
        match self {
            Format::Jsonl | Format::Doccano => Some("jsonl"),
            Format::Csv => Some("csv"),
            Format::Conll => Some("conll"),
            Format::W3c => Some("jsonld"),
            Format::RefiQda if options.codebook_only => Some("qdc"),
            Format::RefiQda => Some("qdpx"),
            _ => None,
        }
    }

    /// The names of the formats that pass `filter`, comma-separated.
    pub fn names(filter: impl Fn(Format) -> bool) -> String {
        Format::ALL
            .into_iter()
            .filter(|f| filter(*f))
            .map(Format::name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The export formats, by their CLI names.
pub fn export_format(name: &str) -> Result<Format, ExportError> {
    Format::from_name(name)
        .filter(|f| f.exports())
        .ok_or_else(|| {
            ExportError::Unsupported(format!(
                "unknown export format {name:?}; the formats are {}",
                Format::names(Format::exports)
            ))
        })
}

/// Produces the files of an export in memory, with the report of what the
/// format could not carry. `progress` counts documents.
pub fn export_files(
    project: &Project,
    format: Format,
    options: &ExportOptions,
    progress: Arc<Progress>,
) -> Result<(Vec<ExportFile>, ExportReport), ExportError> {
    if options.codebook_only && format != Format::RefiQda {
        return Err(ExportError::Unsupported(
            "--codebook-only is for the refi-qda format".into(),
        ));
    }
    let mut job = ExportJob::new(project, options, progress)?;
    let files = match format {
        Format::Jsonl => jsonl::export(&mut job)?,
        Format::Csv => csv::export(&mut job)?,
        Format::Brat => brat::export(&mut job)?,
        Format::Conll => conll::export(&mut job)?,
        Format::WebannoTsv => webanno_tsv::export(&mut job)?,
        Format::Xmi => xmi::export(&mut job)?,
        Format::W3c => w3c::export(&mut job)?,
        Format::LabelStudio => label_studio::export(&mut job)?,
        Format::RefiQda => refi_qda::export(&mut job)?,
        Format::Doccano => doccano::export(&mut job)?,
        Format::Text => {
            return Err(ExportError::Unsupported(
                "plain text is an import format only".into(),
            ));
        }
    };
    Ok((files, job.report))
}

/// Writes an export: a single-file format's one file to `out`, a folder
/// format's files into the folder `out` (created if needed; other files
/// in it are left alone). Each file is written atomically.
pub fn write_export(files: &[ExportFile], out: &Path, folder: bool) -> Result<(), ExportError> {
    write_export_to(files, out, folder, false)
}

/// [`write_export`], keeping a single-file export's previous file as
/// `NAME.bak` when it replaces one (the window's exports, whose user was
/// asked before replacing it).
pub fn write_export_keeping_backup(
    files: &[ExportFile],
    out: &Path,
    folder: bool,
) -> Result<(), ExportError> {
    write_export_to(files, out, folder, true)
}

fn write_export_to(
    files: &[ExportFile],
    out: &Path,
    folder: bool,
    keep_backup: bool,
) -> Result<(), ExportError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| ExportError::Io { path, source }
    };
    if !folder {
        let [file] = files else {
            return Err(ExportError::Encode(format!(
                "expected one file, the exporter produced {}",
                files.len()
            )));
        };
        return crate::store::write_atomic(out, &file.bytes, keep_backup).map_err(io(out));
    }
    if out.is_file() {
        return Err(ExportError::Io {
            path: out.to_owned(),
            source: std::io::Error::other("this format writes a folder, and a file has that name"),
        });
    }
    // Every name is checked before anything is written.
    for file in files {
        export::check_relative(&file.path)?;
    }
    // All or nothing: a full disk halfway leaves no file changed.
    let files: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|f| (out.join(&f.path), f.bytes.as_slice()))
        .collect();
    crate::store::write_all_or_nothing(&files)
        .map_err(|(path, source)| ExportError::Io { path, source })
}

/// Exports `project` in `format` to `out` (see [`write_export`]).
pub fn export(
    project: &Project,
    format: Format,
    out: &Path,
    options: &ExportOptions,
) -> Result<ExportReport, ExportError> {
    let (files, report) = export_files(project, format, options, Arc::default())?;
    write_export(&files, out, format.writes_folder())?;
    Ok(report)
}

/// The format a file to import is in, from its name and, where the name
/// is ambiguous, its first bytes. `doccano` is never guessed: its exports
/// are `.jsonl` files like ours and cannot be told apart by their bytes,
/// so a `.jsonl` is read as `jsonl` (code points) unless the user names
/// `doccano` (UTF-16 units).
pub fn guess_format(path: &Path) -> Format {
    if path.is_dir() {
        // A brat collection has .ann files; a Label Studio export folder
        // (as Marginalia writes it) has tasks.json.
        let has_ann = std::fs::read_dir(path).is_ok_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "ann"))
        });
        if !has_ann && path.join("tasks.json").is_file() {
            return Format::LabelStudio;
        }
        return Format::Brat;
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "jsonl" | "ndjson" => Format::Jsonl,
        "ann" => Format::Brat,
        "qdpx" | "qdc" => Format::RefiQda,
        "json" => {
            // Label Studio exports a JSON array of tasks; JSON Lines files
            // sometimes carry a .json name.
            // Only the start is read (the file may be huge, or a device).
            let mut head = Vec::new();
            let first = std::fs::metadata(path)
                .is_ok_and(|m| m.is_file())
                .then(|| std::fs::File::open(path).ok())
                .flatten()
                .and_then(|f| {
                    use std::io::Read;
                    f.take(4096).read_to_end(&mut head).ok()
                })
                .and_then(|_| head.iter().copied().find(|c| !c.is_ascii_whitespace()));
            if first == Some(b'[') {
                Format::LabelStudio
            } else {
                Format::Jsonl
            }
        }
        "txt" if path.with_extension("ann").is_file() => Format::Brat,
        _ => Format::Text,
    }
}

/// Reads a file (or brat folder) to import, in `format` or the guessed one.
pub fn read(path: &Path, format: Option<Format>) -> Result<Imported, ImportError> {
    if format.is_none_or(|f| f == Format::Text) && folder::is_corpus_folder(path) {
        return folder::import_folder(path);
    }
    let format = format.unwrap_or_else(|| guess_format(path));
    match format {
        Format::Text if documents::reads(path) => documents::import(path),
        Format::Text => text::import(path),
        Format::Jsonl => jsonl::import(path),
        Format::Brat => brat::import(path),
        Format::LabelStudio => label_studio::import(path),
        Format::RefiQda => refi_qda::import(path),
        Format::Doccano => doccano::import(path),
        other => Err(ImportError::whole(
            path,
            format!(
                "Marginalia does not import {other}; it imports {}",
                Format::names(Format::imports)
            ),
        )),
    }
}

// Test fixtures: the unit tests build them in, and the integration tests,
// benches and examples get them through the crate's dev-dependency on itself
// with `test-hooks`. A shipped build never compiles them.
#[cfg(any(test, feature = "test-hooks"))]
#[doc(hidden)]
pub mod document_fixture;
#[cfg(any(test, feature = "test-hooks"))]
#[doc(hidden)]
pub mod fixture;
#[cfg(any(test, feature = "test-hooks"))]
#[doc(hidden)]
pub mod pdf_fixture;
#[cfg(any(test, feature = "test-hooks"))]
#[doc(hidden)]
pub mod relations_fixture;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert!(export_format("text").is_err());
        assert_eq!(
            export_format("docx").unwrap_err().to_string(),
            "unknown export format \"docx\"; the formats are jsonl, csv, brat, conll, \
             webanno-tsv, xmi, w3c, label-studio, refi-qda, doccano"
        );
    }

    #[test]
    fn guesses_from_names() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::write(p("a.json"), " [ {}]").unwrap();
        std::fs::write(p("b.json"), "{\"text\":\"x\"}\n").unwrap();
        std::fs::write(p("c.txt"), "x").unwrap();
        std::fs::write(p("c.ann"), "").unwrap();
        std::fs::write(p("d.txt"), "x").unwrap();
        assert_eq!(guess_format(&p("a.json")), Format::LabelStudio);
        assert_eq!(guess_format(&p("b.json")), Format::Jsonl);
        assert_eq!(guess_format(&p("c.txt")), Format::Brat);
        assert_eq!(guess_format(&p("d.txt")), Format::Text);
        assert_eq!(guess_format(&p("x.QDPX")), Format::RefiQda);
        // A doccano export is a .jsonl too; only --format doccano reads
        // its offsets as UTF-16 units.
        std::fs::write(
            p("admin.jsonl"),
            "{\"id\":1,\"text\":\"😀 a\",\"label\":[[3,4,\"A\"]]}\n",
        )
        .unwrap();
        assert_eq!(guess_format(&p("admin.jsonl")), Format::Jsonl);
        assert_eq!(guess_format(dir.path()), Format::Brat);
    }

    #[test]
    fn folder_exports_leave_other_files_alone_and_refuse_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("keep.txt"), "mine").unwrap();
        let files = [ExportFile::new("a/b.txt", "B")];
        write_export(&files, &out, true).unwrap();
        let escape = [
            ExportFile::new("ok.txt", "x"),
            ExportFile::new("../x.txt", "x"),
        ];
        assert!(write_export(&escape, &out, true).is_err());
        assert!(!out.join("ok.txt").exists() && !dir.path().join("x.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("a/b.txt")).unwrap(), "B");
        assert_eq!(
            std::fs::read_to_string(out.join("keep.txt")).unwrap(),
            "mine"
        );
        let file = dir.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(write_export(&files, &file, true).is_err());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    }
}
