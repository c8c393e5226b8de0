//! `marginalia memos`: every memo by modified time (oldest first), as a
//! table, JSON Lines or a Markdown journal (`marginalia::analysis::memos`).

use std::path::PathBuf;

use marginalia::analysis::memos::{self, MemoRow};
use marginalia::model::{Memo, plural};

use super::error::CliError;
use super::output::{self, TableJsonlOrMarkdown, one_line};
use super::project_file;

/// List the memos by modified time.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// table, jsonl or markdown.
    #[arg(long, value_enum, default_value_t = TableJsonlOrMarkdown::Table)]
    format: TableJsonlOrMarkdown,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let project = project_file::load(&args.project)?;
    let found = memos::by_modified(&project);
    match args.format {
        TableJsonlOrMarkdown::Jsonl => output::jsonl(found.iter().map(|m| MemoRow::from(*m))),
        TableJsonlOrMarkdown::Markdown => output::text(&journal(project.name(), &found)),
        TableJsonlOrMarkdown::Table => {
            let header = format!(
                "{:<20} {:<20} {:<24} {:<12} {:<30} links",
                "modified", "id", "title", "author", "text"
            );
            let lines = found.iter().map(|m| {
                format!(
                    "{:<20} {:<20} {:<24} {:<12} {:<30} {}",
                    m.modified,
                    m.id,
                    one_line(&m.title, 24),
                    one_line(&m.author, 12),
                    one_line(&m.text, 30),
                    m.links
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            });
            let total = plural(found.len(), "memo", "memos");
            output::lines(
                std::iter::once(header)
                    .chain(lines)
                    .chain(std::iter::once(total)),
            )
        }
    }
}

/// The memos as a Markdown journal: a heading per day of modification,
/// then each memo with its title, author, times, links and text.
fn journal(name: &str, memos: &[&Memo]) -> String {
    let mut out = format!("# {name}: memos\n");
    let mut day = "";
    for m in memos {
        let this_day = m.modified.get(..10).unwrap_or(&m.modified);
        if this_day != day {
            day = this_day;
            out.push_str(&format!("\n## {day}\n"));
        }
        out.push_str(&format!(
            "\n### {}\n\n*{} · `{}` · created {} · modified {}*\n\n",
            m.title, m.author, m.id, m.created, m.modified
        ));
        for link in &m.links {
            out.push_str(&format!("- linked to {link}\n"));
        }
        if !m.links.is_empty() {
            out.push('\n');
        }
        for line in m.text.lines() {
            out.push_str(&format!("> {line}\n"));
        }
    }
    out
}
