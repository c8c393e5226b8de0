//! Memos from the command line: written with links to documents, themes
//! and spans (named by their code-point ranges on text with a no-break
//! space, CRLF line ends and an emoji) or, with no link, to the project;
//! edited, unlinked and removed; listed as a table, JSON Lines and a
//! Markdown journal; shown in the report by linked object; and every bad
//! memo refused with status 1, naming what is wrong, the project
//! byte-identical.

use marginalia::model::{MemoLink, SpanRef, check_timestamp};

use super::*;

/// "Привет\u{a0}мир 😀\r\nsecond line\r\n" as `doc`, with spans by ana:
/// 0..6 Health, 7..12 Health and Trade (two on one range).
fn memo_study() -> tempfile::TempDir {
    let dir = study_with_document("Привет\u{a0}мир 😀\r\nsecond line\r\n");
    for (s, e, t) in [
        ("0", "6", "health"),
        ("7", "12", "health"),
        ("7", "12", "trade"),
    ] {
        assert_ok(&run(dir.path(), &tag("doc", s, e, t)));
    }
    dir
}

/// `memo add p.ron --title TITLE --text TEXT --author ana` and `more`.
fn memo_add<'a>(title: &'a str, text: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "memo", "add", "p.ron", "--title", title, "--text", text, "--author", "ana",
    ];
    args.extend(more);
    args
}

#[test]
fn memos_are_written_linked_listed_edited_and_removed() {
    let dir = memo_study();
    let d = dir.path();
    let text = "First line\u{a0}😀\nsecond line";
    let out = assert_ok(&run(d, &memo_add("Journal: day 1", text, &[])));
    assert!(
        out.contains("added memo journal-day-1, linked to the project"),
        "{out}"
    );
    let out = assert_ok(&run(
        d,
        &memo_add(
            "On мир 😀",
            "why",
            &[
                "--doc",
                "doc",
                "--theme",
                "Trade",
                "--span",
                "doc:7..12:trade",
                "--span",
                "doc:0..6",
            ],
        ),
    ));
    assert!(
        out.contains("span 7..12 (theme \"trade\", by \"ana\") of document \"doc\""),
        "{out}"
    );

    let project = load(d);
    let memos = project.memos();
    assert_eq!(memos.len(), 2);
    assert_eq!(memos[0].text, text);
    assert_eq!(memos[0].links, [MemoLink::Project]);
    assert_eq!(memos[0].author, "ana");
    assert_eq!(check_timestamp(&memos[0].created), Ok(()));
    assert_eq!(memos[0].created, memos[0].modified);
    let id = memos[1].id.clone();
    assert_eq!(
        memos[1].links[2],
        MemoLink::Span {
            doc: "doc".into(),
            span: SpanRef::new(7, 12, "trade", "ana")
        }
    );

    // JSON Lines: exactly the keys, links with their kind and offsets.
    let jsonl = assert_ok(&run(d, &["memos", "p.ron", "--format", "jsonl"]));
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    for (line, row) in jsonl.lines().zip(&rows) {
        let keys = [
            "id", "title", "text", "author", "created", "modified", "links",
        ];
        assert_eq!(row.as_object().unwrap().len(), keys.len(), "{line}");
        let at: Vec<usize> = keys
            .iter()
            .map(|k| line.find(&format!("\"{k}\":")).expect(k))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
    let on = rows.iter().find(|r| r["id"] == id.as_str()).unwrap();
    assert_eq!(
        on["links"][0],
        serde_json::json!({"kind": "document", "document": "doc"})
    );
    assert_eq!(
        on["links"][1],
        serde_json::json!({"kind": "theme", "theme": "trade"})
    );
    assert_eq!(
        on["links"][2],
        serde_json::json!({"kind": "span", "document": "doc", "start": 7, "end": 12, "theme": "trade", "annotator": "ana"})
    );
    // The span's offsets slice its text in code points.
    let doc_text = project.document("doc").unwrap().text().as_str().to_owned();
    let sliced: String = doc_text.chars().skip(7).take(5).collect();
    assert_eq!(sliced, "мир 😀");
    let journal_row = rows.iter().find(|r| r["id"] == "journal-day-1").unwrap();
    assert_eq!(journal_row["text"], text);
    assert_eq!(
        journal_row["links"],
        serde_json::json!([{"kind": "project"}])
    );

    // The Markdown journal and the table.
    let md = assert_ok(&run(d, &["memos", "p.ron", "--format", "markdown"]));
    assert!(md.starts_with("# Study: memos\n"), "{md}");
    assert!(md.contains("### Journal: day 1\n"), "{md}");
    assert!(md.contains("> First line\u{a0}😀\n> second line\n"), "{md}");
    assert!(md.contains("- linked to theme \"trade\""), "{md}");
    let table = assert_ok(&run(d, &["memos", "p.ron"]));
    assert!(table.ends_with("2 memos\n"), "{table}");

    // The report lists each memo under every object it is linked to.
    assert_ok(&run(d, &["report", "p.ron", "-o", "r.html"]));
    let html = fs::read_to_string(d.join("r.html")).unwrap();
    let memos_html = &html[html
        .find("<section id=\"memos\">")
        .expect("a Memos section")..];
    assert!(memos_html.contains("<h3>The project"));
    assert!(memos_html.contains("Span “мир 😀”"), "{memos_html}");
    assert_eq!(memos_html.matches("<strong>On мир 😀</strong>").count(), 4);

    // Edit: a new title, one link less, the project linked; modified moves on.
    assert_ok(&run(
        d,
        &[
            "memo",
            "edit",
            "p.ron",
            &id,
            "--title",
            "Renamed",
            "--unlink-span",
            "doc:0..6",
            "--link-project",
        ],
    ));
    let project = load(d);
    let memo = project.memo(&id).unwrap();
    assert_eq!(memo.title, "Renamed");
    assert_eq!(memo.text, "why");
    assert_eq!(memo.links.len(), 4);
    assert!(memo.links_to(&MemoLink::Project));
    assert!(memo.modified >= memo.created);

    // Removing the memo leaves the other.
    assert_ok(&run(d, &["memo", "remove", "p.ron", &id]));
    let project = load(d);
    assert_eq!(project.memos().len(), 1);
    assert!(project.memo(&id).is_none());
}

#[test]
fn bad_memos_are_refused_naming_what_is_wrong_and_change_nothing() {
    let dir = memo_study();
    let d = dir.path();
    assert_ok(&run(d, &memo_add("Kept", "x", &["--id", "kept"])));
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            memo_add("T", "x", &["--doc", "ghost"]),
            "there is no document with id \"ghost\"",
        ),
        (
            memo_add("T", "x", &["--theme", "ghost"]),
            "there is no theme \"ghost\"",
        ),
        (
            memo_add("T", "x", &["--span", "doc:1..4"]),
            "document \"doc\" has no span 1..4",
        ),
        (
            memo_add("T", "x", &["--span", "ghost:0..6"]),
            "there is no document with id \"ghost\"",
        ),
        (
            memo_add("T", "x", &["--span", "doc:7..12"]),
            "7..12 in document \"doc\" is ambiguous: 2 spans",
        ),
        (
            memo_add("T", "x", &["--span", "doc:7..12:security"]),
            "(the spans there: 7..12 (theme \"health\"",
        ),
        (
            memo_add("T", "x", &["--span", "7..12"]),
            "\"7..12\" is not a span: write DOC:START..END",
        ),
        (
            memo_add("T", "x", &["--doc", "doc", "--doc", "doc"]),
            "links to document \"doc\" twice",
        ),
        (
            memo_add("T", "x", &["--id", "kept"]),
            "a memo with id \"kept\" already exists",
        ),
        (
            vec!["memo", "edit", "p.ron", "nope", "--title", "x"],
            "there is no memo with id \"nope\"",
        ),
        (
            vec!["memo", "edit", "p.ron", "kept"],
            "nothing to change in memo \"kept\"",
        ),
        (
            vec!["memo", "edit", "p.ron", "kept", "--unlink-doc", "doc"],
            "memo \"kept\" is not linked to document \"doc\"",
        ),
        (
            vec!["memo", "edit", "p.ron", "kept", "--span", "doc:0..5"],
            "document \"doc\" has no span 0..5",
        ),
        (
            vec!["memo", "remove", "p.ron", "nope"],
            "there is no memo with id \"nope\"",
        ),
    ];
    for (args, expected) in cases {
        assert_refused(d, &args, expected);
    }
    let out = run(d, &["memos", "p.ron", "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("[possible values: table, jsonl, markdown]")
    );
}
