//! `marginalia memo edit`: change a memo's title or text, link it to more
//! objects or unlink it from some; its modified time becomes now.

use std::path::PathBuf;
use std::time::SystemTime;

use marginalia::model::{Edit, MemoLink, timestamp};

use super::LinkArgs;
use crate::cli::error::CliError;
use crate::cli::project_file;

/// Change a memo's title, text or links.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// The memo's id (`marginalia memos` lists them).
    id: String,
    #[arg(long)]
    title: Option<String>,
    #[arg(long)]
    text: Option<String>,
    /// Objects to link it to.
    #[command(flatten)]
    link: LinkArgs,
    /// Link it to the project.
    #[arg(long)]
    link_project: bool,
    /// Unlink it from this document (repeatable).
    #[arg(long, value_name = "ID")]
    unlink_doc: Vec<String>,
    /// Unlink it from this theme, by id or label (repeatable).
    #[arg(long, value_name = "THEME")]
    unlink_theme: Vec<String>,
    /// Unlink it from this span, DOC:S..E[:THEME] (repeatable).
    #[arg(long, value_name = "DOC:S..E[:THEME]")]
    unlink_span: Vec<String>,
    /// Unlink it from the project.
    #[arg(long)]
    unlink_project: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let id = args.id.as_str();
    let mut memo = project
        .memo(id)
        .ok_or_else(|| format!("there is no memo with id {id:?}; nothing was changed"))?
        .clone();
    let author = memo.author.clone();
    let mut added = args.link.links(project, &author)?;
    if args.link_project {
        added.push(MemoLink::Project);
    }
    let unlink = LinkArgs {
        docs: args.unlink_doc,
        themes: args.unlink_theme,
        spans: args.unlink_span,
    };
    let mut removed = unlink.links(project, &author)?;
    if args.unlink_project {
        removed.push(MemoLink::Project);
    }
    for link in &removed {
        if !memo.links_to(link) {
            return Err(CliError::failed(format!(
                "memo {id:?} is not linked to {link}; nothing was changed"
            )));
        }
    }
    let nothing = args.title.is_none() && args.text.is_none() && added.is_empty();
    if nothing && removed.is_empty() {
        return Err(CliError::failed(format!(
            "nothing to change in memo {id:?}: give --title, --text, a link flag or an --unlink-… flag"
        )));
    }
    memo.links.retain(|l| !removed.contains(l));
    for link in added {
        if !memo.links_to(&link) {
            memo.links.push(link);
        }
    }
    if let Some(title) = args.title {
        memo.title = title;
    }
    if let Some(text) = args.text {
        memo.text = text;
    }
    memo.modified = timestamp(SystemTime::now());
    project_file::apply_and_save(project, path, Edit::UpdateMemo { memo })?;
    println!("edited memo {id}");
    Ok(())
}
