//! `marginalia import PROJECT.ron FILE...`: documents and their spans
//! from text files and other tools' exports.

use std::path::{Path, PathBuf};

use marginalia::formats;
use marginalia::formats::already_there::SpanMatch;
use marginalia::model::plural;

/// `marginalia import`: reads every file (all or none), plans the import
/// as one edit and saves. With `match_any_annotator` a span whose document
/// already has one with the same range and theme is not added again,
/// whoever made either.
pub fn run(
    path: &Path,
    files: &[PathBuf],
    format: Option<&str>,
    annotator: Option<String>,
    match_any_annotator: bool,
) -> Result<(), String> {
    let format = match format {
        None => None,
        Some(name) => Some(
            formats::Format::from_name(name)
                .filter(|f| f.imports())
                .ok_or_else(|| {
                    format!(
                        "unknown import format {name:?}; the formats are {}",
                        formats::Format::names(formats::Format::imports)
                    )
                })?,
        ),
    };
    let _claim = crate::claim(path)?;
    let mut project = crate::load(path)?;
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        let imported = formats::read(file, format).map_err(|e| e.to_string())?;
        read.push((file.clone(), imported));
    }
    let annotator = annotator.unwrap_or_else(crate::default_annotator);
    let matching = if match_any_annotator {
        SpanMatch::AnyAnnotator
    } else {
        SpanMatch::SameAnnotator
    };
    let (edit, summary) = formats::import::plan_matching(&project, &read, &annotator, matching)
        .map_err(|e| e.to_string())?;
    edit.apply(&mut project).map_err(|e| e.to_string())?;
    crate::save(&project, path)?;
    for id in &summary.documents_added {
        if let Some(d) = project.document(id) {
            let spans = match d.spans().len() {
                0 => String::new(),
                n => format!(", {}", plural(n, "span", "spans")),
            };
            match &d.source {
                Some(s) => println!(
                    "imported {} as {:?}: {}, {}{}, line endings {}{spans}",
                    s.path,
                    d.id,
                    plural(d.text().len_chars(), "code point", "code points"),
                    s.encoding,
                    if s.bom { " with BOM" } else { "" },
                    s.line_endings.as_str()
                ),
                None => println!(
                    "imported {:?}: {}{spans}",
                    d.id,
                    plural(d.text().len_chars(), "code point", "code points")
                ),
            }
        }
    }
    println!("{summary}");
    for warning in &summary.warnings {
        eprintln!("note: {warning}");
    }
    for blank in &summary.spans_blank {
        eprintln!("note: {blank}");
    }
    Ok(())
}
