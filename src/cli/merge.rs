//! `marginalia merge`, `merge-driver` and `diff`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use marginalia::merge;
use marginalia::model::Project;
use marginalia::store;

/// `merge OURS THEIRS -o OUT`: the union, written only when complete.
pub fn union(ours: &Path, theirs: &Path, output: &Path) -> Result<(), String> {
    let a = crate::load(ours)?;
    let b = crate::load(theirs)?;
    let merged = merge::union(&a, &b).map_err(|e| {
        format!(
            "cannot merge {} and {}: {e}; nothing was written",
            ours.display(),
            theirs.display()
        )
    })?;
    merge::check(&merged.project)
        .map_err(|e| format!("the merged project would not load: {e}; nothing was written"))?;
    let _claim = crate::claim(output)?;
    crate::save(&merged.project, output)?;
    let p = &merged.project;
    println!(
        "wrote {}: {} documents, {} themes, {} spans",
        output.display(),
        p.documents().len(),
        p.themes().len(),
        p.span_count()
    );
    for c in &merged.conflicts {
        println!("note: {c}");
    }
    Ok(())
}

/// The git merge driver: exit 0 clean, 1 conflicts (OURS holds the merge
/// resolved to ours), 2 when an input cannot be read (OURS untouched).
pub fn driver(base: &Path, ours: &Path, theirs: &Path) -> ExitCode {
    let fail = |message: String| {
        eprintln!(
            "marginalia merge-driver: {message}; {} was left as it was",
            ours.display()
        );
        ExitCode::from(2)
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
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return fail(e),
    };
    let merged = merge::three_way(&b, &o, &t);
    let text = match store::to_ron_string(&merged.project) {
        Ok(text) => text,
        Err(e) => return fail(e.to_string()),
    };
    // Only a result that loads replaces OURS. The merge keeps every rule
    // the loader checks; reading the text back proves it (in debug builds,
    // and always where a check is cheap).
    if let Err(e) = merge::check(&merged.project) {
        return fail(format!("the merged project would not load: {e}"));
    }
    debug_assert_eq!(
        store::from_ron_str(&text).as_ref(),
        Ok(&merged.project),
        "the merged project reads back differently"
    );
    if let Err(e) = store::write_atomic(ours, text.as_bytes(), false) {
        return fail(format!("cannot write the merge: {e}"));
    }
    if merged.conflicts.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "marginalia merge-driver: {} conflict{} in {}, each resolved to ours (the file loads; review and commit):",
        merged.conflicts.len(),
        if merged.conflicts.len() == 1 { "" } else { "s" },
        ours.display()
    );
    for c in &merged.conflicts {
        eprintln!("  conflict: {c}");
    }
    ExitCode::from(1)
}

/// `diff A B`, or git's seven arguments (path, old file, old hash, old
/// mode, new file, new hash, new mode).
pub fn diff(files: &[PathBuf]) -> Result<(), String> {
    let (a, b) = match files {
        [a, b] => (a, b),
        [path, a, _, _, b, _, _] => {
            println!("marginalia diff {}", path.display());
            (a, b)
        }
        _ => {
            return Err(format!(
                "diff takes two project files (A B), or the seven arguments git passes to a diff command; got {}",
                files.len()
            ));
        }
    };
    let load = |p: &Path| {
        // git passes /dev/null for a file that does not exist on one side.
        if p == Path::new("/dev/null") {
            Ok(Project::new("", Vec::new()))
        } else {
            crate::load(p)
        }
    };
    let changes = merge::diff(&load(a)?, &load(b)?);
    if changes.is_empty() {
        println!("no changes");
    }
    for line in changes {
        println!("{line}");
    }
    Ok(())
}
