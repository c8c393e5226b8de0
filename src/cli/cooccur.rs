//! `marginalia cooccur`: the theme × theme co-occurrence matrix.

use std::path::PathBuf;

use marginalia::analysis::{cooccur, tables};

use super::error::CliError;
use super::output::{self, TableCsvOrJson};
use super::project_file;

/// The theme × theme co-occurrence matrix: pairs of spans of two themes
/// that share a code point (the diagonal counts each theme's spans).
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// table, csv or json.
    #[arg(long, value_enum, default_value_t = TableCsvOrJson::Table)]
    format: TableCsvOrJson,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let project = project_file::load(&args.project)?;
    let m = cooccur::cooccurrence(&project);
    match args.format {
        TableCsvOrJson::Json => output::json_line(&m),
        TableCsvOrJson::Csv => output::text(&tables::cooccurrence_csv(&m)),
        TableCsvOrJson::Table => {
            output::print_matrix(
                &project.themes().iter().collect::<Vec<_>>(),
                project.themes().iter().map(|t| t.label.as_str()),
                "theme",
                |i, j| m.counts[i][j].to_string(),
            );
            Ok(())
        }
    }
}
