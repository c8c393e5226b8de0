//! Large projects: the work runs off the window's thread. Opening, saving,
//! importing and the recovery write of a large project go on while the
//! window paints (and the user tags), with progress; closing during an
//! export cancels it, then asks about unsaved changes.

use super::*;

#[test]
fn a_large_project_opens_saves_and_imports_while_the_window_paints() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_project(dir.path());
    let import = dir.path().join("memo.jsonl");
    let memo = "Vaccines 💉 and data centres.\r\n".repeat(40_000);
    fs::write(
        &import,
        format!(
            "{}\n",
            serde_json::json!({"id": "memo", "text": memo, "label": [[0, 10, "Health"]]})
        ),
    )
    .unwrap();
    let dialogs =
        ScriptedDialogs::new(vec![Some(path.clone()), Some(import.clone()), Some(import)]);
    let mut h = harness_with(None, dialogs, prefs());
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));

    // Opening: a progress window while the file is read; keys do nothing.
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    shows_progress(&mut h, "Opening large.ron");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.step();
    assert_eq!(h.state().session().project().name(), "Untitled");
    assert!(h.state().modal().is_none());
    gate.wait();
    wait_idle(&mut h);
    assert_eq!(h.state().session().project().name(), "large");
    assert_eq!(h.state().session().document().unwrap().spans().len(), 5000);
    let (msg, _) = h.state().message().unwrap();
    assert!(msg.starts_with("Opened"), "{msg}");

    // Importing: Cancel leaves the project as it was...
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    shows_progress(&mut h, "Importing memo.jsonl");
    h.get_by_label("Cancel").click();
    h.step();
    assert!(!h.state().busy());
    gate.wait();
    h.run();
    assert!(h.state().session().project().document("memo").is_none());
    assert!(!h.state().session().is_dirty());
    // ... and letting it run adds the document as one undoable step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::I);
    shows_progress(&mut h, "Importing memo.jsonl");
    gate.wait();
    wait_idle(&mut h);
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "memo");
    assert_eq!(doc.span_text(&doc.spans().spans()[0]), Some("Vaccines 💉"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().session().project().document("memo").is_none());

    // Saving: closing the window meanwhile waits for the save, then quits.
    h.state_mut().select(1, 9);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    assert!(h.state().session().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    shows_progress(&mut h, "Saving large.ron");
    close_window(&mut h);
    h.step();
    h.get_by_label_contains("closes when the save has finished");
    assert!(!h.state().quitting());
    gate.wait();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert!(
        h.state().quitting(),
        "the window did not close after saving"
    );
    assert_eq!(span_count(&path), 5001);
}

#[test]
fn closing_during_an_export_cancels_it_then_asks_about_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough to export on a worker.
    let path = large_project(dir.path());
    let out = dir.path().join("spans.jsonl");
    let mut h = harness_with(
        Some(&path),
        ScriptedDialogs::new(vec![Some(out.clone())]),
        prefs(),
    );
    h.state_mut().select(0, 8);
    h.run();
    h.key_press(Key::Num1);
    h.run();
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    assert!(h.state().busy());
    close_window(&mut h);
    h.run();
    h.get_by_label_contains("closes when the export has stopped");
    assert_eq!(h.state().modal(), None);
    gate.wait();
    wait_idle(&mut h);
    assert!(!out.exists(), "a cancelled export wrote {}", out.display());
    // The export has stopped; the unsaved tag is asked about before closing.
    assert_eq!(
        h.state().modal(),
        Some(&Modal::Unsaved(marginalia::ui::Then::Quit))
    );
    assert!(!h.state().quitting());
}

#[test]
fn the_recovery_write_of_a_large_project_runs_while_tagging_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = large_project(dir.path());
    let recovery = marginalia::store::recovery::recovery_path(&path);
    let mut h = harness_with(
        Some(&path),
        ScriptedDialogs::new(vec![]),
        prefs_autosaving(),
    );
    let gate = Arc::new(std::sync::Barrier::new(2));
    h.state_mut().hold_workers(Some(Arc::clone(&gate)));
    h.state_mut().select(1, 9);
    h.run();
    h.key_press(Key::Num1);
    // While the write runs, its spinner keeps the window painting: step.
    h.run_steps(3);
    // The write is held on its worker: the status bar says so, no window
    // blocks, and tagging goes on.
    assert!(h.state().busy());
    h.get_by_label_contains("Writing the recovery file");
    assert_eq!(h.state().modal(), None);
    h.state_mut().select(21, 29);
    h.run_steps(2);
    h.key_press(Key::Num2);
    h.run_steps(2);
    assert_eq!(h.state().session().project().span_count(), 5002);
    h.state_mut().hold_workers(None);
    gate.wait();
    while h.state().busy() {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // It wrote the project as it was when it started; the second tag is
    // written next.
    assert_eq!(span_count(&recovery), 5001);
    h.step();
    wait_idle(&mut h);
    assert_eq!(span_count(&recovery), 5002);
    // Saving removes it, and no write still under way brings it back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    wait_idle(&mut h);
    assert!(!h.state().session().is_dirty());
    assert_eq!(span_count(&path), 5002);
    assert!(!recovery.exists());
}
