//! Documents as analysts receive them: web pages (`.html`, `.htm`), word
//! processor files (`.docx`, `.odt`) and Markdown (`.md`), read as plain
//! text with their paragraphs kept (paragraphs separated by a blank line).
//!
//! One module per kind, each turning a file's bytes into its text:
//!
//! - HTML (`html.rs`) goes through an HTML5 tokenizer (`html5ever`): the
//!   readable text, with scripts, styles, navigation, headers, footers,
//!   asides and forms dropped, white space collapsed as a browser does (a
//!   no-break space is kept), and a paragraph break after each block
//!   element. The page's `<title>` becomes the document title.
//! - `.docx` (`office.rs`): the paragraphs (`w:p`) of `word/document.xml`;
//!   tabs and line breaks kept, deleted text (tracked changes) left out.
//! - `.odt` (`office.rs`): the paragraphs and headings of `content.xml`,
//!   with `text:s` spaces, tabs and line breaks.
//! - `.md` (`markdown.rs`): read as text, like a `.txt` (the markup stays
//!   visible).
//! - `.pdf`: the text layer, page after page in the order the page draws
//!   it, lines and paragraphs kept; PDF has one place, [`super::pdf`],
//!   which also refuses a malformed PDF in plain words. A PDF without a
//!   text layer (a scan) is refused with [`PdfError::NoTextLayer`].
//!
//! The source records the file's path, its [`SourceKind`], and `UTF-8`
//! for the zipped formats, whose XML is UTF-8, and for PDFs, whose text
//! layer is Unicode.

mod html;
mod markdown;
mod office;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use html::html_to_text;
pub use office::{docx_to_text, odt_to_text};

use super::bounded_read::read_file;
use super::importer::{ImportError, Imported, ImportedDocument};
pub use super::pdf::PdfError;
use super::pdf::pdf_to_text;
use super::text::decode;
use crate::model::{LineEndings, Source, SourceKind};

/// The kinds of document this module reads, by extension.
pub const EXTENSIONS: [&str; 6] = ["html", "htm", "docx", "odt", "md", "pdf"];

/// Whether `path` names a document this module reads.
pub fn reads(path: &Path) -> bool {
    extension(path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// Reads one HTML, DOCX, ODT, Markdown or PDF file as a document.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let ext = extension(path).unwrap_or_default();
    let bytes = read_file(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Readable {
        text,
        title,
        encoding,
        bom,
    } = match ext.as_str() {
        "html" | "htm" => html::read(path, &bytes)?,
        "docx" => office::read_docx(path, &bytes)?,
        "odt" => office::read_odt(path, &bytes)?,
        "pdf" => Readable::utf8(
            pdf_to_text(&bytes).map_err(|e| ImportError::whole(path, e.to_string()))?,
        ),
        _ => markdown::read(path, &bytes)?,
    };
    if text.trim().is_empty() {
        return Err(ImportError::whole(
            path,
            "the file holds no readable text (nothing but markup, scripts or white space)",
        ));
    }
    Ok(Imported {
        documents: vec![ImportedDocument {
            id: stem.clone(),
            title: title.filter(|t| !t.is_empty()).unwrap_or(stem),
            text,
            source: Some(Source {
                path: path.display().to_string(),
                encoding,
                bom,
                line_endings: LineEndings::Lf,
                kind: SourceKind::from_extension(&ext),
            }),
            spans: Vec::new(),
            ..Default::default()
        }],
        themes: Vec::new(),
        warnings: Vec::new(),
        ..Default::default()
    })
}

/// A document's readable text as its kind of file gives it.
struct Readable {
    text: String,
    /// The title the file gives (an HTML page's `<title>`), if any.
    title: Option<String>,
    /// The encoding the text was decoded from.
    encoding: String,
    /// Whether the file started with a byte-order mark.
    bom: bool,
}

impl Readable {
    /// Text from a file whose text is Unicode by definition (zipped XML,
    /// a PDF's text layer): `UTF-8`, no BOM, no title.
    fn utf8(text: String) -> Self {
        Readable {
            text,
            title: None,
            encoding: "UTF-8".into(),
            bom: false,
        }
    }
}

/// The file decoded as text (encoding detected as for `.txt`), with its
/// encoding name and whether it had a BOM; line endings normalised.
fn decode_text(path: &Path, bytes: &[u8]) -> Result<Readable, ImportError> {
    let decoded = decode(path, bytes).map_err(|e| {
        let message = e.to_string();
        let prefix = format!("{}: ", path.display());
        ImportError::whole(path, message.strip_prefix(&prefix).unwrap_or(&message))
    })?;
    Ok(Readable {
        text: decoded.text,
        title: None,
        encoding: decoded.encoding,
        bom: decoded.bom,
    })
}
