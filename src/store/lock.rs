//! One writer per project: a lock file beside the project names the process
//! that has it open for editing.
//!
//! `NAME.ron` is locked by `NAME.ron.lock`, created exclusively, holding
//! the process id, the host name and the time. A lock whose process is no
//! longer running on this host is stale and cleared; a live one means
//! another window has the project, and this one should offer read-only
//! viewing. The lock is removed when its [`Lock`] is dropped.
//!
//! The lock of a project opened through a symbolic link sits beside the
//! link's target, so two paths to one project share one lock.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The lock file of `project`: `NAME.ron` → `NAME.ron.lock`, beside the
/// file a symbolic link points to.
pub fn lock_path(project: &Path) -> PathBuf {
    super::atomic::sibling(project, ".lock")
}

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// Seconds since the Unix epoch when the lock was taken.
    pub since: u64,
    /// Which lock of the process this is (a window may reopen its own
    /// project: the old lock must not remove the new one).
    pub token: u64,
}

impl Holder {
    pub(crate) fn me() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        Holder {
            pid: std::process::id(),
            host: host_name(),
            since: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            token: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }

    pub(crate) fn to_text(&self) -> String {
        format!(
            "pid={}\nhost={}\nsince={}\ntoken={}\n",
            self.pid, self.host, self.since, self.token
        )
    }

    fn parse(text: &str) -> Option<Self> {
        let mut pid = None;
        let mut host = None;
        let mut since = None;
        let mut token = None;
        for line in text.lines() {
            match line.split_once('=') {
                Some(("pid", v)) => pid = v.trim().parse().ok(),
                Some(("host", v)) => host = Some(v.trim().to_owned()),
                Some(("since", v)) => since = v.trim().parse().ok(),
                Some(("token", v)) => token = v.trim().parse().ok(),
                _ => {}
            }
        }
        Some(Holder {
            pid: pid?,
            host: host?,
            since: since.unwrap_or(0),
            token: token.unwrap_or(0),
        })
    }

    /// Whether the holding process is known to be gone: it ran on this
    /// host and no process with its id is running.
    pub fn is_stale(&self) -> bool {
        self.host == host_name() && self.pid != std::process::id() && !process_alive(self.pid)
    }
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "process {} on {}", self.pid, self.host)
    }
}

/// Why a project could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("the project is open in another Marginalia ({0})")]
    Held(Holder),
    #[error("{}: cannot create the lock file: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    token: u64,
}

impl Lock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only remove the lock if it is still ours.
        if let Ok(text) = fs::read_to_string(&self.path)
            && Holder::parse(&text)
                .is_some_and(|h| h.pid == std::process::id() && h.token == self.token)
        {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Takes the lock of `project`, clearing a stale one.
pub fn acquire(project: &Path) -> Result<Lock, LockError> {
    let path = lock_path(project);
    let io_err = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    for _ in 0..3 {
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let me = Holder::me();
                f.write_all(me.to_text().as_bytes())
                    .and_then(|()| f.sync_all())
                    .map_err(io_err)?;
                return Ok(Lock {
                    path,
                    token: me.token,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let holder = fs::read_to_string(&path)
                    .ok()
                    .and_then(|t| Holder::parse(&t));
                match holder {
                    // This process's own lock (the project opened again):
                    // take it over.
                    Some(h) if h.pid == std::process::id() && h.host == host_name() => {
                        return steal(project);
                    }
                    Some(h) if !h.is_stale() => return Err(LockError::Held(h)),
                    // Stale, or unreadable (a crash while writing it).
                    _ => {
                        let _ = fs::remove_file(&path);
                    }
                }
            }
            Err(e) => return Err(io_err(e)),
        }
    }
    Err(io_err(io::Error::other("the lock file keeps reappearing")))
}

/// Takes the lock even though another process holds it ("open anyway").
pub fn steal(project: &Path) -> Result<Lock, LockError> {
    let path = lock_path(project);
    let me = Holder::me();
    super::write_atomic(&path, me.to_text().as_bytes(), false).map_err(|source| LockError::Io {
        path: path.clone(),
        source,
    })?;
    Ok(Lock {
        path,
        token: me.token,
    })
}

fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "localhost".into())
}

/// Whether a process with this id runs. On Linux this reads `/proc`;
/// elsewhere `kill -0` answers; when neither can tell, assume it runs
/// (a live lock is never cleared by mistake).
fn process_alive(pid: u32) -> bool {
    if Path::new("/proc/self").exists() {
        return Path::new(&format!("/proc/{pid}")).exists();
    }
    #[cfg(unix)]
    {
        if let Ok(status) = std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
        {
            return status.success();
        }
    }
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.ron");
        let lock = acquire(&p).unwrap();
        assert!(lock_path(&p).exists());
        // A live holder on this host (the parent of this test, pid 1 or a
        // shell, is certainly running): refused.
        let other = Holder {
            pid: std::os::unix::process::parent_id(),
            host: host_name(),
            since: 0,
            token: 7,
        };
        drop(lock);
        assert!(!lock_path(&p).exists());
        fs::write(lock_path(&p), other.to_text()).unwrap();
        match acquire(&p) {
            Err(LockError::Held(h)) => assert_eq!(h, other),
            r => panic!("expected held, got {r:?}"),
        }
        // Open anyway.
        let stolen = steal(&p).unwrap();
        drop(stolen);
        assert!(!lock_path(&p).exists());
        // Reopened by the same process: the old lock does not remove the
        // new one.
        let first = acquire(&p).unwrap();
        let second = acquire(&p).unwrap();
        drop(first);
        assert!(lock_path(&p).exists());
        drop(second);
        assert!(!lock_path(&p).exists());
    }

    #[test]
    fn stale_and_garbled_locks_are_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.ron");
        // A process that has exited.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = Holder {
            pid: dead,
            host: host_name(),
            since: 1,
            token: 1,
        };
        assert!(stale.is_stale());
        fs::write(lock_path(&p), stale.to_text()).unwrap();
        let lock = acquire(&p).unwrap();
        assert_eq!(
            Holder::parse(&fs::read_to_string(lock.path()).unwrap())
                .unwrap()
                .pid,
            std::process::id()
        );
        drop(lock);
        fs::write(lock_path(&p), "garbage").unwrap();
        assert!(acquire(&p).is_ok());
        // A holder on another host cannot be checked: never stale.
        let remote = Holder {
            pid: dead,
            host: "elsewhere.example".into(),
            since: 1,
            token: 1,
        };
        assert!(!remote.is_stale());
    }
}
