//! Loading a project with relations costs about what loading it without
//! them does: the generated 10 MB document with 100,000 spans, once as it
//! is and once with 20,000 relations between its spans (each relation's
//! ends looked up in the span index, not by a scan), saved and loaded by
//! `store::load`. The target is at most 1.3× the time without relations.
//!
//! `cargo bench --bench relations` prints criterion's figures for both
//! files, then the medians of its own timed loads and their ratio. Under
//! `cargo test` (no `--bench`) the 10 kB size loads once each way.

#[path = "support/generate.rs"]
mod generate;
#[path = "support/median.rs"]
mod median;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use generate::{SEED, SIZES, Size};
use marginalia::model::{Color, Edit, Project, Relation, RelationType, SpanRef};
use marginalia::store;
use median::median_load;

fn benchmarking() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The generated project of `size` with one relation for every five
/// spans: span i to span i + 1 (directed), a note on every tenth.
fn with_relations(size: Size) -> Project {
    let mut project = generate::project(size, SEED);
    let doc = project.documents()[0].id.clone();
    let spans: Vec<SpanRef> = project.documents()[0]
        .spans()
        .spans()
        .iter()
        .map(SpanRef::from)
        .collect();
    let mut edits = vec![Edit::AddRelationType {
        index: 0,
        relation_type: RelationType::new("follows", "Follows «next»", Color::rgb(9, 99, 199)),
    }];
    for (n, i) in (0..spans.len() - 1).step_by(5).enumerate() {
        let relation = Relation::new(spans[i].clone(), spans[i + 1].clone(), "follows", "ana");
        let relation = if n % 10 == 0 {
            relation.with_note(format!("relation {n} 😀"))
        } else {
            relation
        };
        edits.push(Edit::AddRelation {
            doc: doc.clone(),
            relation: Box::new(relation),
        });
    }
    Edit::Batch(edits)
        .apply(&mut project)
        .expect("the generated relations are valid");
    project
}

fn saved(dir: &Path, name: &str, project: &Project) -> PathBuf {
    let file = dir.join(format!("{name}.ron"));
    store::save(project, &file).expect("saving the generated project");
    file
}

fn relations(c: &mut Criterion) {
    let size = if benchmarking() { SIZES[2] } else { SIZES[0] };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let related = with_relations(size);
    let plain = saved(dir.path(), "plain", &generate::project(size, SEED));
    let with = saved(dir.path(), "relations", &related);
    let loaded = store::load(&with).expect("the file loads");
    assert_eq!(loaded, related, "the relations round-trip");
    let mut g = c.benchmark_group(format!("{}/relations", size.name));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(8));
    for (name, file) in [("load_without", &plain), ("load_with_relations", &with)] {
        g.bench_function(name, |b| {
            b.iter(|| black_box(store::load(file).expect("the file loads")))
        });
    }
    g.finish();
    if benchmarking() {
        let [without, with_rel] = [&plain, &with].map(|f| median_load(f, 7));
        let ratio = with_rel.as_secs_f64() / without.as_secs_f64();
        println!(
            "medians of 7 loads, {} with {} spans: without relations {without:.2?}, with {} relations {with_rel:.2?}; ratio {ratio:.2}× (target ≤ 1.3×)",
            size.name,
            size.spans,
            loaded.relation_count()
        );
    }
}

criterion_group!(benches, relations);
criterion_main!(benches);
