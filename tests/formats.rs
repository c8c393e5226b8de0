//! Every exchange format on the fixture project (non-ASCII, emoji, a CRLF
//! source, a tab, spans across line breaks, overlaps, notes):
//!
//! - golden files: the export is byte-for-byte what `tests/golden/FORMAT/`
//!   holds (rewrite them with `MARGINALIA_BLESS=1 cargo test --test formats`
//!   and read the diff);
//! - round trip: export, import into an empty project, and every span
//!   comes back the same, except what the export's report says it could not
//!   carry;
//! - the CLI does the same from the command line.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use marginalia::formats::{self, ExportOptions, ExportReport, Format, fixture};
use marginalia::model::Project;
use support::cli;

fn golden_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// The files an export consists of, by relative path; a `.qdpx` is unzipped
/// so that its entries compare as text.
fn export_entries(format: Format, options: &ExportOptions) -> BTreeMap<PathBuf, Vec<u8>> {
    let (files, _) =
        formats::export_files(&fixture::project(), format, options, Default::default())
            .unwrap_or_else(|e| panic!("{format} export failed: {e}"));
    let mut entries = BTreeMap::new();
    for f in files {
        if format == Format::RefiQda && !options.codebook_only {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(f.bytes)).expect("a zip");
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                if entry.is_dir() {
                    continue;
                }
                let mut bytes = Vec::new();
                entry.read_to_end(&mut bytes).unwrap();
                entries.insert(PathBuf::from(entry.name()), bytes);
            }
        } else {
            entries.insert(f.path, f.bytes);
        }
    }
    entries
}

fn read_tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// The first line where two byte strings differ, for a readable failure.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.split('\n').zip(b.split('\n')).enumerate() {
        if x != y {
            return format!("line {}:\n  got:      {x:?}\n  expected: {y:?}", i + 1);
        }
    }
    format!(
        "one is a prefix of the other ({} vs {} lines)",
        a.lines().count(),
        b.lines().count()
    )
}

fn golden_cases() -> Vec<(String, Format, ExportOptions)> {
    let mut cases: Vec<_> = Format::ALL
        .into_iter()
        .filter(|f| f.exports())
        .map(|f| (f.name().to_owned(), f, ExportOptions::default()))
        .collect();
    cases.push((
        "refi-qda-codebook".into(),
        Format::RefiQda,
        ExportOptions {
            codebook_only: true,
            ..Default::default()
        },
    ));
    cases
}

#[test]
fn every_export_matches_its_golden_files() {
    let bless = std::env::var_os("MARGINALIA_BLESS").is_some();
    let mut failures = Vec::new();
    for (name, format, options) in golden_cases() {
        let dir = golden_root().join(&name);
        let got = export_entries(format, &options);
        if bless {
            let _ = fs::remove_dir_all(&dir);
            for (path, bytes) in &got {
                let p = dir.join(path);
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(p, bytes).unwrap();
            }
            continue;
        }
        let expected = read_tree(&dir);
        let got_names: BTreeSet<_> = got.keys().collect();
        let expected_names: BTreeSet<_> = expected.keys().collect();
        if got_names != expected_names {
            failures.push(format!(
                "{name}: files differ: got {got_names:?}, golden has {expected_names:?}"
            ));
            continue;
        }
        for (path, bytes) in &got {
            if bytes != &expected[path] {
                failures.push(format!(
                    "{name}/{}: {}",
                    path.display(),
                    first_difference(bytes, &expected[path])
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "exports differ from tests/golden (MARGINALIA_BLESS=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

/// A span as compared after a round trip.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    doc: String,
    start: usize,
    end: usize,
    label: String,
}

fn spans_by_key(p: &Project) -> BTreeMap<Key, Vec<(String, String)>> {
    let mut out: BTreeMap<Key, Vec<(String, String)>> = BTreeMap::new();
    for d in p.documents() {
        for s in d.spans().spans() {
            let label = p.theme(&s.theme).unwrap().label.clone();
            out.entry(Key {
                doc: d.id.clone(),
                start: s.start,
                end: s.end,
                label,
            })
            .or_default()
            .push((s.annotator.clone(), s.note.clone()));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

fn lost(report: &ExportReport, key: &Key, kind: &str) -> bool {
    report.losses.iter().any(|l| {
        l.document == key.doc
            && l.kind == kind
            && l.span.as_ref() == Some(&(key.start, key.end, key.label.clone()))
    })
}

fn reported_at_all(report: &ExportReport, key: &Key) -> bool {
    report.losses.iter().any(|l| {
        l.document == key.doc && l.span.as_ref() == Some(&(key.start, key.end, key.label.clone()))
    })
}

/// Exports the fixture in `format`, imports the result (format guessed from
/// the file, except doccano's, which is never guessed: its `.jsonl` reads
/// as `jsonl` unless named) into an empty project, and compares.
fn round_trip(format: Format) -> Result<(), String> {
    let original = fixture::project();
    let dir = tempfile::tempdir().unwrap();
    let out = dir
        .path()
        .join(match format.extension(&ExportOptions::default()) {
            Some(ext) => format!("export.{ext}"),
            None => "export".into(),
        });
    let report = formats::export(&original, format, &out, &ExportOptions::default())
        .map_err(|e| format!("{format}: export: {e}"))?;
    let named = (format == Format::Doccano).then_some(format);
    let guessed = formats::guess_format(&out);
    assert_eq!(
        guessed,
        named.map_or(format, |_| Format::Jsonl),
        "guessing {out:?}"
    );
    let imported = formats::read(&out, named).map_err(|e| format!("{format}: import: {e}"))?;
    let mut back = Project::new("back", vec![]);
    let (edit, _) = formats::import::plan(&back, &[(out.clone(), imported)], "importer")
        .map_err(|e| format!("{format}: plan: {e}"))?;
    edit.apply(&mut back).map_err(|e| e.to_string())?;

    // Folder formats have no document order: compare by id.
    let texts = |p: &Project| -> BTreeMap<String, String> {
        p.documents()
            .iter()
            .map(|d| (d.id.clone(), d.text().as_str().to_owned()))
            .collect()
    };
    if texts(&original) != texts(&back) {
        return Err(format!(
            "{format}: documents differ:\n{:?}\n{:?}",
            texts(&original),
            texts(&back)
        ));
    }
    let (a, b) = (spans_by_key(&original), spans_by_key(&back));
    let mut problems = Vec::new();
    for (key, attrs) in &a {
        let Some(got) = b.get(key) else {
            if !reported_at_all(&report, key) {
                problems.push(format!("{key:?} did not come back and was not reported"));
            }
            continue;
        };
        if got.len() != attrs.len() && !reported_at_all(&report, key) {
            problems.push(format!(
                "{key:?}: {} spans came back, not {}",
                got.len(),
                attrs.len()
            ));
            continue;
        }
        for ((who, note), (got_who, got_note)) in attrs.iter().zip(got) {
            if note != got_note && !lost(&report, key, "notes are not carried") {
                problems.push(format!("{key:?}: note {note:?} came back as {got_note:?}"));
            }
            if who != got_who && !lost(&report, key, "annotator names are not carried") {
                problems.push(format!(
                    "{key:?}: annotator {who:?} came back as {got_who:?}"
                ));
            }
        }
    }
    for key in b.keys().filter(|k| !a.contains_key(k)) {
        problems.push(format!("{key:?} came back but was not exported"));
    }
    // Colours survive where the format has a codebook.
    for t in original.themes() {
        if let Some(u) = back.themes().iter().find(|u| u.label == t.label)
            && matches!(format, Format::Brat | Format::RefiQda)
            && u.color != t.color
        {
            problems.push(format!(
                "{format}: theme {} colour {} came back as {}",
                t.label, t.color, u.color
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{format}:\n  {}", problems.join("\n  ")))
    }
}

#[test]
fn export_then_import_gives_back_the_same_spans() {
    let failures: Vec<String> = Format::ALL
        .into_iter()
        .filter(|f| f.exports() && f.imports())
        .filter_map(|f| round_trip(f).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn formats_that_carry_everything_report_nothing() {
    for format in [Format::Jsonl, Format::Csv, Format::W3c, Format::RefiQda] {
        let (_, report) = formats::export_files(
            &fixture::project(),
            format,
            &ExportOptions::default(),
            Default::default(),
        )
        .unwrap();
        assert_eq!(report.losses, [], "{format}");
        assert_eq!((report.documents, report.spans), (2, 10), "{format}");
    }
}

#[test]
fn conll_reports_notes_overlaps_and_partial_tokens() {
    let (_, report) = formats::export_files(
        &fixture::project(),
        Format::Conll,
        &ExportOptions::default(),
        Default::default(),
    )
    .unwrap();
    let summary = report.summary().join("\n");
    assert!(
        summary.contains("notes are not carried: 2 spans"),
        "{summary}"
    );
    assert!(summary.contains("token"), "{summary}");
}

#[test]
fn cli_exports_every_format_and_imports_the_ones_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("fixture.ron");
    marginalia::store::save(&fixture::project(), &project).unwrap();
    for format in Format::ALL.into_iter().filter(|f| f.exports()) {
        let out = dir.path().join(format!("out-{format}"));
        let output = cli::run(
            dir.path(),
            &[
                "export",
                "fixture.ron",
                "--format",
                format.name(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        cli::assert_ok(&output);
        assert!(out.exists(), "{format}: nothing written");
        if !format.imports() {
            continue;
        }
        let target = dir.path().join(format!("in-{format}.ron"));
        cli::assert_ok(&cli::run(dir.path(), &["new", target.to_str().unwrap()]));
        let stdout = cli::assert_ok(&cli::run(
            dir.path(),
            &[
                "import",
                target.to_str().unwrap(),
                out.to_str().unwrap(),
                "--format",
                format.name(),
            ],
        ));
        assert!(stdout.contains("2 documents added"), "{format}: {stdout}");
        let back = marginalia::store::load(&target).unwrap();
        assert_eq!(back.span_count(), 10, "{format}");
    }
}

#[test]
fn cli_refuses_a_malformed_import_and_leaves_the_project_alone() {
    let dir = tempfile::tempdir().unwrap();
    cli::assert_ok(&cli::run(dir.path(), &["new", "p.ron"]));
    let before = fs::read(dir.path().join("p.ron")).unwrap();
    fs::write(
        dir.path().join("bad.jsonl"),
        "{\"text\":\"ok\",\"label\":[[0,2,\"A\"]]}\n{\"text\": \"broken\n",
    )
    .unwrap();
    let output = cli::run(dir.path(), &["import", "p.ron", "bad.jsonl"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bad.jsonl: line 2"), "{stderr}");
    assert_eq!(fs::read(dir.path().join("p.ron")).unwrap(), before);
    let output = cli::run(
        dir.path(),
        &["import", "p.ron", "bad.jsonl", "--format", "xmi"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("[possible values: text, jsonl, brat, label-studio, refi-qda, doccano]"),
        "{stderr}"
    );
}

/// A doccano export of text with emoji, a CRLF line break and U+00A0:
/// read as `jsonl` (the guess for `.jsonl`) its offsets are taken as code
/// points and the spans land shifted, so the import warns; with `--format
/// doccano` every span lands on the characters doccano showed.
#[test]
fn cli_reads_a_doccano_export_in_utf16_units_when_told() {
    let dir = tempfile::tempdir().unwrap();
    // As doccano 1.8 exports it: after the emoji (two UTF-16 units), "Köln"
    // is units 3..7 and "und\u{a0}Bonn" units 9..17 (the \r\n counts two).
    fs::write(
        dir.path().join("admin.jsonl"),
        "{\"id\": 4, \"text\": \"😀 Köln\\r\\nund\\u00a0Bonn ok\", \"city\": \"x\", \
         \"label\": [[3, 7, \"Place\"], [9, 17, \"Place\"]], \"Comments\": []}\n",
    )
    .unwrap();
    for (args, expected) in [
        (&[][..], ["öln", "nd\u{a0}Bonn "]),
        (&["--format", "doccano"][..], ["Köln", "und\u{a0}Bonn"]),
    ] {
        let _ = fs::remove_file(dir.path().join("p.ron"));
        cli::assert_ok(&cli::run(dir.path(), &["new", "p.ron"]));
        let mut argv = vec!["import", "p.ron", "admin.jsonl"];
        argv.extend_from_slice(args);
        let output = cli::run(dir.path(), &argv);
        let stdout = cli::assert_ok(&output);
        let said = format!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
        let warned = said.contains("import it again with --format doccano");
        assert_eq!(warned, args.is_empty(), "{said}");
        assert_eq!(
            said.contains("fields not imported: \"city\" (1 line)"),
            !args.is_empty(),
            "{said}"
        );
        let back = marginalia::store::load(&dir.path().join("p.ron")).unwrap();
        let doc = back.document("4").unwrap();
        assert_eq!(doc.text().as_str(), "😀 Köln\nund\u{a0}Bonn ok");
        assert_eq!(fixture::span_texts(doc), expected, "{args:?}");
    }
}

/// A real doccano export read without `--format doccano`: after the emoji
/// its UTF-16 offsets run past the text's code points, so the import is
/// refused (the project unchanged) with why and the option that reads it.
#[test]
fn cli_refuses_doccano_utf16_offsets_read_as_jsonl_naming_format_doccano() {
    let dir = tempfile::tempdir().unwrap();
    // 18 code points, 21 UTF-16 units: "Bonn" is units 17..21.
    fs::write(
        dir.path().join("admin.jsonl"),
        "{\"id\": 9, \"text\": \"🎉🎉 Köln 😀 und Bonn\", \
         \"label\": [[5, 9, \"Place\"], [17, 21, \"Place\"]], \"Comments\": []}\n",
    )
    .unwrap();
    cli::assert_ok(&cli::run(dir.path(), &["new", "p.ron"]));
    let stderr = cli::assert_refused(
        dir.path(),
        &["import", "p.ron", "admin.jsonl"],
        "admin.jsonl: line 1: document \"9\": span 17..21 ends past the end of the text \
         (18 code points) but not past its 21 UTF-16 code units",
    );
    assert!(
        stderr.contains("If this is a doccano export, import it with --format doccano"),
        "{stderr}"
    );
    cli::assert_ok(&cli::run(
        dir.path(),
        &["import", "p.ron", "admin.jsonl", "--format", "doccano"],
    ));
    let back = marginalia::store::load(&dir.path().join("p.ron")).unwrap();
    assert_eq!(
        fixture::span_texts(back.document("9").unwrap()),
        ["Köln", "Bonn"]
    );
}

/// Label Studio gives every imported annotation to the user who imports
/// it: exported again, the spans of ana and ben come back as the admin's.
/// Imported as is, each span is doubled under that name; with
/// `--match-any-annotator` only what was added in Label Studio comes in.
#[test]
fn cli_reimports_a_label_studio_round_trip_without_doubling_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(
        d.join("speech.txt"),
        "Grüße 😀: health and trade, then security.\n",
    )
    .unwrap();
    cli::assert_ok(&cli::run(d, &["new", "p.ron"]));
    cli::assert_ok(&cli::run(d, &["import", "p.ron", "speech.txt"]));
    for (start, end, theme, who) in [(9, 15, "Health", "ana"), (20, 25, "Trade", "ben")] {
        let (start, end) = (start.to_string(), end.to_string());
        cli::assert_ok(&cli::run(
            d,
            &[
                "tag",
                "p.ron",
                "--doc",
                "speech",
                "--start",
                &start,
                "--end",
                &end,
                "--theme",
                theme,
                "--annotator",
                who,
            ],
        ));
    }
    cli::assert_ok(&cli::run(
        d,
        &["export", "p.ron", "--format", "label-studio", "-o", "ls"],
    ));
    // What Label Studio exports after importing tasks.json, and the admin
    // tagging "security" there.
    let mut tasks: serde_json::Value =
        serde_json::from_slice(&fs::read(d.join("ls/tasks.json")).unwrap()).unwrap();
    let annotations = tasks[0]["annotations"].as_array_mut().unwrap();
    for a in annotations.iter_mut() {
        let a = a.as_object_mut().unwrap();
        a.remove("marginalia_annotator");
        a.insert(
            "completed_by".into(),
            serde_json::json!({"id": 1, "email": "admin@example.org"}),
        );
    }
    annotations[0]["result"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "id": "n3w", "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": 32, "end": 40, "text": "security", "labels": ["Security"]}
        }));
    fs::write(d.join("export.json"), tasks.to_string()).unwrap();

    let spans = |file: &str| -> Vec<(String, String)> {
        let p = marginalia::store::load(&d.join(file)).unwrap();
        let doc = p.document("speech").unwrap();
        let texts = fixture::span_texts(doc);
        let who = doc.spans().spans().iter().map(|s| s.annotator.clone());
        texts.into_iter().map(str::to_owned).zip(who).collect()
    };
    fs::copy(d.join("p.ron"), d.join("doubled.ron")).unwrap();
    let out = cli::assert_ok(&cli::run(d, &["import", "doubled.ron", "export.json"]));
    assert!(
        out.contains("0 documents added, 1 merged, 3 spans added"),
        "{out}"
    );
    assert_eq!(spans("doubled.ron").len(), 5, "{:?}", spans("doubled.ron"));

    let out = cli::assert_ok(&cli::run(
        d,
        &["import", "p.ron", "export.json", "--match-any-annotator"],
    ));
    assert!(
        out.contains("0 documents added, 1 merged, 1 span added, 2 already present"),
        "{out}"
    );
    let admin = "admin@example.org".to_string();
    assert_eq!(
        spans("p.ron"),
        [
            ("health".into(), "ana".into()),
            ("trade".into(), "ben".into()),
            ("security".into(), admin),
        ]
    );
}
