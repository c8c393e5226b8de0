//! Label Studio: a folder with `tasks.json`, the tasks in Label Studio's
//! JSON export format, and `label_config.xml`, the labelling config that
//! shows them (a `Labels` control over a `Text` object).
//!
//! ```json
//! [{"id": 1,
//!   "data": {"text": "…", "doc_id": "statement", "title": "Statement"},
//!   "annotations": [{"marginalia_annotator": "ana",
//!                    "result": [{"id": "3f2a…", "from_name": "label", "to_name": "text",
//!                                "type": "labels",
//!                                "value": {"start": 0, "end": 6, "text": "Health",
//!                                          "labels": ["Health"]},
//!                                "meta": {"text": ["a note"]}}]}]}]
//! ```
//!
//! **Offsets are code points.** Label Studio's `Text` tag counts a region's
//! `start`/`end` in Unicode code points, not JavaScript (UTF-16) string
//! indices: its editor measures text nodes with `[...node.textContent].length`
//! (`web/libs/editor/src/utils/selection-tools.js`, `findGlobalOffset`,
//! with `codePointsToChars`/`charsToCodePoints` to convert for the DOM), and
//! its `domManager.md` shows "🐱" counted as one symbol. That was the fix
//! for emoji shifting offsets, HumanSignal/label-studio#1008 and #1347, via
//! label-studio PR #1559 ("Store code points instead of js length") merged
//! as label-studio-frontend#308; #4988 (1.9.1) confirms exported offsets
//! are right after a ZWJ emoji sequence while only the display was off.
//! So Marginalia's code points are written unchanged; very old exports
//! made before that fix may count UTF-16 units, and the importer says so
//! when a region's `text` shows it.
//!
//! **Who and notes.** A task has one annotation per annotator. Label
//! Studio records the author as `completed_by`, the id of one of its own
//! users, which it fills in itself on import; the annotator's name goes in
//! `marginalia_annotator`, a key Label Studio's importer ignores. A note
//! is the region's `meta.text` (the "meta" Label Studio shows and edits
//! per region). Colours are each `Label`'s `background`, theme
//! descriptions its `hint`. The config sets `white-space: pre-wrap` on the
//! text, as Label Studio's docs advise, so spaces and line breaks show as
//! they are counted. Nothing a span has is lost.
//!
//! **Import** reads such a folder, its `tasks.json`, or any Label Studio
//! JSON export (an array of tasks, or one task): the text is
//! `data.text`, else the field the `Text` tag of a `label_config.xml`
//! beside the file names, else the first string field of `data` (other
//! than `doc_id`, `id`, `title`); the document id is `data.doc_id`,
//! `data.id` or the task's `id`, the title `data.title`. Each `labels`
//! result of each annotation (`completions` in exports before 1.0) becomes
//! one span per label; `meta.text` and per-region `TextArea` results (same
//! region id) become its note. The annotator is `marginalia_annotator`,
//! else `completed_by`'s email, else "Label Studio user N". `predictions`
//! are not imported (they are a model's suggestions, not annotations), nor
//! results of other types (choices, relations, `hypertextlabels`). When a
//! result has `value.text` it must equal the text at its offsets (Label
//! Studio's older editor wrote line breaks in it as `\n`, two characters,
//! which is accepted); a mismatch refuses the file naming the task, the
//! annotation and the result, and both strings. Colours and descriptions
//! come from a `label_config.xml` beside the file, when there is one.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::export::{ExportError, ExportFile, ExportJob, NOT_XML_CHARS};
use super::ids::stable_id;
use super::importer::{ImportError, Imported, ImportedDocument, ImportedSpan, ImportedTheme};
use super::jsonl::{check_text, json_error, kind, offset, optional_string, read_utf8};
use super::xml::{Writer, XmlFile, xml_chars};
use crate::model::{Color, Text};

/// The tasks file of an export folder.
pub const TASKS: &str = "tasks.json";
/// The labelling config of an export folder.
pub const CONFIG: &str = "label_config.xml";

#[derive(Serialize)]
struct Task<'a> {
    id: usize,
    data: Data<'a>,
    annotations: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    doc_id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct Annotation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    marginalia_annotator: Option<&'a str>,
    result: Vec<Region<'a>>,
}

#[derive(Serialize)]
struct Region<'a> {
    id: String,
    from_name: &'static str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: RegionValue<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta<'a>>,
}

#[derive(Serialize)]
struct RegionValue<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    labels: [std::borrow::Cow<'a, str>; 1],
}

#[derive(Serialize)]
struct Meta<'a> {
    text: [&'a str; 1],
}

/// Two files: `tasks.json` and `label_config.xml`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let mut tasks = Vec::with_capacity(job.docs.len());
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, &job.docs[i].1);
        // One annotation per annotator, in order of their first span.
        let mut annotations: Vec<Annotation> = Vec::new();
        for span in spans {
            let region = Region {
                id: region_id(&doc.id, span),
                from_name: "label",
                to_name: "text",
                kind: "labels",
                value: RegionValue {
                    start: span.start,
                    end: span.end,
                    text: doc.span_text(span).unwrap_or_default(),
                    labels: [job.label(span)],
                },
                meta: (!span.note.is_empty()).then_some(Meta { text: [&span.note] }),
            };
            let who = (!span.annotator.is_empty()).then_some(span.annotator.as_str());
            match annotations
                .iter_mut()
                .find(|a| a.marginalia_annotator == who)
            {
                Some(a) => a.result.push(region),
                None => annotations.push(Annotation {
                    marginalia_annotator: who,
                    result: vec![region],
                }),
            }
        }
        tasks.push(Task {
            id: i + 1,
            data: Data {
                text: doc.text().as_str(),
                doc_id: &doc.id,
                title: &doc.title,
            },
            annotations,
        });
        job.advance()?;
    }
    let mut json =
        serde_json::to_string_pretty(&tasks).map_err(|e| ExportError::Encode(e.to_string()))?;
    json.push('\n');
    Ok(vec![
        ExportFile::new(TASKS, json),
        ExportFile::new(CONFIG, label_config(job)),
    ])
}

/// A region id in Label Studio's style (ten characters): the start of the
/// [`stable_id`] of the document id and the span's key, so exports are
/// reproducible.
fn region_id(doc: &str, span: &crate::model::Span) -> String {
    let (start, end) = (span.start.to_string(), span.end.to_string());
    let id = stable_id(
        "marginalia label-studio",
        &[doc, &start, &end, &span.theme, &span.annotator],
    );
    let mut id = id.simple().to_string();
    id.truncate(10);
    id
}

/// The labelling config: every theme of the codebook as a `Label` (plus
/// any label of an exported span whose theme is gone), over the text.
/// Characters XML cannot hold in a label or hint are reported.
fn label_config(job: &mut ExportJob) -> String {
    let mut replaced = Vec::new();
    let mut value = |s: &str, what: String| {
        let chars = xml_chars(s);
        if chars != s {
            replaced.push(what);
        }
        chars.into_owned()
    };
    let mut x = Writer::without_declaration();
    x.open("View", &[]);
    x.leaf("Style", ".htx-text { white-space: pre-wrap; }");
    x.open(
        "Labels",
        &[("name", "label".into()), ("toName", "text".into())],
    );
    let mut seen = Vec::new();
    for t in job.project.themes() {
        let label = job.theme_label(t);
        let mut attrs = vec![
            (
                "value",
                value(&label, format!("in the label of theme {:?}", t.id)),
            ),
            ("background", t.color.to_string()),
        ];
        if !t.description.is_empty() {
            attrs.push((
                "hint",
                value(
                    &t.description,
                    format!("in the description of theme {:?}", t.id),
                ),
            ));
        }
        x.empty("Label", &attrs);
        seen.push(label);
    }
    for (_, spans) in &job.docs {
        for s in spans {
            let label = job.label(s);
            if !seen.contains(&label) {
                x.empty(
                    "Label",
                    &[("value", value(&label, format!("in the label {label:?}")))],
                );
                seen.push(label);
            }
        }
    }
    x.close("Labels");
    x.empty(
        "Text",
        &[("name", "text".into()), ("value", "$text".into())],
    );
    x.close("View");
    let config = x.finish();
    for detail in replaced {
        job.lose_in_codebook(NOT_XML_CHARS, format!("{detail} of {CONFIG}"));
    }
    config
}

/// A task as read; everything else in it is ignored.
#[derive(Deserialize)]
struct RawTask {
    #[serde(default)]
    id: Value,
    data: Option<Fields>,
    #[serde(default)]
    annotations: Option<Vec<Value>>,
    #[serde(default)]
    completions: Option<Vec<Value>>,
    #[serde(default)]
    predictions: Option<Vec<serde::de::IgnoredAny>>,
}

/// A JSON object's members in file order.
struct Fields(Vec<(String, Value)>);

impl Fields {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Members;
        impl<'de> Visitor<'de> for Members {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    members.push(entry);
                }
                Ok(Fields(members))
            }
        }
        d.deserialize_map(Members)
    }
}

/// What a `label_config.xml` says: the data field of its `Text` tag and
/// each label's colour and hint.
#[derive(Default)]
struct Config {
    text_field: Option<String>,
    themes: Vec<ImportedTheme>,
}

/// Reads a Label Studio export: a folder holding `tasks.json`, or a JSON
/// file of tasks (see the module documentation).
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let (tasks_path, config_path) = if path.is_dir() {
        let tasks = path.join(TASKS);
        if !tasks.is_file() {
            return Err(ImportError::whole(
                path,
                format!("this folder has no {TASKS}; is it a Label Studio export?"),
            ));
        }
        (tasks, path.join(CONFIG))
    } else {
        (path.to_owned(), path.with_file_name(CONFIG))
    };
    let config = if config_path.is_file() {
        read_config(&config_path)?
    } else {
        Config::default()
    };
    let path = tasks_path.as_path();
    let content = read_utf8(path)?;
    let tasks: Vec<RawTask> = match content.trim_start().chars().next() {
        Some('[') => serde_json::from_str(&content),
        Some('{') => serde_json::from_str(&content).map(|t| vec![t]),
        _ => {
            return Err(ImportError::whole(
                path,
                "expected a JSON array of Label Studio tasks",
            ));
        }
    }
    .map_err(|e| json_error(path, &content, 1, &e))?;
    let mut documents = Vec::with_capacity(tasks.len());
    for (t, task) in tasks.iter().enumerate() {
        documents.push(read_task(path, task, t + 1, &config)?);
    }
    let predictions: usize = tasks
        .iter()
        .map(|t| t.predictions.as_ref().map_or(0, Vec::len))
        .sum();
    let mut warnings = Vec::new();
    if predictions > 0 {
        warnings.push(format!(
            "{} not imported (only annotations are)",
            crate::model::plural(predictions, "prediction", "predictions")
        ));
    }
    Ok(Imported {
        documents,
        themes: config.themes,
        warnings,
    })
}

fn read_task(
    path: &Path,
    task: &RawTask,
    n: usize,
    config: &Config,
) -> Result<ImportedDocument, ImportError> {
    let at = |m: String| ImportError::new(path, Some(format!("task {n}")), m);
    let Some(data) = &task.data else {
        return Err(at("the task has no \"data\"".into()));
    };
    const NOT_TEXT: [&str; 3] = ["doc_id", "id", "title"];
    let field = config
        .text_field
        .as_deref()
        .filter(|f| data.get(f).is_some())
        .or_else(|| data.get("text").map(|_| "text"))
        .or_else(|| {
            data.0
                .iter()
                .find(|(k, v)| v.is_string() && !NOT_TEXT.contains(&k.as_str()))
                .map(|(k, _)| k.as_str())
        })
        .ok_or_else(|| at("its \"data\" has no text (no string field)".into()))?;
    let text = match data.get(field) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(at(format!("data.{field} is {}, not a string", kind(other))));
        }
        None => unreachable!("the field was found in data"),
    };
    let id = [data.get("doc_id"), data.get("id"), Some(&task.id)]
        .into_iter()
        .flatten()
        .find_map(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(x) => Some(x.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| format!("task-{n}"));
    let title = match data.get("title") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let doc_text = Text::new(text.as_str());
    let annotations = task
        .annotations
        .as_ref()
        .or(task.completions.as_ref())
        .map_or(&[][..], Vec::as_slice);
    let mut spans = Vec::new();
    for (a, annotation) in annotations.iter().enumerate() {
        let a = a + 1;
        let at = |m: String| ImportError::new(path, Some(format!("task {n}, annotation {a}")), m);
        let Value::Object(annotation) = annotation else {
            return Err(at(format!(
                "expected an object, found {}",
                kind(annotation)
            )));
        };
        let annotator = annotator(annotation).map_err(at)?;
        let results = match annotation.get("result") {
            None | Some(Value::Null) => continue,
            Some(Value::Array(r)) => r,
            Some(other) => {
                return Err(at(format!(
                    "its \"result\" is {}, not an array",
                    kind(other)
                )));
            }
        };
        // Per-region TextArea results carry notes under the region's id.
        let mut notes: HashMap<&str, Vec<String>> = HashMap::new();
        for r in results {
            if r.get("type").and_then(Value::as_str) == Some("textarea")
                && let Some(id) = r.get("id").and_then(Value::as_str)
            {
                notes
                    .entry(id)
                    .or_default()
                    .extend(strings(r.get("value").and_then(|v| v.get("text"))));
            }
        }
        for (r, result) in results.iter().enumerate() {
            let position = format!("task {n}, annotation {a}, result {}", r + 1);
            let at = |m: String| ImportError::new(path, Some(position.clone()), m);
            if result.get("type").and_then(Value::as_str) != Some("labels") {
                continue;
            }
            let value = result
                .get("value")
                .filter(|v| v.is_object())
                .ok_or_else(|| at("the result has no \"value\" object".into()))?;
            let start = offset(value.get("start"), "start").map_err(at)?;
            let end = offset(value.get("end"), "end").map_err(at)?;
            if let Some(expected) = optional_string(value.get("text"), "text").map_err(at)? {
                check_text(&doc_text, start, end, &expected)
                    .or_else(|e| {
                        // The older editor wrote line breaks as `\n`.
                        let escaped = doc_text
                            .slice(start, end)
                            .map(|s| s.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n"));
                        if escaped.as_deref() == Some(expected.as_str()) {
                            Ok(())
                        } else {
                            Err(e)
                        }
                    })
                    .map_err(at)?;
            }
            let labels = match value.get("labels") {
                Some(Value::Array(l)) if !l.is_empty() => l,
                _ => return Err(at("the region has no labels".into())),
            };
            let mut note = strings(result.get("meta").and_then(|m| m.get("text")));
            if let Some(extra) = result
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| notes.get(id))
            {
                note.extend(extra.iter().cloned());
            }
            let note = note.join("\n");
            for label in labels {
                let Value::String(label) = label else {
                    return Err(at(format!("a label is {}, not a string", kind(label))));
                };
                spans.push(ImportedSpan {
                    start,
                    end,
                    label: label.clone(),
                    annotator: annotator.clone(),
                    note: note.clone(),
                    position: position.clone(),
                });
            }
        }
    }
    Ok(ImportedDocument {
        id,
        title,
        text,
        source: None,
        spans,
    })
}

/// Who made an annotation: `marginalia_annotator`, else `completed_by`'s
/// email, else its user id as "Label Studio user N".
fn annotator(annotation: &serde_json::Map<String, Value>) -> Result<Option<String>, String> {
    if let Some(name) = optional_string(
        annotation.get("marginalia_annotator"),
        "marginalia_annotator",
    )? {
        return Ok(Some(name).filter(|n| !n.is_empty()));
    }
    Ok(match annotation.get("completed_by") {
        Some(Value::Object(user)) => match (user.get("email"), user.get("id")) {
            (Some(Value::String(e)), _) if !e.is_empty() => Some(e.clone()),
            (_, Some(Value::Number(id))) => Some(format!("Label Studio user {id}")),
            _ => None,
        },
        Some(Value::Number(id)) => Some(format!("Label Studio user {id}")),
        _ => None,
    })
}

/// The strings of a `text` that is a string or an array of strings.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads the `Text` tag's data field and the labels' colours and hints.
fn read_config(path: &Path) -> Result<Config, ImportError> {
    let bytes = super::bounded_read::read_file(path)?;
    let file = XmlFile::new(path, None, &bytes)?;
    let mut config = Config::default();
    file.scan(|e| match e.name.as_str() {
        "Text" if config.text_field.is_none() => {
            config.text_field = e
                .attr("value")
                .and_then(|v| v.strip_prefix('$'))
                .map(str::to_owned);
        }
        "Label" => {
            if let Some(label) = e.attr("value") {
                config.themes.push(ImportedTheme {
                    label: label.to_owned(),
                    color: e.attr("background").and_then(|c| c.parse::<Color>().ok()),
                    description: e.attr("hint").unwrap_or_default().to_owned(),
                    parent: None,
                });
            }
        }
        _ => {}
    })?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{fixture, import::plan};
    use crate::model::Project;

    #[test]
    fn labels_xml_cannot_hold_are_replaced_in_the_config_and_reported() {
        use crate::model::Theme;
        let theme = |id: &str, label: &str, description: &str| Theme {
            parent: None,
            rules: Vec::new(),
            id: id.into(),
            label: label.into(),
            color: Color::rgb(1, 2, 3),
            key: None,
            description: description.into(),
        };
        let project = Project::new(
            "p",
            vec![
                theme("bell", "Bell\u{7} 😀", ""),
                theme("fine", "Grüße\u{a0}Köln", "no\u{FFFF}t here"),
            ],
        );
        let (files, report) =
            fixture::export_default(&project, crate::formats::Format::LabelStudio);
        let config = std::str::from_utf8(&files[1].bytes).unwrap();
        assert!(
            config.contains("<Label value=\"Bell\u{FFFD} 😀\""),
            "{config}"
        );
        assert!(config.contains("<Label value=\"Grüße\u{a0}Köln\""));
        assert!(config.contains(" hint=\"no\u{FFFD}t here\""));
        let losses: Vec<(&str, &str, &str)> = report
            .losses
            .iter()
            .map(|l| (l.document.as_str(), l.kind, l.detail.as_str()))
            .collect();
        assert_eq!(
            losses,
            [
                (
                    "(codebook)",
                    NOT_XML_CHARS,
                    "in the label of theme \"bell\" of label_config.xml"
                ),
                (
                    "(codebook)",
                    NOT_XML_CHARS,
                    "in the description of theme \"fine\" of label_config.xml"
                ),
            ]
        );
    }

    fn export_fixture() -> (Vec<ExportFile>, super::super::ExportReport) {
        fixture::export_default(&fixture::project(), crate::formats::Format::LabelStudio)
    }

    fn write_files(files: &[ExportFile]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            std::fs::write(dir.path().join(&f.path), &f.bytes).unwrap();
        }
        dir
    }

    /// Imports `tasks` written as `x.json` (with `config` beside it).
    fn read(tasks: &str, config: Option<&str>) -> Result<Imported, ImportError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.json"), tasks).unwrap();
        if let Some(c) = config {
            std::fs::write(dir.path().join(CONFIG), c).unwrap();
        }
        import(&dir.path().join("x.json"))
    }

    fn err(tasks: &str) -> String {
        let e = read(tasks, None).unwrap_err();
        format!("{}: {}", e.position.unwrap_or_default(), e.message)
    }

    #[test]
    fn regions_slice_back_in_code_points_and_nothing_is_lost() {
        let p = fixture::project();
        let (files, report) = export_fixture();
        assert_eq!(report.losses, []);
        let names: Vec<_> = files.iter().map(|f| f.path.to_str().unwrap()).collect();
        assert_eq!(names, [TASKS, CONFIG]);
        let tasks: Value = serde_json::from_slice(&files[0].bytes).unwrap();
        let tasks = tasks.as_array().unwrap();
        assert_eq!(tasks.len(), 2);
        let mut got = Vec::new();
        for (task, d) in tasks.iter().zip(p.documents()) {
            assert_eq!(task["data"]["doc_id"], d.id.as_str());
            assert_eq!(task["data"]["title"], d.title.as_str());
            let text = task["data"]["text"].as_str().unwrap();
            assert_eq!(text, d.text().as_str());
            for a in task["annotations"].as_array().unwrap() {
                let who = a["marginalia_annotator"].as_str().unwrap();
                for r in a["result"].as_array().unwrap() {
                    assert_eq!(
                        (&r["from_name"], &r["to_name"], &r["type"]),
                        (&"label".into(), &"text".into(), &"labels".into())
                    );
                    assert_eq!(r["id"].as_str().unwrap().len(), 10);
                    let v = &r["value"];
                    let (s, e) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
                    // Code points, as Python and Label Studio's Text count them.
                    let slice: String = text
                        .chars()
                        .skip(s as usize)
                        .take((e - s) as usize)
                        .collect();
                    assert_eq!(v["text"], slice.as_str());
                    let note = r["meta"]["text"][0].as_str().unwrap_or("").to_owned();
                    got.push((
                        d.id.clone(),
                        s as usize,
                        e as usize,
                        v["labels"][0].as_str().unwrap().to_owned(),
                        who.to_owned(),
                        note,
                    ));
                }
            }
        }
        got.sort();
        assert_eq!(got, fixture::span_rows(&p));
        // One annotation per annotator, in order of their first span.
        let who: Vec<_> = tasks[0]["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["marginalia_annotator"].as_str().unwrap())
            .collect();
        assert_eq!(who, ["ana", "bo"]);
        let config = std::str::from_utf8(&files[1].bytes).unwrap();
        for t in p.themes() {
            assert!(
                config.contains(&format!(
                    "<Label value=\"{}\" background=\"{}\"",
                    t.label, t.color
                )),
                "{config}"
            );
        }
        assert!(config.contains("<Text name=\"text\" value=\"$text\"/>"));
    }

    #[test]
    fn export_then_import_gives_back_spans_notes_annotators_and_colours() {
        let original = fixture::project();
        let (files, _) = export_fixture();
        let dir = write_files(&files);
        let imported = import(dir.path()).unwrap();
        assert_eq!(
            imported.documents[0].spans[0].position,
            "task 1, annotation 1, result 1"
        );
        let mut back = Project::new("x", vec![]);
        let (edit, summary) =
            plan(&back, &[(dir.path().to_owned(), imported)], "importer").unwrap();
        edit.apply(&mut back).unwrap();
        assert_eq!(summary.spans_added, 10);
        assert_eq!(fixture::span_rows(&back), fixture::span_rows(&original));
        for (a, b) in original.documents().iter().zip(back.documents()) {
            assert_eq!((&a.id, &a.title, a.text()), (&b.id, &b.title, b.text()));
        }
        for t in original.themes() {
            let u = back.find_theme(&t.label).unwrap();
            assert_eq!((u.color, &u.description), (t.color, &t.description));
        }
        // The tasks file alone reads the same spans.
        let alone = import(&dir.path().join(TASKS)).unwrap();
        assert_eq!(alone.documents.len(), 2);
    }

    #[test]
    fn reads_label_studio_exports() {
        let got = read(
            r#"[{"id": 41, "data": {"title": "T", "review": "😀 Köln\nok"},
                 "annotations": [{"completed_by": 3, "was_cancelled": false, "result": [
                    {"id": "r1", "from_name": "l", "to_name": "t", "type": "labels",
                     "value": {"start": 2, "end": 9, "text": "Köln\\nok", "labels": ["A", "B"]},
                     "meta": {"text": ["first"]}},
                    {"id": "r1", "from_name": "n", "to_name": "t", "type": "textarea",
                     "value": {"text": ["second"]}},
                    {"id": "c", "from_name": "s", "to_name": "t", "type": "choices",
                     "value": {"choices": ["x"]}}]},
                  {"completed_by": {"id": 4, "email": "bo@example.org"}, "result": [
                    {"type": "labels", "value": {"start": 0, "end": 1, "labels": ["A"]}}]}],
                 "predictions": [{"result": [{"type": "labels",
                    "value": {"start": 0, "end": 1, "labels": ["P"]}}]}]},
                {"data": {"text": "x", "doc_id": "d2"},
                 "completions": [{"result": [{"type": "labels",
                    "value": {"start": 0, "end": 1, "labels": ["C"]}}]}]},
                {"data": {"text": "y"}}]"#,
            None,
        )
        .unwrap();
        let d = &got.documents[0];
        assert_eq!((d.id.as_str(), d.title.as_str()), ("41", "T"));
        assert_eq!(d.text, "😀 Köln\nok");
        let spans: Vec<_> = d.spans.iter().map(ImportedSpan::as_tuple).collect();
        assert_eq!(
            spans,
            [
                (2, 9, "A", Some("Label Studio user 3"), "first\nsecond"),
                (2, 9, "B", Some("Label Studio user 3"), "first\nsecond"),
                (0, 1, "A", Some("bo@example.org"), ""),
            ]
        );
        assert_eq!(got.documents[1].id, "d2");
        assert_eq!(got.documents[1].spans[0].label, "C");
        assert_eq!(got.documents[2].id, "task-3");
        assert!(got.documents[2].spans.is_empty());
    }

    #[test]
    fn a_config_beside_names_the_text_field_and_gives_colours() {
        let config = "<View>\n  <Labels name=\"l\" toName=\"t\">\n    \
                      <Label value=\"A &amp; B\" background=\"#102030\" hint=\"two&#10;lines\"/>\n    \
                      <Label value=\"C\" background=\"red\"/>\n    \
                      <Label value=\"Köln 😀\" background=\"#F0a\"/>\n  </Labels>\n  \
                      <Text name=\"t\" value=\"$body\"/>\n</View>\n";
        let got = read(
            r#"{"data": {"summary": "no", "body": "yes"}, "annotations": []}"#,
            Some(config),
        )
        .unwrap();
        assert_eq!(got.documents[0].text, "yes");
        assert_eq!(got.themes.len(), 3);
        assert_eq!(got.themes[0].label, "A & B");
        assert_eq!(got.themes[0].color, Some(Color::rgb(0x10, 0x20, 0x30)));
        assert_eq!(got.themes[0].description, "two\nlines");
        assert_eq!(got.themes[1].color, None);
        // The short form Label Studio's own configs use.
        assert_eq!(got.themes[2].label, "Köln 😀");
        assert_eq!(got.themes[2].color, Some(Color::rgb(0xff, 0x00, 0xaa)));
        // Without a config, the first string field in file order.
        let got = read(r#"[{"data": {"summary": "no", "body": "yes"}}]"#, None).unwrap();
        assert_eq!(got.documents[0].text, "no");
        // The column of the stray end tag counts characters, not bytes.
        let e = read("[]", Some("<View><Label value=\"Köln😀\"></View>")).unwrap_err();
        assert_eq!(e.file.file_name().unwrap(), CONFIG);
        assert_eq!(e.position.as_deref(), Some("line 1, column 28"));
    }

    #[test]
    fn malformed_exports_are_refused_with_the_position() {
        assert_eq!(
            err("[{\"data\": {\"text\": \"a\"}},\n {\"data\": }]"),
            "line 2, column 11: not valid JSON: expected value"
        );
        assert_eq!(
            err("[{\"data\": \"a\"}]"),
            "line 1, column 13: not valid JSON: invalid type: string \"a\", expected an object"
        );
        assert_eq!(err("[{}]"), "task 1: the task has no \"data\"");
        assert_eq!(
            err("\"x\""),
            ": expected a JSON array of Label Studio tasks"
        );
        assert_eq!(
            err(r#"[{"data": {"text": "abc"}, "annotations": [{"result": [
                {"type": "labels", "value": {"start": -1, "end": 2, "labels": ["A"]}}]}]}]"#),
            "task 1, annotation 1, result 1: start -1 is not a non-negative integer"
        );
        assert_eq!(
            err(
                r#"[{"data": {"text": "abc"}}, {"data": {"text": "abc"}, "annotations": [{"result": [
                {"type": "choices"},
                {"type": "labels", "value": {"start": 0, "end": 2, "labels": []}}]}]}]"#
            ),
            "task 2, annotation 1, result 2: the region has no labels"
        );
        assert_eq!(
            err(
                r#"[{"data": {"text": "😀 Köln, ja"}, "annotations": [{}, {"result": [
                {"type": "labels", "value": {"start": 3, "end": 7, "text": "Köln", "labels": ["A"]}}]}]}]"#
            ),
            "task 1, annotation 2, result 1: its text is \"Köln\" but code points 3..7 of the \
             document are \"öln,\"; the offsets fit if counted in UTF-16 code units (JavaScript \
             string indices), but Marginalia reads code points (Python str indices)"
        );
        let dir = tempfile::tempdir().unwrap();
        let e = import(dir.path()).unwrap_err();
        assert!(e.message.contains("no tasks.json"), "{e}");
    }
}
