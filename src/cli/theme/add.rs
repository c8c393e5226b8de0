//! `marginalia theme add`: a new theme in the codebook.

use std::path::PathBuf;

use marginalia::model::palette::unused_color;
use marginalia::model::{Edit, Theme};

use super::{parse_color, parse_key};
use crate::cli::error::CliError;
use crate::cli::project_file;

/// Add a theme to the codebook.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[arg(long)]
    label: String,
    /// Stable id (default: made from the label).
    #[arg(long)]
    id: Option<String>,
    /// Colour #rrggbb (default: one no theme uses yet).
    #[arg(long)]
    color: Option<String>,
    /// Single-key shortcut in the window.
    #[arg(long)]
    key: Option<String>,
    /// Parent theme (id or label).
    #[arg(long)]
    parent: Option<String>,
    #[arg(long)]
    description: Option<String>,
    /// A word, phrase or /regex/ that suggests spans (repeatable).
    #[arg(long = "rule")]
    rules: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let id = args.id.unwrap_or_else(|| project.new_theme_id(&args.label));
    let color = match args.color {
        Some(c) => parse_color(&c)?,
        None => unused_color(project.themes().iter().map(|t| t.color)),
    };
    let parent = args
        .parent
        .map(|p| project_file::theme_id(project, &p))
        .transpose()?;
    let mut theme = Theme::new(id.clone(), args.label, color);
    theme.key = args.key.as_deref().map(parse_key).transpose()?.flatten();
    theme.parent = parent;
    theme.description = args.description.unwrap_or_default();
    theme.rules = args.rules;
    let path_label = theme.label.clone();
    project_file::apply_and_save(
        project,
        path,
        Edit::AddTheme {
            index: usize::MAX,
            theme,
        },
    )?;
    println!(
        "added theme {id} ({})",
        project.theme_path(&id).unwrap_or(path_label)
    );
    Ok(())
}
