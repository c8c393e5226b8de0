//! The `marginalia` command line, told as a user's stories: create a
//! project, import text, tag and untag, validate, look at the statistics,
//! and be refused — clearly, with status 1 and without a single byte of the
//! project or its folder changed — whenever something is wrong.

mod codebook_tree;
mod coding;
#[path = "../common/mod.rs"]
mod common;
mod corpus;
mod curation;
mod format_values;
mod import_folder;
mod new_force;
mod pdf_import;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{assert_ok, assert_refused, run};
use marginalia::model::{LineEndings, Project};
use marginalia::store;

// ---------------------------------------------------------------- helpers

/// A fresh folder holding a new project `p.ron` named "Study".
fn new_study() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&run(dir.path(), &["new", "p.ron", "--name", "Study"]));
    dir
}

/// A study with one document `doc` holding `text` (written as UTF-8).
fn study_with_document(text: &str) -> tempfile::TempDir {
    let dir = new_study();
    fs::write(dir.path().join("doc.txt"), text).unwrap();
    assert_ok(&run(dir.path(), &["import", "p.ron", "doc.txt"]));
    dir
}

fn load(dir: &Path) -> Project {
    store::load(&dir.join("p.ron")).expect("the project loads")
}

/// `stats --json`, parsed.
fn stats_json(dir: &Path) -> serde_json::Value {
    let stdout = assert_ok(&run(dir, &["stats", "p.ron", "--json"]));
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("stats --json: {e}\n{stdout}"))
}

/// The text of `path` decoded by Python (`open(path, encoding=...).read()`,
/// universal newlines), as UTF-8.
fn python_decode(path: &Path, encoding: &str) -> String {
    let output = Command::new("python3")
        .args([
            "-c",
            "import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding=sys.argv[2]).read().encode('utf-8'))",
        ])
        .arg(path)
        .arg(encoding)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to check text import against Python's decoding (CI installs it), but it could not be run: {e}")
        });
    assert!(
        output.status.success(),
        "python3 failed to decode {} as {encoding}:\n{}",
        path.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("python3 wrote UTF-8")
}

/// The arguments of `tag p.ron --doc DOC --start S --end E --theme T --annotator ana`.
fn tag<'a>(doc: &'a str, start: &'a str, end: &'a str, theme: &'a str) -> Vec<&'a str> {
    vec![
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
        "ana",
    ]
}

// ---------------------------------------------------------------- stories

#[test]
fn a_new_project_validates_and_is_never_overwritten() {
    let dir = new_study();
    let path = dir.path().join("p.ron");
    assert!(path.is_file());

    let summary = assert_ok(&run(dir.path(), &["validate", "p.ron"]));
    assert!(summary.starts_with("ok: p.ron"), "{summary}");
    assert!(summary.contains("\"Study\""), "{summary}");
    for part in ["0 documents", "4 themes", "0 spans"] {
        assert!(summary.contains(part), "{part:?} missing from {summary}");
    }
    let project = load(dir.path());
    let labels: Vec<_> = project.themes().iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["Health", "Security", "ICT", "Trade"]);

    let stderr = assert_refused(
        dir.path(),
        &["new", "p.ron", "--name", "Other"],
        "already exists",
    );
    assert!(stderr.contains("p.ron"), "{stderr}");
    assert_eq!(load(dir.path()).name(), "Study");
}

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
fn commands_on_a_missing_project_are_refused_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("doc.txt"), "Some text.\n").unwrap();
    let stderr = assert_refused(dir.path(), &["stats", "nope.ron"], "nope.ron");
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert_refused(dir.path(), &["stats", "nope.ron", "--json"], "nope.ron");
    assert_refused(dir.path(), &["validate", "nope.ron"], "nope.ron");
    assert_refused(dir.path(), &["import", "nope.ron", "doc.txt"], "nope.ron");
    assert_refused(dir.path(), &tag("doc", "0", "1", "ict"), "p.ron");
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
fn recover_restores_the_recovery_file_with_a_backup() {
    let dir = study_with_document("Grüße 😀 aus Köln\r\n");
    assert_refused(
        dir.path(),
        &["recover", "p.ron"],
        "there is no recovery file",
    );
    // The window left unsaved work behind: one more span.
    let mut work = load(dir.path());
    marginalia::model::Edit::AddSpan {
        doc: "doc".into(),
        span: marginalia::model::Span::new(6, 7, "health", "ana"),
    }
    .apply(&mut work)
    .unwrap();
    let recovery =
        marginalia::store::recovery::write_recovery(&work, &dir.path().join("p.ron")).unwrap();
    let before = fs::read(dir.path().join("p.ron")).unwrap();

    let out = assert_ok(&run(dir.path(), &["recover", "p.ron", "--dry-run"]));
    assert!(
        out.contains("doc: 0 spans saved, 1 in the recovery file"),
        "{out}"
    );
    assert_eq!(fs::read(dir.path().join("p.ron")).unwrap(), before);

    let out = assert_ok(&run(dir.path(), &["recover", "p.ron"]));
    assert!(out.contains("restored"), "{out}");
    assert_eq!(load(dir.path()), work);
    assert_eq!(fs::read(dir.path().join("p.ron.bak")).unwrap(), before);
    assert!(!recovery.exists());

    // A damaged recovery file is refused and nothing changes.
    fs::write(&recovery, "(format: 1, name: ").unwrap();
    assert_refused(
        dir.path(),
        &["recover", "p.ron"],
        "the recovery file is damaged",
    );
}

#[test]
fn writing_commands_refuse_a_project_open_in_a_window() {
    let dir = study_with_document("Health and trade.\n");
    let lock = marginalia::store::lock::lock_path(&dir.path().join("p.ron"));
    // A live Marginalia on this host (our parent process) has it open.
    let host = fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    fs::write(
        &lock,
        format!(
            "pid={}\nhost={host}\nsince=0\ntoken=1\n",
            std::os::unix::process::parent_id()
        ),
    )
    .unwrap();
    fs::write(dir.path().join("more.txt"), "More.\n").unwrap();
    for args in [
        tag("doc", "0", "6", "Health"),
        vec![
            "untag", "p.ron", "--doc", "doc", "--start", "0", "--end", "6", "--theme", "Health",
        ],
        vec!["import", "p.ron", "more.txt"],
    ] {
        let stderr = assert_refused(dir.path(), &args, "is open in another Marginalia");
        assert!(stderr.contains("nothing was changed"), "{stderr}");
    }
    // Reading needs no claim.
    assert_ok(&run(dir.path(), &["validate", "p.ron"]));
    // Once the window has closed, the command writes and leaves no lock.
    fs::remove_file(&lock).unwrap();
    assert_ok(&run(dir.path(), &tag("doc", "0", "6", "Health")));
    assert_eq!(load(dir.path()).span_count(), 1);
    assert!(!lock.exists());
}

// ------------------------------------------- links and read-only projects

/// Whether `path` is (still) a symbolic link.
fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn tagging_through_a_symbolic_link_changes_the_real_project_and_keeps_the_link() {
    use std::os::unix::fs::symlink;
    let dir = study_with_document("Grüße\u{a0}aus Köln 😀\r\nHealth first.\n");
    let root = dir.path();
    // The real project lives in data/; the user works through links:
    // work/study.ron -> ../data/p.ron (relative), and current.ron ->
    // work/study.ron (a chain of two).
    fs::create_dir(root.join("data")).unwrap();
    fs::create_dir(root.join("work")).unwrap();
    fs::rename(root.join("p.ron"), root.join("data/p.ron")).unwrap();
    symlink("../data/p.ron", root.join("work/study.ron")).unwrap();
    symlink("work/study.ron", root.join("current.ron")).unwrap();
    let before = fs::read(root.join("data/p.ron")).unwrap();

    let mut args = tag("doc", "6", "14", "Health");
    args[1] = "current.ron";
    let out = assert_ok(&run(root, &args));
    // "aus Köln" after the emoji-free prefix "Grüße\u{a0}".
    assert!(out.contains("\"aus Köln\""), "{out}");
    assert!(is_link(&root.join("current.ron")), "the link was replaced");
    assert!(
        is_link(&root.join("work/study.ron")),
        "the link was replaced"
    );
    let real = store::load(&root.join("data/p.ron")).unwrap();
    assert_eq!(
        real.span_count(),
        1,
        "the real project did not get the span"
    );
    // The backup sits beside the real file; nothing beside the links.
    assert_eq!(fs::read(root.join("data/p.ron.bak")).unwrap(), before);
    for beside_link in ["current.ron.bak", "work/study.ron.bak", "current.ron.lock"] {
        assert!(!root.join(beside_link).exists(), "{beside_link} was made");
    }
    assert!(!root.join("data/p.ron.lock").exists(), "the lock stayed");

    // Untag through the middle link, import through the first.
    let mut args = vec![
        "untag",
        "work/study.ron",
        "--doc",
        "doc",
        "--start",
        "6",
        "--end",
        "14",
    ];
    args.extend(["--theme", "health"]);
    assert_ok(&run(root, &args));
    fs::write(root.join("more.txt"), "Trade 😀 talks.\r\n").unwrap();
    assert_ok(&run(root, &["import", "current.ron", "more.txt"]));
    let real = store::load(&root.join("data/p.ron")).unwrap();
    assert_eq!((real.span_count(), real.documents().len()), (0, 2));
    assert!(is_link(&root.join("current.ron")) && is_link(&root.join("work/study.ron")));
    assert_eq!(
        fs::read_link(root.join("current.ron")).unwrap(),
        Path::new("work/study.ron")
    );
}

#[test]
fn a_window_holding_the_real_file_blocks_a_command_through_a_link() {
    let dir = study_with_document("Health and trade.\n");
    std::os::unix::fs::symlink("p.ron", dir.path().join("link.ron")).unwrap();
    // The window has p.ron open; its lock sits beside p.ron.
    let held = store::lock::acquire(&dir.path().join("p.ron")).unwrap();
    assert_eq!(
        store::lock::lock_path(&dir.path().join("link.ron")),
        dir.path().join("p.ron.lock"),
        "two paths to one project share one lock"
    );
    drop(held);
    let host = fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    fs::write(
        dir.path().join("p.ron.lock"),
        format!(
            "pid={}\nhost={host}\nsince=0\ntoken=1\n",
            std::os::unix::process::parent_id()
        ),
    )
    .unwrap();
    let mut args = tag("doc", "0", "6", "Health");
    args[1] = "link.ron";
    assert_refused(dir.path(), &args, "is open in another Marginalia");
    assert!(is_link(&dir.path().join("link.ron")));
}

#[test]
fn a_dangling_or_looping_link_is_refused_naming_the_missing_file() {
    use std::os::unix::fs::symlink;
    let dir = new_study();
    let root = dir.path();
    symlink("moved/p.ron", root.join("gone.ron")).unwrap();
    symlink("loop-b.ron", root.join("loop-a.ron")).unwrap();
    symlink("loop-a.ron", root.join("loop-b.ron")).unwrap();
    let listing = || {
        let mut names: Vec<String> = fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing();
    let project = fs::read(root.join("p.ron")).unwrap();
    for args in [
        tag("doc", "0", "1", "Health"),
        vec!["validate", "p.ron"],
        vec!["stats", "p.ron"],
    ] {
        let mut args = args;
        args[1] = "gone.ron";
        let stderr = common::assert_fails(&run(root, &args), "gone.ron");
        assert!(
            stderr.contains("symbolic link to moved/p.ron, which does not exist"),
            "{stderr}"
        );
    }
    let mut args = tag("doc", "0", "1", "Health");
    args[1] = "loop-a.ron";
    common::assert_fails(&run(root, &args), "loop-a.ron");
    // `new` does not write through a dangling link either.
    let stderr = common::assert_fails(&run(root, &["new", "gone.ron"]), "gone.ron");
    assert!(stderr.contains("symbolic link to moved/p.ron"), "{stderr}");
    assert_eq!(listing(), before, "files were made or removed");
    assert!(!root.join("moved").exists());
    assert!(is_link(&root.join("gone.ron")) && is_link(&root.join("loop-a.ron")));
    assert_eq!(fs::read(root.join("p.ron")).unwrap(), project);
}

#[test]
fn writing_commands_refuse_a_read_only_project_and_reading_ones_still_work() {
    use std::os::unix::fs::PermissionsExt;
    let dir = study_with_document("Grüße 😀 aus Köln\r\nHealth\u{a0}and trade.\n");
    let root = dir.path();
    let p = root.join("p.ron");
    assert_ok(&run(root, &tag("doc", "0", "5", "Health")));
    // A recovery file the window left, to try `recover` on.
    let mut work = load(root);
    marginalia::model::Edit::AddSpan {
        doc: "doc".into(),
        span: marginalia::model::Span::new(6, 7, "trade", "ana"),
    }
    .apply(&mut work)
    .unwrap();
    store::recovery::write_recovery(&work, &p).unwrap();
    fs::write(root.join("more.txt"), "More.\n").unwrap();
    // The owner says "do not write this"; tests run as root, who could.
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    std::os::unix::fs::symlink("p.ron", root.join("link.ron")).unwrap();

    let untag = vec![
        "untag", "p.ron", "--doc", "doc", "--start", "0", "--end", "5", "--theme", "Health",
    ];
    let mut through_link = tag("doc", "6", "7", "Trade");
    through_link[1] = "link.ron";
    for args in [
        tag("doc", "6", "7", "Trade"),
        untag,
        vec!["import", "p.ron", "more.txt"],
        vec!["recover", "p.ron"],
        through_link,
    ] {
        let stderr = assert_refused(root, &args, "the file is read-only");
        assert!(
            stderr.contains(&format!("{}: the file is read-only", args[1])),
            "the message names the file: {stderr}"
        );
        assert!(stderr.contains("nothing was changed"), "{stderr}");
        assert!(
            stderr.contains(&format!("chmod u+w {}", args[1])) && stderr.contains("Save As"),
            "the message says how to fix it: {stderr}"
        );
    }
    assert_eq!(
        fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o444
    );
    // Reading is fine, and so is exporting elsewhere.
    assert_ok(&run(root, &["validate", "p.ron"]));
    assert_ok(&run(root, &["stats", "p.ron"]));
    assert_ok(&run(root, &["recover", "p.ron", "--dry-run"]));
    assert_ok(&run(
        root,
        &["export", "p.ron", "--format", "jsonl", "-o", "out.jsonl"],
    ));
    // Made writable again, the same command goes through.
    fs::set_permissions(&p, fs::Permissions::from_mode(0o644)).unwrap();
    assert_ok(&run(root, &tag("doc", "6", "7", "Trade")));
    assert_eq!(load(root).span_count(), 2);
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
