//! Coding faster from the command line: tag every match,
//! rules that suggest, and the codebook tree — told as a user's stories,
//! on text with CRLF line endings, no-break spaces and emoji, and checked
//! against Python's `re` where the two must agree.

use super::*;

/// A study whose one document `doc` comes from a CRLF file with a
/// no-break space, emoji and Cyrillic.
fn crlf_study() -> tempfile::TempDir {
    study_with_document(
        "Peace and security 😀 peace\u{a0}talks.\r\n\
         PEACE-keeping; ПЕАСЕ is not peace. 🕊️peace🕊️\r\n\
         Peaceful 2020, 2021 and 20\u{a0}22 😀😀 peace.\r\n",
    )
}

/// The document text as Marginalia stores it (line endings normalised).
fn text_of(dir: &Path) -> String {
    load(dir).documents()[0].text().as_str().to_owned()
}

/// `(start, end)` in code points of every match of `pattern` in `text`
/// found by Python's `re.finditer` (flags: `re.I` when `ignore_case`).
fn python_matches(text: &str, pattern: &str, ignore_case: bool) -> Vec<(usize, usize)> {
    let output = Command::new("python3")
        .args([
            "-c",
            "import re, sys, json\n\
             text = sys.stdin.read()\n\
             flags = re.I if sys.argv[2] == '1' else 0\n\
             print(json.dumps([[m.start(), m.end()] for m in re.finditer(sys.argv[1], text, flags)]))",
            pattern,
            if ignore_case { "1" } else { "0" },
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap_or_else(|e| panic!("python3 is needed to check tag-all against `re`: {e}"));
    assert!(output.status.success(), "{output:?}");
    let pairs: Vec<(usize, usize)> = serde_json::from_slice(&output.stdout).unwrap();
    pairs
}

/// The spans of `theme` in document `doc`, as `(start, end)`.
fn spans_of(dir: &Path, theme: &str) -> Vec<(usize, usize)> {
    load(dir).documents()[0]
        .spans()
        .spans()
        .iter()
        .filter(|s| s.theme == theme)
        .map(|s| (s.start, s.end))
        .collect()
}

#[test]
fn tag_all_text_ignoring_case_agrees_with_python_re_on_crlf_text_with_emoji() {
    let dir = crlf_study();
    let text = text_of(dir.path());
    assert!(!text.contains('\r'));
    let expected = python_matches(&text, "peace", true);
    // Peace, peace, PEACE, peace, peace (between doves), Peace(ful), peace;
    // not the Cyrillic ПЕАСЕ.
    assert_eq!(expected.len(), 7, "Python's count");
    let out = assert_ok(&run(
        dir.path(),
        &[
            "tag-all",
            "p.ron",
            "--theme",
            "Security",
            "--text",
            "peace",
            "--annotator",
            "ana",
        ],
    ));
    assert!(out.starts_with("7 spans added\n"), "{out}");
    assert_eq!(spans_of(dir.path(), "security"), expected);
    // Every span slices back to the text it matched.
    let project = load(dir.path());
    let doc = &project.documents()[0];
    for span in doc.spans().spans() {
        assert_eq!(doc.span_text(span).unwrap().to_lowercase(), "peace");
        assert_eq!(span.annotator, "ana");
    }
}

#[test]
fn tag_all_regex_agrees_with_python_re_and_skips_what_is_already_tagged() {
    let dir = crlf_study();
    let text = text_of(dir.path());
    let expected = python_matches(&text, "[0-9]+", false);
    assert_eq!(expected.len(), 4, "2020, 2021, 20, 22");
    let args = [
        "tag-all",
        "p.ron",
        "--theme",
        "trade",
        "--regex",
        "[0-9]+",
        "--case-sensitive",
    ];
    let out = assert_ok(&run(dir.path(), &args));
    assert!(out.starts_with("4 spans added\n"), "{out}");
    assert_eq!(spans_of(dir.path(), "trade"), expected);
    let again = assert_ok(&run(dir.path(), &args));
    assert!(again.starts_with("0 spans added\n"), "{again}");
    assert!(again.contains("4 already tagged with trade"), "{again}");
}

#[test]
fn whole_words_are_counted_by_hand_and_dry_run_changes_nothing() {
    let dir = crlf_study();
    // By hand: "Peace", "peace" (before the no-break space), "PEACE" (before
    // the hyphen), "peace" (before the full stop), "peace" between doves and
    // "peace" before the last full stop; not "Peaceful".
    let args = [
        "tag-all",
        "p.ron",
        "--theme",
        "health",
        "--text",
        "PEACE",
        "--whole-word",
        "--dry-run",
    ];
    let before = cli::snapshot(dir.path());
    let out = assert_ok(&run(dir.path(), &args));
    assert!(out.starts_with("6 spans would be added\n"), "{out}");
    assert_eq!(cli::snapshot(dir.path()), before, "--dry-run wrote");
    let out = assert_ok(&run(dir.path(), &args[..args.len() - 1]));
    assert!(out.starts_with("6 spans added\n"), "{out}");
    let project = load(dir.path());
    let doc = &project.documents()[0];
    let words: Vec<&str> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| doc.span_text(s).unwrap())
        .collect();
    assert_eq!(
        words,
        ["Peace", "peace", "PEACE", "peace", "peace", "peace"]
    );
    // The "peace" between the doves starts right after U+FE0F.
    let doves = text_of(dir.path()).find("🕊️peace").unwrap();
    let start = text_of(dir.path())[..doves].chars().count() + 2;
    assert!(doc.spans().spans().iter().any(|s| s.start == start));
}

#[test]
fn bad_tag_all_input_is_refused_and_the_project_is_unchanged() {
    let dir = crlf_study();
    let err = assert_refused(
        dir.path(),
        &[
            "tag-all",
            "p.ron",
            "--theme",
            "health",
            "--regex",
            "peace(talks",
        ],
        "is invalid at character 6",
    );
    assert!(err.contains("unclosed group"), "{err}");
    assert_refused(
        dir.path(),
        &["tag-all", "p.ron", "--theme", "health", "--regex", "x*"],
        "matches the empty string",
    );
    assert_refused(
        dir.path(),
        &["tag-all", "p.ron", "--theme", "sport", "--text", "peace"],
        "there is no theme \"sport\"",
    );
    assert_refused(
        dir.path(),
        &[
            "tag-all", "p.ron", "--theme", "health", "--text", "peace", "--doc", "nope",
        ],
        "there is no document \"nope\"",
    );
    assert_refused(
        dir.path(),
        &["tag-all", "p.ron", "--theme", "health", "--text", ""],
        "the text is empty",
    );
}

/// The rows of `theme list --format json`.
fn theme_list(dir: &Path) -> Vec<serde_json::Value> {
    let out = assert_ok(&run(dir, &["theme", "list", "p.ron", "--format", "json"]));
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"))
}

#[test]
fn the_codebook_grows_into_a_tree_from_the_command_line() {
    let dir = crlf_study();
    let ok = |args: &[&str]| assert_ok(&run(dir.path(), args));
    ok(&[
        "theme",
        "add",
        "p.ron",
        "--label",
        "Arms control",
        "--parent",
        "Security",
        "--color",
        "#123456",
        "--key",
        "a",
        "--rule",
        "disarmament",
        "--rule",
        "/arms? control/",
    ]);
    ok(&[
        "theme",
        "add",
        "p.ron",
        "--label",
        "Nuclear",
        "--id",
        "nuclear",
        "--parent",
        "arms-control",
    ]);
    ok(&[
        "theme",
        "edit",
        "p.ron",
        "Nuclear",
        "--add-rule",
        "NPT",
        "--description",
        "Weapons",
    ]);
    let rows = theme_list(dir.path());
    let arms = rows.iter().find(|r| r["id"] == "arms-control").unwrap();
    assert_eq!(arms["label"], "Arms control");
    assert_eq!(arms["color"], "#123456");
    assert_eq!(arms["key"], "a");
    assert_eq!(arms["parent"], "security");
    assert_eq!(
        arms["rules"],
        serde_json::json!(["disarmament", "/arms? control/"])
    );
    assert_eq!(arms["spans"], 0);
    let nuclear = rows.iter().find(|r| r["id"] == "nuclear").unwrap();
    assert_eq!(nuclear["path"], "Security/Arms control/Nuclear");
    assert_eq!(nuclear["rules"], serde_json::json!(["NPT"]));
    // The table shows the tree indented under its parents.
    let table = ok(&["theme", "list", "p.ron"]);
    assert!(table.contains("\n    Nuclear "), "{table}");
    // The file says format 2 now, with one line per field.
    let file = fs::read_to_string(dir.path().join("p.ron")).unwrap();
    assert!(file.starts_with("(\n    format: 2,"), "{}", &file[..40]);
    assert!(file.contains("parent: Some(\"arms-control\")"), "{file}");
}

#[test]
fn bad_codebook_edits_are_refused_with_the_reason_and_change_nothing() {
    let dir = crlf_study();
    assert_ok(&run(
        dir.path(),
        &[
            "theme",
            "add",
            "p.ron",
            "--label",
            "Arms control",
            "--id",
            "arms",
            "--parent",
            "security",
        ],
    ));
    assert_refused(
        dir.path(),
        &["theme", "edit", "p.ron", "security", "--parent", "arms"],
        "cannot move under \"arms\", which lies under it",
    );
    assert_refused(
        dir.path(),
        &["theme", "merge", "p.ron", "security", "arms"],
        "cannot be merged into \"arms\", which lies under it",
    );
    assert_refused(
        dir.path(),
        &["theme", "merge", "p.ron", "arms", "Arms control"],
        "cannot be merged into itself",
    );
    assert_refused(
        dir.path(),
        &["theme", "edit", "p.ron", "arms", "--add-rule", "/(nuclear/"],
        "is invalid at character 1: unclosed group",
    );
    assert_refused(
        dir.path(),
        &[
            "theme", "add", "p.ron", "--label", "Empty", "--rule", "/\\s*/",
        ],
        "matches the empty string",
    );
    assert_refused(
        dir.path(),
        &["theme", "edit", "p.ron", "arms", "--remove-rule", "nothing"],
        "has no rule \"nothing\"",
    );
    assert_refused(
        dir.path(),
        &["theme", "add", "p.ron", "--label", "X", "--parent", "sport"],
        "there is no theme \"sport\"",
    );
}

#[test]
fn merging_recodes_spans_into_the_other_theme() {
    let dir = crlf_study();
    assert_ok(&run(
        dir.path(),
        &[
            "tag-all",
            "p.ron",
            "--theme",
            "health",
            "--text",
            "peace",
            "--whole-word",
        ],
    ));
    assert_ok(&run(
        dir.path(),
        &[
            "tag", "p.ron", "--doc", "doc", "--start", "0", "--end", "5", "--theme", "trade",
        ],
    ));
    let out = assert_ok(&run(
        dir.path(),
        &["theme", "merge", "p.ron", "Health", "trade"],
    ));
    assert!(
        out.contains("merged health into trade: 6 spans recoded"),
        "{out}"
    );
    let project = load(dir.path());
    assert!(project.theme("health").is_none());
    // 0..5 was tagged trade by the same user already: kept once.
    assert_eq!(spans_of(dir.path(), "trade").len(), 6);
}

#[test]
fn rules_suggest_spans_that_are_saved_apart_and_accepted_on_request() {
    let dir = crlf_study();
    assert_ok(&run(
        dir.path(),
        &[
            "theme",
            "edit",
            "p.ron",
            "security",
            "--add-rule",
            "peace",
            "--add-rule",
            "/[0-9]{4}/",
        ],
    ));
    let out = assert_ok(&run(dir.path(), &["suggest", "p.ron"]));
    // Six whole-word "peace" and two four-digit years.
    assert!(
        out.ends_with("8 suggestions (8 new, 0 withdrawn)\n"),
        "{out}"
    );
    assert!(out.contains("doc\t0..5\tSecurity\t\"Peace\"\n"), "{out}");
    assert!(out.contains("\t\"2021\"\n"), "{out}");
    let project = load(dir.path());
    assert_eq!(project.documents()[0].suggestions().len(), 8);
    // Suggestions are not spans: statistics ignore them.
    assert_eq!(stats_json(dir.path())["spans"], 0);
    let file = fs::read_to_string(dir.path().join("p.ron")).unwrap();
    assert!(file.contains("suggestions: [\n"), "{file}");
    assert!(
        file.contains("(start: 0, end: 5, theme: \"security\"),\n"),
        "{file}"
    );
    // Running again proposes nothing new.
    let out = assert_ok(&run(dir.path(), &["suggest", "p.ron"]));
    assert!(
        out.ends_with("8 suggestions (0 new, 0 withdrawn)\n"),
        "{out}"
    );
    let out = assert_ok(&run(
        dir.path(),
        &["suggest", "p.ron", "--accept-all", "--annotator", "ana"],
    ));
    assert!(out.ends_with("8 spans added from suggestions\n"), "{out}");
    let project = load(dir.path());
    assert!(project.documents()[0].suggestions().is_empty());
    assert_eq!(project.span_count(), 8);
    let out = assert_ok(&run(dir.path(), &["suggest", "p.ron"]));
    assert!(
        out.ends_with("0 suggestions (0 new, 0 withdrawn)\n"),
        "{out}"
    );
}

#[test]
fn a_parent_cycle_in_a_file_is_reported_at_its_line() {
    let dir = crlf_study();
    assert_ok(&run(
        dir.path(),
        &[
            "theme",
            "add",
            "p.ron",
            "--label",
            "Arms control",
            "--id",
            "arms",
            "--parent",
            "security",
        ],
    ));
    let path = dir.path().join("p.ron");
    let good = fs::read_to_string(&path).unwrap();
    let bad = good.replacen(
        "key: Some('2'),",
        "key: Some('2'),\n            parent: Some(\"arms\"),",
        1,
    );
    assert_ne!(bad, good);
    fs::write(&path, &bad).unwrap();
    // The theme's `(` opens on the line above its id.
    let line = bad[..bad.find("id: \"security\"").unwrap()].lines().count() - 1;
    let err = cli::assert_fails(&run(dir.path(), &["validate", "p.ron"]), "cycle");
    assert!(
        err.contains(&format!("p.ron:{line}:")),
        "line {line}:\n{err}"
    );
    assert!(err.contains("security → arms → security"), "{err}");
}
