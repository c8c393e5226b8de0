//! Label Studio export: `tasks.json` (one task per document, one
//! annotation per annotator, one region per span, code points) and
//! `label_config.xml` (every theme as a `Label`).

use serde::Serialize;

use super::CONFIG;
use super::TASKS;
use crate::formats::export::{ExportError, ExportFile, ExportJob, NOT_XML_CHARS};
use crate::formats::ids::stable_id;
use crate::formats::xml::{Writer, xml_chars};

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
