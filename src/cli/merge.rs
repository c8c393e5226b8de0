//! `marginalia merge OURS THEIRS -o OUT`: the union of two projects,
//! written only when complete.

use std::path::PathBuf;

use marginalia::merge;

use super::error::CliError;
use super::project_file;

/// Write the union of two projects to OUT (refused, naming what, when
/// one document id holds two texts or one theme id two labels or colours).
#[derive(clap::Args)]
pub struct Args {
    ours: PathBuf,
    theirs: PathBuf,
    /// The merged project file to write.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (ours, theirs, output) = (&args.ours, &args.theirs, &args.output);
    let a = project_file::load(ours)?;
    let b = project_file::load(theirs)?;
    let merged = merge::union(&a, &b).map_err(|e| {
        format!(
            "cannot merge {} and {}: {e}; nothing was written",
            ours.display(),
            theirs.display()
        )
    })?;
    merge::check(&merged.project)
        .map_err(|e| format!("the merged project would not load: {e}; nothing was written"))?;
    let _claim = project_file::claim(output)?;
    project_file::save(&merged.project, output)?;
    let p = &merged.project;
    println!(
        "wrote {}: {} documents, {} themes, {} spans",
        output.display(),
        p.documents().len(),
        p.themes().len(),
        p.span_count()
    );
    for c in &merged.conflicts {
        println!("note: {c}");
    }
    Ok(())
}
