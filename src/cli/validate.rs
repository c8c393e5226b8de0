//! `marginalia validate`: a summary line, or every problem of the file;
//! warnings for what older files may hold but new edits refuse.

use std::path::PathBuf;

use marginalia::model::{plural, rules};
use marginalia::store;

use super::error::CliError;
use super::project_file;

/// Check a project file and print a summary, or every problem found.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let project = project_file::load(path)?;
    println!(
        "ok: {} — {:?}: {}, {}, {}, {} (format {}, offsets in code points)",
        path.display(),
        project.name(),
        plural(project.documents().len(), "document", "documents"),
        plural(project.themes().len(), "theme", "themes"),
        plural(project.span_count(), "span", "spans"),
        plural(
            project
                .documents()
                .iter()
                .map(|d| d.text().len_chars())
                .sum(),
            "code point",
            "code points"
        ),
        store::versions::format_for(&project)
    );
    let warnings = rules::warnings(&project);
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    if !warnings.is_empty() {
        eprintln!(
            "{} (the project opens; fix them in the window or with an editor)",
            plural(warnings.len(), "warning", "warnings")
        );
    }
    Ok(())
}
