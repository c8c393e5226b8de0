//! `marginalia theme import`: another codebook merged in by id.

use std::path::PathBuf;

use crate::cli::error::CliError;
use crate::cli::project_file;

/// Merge the codebook of FILE (a .ron project or a .qdc codebook) into
/// the project by id: new themes added, existing ones updated.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    file: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let plan = marginalia::formats::codebook::plan(project, &args.file)
        .map_err(|e| format!("{e}; nothing was changed"))?;
    let changed = !plan.added.is_empty() || !plan.updated.is_empty();
    if changed {
        project_file::apply_and_save(project, path, plan.edit.clone())?;
    }
    println!("{}", plan.summary());
    for label in &plan.added {
        println!("added\t{label}");
    }
    for label in &plan.updated {
        println!("updated\t{label}");
    }
    for note in &plan.notes {
        eprintln!("note: {note}");
    }
    Ok(())
}
