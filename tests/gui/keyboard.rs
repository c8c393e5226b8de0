//! Keyboard-first stories: the caret, selecting and tagging without the
//! mouse, find-and-tag, the order in which Esc closes things.

use super::*;

/// A project with one note, written from CRLF-sourced text (normalised to
/// `\n` on import, as the model does): German with a no-break space, an
/// emoji with a skin tone, Russian. (Arabic and Chinese word steps are
/// checked in `ui::caret`; the test window has no fonts for them.)
const NOTE: &str = "Grüße\u{a0}aus Köln 👍🏽 ok\nСовместное заявление министров\nÇa va, l’été health";

fn note_project(dir: &Path) -> PathBuf {
    let themes = ["health", "trade"]
        .iter()
        .enumerate()
        .map(|(i, id)| marginalia::model::Theme {
            id: (*id).into(),
            label: id.to_uppercase(),
            color: marginalia::model::Color::rgb(40 * i as u8, 0x80, 0x40),
            key: char::from_digit(i as u32 + 1, 10),
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        })
        .collect();
    let mut p = Project::new("Note", themes);
    let crlf = NOTE.replace('\n', "\r\n");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("note", "Note", crlf.replace("\r\n", "\n"))),
    }
    .apply(&mut p)
    .unwrap();
    let path = dir.join("note.ron");
    store::save(&p, &path).unwrap();
    path
}

/// The window at a given size, drawing a box for a glyph no test font
/// has (Arabic, Chinese) instead of failing: offsets do not depend on it.
fn window(project: &Path, size: [f32; 2]) -> Harness<'static, MarginaliaApp> {
    let project = project.to_path_buf();
    let mut h = Harness::builder()
        .with_size(size)
        .with_max_steps(200)
        .allow_missing_glyphs()
        .build_eframe(move |cc| {
            MarginaliaApp::new(
                &cc.egui_ctx,
                AppOptions {
                    project: Some(project),
                    prefs: prefs(),
                    dialogs: ScriptedDialogs::new(vec![]),
                    system_fonts: false,
                },
            )
        });
    h.run();
    wait_idle(&mut h);
    h
}

fn press(h: &mut Harness<'static, MarginaliaApp>, modifiers: Modifiers, key: Key, times: usize) {
    for _ in 0..times {
        h.key_press_modifiers(modifiers, key);
        h.run();
    }
}

/// Code-point offset of the first `needle` in the note.
fn at(needle: &str) -> usize {
    NOTE[..NOTE.find(needle).unwrap()].chars().count()
}

#[test]
fn keyboard_only_the_user_selects_words_and_tags_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(&note_project(dir.path()), [1280.0, 800.0]);
    // The caret starts at the top; Ctrl+Shift+Right takes word after word:
    // "Grüße", then "aus" across the no-break space.
    press(
        &mut h,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
        2,
    );
    assert_eq!(h.state().selection(), Some((0, at(" Köln"))));
    assert_eq!(shown_selection(&h), Some((0, 9)));
    h.key_press(Key::Num1);
    h.run();
    let spans = spans_of(h.state().session().project(), "note");
    assert_eq!(
        spans
            .iter()
            .map(|s| (s.start, s.end, s.theme.as_str()))
            .collect::<Vec<_>>(),
        [(0, 9, "health")]
    );

    // Down to the Russian line, Home, then Shift+Right over "Совме" one
    // letter at a time, and Shift+End takes the rest of the line.
    press(&mut h, Modifiers::NONE, Key::ArrowDown, 1);
    press(&mut h, Modifiers::NONE, Key::Home, 1);
    let line2 = at("Совместное");
    assert_eq!(h.state().selection(), None);
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight, 5);
    assert_eq!(h.state().selection(), Some((line2, line2 + 5)));
    press(&mut h, Modifiers::SHIFT, Key::End, 1);
    assert_eq!(h.state().selection(), Some((line2, at("\nÇa"))));
    h.key_press(Key::Num2);
    h.run();
    let doc = h
        .state()
        .session()
        .project()
        .document("note")
        .unwrap()
        .clone();
    let tagged = doc
        .spans()
        .spans()
        .iter()
        .find(|s| s.theme == "trade")
        .unwrap();
    assert_eq!(
        doc.span_text(tagged).unwrap(),
        "Совместное заявление министров"
    );

    // Ctrl+Shift+Right on the last line: "Ça", then "va" (the comma left
    // out), then "l’été" as one word.
    press(&mut h, Modifiers::NONE, Key::ArrowDown, 1);
    press(&mut h, Modifiers::NONE, Key::Home, 1);
    let line3 = at("Ça");
    press(
        &mut h,
        Modifiers::COMMAND | Modifiers::SHIFT,
        Key::ArrowRight,
        3,
    );
    assert_eq!(h.state().selection(), Some((line3, at(" health"))));

    // Ctrl+End goes to the end, Shift+Left takes the last letter, Ctrl+Home
    // goes back to the start with no selection.
    press(&mut h, Modifiers::COMMAND, Key::End, 1);
    let len = NOTE.chars().count();
    press(&mut h, Modifiers::SHIFT, Key::ArrowLeft, 1);
    assert_eq!(h.state().selection(), Some((len - 1, len)));
    press(&mut h, Modifiers::COMMAND, Key::Home, 1);
    assert_eq!(h.state().selection(), None);
    assert_eq!(h.state().caret(), 0);
    // Right over the emoji with its skin tone is one step of two code points.
    let thumb = at("👍");
    for _ in 0..thumb {
        h.key_press(Key::ArrowRight);
    }
    h.run();
    assert_eq!(h.state().caret(), thumb);
    press(&mut h, Modifiers::SHIFT, Key::ArrowRight, 1);
    assert_eq!(h.state().selection(), Some((thumb, thumb + 2)));
}

#[test]
fn find_then_enter_then_alt_and_a_theme_key_tags_each_match_without_the_mouse() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let before = spans_of(h.state().session().project(), DOC).len();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Find")
        .type_text("pandemic");
    h.run();
    let matches = h.state().find_matches().to_vec();
    assert!(matches.len() >= 3, "{matches:?}");

    // Enter selects the first match; Alt+1 tags it as Health, and the
    // find field keeps its text (the key typed nothing).
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().selection(), Some(matches[0]));
    h.key_press_modifiers(Modifiers::ALT, Key::Num1);
    h.run();
    // Enter again: the second match, Alt+3 tags it as ICT.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().selection(), Some(matches[1]));
    h.key_press_modifiers(Modifiers::ALT, Key::Num3);
    h.run();
    // Shift+Enter goes back to the first.
    h.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    h.run();
    assert_eq!(h.state().selection(), Some(matches[0]));

    let spans = spans_of(h.state().session().project(), DOC);
    assert_eq!(spans.len(), before + 2);
    for (m, theme) in [(matches[0], "health"), (matches[1], "ict")] {
        assert!(
            spans
                .iter()
                .any(|s| (s.start, s.end) == m && s.theme == theme),
            "{m:?} tagged as {theme}"
        );
    }
    let field = h.get_by_role_and_label(Role::TextInput, "Find");
    assert_eq!(field.value().as_deref(), Some("pandemic"));
}

#[test]
fn esc_closes_the_find_bar_first_then_clears_the_selection_and_closes_windows() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    select_text(&mut h, "pandemic");
    assert!(h.query_by_role_and_label(Role::TextInput, "Find").is_some());
    // First Esc: the find bar closes, the match stays selected.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_role_and_label(Role::TextInput, "Find").is_none());
    let selected = h.state().selection();
    assert!(selected.is_some());
    // Second Esc: the selection goes.
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().selection(), None);

    // Help (F1), About and the export form close on Esc too.
    h.key_press(Key::F1);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::Shortcuts));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().modal(), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert_eq!(h.state().modal(), Some(&Modal::Export));
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().modal(), None);
}

#[test]
fn the_view_follows_the_caret_down_a_long_document() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    let (_, first_screen_end) = h.state().visible_range();
    // Four PageDowns: the caret is far below the first screen, and on
    // screen, with the lines around it.
    press(&mut h, Modifiers::NONE, Key::PageDown, 4);
    let caret = h.state().caret();
    assert!(caret > first_screen_end, "{caret} past {first_screen_end}");
    let (a, b) = h.state().visible_range();
    assert!((a..=b).contains(&caret), "caret {caret} shown in {a}..{b}");
    // Shift+Down ten times: the view scrolls along.
    press(&mut h, Modifiers::SHIFT, Key::ArrowDown, 10);
    let (a, b) = h.state().visible_range();
    let head = h.state().caret();
    assert!(
        head > caret && (a..=b).contains(&head),
        "{head} in {a}..{b}"
    );
    assert_eq!(h.state().selection(), Some((caret, head)));
    // Ctrl+Home goes back to the top, and the view with it.
    press(&mut h, Modifiers::COMMAND, Key::Home, 1);
    assert_eq!(h.state().caret(), 0);
    assert_eq!(h.state().visible_range().0, 0);
}

#[test]
fn at_800_by_600_the_document_keeps_forty_columns_and_panel_edges_resize_panels() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(&example_copy(dir.path()), [800.0, 600.0]);
    // Forty characters of the document's own text fit on a row.
    let text = h.state().session().document().unwrap().text().clone();
    let long_line = text
        .as_str()
        .lines()
        .find(|l| l.chars().count() > 200)
        .unwrap();
    let forty: String = long_line.chars().take(40).collect();
    let size = prefs().font_size;
    let forty_width = h.ctx.fonts_mut(|f| {
        f.layout_no_wrap(
            forty,
            egui::FontId::proportional(size),
            egui::Color32::BLACK,
        )
        .size()
        .x
    });
    let doc = document_rect(&h);
    // The view keeps a margin of 12 on each side.
    assert!(
        doc.width() - 24.0 >= forty_width,
        "the document is {} wide, forty characters need {forty_width}",
        doc.width()
    );
    // Both panels still show at 800 wide.
    assert!(h.query_by_label("Selected span").is_some());
    assert!(h.query_by_label("Codebook").is_some());

    // Dragging the span panel's edge to the right narrows the panel and
    // widens the document; the document does not scroll.
    let shown = h.state().visible_range();
    let edge = h.get_by_label("Selected span").rect().left() - 8.0;
    let y = doc.center().y;
    drag(&mut h, Pos2::new(edge, y), Pos2::new(edge + 60.0, y));
    let wider = document_rect(&h);
    assert!(
        wider.width() > doc.width() + 40.0,
        "{} then {}",
        doc.width(),
        wider.width()
    );
    assert_eq!(h.state().visible_range().0, shown.0);
    assert_eq!(h.state().selection(), None, "the drag selected no text");

    // F10 hides the span panel, F9 the codebook; the document takes the room.
    h.key_press(Key::F10);
    h.run();
    h.key_press(Key::F9);
    h.run();
    assert!(h.query_by_label("Selected span").is_none());
    assert!(h.query_by_label("Codebook").is_none());
    assert!(document_rect(&h).width() > 700.0);
}

#[test]
fn a_narrow_window_hides_the_span_panel_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let h = window(&example_copy(dir.path()), [640.0, 480.0]);
    assert!(h.query_by_label("Selected span").is_none());
    assert!(h.query_by_label("Codebook").is_some());
    assert!(
        h.state().prefs().show_right_panel,
        "the preference stays on"
    );
}

#[test]
fn with_no_desktop_dialog_the_user_opens_a_project_by_typing_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let target = note_project(dir.path());
    // The built-in dialog, as a desktop with no dialog service gets it
    // (here switched on in View; MARGINALIA_FILE_DIALOG=builtin does the same).
    let prefs = Prefs {
        builtin_file_dialog: true,
        ..prefs()
    };
    let mut h = harness_with(None, ScriptedDialogs::new(vec![]), prefs);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(h.state().builtin_dialog_open());
    assert!(h.query_by_label_contains("type a path").is_some());
    // The listing shows the project's folder; Esc cancels.
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().builtin_dialog_open());
    assert!(h.state().session().document().is_none());

    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    // Replace what the field suggests with the typed path, then Enter.
    super::overwrite::type_path_and_enter(&mut h, &target);
    wait_idle(&mut h);
    assert!(!h.state().builtin_dialog_open());
    assert_eq!(h.state().session().path(), Some(target.as_path()));
    assert_eq!(h.state().session().document().unwrap().id, "note");
}

/// Selects the example's first word, "UNITED24" (0..8), as a user would
/// with the keyboard: Ctrl+Home, then Ctrl+Shift+Right.
pub(super) fn select_first_word(h: &mut Harness<'static, MarginaliaApp>) {
    press(h, Modifiers::COMMAND, Key::Home, 1);
    press(h, Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight, 1);
    assert_eq!(h.state().selection(), Some((0, 8)), "UNITED24 is selected");
}

#[test]
fn ctrl_plus_and_minus_scale_the_whole_interface_and_leave_the_text_size_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(&example_copy(dir.path()), [1000.0, 700.0]);
    let text_size = h.state().prefs().font_size;
    let ppp_at_1 = h.ctx.pixels_per_point();

    press(&mut h, Modifiers::COMMAND, Key::Plus, 2);
    h.run();
    assert!(
        (h.ctx.zoom_factor() - 1.2).abs() < 1e-6,
        "two steps of 10 %"
    );
    assert!((h.state().zoom_factor() - 1.2).abs() < 1e-6);
    assert_eq!(
        h.state().prefs().font_size,
        text_size,
        "text size unchanged"
    );
    // Everything is drawn larger: each point is 1.2 times the pixels.
    let ppp = h.ctx.pixels_per_point();
    assert!((ppp / ppp_at_1 - 1.2).abs() < 1e-3, "{ppp_at_1} → {ppp}");

    press(&mut h, Modifiers::COMMAND, Key::Minus, 3);
    h.run();
    assert!((h.ctx.zoom_factor() - 0.9).abs() < 1e-6);
    press(&mut h, Modifiers::COMMAND, Key::Num0, 1);
    h.run();
    assert!(
        (h.ctx.zoom_factor() - 1.0).abs() < 1e-6,
        "Ctrl+0: actual size"
    );
    assert_eq!(h.state().prefs().zoom, 1.0, "remembered between runs");
}
