//! Relations at 10 MB: one generated document of 10 MB with 100,000 spans
//! (12 themes), with and without 20,000 relations between its spans (two
//! relation types, one directed, one not, each relation between two spans
//! at most a few hundred spans apart).
//!
//! - loading: `store::load` of the file with relations against the same
//!   file without them (target ≤ 1.3×);
//! - listing: `marginalia relations --format jsonl` against `marginalia
//!   validate` of the same file, both as whole processes (target ≤ 2×).
//!
//! `cargo bench --bench relations` prints the medians and both ratios.
//! Under `cargo test` (no `--bench`) each runs once on a 10 kB document
//! with 20 relations.

#[path = "support/generate.rs"]
mod generate;
#[path = "support/median.rs"]
mod median;

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use generate::{Rng, SEED};
use marginalia::model::{Color, Edit, Project, Relation, RelationType, SpanRef};
use marginalia::store;

fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `base` with two relation types and `n` relations between its spans.
fn with_relations(base: &Project, n: usize) -> Project {
    let mut p = base.clone();
    let doc = &base.documents()[0];
    let spans = doc.spans().spans();
    let mut rng = Rng::new(SEED ^ 0x5e1a);
    let mut edits = vec![
        Edit::AddRelationType {
            index: 0,
            relation_type: RelationType::new("causes", "Causes", Color::rgb(142, 68, 173)),
        },
        Edit::AddRelationType {
            index: 1,
            relation_type: RelationType {
                directed: false,
                ..RelationType::new("same", "Same", Color::rgb(22, 160, 133))
            },
        },
    ];
    let mut seen = std::collections::HashSet::new();
    while seen.len() < n {
        let a = rng.below(spans.len());
        let b = (a + 1 + rng.below(300)).min(spans.len() - 1);
        let directed = rng.chance(0.7);
        let kind = if directed { "causes" } else { "same" };
        let rel = Relation::new(
            SpanRef::from(&spans[a]),
            SpanRef::from(&spans[b]),
            kind,
            "ana",
        )
        .normalised(directed);
        if a != b && seen.insert((a, b, kind)) {
            edits.push(Edit::AddRelation {
                doc: doc.id.clone(),
                relation: Box::new(rel),
            });
        }
    }
    Edit::Batch(edits)
        .apply(&mut p)
        .expect("generated relations are valid");
    p
}

fn time(runs: usize, f: impl FnMut()) -> Duration {
    median::median_time(runs, f)
}

/// Runs `marginalia ARGS` with its output thrown away; checks it succeeded.
fn binary(args: &[&str], dir: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .status()
        .expect("marginalia runs");
    assert!(status.success(), "marginalia {args:?} failed");
}

fn main() {
    let (size, relations, runs) = if benchmarking() {
        (generate::SIZES[2], 20_000, 11)
    } else {
        (generate::SIZES[0], 20, 1)
    };
    let plain = generate::project(size, SEED);
    let related = with_relations(&plain, relations);
    let dir = tempfile::tempdir().expect("temporary folder");
    let d = dir.path();
    let (plain_file, related_file) = (d.join("plain.ron"), d.join("related.ron"));
    store::save(&plain, &plain_file).expect("save");
    store::save(&related, &related_file).expect("save");
    let loaded = store::load(&related_file).expect("the file with relations loads");
    assert_eq!(loaded.relation_count(), relations);
    let mb = |f: &Path| std::fs::metadata(f).map_or(0.0, |m| m.len() as f64 / 1e6);
    println!(
        "relations benchmark: {} text, {} spans, {relations} relations; files {:.1} MB and {:.1} MB; median of {runs}",
        size.name,
        plain.span_count(),
        mb(&plain_file),
        mb(&related_file)
    );

    let load_plain = time(runs, || {
        black_box(store::load(&plain_file).expect("load"));
    });
    let load_related = time(runs, || {
        black_box(store::load(&related_file).expect("load"));
    });
    let load_ratio = load_related.as_secs_f64() / load_plain.as_secs_f64();
    println!("store::load without relations          {load_plain:>10.1?}");
    println!(
        "store::load with {relations} relations       {load_related:>10.1?}   ratio {load_ratio:.2}× (target ≤ 1.3×)"
    );

    let validate = time(runs, || binary(&["validate", "related.ron"], d));
    let listing = time(runs, || {
        binary(&["relations", "related.ron", "--format", "jsonl"], d)
    });
    let list_ratio = listing.as_secs_f64() / validate.as_secs_f64();
    println!("marginalia validate (process)          {validate:>10.1?}");
    println!(
        "marginalia relations --format jsonl    {listing:>10.1?}   ratio {list_ratio:.2}× (target ≤ 2×)"
    );
}
