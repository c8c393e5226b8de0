//! The codebook tree in exchange and analysis, told as a
//! user's stories: a three-level tree exported in every format with one
//! label per span, rolled up in segments, statistics and agreement, and a
//! codebook imported from another project or a `.qdc`.

use super::*;

/// A study on a CRLF file with an emoji and a no-break space, whose
/// codebook has Security ⊃ Arms control ⊃ Nuclear, and spans by ana:
/// "treaty" as Security, "Arms control" as Arms control and
/// "nuclear\u{a0}arms" as Nuclear.
fn tree_study() -> tempfile::TempDir {
    let dir = study_with_document(
        "Arms control 😀 talks: the treaty bans nuclear\u{a0}arms.\r\nHealth comes next.\r\n",
    );
    let d = dir.path();
    assert_ok(&run(
        d,
        &[
            "theme",
            "add",
            "p.ron",
            "--label",
            "Arms control",
            "--parent",
            "Security",
        ],
    ));
    assert_ok(&run(
        d,
        &[
            "theme",
            "add",
            "p.ron",
            "--label",
            "Nuclear",
            "--parent",
            "Arms control",
        ],
    ));
    for (needle, theme) in [
        ("treaty", "security"),
        ("Arms control", "arms-control"),
        ("nuclear\u{a0}arms", "nuclear"),
    ] {
        tag_text(d, needle, theme, "ana");
    }
    dir
}

/// Code-point range of the first `needle` in the stored document text.
fn range_of(dir: &Path, needle: &str) -> (usize, usize) {
    let text = load(dir).documents()[0].text().as_str().to_owned();
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in {text:?}"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// Tags the first `needle` of document `doc` as `theme` by `annotator`.
fn tag_text(dir: &Path, needle: &str, theme: &str, annotator: &str) {
    let (s, e) = range_of(dir, needle);
    let (s, e) = (s.to_string(), e.to_string());
    assert_ok(&run(
        dir,
        &[
            "tag",
            "p.ron",
            "--doc",
            "doc",
            "--start",
            &s,
            "--end",
            &e,
            "--theme",
            theme,
            "--annotator",
            annotator,
        ],
    ));
}

/// Every file an export wrote (one file or a folder), as text.
fn exported_text(path: &Path) -> String {
    if path.is_dir() {
        snapshot(path)
            .into_values()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        fs::read_to_string(path).unwrap()
    }
}

use crate::support::cli::snapshot;

#[test]
fn every_one_label_format_writes_the_full_path_of_a_child_theme_and_imports_it_back() {
    let dir = tree_study();
    let d = dir.path();
    // (format, output, how the format spells the deepest theme).
    let formats = [
        ("jsonl", "out.jsonl", "Security/Arms control/Nuclear"),
        ("csv", "out.csv", "Security/Arms control/Nuclear"),
        (
            "doccano",
            "out-doccano.jsonl",
            "Security/Arms control/Nuclear",
        ),
        ("w3c", "out.jsonld", "Security/Arms control/Nuclear"),
        ("xmi", "xmi", "Security/Arms control/Nuclear"),
        ("webanno-tsv", "tsv", "Security/Arms control/Nuclear"),
        ("label-studio", "ls", "Security/Arms control/Nuclear"),
        // brat: the type name has no `/` or space; visual.conf keeps the path.
        (
            "brat",
            "brat",
            "Security_Arms_control_Nuclear | Security/Arms control/Nuclear",
        ),
        // CoNLL: one column per theme, white space made `_`.
        ("conll", "out.conll", "B-Security/Arms_control/Nuclear"),
    ];
    for (format, out, nuclear) in formats {
        assert_ok(&run(d, &["export", "p.ron", "--format", format, "-o", out]));
        let text = exported_text(&d.join(out));
        assert!(
            text.contains(nuclear),
            "{format}: no {nuclear:?} in\n{text}"
        );
        let middle = if format == "conll" {
            "Security/Arms_control"
        } else {
            "Security/Arms control"
        };
        assert!(text.contains(middle), "{format}: no {middle:?}");
        assert!(
            !text.contains("\"Nuclear\""),
            "{format}: the bare child label is written"
        );
    }

    // Exactly: the top-level theme keeps its own label; children their path.
    let jsonl: serde_json::Value =
        serde_json::from_str(fs::read_to_string(d.join("out.jsonl")).unwrap().trim()).unwrap();
    let labels: Vec<(u64, &str)> = jsonl["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["start"].as_u64().unwrap(), s["label"].as_str().unwrap()))
        .collect();
    let at = |n: &str| range_of(d, n).0 as u64;
    let mut expected = vec![
        (at("Arms control"), "Security/Arms control"),
        (at("treaty"), "Security"),
        (at("nuclear\u{a0}arms"), "Security/Arms control/Nuclear"),
    ];
    expected.sort();
    assert_eq!(labels, expected);

    // Back into a fresh project, the path is one flat theme's label.
    for (format, out) in [
        ("jsonl", "out.jsonl"),
        ("brat", "brat"),
        ("label-studio", "ls"),
        ("doccano", "out-doccano.jsonl"),
    ] {
        let fresh = tempfile::tempdir().unwrap();
        assert_ok(&run(fresh.path(), &["new", "p.ron"]));
        let file = d.join(out);
        let mut args = vec!["import", "p.ron", file.to_str().unwrap()];
        if format == "doccano" {
            args.extend(["--format", "doccano"]);
        }
        assert_ok(&run(fresh.path(), &args));
        let back = load(fresh.path());
        let theme = back
            .find_theme("Security/Arms control/Nuclear")
            .unwrap_or_else(|| panic!("{format}: no theme for the path label"));
        assert_eq!(theme.parent, None, "{format}");
        let spans: usize = back
            .documents()
            .iter()
            .map(|doc| doc.spans().count_with_theme(&theme.id))
            .sum();
        assert_eq!(spans, 1, "{format}");

        // Into the project it came from, the path finds the nested theme:
        // nothing new, every span already there.
        let again = tempfile::tempdir().unwrap();
        fs::copy(d.join("p.ron"), again.path().join("p.ron")).unwrap();
        let before = load(again.path()).themes().to_vec();
        let mut args = vec![
            "import",
            "p.ron",
            file.to_str().unwrap(),
            "--annotator",
            "ana",
        ];
        if format == "doccano" {
            args.extend(["--format", "doccano"]);
        }
        assert_ok(&run(again.path(), &args));
        let after = load(again.path());
        assert_eq!(
            after.themes(),
            &before[..],
            "{format}: the codebook changed"
        );
    }
}

/// The segments `--format jsonl` prints, as (theme, text).
fn segment_rows(dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["segments", "p.ron", "--format", "jsonl"];
    args.extend(extra);
    assert_ok(&run(dir, &args))
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["theme"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn rolling_up_counts_every_child_under_its_top_level_theme_in_segments_and_stats() {
    let dir = tree_study();
    let d = dir.path();
    // Without rolling up, Security has only its own span.
    assert_eq!(
        segment_rows(d, &["--theme", "Security"]),
        [("security".to_owned(), "treaty".to_owned())]
    );
    // Rolled up, its children's spans are Security's too, in text order.
    let rolled = segment_rows(d, &["--theme", "Security", "--roll-up"]);
    assert_eq!(
        rolled,
        [
            ("security".to_owned(), "Arms control".to_owned()),
            ("security".to_owned(), "treaty".to_owned()),
            ("security".to_owned(), "nuclear\u{a0}arms".to_owned()),
        ]
    );
    // Asking for a child with rolling up asks for its top-level theme.
    assert_eq!(
        segment_rows(d, &["--theme", "Nuclear", "--roll-up"]),
        rolled
    );
    // Overlap is judged on rolled themes too: no span overlaps another.
    assert!(segment_rows(d, &["--overlapping", "Security", "--roll-up"]).is_empty());

    // stats --by document: one column per top-level theme; Security's
    // spans and coverage are the three spans' (12 + 6 + 12 code points,
    // no overlap), by hand.
    let csv = assert_ok(&run(
        d,
        &[
            "stats",
            "p.ron",
            "--by",
            "document",
            "--format",
            "csv",
            "--roll-up",
        ],
    ));
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0], ["document", "theme", "spans", "covered", "share"]);
    let themes: Vec<&str> = rows[1..].iter().map(|r| r[1]).collect();
    assert_eq!(themes, ["health", "security", "ict", "trade"]);
    let len = load(d).documents()[0].text().len_chars() as f64;
    assert_eq!(rows[2][2..4], ["3", "30"]);
    assert_eq!(rows[2][4], format!("{:.4}", 30.0 / len));
    // Not rolled up: six columns, Security with its own span only.
    let flat = assert_ok(&run(
        d,
        &["stats", "p.ron", "--by", "document", "--format", "csv"],
    ));
    let flat: Vec<&str> = flat.lines().skip(1).collect();
    assert_eq!(flat.len(), 6);
    assert!(flat[1].starts_with("doc,security,1,6,"), "{}", flat[1]);

    // stats --by theme --roll-up agrees with the summary.
    let by_theme: serde_json::Value = serde_json::from_str(&assert_ok(&run(
        d,
        &["stats", "p.ron", "--by", "theme", "--json", "--roll-up"],
    )))
    .unwrap();
    let security = by_theme
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == "security")
        .unwrap();
    assert_eq!(
        (security["spans"].as_u64(), security["covered"].as_u64()),
        (Some(3), Some(30))
    );
    assert_eq!(by_theme.as_array().unwrap().len(), 4);

    // stats --by attribute:NAME --roll-up: the same figures per value.
    assert_ok(&run(d, &["attr", "p.ron", "--doc", "doc", "year=2020"]));
    let csv = assert_ok(&run(
        d,
        &[
            "stats",
            "p.ron",
            "--by",
            "attribute:year",
            "--format",
            "csv",
            "--roll-up",
        ],
    ));
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    assert!(rows[1].starts_with("2020,security,1,3,30,"), "{csv}");
}

#[test]
fn agreement_rolled_up_sees_two_annotators_agree_on_the_parent_while_they_differ_on_children() {
    let dir = tree_study();
    let d = dir.path();
    // ben marks the same two passages as ana, with the children swapped;
    // ana's "treaty" (Security) gets a twin by ben too.
    tag_text(d, "Arms control", "nuclear", "ben");
    tag_text(d, "nuclear\u{a0}arms", "arms-control", "ben");
    tag_text(d, "treaty", "security", "ben");
    let agree = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["agree", "p.ron", "--format", "json"];
        args.extend(extra);
        serde_json::from_str(&assert_ok(&run(d, &args))).unwrap()
    };
    let flat = agree(&[]);
    // Each child: ana and ben never mark the same range (by hand: 0 of 2
    // spans match, F1 0).
    for child in ["arms-control", "nuclear"] {
        assert_eq!(flat["themes"][child]["f1_exact"]["ana|ben"], 0.0, "{child}");
    }
    assert_eq!(flat["themes"]["security"]["f1_exact"]["ana|ben"], 1.0);
    let rolled = agree(&["--roll-up"]);
    let themes: Vec<&str> = rolled["themes"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(themes, ["health", "ict", "security", "trade"]);
    // Rolled up, each annotator's three Security spans are the other's:
    // F1 and Cohen's κ are 1 (the same code points covered, some not).
    let security = &rolled["themes"]["security"];
    assert_eq!(security["f1_exact"]["ana|ben"], 1.0);
    assert_eq!(security["f1_overlap"]["ana|ben"], 1.0);
    assert_eq!(security["cohen_kappa"]["ana|ben"], 1.0);
    // The table says the same.
    let table = assert_ok(&run(d, &["agree", "p.ron", "--roll-up"]));
    assert!(!table.contains("arms-control"), "{table}");
    assert!(table.contains("security"), "{table}");
}

// ---------------------------------------------------------- theme import

/// `other.ron` beside `p.ron`: the default codebook with Security renamed
/// Safety (and recoloured), and ICT ⊃ Cyber (key `a`, a rule) ⊃ Malware.
fn other_codebook(dir: &Path) {
    assert_ok(&run(dir, &["new", "other.ron"]));
    assert_ok(&run(
        dir,
        &[
            "theme",
            "edit",
            "other.ron",
            "security",
            "--label",
            "Safety",
            "--color",
            "#112233",
        ],
    ));
    assert_ok(&run(
        dir,
        &[
            "theme",
            "add",
            "other.ron",
            "--label",
            "Cyber",
            "--parent",
            "ICT",
            "--key",
            "a",
            "--rule",
            "hacker",
        ],
    ));
    assert_ok(&run(
        dir,
        &[
            "theme",
            "add",
            "other.ron",
            "--label",
            "Malware",
            "--parent",
            "Cyber",
        ],
    ));
}

#[test]
fn a_codebook_from_another_project_merges_by_id_keeping_the_tree_and_every_span() {
    let dir = tree_study();
    let d = dir.path();
    // p.ron's Arms control holds the key `a` the other's Cyber wants.
    assert_ok(&run(
        d,
        &["theme", "edit", "p.ron", "arms-control", "--key", "a"],
    ));
    other_codebook(d);
    let spans_before = load(d).span_count();

    let out = run(d, &["theme", "import", "p.ron", "other.ron"]);
    let stdout = assert_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.starts_with("2 themes added, 1 updated, 3 unchanged"),
        "{stdout}"
    );
    assert!(stdout.contains("added\tCyber") && stdout.contains("added\tMalware"));
    assert!(stdout.contains("updated\tSafety"), "{stdout}");
    assert!(
        stderr.contains("note: the key 'a' of \"Cyber\" was not imported"),
        "{stderr}"
    );

    let p = load(d);
    let security = p.theme("security").unwrap();
    assert_eq!(security.label, "Safety");
    assert_eq!(security.color.to_string(), "#112233");
    // The project's own tree under Security is kept; the new one nests.
    assert_eq!(
        p.theme_path("nuclear").unwrap(),
        "Safety/Arms control/Nuclear"
    );
    assert_eq!(p.theme_path("malware").unwrap(), "ICT/Cyber/Malware");
    let cyber = p.theme("cyber").unwrap();
    assert_eq!(
        (cyber.key, cyber.rules.as_slice()),
        (None, &["hacker".to_owned()][..])
    );
    assert_eq!(p.theme("arms-control").unwrap().key, Some('a'));
    assert_eq!(p.span_count(), spans_before);
    assert_ok(&run(d, &["validate", "p.ron"]));

    // A second import changes nothing.
    let again = assert_ok(&run(d, &["theme", "import", "p.ron", "other.ron"]));
    assert!(
        again.starts_with("0 themes added, 0 updated, 6 unchanged"),
        "{again}"
    );
}

#[test]
fn a_qdc_codebook_merges_by_path_and_keeps_its_nesting() {
    let dir = new_study();
    let d = dir.path();
    other_codebook(d);
    assert_ok(&run(
        d,
        &[
            "export",
            "other.ron",
            "--format",
            "refi-qda",
            "--codebook-only",
            "-o",
            "cb.qdc",
        ],
    ));
    let out = assert_ok(&run(d, &["theme", "import", "p.ron", "cb.qdc"]));
    // Health, ICT and Trade are the project's by path; Safety, Cyber and
    // Malware are new.
    assert!(
        out.starts_with("3 themes added, 0 updated, 3 unchanged"),
        "{out}"
    );
    let p = load(d);
    let paths: Vec<String> = p
        .themes()
        .iter()
        .map(|t| p.theme_path(&t.id).unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "Health",
            "Security",
            "ICT",
            "Trade",
            "Safety",
            "ICT/Cyber",
            "ICT/Cyber/Malware"
        ]
    );
    assert_eq!(p.find_theme("Safety").unwrap().color.to_string(), "#112233");
    assert_eq!(p.themes().len(), 7);
}

#[test]
fn a_codebook_that_cannot_be_imported_changes_nothing_and_says_why() {
    let dir = new_study();
    let d = dir.path();
    fs::write(d.join("notes.txt"), "Health\nSecurity\n").unwrap();
    assert_refused(
        d,
        &["theme", "import", "p.ron", "notes.txt"],
        "cannot import a codebook from this kind of file; give a Marginalia project (.ron) or a REFI-QDA codebook (.qdc)",
    );
    fs::write(
        d.join("broken.qdc"),
        "<?xml version=\"1.0\"?>\n<CodeBook><Codes><Code name=",
    )
    .unwrap();
    let stderr = assert_refused(d, &["theme", "import", "p.ron", "broken.qdc"], "broken.qdc");
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    fs::write(d.join("bad.ron"), "(format: 1, name: \"x\", themes: [").unwrap();
    assert_refused(d, &["theme", "import", "p.ron", "bad.ron"], "bad.ron");
    assert_refused(
        d,
        &["theme", "import", "p.ron", "missing.ron"],
        "missing.ron",
    );

    // A theme with a new id but a label the project has: refused by name.
    assert_ok(&run(d, &["new", "clash.ron"]));
    assert_ok(&run(d, &["theme", "merge", "clash.ron", "health", "trade"]));
    assert_ok(&run(
        d,
        &[
            "theme",
            "add",
            "clash.ron",
            "--label",
            "Health",
            "--id",
            "wellbeing",
        ],
    ));
    assert_refused(
        d,
        &["theme", "import", "p.ron", "clash.ron"],
        "theme \"wellbeing\"",
    );
}
