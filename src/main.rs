//! The `marginalia` command: without a subcommand it opens the window;
//! subcommands do headless work on project files, one file per command
//! in `cli/`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

mod cli;
#[cfg(test)]
mod command_line_reference;
mod window;

use cli::CliError;

/// Tag spans of text with themes.
#[derive(Parser)]
#[command(
    name = "marginalia",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Project to open in the window (default: the bundled example, else the last project).
    project: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<cli::Command>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(command) => {
            end_quietly_on_closed_pipe();
            command.run()
        }
        None => window::open(cli.project).map_err(CliError::failed),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            error.exit_code()
        }
    }
}

/// A command whose output is piped into a reader that stops early
/// (`marginalia segments P | head`) ends there, silently, as Unix tools
/// do, instead of failing with "Broken pipe". Rust ignores SIGPIPE by
/// default; the window keeps that (a closed socket must not kill it), the
/// command line takes the default back. Project files are written to a
/// temporary file and renamed, so ending mid-output never leaves a
/// half-written project.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called at the start of `main`, before any thread is started,
    // to set one signal's disposition to the default; no handler runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
