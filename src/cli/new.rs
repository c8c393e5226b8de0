//! `marginalia new`: a project with the default codebook, in a file that
//! does not exist yet, or, with `--force`, in place of one (whose old
//! content is kept as `NAME.bak`).

use std::path::PathBuf;

use marginalia::model::Project;
use marginalia::store;

use super::error::CliError;
use super::project_file;

/// Create a new project with the default codebook (Health, Security, ICT, Trade).
#[derive(clap::Args)]
pub struct Args {
    /// Path of the project file to create; must not exist yet (see --force).
    project: PathBuf,
    /// Project name (default: the file name without extension).
    #[arg(long)]
    name: Option<String>,
    /// Replace an existing file, keeping its old content as NAME.bak.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let Args {
        project: path,
        name,
        force,
    } = args;
    let path = path.as_path();
    if let Ok(to) = std::fs::read_link(path)
        && !path.exists()
    {
        return Err(CliError::failed(format!(
            "{} already exists as a symbolic link to {}, which does not exist; choose another name or delete the link first",
            path.display(),
            to.display()
        )));
    }
    if path.is_dir() {
        return Err(CliError::failed(format!(
            "{} is a folder; give the path of the project file to create, such as {}",
            path.display(),
            path.join("study.ron").display()
        )));
    }
    let replacing = path.exists();
    if replacing && !force {
        return Err(CliError::failed(format!(
            "{} already exists; nothing was changed. Choose another name, or replace it with `marginalia new {} --force` (the old file is kept as {})",
            path.display(),
            path.display(),
            store::backup_path(path).display()
        )));
    }
    // Replacing a project: not while a window or command has it open, and
    // never a read-only file.
    let _claim = project_file::claim(path)?;
    let name = name.unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled".into())
    });
    let project = Project::with_default_codebook(name);
    project_file::save(&project, path)?;
    let themes = project
        .themes()
        .iter()
        .map(|t| t.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if replacing {
        println!(
            "replaced {} with a new project with themes {themes}; the old file is kept as {}",
            path.display(),
            store::backup_path(path).display()
        );
    } else {
        println!("created {} with themes {themes}", path.display());
    }
    Ok(())
}
