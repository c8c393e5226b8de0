//! Where a document came from: the file, its encoding, its line endings
//! and its kind.

use std::str::FromStr;

/// Provenance of an imported document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The path the file was imported from, as given.
    pub path: String,
    /// The encoding it was decoded from (WHATWG name, e.g. `UTF-8`).
    pub encoding: String,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// The line endings the file had before normalisation to `\n`.
    pub line_endings: LineEndings,
    /// Format 2: what kind of file it was read from (HTML, DOCX, PDF...);
    /// `None` for plain text and for files from before format 2.
    pub kind: Option<SourceKind>,
}

/// The kind of file a document was imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// Plain text (`.txt`).
    Text,
    /// A web page (`.html`, `.htm`).
    Html,
    /// A Word document (`.docx`).
    Docx,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// Markdown (`.md`).
    Markdown,
    /// The text layer of a PDF (`.pdf`).
    Pdf,
}

/// Line endings found in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineEndings {
    /// No line break at all.
    None,
    /// `\n` only.
    Lf,
    /// `\r\n` only.
    Crlf,
    /// Lone `\r` only.
    Cr,
    /// More than one kind.
    Mixed,
}

impl LineEndings {
    /// The name used in the project file.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEndings::None => "none",
            LineEndings::Lf => "lf",
            LineEndings::Crlf => "crlf",
            LineEndings::Cr => "cr",
            LineEndings::Mixed => "mixed",
        }
    }
}

impl FromStr for LineEndings {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "none" => LineEndings::None,
            "lf" => LineEndings::Lf,
            "crlf" => LineEndings::Crlf,
            "cr" => LineEndings::Cr,
            "mixed" => LineEndings::Mixed,
            other => {
                return Err(format!(
                    "line endings {other:?} are not one of none, lf, crlf, cr, mixed"
                ));
            }
        })
    }
}

impl SourceKind {
    /// Every kind, in the order the project file documents them.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Text,
        SourceKind::Html,
        SourceKind::Docx,
        SourceKind::Odt,
        SourceKind::Markdown,
        SourceKind::Pdf,
    ];

    /// The name used in the project file.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Text => "text",
            SourceKind::Html => "html",
            SourceKind::Docx => "docx",
            SourceKind::Odt => "odt",
            SourceKind::Markdown => "markdown",
            SourceKind::Pdf => "pdf",
        }
    }

    /// The kind a file extension (any case, no dot) names, if any.
    pub fn from_extension(ext: &str) -> Option<SourceKind> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => SourceKind::Text,
            "html" | "htm" => SourceKind::Html,
            "docx" => SourceKind::Docx,
            "odt" => SourceKind::Odt,
            "md" | "markdown" => SourceKind::Markdown,
            "pdf" => SourceKind::Pdf,
            _ => return None,
        })
    }

    /// How the window names it, briefly: "PDF", "Word"...
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::Text => "Text",
            SourceKind::Html => "Web page",
            SourceKind::Docx => "Word",
            SourceKind::Odt => "ODT",
            SourceKind::Markdown => "Markdown",
            SourceKind::Pdf => "PDF",
        }
    }
}

impl FromStr for SourceKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "source kind {s:?} is not one of {}",
                    SourceKind::ALL.map(SourceKind::as_str).join(", ")
                )
            })
    }
}
