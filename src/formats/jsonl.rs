//! JSON Lines: one line per document with its text and spans, offsets in
//! code points (Python `str` indices), plus a `label` array of the same
//! spans in doccano's shape (also code points: for doccano itself, whose
//! editor counts UTF-16 units, use [`super::doccano`]).
//!
//! ```json
//! {"id":"d1","text":"…","spans":[{"start":0,"end":5,"label":"Health","text":"…","annotator":"ana","note":"…"}],"label":[[0,5,"Health"]]}
//! ```

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::export::{ExportError, ExportFile, ExportJob};
use super::importer::{ImportError, Imported, ImportedDocument, ImportedSpan};
use super::json::{
    check_text, doccano_entity, doccano_triple, json_lines, kind, label, offset, optional_string,
};
use crate::model::Text;
use crate::model::text::utf16_len;

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    label: Vec<(usize, usize, std::borrow::Cow<'a, str>)>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: std::borrow::Cow<'a, str>,
    text: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    annotator: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    note: &'a str,
}

/// One file, `export.jsonl`, one JSON object per document.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let mut out = String::new();
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, &job.docs[i].1);
        let spans: Vec<SpanOut> = spans
            .iter()
            .map(|s| SpanOut {
                start: s.start,
                end: s.end,
                label: job.label(s),
                text: doc.span_text(s).unwrap_or_default(),
                annotator: &s.annotator,
                note: &s.note,
            })
            .collect();
        let line = Line {
            id: &doc.id,
            text: doc.text().as_str(),
            label: spans
                .iter()
                .map(|s| (s.start, s.end, s.label.clone()))
                .collect(),
            spans,
        };
        out.push_str(
            &serde_json::to_string(&line).map_err(|e| ExportError::Encode(e.to_string()))?,
        );
        out.push('\n');
        job.advance()?;
    }
    Ok(vec![ExportFile::new("export.jsonl", out)])
}

/// Reads JSON Lines, one document per line: `{"text": …}` with its spans
/// in any of these forms (the first present is used):
///
/// - ours and spaCy's `spans: [{start, end, label, text?, annotator?, note?}]`;
///   when a span has a `text`, it must equal the characters at its offsets;
/// - doccano's sequence-labelling `label: [[start, end, "Label"], …]`, or
///   `labels` (same shape, older doccano);
/// - doccano's `entities: [{start_offset, end_offset, label, id?}]` (its
///   `relations` are not spans and are not read).
///
/// The document id is `id`, `_id` or `doc_id` (string or number), else
/// `line-N`; `title` is read when present. Offsets are code points (Python
/// `str` indices) into `text`. Blank lines are skipped. A line that is not
/// valid JSON, has no `text`, has an offset that is not a non-negative
/// integer, or a span `text` that does not match, refuses the file at that
/// line. Lines whose spans come from doccano's forms on text with astral
/// characters are counted in a warning: a doccano export counts UTF-16
/// units there and should be read with [`super::doccano`].
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let mut doccano_like = 0;
    let documents = json_lines(path, |value, n| {
        let (document, doccano_spans) = read_line(value, n)?;
        if doccano_spans && document.text.chars().any(|c| c.len_utf16() == 2) {
            doccano_like += 1;
        }
        Ok(document)
    })?;
    let mut warnings = Vec::new();
    if doccano_like > 0 {
        warnings.push(format!(
            "{} doccano-style labels without span texts on text with \
             characters outside the Basic Multilingual Plane (emoji and the like); their offsets \
             were read as code points, but doccano counts UTF-16 code units: if this is a \
             doccano export, import it again with --format doccano",
            match doccano_like {
                1 => "1 line has".to_owned(),
                n => format!("{n} lines have"),
            }
        ));
    }
    Ok(Imported {
        documents,
        themes: Vec::new(),
        warnings,
        ..Default::default()
    })
}

/// (which carry no span text to check the offsets against); or what is
/// wrong with the line.
fn read_line(value: Value, n: usize) -> Result<(ImportedDocument, bool), String> {
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
    let mut id = format!("line-{n}");
    for key in ["id", "_id", "doc_id"] {
        match obj.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => id = s.clone(),
            Some(Value::Number(x)) => id = x.to_string(),
            Some(other) => {
                return Err(format!(
                    "{key:?} is {}, not a string or number",
                    kind(other)
                ));
            }
        }
        break;
    }
    let title = match obj.get("title") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("\"title\" is {}, not a string", kind(other))),
    };
    let position = format!("line {n}");
    let field = ["spans", "entities", "label", "labels"]
        .into_iter()
        .find(|k| obj.get(*k).is_some_and(|v| !v.is_null()));
    let mut spans = Vec::new();
    if let Some(field) = field {
        let Value::Array(items) = &obj[field] else {
            return Err(format!("{field:?} is {}, not an array", kind(&obj[field])));
        };
        let doc_text = Text::new(text.as_str());
        for (k, item) in items.iter().enumerate() {
            let which = format!("{field:?} item {}", k + 1);
            let span = match field {
                "spans" => our_span(item, &doc_text),
                "entities" => doccano_entity(item),
                _ => doccano_triple(item),
            }
            .map_err(|m| format!("{which}: {m}"))?;
            spans.push(ImportedSpan {
                position: position.clone(),
                ..span
            });
        }
        if field != "spans" {
            utf16_offsets(&id, &doc_text, &spans)?;
        }
    }
    let doccano_spans = field.is_some_and(|f| f != "spans") && !spans.is_empty();
    Ok((
        ImportedDocument {
            id,
            title,
            text,
            source: None,
            spans,
            ..Default::default()
        },
        doccano_spans,
    ))
}

/// Refuses doccano-style spans when the first that ends past the text's
/// code points does not end past its UTF-16 code units: the offsets make
/// sense only as doccano counts them, so the message says to read the
/// file as doccano. Other offsets past the end are left to the plan.
fn utf16_offsets(id: &str, text: &Text, spans: &[ImportedSpan]) -> Result<(), String> {
    let chars = text.len_chars();
    let units = utf16_len(text.as_str());
    match spans.iter().find(|s| s.end > chars) {
        Some(s) if s.end <= units => Err(format!(
            "document {id:?}: span {}..{} ends past the end of the text ({chars} code points) \
             but not past its {units} UTF-16 code units: the offsets count UTF-16 code units, as \
             doccano does. If this is a doccano export, import it with --format doccano (in the \
             window: File → Import doccano JSONL…)",
            s.start, s.end
        )),
        _ => Ok(()),
    }
}

/// `{start, end, label, text?, annotator?, note?}`.
fn our_span(item: &Value, text: &Text) -> Result<ImportedSpan, String> {
    let Value::Object(o) = item else {
        return Err(format!(
            "expected an object with start, end and label, found {}",
            kind(item)
        ));
    };
    let start = offset(o.get("start"), "start")?;
    let end = offset(o.get("end"), "end")?;
    let label = label(o.get("label"))?;
    if let Some(expected) = optional_string(o.get("text"), "text")? {
        check_text(text, start, end, &expected)?;
    }
    let annotator = optional_string(o.get("annotator"), "annotator")?.filter(|a| !a.is_empty());
    let note = optional_string(o.get("note"), "note")?.unwrap_or_default();
    Ok(ImportedSpan {
        start,
        end,
        label,
        annotator,
        note,
        position: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{ExportOptions, fixture, import::plan};
    use crate::model::Project;

    fn write(content: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        fixture::file_with("in.jsonl", content)
    }

    fn read(content: &str) -> Result<Imported, ImportError> {
        fixture::import_str(import, "in.jsonl", content)
    }

    /// The message after the file name.
    fn err(content: &str) -> String {
        fixture::refusal(&read(content).unwrap_err())
    }

    #[test]
    fn export_then_import_gives_back_everything() {
        let original = fixture::project();
        let options = ExportOptions::default();
        let mut job = ExportJob::new(&original, &options, Default::default()).unwrap();
        let files = export(&mut job).unwrap();
        assert_eq!(job.report.losses, []);
        let (_dir, path) = write(std::str::from_utf8(&files[0].bytes).unwrap());
        let imported = import(&path).unwrap();
        assert_eq!(imported.documents[0].spans[0].position, "line 1");
        let mut back = Project::new("x", vec![]);
        let (edit, summary) = plan(&back, &[(path, imported)], "importer").unwrap();
        edit.apply(&mut back).unwrap();
        assert_eq!(summary.spans_added, 10);
        assert_eq!(fixture::span_rows(&back), fixture::span_rows(&original));
        for (a, b) in original.documents().iter().zip(back.documents()) {
            assert_eq!(a.text(), b.text());
            assert_eq!(a.id, b.id);
        }
    }

    #[test]
    fn reads_doccano_forms_ids_titles_and_skips_blank_lines() {
        let got = read(concat!(
            "{\"id\": 7, \"text\": \"😀 Köln ok\", \"label\": [[2, 6, \"Place\"], [7, 9, 3]]}\r\n",
            "\n",
            "   \n",
            "{\"_id\": \"b\", \"title\": \"B\", \"text\": \"ab\", \"labels\": [[0, 1, \"X\"]]}\n",
            "{\"doc_id\": \"c\", \"text\": \"abc\", \"entities\": [{\"id\": 1, \"start_offset\": 1, \"end_offset\": 3, \"label\": \"Y\"}], \"relations\": []}\n",
            "{\"text\": \"no spans\"}\n",
            "{\"text\": \"spaCy\", \"spans\": [{\"start\": 0, \"end\": 5, \"label\": \"ORG\"}]}",
        ))
        .unwrap();
        let docs: Vec<_> = got
            .documents
            .iter()
            .map(|d| (d.id.as_str(), d.title.as_str(), d.spans.len()))
            .collect();
        assert_eq!(
            docs,
            [
                ("7", "", 2),
                ("b", "B", 1),
                ("c", "", 1),
                ("line-6", "", 0),
                ("line-7", "", 1)
            ]
        );
        let first = &got.documents[0];
        assert_eq!(
            Text::new(first.text.as_str()).slice(first.spans[0].start, first.spans[0].end),
            Some("Köln")
        );
        assert_eq!(first.spans[1].label, "3");
        assert_eq!(got.documents[1].spans[0].position, "line 4");
        assert_eq!(
            (
                got.documents[2].spans[0].start,
                got.documents[2].spans[0].end
            ),
            (1, 3)
        );
        assert_eq!(got.documents[4].spans[0].annotator, None);
    }

    #[test]
    fn doccano_labels_on_text_with_emoji_are_read_as_code_points_with_a_warning() {
        // What doccano exports: "Köln" is 3..7 in UTF-16 units (the emoji
        // is two), 2..6 in code points; 3..7 also fits in the code points.
        let got = read(concat!(
            "{\"id\": 1, \"text\": \"😀 Köln, ja\", \"label\": [[3, 7, \"Place\"]]}\n",
            "{\"id\": 2, \"text\": \"Köln\", \"label\": [[0, 4, \"Place\"]]}\n",
            "{\"id\": 3, \"text\": \"😀\", \"spans\": [{\"start\": 0, \"end\": 1, \"label\": \"E\"}]}\n",
        ))
        .unwrap();
        assert_eq!(
            (
                got.documents[0].spans[0].start,
                got.documents[0].spans[0].end
            ),
            (3, 7)
        );
        assert_eq!(
            got.warnings,
            [
                "1 line has doccano-style labels without span texts on text with characters \
              outside the Basic Multilingual Plane (emoji and the like); their offsets were read \
              as code points, but doccano counts UTF-16 code units: if this is a doccano export, \
              import it again with --format doccano"
            ]
        );
        let ours = fixture::project();
        let (files, _) = fixture::export_default(&ours, crate::formats::Format::Jsonl);
        let (_dir, path) = write(std::str::from_utf8(&files[0].bytes).unwrap());
        assert_eq!(import(&path).unwrap().warnings, Vec::<String>::new());
    }

    /// A real doccano export read as jsonl: its offsets count UTF-16 code
    /// units, so after the emoji a span can end past the text's code
    /// points. The refusal says why and how to read the file.
    #[test]
    fn doccano_offsets_past_the_code_points_are_refused_naming_format_doccano() {
        // 8 code points, 11 UTF-16 units; "Köln" is 7..11 in UTF-16 units.
        let line = "{\"id\": 7, \"text\": \"😀😀😀 Köln\", \"label\": [[0, 2, \"E\"], [7, 11, \"Place\"]]}";
        assert_eq!(
            err(&format!("{{\"text\": \"ok\"}}\n{line}\n")),
            "line 2: document \"7\": span 7..11 ends past the end of the text (8 code points) \
             but not past its 11 UTF-16 code units: the offsets count UTF-16 code units, as \
             doccano does. If this is a doccano export, import it with --format doccano (in the \
             window: File → Import doccano JSONL…)"
        );
        // The same spans as entities, and read as doccano: "Köln".
        let entities = "{\"text\": \"😀😀😀 Köln\", \"entities\": [{\"start_offset\": 7, \"end_offset\": 11, \"label\": \"Place\"}]}";
        assert!(
            err(entities).contains("--format doccano"),
            "{}",
            err(entities)
        );
        let (_dir, path) = write(line);
        let doc = &super::super::doccano::import(&path).unwrap().documents[0];
        let text = Text::new(doc.text.as_str());
        assert_eq!(
            text.slice(doc.spans[1].start, doc.spans[1].end),
            Some("Köln")
        );
        // Past the UTF-16 units too: not doccano's offsets, left to the plan.
        assert_eq!(
            read("{\"text\": \"😀 a\", \"label\": [[0, 9, \"A\"]]}")
                .unwrap()
                .documents
                .len(),
            1
        );
    }

    #[test]
    fn our_spans_are_preferred_and_carry_annotators_and_notes() {
        let got = read(
            "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"A\", \"text\": \"ab\", \
             \"annotator\": \"ana\", \"note\": \"n\"}], \"label\": [[0, 1, \"B\"]]}\n",
        )
        .unwrap();
        let s = &got.documents[0].spans;
        assert_eq!(s.len(), 1);
        assert_eq!(
            (
                s[0].label.as_str(),
                s[0].annotator.as_deref(),
                s[0].note.as_str()
            ),
            ("A", Some("ana"), "n")
        );
    }

    #[test]
    fn malformed_lines_are_refused_with_line_and_reason() {
        assert_eq!(
            err("{\"text\":\"ok\"}\n{\"text\": \"bröken\n"),
            "line 2, column 16: not valid JSON: EOF while parsing a string"
        );
        assert_eq!(
            err("{\"text\":\"ok\"}\n\n{\"label\": []}\n"),
            "line 3: the object has no \"text\""
        );
        assert_eq!(
            err("[1, 2]\n"),
            "line 1: expected a JSON object with a \"text\", found an array"
        );
        assert_eq!(
            err("{\"text\": \"abc\", \"label\": [[-1, 2, \"A\"]]}"),
            "line 1: \"label\" item 1: start -1 is not a non-negative integer"
        );
        assert_eq!(
            err("{\"text\": \"abc\", \"label\": [[0, 2.5, \"A\"]]}"),
            "line 1: \"label\" item 1: end 2.5 is not a non-negative integer"
        );
        assert_eq!(
            err("{\"text\": \"abc\", \"entities\": [{\"start_offset\": 0, \"label\": \"A\"}]}"),
            "line 1: \"entities\" item 1: it has no end_offset"
        );
        assert_eq!(
            err("{\"text\": \"abc\", \"spans\": {\"start\": 0}}"),
            "line 1: \"spans\" is an object, not an array"
        );
        assert_eq!(err("\n  \n"), "the file has no JSON lines");
    }

    #[test]
    fn a_span_text_that_does_not_match_is_refused_naming_both() {
        // UTF-16 offsets (as JavaScript counts): the emoji is two units.
        assert_eq!(
            err(
                "{\"text\": \"😀 Köln, ja\", \"spans\": [{\"start\": 3, \"end\": 7, \"label\": \"A\", \"text\": \"Köln\"}]}"
            ),
            "line 1: \"spans\" item 1: its text is \"Köln\" but code points 3..7 of the document \
             are \"öln,\"; the offsets fit if counted in UTF-16 code units (JavaScript string \
             indices), but Marginalia reads code points (Python str indices)"
        );
        assert_eq!(
            err(
                "{\"text\": \"😀 Köln\", \"spans\": [{\"start\": 3, \"end\": 7, \"label\": \"A\", \"text\": \"Köln\"}]}"
            ),
            "line 1: \"spans\" item 1: its text is \"Köln\" but 3..7 ends past the document's 6 \
             code points; the offsets fit if counted in UTF-16 code units (JavaScript string \
             indices), but Marginalia reads code points (Python str indices)"
        );
        // UTF-8 byte offsets.
        assert!(
            err("{\"text\": \"Köln ja\", \"spans\": [{\"start\": 6, \"end\": 8, \"label\": \"A\", \"text\": \"ja\"}]}")
                .ends_with("the offsets fit if counted in UTF-8 bytes, but Marginalia reads code points (Python str indices)")
        );
        assert_eq!(
            err(
                "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 1, \"label\": \"A\", \"text\": \"b\"}]}"
            ),
            "line 1: \"spans\" item 1: its text is \"b\" but code points 0..1 of the document are \"a\""
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_at_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        std::fs::write(&path, b"{\"text\":\"a\"}\n{\"text\":\"\xc3\xa9\xff\"}\n").unwrap();
        let e = import(&path).unwrap_err();
        // The column counts "é" as one character.
        assert_eq!(e.position.as_deref(), Some("line 2, column 11"));
        assert!(e.message.contains("not valid UTF-8"), "{e}");
    }

    #[test]
    fn out_of_range_offsets_are_refused_by_the_plan_with_the_line() {
        let (_dir, path) =
            write("{\"text\":\"a\"}\n{\"text\": \"abc\", \"label\": [[1, 9, \"A\"]]}\n");
        let imported = import(&path).unwrap();
        let e = plan(&Project::new("x", vec![]), &[(path, imported)], "me").unwrap_err();
        assert_eq!(e.position.as_deref(), Some("line 2"));
    }
}
