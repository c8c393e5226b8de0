//! doccano relations (relation projects, doccano 1.6 and later): a line
//! with `entities` (each with an `id`) and `relations` beside them.
//!
//! ```json
//! {"id":"d","text":"Paris, France","entities":[
//!   {"id":1,"label":"Place","start_offset":0,"end_offset":5},
//!   {"id":2,"label":"Place","start_offset":7,"end_offset":13}],
//!  "relations":[{"id":1,"from_id":1,"to_id":2,"type":"in"}]}
//! ```
//!
//! Offsets stay in UTF-16 code units, as for `label`. Ids are numbered
//! through the whole file, as doccano numbers them.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::formats::importer::ImportedRelation;
use crate::formats::json::kind;

/// An entity as a relation project writes it.
#[derive(Serialize)]
pub(super) struct Entity<'a> {
    pub id: usize,
    pub label: Cow<'a, str>,
    pub start_offset: usize,
    pub end_offset: usize,
}

/// A relation between two entities of its line.
#[derive(Serialize)]
pub(super) struct Relation<'a> {
    pub id: usize,
    pub from_id: usize,
    pub to_id: usize,
    #[serde(rename = "type")]
    pub kind: &'a str,
}

/// A line of a relation project.
#[derive(Serialize)]
pub(super) struct Line<'a> {
    pub id: &'a str,
    pub text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub entities: Vec<Entity<'a>>,
    pub relations: Vec<Relation<'a>>,
}

/// An entity's `id` as a key (doccano writes numbers; strings are taken
/// too), `None` when it has none.
pub(super) fn entity_id(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// The relations of one line whose entities are `ids` (the `id` of each
/// span read, in order). A relation item that is not an object with
/// `from_id`, `to_id` and a `type`, or that names an entity the line does
/// not have, is skipped with a warning naming the line and item.
pub(super) fn read(
    obj: &Map<String, Value>,
    ids: &[Option<String>],
    n: usize,
    warnings: &mut Vec<String>,
) -> Vec<ImportedRelation> {
    let items = match obj.get("relations") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => return Vec::new(),
        Some(other) => {
            warnings.push(format!(
                "line {n}: \"relations\" is {}, not an array; relations not imported",
                kind(other)
            ));
            return Vec::new();
        }
    };
    let place: HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .filter_map(|(k, id)| id.as_deref().map(|id| (id, k)))
        .collect();
    let mut out = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let which = format!("line {n}: \"relations\" item {}", k + 1);
        let end = |key: &str| -> Result<usize, String> {
            let id = match item.get(key) {
                Some(Value::Number(x)) => x.to_string(),
                Some(Value::String(s)) => s.clone(),
                Some(other) => return Err(format!("{key} is {}, not an id", kind(other))),
                None => return Err(format!("it has no {key}")),
            };
            place
                .get(id.as_str())
                .copied()
                .ok_or_else(|| format!("{key} {id} is not the id of an entity on this line"))
        };
        let kind_of = match item.get("type") {
            Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
            Some(other) => Err(format!("type is {}, not a label", kind(other))),
            None => Err("it has no type".to_owned()),
        };
        let read = if item.is_object() {
            end("from_id").and_then(|from| Ok((from, end("to_id")?, kind_of?)))
        } else {
            Err(format!("expected an object, found {}", kind(item)))
        };
        match read {
            Ok((from, to, label)) => out.push(ImportedRelation {
                from,
                to,
                label,
                position: format!("line {n}"),
                ..Default::default()
            }),
            Err(why) => warnings.push(format!("{which}: {why}; relation not imported")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::formats::doccano::import;
    use crate::formats::{Format, fixture, import::plan, relations_fixture};
    use crate::model::Project;

    #[test]
    fn relations_go_out_beside_entities_in_utf16_and_come_back_between_the_same_spans() {
        let p = relations_fixture::project();
        let (files, report) = fixture::export_default(&p, Format::Doccano);
        let out = std::str::from_utf8(&files[0].bytes).unwrap();
        let second = out.lines().nth(1).unwrap();
        // "Vaccines 💉": the emoji counts two UTF-16 units; ids run on
        // from the first line's eight entities and three relations.
        assert_eq!(
            second,
            "{\"id\":\"second\",\"text\":\"Vaccines 💉 and data centres: both matter.\",\
             \"title\":\"Second «doc»\",\"entities\":[\
             {\"id\":9,\"label\":\"Health\",\"start_offset\":0,\"end_offset\":11},\
             {\"id\":10,\"label\":\"ICT\",\"start_offset\":16,\"end_offset\":28}],\
             \"relations\":[{\"id\":4,\"from_id\":9,\"to_id\":10,\"type\":\"causes\"}]}"
        );
        let count = |kind: &str| report.losses.iter().filter(|l| l.kind == kind).count();
        assert_eq!(
            count("undirected relations are written from the earlier span"),
            1
        );
        assert_eq!(count("relation notes are not carried"), 1);
        // Who made each of the four relations has no place in doccano.
        assert_eq!(count("relation annotators are not carried"), 4);

        let (_dir, path) = fixture::file_with("export.jsonl", out);
        let mut back = Project::new("back", Vec::new());
        let (edit, summary) =
            plan(&back, &[(PathBuf::from("x"), import(&path).unwrap())], "me").unwrap();
        edit.apply(&mut back).unwrap();
        assert_eq!(summary.relations_added, 4);
        let rows = |p: &Project| {
            let mut rows: Vec<_> = p
                .documents()
                .iter()
                .flat_map(|d| {
                    d.relations().iter().map(move |r| {
                        let t = |s: &crate::model::SpanRef| {
                            d.span_text(&s.to_span()).unwrap().to_owned()
                        };
                        (
                            d.id.clone(),
                            t(&r.from),
                            t(&r.to),
                            p.relation_type(&r.kind).unwrap().label.clone(),
                        )
                    })
                })
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(rows(&back), rows(&p));
    }

    #[test]
    fn a_relation_to_a_missing_entity_or_a_malformed_one_is_skipped_naming_line_and_item() {
        let line = r#"{"text":"Paris, France","entities":[{"id":7,"label":"Place","start_offset":0,"end_offset":5},{"id":8,"label":"Place","start_offset":7,"end_offset":13}],"relations":[{"id":1,"from_id":7,"to_id":8,"type":"in"},{"id":2,"from_id":7,"to_id":99,"type":"in"},{"id":3,"from_id":7,"to_id":8},[1,2]]}"#;
        let got = fixture::import_str(import, "admin.jsonl", &format!("{line}\n")).unwrap();
        assert_eq!(
            got.warnings,
            [
                "line 1: \"relations\" item 2: to_id 99 is not the id of an entity on this line; relation not imported",
                "line 1: \"relations\" item 3: it has no type; relation not imported",
                "line 1: \"relations\" item 4: expected an object, found an array; relation not imported",
            ]
        );
        let r = &got.documents[0].relations;
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].from, r[0].to, r[0].label.as_str()), (0, 1, "in"));
    }
}
