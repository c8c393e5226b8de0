//! The project file: round trips, byte-stable re-saves, and one test per
//! kind of bad input, each checking the message and that nothing changed.

use std::fs;
use std::path::Path;

use marginalia::model::{Document, Edit, LineEndings, Project, Source, Span};
use marginalia::store::{self, FileError, LoadError};
use proptest::prelude::*;

fn sample() -> Project {
    let mut p = Project::with_default_codebook("Sample «проект»");
    let mut doc = Document::new(
        "d1",
        "Statement",
        "Intro line\u{a0}with nbsp.\nПривет, мир 😀 and \"quotes\" \\ back\n\nLast\tline.",
    );
    doc.source = Some(Source {
        path: "C:\\docs\\statement.txt".into(),
        encoding: "windows-1252".into(),
        bom: false,
        line_endings: LineEndings::Crlf,
        kind: None,
    });
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .unwrap();
    for (s, e, t, note) in [
        (0, 10, "health", ""),
        (5, 30, "security", "crosses\u{a0}the line"),
        (25, 37, "ict", "emoji 😀 inside"),
        (25, 37, "trade", ""),
    ] {
        Edit::AddSpan {
            doc: "d1".into(),
            span: Span::new(s, e, t, "ana").with_note(note),
        }
        .apply(&mut p)
        .unwrap();
    }
    p
}

fn write(dir: &Path, name: &str, content: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    fs::write(&path, content).unwrap();
    path
}

#[test]
fn save_load_identity_and_byte_identical_resave() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    let project = sample();
    store::save(&project, &path).unwrap();
    let first = fs::read(&path).unwrap();
    let loaded = store::load(&path).unwrap();
    assert_eq!(loaded, project);
    store::save(&loaded, &path).unwrap();
    assert_eq!(fs::read(&path).unwrap(), first, "re-save changed bytes");
    assert_eq!(fs::read(store::backup_path(&path)).unwrap(), first);
}

#[test]
fn file_is_readable_one_span_per_line_and_free_of_control_characters() {
    let text = store::to_ron_string(&sample()).unwrap();
    assert!(
        text.starts_with("(\n    format: 1,\n    offsets: \"codepoints\",\n"),
        "{text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "raw control character in:\n{text}"
    );
    // Document text stays readable: real line breaks, non-ASCII as is.
    assert!(text.contains("Привет, мир 😀"));
    assert!(text.contains("\n\nLast\\u{9}line."));
    let span_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("(start:"))
        .collect();
    assert_eq!(span_lines.len(), 4, "{text}");
    assert!(
        span_lines[0]
            .contains(r#"(start: 0, end: 10, theme: "health", annotator: "ana", note: "")"#)
    );
    for field in [
        "id:",
        "label:",
        "color: \"#",
        "key: Some('1')",
        "description:",
        "sha256:",
        "title:",
        "text:",
        "spans:",
    ] {
        assert!(text.contains(field), "missing {field}");
    }
}

fn problems(content: &str) -> Vec<String> {
    match store::from_ron_str(content) {
        Err(FileError::Invalid(p)) => p
            .into_iter()
            .map(|p| match p.position {
                Some(pos) => format!("{}:{}: {}", pos.line, pos.col, p.message),
                None => p.message,
            })
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn valid_text() -> String {
    store::to_ron_string(&sample()).unwrap()
}

/// Replaces the first occurrence of `from`, insisting that it exists.
fn edit(content: &str, from: &str, to: &str) -> String {
    assert!(content.contains(from), "{from:?} not in file");
    content.replacen(from, to, 1)
}

fn line_of(content: &str, needle: &str) -> usize {
    content.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn offset_past_the_end_is_reported_at_its_line() {
    let good = valid_text();
    let bad = edit(
        &good,
        "(start: 25, end: 37, theme: \"ict\"",
        "(start: 25, end: 370, theme: \"ict\"",
    );
    let p = problems(&bad);
    let line = line_of(&bad, "end: 370");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with(&format!("{line}:17: ")), "{p:?}");
    assert!(
        p[0].contains("span end 370 is past the end of the text (67 code points)"),
        "{p:?}"
    );
}

#[test]
fn start_not_before_end_is_reported() {
    let bad = edit(&valid_text(), "(start: 0, end: 10,", "(start: 10, end: 10,");
    let p = problems(&bad);
    assert!(
        p[0].contains("span start 10 is not before its end 10"),
        "{p:?}"
    );
    assert!(p[0].starts_with(&format!("{}:", line_of(&bad, "start: 10, end: 10"))));
}

#[test]
fn unknown_theme_is_reported() {
    let bad = edit(
        &valid_text(),
        "theme: \"trade\", annotator",
        "theme: \"sport\", annotator",
    );
    let p = problems(&bad);
    assert!(
        p[0].contains("uses theme \"sport\", which is not in the codebook"),
        "{p:?}"
    );
}

#[test]
fn duplicate_ids_and_spans_are_reported() {
    let good = valid_text();
    let bad = edit(&good, "id: \"security\"", "id: \"health\"");
    let p = problems(&bad);
    assert!(
        p.iter()
            .any(|m| m.contains("duplicate theme id \"health\"")),
        "{p:?}"
    );

    let span = r#"(start: 0, end: 10, theme: "health", annotator: "ana", note: ""),"#;
    let twice = edit(&good, span, &format!("{span}\n                {span}"));
    let p = problems(&twice);
    assert!(p.iter().any(|m| m.contains("appears twice")), "{p:?}");

    let mut two_docs = sample();
    let mut d = two_docs.document("d1").unwrap().clone();
    d.title = "Copy".into();
    d.id = "d2".into();
    Edit::AddDocument {
        index: 1,
        document: Box::new(d),
    }
    .apply(&mut two_docs)
    .unwrap();
    let text = store::to_ron_string(&two_docs)
        .unwrap()
        .replace("id: \"d2\"", "id: \"d1\"");
    let p = problems(&text);
    assert!(
        p.iter().any(|m| m.contains("duplicate document id \"d1\"")),
        "{p:?}"
    );
}

#[test]
fn hash_mismatch_is_reported() {
    let bad = edit(&valid_text(), "Intro line", "Intro lime");
    let p = problems(&bad);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("document \"d1\": its text does not match its sha256"),
        "{p:?}"
    );
}

#[test]
fn malformed_ron_is_reported_with_position() {
    let good = valid_text();
    let bad = edit(&good, "(start: 5, end: 30", "(start: 5 end: 30");
    let p = problems(&bad);
    let line = line_of(&bad, "(start: 5 end");
    assert!(p[0].starts_with(&format!("{line}:")), "{p:?}");
    assert!(p[0].contains("malformed project file"), "{p:?}");

    let p = problems("(format: 1, offsets: \"codepoints\", name: \"x\", themes: [], documents: [");
    assert!(p[0].contains("malformed project file"), "{p:?}");

    let p = problems(&edit(&good, "start: 5,", "start: -5,"));
    assert!(p[0].contains("malformed project file"), "{p:?}");

    let p = problems(&edit(
        &good,
        "annotator: \"ana\", note: \"\")",
        "annotator: \"ana\", note: \"\", colour: 3)",
    ));
    assert!(p[0].contains("colour"), "unknown fields are refused: {p:?}");

    let p = problems("   \n");
    assert!(p[0].contains("the file is empty"), "{p:?}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let good = valid_text();
    let bad = edit(&good, "end: 10,", "end: 999,");
    let bad = edit(
        &bad,
        "theme: \"trade\", annotator",
        "theme: \"sport\", annotator",
    );
    let bad = edit(&bad, "color: \"#2ea043\"", "color: \"green\"");
    assert_eq!(problems(&bad).len(), 3, "{:?}", problems(&bad));
}

#[test]
fn newer_format_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let newer = edit(&valid_text(), "format: 1,", "format: 7,");
    let path = write(dir.path(), "future.ron", &newer);
    let err = store::load(&path).unwrap_err();
    assert!(matches!(err, LoadError::NewerFormat { found: 7, .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("format 7") && msg.contains(&format!("format {}", store::FORMAT)),
        "{msg}"
    );
    assert!(msg.contains("future.ron"), "{msg}");
    assert_eq!(fs::read_to_string(&path).unwrap(), newer, "file changed");
}

#[test]
fn load_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "bad.ron",
        "(format: 1, offsets: \"bytes\", name: \"x\", themes: [])",
    );
    let msg = store::load(&path).unwrap_err().to_string();
    assert!(
        msg.contains("bad.ron is not a valid project file (1 problem)"),
        "{msg}"
    );
    assert!(msg.contains("offsets are in \"bytes\""), "{msg}");

    let missing = dir.path().join("missing.ron");
    let msg = store::load(&missing).unwrap_err().to_string();
    assert!(msg.contains("missing.ron: cannot read the file"), "{msg}");

    let path = dir.path().join("latin1.ron");
    fs::write(&path, b"(format: 1, name: \"caf\xe9\")").unwrap();
    let msg = store::load(&path).unwrap_err().to_string();
    assert!(
        msg.contains("latin1.ron:1:23: the file is not valid UTF-8"),
        "{msg}"
    );
}

#[test]
fn failed_save_reports_and_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a folder, so the final rename must fail.
    let target = dir.path().join("p.ron");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep.txt"), "precious").unwrap();
    let err = store::save(&sample(), &target).unwrap_err();
    assert!(err.to_string().contains("p.ron: cannot save"), "{err}");
    assert_eq!(
        fs::read_to_string(target.join("keep.txt")).unwrap(),
        "precious"
    );
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["p.ron".to_string()],
        "temporary files left behind"
    );
}

fn arb_project() -> impl Strategy<Value = Project> {
    let text = "[a-zé€\u{a0}😀\"\\\\#\n\t Я中]{1,60}";
    let docs = proptest::collection::vec(
        (
            text,
            proptest::collection::vec(
                (
                    0usize..60,
                    1usize..20,
                    0usize..4,
                    "[a-zé ]{0,5}",
                    "[a-z😀\"]{0,6}",
                ),
                0..12,
            ),
        ),
        0..4,
    );
    ("[A-Za-zé😀 ]{0,10}", docs).prop_map(|(name, docs)| {
        let mut p = Project::with_default_codebook(name);
        for (i, (text, spans)) in docs.into_iter().enumerate() {
            let doc = Document::new(format!("d{i}"), format!("Doc «{i}»"), text);
            let len = doc.text().len_chars();
            let id = doc.id.clone();
            Edit::AddDocument {
                index: i,
                document: Box::new(doc),
            }
            .apply(&mut p)
            .unwrap();
            for (s, l, t, a, note) in spans {
                let (s, e) = (s % len, (s % len + l).min(len));
                if s < e {
                    let theme = p.themes()[t].id.clone();
                    let _ = Edit::AddSpan {
                        doc: id.clone(),
                        span: Span::new(s, e, &theme, &a).with_note(note),
                    }
                    .apply(&mut p);
                }
            }
        }
        p
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_project_survives_a_save_load_round_trip(project in arb_project()) {
        let text = store::to_ron_string(&project).unwrap();
        prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        let back = store::from_ron_str(&text).unwrap();
        prop_assert_eq!(&back, &project);
        prop_assert_eq!(store::to_ron_string(&back).unwrap(), text);
    }
}

#[test]
fn a_file_converted_to_crlf_by_git_still_loads_unchanged() {
    let project = sample();
    let crlf = store::to_ron_string(&project)
        .unwrap()
        .replace('\n', "\r\n");
    assert_eq!(store::from_ron_str(&crlf).unwrap(), project);
}

#[cfg(unix)]
#[test]
fn saving_through_a_link_replaces_its_target_and_a_read_only_file_is_never_replaced() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real «проект».ron");
    store::save(&sample(), &real).unwrap();
    let link = dir.path().join("link.ron");
    symlink("real «проект».ron", &link).unwrap();
    let mut changed = sample();
    Edit::AddSpan {
        doc: "d1".into(),
        span: Span::new(30, 31, "trade", "bo"),
    }
    .apply(&mut changed)
    .unwrap();

    store::save(&changed, &link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(store::load(&real).unwrap(), changed);
    assert_eq!(store::load(&store::backup_path(&real)).unwrap(), sample());
    assert_eq!(store::backup_path(&link), store::backup_path(&real));
    assert_eq!(
        store::recovery::recovery_path(&link),
        store::recovery::recovery_path(&real)
    );

    // Made read-only: neither a save nor restoring a recovery file writes it.
    store::recovery::write_recovery(&sample(), &link).unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&real).unwrap();
    for path in [&real, &link] {
        match store::save(&sample(), path) {
            Err(e @ store::SaveError::WriteProtected(_)) => {
                let msg = e.to_string();
                assert!(
                    msg.contains("read-only") && msg.contains("chmod u+w"),
                    "{msg}"
                );
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    assert!(store::recovery::restore(&link).is_err());
    assert_eq!(fs::read(&real).unwrap(), before);
    assert!(store::recovery::recovery_path(&real).exists());
}

#[test]
fn theme_keys_an_older_version_accepted_still_open_but_the_same_key_twice_does_not() {
    let good = valid_text();
    // Health on `n` (Next Span), Security on `é`, ICT on `a`, Trade on `A`.
    let old = ['1', '2', '3', '4'].iter().zip(['n', 'é', 'a', 'A']).fold(
        good.clone(),
        |text, (from, to)| {
            edit(
                &text,
                &format!("key: Some('{from}')"),
                &format!("key: Some('{to}')"),
            )
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "old.ron", &old);
    let project = store::load(&path).expect("a file with old keys opens");
    let keys: Vec<_> = project.themes().iter().map(|t| t.key).collect();
    assert_eq!(keys, [Some('n'), Some('é'), Some('a'), Some('A')]);
    // Saved again exactly as read: keys are never changed silently.
    store::save(&project, &path).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), old);
    assert_eq!(marginalia::model::rules::warnings(&project).len(), 3);

    // The very same key twice never opened, and still does not.
    let twice = edit(&good, "key: Some('2')", "key: Some('1')");
    let p = problems(&twice);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].contains("theme \"security\": theme \"health\" already uses the shortcut key '1'"),
        "{p:?}"
    );
    // At the theme's opening parenthesis, the line above its id.
    let at = line_of(&twice, "id: \"security\"") - 1;
    assert!(p[0].starts_with(&format!("{at}:")), "{p:?}");
}
