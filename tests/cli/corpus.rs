//! The corpus commands through the binary: attributes set one by one and
//! from a sheet, coded-segment retrieval, the document × theme matrix and
//! the co-occurrence matrix (checked against Python on a random project),
//! and every refusal leaving the project untouched.

use super::*;

use crate::support::python;

/// Two statements: one from 2020 read from CRLF text with a no-break
/// space and an emoji, one from 2015, with year attributes and spans.
fn two_statements() -> tempfile::TempDir {
    let dir = new_study();
    fs::write(
        dir.path().join("s2020.txt"),
        "Health\u{a0}security 😀 and trade.\r\nThe WHO leads; ICT helps.",
    )
    .unwrap();
    fs::write(
        dir.path().join("s2015.txt"),
        "Arms control and trade talks.",
    )
    .unwrap();
    assert_ok(&run(
        dir.path(),
        &["import", "p.ron", "s2020.txt", "s2015.txt"],
    ));
    assert_ok(&run(
        dir.path(),
        &["attr", "p.ron", "--doc", "s2020", "year=2020"],
    ));
    assert_ok(&run(
        dir.path(),
        &["attr", "p.ron", "--doc", "s2015", "year=2015"],
    ));
    for (doc, start, end, theme, annotator) in [
        ("s2020", "0", "17", "health", "ana"),
        ("s2020", "7", "15", "security", "ben"),
        ("s2020", "22", "27", "trade", "ana"),
        ("s2015", "0", "12", "security", "ana"),
        ("s2015", "10", "22", "trade", "ben"),
    ] {
        assert_ok(&run(
            dir.path(),
            &[
                "tag",
                "p.ron",
                "--doc",
                doc,
                "--start",
                start,
                "--end",
                end,
                "--theme",
                theme,
                "--annotator",
                annotator,
            ],
        ));
    }
    dir
}

#[test]
fn an_analyst_retrieves_every_security_passage_of_2020_that_also_speaks_of_health() {
    let dir = two_statements();
    let out = assert_ok(&run(
        dir.path(),
        &[
            "segments",
            "p.ron",
            "--theme",
            "Security",
            "--overlapping",
            "health",
            "--where",
            "year=2020",
            "--format",
            "jsonl",
        ],
    ));
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{out}");
    // Exactly these keys, in this order.
    let key_order: Vec<usize> = [
        "document",
        "start",
        "end",
        "theme",
        "label",
        "annotator",
        "note",
        "text",
    ]
    .iter()
    .map(|k| out.find(&format!("\"{k}\":")).expect(k))
    .collect();
    assert!(key_order.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert_eq!(rows[0].as_object().unwrap().len(), 8);
    assert_eq!(rows[0]["document"], "s2020");
    assert_eq!(
        (rows[0]["start"].as_u64(), rows[0]["end"].as_u64()),
        (Some(7), Some(15))
    );
    assert_eq!(rows[0]["text"], "security");
    // Trade passages that do not touch security, in document order.
    let out = assert_ok(&run(
        dir.path(),
        &[
            "segments",
            "p.ron",
            "--theme",
            "trade",
            "--not-overlapping",
            "security",
            "--format",
            "csv",
        ],
    ));
    assert_eq!(
        out,
        "document,start,end,theme,label,annotator,note,text\ns2020,22,27,trade,Trade,ana,,trade\n"
    );
    // Words, any case.
    let out = assert_ok(&run(
        dir.path(),
        &[
            "segments",
            "p.ron",
            "--text",
            "CONTROL arms",
            "--format",
            "jsonl",
        ],
    ));
    assert!(
        out.contains("\"text\":\"Arms control\"") && out.lines().count() == 1,
        "{out}"
    );
}

#[test]
fn the_document_by_theme_csv_has_the_promised_header_and_four_decimals() {
    let dir = two_statements();
    let out = assert_ok(&run(
        dir.path(),
        &["stats", "p.ron", "--by", "document", "--format", "csv"],
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "document,theme,spans,covered,share");
    // s2020 is 54 code points after CRLF → LF ("...trade.\nThe WHO...").
    assert_eq!(lines[1], "s2020,health,1,17,0.3148");
    assert_eq!(lines[8], "s2015,trade,1,12,0.4138");
    assert_eq!(lines.len(), 1 + 2 * 4);
    // The summary of before stays the default.
    let out = assert_ok(&run(dir.path(), &["stats", "p.ron"]));
    assert!(out.starts_with("Study — 5 spans"), "{out}");
    let by_year = assert_ok(&run(
        dir.path(),
        &[
            "stats",
            "p.ron",
            "--by",
            "attribute:year",
            "--format",
            "csv",
        ],
    ));
    assert!(
        by_year
            .starts_with("value,theme,documents,spans,covered,share\n2015,health,1,0,0,0.0000\n"),
        "{by_year}"
    );
}

#[test]
fn attributes_from_a_sheet_and_bad_sheets_change_nothing() {
    let dir = two_statements();
    fs::write(
        dir.path().join("attrs.csv"),
        "document,country,year\r\ns2020,\"RU\u{a0}CN 😀\",\r\ns2015,RU,2015\r\n",
    )
    .unwrap();
    let out = assert_ok(&run(dir.path(), &["attr", "p.ron", "--from", "attrs.csv"]));
    assert!(
        out.contains("2 values set, 1 removed, on 2 documents"),
        "{out}"
    );
    let p = load(dir.path());
    let s2020 = p.document("s2020").unwrap();
    assert_eq!(s2020.attribute("country"), Some("RU\u{a0}CN 😀"));
    assert_eq!(s2020.attribute("year"), None);
    let saved = fs::read_to_string(dir.path().join("p.ron")).unwrap();
    assert!(saved.starts_with("(\n    format: 2,"));
    fs::write(
        dir.path().join("bad.csv"),
        "document,year\ns2015,2016\nnope,2017\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["attr", "p.ron", "--from", "bad.csv"],
        "bad.csv: line 3: there is no document with id \"nope\"",
    );
    fs::write(
        dir.path().join("ragged.csv"),
        "document,year\ns2015,2016,x\n",
    )
    .unwrap();
    assert_refused(
        dir.path(),
        &["attr", "p.ron", "--from", "ragged.csv"],
        "ragged.csv: line 2: this row has 3 cells, the header has 2",
    );
    // Removing brings the file back to format 1 when nothing else needs 2.
    assert_ok(&run(
        dir.path(),
        &["attr", "p.ron", "--remove", "country", "--remove", "year"],
    ));
    let saved = fs::read_to_string(dir.path().join("p.ron")).unwrap();
    assert!(saved.starts_with("(\n    format: 1,"), "{saved}");
}

#[test]
fn unknown_themes_attributes_and_formats_are_refused_by_name() {
    let dir = two_statements();
    assert_refused(
        dir.path(),
        &["segments", "p.ron", "--where", "decade=2010s"],
        "no document has an attribute \"decade\"; the attributes are year",
    );
    assert_refused(
        dir.path(),
        &["segments", "p.ron", "--theme", "sport"],
        "there is no theme \"sport\"",
    );
    assert_refused(
        dir.path(),
        &["stats", "p.ron", "--by", "attribute:decade"],
        "no document has an attribute \"decade\"",
    );
    // A --format not listed is a usage error (status 2) naming the values.
    let refused = run(dir.path(), &["cooccur", "p.ron", "--format", "xml"]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("[possible values: table, csv, json]"),
        "{stderr}"
    );
    assert_refused(
        dir.path(),
        &["attr", "p.ron", "--doc", "nope", "year=1"],
        "there is no document with id \"nope\"; nothing was changed",
    );
}

/// A random project: 6 documents, 4 themes, 60 random spans (emoji and
/// U+00A0 in the text). Cooccurrence and share are computed again in
/// Python from the jsonl rows and the texts.
#[test]
fn cooccurrence_and_share_agree_with_python_on_a_random_project() {
    let dir = new_study();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut files = Vec::new();
    for d in 0..6 {
        let text: String = (0..80 + d * 7)
            .map(|i| match i % 11 {
                3 => '😀',
                7 => '\u{a0}',
                _ => char::from(b'a' + (i % 26) as u8),
            })
            .collect();
        let name = format!("d{d}.txt");
        fs::write(dir.path().join(&name), &text).unwrap();
        files.push(name);
    }
    let mut args = vec!["import", "p.ron"];
    args.extend(files.iter().map(String::as_str));
    assert_ok(&run(dir.path(), &args));
    let themes = ["health", "security", "ict", "trade"];
    let mut tagged = 0;
    while tagged < 60 {
        let d = next(6);
        let len = 80 + d * 7;
        let start = next(len - 1);
        let end = start + 1 + next((len - start).min(20));
        let end = end.min(len);
        let theme = themes[next(4) as usize];
        let out = run(
            dir.path(),
            &[
                "tag",
                "p.ron",
                "--doc",
                &format!("d{d}"),
                "--start",
                &start.to_string(),
                "--end",
                &end.to_string(),
                "--theme",
                theme,
                "--annotator",
                &format!("a{}", next(2)),
            ],
        );
        if out.status.success() {
            tagged += 1;
        }
    }
    let cooccur = assert_ok(&run(dir.path(), &["cooccur", "p.ron", "--format", "json"]));
    let rows = assert_ok(&run(
        dir.path(),
        &["segments", "p.ron", "--format", "jsonl"],
    ));
    let shares = assert_ok(&run(
        dir.path(),
        &["stats", "p.ron", "--by", "document", "--format", "csv"],
    ));
    fs::write(dir.path().join("rows.jsonl"), &rows).unwrap();
    let script = r#"
import csv, io, json, sys
d = sys.argv[1]
rows = [json.loads(l) for l in open(d + "/rows.jsonl", encoding="utf-8")]
themes = ["health", "security", "ict", "trade"]
n = len(themes)
counts = [[0] * n for _ in themes]
for r in rows:
    counts[themes.index(r["theme"])][themes.index(r["theme"])] += 1
for i, a in enumerate(rows):
    for b in rows[i + 1:]:
        if a["document"] == b["document"] and a["theme"] != b["theme"] \
                and max(a["start"], b["start"]) < min(a["end"], b["end"]):
            x, y = themes.index(a["theme"]), themes.index(b["theme"])
            counts[x][y] += 1
            counts[y][x] += 1
print(json.dumps({"themes": themes, "counts": counts}, separators=(",", ":")))
for doc in sorted({r["document"] for r in rows} | {f"d{k}" for k in range(6)}, key=lambda s: int(s[1:])):
    text = open(f"{d}/{doc}.txt", encoding="utf-8").read()
    for t in themes:
        covered = set()
        spans = [r for r in rows if r["document"] == doc and r["theme"] == t]
        for r in spans:
            covered.update(range(r["start"], r["end"]))
        print(f"{doc},{t},{len(spans)},{len(covered)},{len(covered) / len(text):.4f}")
"#;
    let out = Command::new(python::python())
        .args(["-c", script])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = String::from_utf8(out.stdout).unwrap();
    let (python_cooccur, python_shares) = expected.split_once('\n').unwrap();
    assert_eq!(cooccur.trim(), python_cooccur);
    let ours: Vec<&str> = shares.lines().skip(1).collect();
    let theirs: Vec<&str> = python_shares.lines().collect();
    assert_eq!(ours, theirs);
    assert!(cooccur.contains("\"counts\""));
}

/// The joint statement as its web page carried it: a donation banner and a
/// menu in the navigation, a script, then the paragraphs. Importing the
/// folder that holds it (with a photo beside it) gives the paragraphs
/// only, and says what was skipped.
#[test]
fn a_folder_with_the_statements_web_page_imports_clean_paragraphs() {
    let dir = new_study();
    let statement = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/corpus/ru-cn-joint-statement-2020-09-11.txt"),
    )
    .unwrap();
    let paragraphs: Vec<&str> = statement.split("\n\n").collect();
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut page = String::from(
        "<!DOCTYPE html><html><head><title>Joint statement</title><script>track()</script></head><body>",
    );
    page.push_str(&format!(
        "<nav><a>{}</a> <a>{}</a></nav><main>",
        escape(paragraphs[0]),
        escape(paragraphs[1])
    ));
    for p in &paragraphs[4..12] {
        page.push_str(&format!("\n<p>\n  {}\n</p>", escape(p)));
    }
    page.push_str("</main><footer>Contacts</footer></body></html>");
    fs::create_dir_all(dir.path().join("corpus/2020")).unwrap();
    fs::write(dir.path().join("corpus/2020/statement.htm"), page).unwrap();
    fs::write(dir.path().join("corpus/photo.jpg"), [0xff, 0xd8, 0xff]).unwrap();
    let out = run(dir.path(), &["import", "p.ron", "corpus"]);
    assert_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped photo.jpg: not a text document"),
        "{stderr}"
    );
    let p = load(dir.path());
    let doc = p.document("statement").unwrap();
    assert_eq!(doc.title, "Joint statement");
    assert_eq!(doc.text().as_str(), paragraphs[4..12].join("\n\n"));
    assert!(doc.source.as_ref().unwrap().path.ends_with("statement.htm"));
}

#[test]
fn the_report_is_one_self_contained_html_file_with_every_segment() {
    let dir = two_statements();
    let out = assert_ok(&run(dir.path(), &["report", "p.ron", "-o", "report.html"]));
    assert!(
        out.contains("wrote report.html (2 documents, 5 spans)"),
        "{out}"
    );
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    for forbidden in ["<script", "http://", "https://", "<link", "<img"] {
        assert!(!html.contains(forbidden), "the report holds {forbidden}");
    }
    assert_eq!(html.matches("<div class=\"segment\">").count(), 5);
    assert!(html.contains("Health\u{a0}security 😀</blockquote>"));
    assert!(html.contains("<h3 id=\"theme-trade\">"));
}

/// `marginalia segments P | head -1`: when the reader stops early the
/// command ends there quietly, as Unix tools do, with no "Broken pipe"
/// error and the project untouched.
#[cfg(unix)]
#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    use std::io::Read;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let dir = two_statements();
    let before = fs::read(dir.path().join("p.ron")).unwrap();
    for args in [
        &["segments", "p.ron", "--format", "jsonl"][..],
        &["stats", "p.ron", "--by", "document", "--format", "csv"][..],
        &["theme", "list", "p.ron"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .current_dir(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before the command has written anything.
        drop(child.stdout.take());
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(
            status.success() || status.signal() == Some(13),
            "{args:?}: {status:?}, {stderr}"
        );
        assert!(stderr.is_empty(), "{args:?} said: {stderr}");
    }
    assert_eq!(fs::read(dir.path().join("p.ron")).unwrap(), before);
}
