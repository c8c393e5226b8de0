//! Right-to-left and mixed lines in the document view, fonts found by
//! coverage, and readable overlapping spans: the stories of every script in the window.
//! Fonts are found through fontconfig among the subsetted fonts shipped
//! in `tests/fonts/` (never the machine's), so nothing needs installing.

use super::*;

const ARABIC: &str = "وقالت منظمة الصحة العالمية إن الأمن الصحي أولوية مشتركة.";
const MIXED: &str = "The WHO said \"الأمن الصحي\" means health security (2021).";
const CHINESE: &str = "中国外交部表示，全球卫生安全需要各国合作。";

/// A note in Arabic, mixed Arabic–English and Chinese, with the window's
/// system fonts on; `spans` are (text, occurrence, theme index).
fn multilingual(dir: &Path, spans: &[(&str, usize, usize)]) -> Harness<'static, MarginaliaApp> {
    let mut h = multilingual_window(dir, spans, false);
    wait_idle(&mut h);
    for c in ['و', '中'] {
        assert!(
            marginalia::ui::fonts::has_glyph(&h.ctx, c),
            "no font in tests/fonts covers {c:?}: add it to tests/fonts/subset.sh"
        );
    }
    h.run();
    h
}

/// The multilingual note's window; with `boxes_allowed`, a character with
/// no font yet is drawn as a box (as in the app) instead of failing the
/// test, so frames do not wait for the font lookups.
fn multilingual_window(
    dir: &Path,
    spans: &[(&str, usize, usize)],
    boxes_allowed: bool,
) -> Harness<'static, MarginaliaApp> {
    let path = dir.join("note.ron");
    let mut p = Project::with_default_codebook("Note");
    let text = format!("{ARABIC}\n{MIXED}\n{CHINESE}\n");
    Edit::AddDocument {
        index: 0,
        document: Box::new(Document::new("note", "Note", text.clone())),
    }
    .apply(&mut p)
    .unwrap();
    for &(needle, nth, theme) in spans {
        let (a, b) = nth_range(&text, needle, nth);
        let theme = p.themes()[theme].id.clone();
        Edit::AddSpan {
            doc: "note".into(),
            span: Span::new(a, b, &theme, "tester"),
        }
        .apply(&mut p)
        .unwrap();
    }
    store::save(&p, &path).unwrap();
    marginalia::ui::fonts::use_test_fonts();
    let mut builder = Harness::builder();
    if boxes_allowed {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder
        .with_size([1280.0, 800.0])
        .with_max_steps(200)
        // Two clicks a few frames apart are never a double click.
        .with_step_dt(0.2)
        .build_eframe(move |cc| {
            MarginaliaApp::new(
                &cc.egui_ctx,
                AppOptions {
                    project: Some(path),
                    prefs: prefs(),
                    dialogs: ScriptedDialogs::new(vec![]),
                    system_fonts: true,
                },
            )
        });
    h.run();
    h
}

/// Code points `a..b` of the `nth` occurrence of `needle` in `text`.
fn nth_range(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (byte, _) = text.match_indices(needle).nth(nth).expect("needle in text");
    let a = text[..byte].chars().count();
    (a, a + needle.chars().count())
}

/// A point inside code point `o`'s glyph, near the edge where the code
/// point starts (the right edge in a right-to-left run).
fn leading_point(h: &Harness<'static, MarginaliaApp>, o: usize, rtl: bool) -> Pos2 {
    let rects = h.state().view().rects_for(o, o + 1);
    assert_eq!(rects.len(), 1, "code point {o} has one glyph rectangle");
    let r = rects[0];
    let x = if rtl {
        r.right() - r.width() * 0.25
    } else {
        r.left() + r.width() * 0.25
    };
    Pos2::new(x, r.center().y)
}

fn click(h: &mut Harness<'static, MarginaliaApp>, pos: Pos2) {
    h.hover_at(pos);
    h.run();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
}

/// Every code point of `line` (starting at `start`) is hit at its own
/// glyph: its rectangle is disjoint from its neighbours', the pointer there
/// maps back to it, and a click there puts the caret before it.
fn every_code_point_hits_its_glyph(
    h: &mut Harness<'static, MarginaliaApp>,
    start: usize,
    line: &str,
) {
    let chars: Vec<char> = line.chars().collect();
    let doc = document_rect(h);
    for (i, c) in chars.iter().enumerate() {
        let o = start + i;
        let rtl = marginalia_rtl(*c, i, &chars);
        let p = leading_point(h, o, rtl);
        assert!(doc.contains(p), "{c:?} at {o} is drawn inside the view");
        assert_eq!(
            h.state().view().char_at(p),
            Some(o),
            "glyph of {c:?} at {o}"
        );
        click(h, p);
        assert_eq!(
            h.state().view().cursor(),
            o,
            "a click on {c:?} puts the caret at {o}"
        );
    }
    // Glyph rectangles of distinct code points do not overlap.
    let rects: Vec<egui::Rect> = (0..chars.len())
        .map(|i| h.state().view().rects_for(start + i, start + i + 1)[0])
        .collect();
    for (i, a) in rects.iter().enumerate() {
        for (j, b) in rects.iter().enumerate().skip(i + 1) {
            let overlap = a.intersect(*b);
            assert!(
                overlap.width() < 0.5 || overlap.height() < 0.5,
                "{:?} ({i}) and {:?} ({j}) overlap",
                chars[i],
                chars[j]
            );
        }
    }
}

/// Whether `c` sits in a right-to-left run of the test lines: Arabic
/// letters, and the spaces and punctuation between Arabic words.
fn marginalia_rtl(c: char, i: usize, chars: &[char]) -> bool {
    let arabic = |c: char| ('\u{0600}'..='\u{06FF}').contains(&c);
    if arabic(c) {
        return true;
    }
    let before = chars[..i]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace() && **c != '.');
    let after = chars[i + 1..]
        .iter()
        .find(|c| !c.is_whitespace() && **c != '.');
    // In the Arabic paragraph every neutral resolves right to left; in
    // the mixed line only those between two Arabic letters.
    chars.first().is_some_and(|c| arabic(*c))
        || (before.is_some_and(|c| arabic(*c)) && after.is_some_and(|c| arabic(*c)))
}

#[test]
fn every_code_point_of_an_arabic_line_is_hit_at_its_own_glyph() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual(dir.path(), &[]);
    every_code_point_hits_its_glyph(&mut h, 0, ARABIC);

    // Shown right to left and right-aligned: the first word's letters go
    // leftwards from the right edge, the final full stop is leftmost.
    let view = h.state().view();
    let first = view.rects_for(0, 1)[0];
    let second = view.rects_for(1, 2)[0];
    let stop = ARABIC.chars().count() - 1;
    let full_stop = view.rects_for(stop, stop + 1)[0];
    assert!(second.right() <= first.left() + 0.5);
    assert!(full_stop.right() < second.left());
    assert!(document_rect(&h).right() - first.right() < 40.0);
}

#[test]
fn every_code_point_of_a_mixed_arabic_english_line_is_hit_at_its_own_glyph() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual(dir.path(), &[]);
    let start = ARABIC.chars().count() + 1;
    every_code_point_hits_its_glyph(&mut h, start, MIXED);

    // English reads left to right, the quoted Arabic right to left inside
    // it, and the brackets after it stay in order.
    let (a, _) = nth_range(MIXED, "الأمن", 0);
    let (s, _) = nth_range(MIXED, "الصحي", 0);
    let view = h.state().view();
    let first_word = view.rects_for(start + a, start + a + 5)[0];
    let second_word = view.rects_for(start + s, start + s + 5)[0];
    assert!(second_word.right() <= first_word.left() + 0.5);
    let (m, _) = nth_range(MIXED, "means", 0);
    assert!(view.rects_for(start + m, start + m + 1)[0].left() > first_word.right());
}

#[test]
fn a_span_on_an_arabic_word_is_painted_over_that_words_glyphs() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual(dir.path(), &[]);
    // Find it and tag it, as the user did.
    let found = select_text(&mut h, "مشتركة");
    assert_eq!(found, nth_range(ARABIC, "مشتركة", 0));
    tag_as(&mut h, "Health");
    let span = h.state().session().document().unwrap().spans().spans()[0].clone();
    assert_eq!((span.start, span.end), found);
    h.key_press(Key::Escape);
    h.run();
    h.run();

    let view = h.state().view();
    let tint = view.rects_for(span.start, span.end);
    assert_eq!(tint.len(), 1, "one word, one rectangle");
    // The rectangle covers exactly the word's glyphs: each of its letters
    // is inside, its neighbours (the space before, the stop after) outside.
    for o in span.start..span.end {
        assert!(tint[0].contains(view.rects_for(o, o + 1)[0].center()));
    }
    for o in [span.start - 1, span.end] {
        assert!(!tint[0].contains(view.rects_for(o, o + 1)[0].center()));
    }
    // And that rectangle is what was painted in the theme's colour.
    let theme = &h.state().session().project().themes()[0];
    let fill =
        egui::Color32::from_rgba_unmultiplied(theme.color.r, theme.color.g, theme.color.b, 48);
    let painted = painted_rects(&h, fill);
    assert!(
        painted
            .iter()
            .any(|r| (r.min - tint[0].min).length() < 0.5 && (r.max - tint[0].max).length() < 0.5),
        "tint {:?} painted at {painted:?}",
        tint[0]
    );
}

/// Filled rectangles of colour `fill` in the last frame.
fn painted_rects(h: &Harness<'static, MarginaliaApp>, fill: egui::Color32) -> Vec<egui::Rect> {
    h.output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Rect(r) if r.fill == fill => Some(r.rect),
            _ => None,
        })
        .collect()
}

/// Texts painted inside the document view in the last frame.
fn painted_texts(h: &Harness<'static, MarginaliaApp>) -> Vec<(String, Pos2)> {
    let doc = document_rect(h);
    h.output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) if doc.contains(t.pos) => {
                Some((t.galley.text().to_owned(), t.pos))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn clicking_again_where_spans_overlap_cycles_through_them() {
    let dir = tempfile::tempdir().unwrap();
    // Security on "الأمن الصحي", Health on "الأمن الصحي أولوية".
    let mut h = multilingual(
        dir.path(),
        &[("الأمن الصحي", 0, 1), ("الأمن الصحي أولوية", 0, 0)],
    );
    let (a, _) = nth_range(ARABIC, "الأمن", 0);
    let p = h.state().view().rects_for(a + 1, a + 2)[0].center();
    let mut picked = Vec::new();
    for _ in 0..3 {
        click(&mut h, p);
        let s = h
            .state()
            .selected_span()
            .expect("a span is selected")
            .clone();
        picked.push((s.theme, s.end - s.start));
    }
    let themes = h.state().session().project().themes();
    let (health, security) = (themes[0].id.clone(), themes[1].id.clone());
    assert_eq!(
        picked,
        [(security.clone(), 11), (health, 18), (security, 11)],
        "innermost first, then the next, then round again"
    );

    // Where they overlap, the tint is the innermost theme's colour, never
    // a blend: no painted rectangle there has Health's tint.
    let t = &h.state().session().project().themes()[0];
    let health_tint = egui::Color32::from_rgba_unmultiplied(t.color.r, t.color.g, t.color.b, 48);
    let overlap = h.state().view().rects_for(a, a + 11)[0];
    assert!(
        painted_rects(&h, health_tint)
            .iter()
            .all(|r| r.intersect(overlap).width() < 1.0)
    );
}

#[test]
fn span_labels_name_each_theme_at_the_span_start_and_toggle_in_the_view_menu() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual(
        dir.path(),
        &[("全球卫生安全", 0, 0), ("health security", 0, 1)],
    );
    let labels = |h: &Harness<'static, MarginaliaApp>| -> Vec<String> {
        painted_texts(h)
            .into_iter()
            .filter(|(t, _)| t == "Health" || t == "Security")
            .map(|(t, _)| t)
            .collect()
    };
    assert!(labels(&h).is_empty(), "labels are off by default");

    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Span Labels").click();
    h.run();
    h.run();
    assert!(h.state().prefs().show_labels);
    let mut shown = labels(&h);
    shown.sort();
    assert_eq!(shown, ["Health", "Security"]);
    // Each label sits at its span's start.
    let text = h
        .state()
        .session()
        .document()
        .unwrap()
        .text()
        .as_str()
        .to_owned();
    let (hs, _) = nth_range(&text, "全球卫生安全", 0);
    let caret = h
        .state()
        .view()
        .caret_rect(hs)
        .expect("span start on screen");
    let (_, pos) = painted_texts(&h)
        .into_iter()
        .find(|(t, _)| t == "Health")
        .unwrap();
    assert!((pos.x - caret.left()).abs() < 6.0 && (pos.y - caret.top()).abs() < 6.0);

    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Span Labels").click();
    h.run();
    h.run();
    assert!(!h.state().prefs().show_labels);
    assert!(labels(&h).is_empty());
}

#[test]
fn chinese_shows_real_glyphs_from_a_system_font() {
    let dir = tempfile::tempdir().unwrap();
    let h = multilingual(dir.path(), &[]);
    // Every Chinese character of the note has a glyph in some loaded font
    // (found by coverage through fontconfig), so none is drawn as a box.
    for c in CHINESE.chars() {
        assert!(marginalia::ui::fonts::has_glyph(&h.ctx, c), "{c:?}");
    }
}

/// In the app a frame waits for the font lookups only briefly, so the
/// first frames may show boxes; the window then repaints by itself until
/// every script has its font.
#[test]
fn boxes_drawn_while_fonts_are_looked_up_turn_into_glyphs_without_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual_window(dir.path(), &[], true);
    let start = std::time::Instant::now();
    while h.state().fonts_busy() {
        assert!(start.elapsed().as_secs() < 30, "font lookups never end");
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    h.run();
    for c in ARABIC
        .chars()
        .chain(CHINESE.chars())
        .filter(|c| !c.is_whitespace())
    {
        assert!(marginalia::ui::fonts::has_glyph(&h.ctx, c), "{c:?}");
    }
    assert!(!h.state().fonts_busy(), "no lookup left once all are drawn");
}

#[test]
fn the_caret_moves_through_the_rows_the_view_draws_in_an_arabic_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual(dir.path(), &[]);
    let arabic = ARABIC.chars().count();
    let mixed = MIXED.chars().count();
    let p = leading_point(&h, 5, true);
    click(&mut h, p);
    assert_eq!(h.state().view().cursor(), 5);

    // Home and End go to the ends of the row (the line is one row here).
    h.key_press(Key::Home);
    h.run();
    assert_eq!(h.state().view().cursor(), 0);
    // The start of a right-to-left line is at its right.
    let start = h.state().view().caret_rect(0).unwrap();
    h.key_press(Key::End);
    h.run();
    assert_eq!(h.state().view().cursor(), arabic);
    let end = h.state().view().caret_rect(arabic).unwrap();
    assert!(end.left() < start.left());

    // Down keeps the caret's column, measured on the layout the view
    // draws: into the mixed line below, under where it was.
    h.key_press(Key::ArrowDown);
    h.run();
    let head = h.state().view().cursor();
    assert!((arabic + 1..=arabic + 1 + mixed).contains(&head), "{head}");
    let below = h.state().view().caret_rect(head).unwrap();
    assert!(below.top() > end.top());
    assert!(
        (below.left() - end.left()).abs() < 20.0,
        "{below:?} {end:?}"
    );
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().view().cursor(), arabic);
}

/// The span list shows an Arabic passage as the document does: its words
/// right to left (a plain label would show them in logical order), and
/// the row is still named, found and clicked by its text.
#[test]
fn the_span_list_shows_an_arabic_passage_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = multilingual(dir.path(), &[("الأمن الصحي", 0, 1)]);
    let (a, b) = nth_range(ARABIC, "الأمن الصحي", 0);
    let name = format!("{a}..{b} الأمن الصحي");
    let row = h.get_by_label(&name).rect();
    let in_row: Vec<(String, Pos2)> = h
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            egui::Shape::Text(t) if row.contains(t.pos + egui::Vec2::new(1.0, 1.0)) => {
                Some((t.galley.text().to_owned(), t.pos))
            }
            _ => None,
        })
        .collect();
    let x_of = |word: &str| {
        in_row
            .iter()
            .find(|(t, _)| t == word)
            .unwrap_or_else(|| panic!("{word:?} painted in the row: {in_row:?}"))
            .1
            .x
    };
    let range_x = in_row
        .iter()
        .find(|(t, _)| t.starts_with(&format!("{a}..{b}")))
        .expect("the range painted first")
        .1
        .x;
    // The first word read (logically first) is the rightmost.
    assert!(x_of("الأمن") > x_of("الصحي"), "{in_row:?}");
    assert!(range_x < x_of("الصحي"), "the range stays at the left");

    h.get_by_label(&name).click();
    h.run();
    let s = h.state().selected_span().expect("the row selects its span");
    assert_eq!((s.start, s.end), (a, b));
}
