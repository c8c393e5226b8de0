//! Stories of typed jobs: a job's own type carries what the worker
//! computes back to its `finish`, small or large; Cancel and closing the
//! window ask each kind what to do; a worker that dies is named.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};

use super::job::{Cancel, Counting, Job, OnClose, Running};
use super::tasks::BACKGROUND_ABOVE;
use crate::formats::Progress;
use crate::ui::io::dialogs::ScriptedDialogs;
use crate::ui::{AppOptions, MarginaliaApp, Prefs};

fn app() -> MarginaliaApp {
    MarginaliaApp::new(
        &egui::Context::default(),
        AppOptions {
            project: None,
            prefs: Prefs::default(),
            dialogs: ScriptedDialogs::new(Vec::new()),
            system_fonts: false,
        },
    )
}

/// Counting words of a text: its result is a number the window says.
struct CountWords {
    cancel: Cancel,
    progress: Arc<Progress>,
    finished: Arc<AtomicBool>,
}

impl CountWords {
    fn new(cancel: Cancel) -> Self {
        CountWords {
            cancel,
            progress: Arc::default(),
            finished: Arc::default(),
        }
    }
}

impl Running for CountWords {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Counting words".into(), Some(Path::new("speech.txt")))
    }

    fn cancel(&self) -> Cancel {
        self.cancel
    }

    fn progress(&self) -> Option<Counting> {
        Some(Counting {
            what: "Words".into(),
            unit: "lines",
            progress: Arc::clone(&self.progress),
        })
    }
}

impl Job for CountWords {
    type Output = usize;

    fn finish(self, app: &mut MarginaliaApp, words: usize) {
        self.finished.store(true, Ordering::Relaxed);
        app.info(format!("{words} words"));
    }
}

/// A computation that waits until the test lets it go, as a large file
/// would keep the worker busy.
fn held(words: usize) -> (Sender<()>, impl FnOnce() -> usize + Send + 'static) {
    let (go, wait) = channel::<()>();
    let wait = Mutex::new(wait);
    (go, move || {
        let _ = wait.lock().map(|w| w.recv());
        words
    })
}

fn message(app: &MarginaliaApp) -> Option<(String, bool)> {
    app.message().map(|(m, e)| (m.to_owned(), e))
}

#[test]
fn a_small_job_finishes_within_the_call_with_what_it_computed() {
    let mut app = app();
    let job = CountWords::new(Cancel::Cannot);
    let finished = Arc::clone(&job.finished);
    assert!(app.run_job(job, 10, || "one two three".split(' ').count()));
    assert!(finished.load(Ordering::Relaxed));
    assert!(!app.busy());
    assert_eq!(message(&app), Some(("3 words".into(), false)));
}

#[test]
fn a_large_job_runs_on_the_worker_and_its_finish_gets_the_typed_output() {
    let mut app = app();
    let (go, compute) = held(7);
    let job = CountWords::new(Cancel::Cannot);
    let finished = Arc::clone(&job.finished);
    assert!(app.run_job(job, BACKGROUND_ABOVE, compute));
    assert!(app.busy() && app.blocked());
    app.poll_task();
    assert!(!finished.load(Ordering::Relaxed), "still running");
    go.send(()).unwrap();
    app.wait_task();
    assert!(finished.load(Ordering::Relaxed));
    assert!(!app.busy());
    assert_eq!(message(&app), Some(("7 words".into(), false)));
}

#[test]
fn a_second_blocking_job_is_refused_while_one_runs() {
    let mut app = app();
    let (go, compute) = held(1);
    assert!(app.run_job(CountWords::new(Cancel::Cannot), BACKGROUND_ABOVE, compute));
    let second = CountWords::new(Cancel::Cannot);
    let second_finished = Arc::clone(&second.finished);
    assert!(!app.run_job(second, 1, || 2));
    assert!(!second_finished.load(Ordering::Relaxed));
    assert_eq!(
        message(&app),
        Some((
            "Counting words is still running; try again when it ends".into(),
            false
        ))
    );
    go.send(()).unwrap();
    app.wait_task();
}

#[test]
fn cancel_drops_a_job_that_can_be_dropped_and_its_finish_never_runs() {
    let mut app = app();
    let (go, compute) = held(5);
    let job = CountWords::new(Cancel::Drop);
    let (finished, progress) = (Arc::clone(&job.finished), Arc::clone(&job.progress));
    app.run_job(job, BACKGROUND_ABOVE, compute);
    app.cancel_task();
    assert!(!app.busy());
    assert!(progress.cancel.load(Ordering::Relaxed), "told to stop too");
    assert_eq!(
        message(&app),
        Some(("Cancelled: Counting words speech.txt".into(), false))
    );
    go.send(()).unwrap();
    app.poll_task();
    assert!(!finished.load(Ordering::Relaxed));
}

#[test]
fn cancel_asks_a_job_to_stop_and_the_window_waits_for_its_end() {
    let mut app = app();
    let (go, compute) = held(0);
    let job = CountWords::new(Cancel::AskToStop);
    let (finished, progress) = (Arc::clone(&job.finished), Arc::clone(&job.progress));
    app.run_job(job, BACKGROUND_ABOVE, compute);
    app.cancel_task();
    assert!(progress.cancel.load(Ordering::Relaxed));
    assert!(app.busy(), "still waited for");
    go.send(()).unwrap();
    app.wait_task();
    assert!(finished.load(Ordering::Relaxed));
}

#[test]
fn cancel_leaves_a_job_that_cannot_be_cancelled_alone() {
    let mut app = app();
    let (go, compute) = held(2);
    let job = CountWords::new(Cancel::Cannot);
    let progress = Arc::clone(&job.progress);
    app.run_job(job, BACKGROUND_ABOVE, compute);
    app.cancel_task();
    assert!(app.busy());
    assert!(!progress.cancel.load(Ordering::Relaxed));
    go.send(()).unwrap();
    app.wait_task();
    assert_eq!(message(&app), Some(("2 words".into(), false)));
}

#[test]
fn closing_the_window_asks_the_job_and_cancels_it_by_default() {
    let mut app = app();
    let (go, compute) = held(4);
    app.run_job(CountWords::new(Cancel::Drop), BACKGROUND_ABOVE, compute);
    assert!(!app.close_during_work(), "nothing to wait for");
    assert!(!app.busy());
    drop(go);
}

/// A job the window must see to its end before it closes.
struct Flush {
    closing: bool,
}

impl Running for Flush {
    fn describe(&self) -> (String, Option<&Path>) {
        ("Flushing".into(), None)
    }

    fn note(&self) -> Option<&'static str> {
        self.closing.then_some("closes after the flush")
    }

    fn close(&mut self) -> OnClose {
        self.closing = true;
        OnClose::CloseAfter
    }
}

impl Job for Flush {
    type Output = ();

    fn finish(self, app: &mut MarginaliaApp, (): ()) {
        app.info(format!("flushed, closing: {}", self.closing));
    }
}

#[test]
fn a_job_that_closes_after_it_ends_keeps_the_window_open_and_remembers() {
    let mut app = app();
    let (go, wait) = channel::<()>();
    let wait = Mutex::new(wait);
    app.run_job(Flush { closing: false }, BACKGROUND_ABOVE, move || {
        let _ = wait.lock().map(|w| w.recv());
    });
    assert!(app.close_during_work());
    assert_eq!(
        app.running_job().and_then(|j| j.note()),
        Some("closes after the flush")
    );
    go.send(()).unwrap();
    app.wait_task();
    assert_eq!(
        message(&app),
        Some(("flushed, closing: true".into(), false))
    );
}

#[test]
fn a_worker_that_dies_is_named_as_a_bug_and_nothing_is_finished() {
    let mut app = app();
    let revision = app.session().revision();
    let job = CountWords::new(Cancel::Cannot);
    let finished = Arc::clone(&job.finished);
    app.run_job(job, BACKGROUND_ABOVE, || -> usize {
        panic!("a bug in the count")
    });
    app.wait_task();
    assert!(!finished.load(Ordering::Relaxed));
    assert_eq!(
        message(&app),
        Some((
            "Counting words stopped unexpectedly (a bug); nothing was changed.".into(),
            true
        ))
    );
    assert_eq!(app.session().revision(), revision);
}
