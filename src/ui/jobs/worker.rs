//! The one job running on a worker thread: starting it, taking its
//! outcome in, cancelling it, and its progress window. What the jobs are
//! and what their outcomes do is in [`super::tasks`].

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::tasks::{Outcome, Work};
use crate::formats::import::human_size;
use crate::ui::app::modals::Then;

/// A job running on a worker thread.
struct Task {
    work: Work,
    /// Bytes of the file or project, for the progress window.
    size: u64,
    started: Instant,
    rx: Receiver<Outcome>,
}

/// How a job ended: its work, and what it sent (`None`: the worker died
/// without a word, a bug).
pub(in crate::ui) type Ended = (Work, Option<Outcome>);

/// The worker: at most one job at a time.
pub(in crate::ui) struct Worker {
    task: Option<Task>,
    /// The window's context, to wake it when a job ends.
    ctx: egui::Context,
    /// Jobs wait here before starting (tests of what the window does
    /// meanwhile).
    #[cfg(feature = "test-hooks")]
    hold: Option<Arc<std::sync::Barrier>>,
}

impl Worker {
    pub fn new(ctx: &egui::Context) -> Self {
        Worker {
            task: None,
            ctx: ctx.clone(),
            #[cfg(feature = "test-hooks")]
            hold: None,
        }
    }

    /// Makes every job wait at `gate` before it starts.
    #[cfg(feature = "test-hooks")]
    pub fn hold(&mut self, gate: Option<Arc<std::sync::Barrier>>) {
        self.hold = gate;
    }

    /// The running job's work.
    pub fn work(&self) -> Option<&Work> {
        self.task.as_ref().map(|t| &t.work)
    }

    /// The running job's work, to change what happens when it ends.
    pub fn work_mut(&mut self) -> Option<&mut Work> {
        self.task.as_mut().map(|t| &mut t.work)
    }

    /// Whether a job runs.
    pub fn running(&self) -> bool {
        self.task.is_some()
    }

    /// Whether a progress window waits for the job (editing is off).
    pub fn blocked(&self) -> bool {
        self.work().is_some_and(Work::blocks)
    }

    /// Starts `job` on a worker thread.
    pub fn spawn(
        &mut self,
        work: Work,
        size: u64,
        job: impl FnOnce() -> Outcome + Send + 'static,
    ) -> std::io::Result<()> {
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        #[cfg(feature = "test-hooks")]
        let hold = self.hold.clone();
        std::thread::Builder::new()
            .name("marginalia-work".into())
            .spawn(move || {
                #[cfg(feature = "test-hooks")]
                if let Some(gate) = hold {
                    gate.wait();
                }
                let outcome = job();
                let _ = tx.send(outcome);
                ctx.request_repaint();
            })?;
        self.task = Some(Task {
            work,
            size,
            started: Instant::now(),
            rx,
        });
        self.ctx.request_repaint();
        Ok(())
    }

    /// The job, if it has ended.
    pub fn poll(&mut self) -> Option<Ended> {
        let task = self.task.as_ref()?;
        let outcome = match task.rx.try_recv() {
            Err(TryRecvError::Empty) => {
                // Keep the elapsed time and the spinner moving.
                if task.work.blocks() {
                    self.ctx.request_repaint_after(Duration::from_millis(100));
                }
                return None;
            }
            Err(TryRecvError::Disconnected) => None,
            Ok(outcome) => Some(outcome),
        };
        self.task.take().map(|t| (t.work, outcome))
    }

    /// Waits for the job to end.
    pub fn wait(&mut self) -> Option<Ended> {
        let task = self.task.take()?;
        let outcome = task.rx.recv().ok();
        Some((task.work, outcome))
    }

    /// Stops waiting for the job if it can be cancelled (what it read is
    /// dropped); returns its work.
    pub fn abandon(&mut self) -> Option<Work> {
        self.task.take_if(|t| t.work.cancellable()).map(|t| t.work)
    }

    /// The progress window of a blocking job, with Cancel where it can be
    /// cancelled. Returns whether Cancel was clicked.
    pub fn show(&self, ctx: &egui::Context) -> bool {
        let Some(task) = self.task.as_ref().filter(|t| t.work.blocks()) else {
            return false;
        };
        let (what, path) = task.work.describe();
        let name = path
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let detail = path.map(|p| p.display().to_string()).unwrap_or_default();
        let (size, elapsed, cancellable) =
            (task.size, task.started.elapsed(), task.work.cancellable());
        // A note under the progress, and whether Cancel has been asked for.
        let (note, cancelling) = match &task.work {
            Work::Save {
                then: Some(Then::Quit),
                ..
            } => (Some("Marginalia closes when the save has finished."), false),
            Work::Export {
                then_quit: true, ..
            } => (
                Some("Cancelling; Marginalia closes when the export has stopped."),
                true,
            ),
            Work::Export { progress, .. } if progress.cancel.load(Ordering::Relaxed) => {
                (Some("Cancelling…"), true)
            }
            _ => (None, false),
        };
        let progress = match &task.work {
            Work::Export {
                format, progress, ..
            } => Some((format!("{format}"), "documents", Arc::clone(progress))),
            Work::Suggest { progress, .. } => {
                Some(("Rules".to_owned(), "passes", Arc::clone(progress)))
            }
            _ => None,
        };
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("work-progress")).show(ctx, |ui| {
            ui.set_min_width(360.0);
            ui.heading(format!("{what} {name}"));
            ui.label(detail);
            match &progress {
                // An export counts its documents.
                Some((what, unit, p)) => {
                    let (done, total) = (
                        p.done.load(Ordering::Relaxed),
                        p.total.load(Ordering::Relaxed),
                    );
                    ui.add(
                        egui::ProgressBar::new(p.fraction())
                            .text(format!("{what}: {done} of {total} {unit}"))
                            .desired_width(320.0),
                    );
                }
                None => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!(
                            "{} · {:.1} s",
                            human_size(size),
                            elapsed.as_secs_f32()
                        ));
                    });
                }
            }
            if let Some(note) = note {
                ui.label(note);
            }
            if cancellable && !cancelling && ui.button("Cancel").clicked() {
                cancel = true;
            }
        });
        cancel
    }
}
