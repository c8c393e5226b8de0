//! `marginalia report`: one self-contained HTML report.

use std::path::PathBuf;

use marginalia::analysis::report;
use marginalia::model::plural;

use super::error::CliError;
use super::project_file;

/// Write a self-contained HTML report (no network, no scripts): the
/// codebook, the tables, bar charts and the coded segments by theme.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// The HTML file to write.
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let output = &args.output;
    let loaded = project_file::load(&args.project)?;
    let html = report::html(&loaded);
    marginalia::store::write_atomic(output, html.as_bytes(), false)
        .map_err(|e| format!("{}: cannot write the report: {e}", output.display()))?;
    println!(
        "wrote {} ({}, {})",
        output.display(),
        plural(loaded.documents().len(), "document", "documents"),
        plural(loaded.span_count(), "span", "spans")
    );
    Ok(())
}
