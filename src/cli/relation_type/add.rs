//! `marginalia relation-type add`: a new kind of relation between spans.

use std::path::PathBuf;

use marginalia::model::palette::unused_color;
use marginalia::model::{Edit, RelationType};

use crate::cli::error::CliError;
use crate::cli::project_file;
use crate::cli::theme::parse_color;

/// Add a relation type to the codebook.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[arg(long)]
    label: String,
    /// Stable id (default: made from the label).
    #[arg(long)]
    id: Option<String>,
    /// Colour #rrggbb (default: one no theme or relation type uses yet).
    #[arg(long)]
    color: Option<String>,
    /// The relation has no direction (its ends are stored in text order).
    #[arg(long)]
    undirected: bool,
    /// A theme (id or label) allowed at the from end (repeatable; default:
    /// any theme).
    #[arg(long = "from-theme", value_name = "THEME")]
    from_themes: Vec<String>,
    /// A theme (id or label) allowed at the to end (repeatable; default:
    /// any theme).
    #[arg(long = "to-theme", value_name = "THEME")]
    to_themes: Vec<String>,
    #[arg(long)]
    description: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let id = args
        .id
        .unwrap_or_else(|| project.new_relation_type_id(&args.label));
    let color = match args.color {
        Some(c) => parse_color(&c)?,
        None => unused_color(
            project
                .themes()
                .iter()
                .map(|t| t.color)
                .chain(project.relation_types().iter().map(|t| t.color)),
        ),
    };
    let themes = |given: &[String]| -> Result<Vec<String>, CliError> {
        given
            .iter()
            .map(|t| project_file::theme_id(project, t))
            .collect()
    };
    let mut relation_type = RelationType::new(id.clone(), args.label, color);
    relation_type.directed = !args.undirected;
    relation_type.from_themes = themes(&args.from_themes)?;
    relation_type.to_themes = themes(&args.to_themes)?;
    relation_type.description = args.description.unwrap_or_default();
    let label = relation_type.label.clone();
    project_file::apply_and_save(
        project,
        path,
        Edit::AddRelationType {
            index: usize::MAX,
            relation_type,
        },
    )?;
    println!("added relation type {id} ({label})");
    Ok(())
}
