//! Agreement figures match the reference Python packages to 1e-9:
//! scikit-learn's `cohen_kappa_score`, statsmodels' `fleiss_kappa` and
//! krippendorff's `alpha(level_of_measurement="nominal")`, computed per
//! code point by `tests/readers/agreement.py` on hand-made and random
//! projects whose texts hold non-ASCII letters, U+00A0, text that came
//! from CRLF files and emoji. (The venv is the reference readers' one,
//! see tests/support/python.rs.)

mod support;

use support::python;

use std::fs;
use std::process::Command;

use marginalia::analysis::agreement::{Selection, agreement};
use marginalia::model::{Document, Edit, Project, Span, Theme, default_codebook};
use serde_json::{Value, json};

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &["a", "é", "\u{a0}", "😀", "ж", "\n", " ", "語", "b"];

fn random_project(seed: u64) -> Project {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let themes: Vec<Theme> = default_codebook()
        .into_iter()
        .take(1 + rng.below(4))
        .collect();
    let annotators = ["ann", "bo", "cy", "dee"];
    let n_annotators = 1 + rng.below(4);
    let mut project = Project::new("random", themes.clone());
    for d in 0..1 + rng.below(3) {
        let len = 5 + rng.below(60);
        let text: String = (0..len).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let mut spans = Vec::new();
        for _ in 0..rng.below(12) {
            let start = rng.below(len);
            let end = start + 1 + rng.below((len - start).min(15));
            let theme = &themes[rng.below(themes.len())].id;
            let who = annotators[rng.below(n_annotators)];
            spans.push(Span::new(start, end, theme, who));
            // Now and then a second annotator tags the very same span.
            if rng.below(3) == 0 {
                spans.push(Span::new(
                    start,
                    end,
                    theme,
                    annotators[rng.below(n_annotators)],
                ));
            }
        }
        let done: Vec<&str> = annotators[..n_annotators]
            .iter()
            .copied()
            .filter(|_| rng.below(4) == 0)
            .collect();
        let doc = Document::new(format!("doc-{d}"), "D", text)
            .with_spans(spans)
            .with_done(done);
        Edit::AddDocument {
            index: d,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
    }
    project
}

/// The project as the reference script reads it.
fn summary(project: &Project, selection: &Selection) -> Value {
    json!({
        "themes": project.themes().iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
        "annotators": selection.annotators,
        "documents": selection.documents,
        "docs": project.documents().iter().map(|d| json!({
            "id": d.id,
            "text": d.text().as_str(),
            "done": d.done_annotators(),
            "spans": d.spans().spans().iter().map(|s| json!({
                "start": s.start, "end": s.end, "theme": s.theme, "annotator": s.annotator,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// The reference reports of many cases, from one run of the script.
fn references(cases: &[(Project, Selection)]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("projects.json");
    let summaries: Vec<Value> = cases.iter().map(|(p, s)| summary(p, s)).collect();
    fs::write(&input, Value::Array(summaries).to_string()).unwrap();
    let out = Command::new(python::python())
        .arg(python::readers_dir().join("agreement.py"))
        .arg(&input)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "agreement.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("agreement.py prints a JSON list")
}

/// Every figure equal to 1e-9, and undefined in both or neither.
fn assert_close(ours: &Value, theirs: &Value, at: &str) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let (ka, kb): (Vec<_>, Vec<_>) = (a.keys().collect(), b.keys().collect());
            assert_eq!(ka, kb, "{at}: different keys");
            for (k, v) in a {
                assert_close(v, &b[k], &format!("{at}.{k}"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() <= 1e-9, "{at}: ours {a}, reference {b}");
        }
        (a, b) => assert_eq!(a, b, "{at}"),
    }
}

/// Compares every case's report with the reference; returns how many.
fn check(cases: &[(Project, Selection)]) -> usize {
    let theirs = references(cases);
    assert_eq!(theirs.len(), cases.len());
    for (i, ((project, selection), theirs)) in cases.iter().zip(&theirs).enumerate() {
        let ours = serde_json::to_value(agreement(project, selection).unwrap()).unwrap();
        assert_close(&ours, theirs, &format!("case {i} ({selection:?})"));
    }
    cases.len()
}

#[test]
fn hand_made_tagging_matches_the_reference_packages() {
    // Two analysts read a short statement (from a CRLF file: the text is
    // normalised to \n) with emoji and a no-break space.
    let text = "Pandemic 😷 response\nand WTO\u{a0}trade — ICT security.\n";
    let mut project = Project::new("hand", default_codebook());
    let doc = Document::new("s", "Statement", text).with_spans(vec![
        Span::new(0, 8, "health", "ann"),
        Span::new(0, 10, "health", "bob"),
        Span::new(24, 33, "trade", "ann"),
        Span::new(28, 33, "trade", "bob"),
        Span::new(36, 48, "ict", "ann"),
        Span::new(36, 48, "ict", "bob"),
        Span::new(40, 48, "security", "bob"),
    ]);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut project)
    .unwrap();
    check(&[(project.clone(), Selection::default())]);
    let report = agreement(&project, &Selection::default()).unwrap();
    assert_eq!(report.themes["ict"].f1_exact["ann|bob"], Some(1.0));
    assert_eq!(report.themes["health"].f1_exact["ann|bob"], Some(0.0));
    assert_eq!(report.themes["health"].f1_overlap["ann|bob"], Some(1.0));
    // Security: only bob tagged it, so ann's span count is 0 and F1 is 0.
    assert_eq!(report.themes["security"].f1_overlap["ann|bob"], Some(0.0));
}

#[test]
fn random_projects_match_the_reference_packages() {
    let cases: Vec<(Project, Selection)> = (1..=150)
        .map(random_project)
        // Some have no document every annotator worked on: no figures.
        .filter(|p| agreement(p, &Selection::default()).is_ok())
        .map(|p| (p, Selection::default()))
        .collect();
    assert!(check(&cases) >= 50, "too few random projects had figures");
}

#[test]
fn chosen_annotators_and_documents_match_the_reference_packages() {
    let mut cases = Vec::new();
    for seed in 200..300 {
        let project = random_project(seed);
        let Ok(all) = agreement(&project, &Selection::default()) else {
            continue;
        };
        if all.annotators.len() < 3 {
            continue;
        }
        // The last two annotators, on the first document only (which
        // they need not both have worked on).
        let selection = Selection {
            annotators: all.annotators[all.annotators.len() - 2..].to_vec(),
            documents: vec![project.documents()[0].id.clone()],
        };
        cases.push((project, selection));
    }
    assert!(check(&cases) >= 5, "too few projects had three annotators");
}
