//! Findings in the window: a corpus of documents (many at once, dropped
//! or picked, a documents list that scales, attributes), the Segments view
//! and the Analysis view.

use super::*;
use marginalia::analysis::{cooccur, segments, stats};

/// A file dropped on the window.
#[derive(Debug)]
pub(super) struct Dropped(pub(super) PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Focuses the text field labelled `label` and types `text` into it.
fn type_into(h: &mut Harness<'static, MarginaliaApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run();
}

/// Clicks with the mouse at the centre of `rect`.
pub(super) fn click_at(h: &mut Harness<'static, MarginaliaApp>, rect: egui::Rect) {
    let pos = rect.center();
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

/// A folder of statements as an analyst receives them: CRLF text with a
/// no-break space and an emoji, a Markdown file in a sub-folder, and a
/// scan that is no text.
fn statements_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("statements");
    fs::create_dir_all(folder.join("2015")).unwrap();
    fs::write(
        folder.join("2020.txt"),
        "Health\u{a0}security 😀 first.\r\nTrade second.\r\n",
    )
    .unwrap();
    fs::write(
        folder.join("2015").join("minutes.md"),
        "# Minutes\n\nICT and energy.\n",
    )
    .unwrap();
    fs::write(folder.join("scan.png"), [0x89, b'P', b'N', b'G']).unwrap();
    folder
}

#[test]
fn dropping_a_folder_and_a_file_imports_them_all_as_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let folder = statements_folder(dir.path());
    let loose = dir.path().join("memo.txt");
    fs::write(&loose, "A memo about vaccines 💉.").unwrap();
    let mut h = harness(&path);
    let before = h.state().session().project().documents().len();

    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(folder.clone())));
    h.input_mut().dropped_files.push(Arc::new(Dropped(loose)));
    h.run();
    wait_idle(&mut h);

    let project = h.state().session().project();
    assert_eq!(project.documents().len(), before + 3);
    let texts: Vec<&str> = project.documents()[before..]
        .iter()
        .map(|d| d.text().as_str())
        .collect();
    assert!(texts.contains(&"Health\u{a0}security 😀 first.\nTrade second.\n"));
    assert!(texts.contains(&"A memo about vaccines 💉."));
    let (msg, is_error) = h.state().message().unwrap();
    assert!(!is_error && msg.contains("3 documents added"), "{msg}");
    assert!(
        msg.contains("statements: skipped scan.png: not a text document"),
        "{msg}"
    );

    // One step: a single undo takes all three out again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().session().project().documents().len(), before);
}

/// A project of `n` short documents, "Statement 1" … "Statement n", each
/// with one span per ten documents in its number.
fn many_documents(dir: &Path, n: usize) -> PathBuf {
    let mut project = Project::with_default_codebook("Corpus");
    for i in 0..n {
        let text = format!("Statement number {} on trade 😀 and health.", i + 1);
        let spans = (0..(i % 7))
            .map(|k| Span::new(k, k + 5, "trade", "ana"))
            .collect();
        let doc = Document::new(format!("s{}", i + 1), format!("Statement {}", i + 1), text)
            .with_spans(spans);
        Edit::AddDocument {
            index: i,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
    }
    let path = dir.join("corpus.ron");
    store::save(&project, &path).unwrap();
    path
}

#[test]
fn the_documents_list_draws_only_what_is_on_screen_and_filters_thousands() {
    let dir = tempfile::tempdir().unwrap();
    let path = many_documents(dir.path(), 2000);
    let mut h = harness(&path);
    // Only the rows on screen are in the window at all.
    assert!(h.query_by_label("Statement 1 (0)").is_some());
    assert!(h.query_by_label("Statement 1500 (1)").is_none());

    type_into(&mut h, "Documents", "1500");
    h.run();
    assert!(h.query_by_label("Statement 1500 (1)").is_some());
    assert!(h.query_by_label("Statement 1 (0)").is_none());
    assert!(h.query_by_label("1 of 2000 documents").is_some());

    h.get_by_label("Statement 1500 (1)").click();
    h.run();
    assert_eq!(h.state().session().document().unwrap().id, "s1500");
}

#[test]
fn attributes_are_added_changed_and_undone_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    h.get_by_label(&format!("Attributes of {DOC}")).click();
    h.run();
    type_into(&mut h, "Attribute", "year");
    type_into(&mut h, "Value", "2020");
    h.run();
    h.get_by_label("Add").click();
    h.run();
    let doc = h.state().session().project().document(DOC).unwrap();
    assert_eq!(doc.attribute("year"), Some("2020"));

    h.get_by_label("Edit").click();
    h.run();
    // The menu line also shows its shortcut.
    h.query_all_by_label_contains("Undo")
        .next()
        .unwrap()
        .click();
    h.run();
    let doc = h.state().session().project().document(DOC).unwrap();
    assert_eq!(doc.attribute("year"), None);
}

#[test]
fn segments_view_lists_passages_opens_one_and_exports_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let out = dir.path().join("health.csv");
    let dialogs = ScriptedDialogs::new(vec![Some(out.clone())]);
    let mut h = harness_with(Some(&path), dialogs, prefs());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::G);
    h.run();

    // Every span of the project is a row until the query narrows it.
    let project = h.state().session().project().clone();
    let all = segments::segments(&project, &segments::Query::default()).unwrap();
    assert!(
        h.query_by_label(&marginalia::model::plural(all.len(), "segment", "segments"))
            .is_some()
    );

    h.get_by_label("Themes").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Health").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    let query = segments::Query {
        themes: vec![project.find_theme("Health").unwrap().id.clone()],
        ..Default::default()
    };
    let health = segments::segments(&project, &query).unwrap();
    assert!(!health.is_empty() && health.len() < all.len());
    assert!(
        h.query_by_label(&marginalia::model::plural(
            health.len(),
            "segment",
            "segments"
        ))
        .is_some()
    );

    h.get_by_label("CSV").click();
    h.run();
    let csv = fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("document,start,end,theme,label,annotator,note,text\n"));
    let records = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(records, health.len());

    // A click on the first row opens its document at the span.
    let first = health[0].span.clone();
    // The top row of the result (the title also shows elsewhere).
    let row = h
        .get_all_by_label(&health[0].document.title)
        .map(|n| n.rect())
        .filter(|r| r.left() > 250.0 && r.top() < 700.0)
        .min_by(|a, b| a.top().total_cmp(&b.top()))
        .unwrap();
    click_at(&mut h, row);
    assert_eq!(h.state().selected_span(), Some(&first));
    assert!(
        h.query_by_role_and_label(Role::Document, "Document")
            .is_some(),
        "the document is shown"
    );
}

#[test]
fn analysis_view_shows_the_matrices_from_the_same_figures_as_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_copy(dir.path());
    let mut h = harness(&path);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    h.run();
    let project = h.state().session().project().clone();
    let cells = stats::by_document(&project);
    let busiest = cells.iter().max_by_key(|c| c.spans).unwrap();
    assert!(busiest.spans > 0);
    assert!(h.query_all_by_label(&busiest.spans.to_string()).count() > 0);

    h.get_by_label("Co-occurrence").click();
    h.run();
    let m = cooccur::cooccurrence(&project);
    let id = &project.find_theme("Health").unwrap().id;
    let health = m.themes.iter().position(|t| t == id).unwrap();
    let count = m.counts[health][health].to_string();
    assert!(h.query_all_by_label(&count).count() > 0, "{count}");
}
