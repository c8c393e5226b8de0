//! Label Studio import: a folder holding `tasks.json`, or any Label
//! Studio JSON export, with the codebook of a `label_config.xml` beside
//! it (see the format's module documentation).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::{CONFIG, TASKS};
use crate::formats::importer::{
    ImportError, Imported, ImportedDocument, ImportedSpan, ImportedTheme,
};
use crate::formats::json::{check_text, json_error, kind, offset, optional_string, read_utf8};
use crate::formats::xml::XmlFile;
use crate::model::{Color, Text};

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
        ..Default::default()
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
        ..Default::default()
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
    let bytes = crate::formats::bounded_read::read_file(path)?;
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
