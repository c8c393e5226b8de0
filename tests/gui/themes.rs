//! The codebook's themes in the window: adding, recolouring and deleting
//! a theme, and theme keys (every key the model accepts tags; dead keys
//! from an old file do nothing and new ones are refused).

use super::*;

#[test]
fn add_recolour_and_delete_a_theme() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    h.get_by_label("Add Theme…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .type_text("Climate");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .type_text("c");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    let theme = h
        .state()
        .session()
        .project()
        .find_theme("Climate")
        .cloned()
        .expect("theme added");
    assert_eq!(theme.key, Some('c'));
    assert_eq!(theme.id, "climate");

    // Tag with the new key.
    keyboard::select_first_word(&mut h);
    h.key_press(Key::C);
    h.run();
    assert!(
        spans_of(h.state().session().project(), DOC)
            .iter()
            .any(|s| s.theme == "climate")
    );

    // Rename it through the editor.
    h.get_by_label_contains("Climate  [c]").hover();
    h.run();
    let edit_buttons = h.get_all_by_label("✏").collect::<Vec<_>>();
    edit_buttons.last().unwrap().click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .click();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .type_text("Climate change");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    assert_eq!(
        h.state()
            .session()
            .project()
            .theme("climate")
            .unwrap()
            .label,
        "Climate change"
    );

    // Deleting asks, naming how many spans would go.
    let deletes = h.get_all_by_label("✖").collect::<Vec<_>>();
    deletes.last().unwrap().click();
    h.run();
    assert!(matches!(
        h.state().modal(),
        Some(Modal::DeleteTheme { spans: 1, .. })
    ));
    assert!(h.query_by_label_contains("and its 1 span?").is_some());
    h.get_by_label("Delete").click();
    h.run();
    assert!(h.state().session().project().theme("climate").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().session().project().theme("climate").is_some());
}

/// A project with one document and these themes (id, key), saved in `dir`.
fn project_with_keys(dir: &Path, keys: &[(&str, Option<char>)]) -> PathBuf {
    let themes = keys
        .iter()
        .enumerate()
        .map(|(i, &(id, key))| marginalia::model::Theme {
            id: id.into(),
            label: format!("Theme {id}"),
            color: marginalia::model::Color::rgb(i as u8, 0x80, 0x40),
            key,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        })
        .collect();
    let mut p = Project::new("Keys", themes);
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new(
            "d",
            "D",
            "Grüße\u{a0}aus Köln 😀 and more words",
        )),
    }
    .apply(&mut p)
    .unwrap();
    let path = dir.join("keys.ron");
    store::save(&p, &path).unwrap();
    path
}

#[test]
fn every_theme_key_the_model_accepts_tags_in_the_window() {
    use marginalia::model::rules;
    let dir = tempfile::tempdir().unwrap();
    // One theme per key, letters alternating lower and upper case.
    let keys: Vec<char> = ('!'..='~')
        .filter(|&c| rules::key_is_typeable(c) && !c.is_ascii_uppercase())
        .filter(|&c| rules::reserved_by(c).is_none())
        .enumerate()
        .map(|(i, c)| {
            if i % 2 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    let ids: Vec<String> = (0..keys.len()).map(|i| format!("t{i}")).collect();
    let themes: Vec<(&str, Option<char>)> = ids
        .iter()
        .zip(&keys)
        .map(|(id, &k)| (id.as_str(), Some(k)))
        .collect();
    let path = project_with_keys(dir.path(), &themes);
    let mut h = harness(&path);
    for (id, key) in ids.iter().zip(&keys) {
        // The key a keyboard sends for it, whatever the case.
        let pressed = Key::from_name(&key.to_string()).expect("a key egui knows");
        h.state_mut().select(0, 5);
        h.run();
        h.key_press(pressed);
        h.run();
        assert!(
            spans_of(h.state().session().project(), "d")
                .iter()
                .any(|s| &s.theme == id && (s.start, s.end) == (0, 5)),
            "the key {key:?} ({pressed:?}) did not tag with its theme"
        );
    }
    assert_eq!(h.state().session().project().span_count(), keys.len());
}

#[test]
fn dead_theme_keys_from_an_old_file_do_nothing_and_new_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // As an older version could write it: `a` then `A` (one key), `n`
    // (Next Span) and `é` (no key of its own).
    let path = project_with_keys(
        dir.path(),
        &[
            ("first", Some('a')),
            ("second", Some('A')),
            ("next", Some('n')),
            ("accent", Some('é')),
        ],
    );
    let mut h = harness(&path);
    h.state_mut().select(0, 5);
    h.run();
    h.key_press_modifiers(Modifiers::SHIFT, Key::A);
    h.run();
    let spans = spans_of(h.state().session().project(), "d");
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].theme, "first", "the first theme keeps the key");
    // `n` jumps between spans; it never tags with the theme "next".
    h.state_mut().select(6, 9);
    h.run();
    h.key_press(Key::N);
    h.run();
    assert_eq!(spans_of(h.state().session().project(), "d").len(), 1);

    // The Help window lists only the key that works.
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Tag selection as Theme first").is_some());
    for dead in ["second", "next", "accent"] {
        assert!(
            h.query_by_label(&format!("Tag selection as Theme {dead}"))
                .is_none(),
            "{dead} listed"
        );
    }
    let close_rect = h.get_by_label("Close").rect();
    h.get_by_label("Close").click();
    h.run();
    assert!(
        h.query_by_label("Keyboard shortcuts").is_none(),
        "Help closed {close_rect:?} {:?}",
        h.ctx.content_rect()
    );

    // A new theme on `p` is refused, naming the clash.
    h.get_by_label("Add Theme…").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Theme name")
        .type_text("Peace");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .click();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Shortcut key")
        .type_text("P");
    h.run();
    h.get_by_label("Apply").click();
    h.run();
    assert!(h.state().session().project().find_theme("Peace").is_none());
    let (message, error) = h.state().message().expect("a refusal");
    assert!(
        error && message.contains("taken by Previous Span"),
        "{message}"
    );
    assert!(
        h.query_all_by_label_contains("taken by Previous Span")
            .next()
            .is_some(),
        "the editor shows the refusal"
    );
    assert_eq!(h.state().session().project().themes().len(), 4);
}
