//! `validate`: every problem reported with file, line and column; a newer
//! format refused naming both versions; dead theme keys and blank spans
//! warned about while the file passes; the bundled example validates
//! without a warning.

use super::*;

#[test]
fn validate_reports_every_problem_with_file_line_and_column() {
    let dir = study_with_document("Short text.\n");
    assert_ok(&run(dir.path(), &tag("doc", "0", "5", "health")));
    assert_ok(&run(dir.path(), &tag("doc", "6", "10", "trade")));
    let path = dir.path().join("p.ron");
    let good = fs::read_to_string(&path).unwrap();
    let edited = good
        .replace("start: 0, end: 5,", "start: 0, end: 500,")
        .replace("start: 6, end: 10,", "start: 9, end: 7,");
    assert_ne!(edited, good, "the span lines were found");
    fs::write(&path, &edited).unwrap();

    // Where the problems are: the two edited span lines, at their `(`.
    let expected_at = |needle: &str| {
        let (i, line) = edited
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(needle))
            .unwrap();
        let col = line.chars().position(|c| c == '(').unwrap();
        format!("p.ron:{}:{}: ", i + 1, col + 1)
    };
    let stderr = assert_refused(dir.path(), &["validate", "p.ron"], "2 problems");
    let problems: Vec<&str> = stderr.lines().skip(1).map(str::trim).collect();
    assert_eq!(problems.len(), 2, "{stderr}");
    assert!(
        problems[0].starts_with(&expected_at("end: 500,")),
        "{stderr}"
    );
    assert!(problems[0].contains("past the end of the text"), "{stderr}");
    assert!(problems[1].starts_with(&expected_at("end: 7,")), "{stderr}");
    assert!(problems[1].contains("not before its end"), "{stderr}");

    // A command that needs the project refuses it with the same message.
    assert_refused(dir.path(), &tag("doc", "1", "2", "ict"), "2 problems");
}

#[test]
fn validate_refuses_a_newer_format_naming_both_versions() {
    let dir = new_study();
    let path = dir.path().join("p.ron");
    let good = fs::read_to_string(&path).unwrap();
    fs::write(&path, good.replacen("format: 1,", "format: 9,", 1)).unwrap();
    let stderr = assert_refused(dir.path(), &["validate", "p.ron"], "format 9");
    let newest = format!("reads format {} at most", marginalia::store::FORMAT);
    assert!(stderr.contains(&newest), "{stderr}");
}

#[test]
fn validate_warns_about_dead_theme_keys_and_blank_spans_but_passes() {
    use marginalia::model::{Document, Edit, Span, default_codebook};
    let dir = tempfile::tempdir().unwrap();
    // As an older version could write it: Health on `n` (Next Span),
    // Security on `é` (no key of its own), ICT on `a` and Trade on `A`.
    let mut themes = default_codebook();
    for (theme, key) in themes.iter_mut().zip(['n', 'é', 'a', 'A']) {
        theme.key = Some(key);
    }
    let mut p = Project::new("Old", themes);
    let doc = Document::new("d", "D", "Health\u{a0}care 😀").with_spans(vec![
        Span::new(0, 6, "health", "ana"),
        Span::new(6, 7, "health", "ana"),
    ]);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .unwrap();
    store::save(&p, &dir.path().join("p.ron")).unwrap();

    let output = run(dir.path(), &["validate", "p.ron"]);
    let stdout = assert_ok(&output);
    assert!(stdout.starts_with("ok: p.ron"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 5, "{stderr}");
    for (line, says) in lines.iter().zip([
        "theme \"health\": the shortcut key 'n' is taken by Next Span",
        "theme \"security\": the shortcut key 'é' cannot be pressed",
        "theme \"trade\": theme \"ict\" already uses the shortcut key 'a'",
        "document \"d\": span 6..7 (health, by \"ana\") covers only white space",
        "4 warnings",
    ]) {
        assert!(line.contains(says), "{says:?} not in {line:?}");
    }
    assert!(lines[..4].iter().all(|l| l.starts_with("warning: ")));
}

#[test]
fn the_bundled_example_validates_without_warnings() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects");
    let mut checked = 0;
    for entry in fs::read_dir(&example).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let output = run(&example, &["validate", path.to_str().unwrap()]);
        assert_ok(&output);
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            "",
            "{} has warnings",
            path.display()
        );
        checked += 1;
    }
    assert!(checked > 0, "no example project in {}", example.display());
}
