//! `marginalia stats`: span counts and coverage per document and per
//! theme, per document × theme, or per value of an attribute. Every
//! figure comes from `marginalia::analysis`, the same functions the window
//! calls.

use std::path::PathBuf;

use marginalia::analysis::{segments, stats, tables};
use marginalia::model::{Project, plural};

use super::error::CliError;
use super::output::{self, TableCsvOrJson, print_matrix};
use super::project_file;

/// Span counts and coverage per document and per theme, or per
/// document × theme, or per value of an attribute.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// document, theme or attribute:NAME (default: the summary of
    /// documents and themes).
    #[arg(long)]
    by: Option<String>,
    /// table, csv or json.
    #[arg(long, value_enum)]
    format: Option<TableCsvOrJson>,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Count each theme's spans under its top-level theme (one row, or
    /// column, per top-level theme), with or without --by.
    #[arg(long)]
    roll_up: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let format = match (args.format, args.json) {
        (_, true) => TableCsvOrJson::Json,
        (Some(f), _) => f,
        (None, _) => TableCsvOrJson::Table,
    };
    let project = project_file::load(&args.project)?;
    print_stats(&project, args.by.as_deref(), format, args.roll_up)
}

fn print_stats(
    project: &Project,
    by: Option<&str>,
    format: TableCsvOrJson,
    roll_up: bool,
) -> Result<(), CliError> {
    use TableCsvOrJson::{Csv, Json, Table};
    match (by, format) {
        (None, Table) => {
            print_stats_table(&stats::stats_with(project, roll_up));
            Ok(())
        }
        (None, Json) => output::json(&stats::stats_with(project, roll_up)),
        (None | Some("document"), _) => {
            let rows = stats::by_document_with(project, project.documents(), roll_up);
            let themes = stats::row_themes(project, roll_up);
            match format {
                Json => output::json(&rows),
                Csv => output::text(&tables::by_document_csv(&rows)),
                Table => {
                    print_matrix(
                        &themes,
                        project.documents().iter().map(|d| d.id.as_str()),
                        "document",
                        |row, col| {
                            let r = &rows[row * themes.len() + col];
                            format!("{} {:>5.1}%", r.spans, r.share * 100.0)
                        },
                    );
                    Ok(())
                }
            }
        }
        (Some("theme"), _) => {
            let st = stats::stats_with(project, roll_up);
            match format {
                Json => output::json(&st.themes),
                Csv => output::text(&tables::by_theme_csv(&st.themes)),
                Table => {
                    print_theme_table(&st);
                    Ok(())
                }
            }
        }
        (Some(other), _) => {
            let Some(name) = other.strip_prefix("attribute:") else {
                return Err(CliError::failed(format!(
                    "unknown --by {other:?}; use document, theme or attribute:NAME"
                )));
            };
            segments::check_attribute_name(project, name).map_err(|e| e.to_string())?;
            let rows = stats::by_attribute_with(project, name, roll_up).unwrap_or_default();
            let themes = stats::row_themes(project, roll_up);
            match format {
                Json => output::json(&rows),
                Csv => output::text(&tables::by_attribute_csv(&rows)),
                Table => {
                    let n = themes.len().max(1);
                    let values: Vec<String> = rows
                        .chunks(n)
                        .map(|c| c[0].value.clone().unwrap_or_else(|| format!("(no {name})")))
                        .collect();
                    print_matrix(
                        &themes,
                        values.iter().map(String::as_str),
                        name,
                        |row, col| {
                            let r = &rows[row * n + col];
                            format!("{} {:>5.1}%", r.spans, r.share * 100.0)
                        },
                    );
                    Ok(())
                }
            }
        }
    }
}

/// The summary `marginalia stats` prints by default: documents, then themes.
fn print_stats_table(st: &stats::Stats) {
    println!(
        "{} — {}, {}",
        st.name,
        plural(st.spans, "span", "spans"),
        plural(st.code_points, "code point", "code points")
    );
    println!();
    println!(
        "{:<32} {:>7} {:>10} {:>10} {:>7}",
        "document", "spans", "length", "covered", "share"
    );
    for d in &st.documents {
        println!(
            "{:<32} {:>7} {:>10} {:>10} {:>6.1}%",
            d.id,
            d.spans,
            d.code_points,
            d.covered,
            d.share * 100.0
        );
    }
    println!();
    print_theme_table(st);
    if !st.relations.is_empty() {
        println!();
        println!(
            "{:<32} {:>9} {:>10}",
            "relation type", "relations", "directed"
        );
        for r in &st.relations {
            println!(
                "{:<32} {:>9} {:>10}",
                format!("{} ({})", r.label, r.id),
                r.relations,
                if r.directed { "yes" } else { "no" }
            );
        }
    }
}

/// The per-theme half of the summary (`stats --by theme`).
fn print_theme_table(st: &stats::Stats) {
    println!(
        "{:<32} {:>7} {:>10} {:>7}",
        "theme", "spans", "covered", "share"
    );
    for t in &st.themes {
        println!(
            "{:<32} {:>7} {:>10} {:>6.1}%",
            format!("{} ({})", t.label, t.id),
            t.spans,
            t.covered,
            t.share * 100.0
        );
    }
}
