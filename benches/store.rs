//! Benchmarks of everything below the window, on generated projects of
//! 10 kB / 100 spans, 1 MB / 10k spans and 10 MB / 100k spans:
//!
//! - `load`: read, parse and validate the project file (`store::load`);
//! - `save`: serialise and write it atomically with a backup (`store::save`);
//! - `export_jsonl`: `formats::export` to a `.jsonl` file;
//! - `cli_validate`, `cli_export_jsonl`: the same through the release
//!   binary, end to end (process start, load, work, exit);
//! - `index`: tag and untag one span (the edit, its inverse, the index
//!   update), and the overlap query the document view makes per frame;
//! - `import`: merge as many new spans as the document has (100 / 10k /
//!   100k) into it, as importing a labelled copy of it does
//!   (`formats::import::plan` and applying the edit), and undo that.
//!
//! `cargo bench --bench store`; one size: `cargo bench --bench store -- 10mb`.
//! Under `cargo test` (no `--bench`) each benchmark runs once, on the small
//! size only.

#[path = "support/generate.rs"]
mod generate;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use generate::{SEED, SIZES, Size};
use marginalia::formats::import::{self, ImportedDocument, ImportedSpan};
use marginalia::formats::{self, ExportOptions, Format, Imported};
use marginalia::model::{Edit, Project, Span};
use marginalia::store;

/// Whether this is a real benchmark run (`cargo bench`), not `cargo test`.
fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

fn sizes() -> Vec<Size> {
    if benchmarking() {
        SIZES.to_vec()
    } else {
        SIZES[..1].to_vec()
    }
}

/// Fewer, shorter samples for the larger sizes so that the whole run stays
/// within a few minutes.
fn tune(group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, size: Size) {
    let (samples, secs) = match size.name {
        "10kb" => (50, 2),
        "1mb" => (20, 3),
        _ => (10, 6),
    };
    group.sample_size(samples);
    group.measurement_time(Duration::from_secs(secs));
    group.warm_up_time(Duration::from_millis(500));
}

struct Fixture {
    size: Size,
    _dir: tempfile::TempDir,
    file: PathBuf,
    project: Project,
}

fn fixture(size: Size) -> Fixture {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join(format!("{}.ron", size.name));
    let project = generate::project(size, SEED);
    store::save(&project, &file).expect("saving the generated project");
    Fixture {
        size,
        _dir: dir,
        file,
        project,
    }
}

fn cli(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("running marginalia");
    assert!(
        out.status.success(),
        "marginalia {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn files(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group(format!("{}/file", f.size.name));
    tune(&mut g, f.size);
    g.bench_function("load", |b| {
        b.iter(|| black_box(store::load(&f.file).expect("the file loads")))
    });
    let out = f.file.with_file_name("saved.ron");
    g.bench_function("save", |b| {
        b.iter(|| store::save(&f.project, &out).expect("saving"))
    });
    let jsonl = f.file.with_file_name("export.jsonl");
    g.bench_function("export_jsonl", |b| {
        b.iter(|| {
            formats::export(&f.project, Format::Jsonl, &jsonl, &ExportOptions::default())
                .expect("exporting")
        })
    });
    let file = f.file.to_str().expect("a UTF-8 temporary path");
    let jsonl = jsonl.to_str().expect("a UTF-8 temporary path");
    g.bench_function("cli_validate", |b| b.iter(|| cli(&["validate", file])));
    g.bench_function("cli_export_jsonl", |b| {
        b.iter(|| cli(&["export", file, "--format", "jsonl", "-o", jsonl]))
    });
    g.finish();
}

/// Spans that are not in the document yet, spread over it.
fn new_spans(project: &Project, n: usize) -> Vec<Span> {
    let doc = &project.documents()[0];
    let len = doc.text().len_chars();
    (0..n)
        .map(|i| {
            let start = (i * 7919 * 1031) % (len - 40);
            Span::new(start, start + 17, &project.themes()[0].id, "bench-new")
        })
        .collect()
}

fn index(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group(format!("{}/index", f.size.name));
    tune(&mut g, f.size);
    let doc = f.project.documents()[0].id.clone();
    let fresh = new_spans(&f.project, 64);
    let mut project = f.project.clone();
    let mut i = 0;
    // Tag then untag, so the project stays the same size throughout.
    g.bench_function("tag_untag", |b| {
        b.iter(|| {
            let span = fresh[i % fresh.len()].clone();
            i += 1;
            let undo = Edit::AddSpan {
                doc: doc.clone(),
                span,
            }
            .apply(&mut project)
            .expect("tagging");
            undo.apply(&mut project).expect("untagging");
        })
    });
    let spans = f.project.documents()[0].spans();
    let len = f.project.documents()[0].text().len_chars();
    let mut at = 0usize;
    // A screenful: the view asks for the spans over about 3,000 code points.
    g.bench_function("query_screen", |b| {
        b.iter_batched(
            || {
                at = (at + 104_729) % len.saturating_sub(3_000).max(1);
                at
            },
            |a| {
                let mut n = 0;
                spans.visit_overlapping(a, a + 3_000, |_| n += 1);
                black_box(n)
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

/// What importing a labelled copy of the generated document reads: its id
/// and text with `n` spans by other annotators, so that none is in the
/// document yet.
fn labelled_copy(project: &Project, n: usize) -> Vec<(PathBuf, Imported)> {
    let doc = &project.documents()[0];
    let labels: HashMap<&str, &str> = project
        .themes()
        .iter()
        .map(|t| (t.id.as_str(), t.label.as_str()))
        .collect();
    let mut rng = generate::Rng::new(SEED ^ 0x1_0000);
    let spans = generate::spans(doc.text().as_str(), n, project.themes(), &mut rng)
        .into_iter()
        .map(|s| ImportedSpan {
            start: s.start,
            end: s.end,
            label: labels[s.theme.as_str()].to_owned(),
            annotator: Some(format!("import-{}", s.annotator)),
            note: s.note,
            position: String::new(),
        })
        .collect();
    let imported = Imported {
        documents: vec![ImportedDocument {
            id: doc.id.clone(),
            title: doc.title.clone(),
            text: doc.text().as_str().to_owned(),
            source: None,
            spans,
            relations: Vec::new(),
        }],
        ..Default::default()
    };
    vec![(PathBuf::from("labelled.jsonl"), imported)]
}

fn import(c: &mut Criterion, f: &Fixture) {
    let mut g = c.benchmark_group(format!("{}/import", f.size.name));
    tune(&mut g, f.size);
    let files = labelled_copy(&f.project, f.size.spans);
    let merge = |project: &mut Project| {
        let (edit, summary) = import::plan(project, &files, "bench").expect("planning");
        assert_eq!(summary.spans_added, f.size.spans, "every span is new");
        edit.apply(project).expect("importing")
    };
    // The project is cloned outside the measurement, and dropped after it.
    g.bench_function("merge_spans", |b| {
        b.iter_batched(
            || f.project.clone(),
            |mut project| {
                let undo = merge(&mut project);
                (project, undo)
            },
            BatchSize::LargeInput,
        )
    });
    let mut merged = f.project.clone();
    let undo = merge(&mut merged);
    let mut undone = merged.clone();
    undo.clone().apply(&mut undone).expect("undoing the import");
    assert!(undone == f.project, "undo gives the project back");
    g.bench_function("undo_merge_spans", |b| {
        b.iter_batched(
            || (merged.clone(), undo.clone()),
            |(mut project, undo)| {
                let redo = undo.apply(&mut project).expect("undoing the import");
                (project, redo)
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    for size in sizes() {
        let f = fixture(size);
        files(c, &f);
        index(c, &f);
        import(c, &f);
    }
}

fn config() -> Criterion {
    Criterion::default().without_plots()
}

criterion_group! {
    name = store_benches;
    config = config();
    targets = benches
}
criterion_main!(store_benches);
