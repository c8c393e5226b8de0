//! `marginalia new` never writes over a file unasked: it refuses an
//! existing path with status 1, naming the file and `--force`, and leaves
//! the folder byte for byte as it was; `--force` replaces the file and
//! keeps its old content as `NAME.ron.bak`, but not while a window has the
//! project open or when the file is read-only.

use super::*;

#[test]
fn new_refuses_an_existing_project_names_it_and_suggests_force() {
    let dir = study_with_document("Health\u{a0}care 😀 matters.\n");
    assert_ok(&run(dir.path(), &tag("doc", "0", "6", "Health")));
    let stderr = assert_refused(
        dir.path(),
        &["new", "p.ron", "--name", "Other"],
        "p.ron already exists; nothing was changed",
    );
    assert!(
        stderr.contains("marginalia new p.ron --force"),
        "names the way to replace it: {stderr}"
    );
    assert!(stderr.contains("p.ron.bak"), "{stderr}");
    let project = load(dir.path());
    assert_eq!(project.name(), "Study");
    assert_eq!(project.span_count(), 1);
}

#[test]
fn new_with_force_replaces_the_project_and_keeps_the_old_one_as_bak() {
    let dir = study_with_document("Health\u{a0}care 😀 matters.\n");
    assert_ok(&run(dir.path(), &tag("doc", "0", "6", "Health")));
    let old = fs::read(dir.path().join("p.ron")).unwrap();

    let stdout = assert_ok(&run(
        dir.path(),
        &["new", "p.ron", "--name", "Fresh", "--force"],
    ));
    assert!(stdout.starts_with("replaced p.ron"), "{stdout}");
    assert!(
        stdout.contains("the old file is kept as p.ron.bak"),
        "{stdout}"
    );
    let fresh = load(dir.path());
    assert_eq!(fresh.name(), "Fresh");
    assert!(fresh.documents().is_empty());
    assert_eq!(fresh.span_count(), 0);
    assert_eq!(fs::read(dir.path().join("p.ron.bak")).unwrap(), old);

    // On a path that does not exist, --force simply creates the project.
    let stdout = assert_ok(&run(dir.path(), &["new", "q.ron", "--force"]));
    assert!(stdout.starts_with("created q.ron"), "{stdout}");
    assert!(!dir.path().join("q.ron.bak").exists());
}

#[test]
fn new_with_force_still_refuses_an_open_project_a_read_only_file_and_a_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = new_study();
    let project = dir.path().join("p.ron");

    // A window has p.ron open: replacing it would lose the window's work.
    let held = store::lock::acquire(&project).unwrap();
    let stderr = cli::assert_fails(
        &run(dir.path(), &["new", "p.ron", "--force"]),
        "nothing was changed",
    );
    assert!(stderr.contains("p.ron"), "{stderr}");
    drop(held);
    assert_eq!(load(dir.path()).name(), "Study");
    assert!(!dir.path().join("p.ron.bak").exists());

    // chmod 444: the owner said not to write it.
    fs::set_permissions(&project, fs::Permissions::from_mode(0o444)).unwrap();
    let stderr = assert_refused(dir.path(), &["new", "p.ron", "--force"], "read-only");
    assert!(stderr.contains("p.ron"), "{stderr}");
    fs::set_permissions(&project, fs::Permissions::from_mode(0o644)).unwrap();

    // A folder is not a project file, with or without --force.
    fs::create_dir(dir.path().join("studies")).unwrap();
    for args in [&["new", "studies"][..], &["new", "studies", "--force"]] {
        assert_refused(dir.path(), args, "studies is a folder");
    }
    assert_eq!(load(dir.path()).name(), "Study");
}

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
