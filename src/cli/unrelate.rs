//! `marginalia unrelate`: remove the relation(s) of a type between two
//! spans.

use std::path::PathBuf;

use marginalia::model::{Edit, plural};

use super::error::CliError;
use super::project_file;
use super::relation_args::RelationArgs;

/// Remove the relation(s) of a type between two spans of a document.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[command(flatten)]
    relation: RelationArgs,
    /// Only the relation of this annotator (default: every annotator's).
    #[arg(long)]
    annotator: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let doc = args.relation.doc.as_str();
    // The ends and the type, found as `relate` finds them.
    let probe = args
        .relation
        .relation(project, args.annotator.as_deref().unwrap_or(""))?;
    let document = project
        .document(doc)
        .ok_or_else(|| format!("there is no document with id {doc:?}"))?;
    let edits: Vec<Edit> = document
        .relations()
        .iter()
        .filter(|r| r.from == probe.from && r.to == probe.to && r.kind == probe.kind)
        .filter(|r| args.annotator.as_ref().is_none_or(|a| &r.annotator == a))
        .map(|r| Edit::RemoveRelation {
            doc: doc.to_owned(),
            relation: Box::new(r.clone()),
        })
        .collect();
    if edits.is_empty() {
        return Err(CliError::failed(format!(
            "document {doc:?} has no relation {:?} from span {} to span {}{}; nothing was changed",
            probe.kind,
            probe.from,
            probe.to,
            args.annotator
                .map_or(String::new(), |a| format!(" by {a:?}"))
        )));
    }
    let n = edits.len();
    let said = format!(
        "removed {} {} from {}..{} to {}..{} in {doc}",
        plural(n, "relation", "relations"),
        probe.kind,
        probe.from.start,
        probe.from.end,
        probe.to.start,
        probe.to.end
    );
    project_file::apply_and_save(project, path, Edit::Batch(edits))?;
    println!("{said}");
    Ok(())
}
