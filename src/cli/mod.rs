//! The team commands: annotator states, merging, diffs and agreement.
//! Each group of commands has its own file; `main.rs` only dispatches.

mod agree;
pub mod corpus;
pub mod import;
mod merge;
pub mod new;
mod state;

pub use corpus::CorpusCommand;
// Coding faster: tag-all, suggest and the codebook commands.
pub mod coding;
pub use coding::CodingCommand;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// Commands for work shared between annotators.
#[derive(Subcommand)]
pub enum TeamCommand {
    /// Mark a document done for an annotator (or, with --undo, back in progress).
    Done {
        project: PathBuf,
        /// Document id.
        #[arg(long)]
        doc: String,
        /// Whose state (default: $MARGINALIA_ANNOTATOR, else $USER).
        #[arg(long)]
        annotator: Option<String>,
        /// Set the document back to in progress.
        #[arg(long)]
        undo: bool,
    },
    /// Write the union of two projects to OUT (refused, naming what, when
    /// one document id holds two texts or one theme id two labels or colours).
    Merge {
        ours: PathBuf,
        theirs: PathBuf,
        /// The merged project file to write.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Three-way merge for git (`merge.marginalia.driver`): writes the
    /// merge into OURS; exit 0 when clean, 1 with conflicts listed on
    /// stderr (resolved to ours), 2 when an input cannot be read.
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
    },
    /// List in words what changed from project A to project B. Also takes
    /// the seven arguments git passes to `diff.marginalia.command`.
    Diff {
        #[arg(num_args = 2..=7, required = true)]
        files: Vec<PathBuf>,
    },
    /// Inter-annotator agreement per theme and overall: Cohen's κ per pair,
    /// Fleiss' κ, Krippendorff's α and span F1 (exact and overlap).
    Agree {
        project: PathBuf,
        /// Annotators to compare, comma-separated (default: everyone with a
        /// span in the compared documents).
        #[arg(long, value_delimiter = ',')]
        annotators: Vec<String>,
        /// Only this document (repeatable; default: those where every
        /// compared annotator has a span or is marked done).
        #[arg(long = "doc")]
        docs: Vec<String>,
        /// table or json.
        #[arg(long, default_value = "table")]
        format: String,
        /// Count every theme as its top-level theme: one row per top-level
        /// theme, a span of a theme under it counting as its own.
        #[arg(long)]
        roll_up: bool,
    },
}

/// Runs a team command, printing its error, and gives the exit status.
pub fn run(command: TeamCommand) -> ExitCode {
    let result = match command {
        TeamCommand::Done {
            project,
            doc,
            annotator,
            undo,
        } => state::done(&project, &doc, annotator, undo),
        TeamCommand::Merge {
            ours,
            theirs,
            output,
        } => merge::union(&ours, &theirs, &output),
        TeamCommand::MergeDriver { base, ours, theirs } => {
            return merge::driver(&base, &ours, &theirs);
        }
        TeamCommand::Diff { files } => merge::diff(&files),
        TeamCommand::Agree {
            project,
            annotators,
            docs,
            format,
            roll_up,
        } => agree::agree(&project, annotators, docs, &format, roll_up),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
