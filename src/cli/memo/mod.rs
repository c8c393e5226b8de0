//! `marginalia memo …`: memos from the command line, one file per
//! subcommand, and the link flags they share. A command that writes
//! checks all its input first: on an error it prints why, exits 1 and
//! leaves the project file as it was.

use marginalia::model::{MemoLink, Project};

use super::error::CliError;
use super::project_file;
use super::span_spec;

mod add;
mod edit;
mod remove;

/// `marginalia memo ...`.
#[derive(clap::Subcommand)]
pub enum Command {
    Add(add::Args),
    Edit(edit::Args),
    Remove(remove::Args),
}

pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Add(args) => add::run(args),
        Command::Edit(args) => edit::run(args),
        Command::Remove(args) => remove::run(args),
    }
}

/// Objects to link a memo to.
#[derive(clap::Args, Default)]
pub struct LinkArgs {
    /// Link to this document (repeatable).
    #[arg(long = "doc", value_name = "ID")]
    docs: Vec<String>,
    /// Link to this theme, by id or label (repeatable).
    #[arg(long = "theme", value_name = "THEME")]
    themes: Vec<String>,
    /// Link to this span: DOC:START..END, with :THEME when two spans share
    /// the range (repeatable).
    #[arg(long = "span", value_name = "DOC:S..E[:THEME]")]
    spans: Vec<String>,
}

impl LinkArgs {
    /// Whether no link was given.
    fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.themes.is_empty() && self.spans.is_empty()
    }

    /// The links, each checked: a missing document, theme or span (or an
    /// ambiguous one) is refused, naming it. A span by `author` is
    /// preferred when several annotators' spans match.
    fn links(&self, project: &Project, author: &str) -> Result<Vec<MemoLink>, CliError> {
        let mut links = Vec::new();
        for doc in &self.docs {
            span_spec::document(project, doc)?;
            links.push(MemoLink::Document { doc: doc.clone() });
        }
        for theme in &self.themes {
            let theme = project_file::theme_id(project, theme)?;
            links.push(MemoLink::Theme { theme });
        }
        for given in &self.spans {
            let (doc, spec) = span_spec::parse_doc_span(given)
                .map_err(|e| CliError::failed(format!("--span: {e}; nothing was changed")))?;
            let span = span_spec::find(project, &doc, &spec, Some(author))?;
            links.push(MemoLink::Span { doc, span });
        }
        Ok(links)
    }
}
