//! The document view with relations (`cargo bench --bench frame --
//! relations`): the 10 MB document with 100k spans scrolled without
//! relations (the control) and with 20k of them (most between
//! neighbouring spans, one in five to a span 500 spans on, drawn to the
//! margin), and the ratio of the medians: arcs are laid out only for the
//! visible lines, so the target is ≤ 1.3×.

use std::path::Path;

use marginalia::model::{Color, Edit, Relation, RelationType, SpanRef};
use marginalia::store;

use super::generate::{self, SEED, SIZES};
use super::{Row, Window, push, scroll_frames, stats};

pub(super) fn bench_relations(dir: &Path, quick: bool, rows: &mut Vec<Row>) {
    let (size, count) = if quick {
        (SIZES[0], 20)
    } else {
        (SIZES[2], 20_000)
    };
    let n = if quick { 5 } else { 240 };
    let mut project = generate::project(size, SEED);
    let none = dir.join("relations-none.ron");
    store::save(&project, &none).expect("saving the generated project");
    Edit::AddRelationType {
        index: 0,
        relation_type: RelationType::new("rel", "Relates", Color::rgb(200, 60, 40)),
    }
    .apply(&mut project)
    .expect("adding the relation type");
    let doc = &project.documents()[0];
    let id = doc.id.clone();
    let spans: Vec<SpanRef> = doc.spans().spans().iter().map(SpanRef::from).collect();
    let step = (spans.len() / count).max(1);
    let relations: Vec<Relation> = (0..count)
        .filter_map(|i| {
            let k = i * step;
            let far = if i % 5 == 4 { 500 } else { 1 };
            let (from, to) = (spans.get(k)?, spans.get(k + far)?);
            (from != to).then(|| Relation::new(from.clone(), to.clone(), "rel", &from.annotator))
        })
        .collect();
    let made = relations.len();
    for relation in relations {
        Edit::AddRelation {
            doc: id.clone(),
            relation: Box::new(relation),
        }
        .apply(&mut project)
        .expect("relating two spans of the document");
    }
    let with = dir.join("relations.ron");
    store::save(&project, &with).expect("saving the generated project");
    drop(project);
    let mut medians = Vec::new();
    for (what, file) in [("rel0", &none), ("rel20k", &with)] {
        let mut w = Window::open(Some(file.clone()), true);
        w.wait_idle();
        w.frame();
        w.settle(20);
        let scroll = scroll_frames(&mut w, n);
        if what == "rel20k" {
            assert!(
                !w.app.painted_arcs().is_empty(),
                "the arcs on screen are painted"
            );
        }
        medians.push(stats(scroll.clone()).0);
        push(
            rows,
            size,
            what,
            scroll,
            if what == "rel0" {
                "scroll frame, no relations (the control)".into()
            } else {
                format!("scroll frame with {made} relations (arcs, jump markers)")
            },
        );
    }
    let ratio = medians[1] / medians[0];
    println!(
        "relations: scroll frame with {made} relations / without: {:.2} ms / {:.2} ms = {ratio:.2}× (target ≤ 1.3×: {})",
        medians[1],
        medians[0],
        if ratio <= 1.3 { "ok" } else { "MISS" }
    );
}
