//! `--format` takes only the values each command lists. Any other value is
//! a malformed command line: status 2 and clap's usage message naming the
//! values allowed, before any file is read or written. Every listed value
//! is accepted.

use std::fs;
use std::path::Path;

use crate::support::cli::{assert_ok, run, snapshot};

/// A folder with a project `p.ron` holding one document with one span.
fn tagged_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_ok(&run(d, &["new", "p.ron"]));
    fs::write(d.join("doc.txt"), "Health cooperation 🙂 and trade.\n").unwrap();
    assert_ok(&run(d, &["import", "p.ron", "doc.txt"]));
    assert_ok(&run(
        d,
        &[
            "tag", "p.ron", "--doc", "doc", "--start", "0", "--end", "6", "--theme", "Health",
        ],
    ));
    dir
}

/// Runs `args` with `--format bogus` and checks the usage error: status 2,
/// the value named, the allowed values listed, nothing in the folder
/// changed or added.
fn assert_usage_error(dir: &Path, args: &[&str], allowed: &str) {
    let before = snapshot(dir);
    let mut with_bogus = args.to_vec();
    with_bogus.extend(["--format", "bogus"]);
    let output = run(dir, &with_bogus);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "marginalia {with_bogus:?} should be a usage error:\n{stderr}"
    );
    assert!(
        stderr.contains("invalid value 'bogus' for '--format <FORMAT>'"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("[possible values: {allowed}]")),
        "marginalia {with_bogus:?} should list {allowed}:\n{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing is printed on stdout");
    assert_eq!(
        snapshot(dir),
        before,
        "marginalia {with_bogus:?} changed the folder"
    );
}

#[test]
fn each_printing_command_refuses_a_format_it_does_not_list_with_status_2() {
    let dir = tagged_study();
    let d = dir.path();
    let cases: [(&[&str], &str); 5] = [
        (&["stats", "p.ron"], "table, csv, json"),
        (&["cooccur", "p.ron"], "table, csv, json"),
        (&["segments", "p.ron"], "table, csv, jsonl"),
        (&["agree", "p.ron"], "table, json"),
        (&["theme", "list", "p.ron"], "table, json"),
    ];
    for (args, allowed) in cases {
        assert_usage_error(d, args, allowed);
        for value in allowed.split(", ") {
            let mut with_value = args.to_vec();
            with_value.extend(["--format", value]);
            let out = assert_ok(&run(d, &with_value));
            assert!(!out.is_empty(), "marginalia {with_value:?} printed nothing");
        }
    }
}

#[test]
fn a_value_of_another_commands_set_is_refused_too() {
    let dir = tagged_study();
    // jsonl is a segments format, not a stats one; json is not a segments one.
    for (args, allowed) in [
        (["stats", "p.ron", "--format", "jsonl"], "table, csv, json"),
        (
            ["segments", "p.ron", "--format", "json"],
            "table, csv, jsonl",
        ),
    ] {
        let output = run(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(&format!("[possible values: {allowed}]")),
            "{stderr}"
        );
    }
}

#[test]
fn export_and_import_refuse_an_exchange_format_they_do_not_handle_with_status_2() {
    let dir = tagged_study();
    let d = dir.path();
    assert_usage_error(
        d,
        &["export", "p.ron", "-o", "out"],
        "jsonl, csv, brat, conll, webanno-tsv, xmi, w3c, label-studio, refi-qda, doccano",
    );
    // `text` is read, never written.
    let output = run(d, &["export", "p.ron", "--format", "text", "-o", "out.txt"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!d.join("out.txt").exists());
    assert_usage_error(
        d,
        &["import", "p.ron", "doc.txt"],
        "text, jsonl, brat, label-studio, refi-qda, doccano",
    );
    // csv is written, never read.
    let output = run(d, &["import", "p.ron", "doc.txt", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(2));
    // A listed value works: the document exported as jsonl comes back.
    assert_ok(&run(
        d,
        &["export", "p.ron", "--format", "jsonl", "-o", "out.jsonl"],
    ));
    assert_ok(&run(d, &["new", "q.ron"]));
    let out = assert_ok(&run(
        d,
        &["import", "q.ron", "out.jsonl", "--format", "jsonl"],
    ));
    assert!(out.contains("1 span"), "{out}");
}

#[test]
fn stats_json_still_conflicts_with_format() {
    let dir = tagged_study();
    let output = run(dir.path(), &["stats", "p.ron", "--json", "--format", "csv"]);
    assert_eq!(output.status.code(), Some(2));
    let json = assert_ok(&run(dir.path(), &["stats", "p.ron", "--json"]));
    let same = assert_ok(&run(dir.path(), &["stats", "p.ron", "--format", "json"]));
    assert_eq!(json, same);
}
