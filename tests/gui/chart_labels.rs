//! The Analysis view's charts name every category and follow the
//! codebook: each document's title (or attribute value) is under its
//! bars, turned or cut when long, with the whole name on hover, and the
//! legend lists the themes in codebook order, as the tables do.

use super::*;

/// A project of `n` documents with long titles, each with one span of
/// every theme of the default codebook (Health, Security, ICT, Trade: not
/// alphabetical), and a `year` attribute.
fn corpus(dir: &Path, n: usize) -> (PathBuf, Vec<String>) {
    let mut project = Project::with_default_codebook("Statements");
    let themes: Vec<String> = project.themes().iter().map(|t| t.id.clone()).collect();
    let mut titles = Vec::new();
    for i in 0..n {
        let title = format!(
            "Joint statement of the foreign ministers, meeting {}",
            i + 1
        );
        let text = "Health, security, ICT and trade were discussed at length.".to_owned();
        let spans = themes
            .iter()
            .enumerate()
            .map(|(k, t)| Span::new(k * 2, k * 2 + 5, t, "ana"))
            .collect();
        let doc = Document::new(format!("s{}", i + 1), title.clone(), text).with_spans(spans);
        Edit::AddDocument {
            index: i,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
        Edit::SetAttribute {
            doc: format!("s{}", i + 1),
            name: "year".into(),
            value: Some(format!("{}", 2010 + i % 3)),
        }
        .apply(&mut project)
        .unwrap();
        titles.push(title);
    }
    let path = dir.join("statements.ron");
    store::save(&project, &path).unwrap();
    (path, titles)
}

/// Opens the Analysis view (Ctrl+Shift+A) at `section`.
fn analysis_at(h: &mut Harness<'static, MarginaliaApp>, section: &str) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    h.run();
    h.get_by_label(section).click();
    h.run();
}

/// The status bar's top in the 800 px high test window (it names the open
/// document too).
const STATUS_TOP: f32 = 770.0;

/// The labels named `name` above the status bar.
fn labels_named(h: &Harness<'static, MarginaliaApp>, name: &str) -> Vec<egui::Rect> {
    h.query_all_by_label(name)
        .filter(|n| n.accesskit_node().role() == Role::Label)
        .map(|n| n.rect())
        .filter(|r| r.top() < STATUS_TOP)
        .collect()
}

/// The chart's category labels named `names`, left to right, with their
/// rectangles (each must be there once).
fn category_labels(h: &Harness<'static, MarginaliaApp>, names: &[String]) -> Vec<egui::Rect> {
    names
        .iter()
        .map(|name| {
            let found = labels_named(h, name);
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            found[0]
        })
        .collect()
}

/// The legend's entries (check boxes named by theme), top to bottom.
fn legend(h: &Harness<'static, MarginaliaApp>) -> Vec<String> {
    let mut entries: Vec<(f32, String)> = ["Health", "Security", "ICT", "Trade"]
        .into_iter()
        .filter_map(|t| {
            let n = h.query_by_role_and_label(Role::CheckBox, t)?;
            Some((n.rect().top(), t.to_owned()))
        })
        .collect();
    entries.sort_by(|a, b| a.0.total_cmp(&b.0));
    entries.into_iter().map(|(_, t)| t).collect()
}

#[test]
fn the_per_document_chart_names_every_document_and_its_legend_follows_the_codebook() {
    let dir = tempfile::tempdir().unwrap();
    let (path, titles) = corpus(dir.path(), 24);
    let mut h = harness(&path);
    analysis_at(&mut h, "Per document");

    // Every title is there, once, left to right in document order, each
    // in its own column (no two overlap).
    let rects = category_labels(&h, &titles);
    for pair in rects.windows(2) {
        assert!(
            pair[0].right() <= pair[1].left() + 0.5,
            "in order, side by side: {pair:?}"
        );
    }
    // The long titles do not fit level under 24 bars: turned, so the strip
    // under the chart is taller than a row.
    assert!(rects[0].height() > 60.0, "{:?}", rects[0]);
    // Hovering a label gives the whole title.
    h.hover_at(rects[3].center());
    h.run();
    h.run();
    assert!(
        h.query_all_by_label(&titles[3]).count() >= 2,
        "a tooltip repeats the title"
    );

    assert_eq!(legend(&h), ["Health", "Security", "ICT", "Trade"]);
}

#[test]
fn two_hundred_documents_each_get_a_label_in_a_chart_that_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let (path, titles) = corpus(dir.path(), 200);
    let mut h = harness(&path);
    analysis_at(&mut h, "Per document");
    // The first ones are on screen, side by side and a text row apart at
    // least; the others are reached by scrolling.
    let first: Vec<egui::Rect> = titles[..10]
        .iter()
        .map(|t| {
            *labels_named(&h, t)
                .first()
                .unwrap_or_else(|| panic!("{t} is labelled"))
        })
        .collect();
    for pair in first.windows(2) {
        assert!(pair[1].center().x - pair[0].center().x >= 14.0, "{pair:?}");
    }
}

#[test]
fn the_per_attribute_chart_names_each_value_and_keeps_the_codebook_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = corpus(dir.path(), 6);
    let mut h = harness(&path);
    analysis_at(&mut h, "Per attribute");
    let values: Vec<String> = ["2010", "2011", "2012"].map(str::to_owned).to_vec();
    let rects = category_labels(&h, &values);
    // Short values stay level: one text row high.
    assert!(rects.iter().all(|r| r.height() < 40.0), "{rects:?}");
    // Side by side without overlapping (each may fill its category, so
    // neighbours can touch; a hair of rounding is not an overlap).
    assert!(
        rects[0].right() <= rects[1].left() + 0.5 && rects[1].right() <= rects[2].left() + 0.5,
        "{rects:?}"
    );
    assert_eq!(legend(&h), ["Health", "Security", "ICT", "Trade"]);
}
