//! Teams from the command line: done states in the project file (format
//! 2), merging two projects, the git merge and diff drivers in a real git
//! repository, and `agree`.

mod support;

use std::fs;
use std::path::Path;
use std::process::Command;

use marginalia::formats::fixture;
use marginalia::model::{AnnotatorState, Color, Edit, Project, Span, Suggestion};
use marginalia::store::{self, versions};
use support::cli::{assert_ok, assert_refused, run};

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
/// installed as docs/teams.md says, and branches `a` and `b` made by `edit_a`
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

/// Whether `p` holds the span branch `a` tags in most stories.
fn tagged_by_alice(p: &Project) -> bool {
    let statement = p.document("statement").unwrap();
    let span = Span::new(0, 5, "trade", "alice");
    statement.spans().spans().contains(&span)
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
    assert!(tagged_by_alice(&merged));

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

/// The codebook edits of `theme edit trade --add-rule WTO --parent
/// security` (and a new description, key and colour), and a saved
/// suggestion and rejection: everything but a span.
fn recode_trade(p: &mut Project) {
    let mut trade = p.theme("trade").unwrap().clone();
    trade.rules.push("WTO".into());
    trade.parent = Some("security".into());
    trade.description = "Tariffs and the WTO.".into();
    trade.key = Some('w');
    trade.color = Color::rgb(0x12, 0x34, 0x56);
    Edit::Batch(vec![
        Edit::UpdateTheme { theme: trade },
        Edit::AddSuggestions {
            doc: "second".into(),
            suggestions: vec![Suggestion::new(15, 27, "trade")],
        },
        Edit::AddRejections {
            doc: "statement".into(),
            suggestions: vec![Suggestion::new(0, 5, "ict")],
        },
    ])
    .apply(p)
    .unwrap();
}

/// What `recode_trade` did is all in `p`.
fn assert_recoded(p: &Project) {
    let trade = p.theme("trade").unwrap();
    assert_eq!(trade.rules, ["WTO"]);
    assert_eq!(trade.parent.as_deref(), Some("security"));
    assert_eq!(trade.description, "Tariffs and the WTO.");
    assert_eq!(trade.key, Some('w'));
    assert_eq!(trade.color, Color::rgb(0x12, 0x34, 0x56));
    let second = p.document("second").unwrap();
    assert!(
        second
            .suggestions()
            .contains(&Suggestion::new(15, 27, "trade"))
    );
    let statement = p.document("statement").unwrap();
    assert!(statement.rejected().contains(&Suggestion::new(0, 5, "ict")));
}

#[test]
fn git_keeps_codebook_edits_and_suggestions_of_one_branch_beside_a_span_of_the_other() {
    let repo = repository(
        |p| tag(p, "statement", 0, 5, "trade", "alice"),
        recode_trade,
    );
    let d = repo.path();
    let out = git(d, &["merge", "--no-edit", "b"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let merged = store::load(&d.join("project.ron")).unwrap();
    assert_recoded(&merged);
    assert!(tagged_by_alice(&merged));

    // The diff driver names each of branch b's changes.
    let diff = git_ok(d, &["diff", "HEAD~1", "HEAD", "--", "project.ron"]);
    for change in [
        "theme \"trade\": rule \"WTO\" added",
        "theme \"trade\": parent none -> \"security\"",
        "theme \"trade\": key '4' -> 'w'",
        "theme \"trade\": colour #e08e0b -> #123456",
        "theme \"trade\": description",
        "document \"second\": suggestion added 15..27 \"data centres\" (theme \"trade\")",
        "document \"statement\": rejection added 0..5 \"Grüße\" (theme \"ict\")",
    ] {
        assert!(diff.contains(change), "{change:?} missing from\n{diff}");
    }

    // `merge OURS THEIRS -o OUT` keeps them too.
    fs::write(d.join("ours.ron"), git_ok(d, &["show", "a:project.ron"])).unwrap();
    fs::write(d.join("theirs.ron"), git_ok(d, &["show", "b:project.ron"])).unwrap();
    assert_ok(&run(
        d,
        &["merge", "ours.ron", "theirs.ron", "-o", "union.ron"],
    ));
    let union = store::load(&d.join("union.ron")).unwrap();
    assert_recoded(&union);
    assert_eq!(union.span_count(), fixture::project().span_count() + 1);
}

fn edit_theme(p: &mut Project, id: &str, change: impl FnOnce(&mut marginalia::model::Theme)) {
    let mut theme = p.theme(id).unwrap().clone();
    change(&mut theme);
    Edit::UpdateTheme { theme }.apply(p).unwrap();
}

#[test]
fn git_lists_codebook_clashes_and_a_parent_cycle_and_resolves_them_to_ours() {
    let repo = repository(
        |p| {
            edit_theme(p, "trade", |t| t.parent = Some("security".into()));
            edit_theme(p, "ict", |t| {
                t.label = "Digital".into();
                t.key = Some('d');
                t.color = Color::rgb(1, 1, 1);
            });
            edit_theme(p, "health", |t| t.description = "Ours.".into());
        },
        |p| {
            edit_theme(p, "security", |t| t.parent = Some("trade".into()));
            edit_theme(p, "ict", |t| {
                t.label = "Cyber".into();
                t.key = Some('c');
                t.color = Color::rgb(2, 2, 2);
                t.rules.push("internet".into());
            });
            edit_theme(p, "health", |t| t.description = "Theirs.".into());
            Edit::AddRejections {
                doc: "second".into(),
                suggestions: vec![Suggestion::new(0, 8, "health")],
            }
            .apply(p)
            .unwrap();
        },
    );
    let d = repo.path();
    let out = git(d, &["merge", "--no-edit", "b"]);
    assert!(!out.status.success(), "git merge reported no conflict");
    let stderr = String::from_utf8_lossy(&out.stderr);
    for conflict in [
        "5 conflicts in",
        "conflict: theme \"ict\": label changed to \"Digital\" on ours and to \"Cyber\" on theirs; kept ours",
        "conflict: theme \"ict\": key changed to 'd' on ours and to 'c' on theirs; kept ours",
        "conflict: theme \"ict\": colour changed to #010101 on ours and to #020202 on theirs; kept ours",
        "conflict: theme \"health\": description changed to \"Ours.\" on ours and to \"Theirs.\" on theirs; kept ours",
        "conflict: theme \"security\": parent changed to \"trade\" on theirs would make a cycle (security → trade → security); kept ours (no parent)",
    ] {
        assert!(
            stderr.contains(conflict),
            "{conflict:?} missing from\n{stderr}"
        );
    }
    let text = fs::read_to_string(d.join("project.ron")).unwrap();
    assert!(!text.contains("<<<<<<<"));
    let merged = store::load(&d.join("project.ron")).unwrap();
    assert_eq!(
        merged.theme("trade").unwrap().parent.as_deref(),
        Some("security")
    );
    assert_eq!(merged.theme("security").unwrap().parent, None);
    let ict = merged.theme("ict").unwrap();
    assert_eq!((ict.label.as_str(), ict.key), ("Digital", Some('d')));
    // What only one side changed is kept beside the conflicts.
    assert_eq!(ict.rules, ["internet"]);
    let second = merged.document("second").unwrap();
    assert!(second.rejected().contains(&Suggestion::new(0, 8, "health")));
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
