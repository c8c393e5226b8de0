//! `marginalia theme list`: the codebook as a tree with span counts, or
//! as JSON.

use std::path::PathBuf;

use marginalia::model::{Project, Theme};

use crate::cli::error::CliError;
use crate::cli::output::{self, TableOrJson};
use crate::cli::project_file;

/// List the codebook as a tree with span counts (or as JSON).
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// table or json.
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
}

/// One theme as `theme list --format json` writes it.
#[derive(serde::Serialize)]
struct ThemeRow<'a> {
    id: &'a str,
    label: &'a str,
    /// The labels from the top of the tree, joined with `/`.
    path: String,
    color: String,
    key: Option<String>,
    parent: Option<&'a str>,
    description: &'a str,
    rules: &'a [String],
    /// Spans of this theme itself.
    spans: usize,
    /// Spans of this theme and every theme under it.
    spans_with_children: usize,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let project = project_file::load(&args.project)?;
    let project = &project;
    let own = |id: &str| -> usize {
        project
            .documents()
            .iter()
            .map(|d| d.spans().count_with_theme(id))
            .sum()
    };
    let rows: Vec<ThemeRow> = tree_order(project)
        .into_iter()
        .map(|(t, _)| ThemeRow {
            id: &t.id,
            label: &t.label,
            path: project.theme_path(&t.id).unwrap_or_default(),
            color: t.color.to_string(),
            key: t.key.map(String::from),
            parent: t.parent.as_deref(),
            description: &t.description,
            rules: &t.rules,
            spans: own(&t.id),
            spans_with_children: project
                .themes()
                .iter()
                .filter(|u| project.is_within(&u.id, &t.id))
                .map(|u| own(&u.id))
                .sum(),
        })
        .collect();
    match args.format {
        TableOrJson::Json => output::json(&rows),
        TableOrJson::Table => {
            println!(
                "{:<40} {:<24} {:<8} {:>3} {:>7} {:>7}  rules",
                "theme", "id", "colour", "key", "spans", "in tree"
            );
            for ((_, depth), row) in tree_order(project).into_iter().zip(&rows) {
                println!(
                    "{:<40} {:<24} {:<8} {:>3} {:>7} {:>7}  {}",
                    format!("{}{}", "  ".repeat(depth), row.label),
                    row.id,
                    row.color,
                    row.key.as_deref().unwrap_or(""),
                    row.spans,
                    row.spans_with_children,
                    row.rules.join(" | ")
                );
            }
            Ok(())
        }
    }
}

/// The themes depth first (each under its parent, siblings in codebook
/// order), with their depth.
fn tree_order(project: &Project) -> Vec<(&Theme, usize)> {
    fn visit<'p>(
        project: &'p Project,
        theme: &'p Theme,
        depth: usize,
        out: &mut Vec<(&'p Theme, usize)>,
    ) {
        if out.iter().any(|(t, _)| t.id == theme.id) {
            return;
        }
        out.push((theme, depth));
        for child in project.children(&theme.id) {
            visit(project, child, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    for t in project.themes().iter().filter(|t| {
        t.parent
            .as_deref()
            .is_none_or(|p| project.theme(p).is_none())
    }) {
        visit(project, t, 0, &mut out);
    }
    out
}
