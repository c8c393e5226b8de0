//! Relations from the command line: relation types added and listed,
//! spans related and unrelated by their code-point ranges on text with a
//! no-break space, CRLF line ends and an emoji, `relations` listing them
//! (every `*_text` the same slice as Python's code-point indexing), the
//! counts in `stats` and the report, `segments --related`; and every bad
//! relation refused with status 1, its message naming it and the project
//! byte-identical.

use super::*;

/// "Привет\u{a0}мир 😀\r\nsecond line\r\n" imported as `doc` (CRLF
/// normalised), tagged by ana: 0..6 Health ("Привет"), 7..12 Health and
/// Trade ("мир 😀", two spans on one range), 13..19 Security ("second");
/// relation types `causes` (Health → Trade or Health) and `same`
/// (undirected, any themes).
fn related_study() -> tempfile::TempDir {
    let dir = study_with_document("Привет\u{a0}мир 😀\r\nsecond line\r\n");
    let d = dir.path();
    for (s, e, t) in [
        ("0", "6", "health"),
        ("7", "12", "health"),
        ("7", "12", "trade"),
        ("13", "19", "security"),
    ] {
        assert_ok(&run(d, &tag("doc", s, e, t)));
    }
    let out = assert_ok(&run(
        d,
        &[
            "relation-type",
            "add",
            "p.ron",
            "--label",
            "Causes",
            "--color",
            "#112233",
            "--from-theme",
            "Health",
            "--to-theme",
            "trade",
            "--to-theme",
            "health",
        ],
    ));
    assert!(out.contains("added relation type causes (Causes)"), "{out}");
    assert_ok(&run(
        d,
        &[
            "relation-type",
            "add",
            "p.ron",
            "--label",
            "Same",
            "--undirected",
        ],
    ));
    dir
}

/// `relate p.ron --doc doc --from FROM --to TO --type TYPE --annotator ana`.
fn relate<'a>(from: &'a str, to: &'a str, kind: &'a str) -> Vec<&'a str> {
    vec![
        "relate",
        "p.ron",
        "--doc",
        "doc",
        "--from",
        from,
        "--to",
        to,
        "--type",
        kind,
        "--annotator",
        "ana",
    ]
}

/// Checks, with Python's own string indexing, that every jsonl line's
/// `from_text` and `to_text` are `text[start:end]` of the document.
fn python_agrees_on_every_slice(dir: &Path, text: &str, jsonl: &str) {
    fs::write(dir.join("text.txt"), text).unwrap();
    fs::write(dir.join("rows.jsonl"), jsonl).unwrap();
    let script = "import json, sys\n\
        text = open(sys.argv[1], encoding='utf-8', newline='').read()\n\
        n = 0\n\
        for line in open(sys.argv[2], encoding='utf-8'):\n\
        \x20   r = json.loads(line)\n\
        \x20   for end in ('from', 'to'):\n\
        \x20       got = text[r[end + '_start']:r[end + '_end']]\n\
        \x20       assert got == r[end + '_text'], (end, got, r)\n\
        \x20       n += 1\n\
        print(n)\n";
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(dir.join("text.txt"))
        .arg(dir.join("rows.jsonl"))
        .output()
        .expect("python3 runs (CI installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let checked: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert_eq!(checked, 2 * jsonl.lines().count());
    fs::remove_file(dir.join("text.txt")).unwrap();
    fs::remove_file(dir.join("rows.jsonl")).unwrap();
}

#[test]
fn spans_are_related_by_code_point_ranges_and_listed_with_their_texts() {
    let dir = related_study();
    let d = dir.path();
    // 7..12 holds two spans: the theme picks one.
    let out = assert_ok(&run(
        d,
        &[
            relate("0..6", "7..12:Trade", "Causes"),
            vec!["--note", "n\u{a0}😀"],
        ]
        .concat(),
    ));
    assert!(
        out.contains("related in doc: 0..6 causes 7..12 (by ana)"),
        "{out}"
    );
    // Undirected: given backwards, stored in text order.
    assert_ok(&run(d, &relate("13..19", "0..6", "same")));
    assert_ok(&run(d, &relate("0..6", "7..12:health", "causes")));

    let project = load(d);
    let doc = project.document("doc").unwrap();
    let text = doc.text().as_str().to_owned();
    assert_eq!(doc.relations().len(), 3);
    let same = doc.relations().iter().find(|r| r.kind == "same").unwrap();
    assert_eq!((same.from.start, same.to.start), (0, 13));

    let jsonl = assert_ok(&run(d, &["relations", "p.ron", "--format", "jsonl"]));
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Exactly these keys, in this order, on every line.
    let keys = [
        "document",
        "type",
        "from_start",
        "from_end",
        "from_theme",
        "from_text",
        "to_start",
        "to_end",
        "to_theme",
        "to_text",
        "annotator",
        "note",
    ];
    for (line, row) in jsonl.lines().zip(&rows) {
        assert_eq!(row.as_object().unwrap().len(), keys.len(), "{line}");
        let at: Vec<usize> = keys
            .iter()
            .map(|k| line.find(&format!("\"{k}\":")).expect(k))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
    let order: Vec<(u64, u64, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["from_start"].as_u64().unwrap(),
                r["to_start"].as_u64().unwrap(),
                r["type"].as_str().unwrap(),
                r["to_theme"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (0, 7, "causes", "health"),
            (0, 7, "causes", "trade"),
            (0, 13, "same", "security")
        ]
    );
    assert_eq!(rows[0]["from_text"], "Привет");
    assert_eq!(rows[1]["to_text"], "мир 😀");
    assert_eq!(rows[1]["note"], "n\u{a0}😀");
    assert_eq!(rows[2]["to_text"], "second");
    python_agrees_on_every_slice(d, &text, &jsonl);

    // Filters, and the same rows as CSV and a table.
    let only = assert_ok(&run(
        d,
        &[
            "relations",
            "p.ron",
            "--type",
            "Same",
            "--doc",
            "doc",
            "--format",
            "jsonl",
        ],
    ));
    assert_eq!(only.lines().count(), 1);
    let csv = assert_ok(&run(d, &["relations", "p.ron", "--format", "csv"]));
    assert!(csv.starts_with("document,type,from_start,from_end,from_theme,from_text,"));
    assert!(
        csv.contains("doc,causes,0,6,health,Привет,7,12,trade,мир 😀,ana,n\u{a0}😀"),
        "{csv}"
    );
    let table = assert_ok(&run(d, &["relations", "p.ron"]));
    assert!(table.ends_with("3 relations\n"), "{table}");

    // Counted by type in stats, the report and relation-type list.
    let stats = stats_json(d);
    assert_eq!(stats["relations"][0]["type"], "causes");
    assert_eq!(stats["relations"][0]["relations"], 2);
    assert_eq!(stats["relations"][1]["relations"], 1);
    let table = assert_ok(&run(d, &["stats", "p.ron"]));
    assert!(table.contains("Same (same)"), "{table}");
    assert_ok(&run(d, &["report", "p.ron", "-o", "r.html"]));
    let html = fs::read_to_string(d.join("r.html")).unwrap();
    assert!(html.contains("<td>Causes</td><td>causes</td><td>yes</td><td>2</td>"));
    let types = assert_ok(&run(
        d,
        &["relation-type", "list", "p.ron", "--format", "json"],
    ));
    let types: serde_json::Value = serde_json::from_str(&types).unwrap();
    assert_eq!(types[0]["from_themes"], serde_json::json!(["health"]));
    assert_eq!(types[0]["color"], "#112233");
    assert_eq!(types[1]["directed"], false);

    // segments --related: the spans at either end of a `same`.
    let seg = assert_ok(&run(
        d,
        &[
            "segments",
            "p.ron",
            "--related",
            "same",
            "--format",
            "jsonl",
        ],
    ));
    let ends: Vec<serde_json::Value> = seg
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(ends.len(), 2);
    assert_eq!(
        (ends[0]["text"].as_str(), ends[1]["text"].as_str()),
        (Some("Привет"), Some("second"))
    );
    let seg = assert_ok(&run(
        d,
        &[
            "segments",
            "p.ron",
            "--related",
            "causes",
            "--format",
            "jsonl",
        ],
    ));
    assert_eq!(seg.lines().count(), 3);

    // unrelate with the same arguments; undirected found either way round.
    let out = assert_ok(&run(
        d,
        &[
            "unrelate", "p.ron", "--doc", "doc", "--from", "13..19", "--to", "0..6", "--type",
            "same",
        ],
    ));
    assert!(
        out.contains("removed 1 relation same from 0..6 to 13..19"),
        "{out}"
    );
    let out = assert_ok(&run(
        d,
        &[
            "unrelate",
            "p.ron",
            "--doc",
            "doc",
            "--from",
            "0..6",
            "--to",
            "7..12:trade",
            "--type",
            "causes",
        ],
    ));
    assert!(out.contains("removed 1 relation"), "{out}");
    let project = load(d);
    let left: Vec<_> = project
        .document("doc")
        .unwrap()
        .relations()
        .iter()
        .map(|r| r.to.theme.clone())
        .collect();
    assert_eq!(left, ["health"]);
}

#[test]
fn bad_relations_are_refused_naming_what_is_wrong_and_change_nothing() {
    let dir = related_study();
    let d = dir.path();
    assert_ok(&run(d, &relate("0..6", "7..12:trade", "causes")));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        // No span there: the spans overlapping the range are listed.
        (
            relate("0..5", "7..12:trade", "causes"),
            "document \"doc\" has no span 0..5",
        ),
        (
            relate("0..5", "7..12:trade", "causes"),
            "spans overlapping it: 0..6 (theme \"health\"",
        ),
        // Two spans on the range: both listed.
        (
            relate("0..6", "7..12", "causes"),
            "7..12 in document \"doc\" is ambiguous: 2 spans",
        ),
        (
            relate("0..6", "7..12", "causes"),
            "7..12 (theme \"trade\", by \"ana\")",
        ),
        (
            relate("0..6", "7..12:security", "causes"),
            "(the spans there: 7..12 (theme \"health\"",
        ),
        (
            relate("0..6", "7..12:trade", "kills"),
            "there is no relation type \"kills\"; the relation types are: causes (Causes), same (Same)",
        ),
        (
            relate("0..6", "7..12:nope", "causes"),
            "there is no theme \"nope\"",
        ),
        // The type allows Trade or Health at its to end, not Security.
        (
            relate("0..6", "13..19", "causes"),
            "its to end, span 13..19 (theme \"security\", by \"ana\"), has a theme the type does not allow there (it allows trade, health)",
        ),
        (
            relate("13..19", "0..6", "causes"),
            "its from end, span 13..19",
        ),
        (
            relate("0..6", "0..6", "same"),
            "relates span 0..6 (theme \"health\", by \"ana\") to itself",
        ),
        (
            relate("0..6", "7..12:trade", "causes"),
            "already has relation",
        ),
        (
            relate("0..6", "12..7", "causes"),
            "document \"doc\" has no span 12..7",
        ),
        (
            vec![
                "relate", "p.ron", "--doc", "nodoc", "--from", "0..6", "--to", "7..12", "--type",
                "causes",
            ],
            "there is no document with id \"nodoc\"",
        ),
        (
            vec![
                "unrelate",
                "p.ron",
                "--doc",
                "doc",
                "--from",
                "0..6",
                "--to",
                "7..12:health",
                "--type",
                "causes",
            ],
            "document \"doc\" has no relation \"causes\" from span 0..6",
        ),
        (
            vec!["relation-type", "add", "p.ron", "--label", "causes"],
            "has the label \"causes\", which relation type \"causes\" already has",
        ),
        (
            vec![
                "relation-type",
                "add",
                "p.ron",
                "--label",
                "X",
                "--from-theme",
                "ghost",
            ],
            "there is no theme \"ghost\"",
        ),
        (
            vec![
                "relation-type",
                "add",
                "p.ron",
                "--label",
                "X",
                "--color",
                "red",
            ],
            "red",
        ),
        (
            vec!["relations", "p.ron", "--type", "kills"],
            "there is no relation type \"kills\"",
        ),
        (
            vec!["relations", "p.ron", "--doc", "zz"],
            "there is no document with id \"zz\"",
        ),
        (
            vec!["segments", "p.ron", "--related", "kills"],
            "there is no relation type \"kills\"",
        ),
    ];
    for (args, expected) in cases {
        assert_refused(d, &args, expected);
    }
    // A range that is not START..END is a malformed command line, as is a
    // --format that is not listed: status 2, nothing written.
    let out = run(d, &relate("0..6", "7-12", "causes"));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"7-12\" is not a span"));
    let out = run(d, &["relations", "p.ron", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[possible values: table, csv, jsonl]"));
}
