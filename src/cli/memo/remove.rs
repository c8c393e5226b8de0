//! `marginalia memo remove`: delete a memo.

use std::path::PathBuf;

use marginalia::model::Edit;

use crate::cli::error::CliError;
use crate::cli::project_file;

/// Delete a memo.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// The memo's id (`marginalia memos` lists them).
    id: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let title = project
        .memo(&args.id)
        .map(|m| m.title.clone())
        .ok_or_else(|| {
            format!(
                "there is no memo with id {:?}; nothing was changed",
                args.id
            )
        })?;
    project_file::apply_and_save(
        project,
        path,
        Edit::RemoveMemo {
            id: args.id.clone(),
        },
    )?;
    println!("removed memo {} ({title:?})", args.id);
    Ok(())
}
