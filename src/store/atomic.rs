//! Crash-safe file writing: temporary file in the same folder, flush,
//! fsync, rename over the target; optionally keep the previous file as a
//! backup. A reader sees either the old file or the new one, never a mix.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The backup path kept beside `path`: `NAME.ron` → `NAME.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically. When `keep_backup` is set and
/// `path` already exists, the previous content is kept at
/// [`backup_path`]. On error `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if path.file_name().is_none() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the path has no file name",
        ));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(&temporary_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.flush()?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(path) {
        // Keep the permissions the user gave the file.
        fs::set_permissions(tmp.path(), meta.permissions())?;
        if keep_backup {
            keep_previous(path, dir)?;
        }
    }
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// Writes several files so that an error while writing (a full disk, a
/// folder that cannot be made) leaves none of them changed: every file is
/// first written and synced under a temporary name beside its target, and
/// only then are they all renamed into place. Folders it had to make are
/// removed again on error. The error names the path it concerns.
pub fn write_all_or_nothing(files: &[(PathBuf, &[u8])]) -> Result<(), (PathBuf, io::Error)> {
    let mut made: Vec<PathBuf> = Vec::new();
    let mut staged = Vec::with_capacity(files.len());
    let result = (|| {
        for (path, bytes) in files {
            let at = |e| (path.clone(), e);
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let missing: Vec<PathBuf> = dir
                .ancestors()
                .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
                .map(Path::to_path_buf)
                .collect();
            fs::create_dir_all(dir).map_err(|e| (dir.to_path_buf(), e))?;
            made.extend(missing.into_iter().rev());
            let mut tmp = tempfile::Builder::new()
                .prefix(&temporary_prefix(path))
                .suffix(".tmp")
                .tempfile_in(dir)
                .map_err(at)?;
            tmp.write_all(bytes).map_err(at)?;
            tmp.as_file().sync_all().map_err(at)?;
            if let Ok(meta) = fs::metadata(path) {
                fs::set_permissions(tmp.path(), meta.permissions()).map_err(at)?;
            }
            staged.push((tmp, path.clone()));
        }
        Ok(())
    })();
    if let Err(e) = result {
        drop(staged);
        for dir in made.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
        return Err(e);
    }
    let mut dirs = Vec::new();
    for (tmp, path) in staged {
        tmp.persist(&path).map_err(|e| (path.clone(), e.error))?;
        if let Some(d) = path.parent() {
            dirs.push(d.to_path_buf());
        }
    }
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        sync_dir(&d);
    }
    Ok(())
}

/// Makes `NAME.bak` hold the current content of `path`, atomically: a hard
/// link (or, where links are not supported, a synced copy) under a
/// temporary name, renamed over the old backup.
fn keep_previous(path: &Path, dir: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let prefix = temporary_prefix(path);
    let staging = tempfile::Builder::new()
        .prefix(&format!("{prefix}backup."))
        .suffix(".tmp")
        .make_in(dir, |p| fs::hard_link(path, p));
    match staging {
        Ok(link) => link.persist(&backup).map(|_| ()).map_err(|e| e.error),
        Err(_) => {
            let copy = tempfile::Builder::new()
                .prefix(&format!("{prefix}backup."))
                .suffix(".tmp")
                .tempfile_in(dir)?;
            fs::copy(path, copy.path())?;
            copy.as_file().sync_all()?;
            copy.persist(&backup).map(|_| ()).map_err(|e| e.error)
        }
    }
}

/// How the temporary files of a write to `path` begin: `NAME.ron` →
/// `.NAME.ron.` (its recovery file's and its backup's temporaries too).
fn temporary_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Temporary files older than this are left over from a write that was
/// killed (a save of 20 MB takes well under a second).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary files (`.NAME.ron.*.tmp`) that writes of `path`
/// left behind when the process was killed midway, if they are older than
/// ten minutes; returns how many went. Call it only while holding the
/// project's lock, so that no other writer of this project is at work.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let prefix = temporary_prefix(path);
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    entries
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".tmp")
        })
        .filter(|e| {
            e.metadata().is_ok_and(|m| {
                m.is_file()
                    && m.modified()
                        .ok()
                        .and_then(|t| now.duration_since(t).ok())
                        .is_some_and(|age| age > STALE_AFTER)
            })
        })
        .filter(|e| fs::remove_file(e.path()).is_ok())
        .count()
}

/// Flushes the directory entry so the rename survives power loss (best
/// effort: not every platform can open a directory).
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_keeps_previous_as_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"one", true).unwrap();
        assert!(!backup_path(&path).exists());
        write_atomic(&path, b"two", true).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        write_atomic(&path, b"three", true).unwrap();
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn stale_temporaries_of_a_killed_save_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        write_atomic(&path, b"one", true).unwrap();
        let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        let make = |name: &str, old: bool| {
            let p = dir.path().join(name);
            fs::write(&p, b"partial").unwrap();
            if old {
                let f = fs::File::options().write(true).open(&p).unwrap();
                f.set_modified(an_hour_ago).unwrap();
            }
            p
        };
        let stale = [
            make(".p.ron.a1b2c3.tmp", true),
            make(".p.ron.recovery.d4e5f6.tmp", true),
            make(".p.ron.backup.g7h8i9.tmp", true),
        ];
        let kept = [
            // A write of this project under way right now.
            make(".p.ron.j1k2l3.tmp", false),
            // Another project's, and files that are not temporaries.
            make(".q.ron.m4n5o6.tmp", true),
            make(".p.ron.notes", true),
        ];
        assert_eq!(remove_stale_temporaries(&path), 3);
        for p in &stale {
            assert!(!p.exists(), "{} was kept", p.display());
        }
        for p in &kept {
            assert!(p.exists(), "{} was removed", p.display());
        }
        assert_eq!(fs::read(&path).unwrap(), b"one");
    }

    #[test]
    fn a_set_of_files_is_written_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("a.txt"), b"old").unwrap();
        // A file where the third needs a folder: making it fails.
        fs::write(out.join("blocked"), b"a file").unwrap();
        let files: Vec<(PathBuf, &[u8])> = vec![
            (out.join("a.txt"), b"new a"),
            (out.join("new/deep/b.txt"), b"b"),
            (out.join("blocked/c.txt"), b"c"),
        ];
        let (path, _) = write_all_or_nothing(&files).unwrap_err();
        assert_eq!(path, out.join("blocked"));
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"old");
        let mut left: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["a.txt", "blocked"], "folders or temporaries left");

        let files = &files[..2];
        write_all_or_nothing(files).unwrap();
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"new a");
        assert_eq!(fs::read(out.join("new/deep/b.txt")).unwrap(), b"b");
    }

    #[test]
    fn failure_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("p.ron");
        assert!(write_atomic(&path, b"x", true).is_err());
        assert!(!path.exists());
    }
}
