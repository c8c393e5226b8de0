//! Saving survives being killed at any moment: a child process saves a
//! growing project in a loop and is killed with SIGKILL at random times;
//! after every kill the project loads and is either the last version the
//! child reported saved or the one it was writing, and the backup loads too.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::model::{Document, Edit, Project, Span};
use marginalia::store;

const CHILD_ENV: &str = "MARGINALIA_CRASH_CHILD_DIR";

/// A project big enough that a save takes a few milliseconds.
fn base_project() -> Project {
    let mut p = Project::with_default_codebook("crash");
    let para = "Grüße aus Köln 😀, the ministers met; trade and ICT were discussed at length.\n";
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("d", "D", para.repeat(3000))),
    }
    .apply(&mut p)
    .unwrap();
    p
}

fn grow(p: &mut Project) {
    let n = p.span_count();
    Edit::AddSpan {
        doc: "d".into(),
        span: Span::new(n * 3, n * 3 + 5, "trade", "saver").with_note(format!("span {n}")),
    }
    .apply(p)
    .unwrap();
}

/// The child: continues from the project on disk, adds one span per
/// save, and reports each completed save on stdout.
#[test]
#[ignore = "run by killed_saves_never_leave_a_broken_project"]
fn saver_child() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let path = Path::new(&dir).join("p.ron");
    let mut p = store::load(&path).unwrap_or_else(|_| base_project());
    loop {
        grow(&mut p);
        store::save(&p, &path).unwrap();
        println!("saved {}", p.span_count());
    }
}

/// A small deterministic generator for kill delays.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn killed_saves_never_leave_a_broken_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    store::save(&base_project(), &path).unwrap();
    let mut rng = Lcg(0x5eed);
    let mut last_saved = 0usize;
    let mut kills_mid_run = 0;
    let started = Instant::now();
    for round in 0..40 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "saver_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(60 + rng.next(240)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let reported: Vec<usize> = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map_while(Result::ok)
            // libtest prints "test saver_child ... " before the first line.
            .filter_map(|l| l.split("saved ").nth(1).and_then(|n| n.trim().parse().ok()))
            .collect();
        if let Some(&n) = reported.last() {
            last_saved = n;
            kills_mid_run += 1;
        }
        let project = store::load(&path)
            .unwrap_or_else(|e| panic!("round {round}: the project does not load: {e}"));
        let n = project.span_count();
        assert!(
            n == last_saved || n == last_saved + 1,
            "round {round}: the project has {n} spans; the child last reported {last_saved}"
        );
        last_saved = n;
        let backup = store::load(&store::backup_path(&path))
            .unwrap_or_else(|e| panic!("round {round}: the backup does not load: {e}"));
        assert!(backup.span_count() <= n, "round {round}: backup is newer");
    }
    assert!(
        kills_mid_run >= 10,
        "only {kills_mid_run} of 40 children got to save before the kill"
    );
    println!(
        "40 kills in {:.1} s; the project grew to {last_saved} spans",
        started.elapsed().as_secs_f64()
    );
}
