//! `marginalia relations`: the relations between spans, as a table, CSV
//! or JSON Lines, sorted by document, then from start, to start and type
//! (`marginalia::analysis::relations`).

use std::path::PathBuf;

use serde::Serialize;

use marginalia::analysis::relations::{self, RelationRow};
use marginalia::analysis::tables;
use marginalia::model::plural;

use super::error::CliError;
use super::output::{self, TableCsvOrJsonl, one_line};
use super::project_file;

/// List the relations between spans.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// Only relations in these documents (repeatable; default: all).
    #[arg(long, value_name = "ID")]
    doc: Vec<String>,
    /// Only relations of these types, by id or label (repeatable; default: all).
    #[arg(long = "type", value_name = "TYPE")]
    kind: Vec<String>,
    /// table, csv or jsonl.
    #[arg(long, value_enum, default_value_t = TableCsvOrJsonl::Table)]
    format: TableCsvOrJsonl,
}

/// One line of `relations --format jsonl` (and a CSV row): exactly these
/// keys, in this order; offsets in code points.
#[derive(Serialize)]
struct Row<'p> {
    document: &'p str,
    #[serde(rename = "type")]
    kind: &'p str,
    from_start: usize,
    from_end: usize,
    from_theme: &'p str,
    from_text: &'p str,
    to_start: usize,
    to_end: usize,
    to_theme: &'p str,
    to_text: &'p str,
    annotator: &'p str,
    note: &'p str,
}

impl<'p> From<&RelationRow<'p>> for Row<'p> {
    fn from(r: &RelationRow<'p>) -> Self {
        let rel = r.relation;
        Row {
            document: &r.document.id,
            kind: &rel.kind,
            from_start: rel.from.start,
            from_end: rel.from.end,
            from_theme: &rel.from.theme,
            from_text: r.from_text(),
            to_start: rel.to.start,
            to_end: rel.to.end,
            to_theme: &rel.to.theme,
            to_text: r.to_text(),
            annotator: &rel.annotator,
            note: &rel.note,
        }
    }
}

const KEYS: [&str; 12] = [
    "document",
    "type",
    "from_start",
    "from_end",
    "from_theme",
    "from_text",
    "to_start",
    "to_end",
    "to_theme",
    "to_text",
    "annotator",
    "note",
];

pub fn run(args: Args) -> Result<(), CliError> {
    let project = project_file::load(&args.project)?;
    let found = relations::rows(&project, &args.doc, &args.kind)?;
    let rows = found.iter().map(Row::from);
    match args.format {
        TableCsvOrJsonl::Jsonl => output::jsonl(rows),
        TableCsvOrJsonl::Csv => {
            let header = KEYS.iter().map(|k| k.to_string()).collect();
            let body = rows.map(|r| {
                vec![
                    r.document.to_owned(),
                    r.kind.to_owned(),
                    r.from_start.to_string(),
                    r.from_end.to_string(),
                    r.from_theme.to_owned(),
                    r.from_text.to_owned(),
                    r.to_start.to_string(),
                    r.to_end.to_string(),
                    r.to_theme.to_owned(),
                    r.to_text.to_owned(),
                    r.annotator.to_owned(),
                    r.note.to_owned(),
                ]
            });
            output::text(&tables::to_csv(std::iter::once(header).chain(body)))
        }
        TableCsvOrJsonl::Table => {
            let header = format!(
                "{:<16} {:<12} {:>13} {:<24} {:>13} {:<24} annotator",
                "document", "type", "from", "from text", "to", "to text"
            );
            let lines = rows.map(|r| {
                format!(
                    "{:<16} {:<12} {:>13} {:<24} {:>13} {:<24} {}",
                    r.document,
                    r.kind,
                    format!("{}..{}", r.from_start, r.from_end),
                    one_line(r.from_text, 24),
                    format!("{}..{}", r.to_start, r.to_end),
                    one_line(r.to_text, 24),
                    r.annotator
                )
            });
            let total = plural(found.len(), "relation", "relations");
            output::lines(
                std::iter::once(header)
                    .chain(lines)
                    .chain(std::iter::once(total)),
            )
        }
    }
}
