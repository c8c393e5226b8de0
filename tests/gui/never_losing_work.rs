//! Never losing work in the window: closing with unsaved changes asks;
//! unsaved work goes to a recovery file (after a panic too) that is offered
//! back; a file changed on disk or open elsewhere is never overwritten
//! silently; a write-protected project opens read-only and says why; a
//! project opened through a link is saved into its target.

use super::*;

#[test]
fn closing_with_unsaved_changes_asks_save_discard_cancel() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let on_disk = fs::read(&path).unwrap();
    let mut h = harness(&path);
    assert!(h.query_by_label("Unsaved changes").is_none());
    select_text(&mut h, "UNITED24");
    tag_as(&mut h, "Security");
    assert!(h.query_by_label("Unsaved changes").is_some());

    // The window's close button.
    close_window(&mut h);
    h.run();
    assert_eq!(
        h.state().modal(),
        Some(&Modal::Unsaved(marginalia::ui::Then::Quit))
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().modal(), None);
    assert_eq!(fs::read(&path).unwrap(), on_disk, "cancel must not save");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(h.query_by_label_contains("Save the changes to").is_some());
    h.get_by_label("Save").click();
    h.run();
    assert!(!h.state().session().is_dirty());
    let saved = store::load(&path).unwrap();
    assert_eq!(
        spans_of(&saved, DOC).len(),
        spans_of(&store::load(Path::new(EXAMPLE)).unwrap(), DOC).len() + 1
    );
}

#[test]
fn unsaved_work_goes_to_a_recovery_file_and_is_offered_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let recovery = marginalia::store::recovery::recovery_path(&path);
    let saved_spans = span_count(&path);
    {
        let mut h = harness_with(
            Some(&path),
            ScriptedDialogs::new(vec![]),
            prefs_autosaving(),
        );
        keyboard::select_first_word(&mut h);
        h.key_press(Key::Num1);
        h.run();
        assert!(recovery.exists(), "no recovery file after a change");
        assert_eq!(span_count(&recovery), saved_spans + 1);
        assert_eq!(
            span_count(&path),
            saved_spans,
            "the project itself is untouched"
        );
        // The window goes away without saving (a crash, a kill).
        std::mem::forget(h);
    }
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    match h.state().modal() {
        Some(Modal::Recover { differences, .. }) => assert_eq!(
            differences,
            &[format!(
                "{DOC}: {saved_spans} spans saved, {} in the recovery file",
                saved_spans + 1
            )]
        ),
        other => panic!("expected the recovery prompt, got {other:?}"),
    }
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(span_count(&path), saved_spans + 1);
    assert_eq!(span_count(&store::backup_path(&path)), saved_spans);
    assert!(!recovery.exists());
    assert_eq!(h.state().session().project().span_count(), saved_spans + 1);
    assert!(!h.state().session().is_dirty());
}

#[test]
fn saving_removes_the_recovery_file_and_a_panic_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let recovery = marginalia::store::recovery::recovery_path(&path);
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    keyboard::select_first_word(&mut h);
    h.key_press(Key::Num2);
    h.run();
    // Autosave every 30 s: nothing written yet.
    assert!(!recovery.exists());
    h.state_mut().panic_next_frame();
    let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| h.run()));
    assert!(crashed.is_err());
    assert_eq!(span_count(&recovery), span_count(&path) + 1);

    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    assert!(matches!(h.state().modal(), Some(Modal::Recover { .. })));
    h.get_by_label("Discard").click();
    h.run();
    assert!(!recovery.exists());
    keyboard::select_first_word(&mut h);
    h.key_press(Key::Num2);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!recovery.exists());
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    keyboard::select_first_word(&mut h);
    h.key_press(Key::Num1);
    h.run();
    // A git pull changes the file underneath.
    let mut theirs = store::load(&path).unwrap();
    Edit::RenameProject {
        name: "Pulled".into(),
    }
    .apply(&mut theirs)
    .unwrap();
    store::save(&theirs, &path).unwrap();
    let on_disk = fs::read(&path).unwrap();

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::SaveConflict));
    assert_eq!(fs::read(&path).unwrap(), on_disk, "saved over the change");
    h.get_by_label("Cancel").click();
    h.run();

    // Losing and regaining focus notices the change too.
    let focus = |h: &mut Harness<'static, MarginaliaApp>, f: bool| {
        h.input_mut()
            .viewports
            .entry(ViewportId::ROOT)
            .or_default()
            .focused = Some(f);
        h.run();
    };
    focus(&mut h, false);
    focus(&mut h, true);
    assert_eq!(h.state().modal(), Some(&Modal::ChangedOnDisk));
    h.get_by_label("Overwrite").click();
    h.run();
    let saved = store::load(&path).unwrap();
    assert_eq!(
        saved.name(),
        "Russia–China joint statement, 11 September 2020"
    );
    assert!(!h.state().session().is_dirty());

    // Clean and changed on disk: reloaded without asking.
    store::save(&theirs, &path).unwrap();
    focus(&mut h, false);
    focus(&mut h, true);
    assert_eq!(h.state().modal(), None);
    assert_eq!(h.state().session().project().name(), "Pulled");
}

#[test]
fn a_project_open_elsewhere_opens_read_only_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // Another live process (our parent) holds the lock.
    fs::write(
        marginalia::store::lock::lock_path(&path),
        format!(
            "pid={}\nhost={}\nsince=0\ntoken=1\n",
            std::os::unix::process::parent_id(),
            fs::read_to_string("/proc/sys/kernel/hostname")
                .map(|s| s.trim().to_owned())
                .unwrap_or_else(|_| std::env::var("HOSTNAME").unwrap_or_default())
        ),
    )
    .unwrap();
    let before = fs::read(&path).unwrap();
    let mut h = harness(&path);
    assert!(matches!(h.state().modal(), Some(Modal::Locked { .. })));
    h.get_by_label("Open Read-Only").click();
    h.run();
    assert!(h.state().session().is_read_only());
    assert!(h.state().session().title().contains("(read-only)"));
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(
        !h.state().session().is_dirty(),
        "a read-only project changed"
    );
    let (msg, is_error) = h.state().message().unwrap();
    assert!(is_error && msg.contains("read-only"), "{msg}");
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn a_write_protected_project_opens_read_only_says_why_and_saves_only_elsewhere() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // `chmod 444`: the owner says "do not write this". The tests run as
    // root, whom the system would let write it anyway.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = fs::read(&path).unwrap();
    let copy = dir.path().join("copy 😀.ron");
    let dialogs = ScriptedDialogs::new(vec![Some(copy.clone())]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs_autosaving());

    let session = h.state().session();
    assert_eq!(
        session.read_only_reason(),
        Some(marginalia::ui::session::ReadOnlyReason::WriteProtected)
    );
    let title = session.title();
    assert!(
        title.contains("(read-only)") && title.contains("write-protected"),
        "the title says read-only and why: {title}"
    );
    let (msg, _) = h.state().message().unwrap();
    assert!(
        msg.contains("read-only") && msg.contains("chmod u+w") && msg.contains("Save As"),
        "opening says why it is read-only and what to do: {msg}"
    );
    assert!(
        !store::lock::lock_path(&path).exists(),
        "a window that will not write the file takes no lock"
    );

    // Edits are refused; nothing is written, not even a recovery file.
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(!h.state().session().is_dirty());
    let (msg, is_error) = h.state().message().unwrap();
    assert!(is_error && msg.contains("read-only"), "{msg}");
    assert!(!store::recovery::recovery_path(&path).exists());

    // Save asks for another name; the copy is this window's file from then on.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert_eq!(dialogs.asked(), vec![DialogKind::SaveProjectAs]);
    assert_eq!(h.state().session().path(), Some(copy.as_path()));
    assert!(!h.state().session().is_read_only());
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert_eq!(span_count(&copy), span_count(&path) + 1);
    assert_eq!(
        fs::read(&path).unwrap(),
        before,
        "the protected file changed"
    );
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
    assert!(!store::backup_path(&path).exists());
}

#[test]
fn a_project_opened_through_a_link_is_saved_into_its_target_and_the_link_stays() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("data")).unwrap();
    let real = dir.path().join("data/example.ron");
    fs::copy(EXAMPLE, &real).unwrap();
    let link = dir.path().join("study.ron");
    std::os::unix::fs::symlink("data/example.ron", &link).unwrap();
    let saved_spans = span_count(&real);
    let mut h = harness_with(
        Some(&link),
        ScriptedDialogs::new(vec![]),
        prefs_autosaving(),
    );

    // The lock sits beside the real file, so a command given the real
    // path sees the window.
    assert!(dir.path().join("data/example.ron.lock").exists());
    assert!(!dir.path().join("study.ron.lock").exists());
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["tag", "data/example.ron", "--doc", DOC])
        .args(["--start", "0", "--end", "3", "--theme", "Health"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        !cli.status.success() && stderr.contains("is open in another Marginalia"),
        "{stderr}"
    );

    // Unsaved work goes to the recovery file beside the real file.
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert_eq!(
        span_count(&dir.path().join("data/example.ron.recovery")),
        saved_spans + 1
    );
    assert!(!dir.path().join("study.ron.recovery").exists());

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("data/example.ron"));
    assert_eq!(span_count(&real), saved_spans + 1);
    assert_eq!(
        span_count(&dir.path().join("data/example.ron.bak")),
        saved_spans
    );
    assert!(!dir.path().join("study.ron.bak").exists());
    assert!(!dir.path().join("data/example.ron.recovery").exists());
    // The window keeps showing the path it was given.
    assert_eq!(h.state().session().path(), Some(link.as_path()));
    assert!(!h.state().session().changed_on_disk());
    drop(h);
    assert!(!dir.path().join("data/example.ron.lock").exists());

    // The real file's folder moves away: opening the link says so
    // plainly (rather than failing to make a lock beside nothing).
    fs::rename(dir.path().join("data"), dir.path().join("archive")).unwrap();
    let h = harness(&link);
    match h.state().modal() {
        Some(Modal::Error(m)) => assert!(
            m.contains("study.ron")
                && m.contains("symbolic link to")
                && m.contains("which does not exist"),
            "{m}"
        ),
        other => panic!("expected an error, got {other:?}"),
    }
    assert!(!dir.path().join("data").exists());
}
