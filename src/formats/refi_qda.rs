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
//! QualCoder, index the same way). Tools that count UTF-16 code units
//! place selections after an astral character (emoji) one further per such
//! character.
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
//!   entry of the archive's `sources/` folder, `relative://` a file
//!   relative to the project's `basePath` (else the folder of the imported
//!   file), anything else an absolute path or `file://` URL;
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
//! well-formed XML, codes with an unknown code, or selects past the end of
//! its text is refused with where the problem is.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use sha2::{Digest, Sha256};

use super::export::{ExportError, ExportFile, ExportJob, Loss};
use super::import::{
    ImportError, Imported, ImportedDocument, ImportedSpan, ImportedTheme, MAX_FILE_BYTES,
    read_limited,
};
use super::xml::{escape_into, xml_chars};
use crate::model::{Color, Text};

const PROJECT_NS: &str = "urn:QDA-XML:project:1.0";
const CODEBOOK_NS: &str = "urn:QDA-XML:codebook:1.0";
const ORIGIN: &str = "Marginalia";
/// The text variable that carries each document's Marginalia id.
const ID_VARIABLE: &str = "Marginalia document id";
const PROJECT_ENTRY: &str = "project.qde";
const NOT_XML_CHARS: &str = "characters XML 1.0 cannot hold were replaced by U+FFFD";

// ---------------------------------------------------------------- export

/// One file: `export.qdpx`, or `export.qdc` with `codebook_only`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let guids = Guids::new(job.project.name());
    let codes = codebook(job, &guids);
    if job.options.codebook_only {
        if codes.is_empty() {
            return Err(ExportError::Unsupported(
                "a REFI-QDA codebook needs at least one code, and the project has no themes".into(),
            ));
        }
        let mut x = Xml::new();
        x.open(
            "CodeBook",
            &[("xmlns", CODEBOOK_NS.into()), ("origin", ORIGIN.into())],
        );
        write_codes(&mut x, &codes);
        x.close("CodeBook");
        return Ok(vec![ExportFile::new("export.qdc", x.finish())]);
    }

    let code_of: HashMap<&str, &str> = codes
        .iter()
        .map(|c| (c.theme.as_str(), c.guid.as_str()))
        .collect();
    let annotators: BTreeSet<&str> = job
        .docs
        .iter()
        .flat_map(|(_, spans)| spans.iter().map(|s| s.annotator.as_str()))
        .filter(|a| !a.is_empty())
        .collect();
    let user_of: HashMap<&str, String> = annotators
        .iter()
        .map(|a| (*a, guids.make(&["user", a])))
        .collect();
    let id_variable = guids.make(&["variable", ID_VARIABLE]);

    let mut x = Xml::new();
    let project_name = xml_chars(job.project.name()).into_owned();
    if project_name != job.project.name() {
        lose_outside_documents(job, "project name".into());
    }
    x.open(
        "Project",
        &[
            ("xmlns", PROJECT_NS.into()),
            ("name", project_name),
            ("origin", ORIGIN.into()),
        ],
    );
    if !annotators.is_empty() {
        x.open("Users", &[]);
        for a in &annotators {
            // A name XML cannot hold is reported on each of its spans below.
            x.empty(
                "User",
                &[
                    ("guid", user_of[a].clone()),
                    ("name", xml_chars(a).into_owned()),
                ],
            );
        }
        x.close("Users");
    }
    if !codes.is_empty() {
        x.open("CodeBook", &[]);
        write_codes(&mut x, &codes);
        x.close("CodeBook");
    }
    if !job.docs.is_empty() {
        x.open("Variables", &[]);
        x.open(
            "Variable",
            &[
                ("guid", id_variable.clone()),
                ("name", ID_VARIABLE.into()),
                ("typeOfVariable", "Text".into()),
            ],
        );
        x.leaf(
            "Description",
            "The id of the document in the Marginalia project it was exported from.",
        );
        x.close("Variable");
        x.close("Variables");
        x.open("Sources", &[]);
    }

    let mut texts = Vec::with_capacity(job.docs.len());
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, job.docs[i].1.clone());
        let source = guids.make(&["source", &doc.id]);
        let title = xml_chars(&doc.title).into_owned();
        if title != doc.title {
            job.lose(doc, None, NOT_XML_CHARS, "in the title");
        }
        let file = format!("{source}.txt");
        x.open(
            "TextSource",
            &[
                ("guid", source.clone()),
                ("name", title),
                ("plainTextPath", format!("internal://{file}")),
            ],
        );
        for span in spans {
            let (start, end) = (span.start.to_string(), span.end.to_string());
            let key: [&str; 5] = [&doc.id, &start, &end, &span.theme, &span.annotator];
            let guid = |kind: &'static str| {
                let mut parts = vec![kind];
                parts.extend(key);
                guids.make(&parts)
            };
            let (selection, coding) = (guid("selection"), guid("coding"));
            let user = user_of.get(span.annotator.as_str());
            if xml_chars(&span.annotator) != span.annotator {
                job.lose(doc, Some(span), NOT_XML_CHARS, "in the annotator name");
            }
            let mut attrs = vec![
                ("guid", selection),
                (
                    "name",
                    xml_chars(doc.span_text(span).unwrap_or_default()).into_owned(),
                ),
                ("startPosition", start.clone()),
                ("endPosition", end.clone()),
            ];
            if let Some(user) = user {
                attrs.push(("creatingUser", user.clone()));
            }
            x.open("PlainTextSelection", &attrs);
            if !span.note.is_empty() {
                let note = xml_chars(&span.note);
                if note != span.note {
                    job.lose(doc, Some(span), NOT_XML_CHARS, "in the note");
                }
                x.leaf("Description", &note);
            }
            let mut attrs = vec![("guid", coding)];
            if let Some(user) = user {
                attrs.push(("creatingUser", user.clone()));
            }
            x.open("Coding", &attrs);
            x.empty(
                "CodeRef",
                &[("targetGUID", code_of[span.theme.as_str()].to_owned())],
            );
            x.close("Coding");
            x.close("PlainTextSelection");
        }
        x.open("VariableValue", &[]);
        x.empty("VariableRef", &[("targetGUID", id_variable.clone())]);
        let id = xml_chars(&doc.id);
        if id != doc.id {
            job.lose(doc, None, NOT_XML_CHARS, "in the document id");
        }
        x.leaf("TextValue", &id);
        x.close("VariableValue");
        x.close("TextSource");
        texts.push((format!("sources/{file}"), doc.text().as_str()));
        job.advance()?;
    }
    if !job.docs.is_empty() {
        x.close("Sources");
    }
    x.close("Project");

    let mut files = vec![(PROJECT_ENTRY.to_owned(), x.finish())];
    files.extend(texts.into_iter().map(|(p, t)| (p, t.to_owned())));
    Ok(vec![ExportFile::new("export.qdpx", zip_entries(&files)?)])
}

/// A code of the codebook.
struct Code {
    guid: String,
    /// The theme id it stands for.
    theme: String,
    name: String,
    color: Option<Color>,
    description: String,
}

/// The project's themes, then the theme ids spans use that are not themes
/// (under their id), as codes.
fn codebook(job: &mut ExportJob, guids: &Guids) -> Vec<Code> {
    let mut codes: Vec<Code> = Vec::new();
    let mut unsafe_names = Vec::new();
    for t in job.project.themes() {
        let (name, description) = (xml_chars(&t.label), xml_chars(&t.description));
        if name != t.label {
            unsafe_names.push(format!("in the label of theme {:?}", t.id));
        }
        if description != t.description {
            unsafe_names.push(format!("in the description of theme {:?}", t.id));
        }
        codes.push(Code {
            guid: guids.make(&["code", &t.id]),
            theme: t.id.clone(),
            name: name.into_owned(),
            color: Some(t.color),
            description: description.into_owned(),
        });
    }
    for (_, spans) in &job.docs {
        for s in spans {
            if codes.iter().all(|c| c.theme != s.theme) {
                codes.push(Code {
                    guid: guids.make(&["code", &s.theme]),
                    theme: s.theme.clone(),
                    name: xml_chars(&s.theme).into_owned(),
                    color: None,
                    description: String::new(),
                });
            }
        }
    }
    for detail in unsafe_names {
        lose_outside_documents(job, detail);
    }
    codes
}

/// Reports a replacement in something that belongs to no document.
fn lose_outside_documents(job: &mut ExportJob, detail: String) {
    job.report.losses.push(Loss {
        document: "(codebook)".into(),
        span: None,
        kind: NOT_XML_CHARS,
        detail,
    });
}

fn write_codes(x: &mut Xml, codes: &[Code]) {
    x.open("Codes", &[]);
    for c in codes {
        let mut attrs = vec![
            ("guid", c.guid.clone()),
            ("name", c.name.clone()),
            ("isCodable", "true".into()),
        ];
        if let Some(color) = c.color {
            attrs.push(("color", color.to_string()));
        }
        if c.description.is_empty() {
            x.empty("Code", &attrs);
        } else {
            x.open("Code", &attrs);
            x.leaf("Description", &c.description);
            x.close("Code");
        }
    }
    x.close("Codes");
}

/// The zip archive of `files`, in that order, with fixed dates and modes.
fn zip_entries(files: &[(String, String)]) -> Result<Vec<u8>, ExportError> {
    let encode = |e: zip::result::ZipError| ExportError::Encode(format!("zip: {e}"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in files {
        zip.start_file(name.as_str(), options).map_err(encode)?;
        zip.write_all(text.as_bytes())
            .map_err(|e| ExportError::Encode(format!("zip: {e}")))?;
    }
    Ok(zip.finish().map_err(encode)?.into_inner())
}

/// Deterministic GUIDs: SHA-256 of the project name and a path of stable
/// ids, as an RFC 9562 version-8 UUID (which the standard's `GUIDType`
/// pattern accepts).
struct Guids {
    project: String,
}

impl Guids {
    fn new(project: &str) -> Self {
        Guids {
            project: project.to_owned(),
        }
    }

    fn make(&self, parts: &[&str]) -> String {
        let mut h = Sha256::new();
        for p in std::iter::once("marginalia")
            .chain(std::iter::once(self.project.as_str()))
            .chain(parts.iter().copied())
        {
            h.update((p.len() as u64).to_le_bytes());
            h.update(p.as_bytes());
        }
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        b[6] = (b[6] & 0x0f) | 0x80;
        b[8] = (b[8] & 0x3f) | 0x80;
        let mut s = String::with_capacity(36);
        for (i, byte) in b.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                s.push('-');
            }
            let _ = write!(s, "{byte:02x}");
        }
        s
    }
}

/// A small XML writer: two-space indentation, attributes in the order
/// given, escaping so that every character reads back the same (line
/// breaks and tabs in attributes as character references).
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn new() -> Self {
        Xml {
            out: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".into(),
            depth: 0,
        }
    }

    fn tag(&mut self, name: &str, attrs: &[(&str, String)]) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            escape_into(&mut self.out, v, true);
            self.out.push('"');
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.tag(name, attrs);
        self.out.push_str("/>\n");
    }

    /// An element holding only text.
    fn leaf(&mut self, name: &str, text: &str) {
        self.tag(name, &[]);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    fn finish(self) -> String {
        self.out
    }
}

// ---------------------------------------------------------------- import

/// Reads a `.qdpx` project (documents, codebook, codings), a `.qdc`
/// codebook (themes only), or a bare `project.qde`.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let bytes = super::import::read_file(path)?;
    let folder = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"PK") || ext == "qdpx" {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            ImportError::whole(
                path,
                format!(
                    "not a REFI-QDA project: a .qdpx file is a zip archive, \
                     and this one cannot be opened ({e})"
                ),
            )
        })?;
        let mut archive = Archive::new(zip).map_err(|e| ImportError::whole(path, e))?;
        let entry = archive
            .find(PROJECT_ENTRY)
            .or_else(|| {
                let mut qde = archive
                    .zip
                    .file_names()
                    .filter(|n| !n.contains('/') && n.to_lowercase().ends_with(".qde"));
                qde.next().filter(|_| qde.next().is_none())
            })
            .map(str::to_owned)
            .ok_or_else(|| {
                ImportError::whole(
                    path,
                    "not a REFI-QDA project: the archive has no project.qde",
                )
            })?;
        let xml = archive
            .read(&entry)
            .map_err(|e| ImportError::new(path, Some(format!("entry {entry}")), e))?;
        let file = XmlFile::new(path, Some(&entry), &xml)?;
        let root = file.parse()?;
        let mut container = Container::Zip(archive);
        return match root.name.as_str() {
            "Project" => read_project(&file, &root, &mut container, &folder),
            other => Err(file.error(
                root.pos,
                format!("the root element is <{other}>, not a REFI-QDA <Project>"),
            )),
        };
    }
    let file = XmlFile::new(path, None, &bytes)?;
    let root = file.parse()?;
    match root.name.as_str() {
        "CodeBook" => Ok(Imported {
            documents: Vec::new(),
            themes: read_codebook(&root).themes,
            warnings: Vec::new(),
        }),
        "Project" => {
            let mut container = Container::Folder(folder.clone());
            read_project(&file, &root, &mut container, &folder)
        }
        other => Err(file.error(
            root.pos,
            format!("the root element is <{other}>, not a REFI-QDA <CodeBook> or <Project>"),
        )),
    }
}

/// Where `internal://` files are: the archive, or the `sources` folder
/// next to an unzipped `project.qde`.
enum Container {
    Zip(Archive),
    Folder(PathBuf),
}

impl Container {
    /// The bytes of the internal file `name`, if there is one.
    fn internal(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let name = name.trim_start_matches('/');
        match self {
            Container::Zip(archive) => {
                let found = archive
                    .find(&format!("sources/{name}"))
                    .or_else(|| archive.zip.file_names().find(|n| *n == name))
                    .map(str::to_owned);
                match found {
                    Some(entry) => archive
                        .read(&entry)
                        .map(Some)
                        .map_err(|e| format!("entry {entry}: {e}")),
                    None => Ok(None),
                }
            }
            Container::Folder(dir) => {
                // An internal file is inside the sources folder: a name
                // that climbs out of it (`../`) or is absolute is not one.
                let inside = Path::new(name)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
                if !inside {
                    return Err(format!(
                        "internal://{name} is not a file name inside the project's sources folder"
                    ));
                }
                for sub in ["sources", "Sources"] {
                    let p = dir.join(sub).join(name);
                    if p.is_file() {
                        return read_limited(&p, MAX_FILE_BYTES)
                            .map(Some)
                            .map_err(|e| format!("{}: {e}", p.display()));
                    }
                }
                Ok(None)
            }
        }
    }
}

/// The most entries a `.qdpx` archive may have (one per source, plus the
/// project): more is refused before anything is unpacked.
const MAX_ENTRIES: usize = 100_000;
/// An entry larger than this that claims to have been compressed more than
/// [`MAX_RATIO`] times is refused unread, as a zip bomb: text compresses
/// about 3 to 10 times with deflate.
const BOMB_SIZE: u64 = 16 * 1024 * 1024;
const MAX_RATIO: u64 = 200;

/// A `.qdpx` archive being read, with what it may still unpack: every
/// entry counts against [`MAX_FILE_BYTES`] in total, its size checked
/// before it is read and its bytes counted as they are inflated (a header
/// may lie).
struct Archive {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// Entry names by their lower-case form, to find them in constant time.
    names: HashMap<String, String>,
    /// Bytes that reading further entries may still produce.
    budget: u64,
}

impl Archive {
    fn new(zip: zip::ZipArchive<Cursor<Vec<u8>>>) -> Result<Self, String> {
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "the archive has {} entries; a REFI-QDA project has one per source, \
                 and Marginalia reads at most {MAX_ENTRIES}",
                zip.len()
            ));
        }
        let mut names = HashMap::new();
        for n in zip.file_names() {
            names
                .entry(n.to_lowercase())
                .or_insert_with(|| n.to_owned());
        }
        Ok(Archive {
            zip,
            names,
            budget: MAX_FILE_BYTES,
        })
    }

    /// The entry named `name`, ignoring case.
    fn find(&self, name: &str) -> Option<&str> {
        self.names.get(&name.to_lowercase()).map(String::as_str)
    }

    /// The bytes of the entry `name`, within the budget.
    fn read(&mut self, name: &str) -> Result<Vec<u8>, String> {
        use super::import::human_size;
        let mut entry = self
            .zip
            .by_name(name)
            .map_err(|e| format!("cannot open it in the archive: {e}"))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > BOMB_SIZE && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "refused as a zip bomb: {} would unpack to {}",
                human_size(packed),
                human_size(size)
            ));
        }
        let over = |size: u64| {
            format!(
                "the archive unpacks to more than {}, more than Marginalia imports \
                 (this entry alone is {})",
                human_size(MAX_FILE_BYTES),
                human_size(size)
            )
        };
        if size > self.budget {
            return Err(over(size));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Inflate at most one byte more than the header says: an entry
        // that is larger than its header claims is refused.
        (&mut entry)
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read it from the archive: {e}"))?;
        let read = bytes.len() as u64;
        if read > size {
            return Err(format!(
                "the entry is larger than the archive says ({}); the archive is damaged or forged",
                human_size(size)
            ));
        }
        self.budget -= read;
        Ok(bytes)
    }
}

/// An XML file being read, for positions in messages.
struct XmlFile<'a> {
    path: &'a Path,
    /// The archive entry, for a `.qdpx`.
    entry: Option<&'a str>,
    text: &'a str,
    /// Byte offsets where lines start.
    lines: Vec<usize>,
    /// The last position computed: byte offset, line index, column. Many
    /// tools write the whole XML on one line, and positions are asked for
    /// in file order, so counting on from here keeps that linear.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> XmlFile<'a> {
    fn new(path: &'a Path, entry: Option<&'a str>, bytes: &'a [u8]) -> Result<Self, ImportError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let file = |text: &'a str| XmlFile {
            path,
            entry,
            text,
            lines: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
            last: std::cell::Cell::new((0, 1, 1)),
        };
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(file(text)),
            Err(e) => {
                let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
                Err(file(valid).error(valid.len(), "the XML is not UTF-8 text"))
            }
        }
    }

    /// "project.qde line 3, column 7" for a byte offset.
    fn at(&self, byte: usize) -> String {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.lines.partition_point(|&start| start <= byte);
        let (last_byte, last_line, last_column) = self.last.get();
        let column = if line == last_line && last_byte <= byte {
            last_column + self.text[last_byte..byte].chars().count()
        } else {
            self.text[self.lines[line - 1]..byte].chars().count() + 1
        };
        self.last.set((byte, line, column));
        match self.entry {
            Some(e) => format!("{e} line {line}, column {column}"),
            None => format!("line {line}, column {column}"),
        }
    }

    fn error(&self, byte: usize, message: impl Into<String>) -> ImportError {
        ImportError::new(self.path, Some(self.at(byte)), message)
    }

    fn parse(&self) -> Result<Element, ImportError> {
        parse_xml(self.text).map_err(|(at, m)| self.error(at, m))
    }
}

/// An element of the parsed document (names without namespace prefixes).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Element>,
    /// The text directly inside it.
    text: String,
    /// Byte offset of its start tag.
    pos: usize,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the child `name`, if it is there.
    fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// How deeply elements may nest (nested codes included): deeper files are
/// refused, so that reading them cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

/// A malformed-XML error at a byte offset.
fn bad(pos: usize, reason: impl std::fmt::Display) -> (usize, String) {
    (pos, format!("malformed XML: {reason}"))
}

/// Parses a whole document; errors are a byte offset and a message.
fn parse_xml(xml: &str) -> Result<Element, (usize, String)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| bad(reader.error_position() as usize, e))?;
        let text_outside = |t: &str| {
            if t.trim().is_empty() {
                Ok(())
            } else {
                Err(bad(pos, "text outside the root element"))
            }
        };
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                let _ = e;
                return Err(bad(pos, "a second root element"));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err((
                        pos,
                        format!(
                            "elements are nested more than {MAX_DEPTH} deep; \
                             a REFI-QDA file is never nested so deeply"
                        ),
                    ));
                }
                stack.push(element(&e, pos)?)
            }
            Event::Empty(e) => {
                let el = element(&e, pos)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let el = stack
                    .pop()
                    .ok_or_else(|| bad(pos, "an end tag with no start tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|e| bad(pos, e))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&t),
                    None => text_outside(&t)?,
                }
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| bad(pos, e))?;
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&t),
                    None => text_outside(&t)?,
                }
            }
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(pos, e))?;
                let c: String = match r.resolve_char_ref().map_err(|e| bad(pos, e))? {
                    Some(c) => c.into(),
                    None => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| bad(pos, format!("unknown entity &{name};")))?
                        .into(),
                };
                match stack.last_mut() {
                    Some(el) => el.text.push_str(&c),
                    None => return Err(bad(pos, "text outside the root element")),
                }
            }
            Event::Eof => break,
            Event::DocType(d) => {
                // Entities declared in a DTD are never expanded (only the
                // five predefined ones and character references are), so
                // "billion laughs" and external entities cannot work; say
                // so plainly instead of failing at the first use.
                if d.windows(8).any(|w| w.eq_ignore_ascii_case(b"<!ENTITY")) {
                    return Err((
                        pos,
                        "the file declares entities in a DOCTYPE; REFI-QDA files do not \
                         use them, and Marginalia does not expand them"
                            .into(),
                    ));
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(bad(
            open.pos,
            format!("<{}> is not closed before the end of the file", open.name),
        ));
    }
    root.ok_or_else(|| bad(xml.len(), "no root element"))
}

fn element(e: &BytesStart, pos: usize) -> Result<Element, (usize, String)> {
    let utf8 = |b: &[u8]| {
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|e| bad(pos, e))
    };
    let mut el = Element {
        name: utf8(e.local_name().as_ref())?,
        pos,
        ..Default::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|e| bad(pos, e))?;
        let key = a.key;
        if key.as_ref() == b"xmlns" || key.prefix().is_some_and(|p| p.as_ref() == b"xmlns") {
            continue;
        }
        // Attribute-value normalisation: literal line breaks and tabs are
        // spaces; character references keep theirs.
        let raw = utf8(&a.value)?
            .replace("\r\n", " ")
            .replace(['\r', '\n', '\t'], " ");
        let value = quick_xml::escape::unescape(&raw)
            .map_err(|e| bad(pos, e))?
            .into_owned();
        el.attrs.push((utf8(key.local_name().as_ref())?, value));
    }
    Ok(el)
}

/// A GUID for comparison: without braces, lower case.
fn guid_key(g: &str) -> String {
    g.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_lowercase()
}

/// A codebook: themes, and code labels by GUID.
#[derive(Default)]
struct Codebook {
    themes: Vec<ImportedTheme>,
    labels: HashMap<String, String>,
}

/// The codes of a `CodeBook` element (`<CodeBook><Codes><Code>…`).
fn read_codebook(codebook: &Element) -> Codebook {
    fn walk(code: &Element, parent: Option<&str>, out: &mut Codebook) {
        let name = code.attr("name").unwrap_or_default();
        let label = match parent {
            Some(p) => format!("{p}/{name}"),
            None => name.to_owned(),
        };
        out.themes.push(ImportedTheme {
            label: label.clone(),
            color: code.attr("color").and_then(parse_color),
            description: code
                .child_text("Description")
                .unwrap_or_default()
                .to_owned(),
        });
        if let Some(guid) = code.attr("guid") {
            out.labels.insert(guid_key(guid), label.clone());
        }
        for child in code.all("Code") {
            walk(child, Some(&label), out);
        }
    }
    let mut out = Codebook::default();
    for codes in codebook.all("Codes") {
        for code in codes.all("Code") {
            walk(code, None, &mut out);
        }
    }
    out
}

/// `#rrggbb` or `#rgb`; anything else is no colour.
fn parse_color(s: &str) -> Option<Color> {
    let s = s.trim();
    let hex = s.strip_prefix('#')?;
    if hex.len() == 3 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        let long: String = hex.chars().flat_map(|c| [c, c]).collect();
        return format!("#{long}").parse().ok();
    }
    s.parse().ok()
}

fn read_project(
    file: &XmlFile,
    root: &Element,
    container: &mut Container,
    folder: &Path,
) -> Result<Imported, ImportError> {
    let users: HashMap<String, String> = root
        .all("Users")
        .flat_map(|u| u.all("User"))
        .filter_map(|u| {
            Some((
                guid_key(u.attr("guid")?),
                u.attr("name")
                    .or(u.attr("id"))
                    .unwrap_or_default()
                    .to_owned(),
            ))
        })
        .collect();
    let codebook = root
        .child("CodeBook")
        .map(read_codebook)
        .unwrap_or_default();
    let variables: HashMap<String, &str> = root
        .all("Variables")
        .flat_map(|v| v.all("Variable"))
        .filter_map(|v| Some((guid_key(v.attr("guid")?), v.attr("name")?)))
        .collect();
    let notes: HashMap<String, &Element> = root
        .all("Notes")
        .flat_map(|n| n.all("Note"))
        .filter_map(|n| Some((guid_key(n.attr("guid")?), n)))
        .collect();
    let base = match root.attr("basePath").map(str::trim) {
        Some(b) if !b.is_empty() => PathBuf::from(b.strip_prefix("file://").unwrap_or(b)),
        _ => folder.to_path_buf(),
    };
    let mut reader = SourceReader {
        file,
        container,
        base,
    };

    let mut documents = Vec::new();
    for source in root.all("Sources").flat_map(|s| s.all("TextSource")) {
        let title = source.attr("name").unwrap_or_default().to_owned();
        let guid = source.attr("guid").unwrap_or_default();
        let what = format!(
            "TextSource {:?}",
            if title.is_empty() { guid } else { &title }
        );
        let text = reader.text(source, &what)?;
        let len = Text::new(text.as_str()).len_chars();
        let id = source
            .all("VariableValue")
            .find(|v| {
                v.child("VariableRef")
                    .and_then(|r| r.attr("targetGUID"))
                    .and_then(|g| variables.get(&guid_key(g)))
                    == Some(&ID_VARIABLE)
            })
            .and_then(|v| v.child_text("TextValue"))
            .map(str::to_owned)
            .unwrap_or_else(|| {
                if title.is_empty() {
                    guid.to_owned()
                } else {
                    title.clone()
                }
            });

        let mut spans = Vec::new();
        let user = |el: &Element| {
            el.attr("creatingUser")
                .and_then(|g| users.get(&guid_key(g)))
                .cloned()
        };
        let label =
            |coding: &Element| -> Result<String, ImportError> {
                let code_ref = coding.child("CodeRef").ok_or_else(|| {
                    file.error(coding.pos, format!("{what}: a Coding without a CodeRef"))
                })?;
                let target = code_ref.attr("targetGUID").unwrap_or_default();
                codebook
                    .labels
                    .get(&guid_key(target))
                    .cloned()
                    .ok_or_else(|| {
                        file.error(
                    code_ref.pos,
                    format!("{what}: CodeRef targetGUID {target:?} is not a code of the codebook"),
                )
                    })
            };
        for selection in source.all("PlainTextSelection") {
            let position = |name: &str| -> Result<usize, ImportError> {
                let raw = selection.attr(name).unwrap_or_default();
                let digits = raw.trim();
                digits.parse().map_err(|_| {
                    let why = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                        "is too large"
                    } else {
                        "is not a whole number of characters"
                    };
                    file.error(
                        selection.pos,
                        format!("{what}: PlainTextSelection {name} {raw:?} {why}"),
                    )
                })
            };
            let (start, end) = (position("startPosition")?, position("endPosition")?);
            if start > end {
                return Err(file.error(
                    selection.pos,
                    format!("{what}: the selection {start}..{end} starts after it ends"),
                ));
            }
            if end > len {
                return Err(file.error(
                    selection.pos,
                    format!(
                        "{what}: the selection {start}..{end} does not fit its text ({len} characters)"
                    ),
                ));
            }
            let mut note = selection
                .child_text("Description")
                .unwrap_or_default()
                .to_owned();
            for r in selection.all("NoteRef") {
                let Some(n) = r.attr("targetGUID").and_then(|g| notes.get(&guid_key(g))) else {
                    continue;
                };
                if n.child("PlainTextContent").is_none() && n.attr("plainTextPath").is_none() {
                    continue;
                }
                let text = reader.text(n, &format!("{what}: its note"))?;
                if !text.is_empty() {
                    if !note.is_empty() {
                        note.push_str("\n\n");
                    }
                    note.push_str(&text);
                }
            }
            for coding in selection.all("Coding") {
                spans.push(ImportedSpan {
                    start,
                    end,
                    label: label(coding)?,
                    annotator: user(coding).or_else(|| user(selection)),
                    note: note.clone(),
                    position: file.at(selection.pos),
                });
            }
        }
        for coding in source.all("Coding") {
            if len > 0 {
                spans.push(ImportedSpan {
                    start: 0,
                    end: len,
                    label: label(coding)?,
                    annotator: user(coding).or_else(|| user(source)),
                    note: String::new(),
                    position: file.at(coding.pos),
                });
            }
        }
        documents.push(ImportedDocument {
            id,
            title,
            text,
            source: None,
            spans,
        });
    }
    let skipped = root
        .all("Sources")
        .flat_map(|s| s.children.iter())
        .filter(|c| c.name != "TextSource")
        .count();
    let mut warnings = Vec::new();
    if skipped > 0 {
        warnings.push(format!(
            "{skipped} source(s) that are not plain text (PDF, picture, audio, video) not imported"
        ));
    }
    Ok(Imported {
        documents,
        themes: codebook.themes,
        warnings,
    })
}

/// Reads the plain text of a `TextSource` (or `Note`).
struct SourceReader<'a, 'f> {
    file: &'a XmlFile<'f>,
    container: &'a mut Container,
    /// What `relative://` paths are relative to.
    base: PathBuf,
}

impl SourceReader<'_, '_> {
    fn text(&mut self, source: &Element, what: &str) -> Result<String, ImportError> {
        let err = |m: String| self.file.error(source.pos, format!("{what}: {m}"));
        if let Some(text) = source.child_text("PlainTextContent") {
            return Ok(text.to_owned());
        }
        let Some(path) = source.attr("plainTextPath").map(str::trim) else {
            return Err(err(
                "it has neither PlainTextContent nor plainTextPath".into()
            ));
        };
        let bytes = if let Some(name) = path.strip_prefix("internal://") {
            self.container
                .internal(name)
                .map_err(&err)?
                .ok_or_else(|| err(format!("its text {path} is not in the project")))?
        } else {
            let file = match path.strip_prefix("relative://") {
                Some(rel) => self.base.join(rel.trim_start_matches(['/', '\\'])),
                None => PathBuf::from(path.strip_prefix("file://").unwrap_or(path)),
            };
            read_limited(&file, MAX_FILE_BYTES).map_err(|e| {
                err(format!(
                    "cannot read its text {path} ({}): {e}",
                    file.display()
                ))
            })?
        };
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            err(format!(
                "its text {path} is not UTF-8 (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::export::{ExportOptions, Progress};
    use crate::formats::fixture;
    use crate::formats::import::plan;
    use crate::model::Project;
    use std::sync::Arc;

    fn export_with(project: &Project, options: &ExportOptions) -> (Vec<u8>, Vec<Loss>) {
        let mut job = ExportJob::new(project, options, Arc::new(Progress::default())).unwrap();
        let files = export(&mut job).unwrap();
        assert_eq!(files.len(), 1);
        (files[0].bytes.clone(), job.report.losses)
    }

    fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut e = zip.by_index(i).unwrap();
                let mut b = Vec::new();
                e.read_to_end(&mut b).unwrap();
                (e.name().to_owned(), b)
            })
            .collect()
    }

    /// Attributes of every element named `name`, in document order, with a
    /// plain quick-xml pass (independent of the importer's tree).
    fn elements(xml: &str, name: &str) -> Vec<HashMap<String, String>> {
        let mut reader = quick_xml::Reader::from_str(xml);
        let mut out = Vec::new();
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name.as_bytes() => {
                    out.push(
                        e.attributes()
                            .map(|a| {
                                let a = a.unwrap();
                                (
                                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                    a.unescape_value().unwrap().into_owned(),
                                )
                            })
                            .collect(),
                    );
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    fn is_guid(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
            && groups
                .iter()
                .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    #[test]
    fn selections_slice_the_source_files_in_code_points() {
        let project = fixture::project();
        let (bytes, losses) = export_with(&project, &ExportOptions::default());
        assert_eq!(losses, []);
        let entries = unzip(&bytes);
        assert_eq!(entries[0].0, "project.qde");
        let xml = String::from_utf8(entries[0].1.clone()).unwrap();
        let sources = elements(&xml, "TextSource");
        assert_eq!(sources.len(), 2);
        let users: HashMap<_, _> = elements(&xml, "User")
            .into_iter()
            .map(|u| (u["guid"].clone(), u["name"].clone()))
            .collect();
        assert_eq!(users.len(), 2);
        let codes: HashMap<_, _> = elements(&xml, "Code")
            .into_iter()
            .map(|c| (c["guid"].clone(), (c["name"].clone(), c["color"].clone())))
            .collect();
        for t in project.themes() {
            assert!(
                codes
                    .values()
                    .any(|(n, c)| n == &t.label && c == &t.color.to_string())
            );
        }
        let selections = elements(&xml, "PlainTextSelection");
        let code_refs = elements(&xml, "CodeRef");
        assert_eq!(selections.len(), 10);
        assert_eq!(code_refs.len(), 10);
        // Selections come in document order, each with its one CodeRef.
        let mut k = 0;
        for (d, source) in project.documents().iter().zip(&sources) {
            assert_eq!(source["name"], d.title);
            let file = source["plainTextPath"].strip_prefix("internal://").unwrap();
            assert!(is_guid(file.strip_suffix(".txt").unwrap()));
            let text = &entries
                .iter()
                .find(|(n, _)| *n == format!("sources/{file}"))
                .unwrap()
                .1;
            let text = String::from_utf8(text.clone()).unwrap();
            assert_eq!(text, d.text().as_str());
            for s in d.spans().spans() {
                let sel = &selections[k];
                let (start, end): (usize, usize) = (
                    sel["startPosition"].parse().unwrap(),
                    sel["endPosition"].parse().unwrap(),
                );
                let sliced: String = text.chars().skip(start).take(end - start).collect();
                assert_eq!(sliced, d.span_text(s).unwrap());
                assert_eq!(sel["name"], sliced);
                assert_eq!(users[&sel["creatingUser"]], s.annotator);
                let code = &codes[&code_refs[k]["targetGUID"]].0;
                assert_eq!(code, &project.theme(&s.theme).unwrap().label);
                assert!(is_guid(&sel["guid"]));
                k += 1;
            }
        }
        // Notes are the selections' descriptions, newline and quotes intact.
        assert!(
            xml.contains("<Description>crosses a \"line\" break\nand has two lines</Description>")
        );
        assert!(xml.contains("<TextValue>statement</TextValue>"));
    }

    #[test]
    fn export_is_deterministic() {
        let project = fixture::project();
        let (a, _) = export_with(&project, &ExportOptions::default());
        let (b, _) = export_with(&project, &ExportOptions::default());
        assert_eq!(a, b);
    }

    #[test]
    fn codebook_only_writes_the_codes() {
        let project = fixture::project();
        let options = ExportOptions {
            codebook_only: true,
            ..Default::default()
        };
        let (bytes, losses) = export_with(&project, &options);
        assert_eq!(losses, []);
        let xml = String::from_utf8(bytes).unwrap();
        assert!(
            xml.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Marginalia\">")
        );
        assert!(!xml.contains("Source"));
        let codes = elements(&xml, "Code");
        assert_eq!(codes.len(), project.themes().len());
        assert_eq!(codes[0]["color"], "#2ea043");
        // And it reads back as themes only.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.qdc");
        std::fs::write(&path, &xml).unwrap();
        let imported = import(&path).unwrap();
        assert!(imported.documents.is_empty());
        let themes: Vec<_> = imported
            .themes
            .iter()
            .map(|t| (t.label.as_str(), t.color, t.description.as_str()))
            .collect();
        let expected: Vec<_> = project
            .themes()
            .iter()
            .map(|t| (t.label.as_str(), Some(t.color), t.description.as_str()))
            .collect();
        assert_eq!(themes, expected);
    }

    #[test]
    fn characters_xml_cannot_hold_are_replaced_and_reported() {
        let mut project = Project::new("p", crate::model::default_codebook());
        crate::model::Edit::AddDocument {
            index: 0,
            document: Box::new(crate::model::Document::new("d", "bell\u{7}", "abc")),
        }
        .apply(&mut project)
        .unwrap();
        crate::model::Edit::AddSpan {
            doc: "d".into(),
            span: crate::model::Span::new(0, 2, "health", "ana").with_note("nul\u{0}"),
        }
        .apply(&mut project)
        .unwrap();
        let (bytes, losses) = export_with(&project, &ExportOptions::default());
        let details: Vec<_> = losses.iter().map(|l| (l.kind, l.detail.as_str())).collect();
        assert_eq!(
            details,
            [
                (NOT_XML_CHARS, "in the title"),
                (NOT_XML_CHARS, "in the note")
            ]
        );
        let xml = String::from_utf8(unzip(&bytes)[0].1.clone()).unwrap();
        assert!(xml.contains("name=\"bell\u{FFFD}\""));
        assert!(xml.contains("<Description>nul\u{FFFD}</Description>"));
    }

    fn round_trip(project: &Project) -> Project {
        let (bytes, _) = export_with(project, &ExportOptions::default());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.qdpx");
        std::fs::write(&path, bytes).unwrap();
        let imported = import(&path).unwrap();
        let mut back = Project::new("x", vec![]);
        let (edit, _) = plan(&back, &[(path, imported)], "importer").unwrap();
        edit.apply(&mut back).unwrap();
        back
    }

    #[test]
    fn export_then_import_gives_back_the_project() {
        let project = fixture::project();
        let back = round_trip(&project);
        let spans = |p: &Project| -> Vec<_> {
            p.documents()
                .iter()
                .map(|d| {
                    let spans: Vec<_> = d
                        .spans()
                        .spans()
                        .iter()
                        .map(|s| {
                            (
                                s.start,
                                s.end,
                                p.theme(&s.theme).unwrap().label.clone(),
                                s.annotator.clone(),
                                s.note.clone(),
                            )
                        })
                        .collect();
                    (
                        d.id.clone(),
                        d.title.clone(),
                        d.text().as_str().to_owned(),
                        spans,
                    )
                })
                .collect()
        };
        assert_eq!(spans(&back), spans(&project));
        let themes = |p: &Project| -> Vec<_> {
            p.themes()
                .iter()
                .map(|t| (t.label.clone(), t.color, t.description.clone()))
                .collect()
        };
        assert_eq!(themes(&back), themes(&project));
    }

    fn qdpx(dir: &Path, qde: &str, sources: &[(&str, &str)]) -> PathBuf {
        let mut files = vec![(PROJECT_ENTRY.to_owned(), qde.to_owned())];
        files.extend(
            sources
                .iter()
                .map(|(n, t)| (format!("sources/{n}"), t.to_string())),
        );
        let path = dir.join("t.qdpx");
        std::fs::write(&path, zip_entries(&files).unwrap()).unwrap();
        path
    }

    const CODES: &str = r##"<CodeBook><Codes>
<Code guid="C1" name="Parent" isCodable="false" color="#abc"><Description>top</Description>
<Code guid="{C2}" name="Child" isCodable="true" color="#112233"/></Code>
</Codes></CodeBook>"##;

    #[test]
    fn reads_other_tools_projects() {
        let dir = tempfile::tempdir().unwrap();
        let qde = format!(
            r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="other">
<Users><User guid="U1" name="Zoë"/></Users>
{CODES}
<Sources>
<TextSource guid="S1" name="Inline"><PlainTextContent>a&#13;
b &amp; 😀c</PlainTextContent>
<PlainTextSelection guid="P1" startPosition="3" endPosition="8" creatingUser="u1">
<Description>two &lt;codes&gt;</Description>
<Coding guid="K1"><CodeRef targetGUID="c2"/></Coding>
<Coding guid="K2"><CodeRef targetGUID="C1"/></Coding>
<NoteRef targetGUID="N1"/>
</PlainTextSelection>
<Coding guid="K3"><CodeRef targetGUID="C1"/></Coding>
</TextSource>
<TextSource guid="S2" name="File" plainTextPath="internal://S2.txt"/>
<PictureSource guid="S3" path="internal://x.png"/>
</Sources>
<Notes><Note guid="N1"><PlainTextContent>see also</PlainTextContent></Note></Notes>
</Project>"#
        );
        let path = qdpx(dir.path(), &qde, &[("S2.txt", "\u{feff}from a file")]);
        let imported = import(&path).unwrap();
        let labels: Vec<_> = imported.themes.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Parent", "Parent/Child"]);
        assert_eq!(imported.themes[0].color, Some(Color::rgb(0xaa, 0xbb, 0xcc)));
        assert_eq!(imported.themes[0].description, "top");
        assert_eq!(imported.documents.len(), 2);
        let d = &imported.documents[0];
        assert_eq!((d.id.as_str(), d.text.as_str()), ("Inline", "a\r\nb & 😀c"));
        let spans: Vec<_> = d.spans.iter().map(ImportedSpan::as_tuple).collect();
        assert_eq!(
            spans,
            [
                (3, 8, "Parent/Child", Some("Zoë"), "two <codes>\n\nsee also"),
                (3, 8, "Parent", Some("Zoë"), "two <codes>\n\nsee also"),
                (0, 9, "Parent", None, ""),
            ]
        );
        assert_eq!(imported.documents[1].text, "from a file");
        // The CRLF text: plan moves the offsets; "b & 😀" is 3..8 before.
        let mut p = Project::new("x", vec![]);
        let (edit, _) = plan(&p, &[(path, imported)], "me").unwrap();
        edit.apply(&mut p).unwrap();
        let d = &p.documents()[0];
        assert_eq!(d.span_text(&d.spans().spans()[1]).unwrap(), "b & 😀");
    }

    #[test]
    fn entities_are_never_expanded_and_nesting_is_bounded() {
        let doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaa\">]>\n<CodeBook/>";
        let (at, m) = parse_xml(doctype).unwrap_err();
        assert_eq!(at, 22);
        assert!(m.contains("declares entities in a DOCTYPE"), "{m}");
        // A DOCTYPE without entities is harmless; undeclared entities are
        // errors, not expanded.
        let plain = "<!DOCTYPE CodeBook><CodeBook>&amp;&#65;</CodeBook>";
        assert_eq!(parse_xml(plain).unwrap().text, "&A");
        let (_, m) = parse_xml("<CodeBook>&a;</CodeBook>").unwrap_err();
        assert!(m.contains("unknown entity &a;"), "{m}");
        let deep = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(parse_xml(&deep(MAX_DEPTH)).is_ok());
        let (_, m) = parse_xml(&deep(MAX_DEPTH + 1)).unwrap_err();
        assert!(m.contains("nested more than 256 deep"), "{m}");
    }

    #[test]
    fn positions_on_one_long_line_count_on_in_any_order() {
        let text = "<a b=\"😀\">é</a>\n<b/>😀<c/>";
        let file = XmlFile::new(Path::new("f"), None, text.as_bytes()).unwrap();
        let fresh = |b| {
            XmlFile::new(Path::new("f"), None, text.as_bytes())
                .unwrap()
                .at(b)
        };
        for b in [0, 5, 12, 9, 20, 28, 19, 1, 31] {
            assert_eq!(file.at(b), fresh(b), "byte {b}");
        }
        assert_eq!(fresh(12), "line 1, column 10");
    }

    #[test]
    fn internal_names_stay_inside_the_sources_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sources")).unwrap();
        std::fs::write(dir.path().join("sources/a.txt"), "A").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "S").unwrap();
        let mut c = Container::Folder(dir.path().to_owned());
        assert_eq!(c.internal("a.txt").unwrap(), Some(b"A".to_vec()));
        assert_eq!(c.internal("/a.txt").unwrap(), Some(b"A".to_vec()));
        assert_eq!(c.internal("b.txt").unwrap(), None);
        for bad in ["../secret.txt", "x/../../secret.txt"] {
            let e = c.internal(bad).unwrap_err();
            assert!(e.contains("not a file name inside"), "{e}");
        }
    }

    #[test]
    fn refuses_broken_files_saying_where() {
        let dir = tempfile::tempdir().unwrap();
        let err = |path: &Path| import(path).unwrap_err().to_string();

        let not_zip = dir.path().join("n.qdpx");
        std::fs::write(&not_zip, "hello").unwrap();
        let e = err(&not_zip);
        assert!(
            e.contains("n.qdpx: not a REFI-QDA project: a .qdpx file is a zip archive"),
            "{e}"
        );

        let truncated = dir.path().join("cut.qdpx");
        let (bytes, _) = export_with(&fixture::project(), &ExportOptions::default());
        std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
        assert!(
            err(&truncated).contains("cannot be opened"),
            "{}",
            err(&truncated)
        );

        let no_qde = dir.path().join("e.qdpx");
        std::fs::write(
            &no_qde,
            zip_entries(&[("a.txt".into(), "x".into())]).unwrap(),
        )
        .unwrap();
        assert!(err(&no_qde).ends_with("the archive has no project.qde"));

        let bad = qdpx(
            dir.path(),
            "<Project name=\"p\">\n  <Sources>\n    <TextSource name=\"a\"></Source>\n</Project>",
            &[],
        );
        let e = err(&bad);
        assert!(
            e.contains(": project.qde line 3, column 26: malformed XML: ill-formed document: expected `</TextSource>`, but `</Source>` was found"),
            "{e}"
        );

        let unclosed = qdpx(dir.path(), "<Project name=\"p\">\n  <Sources>", &[]);
        let e = err(&unclosed);
        assert!(
            e.contains("project.qde line 2, column 3: malformed XML: <Sources> is not closed"),
            "{e}"
        );

        let qde = format!(
            "<Project name=\"p\">{CODES}<Sources>\n<TextSource guid=\"S\" name=\"Short\">\
             <PlainTextContent>abc</PlainTextContent>\n\
             <PlainTextSelection guid=\"P\" startPosition=\"1\" endPosition=\"9\">\
             <Coding guid=\"K\"><CodeRef targetGUID=\"C1\"/></Coding></PlainTextSelection>\
             </TextSource></Sources></Project>"
        );
        let past = qdpx(dir.path(), &qde, &[]);
        let e = err(&past);
        assert!(
            e.contains("project.qde line 6, column 1: TextSource \"Short\": the selection 1..9 does not fit its text (3 characters)"),
            "{e}"
        );

        let unknown = qdpx(
            dir.path(),
            &qde.replace("targetGUID=\"C1\"", "targetGUID=\"C9\"")
                .replace("\"9\"", "\"2\""),
            &[],
        );
        let e = err(&unknown);
        assert!(
            e.contains("CodeRef targetGUID \"C9\" is not a code of the codebook"),
            "{e}"
        );

        let missing = qdpx(
            dir.path(),
            "<Project name=\"p\"><Sources><TextSource guid=\"S\" name=\"Gone\" plainTextPath=\"internal://S.txt\"/></Sources></Project>",
            &[],
        );
        let e = err(&missing);
        assert!(
            e.contains(
                "project.qde line 1, column 28: TextSource \"Gone\": its text internal://S.txt is not in the project"
            ),
            "{e}"
        );
    }
}
