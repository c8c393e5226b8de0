//! Whose name goes on the spans: asked once on first start,
//! `MARGINALIA_ANNOTATOR` wins for the run
//! (as on the command line), the status bar shows the name, and Edit →
//! Your Name… (also in the command palette) changes it.

use super::accessibility::palette_rows;
use super::*;

const TEST: &str = "your_name::started_as_ben_the_window_records_spans_by_ben_until_renamed";

/// The window as eframe starts it (preferences and the environment read
/// by `from_creation_context`), with a saved name "ana".
fn started_window(project: &Path) -> Harness<'static, MarginaliaApp> {
    let project = project.to_path_buf();
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(200)
        .build_eframe(move |cc| {
            MarginaliaApp::from_creation_context(
                cc,
                AppOptions {
                    project: Some(project),
                    prefs: Prefs {
                        annotator: "ana".into(),
                        snap_to_words: false,
                        ..Prefs::default()
                    },
                    dialogs: ScriptedDialogs::new(vec![]),
                    system_fonts: false,
                },
            )
        });
    h.run();
    wait_idle(&mut h);
    h
}

#[test]
fn started_as_ben_the_window_records_spans_by_ben_until_renamed() {
    if std::env::var("MARGINALIA_ANNOTATOR").as_deref() != Ok("ben") {
        // The environment is shared by every test in this process, so the
        // story runs in a process of its own, started as ben.
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([TEST, "--exact", "--test-threads=1"])
            .env("MARGINALIA_ANNOTATOR", "ben")
            .output()
            .expect("the test binary runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains("1 passed"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = started_window(&path);
    assert_eq!(h.state().modal(), None, "the environment names the user");
    assert!(
        h.query_by_label("You: ben").is_some(),
        "the status bar says who"
    );
    select_text(&mut h, "UNITED24");
    tag_as(&mut h, "Health");
    assert_eq!(h.state().selected_span().unwrap().annotator, "ben");
    assert!(h.query_by_label("by ben").is_some());
    // The saved name is not replaced by one run's environment.
    assert_eq!(h.state().prefs().to_keep().annotator, "ana");

    // Edit → Your Name… asks, filled in with the current name.
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label("Your Name…").click();
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::AskAnnotator));
    let field = h.get_by_role_and_label(Role::TextInput, "Your name");
    assert_eq!(field.value().as_deref(), Some("ben"));
    field.focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Your name")
        .type_text("carla");
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().modal(), None);
    assert!(h.query_by_label("You: carla").is_some());
    assert!(h.query_by_label("You: ben").is_none());
    assert_eq!(
        h.state().prefs().to_keep().annotator,
        "carla",
        "a chosen name is kept"
    );
    // Find the next passage (the find field still holds the last one).
    h.get_by_role_and_label(Role::TextInput, "Find").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text("Make");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    tag_as(&mut h, "Trade");
    assert_eq!(h.state().selected_span().unwrap().annotator, "carla");
}

#[test]
fn your_name_is_in_the_palette_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    assert!(h.query_by_label("You: tester").is_some());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Command palette")
        .type_text("your name");
    h.run();
    assert_eq!(palette_rows(&h).unwrap()[0], "Your Name…");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::AskAnnotator));
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().modal(), None);
    assert_eq!(h.state().prefs().annotator, "tester");
}

#[test]
fn first_start_asks_the_annotator_name_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    // `run` fails if the window never settles: the prompt must not ask for
    // focus on every frame (that starved the real window of input).
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), Prefs::default());
    assert_eq!(h.state().modal(), Some(&Modal::AskAnnotator));
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Your name")
        .type_text("Ana");
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(h.state().modal(), None);
    assert_eq!(h.state().prefs().annotator, "Ana");
    assert!(h.query_by_label("Who is annotating?").is_none());
    select_text(&mut h, "UNITED24");
    tag_as(&mut h, "Health");
    assert_eq!(h.state().selected_span().unwrap().annotator, "Ana");
    assert!(
        h.query_by_label("by Ana").is_some(),
        "the details show who made the span"
    );
}
