//! The one job running on a worker thread: starting it, taking it in
//! when it ends, cancelling it, and its progress window. What a job is is
//! in [`super::job`]; the worker holds any kind of job, type-erased.

use crate::ui::app::command::{Command, Commands};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::job::{Cancel, Counting, Finished, Job, Running};
use crate::formats::import::human_size;

/// A job started on a worker thread, whatever its kind: the job itself
/// stays on the window's thread, its result comes back on a channel.
trait Pending {
    fn job(&self) -> &dyn Running;
    fn job_mut(&mut self) -> &mut dyn Running;
    /// The job, finished, if its worker has ended; else itself.
    fn poll(self: Box<Self>) -> Result<Finished, Box<dyn Pending>>;
    /// Waits for the worker to end.
    fn wait(self: Box<Self>) -> Finished;
}

struct Started<J: Job> {
    job: J,
    rx: Receiver<J::Output>,
}

impl<J: Job> Pending for Started<J> {
    fn job(&self) -> &dyn Running {
        &self.job
    }

    fn job_mut(&mut self) -> &mut dyn Running {
        &mut self.job
    }

    fn poll(self: Box<Self>) -> Result<Finished, Box<dyn Pending>> {
        match self.rx.try_recv() {
            Err(TryRecvError::Empty) => Err(self),
            Err(TryRecvError::Disconnected) => Ok(Finished::died(&self.job)),
            Ok(output) => Ok(Finished::new(self.job, output)),
        }
    }

    fn wait(self: Box<Self>) -> Finished {
        match self.rx.recv() {
            Ok(output) => Finished::new(self.job, output),
            Err(_) => Finished::died(&self.job),
        }
    }
}

/// A job running on a worker thread.
struct Task {
    pending: Box<dyn Pending>,
    /// Bytes of the file or project, for the progress window.
    size: u64,
    started: Instant,
}

/// The worker: at most one job at a time.
pub(in crate::ui) struct Worker {
    task: Option<Task>,
    /// The window's context, to wake it when a job ends.
    ctx: egui::Context,
    /// Jobs wait here before starting (tests of what the window does
    /// meanwhile).
    #[cfg(feature = "test-hooks")]
    hold: Option<std::sync::Arc<std::sync::Barrier>>,
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
    pub fn hold(&mut self, gate: Option<std::sync::Arc<std::sync::Barrier>>) {
        self.hold = gate;
    }

    /// The running job.
    pub fn job(&self) -> Option<&dyn Running> {
        self.task.as_ref().map(|t| t.pending.job())
    }

    /// The running job, to change what happens when it ends.
    pub fn job_mut(&mut self) -> Option<&mut dyn Running> {
        self.task.as_mut().map(|t| t.pending.job_mut())
    }

    /// Whether a job runs.
    pub fn running(&self) -> bool {
        self.task.is_some()
    }

    /// Whether a progress window waits for the job (editing is off).
    pub fn blocked(&self) -> bool {
        self.job().is_some_and(|j| j.blocks())
    }

    /// Starts `job` on a worker thread, computing its output with `compute`.
    pub fn spawn<J: Job>(
        &mut self,
        job: J,
        size: u64,
        compute: impl FnOnce() -> J::Output + Send + 'static,
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
                let output = compute();
                let _ = tx.send(output);
                ctx.request_repaint();
            })?;
        self.task = Some(Task {
            pending: Box::new(Started { job, rx }),
            size,
            started: Instant::now(),
        });
        self.ctx.request_repaint();
        Ok(())
    }

    /// The job, if it has ended.
    pub fn poll(&mut self) -> Option<Finished> {
        let Task {
            pending,
            size,
            started,
        } = self.task.take()?;
        match pending.poll() {
            Ok(finished) => Some(finished),
            Err(pending) => {
                // Keep the elapsed time and the spinner moving.
                if pending.job().blocks() {
                    self.ctx.request_repaint_after(Duration::from_millis(100));
                }
                self.task = Some(Task {
                    pending,
                    size,
                    started,
                });
                None
            }
        }
    }

    /// Waits for the job to end.
    pub fn wait(&mut self) -> Option<Finished> {
        Some(self.task.take()?.pending.wait())
    }

    /// Stops waiting for the job if it can be cancelled (what it computes
    /// is dropped); returns what it was doing and to which file.
    pub fn abandon(&mut self) -> Option<(String, Option<PathBuf>)> {
        let task = self
            .task
            .take_if(|t| t.pending.job().cancel() != Cancel::Cannot)?;
        let (what, path) = task.pending.job().describe();
        Some((what, path.map(Path::to_path_buf)))
    }

    /// The progress window of a blocking job, with Cancel where it can be
    /// cancelled; a click on Cancel goes onto `out`.
    pub fn show(&self, ctx: &egui::Context, out: &mut Commands) {
        if self.cancel_clicked(ctx) {
            out.push(Command::CancelJob);
        }
    }

    /// The progress window; returns whether Cancel was clicked.
    fn cancel_clicked(&self, ctx: &egui::Context) -> bool {
        let Some(task) = self.task.as_ref().filter(|t| t.pending.job().blocks()) else {
            return false;
        };
        let job = task.pending.job();
        let (what, path) = job.describe();
        let name = path
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let detail = path.map(|p| p.display().to_string()).unwrap_or_default();
        let (size, elapsed, cancellable) = (
            task.size,
            task.started.elapsed(),
            job.cancel() != Cancel::Cannot,
        );
        let progress = job.progress();
        // A note under the progress, and whether Cancel has been asked for.
        let cancelling = progress
            .as_ref()
            .is_some_and(|c| c.progress.cancel.load(Ordering::Relaxed));
        let note = job.note().or(cancelling.then_some("Cancelling…"));
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("work-progress")).show(ctx, |ui| {
            ui.set_min_width(360.0);
            ui.heading(format!("{what} {name}"));
            ui.label(detail);
            match &progress {
                // An export counts its documents, the rules their passes.
                Some(Counting {
                    what,
                    unit,
                    progress: p,
                }) => {
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
