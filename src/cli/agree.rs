//! `marginalia agree`: inter-annotator agreement.

use std::path::Path;

use marginalia::analysis::agreement::{self, Measures, Selection, show};

pub fn agree(
    path: &Path,
    annotators: Vec<String>,
    documents: Vec<String>,
    format: &str,
    roll_up: bool,
) -> Result<(), String> {
    if !matches!(format, "table" | "json") {
        return Err(format!("--format {format:?} is not one of table, json"));
    }
    let project = crate::load(path)?;
    let result = agreement::agreement_with(
        &project,
        &Selection {
            annotators,
            documents,
        },
        roll_up,
    )
    .map_err(|e| format!("{}: {e}", path.display()))?;
    if format == "json" {
        let out = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?;
        println!("{out}");
        return Ok(());
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
