//! `marginalia export`: labelled spans for other tools, with a report of
//! what the format cannot carry.

use std::path::PathBuf;

use marginalia::formats::{self, Format};
use marginalia::model::plural;

use super::error::CliError;
use super::{output, project_file};

/// Export labelled spans for other tools.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// One of ten formats: jsonl, csv, brat, conll, webanno-tsv, xmi, w3c,
    /// label-studio, refi-qda or doccano (brat, webanno-tsv, xmi and
    /// label-studio write a folder).
    #[arg(long, value_parser = output::exchange_formats(Format::exports))]
    format: Format,
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
}

pub fn run(args: Args) -> Result<(), CliError> {
    let format = args.format;
    let output = args.output;
    let project = project_file::load(&args.project)?;
    let options = formats::ExportOptions {
        docs: args.docs,
        annotator: args.annotator,
        codebook_only: args.codebook_only,
    };
    let report = formats::export(&project, format, &output, &options).map_err(|e| e.to_string())?;
    if args.verbose {
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
