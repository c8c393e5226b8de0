//! `marginalia theme edit`: change a theme's label, colour, key, parent,
//! description or rules.

use std::path::PathBuf;

use marginalia::model::Edit;

use super::{parse_color, parse_key};
use crate::cli::error::CliError;
use crate::cli::project_file;

/// Change a theme (given by id or label).
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    theme: String,
    #[arg(long)]
    label: Option<String>,
    #[arg(long)]
    color: Option<String>,
    /// Single-key shortcut; an empty string removes it.
    #[arg(long)]
    key: Option<String>,
    /// Move under this theme (id or label).
    #[arg(long, conflicts_with = "no_parent")]
    parent: Option<String>,
    /// Move to the top of the tree.
    #[arg(long)]
    no_parent: bool,
    #[arg(long)]
    description: Option<String>,
    /// Add a word, phrase or /regex/ rule (repeatable).
    #[arg(long = "add-rule")]
    add_rules: Vec<String>,
    /// Remove a rule, written as listed (repeatable).
    #[arg(long = "remove-rule")]
    remove_rules: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let mut t = project
        .resolve_theme(&args.theme)
        .map_err(|e| e.to_string())?
        .clone();
    let id = t.id.clone();
    if let Some(label) = args.label {
        t.label = label;
    }
    if let Some(color) = args.color {
        t.color = parse_color(&color)?;
    }
    if let Some(key) = args.key {
        t.key = parse_key(&key)?;
    }
    if let Some(parent) = args.parent {
        t.parent = Some(project_file::theme_id(project, &parent)?);
    }
    if args.no_parent {
        t.parent = None;
    }
    if let Some(description) = args.description {
        t.description = description;
    }
    for rule in &args.remove_rules {
        let Some(i) = t.rules.iter().position(|r| r == rule) else {
            return Err(CliError::failed(format!(
                "theme {id:?} has no rule {rule:?} (its rules: {}); nothing was changed",
                if t.rules.is_empty() {
                    "none".into()
                } else {
                    t.rules.join(", ")
                }
            )));
        };
        t.rules.remove(i);
    }
    for rule in args.add_rules {
        if !t.rules.contains(&rule) {
            t.rules.push(rule);
        }
    }
    project_file::apply_and_save(project, path, Edit::UpdateTheme { theme: t })?;
    println!(
        "changed theme {id} ({})",
        project.theme_path(&id).unwrap_or_default()
    );
    Ok(())
}
