//! The gold standard: after curation, `export --annotator curator` writes
//! the curator's spans and nobody else's.

use std::fs;

use crate::support::cli::{assert_ok, run};
use marginalia::model::{Document, Edit, Project, Span};
use marginalia::store;

#[test]
fn export_with_the_curators_name_gives_the_gold_standard() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Le café 😀 ouvre à 7h\u{a0}30.\r\nFin.".replace("\r\n", "\n");
    let mut project = Project::with_default_codebook("Team");
    let doc = Document::new("cafe", "Café", text.as_str()).with_spans(vec![
        Span::new(3, 7, "health", "ana"),
        Span::new(8, 15, "ict", "ana"),
        Span::new(10, 15, "ict", "bo"),
        // The curator accepted ana's "😀 ouvre" and the agreed "café".
        Span::new(3, 7, "health", "curator"),
        Span::new(8, 15, "ict", "curator"),
    ]);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut project)
    .unwrap();
    store::save(&project, &dir.path().join("p.ron")).unwrap();

    assert_ok(&run(
        dir.path(),
        &[
            "export",
            "p.ron",
            "--format",
            "jsonl",
            "--annotator",
            "curator",
            "-o",
            "gold.jsonl",
        ],
    ));
    let gold = fs::read_to_string(dir.path().join("gold.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(gold.lines().next().unwrap()).unwrap();
    let spans: Vec<(u64, u64, String, String)> = line["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                s["text"].as_str().unwrap().to_owned(),
                s["annotator"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            (3, 7, "café".to_owned(), "curator".to_owned()),
            (8, 15, "😀 ouvre".to_owned(), "curator".to_owned()),
        ]
    );
}
