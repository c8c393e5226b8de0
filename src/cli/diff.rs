//! `marginalia diff A B`, or git's seven arguments (path, old file, old
//! hash, old mode, new file, new hash, new mode) as a diff driver.

use std::path::{Path, PathBuf};

use marginalia::merge;
use marginalia::model::Project;

use super::error::CliError;
use super::project_file;

/// List in words what changed from project A to project B. Also takes
/// the seven arguments git passes to `diff.marginalia.command`.
#[derive(clap::Args)]
pub struct Args {
    #[arg(num_args = 2..=7, required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let files = &args.files;
    let (a, b) = match files.as_slice() {
        [a, b] => (a, b),
        [path, a, _, _, b, _, _] => {
            println!("marginalia diff {}", path.display());
            (a, b)
        }
        _ => {
            return Err(CliError::failed(format!(
                "diff takes two project files (A B), or the seven arguments git passes to a diff command; got {}",
                files.len()
            )));
        }
    };
    let load = |p: &Path| {
        // git passes /dev/null for a file that does not exist on one side.
        if p == Path::new("/dev/null") {
            Ok(Project::new("", Vec::new()))
        } else {
            project_file::load(p)
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
