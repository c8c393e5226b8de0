//! The command line: one file per command, named after it (`tag-all` in
//! `tag_all.rs`), holding its clap `Args` and its `run`; a group of
//! subcommands is a folder (`theme/`). `Command` below is the one list of
//! commands; the helpers every command shares are `project_file` (load,
//! claim, save), `output` (`--format` values, tables, CSV, JSON) and
//! `error` (the error and its exit status).

pub mod error;
mod output;
mod project_file;
mod span_args;

mod agree;
mod attr;
mod cooccur;
mod diff;
mod done;
mod export;
mod import;
mod merge;
mod merge_driver;
mod new;
mod recover;
mod report;
mod segments;
mod stats;
mod suggest;
mod tag;
mod tag_all;
mod theme;
mod untag;
mod validate;

pub use error::CliError;

/// Every command, in the order `marginalia --help` lists them. The help
/// line of each is the doc comment of its `Args`.
#[derive(clap::Subcommand)]
pub enum Command {
    New(new::Args),
    Import(import::Args),
    Tag(tag::Args),
    Untag(untag::Args),
    Export(export::Args),
    Recover(recover::Args),
    Validate(validate::Args),
    Done(done::Args),
    Merge(merge::Args),
    MergeDriver(merge_driver::Args),
    Diff(diff::Args),
    Agree(agree::Args),
    Attr(attr::Args),
    Segments(segments::Args),
    Stats(stats::Args),
    Cooccur(cooccur::Args),
    Report(report::Args),
    TagAll(tag_all::Args),
    Suggest(suggest::Args),
    /// Edit or list the codebook.
    #[command(subcommand)]
    Theme(theme::Command),
}

impl Command {
    /// Runs the command.
    pub fn run(self) -> Result<(), CliError> {
        match self {
            Command::New(args) => new::run(args),
            Command::Import(args) => import::run(args),
            Command::Tag(args) => tag::run(args),
            Command::Untag(args) => untag::run(args),
            Command::Export(args) => export::run(args),
            Command::Recover(args) => recover::run(args),
            Command::Validate(args) => validate::run(args),
            Command::Done(args) => done::run(args),
            Command::Merge(args) => merge::run(args),
            Command::MergeDriver(args) => merge_driver::run(args),
            Command::Diff(args) => diff::run(args),
            Command::Agree(args) => agree::run(args),
            Command::Attr(args) => attr::run(args),
            Command::Segments(args) => segments::run(args),
            Command::Stats(args) => stats::run(args),
            Command::Cooccur(args) => cooccur::run(args),
            Command::Report(args) => report::run(args),
            Command::TagAll(args) => tag_all::run(args),
            Command::Suggest(args) => suggest::run(args),
            Command::Theme(command) => theme::run(command),
        }
    }
}
