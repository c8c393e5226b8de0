//! Tests: Label Studio exports read and written, regions sliced back in
//! code points, configs, annotators and notes.

use serde_json::Value;

use super::*;
use crate::formats::export::{ExportFile, ExportReport, NOT_XML_CHARS};
use crate::formats::importer::{ImportError, Imported, ImportedSpan};
use crate::formats::{fixture, import::plan};
use crate::model::{Color, Project};

#[test]
fn labels_xml_cannot_hold_are_replaced_in_the_config_and_reported() {
    use crate::model::Theme;
    let theme = |id: &str, label: &str, description: &str| Theme {
        parent: None,
        rules: Vec::new(),
        id: id.into(),
        label: label.into(),
        color: Color::rgb(1, 2, 3),
        key: None,
        description: description.into(),
    };
    let project = Project::new(
        "p",
        vec![
            theme("bell", "Bell\u{7} 😀", ""),
            theme("fine", "Grüße\u{a0}Köln", "no\u{FFFF}t here"),
        ],
    );
    let (files, report) = fixture::export_default(&project, crate::formats::Format::LabelStudio);
    let config = std::str::from_utf8(&files[1].bytes).unwrap();
    assert!(
        config.contains("<Label value=\"Bell\u{FFFD} 😀\""),
        "{config}"
    );
    assert!(config.contains("<Label value=\"Grüße\u{a0}Köln\""));
    assert!(config.contains(" hint=\"no\u{FFFD}t here\""));
    let losses: Vec<(&str, &str, &str)> = report
        .losses
        .iter()
        .map(|l| (l.document.as_str(), l.kind, l.detail.as_str()))
        .collect();
    assert_eq!(
        losses,
        [
            (
                "(codebook)",
                NOT_XML_CHARS,
                "in the label of theme \"bell\" of label_config.xml"
            ),
            (
                "(codebook)",
                NOT_XML_CHARS,
                "in the description of theme \"fine\" of label_config.xml"
            ),
        ]
    );
}

fn export_fixture() -> (Vec<ExportFile>, ExportReport) {
    fixture::export_default(&fixture::project(), crate::formats::Format::LabelStudio)
}

fn write_files(files: &[ExportFile]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        std::fs::write(dir.path().join(&f.path), &f.bytes).unwrap();
    }
    dir
}

/// Imports `tasks` written as `x.json` (with `config` beside it).
fn read(tasks: &str, config: Option<&str>) -> Result<Imported, ImportError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.json"), tasks).unwrap();
    if let Some(c) = config {
        std::fs::write(dir.path().join(CONFIG), c).unwrap();
    }
    import(&dir.path().join("x.json"))
}

fn err(tasks: &str) -> String {
    let e = read(tasks, None).unwrap_err();
    format!("{}: {}", e.position.unwrap_or_default(), e.message)
}

#[test]
fn regions_slice_back_in_code_points_and_nothing_is_lost() {
    let p = fixture::project();
    let (files, report) = export_fixture();
    assert_eq!(report.losses, []);
    let names: Vec<_> = files.iter().map(|f| f.path.to_str().unwrap()).collect();
    assert_eq!(names, [TASKS, CONFIG]);
    let tasks: Value = serde_json::from_slice(&files[0].bytes).unwrap();
    let tasks = tasks.as_array().unwrap();
    assert_eq!(tasks.len(), 2);
    let mut got = Vec::new();
    for (task, d) in tasks.iter().zip(p.documents()) {
        assert_eq!(task["data"]["doc_id"], d.id.as_str());
        assert_eq!(task["data"]["title"], d.title.as_str());
        let text = task["data"]["text"].as_str().unwrap();
        assert_eq!(text, d.text().as_str());
        for a in task["annotations"].as_array().unwrap() {
            let who = a["marginalia_annotator"].as_str().unwrap();
            for r in a["result"].as_array().unwrap() {
                assert_eq!(
                    (&r["from_name"], &r["to_name"], &r["type"]),
                    (&"label".into(), &"text".into(), &"labels".into())
                );
                assert_eq!(r["id"].as_str().unwrap().len(), 10);
                let v = &r["value"];
                let (s, e) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
                // Code points, as Python and Label Studio's Text count them.
                let slice: String = text
                    .chars()
                    .skip(s as usize)
                    .take((e - s) as usize)
                    .collect();
                assert_eq!(v["text"], slice.as_str());
                let note = r["meta"]["text"][0].as_str().unwrap_or("").to_owned();
                got.push((
                    d.id.clone(),
                    s as usize,
                    e as usize,
                    v["labels"][0].as_str().unwrap().to_owned(),
                    who.to_owned(),
                    note,
                ));
            }
        }
    }
    got.sort();
    assert_eq!(got, fixture::span_rows(&p));
    // One annotation per annotator, in order of their first span.
    let who: Vec<_> = tasks[0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["marginalia_annotator"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["ana", "bo"]);
    let config = std::str::from_utf8(&files[1].bytes).unwrap();
    for t in p.themes() {
        assert!(
            config.contains(&format!(
                "<Label value=\"{}\" background=\"{}\"",
                t.label, t.color
            )),
            "{config}"
        );
    }
    assert!(config.contains("<Text name=\"text\" value=\"$text\"/>"));
}

#[test]
fn export_then_import_gives_back_spans_notes_annotators_and_colours() {
    let original = fixture::project();
    let (files, _) = export_fixture();
    let dir = write_files(&files);
    let imported = import(dir.path()).unwrap();
    assert_eq!(
        imported.documents[0].spans[0].position,
        "task 1, annotation 1, result 1"
    );
    let mut back = Project::new("x", vec![]);
    let (edit, summary) = plan(&back, &[(dir.path().to_owned(), imported)], "importer").unwrap();
    edit.apply(&mut back).unwrap();
    assert_eq!(summary.spans_added, 10);
    assert_eq!(fixture::span_rows(&back), fixture::span_rows(&original));
    for (a, b) in original.documents().iter().zip(back.documents()) {
        assert_eq!((&a.id, &a.title, a.text()), (&b.id, &b.title, b.text()));
    }
    for t in original.themes() {
        let u = back.find_theme(&t.label).unwrap();
        assert_eq!((u.color, &u.description), (t.color, &t.description));
    }
    // The tasks file alone reads the same spans.
    let alone = import(&dir.path().join(TASKS)).unwrap();
    assert_eq!(alone.documents.len(), 2);
}

#[test]
fn reads_label_studio_exports() {
    let got = read(
        r#"[{"id": 41, "data": {"title": "T", "review": "😀 Köln\nok"},
                 "annotations": [{"completed_by": 3, "was_cancelled": false, "result": [
                    {"id": "r1", "from_name": "l", "to_name": "t", "type": "labels",
                     "value": {"start": 2, "end": 9, "text": "Köln\\nok", "labels": ["A", "B"]},
                     "meta": {"text": ["first"]}},
                    {"id": "r1", "from_name": "n", "to_name": "t", "type": "textarea",
                     "value": {"text": ["second"]}},
                    {"id": "c", "from_name": "s", "to_name": "t", "type": "choices",
                     "value": {"choices": ["x"]}}]},
                  {"completed_by": {"id": 4, "email": "bo@example.org"}, "result": [
                    {"type": "labels", "value": {"start": 0, "end": 1, "labels": ["A"]}}]}],
                 "predictions": [{"result": [{"type": "labels",
                    "value": {"start": 0, "end": 1, "labels": ["P"]}}]}]},
                {"data": {"text": "x", "doc_id": "d2"},
                 "completions": [{"result": [{"type": "labels",
                    "value": {"start": 0, "end": 1, "labels": ["C"]}}]}]},
                {"data": {"text": "y"}}]"#,
        None,
    )
    .unwrap();
    let d = &got.documents[0];
    assert_eq!((d.id.as_str(), d.title.as_str()), ("41", "T"));
    assert_eq!(d.text, "😀 Köln\nok");
    let spans: Vec<_> = d.spans.iter().map(ImportedSpan::as_tuple).collect();
    assert_eq!(
        spans,
        [
            (2, 9, "A", Some("Label Studio user 3"), "first\nsecond"),
            (2, 9, "B", Some("Label Studio user 3"), "first\nsecond"),
            (0, 1, "A", Some("bo@example.org"), ""),
        ]
    );
    assert_eq!(got.documents[1].id, "d2");
    assert_eq!(got.documents[1].spans[0].label, "C");
    assert_eq!(got.documents[2].id, "task-3");
    assert!(got.documents[2].spans.is_empty());
}

#[test]
fn a_config_beside_names_the_text_field_and_gives_colours() {
    let config = "<View>\n  <Labels name=\"l\" toName=\"t\">\n    \
                  <Label value=\"A &amp; B\" background=\"#102030\" hint=\"two&#10;lines\"/>\n    \
                  <Label value=\"C\" background=\"red\"/>\n    \
                  <Label value=\"Köln 😀\" background=\"#F0a\"/>\n  </Labels>\n  \
                  <Text name=\"t\" value=\"$body\"/>\n</View>\n";
    let got = read(
        r#"{"data": {"summary": "no", "body": "yes"}, "annotations": []}"#,
        Some(config),
    )
    .unwrap();
    assert_eq!(got.documents[0].text, "yes");
    assert_eq!(got.themes.len(), 3);
    assert_eq!(got.themes[0].label, "A & B");
    assert_eq!(got.themes[0].color, Some(Color::rgb(0x10, 0x20, 0x30)));
    assert_eq!(got.themes[0].description, "two\nlines");
    assert_eq!(got.themes[1].color, None);
    // The short form Label Studio's own configs use.
    assert_eq!(got.themes[2].label, "Köln 😀");
    assert_eq!(got.themes[2].color, Some(Color::rgb(0xff, 0x00, 0xaa)));
    // Without a config, the first string field in file order.
    let got = read(r#"[{"data": {"summary": "no", "body": "yes"}}]"#, None).unwrap();
    assert_eq!(got.documents[0].text, "no");
    // The column of the stray end tag counts characters, not bytes.
    let e = read("[]", Some("<View><Label value=\"Köln😀\"></View>")).unwrap_err();
    assert_eq!(e.file.file_name().unwrap(), CONFIG);
    assert_eq!(e.position.as_deref(), Some("line 1, column 28"));
}

#[test]
fn malformed_exports_are_refused_with_the_position() {
    assert_eq!(
        err("[{\"data\": {\"text\": \"a\"}},\n {\"data\": }]"),
        "line 2, column 11: not valid JSON: expected value"
    );
    assert_eq!(
        err("[{\"data\": \"a\"}]"),
        "line 1, column 13: not valid JSON: invalid type: string \"a\", expected an object"
    );
    assert_eq!(err("[{}]"), "task 1: the task has no \"data\"");
    assert_eq!(
        err("\"x\""),
        ": expected a JSON array of Label Studio tasks"
    );
    assert_eq!(
        err(r#"[{"data": {"text": "abc"}, "annotations": [{"result": [
                {"type": "labels", "value": {"start": -1, "end": 2, "labels": ["A"]}}]}]}]"#),
        "task 1, annotation 1, result 1: start -1 is not a non-negative integer"
    );
    assert_eq!(
        err(
            r#"[{"data": {"text": "abc"}}, {"data": {"text": "abc"}, "annotations": [{"result": [
                {"type": "choices"},
                {"type": "labels", "value": {"start": 0, "end": 2, "labels": []}}]}]}]"#
        ),
        "task 2, annotation 1, result 2: the region has no labels"
    );
    assert_eq!(
        err(
            r#"[{"data": {"text": "😀 Köln, ja"}, "annotations": [{}, {"result": [
                {"type": "labels", "value": {"start": 3, "end": 7, "text": "Köln", "labels": ["A"]}}]}]}]"#
        ),
        "task 1, annotation 2, result 1: its text is \"Köln\" but code points 3..7 of the \
         document are \"öln,\"; the offsets fit if counted in UTF-16 code units (JavaScript \
         string indices), but Marginalia reads code points (Python str indices)"
    );
    let dir = tempfile::tempdir().unwrap();
    let e = import(dir.path()).unwrap_err();
    assert!(e.message.contains("no tasks.json"), "{e}");
}
