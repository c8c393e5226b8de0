//! CSV (RFC 4180): one row per span with document, theme, start, end (code
//! points), text, annotator and note.

use super::export::{ExportError, ExportOptions, label_of, selection};
use crate::model::Project;

/// The column names, in order.
pub const HEADER: [&str; 7] = [
    "document",
    "theme",
    "start",
    "end",
    "text",
    "annotator",
    "note",
];

/// The export as a string.
pub fn to_string(project: &Project, options: &ExportOptions) -> Result<String, ExportError> {
    let encode = |e: csv::Error| ExportError::Encode(e.to_string());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER).map_err(encode)?;
    for (doc, spans) in selection(project, options)? {
        for s in spans {
            w.write_record([
                doc.id.as_str(),
                label_of(project, s),
                &s.start.to_string(),
                &s.end.to_string(),
                doc.span_text(s).unwrap_or_default(),
                &s.annotator,
                &s.note,
            ])
            .map_err(encode)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Encode(e.to_string()))
}
