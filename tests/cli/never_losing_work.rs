//! Never losing work from the command line: a command on a missing project
//! creates nothing; `recover` restores the recovery file and keeps a
//! backup; writing commands refuse a project open in a window or
//! read-only, while reading ones still work; through a symbolic link the
//! real project changes and the link stays, and a dangling or looping link
//! is refused naming the missing file.

use super::*;

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
        let stderr = cli::assert_fails(&run(root, &args), "gone.ron");
        assert!(
            stderr.contains("symbolic link to moved/p.ron, which does not exist"),
            "{stderr}"
        );
    }
    let mut args = tag("doc", "0", "1", "Health");
    args[1] = "loop-a.ron";
    cli::assert_fails(&run(root, &args), "loop-a.ron");
    // `new` does not write through a dangling link either.
    let stderr = cli::assert_fails(&run(root, &["new", "gone.ron"]), "gone.ron");
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
