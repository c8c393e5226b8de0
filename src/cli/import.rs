//! `marginalia import PROJECT.ron FILE...`: documents and their spans
//! from text files and other tools' exports.

use std::path::PathBuf;

use marginalia::formats::already_there::SpanMatch;
use marginalia::formats::{self, Format};
use marginalia::model::plural;
use marginalia::session::annotator;

use super::error::CliError;
use super::{output, project_file};

/// Add documents, with any spans they carry, to a project (all or none).
#[derive(clap::Args)]
pub struct Args {
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
    #[arg(long, value_parser = output::exchange_formats(Format::imports))]
    format: Option<Format>,
    /// Who made spans whose file does not say (default:
    /// $MARGINALIA_ANNOTATOR, else $USER).
    #[arg(long)]
    annotator: Option<String>,
    /// A span whose document already has one with the same range and
    /// theme is not added again, whoever made either (for a round
    /// trip through Label Studio, which renames the annotators).
    #[arg(long)]
    match_any_annotator: bool,
}

/// `marginalia import`: reads every file (all or none), plans the import
/// as one edit and saves. With `--match-any-annotator` a span whose
/// document already has one with the same range and theme is not added
/// again, whoever made either.
pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let mut open = project_file::open(path)?;
    let project = &mut open.project;
    let mut read = Vec::with_capacity(args.files.len());
    for file in &args.files {
        let imported = formats::read(file, args.format).map_err(|e| e.to_string())?;
        read.push((file.clone(), imported));
    }
    let annotator = annotator::for_command(args.annotator);
    let matching = if args.match_any_annotator {
        SpanMatch::AnyAnnotator
    } else {
        SpanMatch::SameAnnotator
    };
    let (edit, summary) = formats::import::plan_matching(project, &read, &annotator, matching)
        .map_err(|e| e.to_string())?;
    edit.apply(project).map_err(|e| e.to_string())?;
    project_file::save(project, path)?;
    for id in &summary.documents_added {
        if let Some(d) = project.document(id) {
            let spans = match d.spans().len() {
                0 => String::new(),
                n => format!(", {}", plural(n, "span", "spans")),
            };
            match &d.source {
                Some(s) => println!(
                    "imported {} as {:?}: {}, {}{}, line endings {}{spans}",
                    s.path,
                    d.id,
                    plural(d.text().len_chars(), "code point", "code points"),
                    s.encoding,
                    if s.bom { " with BOM" } else { "" },
                    s.line_endings.as_str()
                ),
                None => println!(
                    "imported {:?}: {}{spans}",
                    d.id,
                    plural(d.text().len_chars(), "code point", "code points")
                ),
            }
        }
    }
    println!("{summary}");
    for warning in &summary.warnings {
        eprintln!("note: {warning}");
    }
    for blank in &summary.spans_blank {
        eprintln!("note: {blank}");
    }
    Ok(())
}
