//! `marginalia attr`: document attributes, set one document at a time or
//! in bulk from a CSV file, removed, or listed.

use std::path::PathBuf;

use marginalia::analysis::segments;
use marginalia::formats::attributes;
use marginalia::model::{Edit, Project, plural};

use super::error::CliError;
use super::project_file;

/// Set document attributes: `--doc ID NAME=VALUE...`, or in bulk
/// `--from FILE.csv` (header `document` then one column per
/// attribute). Without either, lists every document's attributes.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// The document to change.
    #[arg(long, conflicts_with = "from")]
    doc: Option<String>,
    /// NAME=VALUE pairs to set on --doc (`NAME=` removes NAME).
    #[arg(requires = "doc")]
    assignments: Vec<String>,
    /// A CSV file: header `document,NAME,...`, one row per document;
    /// an empty cell removes that attribute from that document.
    #[arg(long, value_name = "FILE.csv")]
    from: Option<PathBuf>,
    /// Remove the attribute NAME (from --doc, else from every document).
    #[arg(long, value_name = "NAME", conflicts_with = "from")]
    remove: Vec<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let Args {
        project: path,
        doc,
        assignments,
        from,
        remove,
    } = args;
    let path = path.as_path();
    if from.is_none() && assignments.is_empty() && remove.is_empty() {
        return list_attributes(&project_file::load(path)?, doc.as_deref());
    }
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let unchanged = |e: String| format!("{e}; nothing was changed");
    let (edit, summary) = if let Some(csv) = &from {
        let plan = attributes::plan(project, csv).map_err(|e| unchanged(e.to_string()))?;
        let summary = format!(
            "{}: {} set, {} removed, on {}",
            csv.display(),
            plural(plan.set, "value", "values"),
            plan.removed,
            plural(plan.documents, "document", "documents")
        );
        (plan.edit, summary)
    } else {
        let targets: Vec<String> = match &doc {
            Some(id) => {
                if project.document(id).is_none() {
                    return Err(unchanged(format!("there is no document with id {id:?}")).into());
                }
                vec![id.clone()]
            }
            None => project.documents().iter().map(|d| d.id.clone()).collect(),
        };
        let mut edits = Vec::new();
        for a in &assignments {
            let (name, value) = segments::parse_condition(a)
                .map_err(|_| unchanged(format!("{a:?} is not of the form NAME=VALUE")))?;
            for id in &targets {
                edits.push(Edit::SetAttribute {
                    doc: id.clone(),
                    name: name.clone(),
                    value: (!value.is_empty()).then(|| value.clone()),
                });
            }
        }
        for name in &remove {
            for id in &targets {
                let has = project
                    .document(id)
                    .is_some_and(|d| d.attribute(name).is_some());
                if has {
                    edits.push(Edit::SetAttribute {
                        doc: id.clone(),
                        name: name.clone(),
                        value: None,
                    });
                }
            }
        }
        let n = edits.len();
        (
            Edit::Batch(edits),
            plural(n, "attribute change", "attribute changes"),
        )
    };
    project_file::apply_and_save(project, path, edit)?;
    println!("{summary}");
    if let Some(id) = doc {
        list_attributes(project, Some(&id))?;
    }
    Ok(())
}

/// One line per document: its id, then `NAME=VALUE` per attribute, tab
/// separated.
fn list_attributes(project: &Project, doc: Option<&str>) -> Result<(), CliError> {
    let docs: Vec<_> = match doc {
        Some(id) => vec![
            project
                .document(id)
                .ok_or_else(|| format!("there is no document with id {id:?}"))?,
        ],
        None => project.documents().iter().collect(),
    };
    for d in docs {
        let values: Vec<String> = d
            .attributes()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!("{}\t{}", d.id, values.join("\t"));
    }
    Ok(())
}
