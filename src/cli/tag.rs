//! `marginalia tag`: one span, with white space at its ends left out.

use std::path::PathBuf;

use marginalia::model::{Edit, Span};
use marginalia::session::annotator;

use super::error::CliError;
use super::project_file;
use super::span_args::SpanArgs;

/// Tag the code points START..END of a document with a theme.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[command(flatten)]
    span: SpanArgs,
    /// A note on the span.
    #[arg(long, default_value = "")]
    note: String,
    /// Who made the span (default: $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    annotator: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let which = &args.span;
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let theme = which.theme_id(project)?;
    let (doc, asked_start, asked_end) = (which.doc.as_str(), which.start, which.end);
    // A span is never only white space, nor starts or ends with it; an
    // empty or reversed range is left to the edit to refuse.
    let (start, end) = match project.document(doc) {
        Some(d) if asked_start < asked_end => d
            .text()
            .trim_range(asked_start, asked_end)
            .ok_or_else(|| {
                format!(
                    "document {doc:?}: {asked_start}..{asked_end} is only white space ({:?}); a span must cover some text. Nothing was tagged.",
                    d.text().slice(asked_start, asked_end).unwrap_or_default()
                )
            })?,
        _ => (asked_start, asked_end),
    };
    let annotator = annotator::for_command(args.annotator);
    let span = Span::new(start, end, &theme, &annotator).with_note(args.note);
    Edit::AddSpan {
        doc: doc.to_owned(),
        span: span.clone(),
    }
    .apply(project)
    .map_err(|e| e.to_string())?;
    project_file::save(project, path)?;
    let quoted = project
        .document(doc)
        .and_then(|d| d.span_text(&span))
        .unwrap_or_default();
    println!("tagged {doc} {start}..{end} as {theme}: {quoted:?}");
    if (start, end) != (asked_start, asked_end) {
        println!(
            "note: white space at the ends of {asked_start}..{asked_end} was left out of the span"
        );
    }
    Ok(())
}
