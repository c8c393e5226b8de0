//! `import` of text files: empty, binary and partly bad input refused with
//! nothing changed; legacy encodings and UTF-16 decoded exactly as Python
//! decodes them; spans of only white space skipped and listed.

use super::*;
use crate::support::python::python_decode;

#[test]
fn imports_refuse_empty_binary_and_partly_bad_input_and_change_nothing() {
    let dir = new_study();
    fs::write(dir.path().join("empty.txt"), b"").unwrap();
    fs::write(
        dir.path().join("image.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    fs::write(dir.path().join("good.txt"), "A good text.\n").unwrap();

    let stderr = assert_refused(dir.path(), &["import", "p.ron", "empty.txt"], "empty");
    assert!(stderr.contains("empty.txt"), "{stderr}");
    let stderr = assert_refused(dir.path(), &["import", "p.ron", "image.txt"], "binary");
    assert!(stderr.contains("image.txt"), "{stderr}");
    assert!(stderr.contains("NUL byte"), "{stderr}");

    // All or none: the good file is not added when the second one is bad.
    let stderr = assert_refused(
        dir.path(),
        &["import", "p.ron", "good.txt", "image.txt"],
        "image.txt",
    );
    assert!(stderr.contains("binary"), "{stderr}");
    assert_refused(
        dir.path(),
        &["import", "p.ron", "good.txt", "empty.txt"],
        "empty.txt: the file is empty",
    );
    assert_refused(
        dir.path(),
        &["import", "p.ron", "good.txt", "missing.txt"],
        "missing.txt",
    );
    assert!(load(dir.path()).documents().is_empty());
}

#[test]
fn legacy_and_utf16_files_decode_exactly_as_python_does() {
    let dir = new_study();
    let d = dir.path();

    // Windows-1252 with CRLF: accented letters, dashes, curly quotes, euro.
    let latin = "Le café – naïve “citation” déjà vu, élève, façade, cœur.\r\n\
                 Über die Straße gehen: 5 € pro Stück… «fin».\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(latin);
    assert!(!unmappable);
    fs::write(d.join("latin.txt"), &bytes).unwrap();

    // UTF-16 LE with a byte-order mark: Cyrillic, U+00A0, an emoji.
    let wide = "Привет\u{a0}мир 😀\r\nвторая строка\r\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(wide.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(d.join("wide.txt"), &utf16).unwrap();

    let stdout = assert_ok(&run(d, &["import", "p.ron", "latin.txt", "wide.txt"]));
    assert!(stdout.contains("windows-1252"), "{stdout}");
    assert!(stdout.contains("UTF-16LE with BOM"), "{stdout}");

    let project = load(d);
    let latin_doc = project.document("latin").unwrap();
    let python = python_decode(&d.join("latin.txt"), "cp1252");
    assert_eq!(python, latin.replace("\r\n", "\n"));
    assert_eq!(latin_doc.text().as_str(), python);
    let source = latin_doc.source.as_ref().unwrap();
    assert_eq!(source.encoding, "windows-1252");
    assert!(!source.bom);
    assert_eq!(source.line_endings, LineEndings::Crlf);
    assert_eq!(source.path, "latin.txt");

    let wide_doc = project.document("wide").unwrap();
    let python = python_decode(&d.join("wide.txt"), "utf-16");
    assert_eq!(python, wide.replace("\r\n", "\n"));
    assert_eq!(wide_doc.text().as_str(), python);
    let source = wide_doc.source.as_ref().unwrap();
    assert_eq!(source.encoding, "UTF-16LE");
    assert!(source.bom);
    assert_eq!(source.line_endings, LineEndings::Crlf);

    // Offsets agree with Python too: the emoji is one code point.
    let emoji_at = python.chars().position(|c| c == '😀').unwrap();
    let (s, e) = (emoji_at.to_string(), (emoji_at + 1).to_string());
    assert_ok(&run(d, &tag("wide", &s, &e, "ict")));
    let project = load(d);
    let doc = project.document("wide").unwrap();
    assert_eq!(doc.span_text(&doc.spans().spans()[0]), Some("😀"));
}

#[test]
fn importing_skips_spans_of_only_white_space_and_lists_them() {
    let dir = new_study();
    let d = dir.path();
    fs::write(
        d.join("spans.jsonl"),
        concat!(
            r#"{"id":"d1","text":"Health\u00a0care 😀\r\nTrade","spans":["#,
            r#"{"start":0,"end":6,"label":"Health"},"#,
            r#"{"start":6,"end":7,"label":"Health"},"#,
            r#"{"start":13,"end":15,"label":"Sport"},"#,
            r#"{"start":15,"end":20,"label":"Trade"}]}"#,
            "\n"
        ),
    )
    .unwrap();
    let output = run(d, &["import", "p.ron", "spans.jsonl"]);
    let stdout = assert_ok(&output);
    assert!(stdout.contains("2 spans added"), "{stdout}");
    assert!(stdout.contains("2 skipped (only white space)"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("document \"d1\": span 6..7 (\"\\u{a0}\", Health) is only white space"),
        "{stderr}"
    );
    assert!(
        stderr.contains("span 13..15 (\"\\n\", Sport) is only white space"),
        "{stderr}"
    );
    let project = load(d);
    assert!(project.find_theme("Sport").is_none());
    let doc = project.document("d1").unwrap();
    let texts: Vec<_> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| doc.span_text(s).unwrap())
        .collect();
    assert_eq!(texts, ["Health", "Trade"]);
}
