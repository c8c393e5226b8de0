//! `marginalia merge-driver BASE OURS THEIRS`: the three-way merge git
//! runs (`merge.marginalia.driver`). Exit 0 clean, 1 conflicts (OURS holds
//! the merge resolved to ours), 2 when an input cannot be read (OURS
//! untouched).

use std::path::{Path, PathBuf};

use marginalia::merge;
use marginalia::model::Project;
use marginalia::store;

use super::error::CliError;

/// Three-way merge for git (`merge.marginalia.driver`): writes the
/// merge into OURS; exit 0 when clean, 1 with conflicts listed on
/// stderr (resolved to ours), 2 when an input cannot be read.
#[derive(clap::Args)]
pub struct Args {
    base: PathBuf,
    ours: PathBuf,
    theirs: PathBuf,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (base, ours, theirs) = (&args.base, args.ours.as_path(), &args.theirs);
    let fail = |message: String| {
        CliError::merge_unreadable(format!(
            "marginalia merge-driver: {message}; {} was left as it was",
            ours.display()
        ))
    };
    let load = |path: &Path, side: &str| {
        store::load(path).map_err(|e| format!("cannot read the {side} version: {e}"))
    };
    // The three versions are read side by side (each is a full parse).
    let (b, o, t) = std::thread::scope(|scope| {
        let b = scope.spawn(|| load(base, "common ancestor (BASE)"));
        let t = scope.spawn(|| load(theirs, "their (THEIRS)"));
        let o = load(ours, "our (OURS)");
        let join = |h: std::thread::ScopedJoinHandle<'_, Result<Project, String>>| {
            h.join()
                .unwrap_or_else(|_| Err("reading a version failed unexpectedly".into()))
        };
        (join(b), o, join(t))
    });
    let (b, o, t) = match (b, o, t) {
        (Ok(b), Ok(o), Ok(t)) => (b, o, t),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return Err(fail(e)),
    };
    let merged = merge::three_way(&b, &o, &t);
    let text = store::to_ron_string(&merged.project).map_err(|e| fail(e.to_string()))?;
    // Only a result that loads replaces OURS. The merge keeps every rule
    // the loader checks; reading the text back proves it (in debug builds,
    // and always where a check is cheap).
    merge::check(&merged.project)
        .map_err(|e| fail(format!("the merged project would not load: {e}")))?;
    debug_assert_eq!(
        store::from_ron_str(&text).as_ref(),
        Ok(&merged.project),
        "the merged project reads back differently"
    );
    store::write_atomic(ours, text.as_bytes(), false)
        .map_err(|e| fail(format!("cannot write the merge: {e}")))?;
    if merged.conflicts.is_empty() {
        return Ok(());
    }
    let mut report = format!(
        "marginalia merge-driver: {} conflict{} in {}, each resolved to ours (the file loads; review and commit):",
        merged.conflicts.len(),
        if merged.conflicts.len() == 1 { "" } else { "s" },
        ours.display()
    );
    for c in &merged.conflicts {
        report.push_str(&format!("\n  conflict: {c}"));
    }
    Err(CliError::merge_conflicts(report))
}
