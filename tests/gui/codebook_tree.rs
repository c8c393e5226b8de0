//! The codebook tree in the window: "Roll up to parents" in
//! the Segments and Agreement views, and File → Import Codebook….

use marginalia::model::{Color, Theme};

use super::accessibility::status_message;
use super::*;

/// The text, as a Windows editor wrote it, with an emoji and a no-break
/// space (held with `\n` line ends, as an import leaves it).
const TEXT: &str = "Arms control 😀 talks:\nthe treaty bans nuclear\u{a0}arms.\n";

/// Code-point range of the first `needle` in [`TEXT`].
fn range(needle: &str) -> (usize, usize) {
    let byte = TEXT.find(needle).unwrap();
    let start = TEXT[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// The default codebook with Security ⊃ Arms control ⊃ Nuclear, and one
/// document where ana and bo tag the same passages with the two children
/// swapped (and "treaty" as Security both).
fn tree_project(dir: &Path) -> PathBuf {
    let mut p = Project::with_default_codebook("tree");
    for (id, label, parent) in [
        ("arms-control", "Arms control", "security"),
        ("nuclear", "Nuclear", "arms-control"),
    ] {
        let mut t = Theme::new(
            id,
            label,
            Color {
                r: 120,
                g: 40,
                b: 160,
            },
        );
        t.parent = Some(parent.into());
        Edit::AddTheme {
            index: usize::MAX,
            theme: t,
        }
        .apply(&mut p)
        .unwrap();
    }
    let span = |needle: &str, theme: &str, who: &str| {
        let (s, e) = range(needle);
        Span::new(s, e, theme, who)
    };
    let doc = Document::new("talks", "Talks", TEXT).with_spans(vec![
        span("Arms control", "arms-control", "ana"),
        span("Arms control", "nuclear", "bo"),
        span("treaty", "security", "ana"),
        span("treaty", "security", "bo"),
        span("nuclear\u{a0}arms", "nuclear", "ana"),
        span("nuclear\u{a0}arms", "arms-control", "bo"),
    ]);
    Edit::AddDocument {
        index: 0,
        document: Box::new(doc),
    }
    .apply(&mut p)
    .unwrap();
    let path = dir.join("tree.ron");
    store::save(&p, &path).unwrap();
    path
}

/// How many nodes are labelled exactly `label`.
fn count(h: &Harness<'static, MarginaliaApp>, label: &str) -> usize {
    h.query_all_by_label(label).count()
}

#[test]
fn rolling_up_in_the_agreement_window_folds_the_children_into_security() {
    let dir = tempfile::tempdir().unwrap();
    let path = tree_project(dir.path());
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    h.get_by_label("Team").click();
    h.run();
    h.get_by_label("Agreement…").click();
    h.run();
    wait_idle(&mut h);
    let nuclear_rows = count(&h, "Nuclear");
    // Children apart: ana and bo never agree on one (F1 exact 0, shown
    // in the rows of Arms control and Nuclear).
    let zeros = count(&h, "0.000");
    assert!(zeros >= 2, "{zeros} cells show 0.000");

    h.get_by_label("Roll up to parents").click();
    h.run();
    wait_idle(&mut h);
    // The rows of the two children are gone; Security now agrees fully,
    // as `agree --roll-up` computes it.
    assert_eq!(count(&h, "Nuclear"), nuclear_rows - 1);
    let rolled = marginalia::analysis::agreement::agreement_with(
        h.state().session().project(),
        &marginalia::analysis::agreement::Selection::default(),
        true,
    )
    .unwrap();
    let security = &rolled.themes["security"];
    assert_eq!(security.f1_exact["ana|bo"], Some(1.0));
    assert!(!rolled.themes.contains_key("nuclear"));
    assert!(count(&h, "0.000") < zeros, "the children's zeros are gone");

    // Unticked, the rows come back.
    h.get_by_label("Roll up to parents").click();
    h.run();
    wait_idle(&mut h);
    assert_eq!(count(&h, "Nuclear"), nuclear_rows);
}

#[test]
fn rolling_up_in_the_segments_view_names_every_row_by_its_top_level_theme() {
    let dir = tempfile::tempdir().unwrap();
    let path = tree_project(dir.path());
    let mut h = harness_with(Some(&path), ScriptedDialogs::new(vec![]), prefs());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    h.get_by_label("6 segments");
    let (security, arms, nuclear) = (
        count(&h, "Security"),
        count(&h, "Arms control"),
        count(&h, "Nuclear"),
    );
    h.get_by_label("Roll up to parents").click();
    h.run();
    // Still six rows; the four rows of the children now say Security.
    h.get_by_label("6 segments");
    assert_eq!(count(&h, "Security"), security + 4);
    assert_eq!(count(&h, "Arms control"), arms - 2);
    assert_eq!(count(&h, "Nuclear"), nuclear - 2);
}

#[test]
fn file_import_codebook_merges_another_projects_codebook_as_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = tree_project(dir.path());
    // Another team's codebook: Security renamed Safety, and ICT ⊃ Cyber.
    let mut other = Project::with_default_codebook("other");
    let mut safety = other.theme("security").unwrap().clone();
    safety.label = "Safety".into();
    Edit::UpdateTheme { theme: safety }
        .apply(&mut other)
        .unwrap();
    let mut cyber = Theme::new("cyber", "Cyber 🛡", Color { r: 1, g: 2, b: 3 });
    cyber.parent = Some("ict".into());
    Edit::AddTheme {
        index: usize::MAX,
        theme: cyber,
    }
    .apply(&mut other)
    .unwrap();
    let other_path = dir.path().join("other.ron");
    store::save(&other, &other_path).unwrap();
    let notes = dir.path().join("notes.txt");
    fs::write(&notes, "Health\n").unwrap();

    let dialogs = ScriptedDialogs::new(vec![Some(other_path), Some(notes)]);
    let mut h = harness_with(Some(&path), dialogs.clone(), prefs());
    let before = h.state().session().project().themes().to_vec();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import Codebook…").click();
    h.run();
    assert_eq!(dialogs.asked(), vec![DialogKind::ImportCodebook]);
    let project = h.state().session().project();
    assert_eq!(project.theme("security").unwrap().label, "Safety");
    assert_eq!(project.theme_path("cyber").unwrap(), "ICT/Cyber 🛡");
    assert_eq!(
        project.theme_path("nuclear").unwrap(),
        "Safety/Arms control/Nuclear"
    );
    let (msg, is_error) = status_message(&h).unwrap();
    assert!(
        !is_error && msg.contains("1 theme added, 1 updated"),
        "{msg}"
    );

    // One undo restores the codebook exactly.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session().project().themes(), &before[..]);

    // A file that holds no codebook changes nothing and says why.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import Codebook…").click();
    h.run();
    let (msg, is_error) = status_message(&h).unwrap();
    assert!(
        is_error && msg.contains("cannot import a codebook"),
        "{msg}"
    );
    assert_eq!(h.state().session().project().themes(), &before[..]);
}
