//! `marginalia recover`: the unsaved work a window left in
//! `PROJECT.ron.recovery` after a crash, back into the project.

use std::path::PathBuf;

use marginalia::store::{self, recovery};

use super::error::CliError;
use super::project_file;

/// Restore the unsaved work the window left in PROJECT.ron.recovery
/// (after a crash) into the project; the previous file is kept as
/// PROJECT.ron.bak.
#[derive(clap::Args)]
pub struct Args {
    project: PathBuf,
    /// Only show what differs; change nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let (path, dry_run) = (args.project.as_path(), args.dry_run);
    let rpath = recovery::recovery_path(path);
    if !rpath.exists() {
        return Err(CliError::failed(format!(
            "{}: there is no recovery file, so there is nothing to recover",
            rpath.display()
        )));
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
        let _claim = project_file::claim(path)?;
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
