//! The flags that name one span, shared by `tag` and `untag`.

use marginalia::model::Project;

use super::error::CliError;
use super::project_file;

/// Which span: document, range and theme.
#[derive(clap::Args)]
pub struct SpanArgs {
    /// Document id.
    #[arg(long)]
    pub doc: String,
    /// First code point (inclusive, from 0).
    #[arg(long)]
    pub start: usize,
    /// End code point (exclusive).
    #[arg(long)]
    pub end: usize,
    /// Theme id or label.
    #[arg(long)]
    pub theme: String,
}

impl SpanArgs {
    /// The span's theme (given by id or label) as its id in `project`.
    pub fn theme_id(&self, project: &Project) -> Result<String, CliError> {
        project_file::theme_id(project, &self.theme)
    }
}
