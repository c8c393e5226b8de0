//! `tag` and `untag`: offsets counted in code points across non-ASCII
//! text, no-break spaces and emoji; bad tags and untags refused with
//! nothing changed; a span of only white space refused and ragged ends
//! trimmed.

use super::*;

#[test]
fn tagging_counts_code_points_across_non_ascii_nbsp_and_emoji() {
    let raw = "Привет\u{a0}мир 😀\r\nsecond line\r\n";
    let dir = study_with_document(raw);
    let text = raw.replace("\r\n", "\n");

    let project = load(dir.path());
    let doc = project.document("doc").expect("document `doc` imported");
    assert_eq!(doc.text().as_str(), text);
    let source = doc.source.as_ref().unwrap();
    assert_eq!(source.encoding, "UTF-8");
    assert!(!source.bom);
    assert_eq!(source.line_endings, LineEndings::Crlf);

    // "мир 😀\ns": from after the no-break space, over the emoji and the
    // line break. In bytes the range would be quite different.
    let (start, end) = (7usize, 14usize);
    let expected: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(expected, "мир 😀\ns");
    let (s, e) = (start.to_string(), end.to_string());
    let mut args = tag("doc", &s, &e, "Health");
    args.extend(["--note", "n"]);
    let stdout = assert_ok(&run(dir.path(), &args));
    assert!(stdout.contains("tagged doc 7..14 as health"), "{stdout}");

    let project = load(dir.path());
    let doc = project.document("doc").unwrap();
    let spans = doc.spans().spans();
    assert_eq!(spans.len(), 1);
    let span = &spans[0];
    assert_eq!(
        (span.start, span.end, span.theme.as_str()),
        (start, end, "health")
    );
    assert_eq!((span.annotator.as_str(), span.note.as_str()), ("ana", "n"));
    assert_eq!(doc.span_text(span), Some(expected.as_str()));

    let stats = stats_json(dir.path());
    assert_eq!(stats["spans"], 1);
    assert_eq!(stats["code_points"], text.chars().count());
    assert_eq!(stats["documents"][0]["id"], "doc");
    assert_eq!(stats["documents"][0]["spans"], 1);
    assert_eq!(stats["documents"][0]["covered"], end - start);
    let health = &stats["themes"][0];
    assert_eq!(health["id"], "health");
    assert_eq!(health["spans"], 1);
    assert_eq!(health["covered"], end - start);
    assert_eq!(stats["themes"][1]["spans"], 0);

    let stdout = assert_ok(&run(
        dir.path(),
        &[
            "untag", "p.ron", "--doc", "doc", "--start", &s, "--end", &e, "--theme", "health",
        ],
    ));
    assert!(stdout.contains("removed 1 span"), "{stdout}");
    assert_eq!(load(dir.path()).span_count(), 0);
    assert_eq!(stats_json(dir.path())["spans"], 0);
    let summary = assert_ok(&run(dir.path(), &["validate", "p.ron"]));
    assert!(
        summary.contains("1 document, 4 themes, 0 spans"),
        "{summary}"
    );
}

#[test]
fn bad_tags_and_untags_are_refused_and_change_nothing() {
    let dir = study_with_document("Hello, wörld 😀\n");
    // 15 code points: "Hello, wörld 😀\n".
    assert_ok(&run(dir.path(), &tag("doc", "7", "12", "ict")));
    let d = dir.path();

    let stderr = assert_refused(d, &tag("doc", "7", "16", "ict"), "past the end of the text");
    assert!(stderr.contains("15 code points"), "{stderr}");
    assert_refused(
        d,
        &tag("doc", "5", "5", "ict"),
        "start 5 is not before its end 5",
    );
    assert_refused(
        d,
        &tag("doc", "6", "2", "ict"),
        "start 6 is not before its end 2",
    );

    let stderr = assert_refused(d, &tag("doc", "0", "5", "Sport"), "no theme \"Sport\"");
    for listed in [
        "health (Health)",
        "security (Security)",
        "ict (ICT)",
        "trade (Trade)",
    ] {
        assert!(stderr.contains(listed), "{listed:?} not listed in {stderr}");
    }
    assert_refused(
        d,
        &tag("nodoc", "0", "5", "ict"),
        "no document with id \"nodoc\"",
    );
    // The same span twice (same range, theme and annotator).
    assert_refused(d, &tag("doc", "7", "12", "ICT"), "already has this span");

    let untag = |start, end, theme| {
        [
            "untag", "p.ron", "--doc", "doc", "--start", start, "--end", end, "--theme", theme,
        ]
    };
    assert_refused(d, &untag("7", "13", "ict"), "has no span 7..13");
    assert_refused(d, &untag("7", "12", "trade"), "has no span 7..12");
    let mut by_other = untag("7", "12", "ict").to_vec();
    by_other.extend(["--annotator", "bob"]);
    assert_refused(d, &by_other, "by \"bob\"");

    assert_eq!(load(d).span_count(), 1);
    // The very end of the text is a valid end.
    assert_ok(&run(d, &tag("doc", "13", "15", "ict")));
    assert_eq!(load(d).span_count(), 2);
}

#[test]
fn tagging_white_space_is_refused_and_ragged_ends_are_trimmed() {
    let dir = study_with_document("Health\u{a0} and\r\nsecurity 😀 \r\n");
    let d = dir.path();
    // "Health\u{a0} and\nsecurity 😀 \n": the no-break space and the space
    // after it are 6..8, the line break 11..12.
    let stderr = assert_refused(d, &tag("doc", "6", "8", "health"), "only white space");
    assert!(stderr.contains("6..8"), "{stderr}");
    assert!(stderr.contains("Nothing was tagged"), "{stderr}");
    assert_refused(d, &tag("doc", "11", "12", "health"), "only white space");

    // From the no-break space to the space before the emoji: trimmed to
    // "and\nsecurity", and said so.
    let stdout = assert_ok(&run(d, &tag("doc", "6", "21", "health")));
    assert!(
        stdout.contains("tagged doc 8..20 as health: \"and\\nsecurity\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("white space at the ends of 6..21 was left out"),
        "{stdout}"
    );
    // Around the emoji, to the end of the text.
    let stdout = assert_ok(&run(d, &tag("doc", "20", "24", "trade")));
    assert!(
        stdout.contains("tagged doc 21..22 as trade: \"😀\""),
        "{stdout}"
    );
    // Nothing to trim: nothing said.
    let stdout = assert_ok(&run(d, &tag("doc", "0", "6", "ict")));
    assert!(!stdout.contains("left out"), "{stdout}");

    let project = load(d);
    let doc = project.document("doc").unwrap();
    let spans: Vec<_> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| (s.start, s.end, doc.span_text(s).unwrap()))
        .collect();
    assert_eq!(
        spans,
        [(0, 6, "Health"), (8, 20, "and\nsecurity"), (21, 22, "😀")]
    );
    let output = run(d, &["validate", "p.ron"]);
    assert_ok(&output);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
