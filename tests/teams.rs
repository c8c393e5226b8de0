//! Teams from the command line: done states in the project file (format
//! 2), merging two projects, the git merge and diff drivers in a real git
//! repository, and `agree`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{assert_ok, assert_refused, run};
use marginalia::formats::fixture;
use marginalia::model::{AnnotatorState, Edit, Project, Span};
use marginalia::store::{self, versions};

fn write(project: &Project, path: &Path) {
    store::save(project, path).unwrap();
    let _ = fs::remove_file(store::backup_path(path));
}

/// The first span of the fixture's "second" document (ana's "Vaccines 💉").
fn vaccines(p: &Project) -> Span {
    p.document("second").unwrap().spans().spans()[0].clone()
}

fn edit_note(p: &mut Project, note: &str) {
    let old = vaccines(p);
    let new = old.clone().with_note(note);
    Edit::ReplaceSpan {
        doc: "second".into(),
        old,
        new,
    }
    .apply(p)
    .unwrap();
}

#[test]
fn marking_done_writes_format_2_and_undoing_it_writes_format_1_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    write(&fixture::project(), &path);
    let original = fs::read_to_string(&path).unwrap();
    assert!(original.starts_with("(\n    format: 1,"), "{original}");
    assert!(!original.contains("done:"));

    let out = assert_ok(&run(
        dir.path(),
        &["done", "p.ron", "--doc", "second", "--annotator", "Zoë"],
    ));
    assert_eq!(out, "second: done for Zoë\n");
    let marked = fs::read_to_string(&path).unwrap();
    assert!(marked.starts_with("(\n    format: 2,"), "{marked}");
    assert!(
        marked.contains("done: [\n                \"Zoë\",\n            ],"),
        "{marked}"
    );
    let loaded = store::load(&path).unwrap();
    let second = loaded.document("second").unwrap();
    assert_eq!(second.state("Zoë"), AnnotatorState::Done);
    assert_eq!(second.state("ana"), AnnotatorState::InProgress);

    assert_ok(&run(
        dir.path(),
        &[
            "done",
            "p.ron",
            "--doc",
            "second",
            "--annotator",
            "Zoë",
            "--undo",
        ],
    ));
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn every_older_format_loads_and_a_newer_one_is_refused_by_name() {
    let format_1 = store::to_ron_string(&fixture::project()).unwrap();
    assert!(format_1.contains("format: 1,"));
    assert_eq!(store::from_ron_str(&format_1), Ok(fixture::project()));
    let mut p = fixture::project();
    Edit::SetState {
        doc: "statement".into(),
        annotator: "bo".into(),
        state: AnnotatorState::Done,
    }
    .apply(&mut p)
    .unwrap();
    let format_2 = store::to_ron_string(&p).unwrap();
    assert!(format_2.contains("format: 2,"));
    assert_eq!(store::from_ron_str(&format_2), Ok(p));
    // One file per format this build knows, each loads.
    let files = [format_1.clone(), format_2];
    assert_eq!(files.len() as u64, versions::NEWEST);
    for (i, text) in files.iter().enumerate() {
        assert!(store::from_ron_str(text).is_ok(), "format {} fails", i + 1);
    }
    let newer = format_1.replacen(
        "format: 1,",
        &format!("format: {},", versions::NEWEST + 1),
        1,
    );
    assert_eq!(
        store::from_ron_str(&newer),
        Err(store::FileError::NewerFormat(versions::NEWEST + 1))
    );
    // A name marked done twice is a located problem, not a silent merge.
    let twice = store::to_ron_string(&fixture::project()).unwrap().replacen(
        "    text: \"",
        "    done: [\"a\", \"a\"],\n            text: \"",
        1,
    );
    let Err(store::FileError::Invalid(problems)) = store::from_ron_str(&twice) else {
        panic!("accepted a name marked done twice");
    };
    assert!(
        problems[0].message.contains("\"a\" is marked done twice"),
        "{problems:?}"
    );
    assert!(problems[0].position.is_some());
}

#[test]
fn done_on_a_missing_document_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(&fixture::project(), &dir.path().join("p.ron"));
    assert_refused(
        dir.path(),
        &["done", "p.ron", "--doc", "nope", "--annotator", "a"],
        "there is no document with id \"nope\"",
    );
}

#[test]
fn merge_writes_the_union_and_refuses_one_id_with_two_texts() {
    let dir = tempfile::tempdir().unwrap();
    let mut ours = fixture::project();
    Edit::AddSpan {
        doc: "second".into(),
        span: Span::new(0, 3, "trade", "alice"),
    }
    .apply(&mut ours)
    .unwrap();
    let mut theirs = fixture::project();
    Edit::AddSpan {
        doc: "second".into(),
        span: Span::new(1, 4, "security", "bob"),
    }
    .apply(&mut theirs)
    .unwrap();
    Edit::SetState {
        doc: "second".into(),
        annotator: "bob".into(),
        state: AnnotatorState::Done,
    }
    .apply(&mut theirs)
    .unwrap();
    write(&ours, &dir.path().join("ours.ron"));
    write(&theirs, &dir.path().join("theirs.ron"));
    assert_ok(&run(
        dir.path(),
        &["merge", "ours.ron", "theirs.ron", "-o", "out.ron"],
    ));
    let out = store::load(&dir.path().join("out.ron")).unwrap();
    assert_eq!(out.span_count(), fixture::project().span_count() + 2);
    let second = out.document("second").unwrap();
    assert_eq!(second.state("bob"), AnnotatorState::Done);

    let mut other = Project::with_default_codebook("other");
    Edit::AddDocument {
        index: 0,
        document: Box::new(marginalia::model::Document::new(
            "second",
            "S",
            "another text",
        )),
    }
    .apply(&mut other)
    .unwrap();
    write(&other, &dir.path().join("other.ron"));
    assert_refused(
        dir.path(),
        &["merge", "ours.ron", "other.ron", "-o", "bad.ron"],
        "document \"second\" has a different text in the two projects",
    );
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A repository with the project committed on `main`, the merge driver
/// installed as the README says, and branches `a` and `b` made by `edit_a`
/// and `edit_b`.
fn repository(edit_a: impl Fn(&mut Project), edit_b: impl Fn(&mut Project)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let exe = env!("CARGO_BIN_EXE_marginalia");
    git_ok(d, &["init", "-q", "-b", "main"]);
    fs::write(
        d.join(".gitattributes"),
        "*.ron merge=marginalia diff=marginalia\n",
    )
    .unwrap();
    git_ok(
        d,
        &[
            "config",
            "merge.marginalia.driver",
            &format!("{exe} merge-driver %O %A %B"),
        ],
    );
    git_ok(
        d,
        &["config", "diff.marginalia.command", &format!("{exe} diff")],
    );
    let path = d.join("project.ron");
    write(&fixture::project(), &path);
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-qm", "base"]);
    for (branch, edit) in [("a", &edit_a as &dyn Fn(&mut Project)), ("b", &edit_b)] {
        git_ok(d, &["checkout", "-q", "-b", branch, "main"]);
        let mut p = store::load(&path).unwrap();
        edit(&mut p);
        write(&p, &path);
        git_ok(d, &["commit", "-qam", branch]);
    }
    git_ok(d, &["checkout", "-q", "a"]);
    dir
}

fn tag(p: &mut Project, doc: &str, start: usize, end: usize, theme: &str, who: &str) {
    Edit::AddSpan {
        doc: doc.into(),
        span: Span::new(start, end, theme, who),
    }
    .apply(p)
    .unwrap();
}

#[test]
fn git_merges_two_branches_that_tag_different_passages_into_the_union() {
    let repo = repository(
        |p| {
            tag(p, "statement", 0, 5, "trade", "alice");
            edit_note(p, "a note written on branch a, «quoted» 😀");
        },
        |p| tag(p, "second", 2, 9, "security", "bob"),
    );
    let d = repo.path();
    git_ok(d, &["merge", "-q", "--no-edit", "b"]);
    let text = fs::read_to_string(d.join("project.ron")).unwrap();
    assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"));
    let merged = store::load(&d.join("project.ron")).unwrap();
    assert_eq!(merged.span_count(), fixture::project().span_count() + 2);
    assert_eq!(
        vaccines(&merged).note,
        "a note written on branch a, «quoted» 😀"
    );
    let statement = merged.document("statement").unwrap();
    assert!(
        statement
            .spans()
            .spans()
            .contains(&Span::new(0, 5, "trade", "alice"))
    );

    // The diff driver shows the merge in words.
    let diff = git_ok(d, &["diff", "HEAD~1", "HEAD", "--", "project.ron"]);
    assert!(diff.contains("marginalia diff project.ron"), "{diff}");
    assert!(
        diff.contains(
            "document \"second\": span added 2..9 \"ccines \" (theme \"security\", by \"bob\")"
        ),
        "{diff}"
    );
}

#[test]
fn a_real_conflict_exits_1_lists_it_and_leaves_ours_loadable() {
    let repo = repository(
        |p| edit_note(p, "ours says yes"),
        |p| edit_note(p, "theirs says no"),
    );
    let d = repo.path();
    let out = git(d, &["merge", "--no-edit", "b"]);
    assert!(!out.status.success(), "git merge reported no conflict");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note changed to \"ours says yes\" on ours and changed to \"theirs says no\" on theirs; kept ours"),
        "{stderr}"
    );
    let merged = store::load(&d.join("project.ron")).unwrap();
    assert_eq!(vaccines(&merged).note, "ours says yes");
}

#[test]
fn the_driver_refuses_a_base_that_does_not_load_and_leaves_ours_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&fixture::project(), &d.join("ours.ron"));
    write(&fixture::project(), &d.join("theirs.ron"));
    fs::write(d.join("base.ron"), "(format: 1, oops").unwrap();
    let before = fs::read(d.join("ours.ron")).unwrap();
    let out = run(d, &["merge-driver", "base.ron", "ours.ron", "theirs.ron"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot read the common ancestor (BASE) version"),
        "{stderr}"
    );
    assert!(stderr.contains("ours.ron was left as it was"), "{stderr}");
    assert_eq!(fs::read(d.join("ours.ron")).unwrap(), before);

    let newer =
        store::to_ron_string(&fixture::project())
            .unwrap()
            .replacen("format: 1,", "format: 99,", 1);
    fs::write(d.join("theirs.ron"), newer).unwrap();
    let out = run(d, &["merge-driver", "ours.ron", "ours.ron", "theirs.ron"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("written by a newer Marginalia"));
}

#[test]
fn diff_lists_retagging_notes_and_states_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = fixture::project();
    let mut b = a.clone();
    let old = vaccines(&b);
    let mut retagged = old.clone();
    retagged.theme = "trade".into();
    Edit::ReplaceSpan {
        doc: "second".into(),
        old,
        new: retagged,
    }
    .apply(&mut b)
    .unwrap();
    Edit::SetState {
        doc: "statement".into(),
        annotator: "ana".into(),
        state: AnnotatorState::Done,
    }
    .apply(&mut b)
    .unwrap();
    write(&a, &d.join("a.ron"));
    write(&b, &d.join("b.ron"));
    let out = assert_ok(&run(d, &["diff", "a.ron", "b.ron"]));
    assert_eq!(
        out,
        "document \"statement\": \"ana\" marked it done\n\
         document \"second\": span 0..10 \"Vaccines 💉\" by \"ana\" retagged \"health\" -> \"trade\"\n"
    );
    assert_eq!(
        assert_ok(&run(d, &["diff", "a.ron", "a.ron"])),
        "no changes\n"
    );
}

#[test]
fn agree_prints_json_in_the_documented_shape_and_refuses_unknown_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&fixture::project(), &d.join("p.ron"));
    let out = assert_ok(&run(d, &["agree", "p.ron", "--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["annotators"], serde_json::json!(["ana", "bo"]));
    assert_eq!(json["documents"], serde_json::json!(["statement"]));
    let keys: Vec<_> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["annotators", "documents", "overall", "themes"]);
    for m in [&json["overall"], &json["themes"]["ict"]] {
        assert!(m["cohen_kappa"]["ana|bo"].is_number(), "{m}");
        assert!(m["fleiss_kappa"].is_number() && m["krippendorff_alpha"].is_number());
        assert!(m["f1_exact"]["ana|bo"].is_number() && m["f1_overlap"]["ana|bo"].is_number());
    }
    let table = assert_ok(&run(d, &["agree", "p.ron"]));
    assert!(
        table.starts_with("agreement of ana, bo over 1 document (statement)"),
        "{table}"
    );
    assert!(table.contains("ana|bo"), "{table}");
    assert_refused(
        d,
        &["agree", "p.ron", "--annotators", "ana,zed"],
        "annotator \"zed\" has no span and marked no document done in this project (its annotators: ana, bo)",
    );
    assert_refused(
        d,
        &["agree", "p.ron", "--doc", "nope"],
        "there is no document with id \"nope\"",
    );
}
