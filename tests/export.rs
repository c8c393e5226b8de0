//! Exports in the consumer's own terms: every span's offsets slice the
//! exported text back to the span's text, in Rust and in Python.

use std::fs;
use std::process::Command;

use marginalia::formats::{self, ExportOptions, Format};
use marginalia::model::{Document, Edit, Project, Span};

/// Non-ASCII, an astral emoji, a text that came from a CRLF file, spans
/// crossing a line break, overlapping spans and a note.
fn project() -> Project {
    let mut p = Project::with_default_codebook("Export «test»");
    let text =
        "Grüße 😀 from Köln,\nsecond line with \"quotes\", commas\nand a third\u{a0}line 🎉.";
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("d1", "D1", text)),
    }
    .apply(&mut p)
    .unwrap();
    Edit::AddDocument {
        index: 1,
        document: Box::new(Document::new("d2", "D2", "Another document.")),
    }
    .apply(&mut p)
    .unwrap();
    for (doc, s, e, t, a, note) in [
        (
            "d1",
            6,
            12,
            "health",
            "ana",
            "emoji inside, \"quoted\", two\nlines",
        ),
        ("d1", 8, 30, "trade", "bo", ""),
        ("d1", 28, 60, "ict", "ana", ""),
        ("d1", 62, 72, "security", "ana", ""),
        ("d2", 0, 7, "health", "bo", ""),
    ] {
        Edit::AddSpan {
            doc: doc.into(),
            span: Span::new(s, e, t, a).with_note(note),
        }
        .apply(&mut p)
        .unwrap();
    }
    p
}

/// The one file a single-file export produces, as a string.
fn export_string(
    p: &Project,
    format: Format,
    options: &ExportOptions,
) -> Result<String, formats::ExportError> {
    let (files, _) = formats::export_files(p, format, options, Default::default())?;
    assert_eq!(files.len(), 1);
    Ok(String::from_utf8(files[0].bytes.clone()).unwrap())
}

/// What a Python script prints (trimmed) when run with `args`; it must
/// succeed.
fn python(script: &str, args: &[&std::path::Path]) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 is needed for this test (.ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn chars(s: &str, a: usize, b: usize) -> String {
    s.chars().skip(a).take(b - a).collect()
}

#[test]
fn jsonl_offsets_are_code_points_and_slice_back() {
    let p = project();
    let out = export_string(&p, Format::Jsonl, &ExportOptions::default()).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let d1 = &lines[0];
    let text = d1["text"].as_str().unwrap();
    let spans = d1["spans"].as_array().unwrap();
    assert_eq!(spans.len(), 4);
    for s in spans {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars(text, a, b), s["text"].as_str().unwrap());
    }
    assert_eq!(spans[0]["text"], "😀 from");
    assert_eq!(spans[0]["label"], "Health");
    assert_eq!(spans[0]["note"], "emoji inside, \"quoted\", two\nlines");
    assert!(spans[1].get("note").is_none(), "empty notes are left out");
    assert_eq!(d1["label"][1], serde_json::json!([8, 30, "Trade"]));
}

#[test]
fn export_options_filter_documents_and_annotators() {
    let p = project();
    let only = ExportOptions {
        docs: vec!["d1".into()],
        annotator: Some("bo".into()),
        ..Default::default()
    };
    let out = export_string(&p, Format::Jsonl, &only).unwrap();
    assert_eq!(out.lines().count(), 1);
    assert!(out.contains("\"label\":[[8,30,\"Trade\"]]"), "{out}");
    let missing = ExportOptions {
        docs: vec!["nope".into()],
        ..Default::default()
    };
    let err = export_string(&p, Format::Jsonl, &missing).unwrap_err();
    assert!(err.to_string().contains("no document with id \"nope\""));
}

#[test]
fn csv_round_trips_through_a_reader() {
    let p = project();
    let out = export_string(&p, Format::Csv, &ExportOptions::default()).unwrap();
    let mut r = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        formats::csv::HEADER
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let text = p.document("d1").unwrap().text().as_str();
    for row in rows.iter().filter(|r| &r[0] == "d1") {
        let (a, b): (usize, usize) = (row[2].parse().unwrap(), row[3].parse().unwrap());
        assert_eq!(chars(text, a, b), &row[4]);
    }
    assert_eq!(&rows[0][6], "emoji inside, \"quoted\", two\nlines");
}

/// Python reads both files with its own json and csv modules and checks
/// `text[start:end]` against every span.
#[test]
fn python_slices_every_exported_span_to_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = project();
    let jsonl = dir.path().join("out.jsonl");
    let csvp = dir.path().join("out.csv");
    formats::export(&p, Format::Jsonl, &jsonl, &ExportOptions::default()).unwrap();
    formats::export(&p, Format::Csv, &csvp, &ExportOptions::default()).unwrap();
    let script = r#"
import csv, json, sys
texts = {}
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    texts[d["id"]] = d["text"]
    for s in d["spans"]:
        assert d["text"][s["start"]:s["end"]] == s["text"], s
        n += 1
    for a, b, label in d["label"]:
        assert any(s["start"] == a and s["end"] == b and s["label"] == label for s in d["spans"])
with open(sys.argv[2], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        assert texts[row["document"]][int(row["start"]):int(row["end"])] == row["text"], row
        n += 1
print(n)
"#;
    assert_eq!(python(script, &[&jsonl, &csvp]), "10");
}

#[test]
fn cli_export_writes_the_file_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path().join("p.ron");
    marginalia::store::save(&project(), &proj).unwrap();
    let exe = env!("CARGO_BIN_EXE_marginalia");
    let out = dir.path().join("spans.csv");
    let ok = Command::new(exe)
        .args([
            "export",
            proj.to_str().unwrap(),
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            "--doc",
            "d2",
        ])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert_eq!(fs::read_to_string(&out).unwrap().lines().count(), 2);

    let bad = dir.path().join("spans.xml");
    let err = Command::new(exe)
        .args([
            "export",
            proj.to_str().unwrap(),
            "--format",
            "xml",
            "-o",
            bad.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&err.stderr)
            .contains("[possible values: jsonl, csv, brat, conll, webanno-tsv, xmi, w3c, label-studio, refi-qda, doccano]")
    );
    assert!(!bad.exists());
}

/// doccano counts UTF-16 code units: Python, slicing the exported text the
/// way doccano's editor does, gets every span's text back, on text with
/// emoji, U+00A0 and a line break, while the same numbers taken as code
/// points would not.
#[test]
fn doccano_offsets_are_utf16_units_and_python_slices_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = project();
    let out = dir.path().join("doccano.jsonl");
    let report = formats::export(&p, Format::Doccano, &out, &ExportOptions::default()).unwrap();
    let kinds: std::collections::BTreeSet<&str> = report.losses.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["annotator names are not carried", "notes are not carried"]
    );
    let p = &p;
    let expected: Vec<serde_json::Value> = p
        .documents()
        .iter()
        .flat_map(|d| {
            d.spans().spans().iter().map(move |s| {
                let label = &p.theme(&s.theme).unwrap().label;
                serde_json::json!([d.id, label, d.span_text(s).unwrap()])
            })
        })
        .collect();
    let want = dir.path().join("want.json");
    fs::write(&want, serde_json::Value::from(expected).to_string()).unwrap();
    let script = r#"
import json, sys
want = json.load(open(sys.argv[2], encoding="utf-8"))
got, shifted = [], 0
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    units = d["text"].encode("utf-16-le")
    for s, e, label in d["label"]:
        text = units[2 * s:2 * e].decode("utf-16-le")
        got.append([d["id"], label, text])
        shifted += d["text"][s:e] != text
assert sorted(got) == sorted(want), (got, want)
print(len(got), shifted)
"#;
    let printed = python(script, &[&out, &want]);
    // Five spans; the four that reach past the first emoji would be off
    // as code points.
    assert_eq!(printed, "5 4");
}
