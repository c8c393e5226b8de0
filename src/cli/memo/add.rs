//! `marginalia memo add`: a memo linked to documents, themes or spans, or
//! to the project when no link is given.

use std::path::PathBuf;
use std::time::SystemTime;

use marginalia::model::{Edit, Memo, MemoLink, slug, timestamp};
use marginalia::session::annotator;

use super::LinkArgs;
use crate::cli::error::CliError;
use crate::cli::project_file;

/// Write a memo, linked to documents, themes, spans or the project.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    #[arg(long)]
    title: String,
    /// The memo's text (line breaks kept).
    #[arg(long)]
    text: String,
    /// Stable id (default: made from the title).
    #[arg(long)]
    id: Option<String>,
    /// Who wrote it (default: $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    author: Option<String>,
    #[command(flatten)]
    links: LinkArgs,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let author = annotator::for_command(args.author);
    let links = if args.links.is_empty() {
        vec![MemoLink::Project]
    } else {
        args.links.links(project, &author)?
    };
    let id = match args.id {
        Some(id) => id,
        None => {
            let base = slug(&args.title);
            project.unique_memo_id(if base.is_empty() { "memo" } else { &base })
        }
    };
    let now = timestamp(SystemTime::now());
    let memo = Memo::new(id.clone(), args.title, args.text, author, now).with_links(links);
    let linked: Vec<String> = memo.links.iter().map(|l| l.to_string()).collect();
    project_file::apply_and_save(
        project,
        path,
        Edit::AddMemo {
            index: usize::MAX,
            memo,
        },
    )?;
    println!("added memo {id}, linked to {}", linked.join("; "));
    Ok(())
}
