//! `marginalia tag-all`: tag every match of a text or regex with a theme,
//! as one change. Every input is checked first: on an error it prints
//! why, exits 1 and leaves the project file as it was.

use std::path::PathBuf;

use marginalia::analysis::matching::{self, Matcher, Query};
use marginalia::model::plural;
use marginalia::session::annotator;

use super::error::CliError;
use super::project_file;

/// Tag every match of a text or regex with a theme, as one change;
/// matches already tagged with the theme are skipped. Prints
/// "N spans added" (or "N spans would be added" with --dry-run).
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// Theme id or label.
    #[arg(long)]
    theme: String,
    /// Literal text to find.
    #[arg(long, required_unless_present = "regex", conflicts_with = "regex")]
    text: Option<String>,
    /// A regex (the Rust `regex` crate's syntax).
    #[arg(long)]
    regex: Option<String>,
    /// Match case exactly (default: ignore case, by Unicode simple case folding).
    #[arg(long)]
    case_sensitive: bool,
    /// Only matches that start and end at word boundaries (UAX #29).
    #[arg(long)]
    whole_word: bool,
    /// Only this document (repeatable; default: all).
    #[arg(long = "doc")]
    docs: Vec<String>,
    /// Who makes the spans (default: $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    annotator: Option<String>,
    /// Count what would be added; change nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let query = match (args.text, args.regex) {
        (Some(text), _) => Query::text(text),
        (None, Some(regex)) => Query::regex(regex),
        (None, None) => return Err(CliError::failed("give --text or --regex")),
    }
    .case_sensitive(args.case_sensitive)
    .whole_word(args.whole_word);
    let (path, dry_run) = (args.project.as_path(), args.dry_run);
    let _claim = if dry_run {
        None
    } else {
        project_file::claim(path)?
    };
    let mut project = project_file::load(path)?;
    let theme = project_file::theme_id(&project, &args.theme)?;
    let matcher = Matcher::new(&query).map_err(|e| format!("{e}; nothing was changed"))?;
    let annotator = annotator::for_command(args.annotator);
    let result = matching::tag_all(&project, &theme, &matcher, &args.docs, &annotator)
        .map_err(|e| format!("{e}; nothing was changed"))?;
    let added = result.added();
    if dry_run {
        println!("{} would be added", plural(added, "span", "spans"));
    } else {
        if let Some(edit) = result.edit() {
            project_file::apply_and_save(&mut project, path, edit)?;
        }
        println!("{} added", plural(added, "span", "spans"));
    }
    println!(
        "{} found; {} already tagged with {theme}{}",
        plural(result.matches, "match", "matches"),
        result.already_tagged,
        if result.blank > 0 {
            format!("; {} only white space", result.blank)
        } else {
            String::new()
        }
    );
    Ok(())
}
