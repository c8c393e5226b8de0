//! Reading a `.qdpx` project, a bare `project.qde` or a `.qdc` codebook.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use super::archive::Archive;
use super::sources::SourceFolder;
use super::{ID_VARIABLE, PROJECT_ENTRY};
use crate::formats::importer::{
    ImportError, Imported, ImportedDocument, ImportedSpan, ImportedTheme,
};
use crate::formats::xml::{Element, XmlFile};
use crate::model::text::invalid_utf8_at;
use crate::model::{Color, Text};

/// Reads a `.qdpx` project (documents, codebook, codings), a `.qdc`
/// codebook (themes only), or a bare `project.qde`.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let bytes = crate::formats::bounded_read::read_file(path)?;
    let folder = SourceFolder::of(path);
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
            ..Default::default()
        }),
        "Project" => {
            let mut container = Container::Folder;
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
    Folder,
}

impl Container {
    /// The bytes of the internal file `name`, if there is one.
    fn internal(&mut self, name: &str, folder: &SourceFolder) -> Result<Option<Vec<u8>>, String> {
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
            Container::Folder => {
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
                    let p = folder.path().join(sub).join(name);
                    if p.is_file() {
                        // A symbolic link there must not lead outside.
                        return folder
                            .read_inside(&p, &format!("internal://{name}"))
                            .map(Some);
                    }
                }
                Ok(None)
            }
        }
    }
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
            color: code.attr("color").and_then(|c| c.parse::<Color>().ok()),
            description: code
                .child_text("Description")
                .unwrap_or_default()
                .to_owned(),
            parent: parent.map(str::to_owned),
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

fn read_project(
    file: &XmlFile,
    root: &Element,
    container: &mut Container,
    folder: &SourceFolder,
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
    let mut reader = SourceReader {
        file,
        container,
        folder,
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
            ..Default::default()
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
            "{} not plain text (PDF, picture, audio, video) not imported",
            match skipped {
                1 => "1 source that is".to_owned(),
                n => format!("{n} sources that are"),
            }
        ));
    }
    Ok(Imported {
        documents,
        themes: codebook.themes,
        warnings,
        ..Default::default()
    })
}

/// Reads the plain text of a `TextSource` (or `Note`).
struct SourceReader<'a, 'f> {
    file: &'a XmlFile<'f>,
    container: &'a mut Container,
    /// The only place outside the archive where texts are read.
    folder: &'a SourceFolder,
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
        let internal = path
            .split_once("://")
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("internal"));
        let bytes = if let Some((_, name)) = internal {
            self.container
                .internal(name, self.folder)
                .map_err(&err)?
                .ok_or_else(|| err(format!("its text {path} is not in the project")))?
        } else {
            self.folder.read(path).map_err(&err)?
        };
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            let at = invalid_utf8_at(bytes, e.utf8_error().valid_up_to());
            err(format!("its text {path} is not UTF-8 ({at})"))
        })
    }
}
