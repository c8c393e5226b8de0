//! `marginalia suggest`: run the themes' rules and save what they propose
//! as suggestions, or accept them all as spans.

use std::path::PathBuf;

use marginalia::analysis::matching;
use marginalia::model::{Edit, plural};
use marginalia::session::annotator;

use super::error::CliError;
use super::project_file;

/// Run the themes' rules and save what they propose as suggestions
/// (or, with --accept-all, add them as spans); prints each one.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// Only this document (repeatable; default: all).
    #[arg(long = "doc")]
    docs: Vec<String>,
    /// Accept every suggestion as a span.
    #[arg(long)]
    accept_all: bool,
    /// Who makes accepted spans (default: $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    annotator: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let suggested = matching::suggest(project, &args.docs, &mut |_, _| true)
        .map_err(|e| format!("{e}; nothing was changed"))?;
    for d in &suggested.documents {
        let Some(doc) = project.document(&d.doc) else {
            continue;
        };
        for s in &d.all {
            let label = project.theme(&s.theme).map_or("", |t| t.label.as_str());
            let text = doc.text().slice(s.start, s.end).unwrap_or_default();
            println!(
                "{}\t{}..{}\t{label}\t{}",
                d.doc,
                s.start,
                s.end,
                serde_json::to_string(text).unwrap_or_default()
            );
        }
    }
    let total = suggested.total();
    let new: usize = suggested.documents.iter().map(|d| d.new.len()).sum();
    let withdrawn: usize = suggested.documents.iter().map(|d| d.withdrawn.len()).sum();
    let mut edits = Vec::new();
    edits.extend(suggested.edit());
    if args.accept_all {
        let annotator = annotator::for_command(args.annotator);
        edits.extend(suggested.accept_all(&annotator));
    }
    if !edits.is_empty() {
        project_file::apply_and_save(project, path, Edit::Batch(edits))?;
    }
    if args.accept_all {
        println!("{} added from suggestions", plural(total, "span", "spans"));
    } else {
        println!(
            "{} ({new} new, {withdrawn} withdrawn)",
            plural(total, "suggestion", "suggestions")
        );
    }
    Ok(())
}
