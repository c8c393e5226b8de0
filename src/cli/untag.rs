//! `marginalia untag`: remove the spans with exactly a range and theme.

use std::path::PathBuf;

use marginalia::model::{Edit, plural};

use super::error::CliError;
use super::project_file;
use super::span_args::SpanArgs;

/// Remove the span(s) START..END with a theme from a document.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[command(flatten)]
    span: SpanArgs,
    /// Only the span of this annotator (default: every annotator's).
    #[arg(long)]
    annotator: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let which = &args.span;
    let annotator = args.annotator;
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let theme = which.theme_id(project)?;
    let (doc, start, end) = (which.doc.as_str(), which.start, which.end);
    let document = project
        .document(doc)
        .ok_or_else(|| format!("there is no document with id {doc:?}"))?;
    let matches: Vec<Edit> = document
        .spans()
        .spans()
        .iter()
        .filter(|s| s.start == start && s.end == end && s.theme == theme)
        .filter(|s| annotator.as_ref().is_none_or(|a| &s.annotator == a))
        .map(|s| Edit::RemoveSpan {
            doc: doc.to_owned(),
            span: s.clone(),
        })
        .collect();
    if matches.is_empty() {
        return Err(CliError::failed(format!(
            "document {doc:?} has no span {start}..{end} with theme {theme:?}{}",
            annotator.map_or(String::new(), |a| format!(" by {a:?}"))
        )));
    }
    let n = matches.len();
    Edit::Batch(matches)
        .apply(project)
        .map_err(|e| e.to_string())?;
    project_file::save(project, path)?;
    println!(
        "removed {} {start}..{end} with theme {theme} from {doc}",
        plural(n, "span", "spans")
    );
    Ok(())
}
