//! `marginalia agree`: inter-annotator agreement.

use std::path::PathBuf;

use marginalia::analysis::agreement::{self, Measures, Selection, show};

use super::error::CliError;
use super::output::{self, TableOrJson};
use super::project_file;

/// Inter-annotator agreement per theme and overall: Cohen's κ per pair,
/// Fleiss' κ, Krippendorff's α and span F1 (exact and overlap).
#[derive(clap::Args)]
pub struct Args {
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
    #[arg(long, value_enum, default_value_t = TableOrJson::Table)]
    format: TableOrJson,
    /// Count every theme as its top-level theme: one row per top-level
    /// theme, a span of a theme under it counting as its own.
    #[arg(long)]
    roll_up: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let path = args.project.as_path();
    let project = project_file::load(path)?;
    let result = agreement::agreement_with(
        &project,
        &Selection {
            annotators: args.annotators,
            documents: args.docs,
        },
        args.roll_up,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    if args.format == TableOrJson::Json {
        return output::json(&result);
    }
    println!(
        "agreement of {} over {} ({}); units are code points",
        result.annotators.join(", "),
        marginalia::model::plural(result.documents.len(), "document", "documents"),
        result.documents.join(", ")
    );
    println!();
    println!("{:<24} {:>9} {:>15}", "theme", "Fleiss κ", "Krippendorff α");
    let rows = || {
        result
            .themes
            .iter()
            .map(|(id, m)| (id.as_str(), m))
            .chain(std::iter::once(("(overall)", &result.overall)))
    };
    for (id, m) in rows() {
        println!(
            "{:<24} {:>9} {:>15}",
            id,
            show(m.fleiss_kappa),
            show(m.krippendorff_alpha)
        );
    }
    println!();
    println!(
        "{:<24} {:<24} {:>8} {:>9} {:>11}",
        "pair", "theme", "Cohen κ", "F1 exact", "F1 overlap"
    );
    let pairs: Vec<&String> = result.overall.cohen_kappa.keys().collect();
    for pair in pairs {
        for (id, m) in rows() {
            print_pair(pair, id, m);
        }
    }
    Ok(())
}

fn print_pair(pair: &str, theme: &str, m: &Measures) {
    let get = |map: &std::collections::BTreeMap<String, Option<f64>>| {
        show(map.get(pair).copied().flatten())
    };
    println!(
        "{:<24} {:<24} {:>8} {:>9} {:>11}",
        pair,
        theme,
        get(&m.cohen_kappa),
        get(&m.f1_exact),
        get(&m.f1_overlap)
    );
}
