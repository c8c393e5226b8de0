//! `marginalia theme …`: the codebook from the command line, one file per
//! subcommand. Every command that writes checks all its input first: on an
//! error it prints why, exits 1 and leaves the project file as it was.

use marginalia::model::Color;

use super::error::CliError;

mod add;
mod edit;
mod import;
mod list;
mod merge;

/// `marginalia theme ...`.
#[derive(clap::Subcommand)]
pub enum Command {
    Add(add::Args),
    Edit(edit::Args),
    List(list::Args),
    Merge(merge::Args),
    Import(import::Args),
}

pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Add(args) => add::run(args),
        Command::Edit(args) => edit::run(args),
        Command::List(args) => list::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Import(args) => import::run(args),
    }
}

/// A `--color #rrggbb`, or why it is not one.
pub(super) fn parse_color(text: &str) -> Result<Color, CliError> {
    text.parse::<Color>()
        .map_err(|e| CliError::failed(format!("{e}; nothing was changed")))
}

/// A `--key`: one character, or none for an empty string.
fn parse_key(text: &str) -> Result<Option<char>, CliError> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Ok(None),
        (Some(c), None) => Ok(Some(c)),
        _ => Err(CliError::failed(format!(
            "the key {text:?} is more than one character; a shortcut is a single key; nothing was changed"
        ))),
    }
}
