//! The command line: one file per command, named after it (`tag-all` in
//! `tag_all.rs`), holding its clap `Args` and its `run`; a group of
//! subcommands is a folder (`theme/`). `Command` below is the one list of
//! commands; the helpers every command shares are `project_file` (load,
//! claim, save), `output` (`--format` values, tables, CSV, JSON) and
//! `error` (the error and its exit status).

pub mod error;
mod output;
mod project_file;
mod relation_args;
mod span_args;
mod span_spec;

mod agree;
mod attr;
mod cooccur;
mod diff;
mod done;
mod export;
mod import;
mod memo;
mod memos;
mod merge;
mod merge_driver;
mod new;
mod recover;
mod relate;
mod relation_type;
mod relations;
mod report;
mod segments;
mod stats;
mod suggest;
mod tag;
mod tag_all;
mod theme;
mod unrelate;
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
    /// Edit or list the codebook's relation types.
    #[command(subcommand)]
    RelationType(relation_type::Command),
    Relate(relate::Args),
    Unrelate(unrelate::Args),
    Relations(relations::Args),
    /// Write, edit or remove memos.
    #[command(subcommand)]
    Memo(memo::Command),
    Memos(memos::Args),
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
            Command::RelationType(command) => relation_type::run(command),
            Command::Relate(args) => relate::run(args),
            Command::Unrelate(args) => unrelate::run(args),
            Command::Relations(args) => relations::run(args),
            Command::Memo(command) => memo::run(command),
            Command::Memos(args) => memos::run(args),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use clap::CommandFactory;

    /// The files of `src/cli/` that every command shares; every other file
    /// is a command.
    const SHARED: [&str; 7] = [
        "mod.rs",
        "error.rs",
        "output.rs",
        "project_file.rs",
        "relation_args.rs",
        "span_args.rs",
        "span_spec.rs",
    ];

    fn cli_folder() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli")
    }

    /// Every `.rs` file under `src/cli/`, relative to it.
    fn files(folder: &Path, relative: &Path, out: &mut BTreeSet<PathBuf>) {
        let entries =
            std::fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            let name = relative.join(entry.file_name());
            if path.is_dir() {
                files(&path, &name, out);
            } else if name.extension().is_some_and(|e| e == "rs") {
                out.insert(name);
            }
        }
    }

    /// The file each command of the parser lives in: `tag-all` in
    /// `tag_all.rs`, `theme add` in `theme/add.rs` (the group's clap enum
    /// in `theme/mod.rs`).
    fn command_files() -> BTreeSet<PathBuf> {
        let mut expected = BTreeSet::new();
        let cli = crate::Cli::command();
        for command in cli.get_subcommands().filter(|c| c.get_name() != "help") {
            let name = command.get_name().replace('-', "_");
            if command.has_subcommands() {
                expected.insert(Path::new(&name).join("mod.rs"));
                for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
                    let file = format!("{}.rs", sub.get_name().replace('-', "_"));
                    expected.insert(Path::new(&name).join(file));
                }
            } else {
                expected.insert(PathBuf::from(format!("{name}.rs")));
            }
        }
        expected
    }

    #[test]
    fn every_command_lives_in_the_file_named_after_it_and_every_file_is_a_command_or_shared() {
        let mut on_disk = BTreeSet::new();
        files(&cli_folder(), Path::new(""), &mut on_disk);
        let shared: BTreeSet<PathBuf> = SHARED.iter().map(PathBuf::from).collect();
        let expected: BTreeSet<PathBuf> = command_files().union(&shared).cloned().collect();
        let missing: Vec<_> = expected.difference(&on_disk).collect();
        let stray: Vec<_> = on_disk.difference(&expected).collect();
        assert!(
            missing.is_empty() && stray.is_empty(),
            "src/cli/: commands without their file: {missing:?}; files that are neither a command nor shared: {stray:?}"
        );
        assert!(on_disk.contains(Path::new("tag_all.rs")));
        assert!(on_disk.contains(Path::new("theme/add.rs")));
    }

    /// A path into the binary's root (`main.rs`), spelt so that this
    /// test's own lines do not hold it.
    const CRATE: &str = concat!("crate", "::");

    #[test]
    fn no_file_of_the_command_line_calls_back_into_main() {
        let mut on_disk = BTreeSet::new();
        files(&cli_folder(), Path::new(""), &mut on_disk);
        let mut callbacks = Vec::new();
        for file in &on_disk {
            let text = std::fs::read_to_string(cli_folder().join(file)).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                // `crate::Cli`, the parser, is read by tests only.
                let outside_cli = line
                    .match_indices(CRATE)
                    .map(|(i, _)| &line[i + CRATE.len()..])
                    .any(|rest| !rest.starts_with("cli::") && !rest.starts_with("Cli::"));
                if outside_cli && !line.trim_start().starts_with("//") {
                    callbacks.push(format!(
                        "src/cli/{}:{}: {}",
                        file.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
        assert!(callbacks.is_empty(), "{}", callbacks.join("\n"));
    }
}
