//! Crash-safe file writing: temporary file in the same folder, flush,
//! fsync, rename over the target; optionally keep the previous file as a
//! backup. A reader sees either the old file or the new one, never a mix.
//!
//! A path that is a symbolic link is written through: the file it points
//! to is replaced (its temporary file, backup and the project's lock and
//! recovery files sit beside it), and the link stays a link.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The backup path kept beside `path`: `NAME.ron` → `NAME.ron.bak`
/// (beside the file a symbolic link points to, see `sibling`).
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, ".bak")
}

/// How many links [`link_target`] follows before it calls it a loop (as
/// Linux does).
const MAX_LINKS: usize = 40;

/// The file that `path` names: `path` itself, or, when it is a symbolic
/// link, the file at the end of its chain of links (a relative link is
/// read from the folder the link is in). A dangling link gives the path of
/// the missing file. Only the last component is followed: a linked folder
/// holds the same files under either name anyway.
pub fn link_target(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_owned();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links (a link that points back to itself?)",
        path.display()
    )))
}

/// The file named `NAME.ron` + `suffix` beside the project file `path`
/// names (beside a link's target, so that two paths to one project share
/// its backup, lock and recovery file). When the link cannot be followed
/// (a loop) the name is taken beside `path`; writing will report the loop.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let real = link_target(path).unwrap_or_else(|_| path.to_owned());
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    real.with_file_name(name)
}

/// Whether the file at `path` (through links) is one Marginalia must not
/// write. That is so when its permissions say read-only (on Unix: no write
/// permission for anyone, as after `chmod 444` or `chmod a-w`; on Windows:
/// the read-only attribute), even for a user such as root whom the system
/// would let write it anyway, since that is what the owner asked for; and
/// when this user may not write it (on Unix, an access check: a file of
/// another user, a read-only file system). An atomic save replaces the
/// file instead of writing into it, so without this check the folder's
/// permissions, not the file's, would decide. A missing file is not
/// protected.
pub fn is_write_protected(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    if meta.permissions().readonly() {
        return true;
    }
    #[cfg(unix)]
    {
        use rustix::fs::{Access, access};
        if let Err(e) = access(path, Access::WRITE_OK) {
            return e != rustix::io::Errno::NOENT;
        }
    }
    false
}

/// Writes `bytes` to `path` atomically. When `keep_backup` is set and
/// `path` already exists, the previous content is kept at
/// [`backup_path`]. On error `path` is untouched. When `path` is a
/// symbolic link, the file it points to is written (see [`link_target`]).
pub fn write_atomic(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    let path = &link_target(path)?;
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
    let mut tmp = temporary_beside(path, dir)?;
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
            let mut tmp = temporary_beside(path, dir).map_err(at)?;
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
/// `path` is the file itself, not a link to it.
/// A new temporary file in `dir` for writing `path`. It is made with the
/// permissions any new file gets (0666 less the umask on Unix), not the
/// owner-only 0600 of a temporary file, so a project saved under a new name
/// or an export is readable like every other file the user writes; an
/// existing file's own permissions are copied over by the caller.
fn temporary_beside(path: &Path, dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let prefix = temporary_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

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
/// Through a symbolic link, the temporaries beside its target go.
pub fn remove_stale_temporaries(path: &Path) -> usize {
    let Ok(path) = link_target(path) else {
        return 0;
    };
    let path = path.as_path();
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

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file_and_an_old_one_keeps_its_own() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let dir = tempfile::tempdir().unwrap();
        // What the umask gives a file made the ordinary way.
        let plain = dir.path().join("plain.txt");
        fs::File::create(&plain).unwrap();
        let saved = dir.path().join("saved-as.ron");
        write_atomic(&saved, b"new", true).unwrap();
        assert_eq!(
            mode(&saved),
            mode(&plain),
            "not the 0600 of a temporary file"
        );
        let exported = dir.path().join("out").join("doc.ann");
        write_all_or_nothing(&[(exported.clone(), b"T1".as_slice())]).unwrap();
        assert_eq!(mode(&exported), mode(&plain));

        fs::set_permissions(&saved, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&saved, b"again", true).unwrap();
        assert_eq!(mode(&saved), 0o640);
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

    #[cfg(unix)]
    #[test]
    fn a_chain_of_relative_and_absolute_links_is_followed_to_the_file() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("data")).unwrap();
        fs::create_dir(dir.path().join("links")).unwrap();
        let real = dir.path().join("data/real.ron");
        write_atomic(&real, b"one", true).unwrap();
        // links/a.ron -> ../data/real.ron (relative to the link's folder),
        // top.ron -> /abs/links/a.ron.
        symlink("../data/real.ron", dir.path().join("links/a.ron")).unwrap();
        let top = dir.path().join("top.ron");
        symlink(dir.path().join("links/a.ron"), &top).unwrap();
        assert_eq!(
            fs::canonicalize(link_target(&top).unwrap()).unwrap(),
            fs::canonicalize(&real).unwrap()
        );

        write_atomic(&top, b"two", true).unwrap();
        assert!(fs::symlink_metadata(&top).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"two");
        assert_eq!(
            fs::read(dir.path().join("data/real.ron.bak")).unwrap(),
            b"one"
        );
        assert!(!dir.path().join("top.ron.bak").exists());
        assert_eq!(
            fs::canonicalize(backup_path(&top)).unwrap(),
            fs::canonicalize(dir.path().join("data/real.ron.bak")).unwrap()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_loop_is_an_error_and_the_links_stay() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.ron"), dir.path().join("b.ron"));
        symlink("b.ron", &a).unwrap();
        symlink("a.ron", &b).unwrap();
        let e = write_atomic(&a, b"x", true).unwrap_err();
        assert!(
            e.to_string().contains("too many levels of symbolic links"),
            "{e}"
        );
        assert!(fs::symlink_metadata(&a).unwrap().file_type().is_symlink());
        assert!(fs::symlink_metadata(&b).unwrap().file_type().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_without_write_permission_is_protected_even_for_root() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        assert!(!is_write_protected(&path), "a missing file");
        fs::write(&path, b"x").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(!is_write_protected(&path));
        for mode in [0o444, 0o400, 0o555] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            assert!(is_write_protected(&path), "mode {mode:o}");
        }
        // Through a link, the target's permissions count.
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink("p.ron", &link).unwrap();
        assert!(is_write_protected(&link));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        assert!(!is_write_protected(&link));
    }

    #[test]
    fn failure_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-folder").join("p.ron");
        assert!(write_atomic(&path, b"x", true).is_err());
        assert!(!path.exists());
    }
}
