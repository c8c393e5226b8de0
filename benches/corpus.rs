//! Benchmarks of the corpus commands on a generated corpus of 1,000
//! documents (10 MB of text in all) with 100,000 spans over 12 themes and
//! a `year` attribute with 20 values:
//!
//! - open: `store::load` of the saved project (target ≤ 1 s);
//! - a segments query: theme + overlapping + where (target ≤ 50 ms);
//! - the co-occurrence matrix (target ≤ 100 ms);
//! - the HTML report, built and written (target ≤ 3 s).
//!
//! `cargo bench --bench corpus` prints the median of each. Under
//! `cargo test` (no `--bench`) each runs once on 20 documents.

#[path = "support/generate.rs"]
mod generate;

use std::time::{Duration, Instant};

use generate::{Rng, SEED};
use marginalia::analysis::{cooccur, report, segments};
use marginalia::model::{Document, Edit, Project};
use marginalia::store;

fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// `documents` documents of about `bytes` bytes each, `spans` spans each,
/// over 12 themes; document i has the year 2001 + i mod 20.
fn corpus(documents: usize, bytes: usize, spans: usize) -> Project {
    let mut rng = Rng::new(SEED);
    let themes = generate::themes(12);
    let mut project = Project::new("corpus", themes.clone());
    let docs: Vec<Edit> = (0..documents)
        .map(|i| {
            let text = generate::text(bytes, &mut rng);
            let tagged = generate::spans(&text, spans, &themes, &mut rng);
            let year = (2001 + i % 20).to_string();
            let document = Document::new(format!("doc-{i:04}"), format!("Document {i}"), text)
                .with_spans(tagged)
                .with_attributes([("year", year)]);
            Edit::AddDocument {
                index: i,
                document: Box::new(document),
            }
        })
        .collect();
    Edit::Batch(docs)
        .apply(&mut project)
        .expect("generated documents fit");
    project
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[times.len() / 2]
}

fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn main() {
    let (documents, runs) = if benchmarking() { (1000, 7) } else { (20, 1) };
    let project = corpus(documents, 10_000, 100);
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("corpus.ron");
    store::save(&project, &path).expect("save");
    let file_size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "corpus benchmark: {} documents, {:.1} MB of text ({:.1} MB file), {} spans, {} themes, 20 years; median of {runs}",
        project.documents().len(),
        project
            .documents()
            .iter()
            .map(|d| d.text().as_str().len())
            .sum::<usize>() as f64
            / 1e6,
        file_size as f64 / 1e6,
        project.span_count(),
        project.themes().len()
    );

    let open = median(runs, || {
        timed(|| {
            let p = store::load(&path).expect("load");
            assert_eq!(p.documents().len(), documents);
        })
    });
    println!("open (store::load)                      {open:>10.1?}   target ≤ 1 s");

    let themes: Vec<String> = project.themes().iter().map(|t| t.id.clone()).collect();
    let query = segments::Query {
        themes: vec![themes[0].clone()],
        overlapping: vec![themes[1].clone()],
        attributes: vec![("year".into(), "2010".into())],
        ..segments::Query::default()
    };
    let mut found = 0;
    let query_time = median(runs, || {
        timed(|| found = segments::segments(&project, &query).expect("query").len())
    });
    println!(
        "segments (theme + overlapping + where)  {query_time:>10.1?}   target ≤ 50 ms ({found} rows)"
    );

    let cooccur_time = median(runs, || {
        timed(|| {
            let m = cooccur::cooccurrence(&project);
            assert_eq!(m.counts.len(), 12);
        })
    });
    println!("cooccur (analysis::cooccur)             {cooccur_time:>10.1?}   target ≤ 100 ms");

    let out = dir.path().join("report.html");
    let report_time = median(runs, || {
        timed(|| {
            let html = report::html(&project);
            store::write_atomic(&out, html.as_bytes(), false).expect("write report");
        })
    });
    println!(
        "report (build + write)                  {report_time:>10.1?}   target ≤ 3 s ({:.1} MB)",
        std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );
}
