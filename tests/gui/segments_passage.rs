//! The Segments view shows each coded passage whole: wrapped to the
//! view's width with its context dimmed around it, Chinese and Arabic as
//! much as English; filtering, opening a passage and exporting still work.
//! No Arabic or CJK font is needed: a character without one is drawn as a
//! box of its own width, and what is checked is where text goes.

use super::*;

const CHINESE: &str = "双方认为，构建人类命运共同体的理念具有重要现实意义，愿共同维护以联合国为核心的国际体系，坚持多边主义，反对单边主义和保护主义。";
const ARABIC: &str = "أكد الجانبان على أهمية التعاون في مجال الصحة العامة ومكافحة الجائحة، ودعم منظمة الصحة العالمية.";

/// A project of three documents, each with one span of Health: a
/// Chinese sentence, an Arabic one, and a long English passage.
fn three_scripts(dir: &Path) -> (PathBuf, Vec<(String, String)>) {
    let long = "The sides stand for preventing interstate conflicts that may be triggered by the illegal use of ICT and again declare the UN's key role in countering the threats to international information security, and they welcome the formation of the open-ended working group.";
    let docs = [
        (
            "zh",
            "联合声明",
            format!("前言。{CHINESE}结束。"),
            "人类命运共同体的理念具有重要现实意义",
        ),
        (
            "ar",
            "بيان مشترك",
            format!("مقدمة. {ARABIC} خاتمة."),
            "التعاون في مجال الصحة العامة",
        ),
        (
            "en",
            "Joint statement",
            format!("Before it. {long} After it."),
            long,
        ),
    ];
    let mut project = Project::with_default_codebook("Scripts");
    let mut passages = Vec::new();
    for (i, (id, title, text, passage)) in docs.iter().enumerate() {
        let start = text[..text.find(passage).unwrap()].chars().count();
        let end = start + passage.chars().count();
        let doc = Document::new(*id, *title, text.clone())
            .with_spans(vec![Span::new(start, end, "health", "ana")]);
        Edit::AddDocument {
            index: i,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
        passages.push((title.to_string(), passage.to_string()));
    }
    let path = dir.join("scripts.ron");
    store::save(&project, &path).unwrap();
    (path, passages)
}

/// The result row showing `passage` (a button named by title, range,
/// theme and passage).
fn row(h: &Harness<'static, MarginaliaApp>, passage: &str) -> egui::Rect {
    let rows: Vec<egui::Rect> = h
        .query_all_by_label_contains(&format!(": {passage}"))
        .filter(|n| n.accesskit_node().role() == Role::Button)
        .map(|n| n.rect())
        .collect();
    assert_eq!(rows.len(), 1, "{passage}: {rows:?}");
    rows[0]
}

/// The query's "Words in the passage" field (named by its hint).
fn words_field<'h>(h: &'h Harness<'static, MarginaliaApp>) -> egui_kittest::Node<'h> {
    h.get_all_by_role(Role::TextInput)
        .find(|n| n.accesskit_node().placeholder() == Some("Words in the passage"))
        .expect("the words field")
}

#[test]
fn every_passage_shows_whole_and_wrapped_in_any_script_and_still_filters_opens_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (path, passages) = three_scripts(dir.path());
    let out = dir.path().join("segments.csv");
    let dialogs = ScriptedDialogs::new(vec![Some(out.clone())]);
    let mut h = harness_allowing_boxes(&path, dialogs);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();
    assert!(h.query_by_label("3 segments").is_some());

    // Each row is as wide as the view and no wider; the long passage
    // wraps onto several lines instead of being cut.
    let rects: Vec<egui::Rect> = passages.iter().map(|(_, p)| row(&h, p)).collect();
    let line = 18.0;
    for r in &rects {
        assert!(r.right() <= 1280.0 && r.width() > 300.0, "{r:?}");
        // The first line and at least one line of passage.
        assert!(r.height() >= 2.0 * line, "{r:?}");
    }
    assert!(
        rects[2].height() >= rects[0].height() + line,
        "the long passage takes more lines: {rects:?}"
    );
    // The rows are stacked, not overlapping.
    for pair in rects.windows(2) {
        assert!(pair[0].bottom() <= pair[1].top() + 0.5, "{pair:?}");
    }

    // Filtering by words in the passage keeps working, in any script.
    words_field(&h).focus();
    h.run();
    words_field(&h).type_text("الصحة");
    h.run();
    assert!(h.query_by_label("1 segment").is_some());
    row(&h, &passages[1].1);

    // Export writes the rows the view shows.
    h.get_by_label("CSV").click();
    h.run();
    let csv = fs::read_to_string(&out).unwrap();
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        1
    );
    assert!(csv.contains(&passages[1].1), "{csv}");

    // A click on the Arabic row opens its document at the span.
    h.get_all_by_label_contains(&format!(": {}", passages[1].1))
        .next()
        .unwrap()
        .click();
    h.run();
    let span = h
        .state()
        .selected_span()
        .cloned()
        .expect("a span is selected");
    let doc = h.state().session().document().unwrap();
    assert_eq!(doc.id, "ar");
    assert_eq!(doc.span_text(&span).unwrap(), passages[1].1);
}
