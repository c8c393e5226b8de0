//! JSON Lines: one line per document with its text and spans, offsets in
//! code points (Python `str` indices), plus doccano's `label` array.
//!
//! ```json
//! {"id":"d1","text":"…","spans":[{"start":0,"end":5,"label":"Health","text":"…","annotator":"ana","note":"…"}],"label":[[0,5,"Health"]]}
//! ```

use serde::Serialize;

use super::export::{ExportError, ExportFile, ExportJob};

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    spans: Vec<SpanOut<'a>>,
    label: Vec<(usize, usize, &'a str)>,
}

#[derive(Serialize)]
struct SpanOut<'a> {
    start: usize,
    end: usize,
    label: &'a str,
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
            label: spans.iter().map(|s| (s.start, s.end, s.label)).collect(),
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

/// Not written yet.
pub fn import(
    path: &std::path::Path,
) -> Result<super::import::Imported, super::import::ImportError> {
    Err(super::import::ImportError::whole(
        path,
        "jsonl import is not written yet",
    ))
}
