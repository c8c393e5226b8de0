//! Writing a `.qdpx` project or a `.qdc` codebook.

use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Write};

use super::{CODEBOOK_NS, ID_VARIABLE, ORIGIN, PROJECT_ENTRY, PROJECT_NS};
use crate::formats::export::{ExportError, ExportFile, ExportJob, NOT_XML_CHARS};
use crate::formats::ids::stable_id;
use crate::formats::xml::{Writer, xml_chars};
use crate::model::Color;

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
        let mut x = Writer::new();
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

    let mut x = Writer::new();
    let project_name = xml_chars(job.project.name()).into_owned();
    if project_name != job.project.name() {
        job.lose_in_codebook(NOT_XML_CHARS, "project name");
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
    /// The theme id of the code it nests in.
    parent: Option<String>,
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
            parent: t.parent.clone(),
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
                    parent: None,
                });
            }
        }
    }
    for detail in unsafe_names {
        job.lose_in_codebook(NOT_XML_CHARS, detail);
    }
    codes
}

/// The codebook as nested `Code` elements: each theme inside its parent's.
fn write_codes(x: &mut Writer, codes: &[Code]) {
    x.open("Codes", &[]);
    let known = |id: &str| codes.iter().any(|c| c.theme == id);
    for c in codes
        .iter()
        .filter(|c| c.parent.as_deref().is_none_or(|p| !known(p)))
    {
        write_code(x, c, codes, 0);
    }
    x.close("Codes");
}

fn write_code(x: &mut Writer, c: &Code, codes: &[Code], depth: usize) {
    let mut attrs = vec![
        ("guid", c.guid.clone()),
        ("name", c.name.clone()),
        ("isCodable", "true".into()),
    ];
    if let Some(color) = c.color {
        attrs.push(("color", color.to_string()));
    }
    // A valid project has no cycle; the depth bound keeps an invalid one finite.
    let children: Vec<&Code> = codes
        .iter()
        .filter(|o| o.parent.as_deref() == Some(c.theme.as_str()) && depth < codes.len())
        .collect();
    if c.description.is_empty() && children.is_empty() {
        x.empty("Code", &attrs);
    } else {
        x.open("Code", &attrs);
        if !c.description.is_empty() {
            x.leaf("Description", &c.description);
        }
        for child in children {
            write_code(x, child, codes, depth + 1);
        }
        x.close("Code");
    }
}

/// The zip archive of `files`, in that order, with fixed dates and modes.
pub(super) fn zip_entries(files: &[(String, String)]) -> Result<Vec<u8>, ExportError> {
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
        let parts: Vec<&str> = std::iter::once(self.project.as_str())
            .chain(parts.iter().copied())
            .collect();
        stable_id("marginalia", &parts).hyphenated().to_string()
    }
}
