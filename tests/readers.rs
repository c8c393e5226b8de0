//! Maintained reference readers load our exports: each format's script in
//! `tests/readers/` reads the export with the format's own library
//! (spaCy, pybrat, seqeval, dkpro-cassis, xmlschema with the REFI-QDA
//! schema, ...) and checks every span slices back to the same text in that
//! library's own terms. doccano has no reader library (it is a web
//! application); its script slices in UTF-16 code units with the standard
//! library, as doccano's editor does.
//!
//! The readers live in a Python virtual environment: `$MARGINALIA_READERS_PYTHON`
//! if set, else one this test creates under `target/tmp/reader-venv` from
//! `tests/readers/requirements.txt` (which needs PyPI the first time).

use std::fs;
use std::process::Command;

mod support;

use marginalia::formats::{self, ExportOptions, Format, fixture};
use marginalia::model::Project;
use support::python::{python, readers_dir};

/// What the export should contain, in code points, for the scripts.
fn expected_json(project: &Project) -> serde_json::Value {
    let documents: Vec<_> = project
        .documents()
        .iter()
        .map(|d| {
            let spans: Vec<_> = d
                .spans()
                .spans()
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "start": s.start,
                        "end": s.end,
                        "label": project.theme(&s.theme).unwrap().label,
                        "annotator": s.annotator,
                        "note": s.note,
                        "text": d.span_text(s).unwrap(),
                    })
                })
                .collect();
            serde_json::json!({
                "id": d.id,
                "title": d.title,
                "text": d.text().as_str(),
                "spans": spans,
            })
        })
        .collect();
    let themes: Vec<_> = project
        .themes()
        .iter()
        .map(|t| serde_json::json!({"id": t.id, "label": t.label, "color": t.color.to_string()}))
        .collect();
    serde_json::json!({"documents": documents, "themes": themes})
}

#[test]
fn reference_readers_load_every_export() {
    let python = python();
    let project = fixture::project();
    let dir = tempfile::tempdir().unwrap();
    let expected = dir.path().join("expected.json");
    fs::write(&expected, expected_json(&project).to_string()).unwrap();
    let mut cases: Vec<(String, Format, ExportOptions)> = Format::ALL
        .into_iter()
        .filter(|f| f.exports() && f.name() != "csv")
        .map(|f| (f.name().to_owned(), f, ExportOptions::default()))
        .collect();
    cases.push((
        "refi-qda".into(),
        Format::RefiQda,
        ExportOptions {
            codebook_only: true,
            ..Default::default()
        },
    ));
    let mut failures = Vec::new();
    let mut lines = Vec::new();
    for (script, format, options) in cases {
        let name = match format.extension(&options) {
            Some(ext) => format!("{script}.{ext}"),
            None => script.clone(),
        };
        let out = dir.path().join(name);
        formats::export(&project, format, &out, &options).unwrap();
        let output = Command::new(&python)
            .arg(readers_dir().join(format!("{script}.py")))
            .arg(&out)
            .arg(&expected)
            .output()
            .expect("python runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if output.status.success() {
            lines.push(format!("{script}: {}", stdout.trim()));
        } else {
            failures.push(format!("{script} ({}):\n{stdout}\n{stderr}", out.display()));
        }
    }
    println!("{}", lines.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
