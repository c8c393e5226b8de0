//! doccano: JSON Lines as doccano (1.x) reads and writes them for a
//! sequence-labelling project, one line per document, with offsets in
//! **UTF-16 code units** (JavaScript string indices), the unit doccano's
//! editor counts in.
//!
//! ```json
//! {"id":"d1","text":"😀 Köln","title":"D1","label":[[3,7,"Place"]]}
//! ```
//!
//! The `jsonl` format carries the same `label` array in code points; that
//! is right for spaCy and Hugging Face, but doccano draws every span after
//! an astral character (emoji, `𝕋`) shifted, and its own exports count
//! UTF-16 units. This module is the one to use for doccano, both ways.
//!
//! Relations: when an exported document has relations, every line is
//! written as a doccano relation project writes it, `entities` (with ids)
//! and `relations` (`{"id", "from_id", "to_id", "type"}`, the type's
//! label) in place of `label` (see `formats::doccano::relations`); a
//! project without relations is written exactly as before. doccano's
//! relations have a direction and no note or annotator: undirected
//! relations are written `from` the earlier span, and all three are
//! reported. Import reads
//! `relations` on lines with `entities`; a relation item that is
//! malformed or names an entity its line does not have is skipped with a
//! warning naming the line and item.

use std::collections::BTreeMap;

mod relations;
use std::path::Path;

use serde::Serialize;
use serde_json::{Map, Value};

use super::export::{ExportError, ExportFile, ExportJob};
use super::export_relations::{exported, lose_direction, lose_relation_annotator};
use super::importer::{ImportError, Imported, ImportedDocument, ImportedSpan};
use super::json::{doccano_entity, doccano_triple, json_lines, kind};
use crate::model::Text;

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    /// doccano keeps keys it does not know as the document's metadata and
    /// writes them back on export, so the title survives a round trip.
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    label: Vec<(usize, usize, std::borrow::Cow<'a, str>)>,
}

/// One file, `export.jsonl`: per document its id, text, title (when it
/// differs from the id) and `label` triples in UTF-16 code units. Notes
/// and annotator names have no place in doccano's import format and are
/// reported; spans of several annotators on the same range and theme are
/// written once (doccano would show them twice).
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let mut out = String::new();
    let with_relations = job.docs.iter().any(|(d, _)| !d.relations().is_empty());
    let (mut next_entity, mut next_relation) = (1, 1);
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, job.docs[i].1.clone());
        let text = doc.text();
        let mut label: Vec<(usize, usize, std::borrow::Cow<str>)> = Vec::with_capacity(spans.len());
        let mut repeated = Vec::new();
        // The place in `label` of each span's triple.
        let mut place = Vec::with_capacity(spans.len());
        for s in spans {
            let units = text.char_to_utf16(s.start).zip(text.char_to_utf16(s.end));
            let Some((start, end)) = units else {
                return Err(ExportError::Encode(format!(
                    "document {:?}: span {}..{} is outside its text ({} code points)",
                    doc.id,
                    s.start,
                    s.end,
                    text.len_chars()
                )));
            };
            let triple = (start, end, job.label(s));
            if let Some(k) = label.iter().position(|t| *t == triple) {
                place.push(k);
                repeated.push(s);
            } else {
                place.push(label.len());
                label.push(triple);
            }
        }
        for s in repeated {
            job.lose(
                doc,
                Some(s),
                "the same range and theme by several annotators is written once",
                format!("also by {}", s.annotator),
            );
        }
        let title = (!doc.title.is_empty() && doc.title != doc.id).then_some(doc.title.as_str());
        let line = if with_relations {
            let first = next_entity;
            next_entity += label.len();
            let mut rels = Vec::new();
            for r in exported(job, i) {
                lose_direction(job, doc, &r, "doccano");
                lose_relation_annotator(job, doc, &r, "doccano");
                if !r.relation.note.is_empty() {
                    job.lose(
                        doc,
                        Some(&r.relation.from.to_span()),
                        "relation notes are not carried",
                        "doccano has no place for them",
                    );
                }
                rels.push(relations::Relation {
                    id: next_relation,
                    from_id: first + place[r.from],
                    to_id: first + place[r.to],
                    kind: r.label(),
                });
                next_relation += 1;
            }
            let entities = label
                .into_iter()
                .enumerate()
                .map(|(k, (start_offset, end_offset, label))| relations::Entity {
                    id: first + k,
                    label,
                    start_offset,
                    end_offset,
                })
                .collect();
            serde_json::to_string(&relations::Line {
                id: &doc.id,
                text: text.as_str(),
                title,
                entities,
                relations: rels,
            })
        } else {
            serde_json::to_string(&Line {
                id: &doc.id,
                text: text.as_str(),
                title,
                label,
            })
        };
        out.push_str(&line.map_err(|e| ExportError::Encode(e.to_string()))?);
        out.push('\n');
        job.advance()?;
    }
    job.lose_notes("doccano");
    job.lose_annotators("doccano");
    Ok(vec![ExportFile::new("export.jsonl", out)])
}

/// Keys of a doccano line that are read (or counted) rather than listed
/// as metadata not imported.
const KNOWN: [&str; 9] = [
    "id",
    "text",
    "title",
    "label",
    "labels",
    "entities",
    "relations",
    "Comments",
    "comments",
];

/// What the file held that is not imported, summed over its lines.
#[derive(Default)]
struct Unread {
    comments: usize,
    /// Relations on lines whose spans have no ids (`label` triples).
    relations: usize,
    /// Relations skipped, one warning each.
    skipped: Vec<String>,
    /// Other keys (doccano's metadata, `cats`, ...) and on how many lines.
    fields: BTreeMap<String, usize>,
}

impl Unread {
    fn warnings(self) -> Vec<String> {
        let mut out = self.skipped;
        if self.comments > 0 {
            out.push(format!(
                "{} not imported (doccano's comments belong to a whole document; \
                 Marginalia's notes belong to spans)",
                crate::model::plural(self.comments, "comment", "comments")
            ));
        }
        if self.relations > 0 {
            out.push(format!(
                "{} not imported",
                crate::model::plural(self.relations, "relation", "relations")
            ));
        }
        if !self.fields.is_empty() {
            let fields: Vec<String> = self
                .fields
                .into_iter()
                .map(|(k, n)| format!("{k:?} ({})", crate::model::plural(n, "line", "lines")))
                .collect();
            out.push(format!("fields not imported: {}", fields.join(", ")));
        }
        out
    }
}

/// Reads a doccano sequence-labelling export (JSON Lines), one document
/// per line: `text`, spans from `label: [[start, end, "Label"], …]` (or
/// `labels`, or `entities: [{start_offset, end_offset, label}]` when the
/// project uses relations), offsets in UTF-16 code units, converted to code
/// points. The document id is `id` (string or number), else `line-N`, and
/// `title` is read when present. Comments, relations and other metadata
/// keys are counted in the import's warnings. A line that is not valid
/// JSON, has no `text`, or has an offset that is not a non-negative
/// integer, lies past the end of the text or falls between the two halves
/// of a surrogate pair refuses the file at that line.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let mut unread = Unread::default();
    let documents = json_lines(path, |value, n| read_line(value, n, &mut unread))?;
    Ok(Imported {
        documents,
        themes: Vec::new(),
        warnings: unread.warnings(),
        ..Default::default()
    })
}

/// One line's document, or what is wrong with it.
fn read_line(value: Value, n: usize, unread: &mut Unread) -> Result<ImportedDocument, String> {
    let Value::Object(obj) = value else {
        return Err(format!(
            "expected a JSON object with a \"text\", found {}",
            kind(&value)
        ));
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("\"text\" is {}, not a string", kind(other))),
        None => return Err("the object has no \"text\"".into()),
    };
    let id = match obj.get("id") {
        None | Some(Value::Null) => format!("line-{n}"),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(x)) => x.to_string(),
        Some(other) => return Err(format!("\"id\" is {}, not a string or number", kind(other))),
    };
    let title = match obj.get("title") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("\"title\" is {}, not a string", kind(other))),
    };
    count_unread(&obj, unread);

    let field = ["label", "entities", "labels"]
        .into_iter()
        .find(|k| obj.get(*k).is_some_and(|v| !v.is_null()));
    let mut spans = Vec::new();
    let mut ids = Vec::new();
    if let Some(field) = field {
        let Value::Array(items) = &obj[field] else {
            return Err(format!("{field:?} is {}, not an array", kind(&obj[field])));
        };
        let doc_text = Text::new(text.as_str());
        for (k, item) in items.iter().enumerate() {
            let which = format!("{field:?} item {}", k + 1);
            if field == "entities" {
                ids.push(relations::entity_id(item));
            }
            let raw = match field {
                "entities" => doccano_entity(item),
                _ => doccano_triple(item),
            }
            .and_then(|span| {
                let (start, end) = code_points(&doc_text, span.start, span.end)?;
                Ok(ImportedSpan {
                    start,
                    end,
                    position: format!("line {n}"),
                    ..span
                })
            })
            .map_err(|m| format!("{which}: {m}"))?;
            spans.push(raw);
        }
    }
    let relations = if field == Some("entities") {
        relations::read(&obj, &ids, n, &mut unread.skipped)
    } else {
        if let Some(Value::Array(items)) = obj.get("relations") {
            unread.relations += items.len();
        }
        Vec::new()
    };
    Ok(ImportedDocument {
        id,
        title,
        text,
        source: None,
        spans,
        relations,
    })
}

/// Counts comments and keys that are not imported.
fn count_unread(obj: &Map<String, Value>, unread: &mut Unread) {
    for key in ["Comments", "comments"] {
        match obj.get(key) {
            Some(Value::Array(items)) => unread.comments += items.len(),
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.is_empty() => {}
            Some(_) => unread.comments += 1,
        }
    }
    for key in obj.keys().filter(|k| !KNOWN.contains(&k.as_str())) {
        *unread.fields.entry(key.clone()).or_default() += 1;
    }
}

/// The code-point range of the UTF-16 range `start..end` of `text`, or why
/// it has none.
fn code_points(text: &Text, start: usize, end: usize) -> Result<(usize, usize), String> {
    if start >= end {
        return Err(format!("start {start} is not before end {end}"));
    }
    let units = text.char_to_utf16(text.len_chars()).unwrap_or(0);
    let one = |what: &str, u: usize| -> Result<usize, String> {
        if u > units {
            return Err(format!(
                "{what} {u} is past the end of the text ({units} UTF-16 code units)"
            ));
        }
        if let Some(c) = text.utf16_to_char(u) {
            return Ok(c);
        }
        // Not past the end and not a boundary: the second unit of a pair.
        let character = u
            .checked_sub(1)
            .and_then(|before| text.utf16_to_char(before))
            .and_then(|c| text.slice(c, c + 1))
            .unwrap_or_default();
        Err(format!(
            "{what} {u} falls inside the surrogate pair of {character:?} (UTF-16 code units \
             {}..{}), which splits the character; doccano never writes such an offset. If the \
             file counts code points (Python str indices), import it with --format jsonl",
            u - 1,
            u + 1
        ))
    };
    Ok((one("start", start)?, one("end", end)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{ExportOptions, fixture, import::plan};
    use crate::model::Project;

    fn write(content: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        fixture::file_with("admin.jsonl", content)
    }

    fn read(content: &str) -> Result<Imported, ImportError> {
        fixture::import_str(import, "admin.jsonl", content)
    }

    /// The message after the file name.
    fn err(content: &str) -> String {
        fixture::refusal(&read(content).unwrap_err())
    }

    /// Units `start..end` of `text` decoded from UTF-16, the way a
    /// JavaScript editor slices: an oracle independent of `Text`.
    fn js_slice(text: &str, start: usize, end: usize) -> String {
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[start..end]).expect("no split surrogate pair")
    }

    #[test]
    fn export_counts_utf16_units_so_spans_after_an_emoji_slice_back() {
        let project = fixture::project();
        let (files, report) = fixture::export_default(&project, crate::formats::Format::Doccano);
        let out = std::str::from_utf8(&files[0].bytes).unwrap();
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        for (line, doc) in lines.iter().zip(project.documents()) {
            assert_eq!(line["id"], doc.id.as_str());
            let text = line["text"].as_str().unwrap();
            let label = line["label"].as_array().unwrap();
            let got: Vec<String> = label
                .iter()
                .map(|t| {
                    let s = t[0].as_u64().unwrap() as usize;
                    let e = t[1].as_u64().unwrap() as usize;
                    js_slice(text, s, e)
                })
                .collect();
            assert_eq!(got, fixture::span_texts(doc));
        }
        // "ministers met." follows the 😀: one more unit than code points.
        assert_eq!(lines[0]["label"][1], serde_json::json!([23, 44, "Health"]));
        // Notes and annotators are reported, nothing else.
        let kinds: std::collections::BTreeSet<&str> =
            report.losses.iter().map(|l| l.kind).collect();
        assert_eq!(
            kinds.into_iter().collect::<Vec<_>>(),
            ["annotator names are not carried", "notes are not carried"]
        );
    }

    #[test]
    fn one_range_and_theme_tagged_by_two_annotators_is_written_once() {
        let mut p = Project::with_default_codebook("p");
        crate::model::Edit::AddDocument {
            index: 0,
            document: Box::new(crate::model::Document::new("d", "d", "😀 Köln")),
        }
        .apply(&mut p)
        .unwrap();
        for who in ["ana", "bo"] {
            crate::model::Edit::AddSpan {
                doc: "d".into(),
                span: crate::model::Span::new(2, 6, "trade", who),
            }
            .apply(&mut p)
            .unwrap();
        }
        let (files, report) = fixture::export_default(&p, crate::formats::Format::Doccano);
        assert_eq!(
            std::str::from_utf8(&files[0].bytes).unwrap(),
            "{\"id\":\"d\",\"text\":\"😀 Köln\",\"label\":[[3,7,\"Trade\"]]}\n"
        );
        let once: Vec<_> = report
            .losses
            .iter()
            .filter(|l| l.kind.contains("written once"))
            .map(|l| l.detail.as_str())
            .collect();
        assert_eq!(once, ["also by bo"]);
    }

    #[test]
    fn export_then_import_gives_back_every_range_and_label() {
        let original = fixture::project();
        let options = ExportOptions::default();
        let mut job = ExportJob::new(&original, &options, Default::default()).unwrap();
        let files = export(&mut job).unwrap();
        let (_dir, path) = write(std::str::from_utf8(&files[0].bytes).unwrap());
        let imported = import(&path).unwrap();
        assert_eq!(imported.warnings, Vec::<String>::new());
        assert_eq!(imported.documents[0].title, "Statement (CRLF)");
        let mut back = Project::new("x", vec![]);
        let (edit, summary) = plan(&back, &[(path, imported)], "importer").unwrap();
        edit.apply(&mut back).unwrap();
        assert_eq!(summary.spans_added, 10);
        let ranges = |p: &Project| -> Vec<(String, usize, usize, String)> {
            fixture::span_rows(p)
                .into_iter()
                .map(|(d, s, e, l, _, _)| (d, s, e, l))
                .collect()
        };
        assert_eq!(ranges(&back), ranges(&original));
        for (a, b) in original.documents().iter().zip(back.documents()) {
            assert_eq!((a.id.as_str(), a.text()), (b.id.as_str(), b.text()));
        }
    }

    #[test]
    fn a_doccano_export_with_emoji_nbsp_and_crlf_lands_on_the_same_characters() {
        // As doccano 1.8 exports it: its numeric id, the metadata it was
        // given, comments; "𝕋𝕣𝕒𝕕𝕖" is ten UTF-16 units, five code points.
        let text = "𝕋𝕣𝕒𝕕𝕖 deal\u{a0}😀 signed\r\nin Köln";
        let units = |needle: &str| {
            let b = text.find(needle).unwrap();
            let s = text[..b].encode_utf16().count();
            (s, s + needle.encode_utf16().count())
        };
        let (a, b) = units("𝕋𝕣𝕒𝕕𝕖");
        let (c, d) = units("deal\u{a0}😀 signed");
        let (e, f) = units("signed\r\nin Köln");
        let line = serde_json::json!({
            "id": 17, "text": text, "source": "web",
            "label": [[a, b, "Trade"], [c, d, "Trade"], [e, f, "Place"]],
            "Comments": ["check the second span"],
        });
        let (_dir, path) = write(&format!(
            "{line}\n{{\"id\":18,\"text\":\"x\",\"label\":[]}}\n"
        ));
        let imported = import(&path).unwrap();
        assert_eq!(
            imported.warnings,
            [
                "1 comment not imported (doccano's comments belong to a whole document; \
                 Marginalia's notes belong to spans)",
                "fields not imported: \"source\" (1 line)"
            ]
        );
        let mut p = Project::new("p", vec![]);
        let (edit, summary) = plan(&p, &[(path, imported)], "me").unwrap();
        edit.apply(&mut p).unwrap();
        assert_eq!(summary.documents_added, ["17", "18"]);
        let doc = p.document("17").unwrap();
        assert_eq!(
            fixture::span_texts(doc),
            ["𝕋𝕣𝕒𝕕𝕖", "deal\u{a0}😀 signed", "signed\nin Köln"]
        );
    }

    #[test]
    fn relations_and_entities_of_a_relation_project_are_read() {
        let got = read(concat!(
            "{\"id\": 1, \"text\": \"😀 Ada met Bob\", \"entities\": [",
            "{\"id\": 5, \"label\": \"PER\", \"start_offset\": 3, \"end_offset\": 6},",
            "{\"id\": 6, \"label\": \"PER\", \"start_offset\": 11, \"end_offset\": 14}],",
            " \"relations\": [{\"id\": 1, \"from_id\": 5, \"to_id\": 6, \"type\": \"met\"}],",
            " \"Comments\": []}\n",
        ))
        .unwrap();
        let d = &got.documents[0];
        let t = Text::new(d.text.as_str());
        let texts: Vec<_> = d.spans.iter().map(|s| t.slice(s.start, s.end)).collect();
        assert_eq!(texts, [Some("Ada"), Some("Bob")]);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
        let r = &d.relations[0];
        assert_eq!((r.from, r.to, r.label.as_str()), (0, 1, "met"));
    }

    #[test]
    fn an_offset_inside_a_surrogate_pair_is_refused_with_line_and_offset() {
        // 𝕋 is units 0..2; 1 is its second half.
        assert_eq!(
            err("{\"text\": \"ok\"}\n{\"text\": \"𝕋rade\", \"label\": [[1, 6, \"T\"]]}\n"),
            "line 2: \"label\" item 1: start 1 falls inside the surrogate pair of \"𝕋\" \
             (UTF-16 code units 0..2), which splits the character; doccano never writes such \
             an offset. If the file counts code points (Python str indices), import it with \
             --format jsonl"
        );
        assert!(
            err("{\"text\": \"ab😀\", \"label\": [[0, 3, \"T\"]]}")
                .starts_with("line 1: \"label\" item 1: end 3 falls inside the surrogate pair of \"😀\" (UTF-16 code units 2..4)")
        );
    }

    #[test]
    fn malformed_lines_are_refused_with_line_and_reason() {
        assert_eq!(
            err("{\"text\": \"a😀\", \"label\": [[0, 4, \"T\"]]}"),
            "line 1: \"label\" item 1: end 4 is past the end of the text (3 UTF-16 code units)"
        );
        assert_eq!(
            err("{\"text\": \"abc\", \"label\": [[2, 2, \"T\"]]}"),
            "line 1: \"label\" item 1: start 2 is not before end 2"
        );
        assert_eq!(
            err("{\"text\": \"abc\", \"label\": [[0, 1]]}"),
            "line 1: \"label\" item 1: expected [start, end, \"Label\"], found an array"
        );
        assert_eq!(
            err("{\"id\": [1], \"text\": \"abc\"}"),
            "line 1: \"id\" is an array, not a string or number"
        );
        assert_eq!(
            err("{\"text\": \"abc\"}\n{\"label\": []}\n"),
            "line 2: the object has no \"text\""
        );
        assert_eq!(err("\n\n"), "the file has no JSON lines");
    }
}
