//! `marginalia relation-type list`: the codebook's relation types with
//! their rules and relation counts.

use std::path::PathBuf;

use marginalia::analysis::relations::counts_by_type;

use crate::cli::error::CliError;
use crate::cli::output::{self, TableOrJson};
use crate::cli::project_file;

/// List the relation types with their end themes and relation counts.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// table or json.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

/// One relation type as `relation-type list --format json` writes it.
#[derive(serde::Serialize)]
struct TypeRow<'a> {
    id: &'a str,
    label: &'a str,
    color: String,
    directed: bool,
    description: &'a str,
    from_themes: &'a [String],
    to_themes: &'a [String],
    relations: usize,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let project = project_file::load(&args.project)?;
    let counts = counts_by_type(&project);
    let rows: Vec<TypeRow> = project
        .relation_types()
        .iter()
        .zip(&counts)
        .map(|(t, c)| TypeRow {
            id: &t.id,
            label: &t.label,
            color: t.color.to_string(),
            directed: t.directed,
            description: &t.description,
            from_themes: &t.from_themes,
            to_themes: &t.to_themes,
            relations: c.relations,
        })
        .collect();
    match args.format {
        TableOrJson::Json => output::json(&rows),
        TableOrJson::Table => {
            let any = |themes: &[String]| {
                if themes.is_empty() {
                    "any".to_owned()
                } else {
                    themes.join(", ")
                }
            };
            let header = format!(
                "{:<24} {:<24} {:<8} {:<8} {:>9}  from → to",
                "relation type", "id", "colour", "directed", "relations"
            );
            output::lines(std::iter::once(header).chain(rows.iter().map(|r| {
                format!(
                    "{:<24} {:<24} {:<8} {:<8} {:>9}  {} → {}",
                    output::one_line(r.label, 24),
                    r.id,
                    r.color,
                    if r.directed { "yes" } else { "no" },
                    r.relations,
                    any(r.from_themes),
                    any(r.to_themes)
                )
            })))
        }
    }
}
