//! Loading a project whose codebook is large: 500 and 5,000 themes in a
//! tree (each theme under one of the themes before it, three children a
//! parent, so the tree is eight levels deep at 5,000), with one document
//! and a span of every theme. `store::load` reads, parses and validates
//! the file: unique ids, labels and keys, parents that exist and make no
//! cycle. Those checks are linear, so ten times the themes should cost
//! about ten times as much: the target is at most 12×.
//!
//! `cargo bench --bench codebook` prints criterion's figures, then the
//! medians of its own timed runs and their ratio. Under `cargo test` (no
//! `--bench`) each size loads once.

#[path = "support/median.rs"]
mod median;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use marginalia::model::{Color, Document, Edit, Project, Span, Theme};
use marginalia::store;
use median::median_load;

const SIZES: [usize; 2] = [500, 5_000];

fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A project of `n` themes in a tree and one document with a span of
/// each theme.
fn project(n: usize) -> Project {
    let themes: Vec<Theme> = (0..n)
        .map(|i| {
            let mut t = Theme::new(
                format!("t{i}"),
                format!("Theme {i} «ünïcode»"),
                Color::rgb((i % 251) as u8, (i % 241) as u8, (i % 239) as u8),
            );
            t.parent = (i > 0).then(|| format!("t{}", (i - 1) / 3));
            t.description = format!("What theme {i} is about.");
            t
        })
        .collect();
    let mut p = Project::new(format!("{n} themes"), themes);
    let word = "word ";
    let text = word.repeat(n);
    let spans = (0..n)
        .map(|i| Span::new(i * word.len(), i * word.len() + 4, &format!("t{i}"), "ana"))
        .collect();
    let doc = Document::new("d", "Document", text).with_spans(spans);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .expect("the generated document is valid");
    p
}

fn saved(dir: &Path, n: usize) -> PathBuf {
    let file = dir.join(format!("{n}.ron"));
    store::save(&project(n), &file).expect("saving the generated project");
    file
}

fn codebook(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let files: Vec<PathBuf> = SIZES.iter().map(|&n| saved(dir.path(), n)).collect();
    let mut g = c.benchmark_group("codebook");
    g.sample_size(20);
    g.measurement_time(Duration::from_secs(3));
    for (n, file) in SIZES.iter().zip(&files) {
        let loaded = store::load(file).expect("the file loads");
        assert_eq!(loaded.themes().len(), *n);
        g.bench_function(format!("load_{n}_themes"), |b| {
            b.iter(|| black_box(store::load(file).expect("the file loads")))
        });
    }
    g.finish();
    if benchmarking() {
        let [small, large] = [&files[0], &files[1]].map(|f| median_load(f, 31));
        let ratio = large.as_secs_f64() / small.as_secs_f64();
        println!(
            "medians of 31 loads: {} themes {small:.2?}, {} themes {large:.2?}; ratio {ratio:.1}× (target ≤ 12×)",
            SIZES[0], SIZES[1]
        );
    }
}

criterion_group!(benches, codebook);
criterion_main!(benches);
