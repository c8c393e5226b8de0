//! `marginalia segments`: every span that matches a query, across all
//! documents, as a table, CSV (the window's Segments export) or JSON Lines.

use std::path::PathBuf;

use serde::Serialize;

use marginalia::analysis::{relations, segment_export, segments};
use marginalia::model::{Project, plural};

use super::error::CliError;
use super::output::{self, TableCsvOrJsonl, one_line};
use super::project_file;

/// Every span that matches a query, across all documents.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// Spans of any of these themes, by id or label (default: all).
    #[arg(long)]
    theme: Vec<String>,
    /// Only spans that share a code point with another span of this theme.
    #[arg(long, value_name = "THEME")]
    overlapping: Vec<String>,
    /// Only spans that share no code point with another span of this theme.
    #[arg(long, value_name = "THEME")]
    not_overlapping: Vec<String>,
    /// Only spans by any of these annotators.
    #[arg(long)]
    annotator: Vec<String>,
    /// Only documents whose attribute NAME equals VALUE (all must hold).
    #[arg(long = "where", value_name = "NAME=VALUE")]
    conditions: Vec<String>,
    /// Only spans whose text contains every one of these words (any case).
    #[arg(long, value_name = "WORDS")]
    text: Option<String>,
    /// Only spans at either end of a relation of this type (id or label;
    /// repeatable: any of them).
    #[arg(long, value_name = "TYPE")]
    related: Vec<String>,
    /// table, csv or jsonl.
    #[arg(long, value_enum, default_value_t = TableCsvOrJsonl::Table)]
    format: TableCsvOrJsonl,
    /// Count every theme as its top-level theme: `--theme Security`
    /// also finds the spans of the themes under it, and rows name the
    /// top-level theme.
    #[arg(long)]
    roll_up: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let project = project_file::load(&args.project)?;
    let query = segments::Query {
        themes: args.theme,
        overlapping: args.overlapping,
        not_overlapping: args.not_overlapping,
        annotators: args.annotator,
        attributes: args
            .conditions
            .iter()
            .map(|c| segments::parse_condition(c))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?,
        text: args.text.unwrap_or_default(),
        roll_up: args.roll_up,
    };
    print_segments(&project, &query, &args.related, args.format)
}

/// One row of `segments --format jsonl` (and csv): exactly these keys, in
/// this order.
#[derive(Serialize)]
struct SegmentRow<'p> {
    document: &'p str,
    start: usize,
    end: usize,
    theme: &'p str,
    label: &'p str,
    annotator: &'p str,
    note: &'p str,
    text: &'p str,
}

fn print_segments(
    project: &Project,
    query: &segments::Query,
    related: &[String],
    format: TableCsvOrJsonl,
) -> Result<(), CliError> {
    let found = segments::segments(project, query).map_err(|e| e.to_string())?;
    let found = relations::keep_related(project, found, related)?;
    let rows = found.iter().map(|s| SegmentRow {
        document: &s.document.id,
        start: s.span.start,
        end: s.span.end,
        theme: s.theme,
        label: project.theme(s.theme).map_or("", |t| t.label.as_str()),
        annotator: &s.span.annotator,
        note: &s.span.note,
        text: s.text(),
    });
    match format {
        TableCsvOrJsonl::Jsonl => output::jsonl(rows),
        // The same CSV as the window's Segments export.
        TableCsvOrJsonl::Csv => {
            output::text(&segment_export::to_csv(project, &found).map_err(|e| e.to_string())?)
        }
        TableCsvOrJsonl::Table => {
            let header = format!(
                "{:<24} {:>7} {:>7} {:<12} {:<12} text",
                "document", "start", "end", "theme", "annotator"
            );
            let lines = rows.map(|row| {
                format!(
                    "{:<24} {:>7} {:>7} {:<12} {:<12} {}",
                    row.document,
                    row.start,
                    row.end,
                    row.theme,
                    row.annotator,
                    one_line(row.text, 60)
                )
            });
            let total = plural(found.len(), "segment", "segments");
            output::lines(
                std::iter::once(header)
                    .chain(lines)
                    .chain(std::iter::once(total)),
            )
        }
    }
}
