//! `marginalia relation-type …`: the codebook's relation types from the
//! command line, one file per subcommand. A command that writes checks
//! all its input first: on an error it prints why, exits 1 and leaves the
//! project file as it was.

use super::error::CliError;

mod add;
mod list;

/// `marginalia relation-type ...`.
#[derive(clap::Subcommand)]
pub enum Command {
    Add(add::Args),
    List(list::Args),
}

pub fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Add(args) => add::run(args),
        Command::List(args) => list::run(args),
    }
}
