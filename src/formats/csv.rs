//! CSV (RFC 4180): one row per span with document, theme, start, end (code
//! points), text, annotator and note. Relations between spans have no
//! place in it: the export report counts them per document.

use super::export::{ExportError, ExportFile, ExportJob};

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

/// One file, `export.csv`, with a header row and CRLF row ends.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let encode = |e: csv::Error| ExportError::Encode(e.to_string());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER).map_err(encode)?;
    for i in 0..job.docs.len() {
        let (doc, spans) = (job.docs[i].0, &job.docs[i].1);
        for s in spans {
            w.write_record([
                doc.id.as_str(),
                &job.label(s),
                &s.start.to_string(),
                &s.end.to_string(),
                doc.span_text(s).unwrap_or_default(),
                &s.annotator,
                &s.note,
            ])
            .map_err(encode)?;
        }
        job.advance()?;
    }
    super::export_relations::lose_relations(job, "CSV");
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(vec![ExportFile::new("export.csv", bytes)])
}
