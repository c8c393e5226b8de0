//! Work that grows with the project — opening, saving, writing the
//! recovery file, importing, exporting — runs on a worker thread once the
//! project is large, so the window keeps painting and can be closed.
//!
//! Each piece of work is a job (see [`super::job`]) started with a closure
//! that owns what it needs (a path, a shared snapshot of the project) and
//! computes the job's output; the window takes the output in on its own
//! thread with the job's [`finish`](super::job::Job::finish). Small
//! projects run the same job at once, within the frame: below
//! [`BACKGROUND_ABOVE`] it takes a few milliseconds, and a progress window
//! that flashes up and vanishes helps nobody.
//!
//! One job runs at a time. Opening, saving, importing and exporting show a
//! progress window that blocks editing (the project is about to be
//! replaced, written, extended or read); opening, importing and exporting
//! can be cancelled, and closing the window cancels them too (an export
//! stops before it writes anything, then the window closes). Writing the recovery file runs unseen while the
//! user goes on editing; a save, a discard or a quit first waits for it, so
//! a late recovery write can never outlive the save that made it stale.

use std::path::Path;

use crate::model::Project;

/// Projects and files at least this large (bytes) are opened, saved,
/// written to the recovery file and imported on a worker thread.
pub const BACKGROUND_ABOVE: u64 = 1_000_000;

/// Roughly how many bytes the project takes as a file.
pub(in crate::ui) fn project_bytes(project: &Project) -> u64 {
    project
        .documents()
        .iter()
        .map(|d| d.text().as_str().len() as u64 + 80 * d.spans().len() as u64)
        .sum()
}

/// The size of a file (0 when it cannot be read).
pub(in crate::ui) fn file_bytes(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}
