//! Benchmarks of the team commands on a 10 MB document tagged by three
//! annotators with 100,000 spans each (12 themes):
//!
//! - `agree`: `analysis::agreement::agreement` over every theme, and
//!   `marginalia agree --format json` as a whole process;
//! - `merge-driver`: `merge::three_way` and `marginalia merge-driver BASE
//!   OURS THEIRS` as a whole process, where OURS and THEIRS each added
//!   1,000 spans and edited 100 notes since BASE.
//!
//! `cargo bench --bench teams` prints the median of each (targets: agree
//! ≤ 1 s, merge-driver ≤ 2 s). Under `cargo test` (no `--bench`) each runs
//! once on a 10 kB document.

#[path = "support/generate.rs"]
mod generate;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use generate::{Rng, SEED, Size};
use marginalia::analysis::agreement::{Selection, agreement};
use marginalia::merge;
use marginalia::model::{Document, Edit, Project, Span};
use marginalia::store;

const ANNOTATORS: [&str; 3] = ["ann", "bo", "cy"];

fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// One document of `size`, tagged independently by each annotator with
/// `size.spans` spans (all but `held_back` of them).
fn project(size: Size, held_back: usize) -> (Project, Vec<Vec<Span>>) {
    let mut rng = Rng::new(SEED ^ size.text_bytes as u64);
    let themes = generate::themes(size.themes);
    let text = generate::text(size.text_bytes, &mut rng);
    let mut kept = Vec::new();
    let mut later = Vec::new();
    for who in ANNOTATORS {
        let mut spans = generate::spans(&text, size.spans, &themes, &mut rng);
        for s in &mut spans {
            s.annotator = who.to_owned();
        }
        let tail = spans.split_off(spans.len() - held_back.min(spans.len()));
        kept.extend(spans);
        later.push(tail);
    }
    let document = Document::new("big", "Big", text).with_spans(kept);
    let mut project = Project::new("teams", themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(document),
    }
    .apply(&mut project)
    .expect("generated spans fit");
    (project, later)
}

/// A copy of `base` where `who` added `spans` and rewrote `notes` notes.
fn side(base: &Project, spans: &[Span], notes: usize, note: &str) -> Project {
    let mut p = base.clone();
    // A held-back span may repeat one already there, or another held back.
    let there: std::collections::HashSet<(usize, usize, &str, &str)> = base.documents()[0]
        .spans()
        .spans()
        .iter()
        .map(|s| s.key())
        .collect();
    let mut new: Vec<Span> = spans
        .iter()
        .filter(|s| !there.contains(&s.key()))
        .cloned()
        .collect();
    new.sort();
    new.dedup_by(|a, b| a.same_key(b));
    Edit::AddSpans {
        doc: "big".into(),
        spans: new,
    }
    .apply(&mut p)
    .expect("new spans");
    let step = (base.span_count() / notes.max(1)).max(1);
    let edits: Vec<Edit> = base.documents()[0]
        .spans()
        .spans()
        .iter()
        .step_by(step)
        .take(notes)
        .map(|old| Edit::ReplaceSpan {
            doc: "big".into(),
            old: old.clone(),
            new: old.clone().with_note(note),
        })
        .collect();
    Edit::Batch(edits).apply(&mut p).expect("note edits");
    p
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    median((0..runs).map(|_| f()).collect())
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn binary(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("marginalia runs")
}

fn main() {
    let (size, runs) = if benchmarking() {
        (generate::SIZES[2], 7)
    } else {
        (generate::SIZES[0], 1)
    };
    let held = size.spans / 100;
    let (base, later) = project(size, held);
    let ours = side(&base, &later[0], held / 10, "edited on ours");
    let theirs = side(&base, &later[1], held / 10, "edited on theirs");
    let dir = tempfile::tempdir().expect("temporary folder");
    let d = dir.path();
    store::save(&base, &d.join("base.ron")).expect("save");
    store::save(&ours, &d.join("ours.ron")).expect("save");
    store::save(&theirs, &d.join("theirs.ron")).expect("save");
    println!(
        "teams benchmark: {} text, {} spans in BASE ({} annotators), {} themes; median of {runs}",
        size.name,
        base.span_count(),
        ANNOTATORS.len(),
        size.themes
    );

    let agree = time(runs, || {
        timed(|| {
            let a = agreement(&base, &Selection::default()).expect("agreement");
            assert_eq!(a.annotators.len(), 3);
        })
    });
    println!("agree (analysis::agreement)            {agree:>10.1?}   target ≤ 1 s");
    let agree_cli = time(runs, || {
        timed(|| {
            let out = binary(&["agree", "base.ron", "--format", "json"], d);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        })
    });
    println!(
        "marginalia agree --format json         {agree_cli:>10.1?}   (whole process, with load)"
    );

    let three_way = time(runs, || {
        timed(|| {
            let m = merge::three_way(&base, &ours, &theirs);
            assert!(m.conflicts.is_empty() || m.conflicts.len() <= held / 10);
        })
    });
    println!("merge::three_way                       {three_way:>10.1?}");
    let driver = time(runs, || {
        fs::copy(d.join("ours.ron"), d.join("work.ron")).expect("copy");
        timed(|| {
            let out = binary(&["merge-driver", "base.ron", "work.ron", "theirs.ron"], d);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        })
    });
    println!("marginalia merge-driver (whole process) {driver:>9.1?}   target ≤ 2 s");
}
