//! `marginalia relate`: a relation of a type between two spans of one
//! document.

use std::path::PathBuf;

use marginalia::model::Edit;
use marginalia::session::annotator;

use super::error::CliError;
use super::project_file;
use super::relation_args::RelationArgs;

/// Relate two spans of a document with a relation type.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[command(flatten)]
    relation: RelationArgs,
    /// Who made the relation (default: $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    annotator: Option<String>,
    /// A note on the relation.
    #[arg(long, default_value = "")]
    note: String,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let annotator = annotator::for_command(args.annotator);
    let relation = args
        .relation
        .relation(project, &annotator)?
        .with_note(args.note);
    let doc = args.relation.doc;
    let said = format!(
        "related in {doc}: {}..{} {} {}..{} (by {annotator})",
        relation.from.start, relation.from.end, relation.kind, relation.to.start, relation.to.end
    );
    project_file::apply_and_save(
        project,
        path,
        Edit::AddRelation {
            doc,
            relation: Box::new(relation),
        },
    )?;
    println!("{said}");
    Ok(())
}
