//! REFI-QDA, the exchange standard of qualitative data analysis tools
//! (QDA-XML 1.0, <https://www.qdasoftware.org>; read by ATLAS.ti, MAXQDA,
//! NVivo, QualCoder, ...).
//!
//! **Export** writes a `.qdpx` project: a zip archive holding
//!
//! - `project.qde`, a `Project` document valid against the standard's
//!   `Project.xsd` (namespace `urn:QDA-XML:project:1.0`): one `User` per
//!   annotator, the codebook (one `Code` per theme, with its colour and its
//!   description as `Description`), a text variable "Marginalia document id"
//!   that carries each document's id, and one `TextSource` per document
//!   with a `PlainTextSelection` per span (its note as `Description`, the
//!   annotator as `creatingUser`) holding one `Coding` whose `CodeRef`
//!   names the theme's code;
//! - `sources/<GUID>.txt`, each document's text exactly (UTF-8, no BOM,
//!   `\n` line endings), referenced as `plainTextPath="internal://<GUID>.txt"`.
//!
//! `startPosition` and `endPosition` count **Unicode code points** of that
//! plain text (the standard counts characters; Python's `str`, and so
//! QualCoder's files, index the same way). Tools that count UTF-16 code
//! units place selections after an astral character (emoji) one further
//! per such character; QualCoder's editor (Qt) highlights that way, so its
//! highlights after an emoji are drawn shifted although its file positions
//! are right.
//!
//! With `--codebook-only` the export is a `.qdc` file instead: the bare
//! `CodeBook` document of the standard's `Codebook.xsd`
//! (`urn:QDA-XML:codebook:1.0`).
//!
//! GUIDs are derived from the project name and stable ids with SHA-256
//! (formatted as RFC 9562 version-8 UUIDs), and the zip entries have a fixed
//! order and timestamp (1980-01-01), so the same project always exports to
//! the same bytes. Nothing is lost; only characters that XML 1.0 cannot hold
//! at all (control characters other than tab and line breaks) are replaced
//! by U+FFFD in titles, notes and names, and reported.
//!
//! **Import** reads a `.qdpx` (or an unzipped `project.qde` with its
//! `sources/` folder) and `.qdc` codebooks:
//!
//! - every `Code` becomes a theme (label, colour, description); nested codes
//!   are flattened with their path as label, `Parent/Child`;
//! - every `TextSource` becomes a document: its text from
//!   `PlainTextContent`, or from `plainTextPath`: `internal://` names an
//!   entry of the archive's `sources/` folder; `relative://` (resolved
//!   against the folder that holds the imported file, not `basePath`) and
//!   `absolute://` name a file that is read only when it lies inside that
//!   folder; any other path is refused (see `sources.rs`);
//! - every `Coding` of a `PlainTextSelection` becomes a span (so a selection
//!   coded twice gives two spans), its annotator the `User` named by the
//!   coding's (else the selection's) `creatingUser`, its note the
//!   selection's `Description` followed by the text of `Note`s it refers to
//!   by `NoteRef`; a `Coding` of a whole `TextSource` becomes a span over
//!   the whole text; positions are code points of the text as the file
//!   holds it;
//! - the document id is the "Marginalia document id" variable when present,
//!   else the source's name.
//!
//! Marginalia holds only plain text, so picture, PDF, audio and video
//! sources are skipped, as are selections with a `Description` but no
//! `Coding` (a note with no theme) and `NoteRef`s to missing or empty
//! notes. A file that is not a zip archive, has no `project.qde`, is not
//! well-formed XML, codes with an unknown code, selects past the end of
//! its text, or names a text outside its folder is refused with where the
//! problem is.
//!
//! The modules: `export` writes, `import` reads, `archive` unpacks a
//! `.qdpx` within bounds, `sources` guards the files read beside it; the
//! XML itself goes through `formats::xml`.

mod archive;
mod export;
mod import;
mod sources;
#[cfg(test)]
mod tests;

pub use export::export;
pub use import::import;

const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
const ORIGIN: &str = "Marginalia";
/// The text variable that carries each document's Marginalia id.
const ID_VARIABLE: &str = "Marginalia document id";
const PROJECT_ENTRY: &str = "project.qde";
