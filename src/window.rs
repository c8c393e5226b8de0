//! Opening the window from the command line: the project given, else the
//! example that ships with the app (found beside the executable, in the
//! package's data folder or in the working folder), else the last project.

use std::path::{Path, PathBuf};

use marginalia::store;

/// The example project that ships with the app, relative to the folder that
/// holds the app's data: the clone itself, or `share/marginalia/` in an
/// installed or unpacked package.
const EXAMPLE: &str = "projects/ru-cn-joint-statement-2020.ron";

/// The package's data folder relative to the folder above the executable's:
/// `/usr/bin/marginalia` → `/usr/share/marginalia/`, and the same in an
/// unpacked `.tar.gz` (`usr/bin/` → `usr/share/marginalia/`).
const DATA_DIR: &str = "share/marginalia";

/// The data folder of a macOS app bundle, relative to the folder above the
/// executable's: `Marginalia.app/Contents/MacOS/marginalia` →
/// `Marginalia.app/Contents/Resources/`.
const MAC_RESOURCES: &str = "Resources";

/// Finds the bundled example: beside the executable (or up to three folders
/// above it, as in `target/release/` of a clone), then in the package's data
/// folder next to the executable's `bin/` (or a macOS bundle's `Resources/`),
/// then in the working directory.
fn bundled_example() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok();
    example_candidates(exe.as_deref()).find(|p| p.is_file())
}

/// Where [`bundled_example`] looks, in order, for an executable at `exe`.
fn example_candidates(exe: Option<&Path>) -> impl Iterator<Item = PathBuf> {
    let folders_above: Vec<&Path> = exe
        .into_iter()
        .flat_map(|e| e.ancestors().skip(1).take(4))
        .collect();
    let mut candidates: Vec<PathBuf> = folders_above.iter().map(|dir| dir.join(EXAMPLE)).collect();
    if let Some(prefix) = folders_above.get(1) {
        candidates.extend([DATA_DIR, MAC_RESOURCES].map(|data| prefix.join(data).join(EXAMPLE)));
    }
    candidates.push(PathBuf::from(EXAMPLE));
    candidates.into_iter()
}

/// Opens the window on `project` (checked to be a file first), or on the
/// bundled example, else the last project of the recent list.
pub fn open(project: Option<PathBuf>) -> Result<(), String> {
    if let Some(p) = &project
        && !p.is_file()
    {
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
            // A link to nowhere, or a loop: loading says which.
            return store::load(p).map(|_| ()).map_err(|e| e.to_string());
        }
        return Err(format!("{}: no such project file", p.display()));
    }
    // Without a path: the bundled example, else the window opens the last
    // project from its recent list.
    let project = project.or_else(bundled_example);
    marginalia::ui::run(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Makes `root/rel` (and its folders) with a line of text in it.
    fn touch(root: &Path, rel: &str) -> PathBuf {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file path has a folder"))
            .expect("make folders");
        std::fs::write(&path, "(format: 1)\n").expect("write file");
        path
    }

    fn first_found(exe: &Path) -> Option<PathBuf> {
        example_candidates(Some(exe)).find(|p| p.is_file())
    }

    #[test]
    fn an_installed_binary_finds_the_example_in_the_packages_data_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let root = root.path().join("Données d’analyse 📁");
        let example = touch(
            &root,
            "usr/share/marginalia/projects/ru-cn-joint-statement-2020.ron",
        );
        touch(&root, "usr/bin/marginalia");
        assert_eq!(first_found(&root.join("usr/bin/marginalia")), Some(example));
    }

    #[test]
    fn a_macos_app_bundle_finds_the_example_in_its_resources() {
        let root = tempfile::tempdir().expect("temp dir");
        let contents = root.path().join("Marginalia.app/Contents");
        let example = touch(&contents, &format!("Resources/{EXAMPLE}"));
        assert_eq!(
            first_found(&contents.join("MacOS/marginalia")),
            Some(example)
        );
    }

    #[test]
    fn a_binary_built_in_a_clone_finds_the_example_of_that_clone() {
        let clone = tempfile::tempdir().expect("temp dir");
        let example = touch(clone.path(), EXAMPLE);
        touch(clone.path(), "target/release/marginalia");
        let exe = clone.path().join("target/release/marginalia");
        assert_eq!(first_found(&exe), Some(example));
    }

    #[test]
    fn a_clones_own_example_wins_over_an_installed_one_and_the_working_folder_comes_last() {
        let root = tempfile::tempdir().expect("temp dir");
        let exe = root.path().join("usr/bin/marginalia");
        let candidates: Vec<PathBuf> = example_candidates(Some(&exe)).collect();
        let installed = root.path().join("usr/share/marginalia").join(EXAMPLE);
        let position = |p: &Path| candidates.iter().position(|c| c == p);
        assert!(position(&root.path().join("usr/bin").join(EXAMPLE)) < position(&installed));
        assert_eq!(candidates.last(), Some(&PathBuf::from(EXAMPLE)));
        // Without a known executable only the working folder is left.
        let without_exe: Vec<PathBuf> = example_candidates(None).collect();
        assert_eq!(without_exe, vec![PathBuf::from(EXAMPLE)]);
    }
}
