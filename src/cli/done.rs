//! `marginalia done`: an annotator's state for a document.

use std::path::PathBuf;

use marginalia::model::{AnnotatorState, Edit};
use marginalia::session::annotator;

use super::error::CliError;
use super::project_file;

/// Mark a document done for an annotator (or, with --undo, back in progress).
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// Document id.
    #[arg(long)]
    doc: String,
    /// Whose state (default: $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    annotator: Option<String>,
    /// Set the document back to in progress.
    #[arg(long)]
    undo: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (path, doc) = (args.project.as_path(), args.doc.as_str());
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let annotator = annotator::for_command(args.annotator);
    let state = if args.undo {
        AnnotatorState::InProgress
    } else {
        AnnotatorState::Done
    };
    let before = project
        .document(doc)
        .ok_or_else(|| {
            format!(
                "there is no document with id {doc:?} in {}; nothing was changed",
                path.display()
            )
        })?
        .state(&annotator);
    if before == state {
        println!("{doc}: already {state} for {annotator}; nothing to change");
        return Ok(());
    }
    Edit::SetState {
        doc: doc.to_owned(),
        annotator: annotator.clone(),
        state,
    }
    .apply(project)
    .map_err(|e| e.to_string())?;
    project_file::save(project, path)?;
    println!("{doc}: {state} for {annotator}");
    Ok(())
}
