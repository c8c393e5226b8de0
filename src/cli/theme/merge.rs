//! `marginalia theme merge`: recode every span of one theme as another
//! and remove the first.

use std::path::PathBuf;

use marginalia::model::{Edit, plural};

use crate::cli::error::CliError;
use crate::cli::project_file;

/// Recode every span of theme FROM as INTO and remove FROM.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    from: String,
    into: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let from = project_file::theme_id(project, &args.from)?;
    let into = project_file::theme_id(project, &args.into)?;
    let spans: usize = project
        .documents()
        .iter()
        .map(|d| d.spans().count_with_theme(&from))
        .sum();
    project_file::apply_and_save(
        project,
        path,
        Edit::MergeTheme {
            from: from.clone(),
            into: into.clone(),
        },
    )?;
    println!(
        "merged {from} into {into}: {} recoded",
        plural(spans, "span", "spans")
    );
    Ok(())
}
