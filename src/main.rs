//! The `marginalia` command: without a subcommand it opens the window;
//! subcommands do headless work on project files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

mod cli;
#[cfg(test)]
mod command_line_reference;

use marginalia::analysis::stats;
use marginalia::formats;
use marginalia::model::{Edit, Project, Span, plural, rules};
use marginalia::store::{self, lock};

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
    command: Option<Command>,
}

/// Which span: document, range and theme.
#[derive(Args)]
struct SpanArgs {
    /// Document id.
    #[arg(long)]
    doc: String,
    /// First code point (inclusive, from 0).
    #[arg(long)]
    start: usize,
    /// End code point (exclusive).
    #[arg(long)]
    end: usize,
    /// Theme id or label.
    #[arg(long)]
    theme: String,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new project with the default codebook (Health, Security, ICT, Trade).
    New {
        /// Path of the project file to create; must not exist yet (see --force).
        project: PathBuf,
        /// Project name (default: the file name without extension).
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing file, keeping its old content as NAME.bak.
        #[arg(long)]
        force: bool,
    },
    /// Add documents, with any spans they carry, to a project (all or none).
    Import {
        project: PathBuf,
        /// Files to import: plain text (UTF-8, UTF-16 with BOM or a legacy
        /// encoding), .md, .html/.htm, .docx, .odt, a folder of these
        /// (recursive; other files skipped and listed), jsonl, brat .ann/.txt pairs or folders, Label Studio
        /// JSON, REFI-QDA .qdpx/.qdc, doccano exports (with --format doccano).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The files' format (default: guessed from each file's name):
        /// text, jsonl, brat, label-studio, refi-qda or doccano (never
        /// guessed: a .jsonl is read as jsonl, in code points).
        #[arg(long)]
        format: Option<String>,
        /// Who made spans whose file does not say (default:
        /// $MARGINALIA_ANNOTATOR, else $USER).
        #[arg(long)]
        annotator: Option<String>,
        /// A span whose document already has one with the same range and
        /// theme is not added again, whoever made either (for a round
        /// trip through Label Studio, which renames the annotators).
        #[arg(long)]
        match_any_annotator: bool,
    },
    /// Tag the code points START..END of a document with a theme.
    Tag {
        project: PathBuf,
        #[command(flatten)]
        span: SpanArgs,
        /// A note on the span.
        #[arg(long, default_value = "")]
        note: String,
        /// Who made the span (default: $MARGINALIA_ANNOTATOR, else $USER).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Remove the span(s) START..END with a theme from a document.
    Untag {
        project: PathBuf,
        #[command(flatten)]
        span: SpanArgs,
        /// Only the span of this annotator (default: every annotator's).
        #[arg(long)]
        annotator: Option<String>,
    },
    /// Export labelled spans for other tools.
    Export {
        project: PathBuf,
        /// One of ten formats: jsonl, csv, brat, conll, webanno-tsv, xmi, w3c,
        /// label-studio, refi-qda or doccano (brat, webanno-tsv, xmi and
        /// label-studio write a folder).
        #[arg(long)]
        format: String,
        /// The file (or folder) to write.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Only these documents (repeatable; default: all).
        #[arg(long = "doc")]
        docs: Vec<String>,
        /// Only the spans of this annotator.
        #[arg(long)]
        annotator: Option<String>,
        /// refi-qda only: write just the codebook, as a .qdc file.
        #[arg(long)]
        codebook_only: bool,
        /// Print what was written, besides what could not be carried.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Restore the unsaved work the window left in PROJECT.ron.recovery
    /// (after a crash) into the project; the previous file is kept as
    /// PROJECT.ron.bak.
    Recover {
        project: PathBuf,
        /// Only show what differs; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Check a project file and print a summary, or every problem found.
    Validate { project: PathBuf },
    #[command(flatten)]
    Team(cli::TeamCommand),
    #[command(flatten)]
    Corpus(cli::CorpusCommand),
    #[command(flatten)]
    Coding(cli::CodingCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        end_quietly_on_closed_pipe();
    }
    let result = match cli.command {
        Some(Command::Team(team)) => return cli::run(team),
        Some(command) => run(command),
        None => open_window(cli.project),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
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

/// The example project that ships with the app, relative to the folder that
/// holds the app's data: the clone itself, or `share/marginalia/` in an
/// installed or unpacked package.
const EXAMPLE: &str = "projects/ru-cn-joint-statement-2020.ron";

/// The package's data folder relative to the folder above the executable's:
/// `/usr/bin/marginalia` → `/usr/share/marginalia/`, and the same in an
/// unpacked `.tar.gz` (`usr/bin/` → `usr/share/marginalia/`).
const DATA_DIR: &str = "share/marginalia";

/// The data folder of a macOS app bundle, relative to the folder above the
/// executable's: `Marginalia.app/Contents/MacOS/marginalia` →
/// `Marginalia.app/Contents/Resources/`.
const MAC_RESOURCES: &str = "Resources";

/// Finds the bundled example: beside the executable (or up to three folders
/// above it, as in `target/release/` of a clone), then in the package's data
/// folder next to the executable's `bin/` (or a macOS bundle's `Resources/`),
/// then in the working directory.
fn bundled_example() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok();
    example_candidates(exe.as_deref()).find(|p| p.is_file())
}

/// Where [`bundled_example`] looks, in order, for an executable at `exe`.
fn example_candidates(exe: Option<&Path>) -> impl Iterator<Item = PathBuf> {
    let folders_above: Vec<&Path> = exe
        .into_iter()
        .flat_map(|e| e.ancestors().skip(1).take(4))
        .collect();
    let mut candidates: Vec<PathBuf> = folders_above.iter().map(|dir| dir.join(EXAMPLE)).collect();
    if let Some(prefix) = folders_above.get(1) {
        candidates.extend([DATA_DIR, MAC_RESOURCES].map(|data| prefix.join(data).join(EXAMPLE)));
    }
    candidates.push(PathBuf::from(EXAMPLE));
    candidates.into_iter()
}

fn open_window(project: Option<PathBuf>) -> Result<(), String> {
    if let Some(p) = &project
        && !p.is_file()
    {
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
            // A link to nowhere, or a loop: loading says which.
            return store::load(p).map(|_| ()).map_err(|e| e.to_string());
        }
        return Err(format!("{}: no such project file", p.display()));
    }
    // Without a path: the bundled example, else the window opens the last
    // project from its recent list.
    let project = project.or_else(bundled_example);
    marginalia::ui::run(project)
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::New {
            project,
            name,
            force,
        } => cli::new::new(&project, name, force),
        Command::Import {
            project,
            files,
            format,
            annotator,
            match_any_annotator,
        } => cli::import::run(
            &project,
            &files,
            format.as_deref(),
            annotator,
            match_any_annotator,
        ),
        Command::Tag {
            project,
            span,
            note,
            annotator,
        } => tag(&project, &span, note, annotator),
        Command::Untag {
            project,
            span,
            annotator,
        } => untag(&project, &span, annotator),
        Command::Export {
            project,
            format,
            output,
            docs,
            annotator,
            codebook_only,
            verbose,
        } => {
            let format = formats::export_format(&format).map_err(|e| e.to_string())?;
            let project = load(&project)?;
            let options = formats::ExportOptions {
                docs,
                annotator,
                codebook_only,
            };
            let report =
                formats::export(&project, format, &output, &options).map_err(|e| e.to_string())?;
            if verbose {
                println!(
                    "exported {} and {} as {format} to {}",
                    plural(report.documents, "document", "documents"),
                    plural(report.spans, "span", "spans"),
                    output.display()
                );
            }
            let summary = report.summary();
            if !summary.is_empty() {
                eprintln!("{format} cannot carry everything; not exported exactly:");
                for line in summary {
                    eprintln!("  {line}");
                }
            }
            Ok(())
        }
        Command::Recover { project, dry_run } => recover(&project, dry_run),
        Command::Validate { project } => validate(&project),
        Command::Corpus(corpus) => cli::corpus::run(corpus),
        Command::Team(_) => unreachable!("team commands are run by cli::run"),
        Command::Coding(command) => cli::coding::run(command),
    }
}

fn load(path: &Path) -> Result<Project, String> {
    store::load(path).map_err(|e| e.to_string())
}

/// Claims the project file for a command that writes it, as a window
/// does: refuses while another Marginalia (a window, or another command)
/// has it open for editing, since one of the two would overwrite the
/// other's work. The claim ends when the returned lock is dropped.
/// A file made read-only (`chmod 444`) is refused before anything is
/// read or locked.
fn claim(path: &Path) -> Result<Option<lock::Lock>, String> {
    use marginalia::session::claim::{ClaimError, Takeover, claim_for_writing};
    if !path.is_file() {
        // Loading says what is wrong with the path.
        return Ok(None);
    }
    match claim_for_writing(path, Takeover::Refuse) {
        Ok(l) => Ok(Some(l)),
        Err(e @ ClaimError::Held { .. }) => Err(format!(
            "{e}; nothing was changed. Close it there (or make the change there) and try again"
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn save(project: &Project, path: &Path) -> Result<(), String> {
    store::save(project, path).map_err(|e| e.to_string())
}

fn recover(path: &Path, dry_run: bool) -> Result<(), String> {
    use marginalia::store::recovery;
    let rpath = recovery::recovery_path(path);
    if !rpath.exists() {
        return Err(format!(
            "{}: there is no recovery file, so there is nothing to recover",
            rpath.display()
        ));
    }
    let recovery = if dry_run {
        let saved = store::load(path).ok();
        let recovered =
            store::load(&rpath).map_err(|e| format!("the recovery file is damaged: {e}"))?;
        let mut r = recovery::check(path, None)
            .map_err(|e| e.to_string())?
            .unwrap_or(recovery::Recovery {
                path: rpath.clone(),
                project: recovered,
                modified: std::time::SystemTime::now(),
                differences: Vec::new(),
                codebook_differs: false,
            });
        if let Some(saved) = &saved {
            r = recovery::compare(r.path, r.project, r.modified, Some(saved));
        }
        r
    } else {
        let _claim = claim(path)?;
        recovery::restore(path).map_err(|e| e.to_string())?
    };
    for line in recovery.describe() {
        println!("{line}");
    }
    if dry_run {
        println!("dry run: nothing changed; run without --dry-run to restore");
    } else {
        println!(
            "restored {} into {}; the previous project is kept as {}",
            rpath.display(),
            path.display(),
            store::backup_path(path).display()
        );
    }
    Ok(())
}

fn default_annotator() -> String {
    marginalia::session::annotator::for_command(None)
}

fn theme_id(project: &Project, theme: &str) -> Result<String, String> {
    project
        .resolve_theme(theme)
        .map(|t| t.id.clone())
        .map_err(|e| e.to_string())
}

/// Loads the project and resolves the span's theme (id or label) to its id.
fn load_with_theme(path: &Path, which: &SpanArgs) -> Result<(Project, String), String> {
    let project = load(path)?;
    let theme = theme_id(&project, &which.theme)?;
    Ok((project, theme))
}

fn tag(
    path: &Path,
    which: &SpanArgs,
    note: String,
    annotator: Option<String>,
) -> Result<(), String> {
    let _claim = claim(path)?;
    let (mut project, theme) = load_with_theme(path, which)?;
    let (doc, asked_start, asked_end) = (which.doc.as_str(), which.start, which.end);
    // A span is never only white space, nor starts or ends with it; an
    // empty or reversed range is left to the edit to refuse.
    let (start, end) = match project.document(doc) {
        Some(d) if asked_start < asked_end => d
            .text()
            .trim_range(asked_start, asked_end)
            .ok_or_else(|| {
                format!(
                    "document {doc:?}: {asked_start}..{asked_end} is only white space ({:?}); a span must cover some text. Nothing was tagged.",
                    d.text().slice(asked_start, asked_end).unwrap_or_default()
                )
            })?,
        _ => (asked_start, asked_end),
    };
    let annotator = annotator.unwrap_or_else(default_annotator);
    let span = Span::new(start, end, &theme, &annotator).with_note(note);
    Edit::AddSpan {
        doc: doc.to_owned(),
        span: span.clone(),
    }
    .apply(&mut project)
    .map_err(|e| e.to_string())?;
    save(&project, path)?;
    let quoted = project
        .document(doc)
        .and_then(|d| d.span_text(&span))
        .unwrap_or_default();
    println!("tagged {doc} {start}..{end} as {theme}: {quoted:?}");
    if (start, end) != (asked_start, asked_end) {
        println!(
            "note: white space at the ends of {asked_start}..{asked_end} was left out of the span"
        );
    }
    Ok(())
}

fn untag(path: &Path, which: &SpanArgs, annotator: Option<String>) -> Result<(), String> {
    let _claim = claim(path)?;
    let (mut project, theme) = load_with_theme(path, which)?;
    let (doc, start, end) = (which.doc.as_str(), which.start, which.end);
    let document = project
        .document(doc)
        .ok_or_else(|| format!("there is no document with id {doc:?}"))?;
    let matches: Vec<Edit> = document
        .spans()
        .spans()
        .iter()
        .filter(|s| s.start == start && s.end == end && s.theme == theme)
        .filter(|s| annotator.as_ref().is_none_or(|a| &s.annotator == a))
        .map(|s| Edit::RemoveSpan {
            doc: doc.to_owned(),
            span: s.clone(),
        })
        .collect();
    if matches.is_empty() {
        return Err(format!(
            "document {doc:?} has no span {start}..{end} with theme {theme:?}{}",
            annotator.map_or(String::new(), |a| format!(" by {a:?}"))
        ));
    }
    let n = matches.len();
    Edit::Batch(matches)
        .apply(&mut project)
        .map_err(|e| e.to_string())?;
    save(&project, path)?;
    println!(
        "removed {} {start}..{end} with theme {theme} from {doc}",
        plural(n, "span", "spans")
    );
    Ok(())
}

fn validate(path: &Path) -> Result<(), String> {
    let project = load(path)?;
    println!(
        "ok: {} — {:?}: {}, {}, {}, {} (format {}, offsets in code points)",
        path.display(),
        project.name(),
        plural(project.documents().len(), "document", "documents"),
        plural(project.themes().len(), "theme", "themes"),
        plural(project.span_count(), "span", "spans"),
        plural(
            project
                .documents()
                .iter()
                .map(|d| d.text().len_chars())
                .sum(),
            "code point",
            "code points"
        ),
        store::versions::format_for(&project)
    );
    let warnings = rules::warnings(&project);
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    if !warnings.is_empty() {
        eprintln!(
            "{} (the project opens; fix them in the window or with an editor)",
            plural(warnings.len(), "warning", "warnings")
        );
    }
    Ok(())
}

/// The summary `marginalia stats` prints by default: documents, then themes.
fn print_stats_table(st: &stats::Stats) {
    println!(
        "{} — {}, {}",
        st.name,
        plural(st.spans, "span", "spans"),
        plural(st.code_points, "code point", "code points")
    );
    println!();
    println!(
        "{:<32} {:>7} {:>10} {:>10} {:>7}",
        "document", "spans", "length", "covered", "share"
    );
    for d in &st.documents {
        println!(
            "{:<32} {:>7} {:>10} {:>10} {:>6.1}%",
            d.id,
            d.spans,
            d.code_points,
            d.covered,
            d.share * 100.0
        );
    }
    println!();
    print_theme_table(st);
}

/// The per-theme half of the summary (`stats --by theme`).
fn print_theme_table(st: &stats::Stats) {
    println!(
        "{:<32} {:>7} {:>10} {:>7}",
        "theme", "spans", "covered", "share"
    );
    for t in &st.themes {
        println!(
            "{:<32} {:>7} {:>10} {:>6.1}%",
            format!("{} ({})", t.label, t.id),
            t.spans,
            t.covered,
            t.share * 100.0
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Makes `root/rel` (and its folders) with a line of text in it.
    fn touch(root: &Path, rel: &str) -> PathBuf {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file path has a folder"))
            .expect("make folders");
        std::fs::write(&path, "(format: 1)\n").expect("write file");
        path
    }

    fn first_found(exe: &Path) -> Option<PathBuf> {
        example_candidates(Some(exe)).find(|p| p.is_file())
    }

    #[test]
    fn an_installed_binary_finds_the_example_in_the_packages_data_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let root = root.path().join("Données d’analyse 📁");
        let example = touch(
            &root,
            "usr/share/marginalia/projects/ru-cn-joint-statement-2020.ron",
        );
        touch(&root, "usr/bin/marginalia");
        assert_eq!(first_found(&root.join("usr/bin/marginalia")), Some(example));
    }

    #[test]
    fn a_macos_app_bundle_finds_the_example_in_its_resources() {
        let root = tempfile::tempdir().expect("temp dir");
        let contents = root.path().join("Marginalia.app/Contents");
        let example = touch(&contents, &format!("Resources/{EXAMPLE}"));
        assert_eq!(
            first_found(&contents.join("MacOS/marginalia")),
            Some(example)
        );
    }

    #[test]
    fn a_binary_built_in_a_clone_finds_the_example_of_that_clone() {
        let clone = tempfile::tempdir().expect("temp dir");
        let example = touch(clone.path(), EXAMPLE);
        touch(clone.path(), "target/release/marginalia");
        let exe = clone.path().join("target/release/marginalia");
        assert_eq!(first_found(&exe), Some(example));
    }

    #[test]
    fn a_clones_own_example_wins_over_an_installed_one_and_the_working_folder_comes_last() {
        let root = tempfile::tempdir().expect("temp dir");
        let exe = root.path().join("usr/bin/marginalia");
        let candidates: Vec<PathBuf> = example_candidates(Some(&exe)).collect();
        let installed = root.path().join("usr/share/marginalia").join(EXAMPLE);
        let position = |p: &Path| candidates.iter().position(|c| c == p);
        assert!(position(&root.path().join("usr/bin").join(EXAMPLE)) < position(&installed));
        assert_eq!(candidates.last(), Some(&PathBuf::from(EXAMPLE)));
        // Without a known executable only the working folder is left.
        let without_exe: Vec<PathBuf> = example_candidates(None).collect();
        assert_eq!(without_exe, vec![PathBuf::from(EXAMPLE)]);
    }
}
