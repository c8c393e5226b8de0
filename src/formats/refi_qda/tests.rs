use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quick_xml::events::Event;

use super::PROJECT_ENTRY;
use super::export::{export, zip_entries};
use super::import::import;
use crate::formats::export::NOT_XML_CHARS;
use crate::formats::export::{ExportJob, ExportOptions, Loss, Progress};
use crate::formats::fixture;
use crate::formats::import::ImportedSpan;
use crate::formats::import::plan;
use crate::model::{Color, Project};

fn export_with(project: &Project, options: &ExportOptions) -> (Vec<u8>, Vec<Loss>) {
    let mut job = ExportJob::new(project, options, Arc::new(Progress::default())).unwrap();
    let files = export(&mut job).unwrap();
    assert_eq!(files.len(), 1);
    (files[0].bytes.clone(), job.report.losses)
}

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            e.read_to_end(&mut b).unwrap();
            (e.name().to_owned(), b)
        })
        .collect()
}

/// Attributes of every element named `name`, in document order, with a
/// plain quick-xml pass (independent of the importer's tree).
fn elements(xml: &str, name: &str) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == name.as_bytes() => {
                out.push(
                    e.attributes()
                        .map(|a| {
                            let a = a.unwrap();
                            (
                                String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                a.unescape_value().unwrap().into_owned(),
                            )
                        })
                        .collect(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn is_guid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn selections_slice_the_source_files_in_code_points() {
    let project = fixture::project();
    let (bytes, losses) = export_with(&project, &ExportOptions::default());
    assert_eq!(losses, []);
    let entries = unzip(&bytes);
    assert_eq!(entries[0].0, "project.qde");
    let xml = String::from_utf8(entries[0].1.clone()).unwrap();
    let sources = elements(&xml, "TextSource");
    assert_eq!(sources.len(), 2);
    let users: HashMap<_, _> = elements(&xml, "User")
        .into_iter()
        .map(|u| (u["guid"].clone(), u["name"].clone()))
        .collect();
    assert_eq!(users.len(), 2);
    let codes: HashMap<_, _> = elements(&xml, "Code")
        .into_iter()
        .map(|c| (c["guid"].clone(), (c["name"].clone(), c["color"].clone())))
        .collect();
    for t in project.themes() {
        assert!(
            codes
                .values()
                .any(|(n, c)| n == &t.label && c == &t.color.to_string())
        );
    }
    let selections = elements(&xml, "PlainTextSelection");
    let code_refs = elements(&xml, "CodeRef");
    assert_eq!(selections.len(), 10);
    assert_eq!(code_refs.len(), 10);
    // Selections come in document order, each with its one CodeRef.
    let mut k = 0;
    for (d, source) in project.documents().iter().zip(&sources) {
        assert_eq!(source["name"], d.title);
        let file = source["plainTextPath"].strip_prefix("internal://").unwrap();
        assert!(is_guid(file.strip_suffix(".txt").unwrap()));
        let text = &entries
            .iter()
            .find(|(n, _)| *n == format!("sources/{file}"))
            .unwrap()
            .1;
        let text = String::from_utf8(text.clone()).unwrap();
        assert_eq!(text, d.text().as_str());
        for s in d.spans().spans() {
            let sel = &selections[k];
            let (start, end): (usize, usize) = (
                sel["startPosition"].parse().unwrap(),
                sel["endPosition"].parse().unwrap(),
            );
            let sliced: String = text.chars().skip(start).take(end - start).collect();
            assert_eq!(sliced, d.span_text(s).unwrap());
            assert_eq!(sel["name"], sliced);
            assert_eq!(users[&sel["creatingUser"]], s.annotator);
            let code = &codes[&code_refs[k]["targetGUID"]].0;
            assert_eq!(code, &project.theme(&s.theme).unwrap().label);
            assert!(is_guid(&sel["guid"]));
            k += 1;
        }
    }
    // Notes are the selections' descriptions, newline and quotes intact.
    assert!(xml.contains("<Description>crosses a \"line\" break\nand has two lines</Description>"));
    assert!(xml.contains("<TextValue>statement</TextValue>"));
}

#[test]
fn export_is_deterministic() {
    let project = fixture::project();
    let (a, _) = export_with(&project, &ExportOptions::default());
    let (b, _) = export_with(&project, &ExportOptions::default());
    assert_eq!(a, b);
}

#[test]
fn codebook_only_writes_the_codes() {
    let project = fixture::project();
    let options = ExportOptions {
        codebook_only: true,
        ..Default::default()
    };
    let (bytes, losses) = export_with(&project, &options);
    assert_eq!(losses, []);
    let xml = String::from_utf8(bytes).unwrap();
    assert!(xml.contains("<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\" origin=\"Marginalia\">"));
    assert!(!xml.contains("Source"));
    let codes = elements(&xml, "Code");
    assert_eq!(codes.len(), project.themes().len());
    assert_eq!(codes[0]["color"], "#2ea043");
    // And it reads back as themes only.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.qdc");
    std::fs::write(&path, &xml).unwrap();
    let imported = import(&path).unwrap();
    assert!(imported.documents.is_empty());
    let themes: Vec<_> = imported
        .themes
        .iter()
        .map(|t| (t.label.as_str(), t.color, t.description.as_str()))
        .collect();
    let expected: Vec<_> = project
        .themes()
        .iter()
        .map(|t| (t.label.as_str(), Some(t.color), t.description.as_str()))
        .collect();
    assert_eq!(themes, expected);
}

#[test]
fn characters_xml_cannot_hold_are_replaced_and_reported() {
    let mut project = Project::new("p", crate::model::default_codebook());
    crate::model::Edit::AddDocument {
        index: 0,
        document: Box::new(crate::model::Document::new("d", "bell\u{7}", "abc")),
    }
    .apply(&mut project)
    .unwrap();
    crate::model::Edit::AddSpan {
        doc: "d".into(),
        span: crate::model::Span::new(0, 2, "health", "ana").with_note("nul\u{0}"),
    }
    .apply(&mut project)
    .unwrap();
    let (bytes, losses) = export_with(&project, &ExportOptions::default());
    let details: Vec<_> = losses.iter().map(|l| (l.kind, l.detail.as_str())).collect();
    assert_eq!(
        details,
        [
            (NOT_XML_CHARS, "in the title"),
            (NOT_XML_CHARS, "in the note")
        ]
    );
    let xml = String::from_utf8(unzip(&bytes)[0].1.clone()).unwrap();
    assert!(xml.contains("name=\"bell\u{FFFD}\""));
    assert!(xml.contains("<Description>nul\u{FFFD}</Description>"));
}

fn round_trip(project: &Project) -> Project {
    let (bytes, _) = export_with(project, &ExportOptions::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.qdpx");
    std::fs::write(&path, bytes).unwrap();
    let imported = import(&path).unwrap();
    let mut back = Project::new("x", vec![]);
    let (edit, _) = plan(&back, &[(path, imported)], "importer").unwrap();
    edit.apply(&mut back).unwrap();
    back
}

#[test]
fn export_then_import_gives_back_the_project() {
    let project = fixture::project();
    let back = round_trip(&project);
    let spans = |p: &Project| -> Vec<_> {
        p.documents()
            .iter()
            .map(|d| {
                let spans: Vec<_> = d
                    .spans()
                    .spans()
                    .iter()
                    .map(|s| {
                        (
                            s.start,
                            s.end,
                            p.theme(&s.theme).unwrap().label.clone(),
                            s.annotator.clone(),
                            s.note.clone(),
                        )
                    })
                    .collect();
                (
                    d.id.clone(),
                    d.title.clone(),
                    d.text().as_str().to_owned(),
                    spans,
                )
            })
            .collect()
    };
    assert_eq!(spans(&back), spans(&project));
    let themes = |p: &Project| -> Vec<_> {
        p.themes()
            .iter()
            .map(|t| (t.label.clone(), t.color, t.description.clone()))
            .collect()
    };
    assert_eq!(themes(&back), themes(&project));
}

#[test]
fn the_codebook_tree_is_written_as_nested_codes_and_read_back_as_parents() {
    let mut project = fixture::project();
    let mut arms = crate::model::Theme::new("arms", "Arms control", Color::rgb(1, 2, 3));
    arms.parent = Some("security".into());
    let mut npt = crate::model::Theme::new("npt", "NPT", Color::rgb(4, 5, 6));
    npt.parent = Some("arms".into());
    crate::model::Edit::Batch(vec![
        crate::model::Edit::AddTheme {
            index: 9,
            theme: arms,
        },
        crate::model::Edit::AddTheme {
            index: 9,
            theme: npt,
        },
    ])
    .apply(&mut project)
    .unwrap();
    let (bytes, _) = export_with(&project, &ExportOptions::default());
    let qde = unzip(&bytes)
        .into_iter()
        .find(|(name, _)| name == PROJECT_ENTRY)
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .unwrap();
    // Security's element holds Arms control's, which holds NPT's.
    let security = qde.find("name=\"Security\"").unwrap();
    let arms = qde.find("name=\"Arms control\"").unwrap();
    let npt = qde.find("name=\"NPT\"").unwrap();
    assert!(security < arms && arms < npt);
    assert!(!qde[security..npt].contains("</Code>"), "{qde}");
    let back = round_trip(&project);
    let paths: Vec<String> = back
        .themes()
        .iter()
        .map(|t| back.theme_path(&t.id).unwrap())
        .collect();
    assert!(
        paths.contains(&"Security/Arms control/NPT".to_owned()),
        "{paths:?}"
    );
    assert!(back.find_theme("NPT").is_some());
}

fn qdpx(dir: &Path, qde: &str, sources: &[(&str, &str)]) -> PathBuf {
    let mut files = vec![(PROJECT_ENTRY.to_owned(), qde.to_owned())];
    files.extend(
        sources
            .iter()
            .map(|(n, t)| (format!("sources/{n}"), t.to_string())),
    );
    let path = dir.join("t.qdpx");
    std::fs::write(&path, zip_entries(&files).unwrap()).unwrap();
    path
}

const CODES: &str = r##"<CodeBook><Codes>
<Code guid="C1" name="Parent" isCodable="false" color="#abc"><Description>top</Description>
<Code guid="{C2}" name="Child" isCodable="true" color="#112233"/></Code>
</Codes></CodeBook>"##;

#[test]
fn reads_other_tools_projects() {
    let dir = tempfile::tempdir().unwrap();
    let qde = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="other">
<Users><User guid="U1" name="Zoë"/></Users>
{CODES}
<Sources>
<TextSource guid="S1" name="Inline"><PlainTextContent>a&#13;
b &amp; 😀c</PlainTextContent>
<PlainTextSelection guid="P1" startPosition="3" endPosition="8" creatingUser="u1">
<Description>two &lt;codes&gt;</Description>
<Coding guid="K1"><CodeRef targetGUID="c2"/></Coding>
<Coding guid="K2"><CodeRef targetGUID="C1"/></Coding>
<NoteRef targetGUID="N1"/>
</PlainTextSelection>
<Coding guid="K3"><CodeRef targetGUID="C1"/></Coding>
</TextSource>
<TextSource guid="S2" name="File" plainTextPath="internal://S2.txt"/>
<PictureSource guid="S3" path="internal://x.png"/>
</Sources>
<Notes><Note guid="N1"><PlainTextContent>see also</PlainTextContent></Note></Notes>
</Project>"#
    );
    let path = qdpx(dir.path(), &qde, &[("S2.txt", "\u{feff}from a file")]);
    let imported = import(&path).unwrap();
    let labels: Vec<_> = imported.themes.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["Parent", "Parent/Child"]);
    assert_eq!(imported.themes[0].color, Some(Color::rgb(0xaa, 0xbb, 0xcc)));
    assert_eq!(imported.themes[0].description, "top");
    assert_eq!(imported.documents.len(), 2);
    let d = &imported.documents[0];
    assert_eq!((d.id.as_str(), d.text.as_str()), ("Inline", "a\r\nb & 😀c"));
    let spans: Vec<_> = d.spans.iter().map(ImportedSpan::as_tuple).collect();
    assert_eq!(
        spans,
        [
            (3, 8, "Parent/Child", Some("Zoë"), "two <codes>\n\nsee also"),
            (3, 8, "Parent", Some("Zoë"), "two <codes>\n\nsee also"),
            (0, 9, "Parent", None, ""),
        ]
    );
    assert_eq!(imported.documents[1].text, "from a file");
    // The CRLF text: plan moves the offsets; "b & 😀" is 3..8 before.
    let mut p = Project::new("x", vec![]);
    let (edit, _) = plan(&p, &[(path, imported)], "me").unwrap();
    edit.apply(&mut p).unwrap();
    let d = &p.documents()[0];
    assert_eq!(d.span_text(&d.spans().spans()[1]).unwrap(), "b & 😀");
    // The nesting becomes the codebook tree, the child named by its own name.
    let child = p.find_theme("Child").unwrap();
    let parent = p.find_theme("Parent").unwrap();
    assert_eq!(child.parent.as_deref(), Some(parent.id.as_str()));
    assert_eq!(p.theme_path(&child.id).unwrap(), "Parent/Child");
}

/// A bare `project.qde` in `dir` with one source, `Doc`, whose text is
/// at `path`, and one span over its first character.
fn qde_naming(dir: &Path, path: &str) -> PathBuf {
    let qde = format!(
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\" basePath=\"/elsewhere\">\
         {CODES}<Sources><TextSource guid=\"S\" name=\"Doc\" plainTextPath=\"{path}\">\
         <PlainTextSelection guid=\"P\" startPosition=\"0\" endPosition=\"1\">\
         <Coding guid=\"K\"><CodeRef targetGUID=\"C1\"/></Coding></PlainTextSelection>\
         </TextSource></Sources></Project>"
    );
    let file = dir.join("project.qde");
    std::fs::write(&file, qde).unwrap();
    file
}

#[test]
fn internal_names_stay_inside_the_sources_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sources")).unwrap();
    std::fs::write(dir.path().join("sources/a.txt"), "Ä").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "S").unwrap();
    for ok in ["internal://a.txt", "internal:///a.txt", "Internal://a.txt"] {
        let imported = import(&qde_naming(dir.path(), ok)).unwrap();
        assert_eq!(imported.documents[0].text, "Ä", "{ok}");
    }
    let e = import(&qde_naming(dir.path(), "internal://b.txt")).unwrap_err();
    assert!(
        e.message.contains("internal://b.txt is not in the project"),
        "{e}"
    );
    for bad in ["internal://../secret.txt", "internal://x/../../secret.txt"] {
        let e = import(&qde_naming(dir.path(), bad)).unwrap_err();
        assert!(e.message.contains("not a file name inside"), "{bad}: {e}");
    }
}

#[test]
fn relative_paths_start_at_the_folder_of_the_imported_file_not_base_path() {
    // basePath names a folder on the machine that wrote the file; the
    // text is looked for beside the imported file instead.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("texts")).unwrap();
    std::fs::write(dir.path().join("texts/a b.txt"), "😀 and\nmore").unwrap();
    for path in [
        "relative://texts/a b.txt",
        "relative:///texts/a b.txt",
        "relative://texts\\a b.txt",
        "relative://texts/../texts/./a b.txt",
    ] {
        let imported = import(&qde_naming(dir.path(), path)).unwrap();
        let d = &imported.documents[0];
        assert_eq!(d.text, "😀 and\nmore", "{path}");
        assert_eq!(d.spans[0].as_tuple().0..d.spans[0].as_tuple().1, 0..1);
    }
}

#[test]
fn refuses_broken_files_saying_where() {
    let dir = tempfile::tempdir().unwrap();
    let err = |path: &Path| import(path).unwrap_err().to_string();

    let not_zip = dir.path().join("n.qdpx");
    std::fs::write(&not_zip, "hello").unwrap();
    let e = err(&not_zip);
    assert!(
        e.contains("n.qdpx: not a REFI-QDA project: a .qdpx file is a zip archive"),
        "{e}"
    );

    let truncated = dir.path().join("cut.qdpx");
    let (bytes, _) = export_with(&fixture::project(), &ExportOptions::default());
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert!(
        err(&truncated).contains("cannot be opened"),
        "{}",
        err(&truncated)
    );

    let no_qde = dir.path().join("e.qdpx");
    std::fs::write(
        &no_qde,
        zip_entries(&[("a.txt".into(), "x".into())]).unwrap(),
    )
    .unwrap();
    assert!(err(&no_qde).ends_with("the archive has no project.qde"));

    let bad = qdpx(
        dir.path(),
        "<Project name=\"p\">\n  <Sources>\n    <TextSource name=\"a\"></Source>\n</Project>",
        &[],
    );
    let e = err(&bad);
    assert!(
        e.contains(": project.qde line 3, column 26: malformed XML: ill-formed document: expected `</TextSource>`, but `</Source>` was found"),
        "{e}"
    );

    let unclosed = qdpx(dir.path(), "<Project name=\"p\">\n  <Sources>", &[]);
    let e = err(&unclosed);
    assert!(
        e.contains("project.qde line 2, column 3: malformed XML: <Sources> is not closed"),
        "{e}"
    );

    let qde = format!(
        "<Project name=\"p\">{CODES}<Sources>\n<TextSource guid=\"S\" name=\"Short\">\
         <PlainTextContent>abc</PlainTextContent>\n\
         <PlainTextSelection guid=\"P\" startPosition=\"1\" endPosition=\"9\">\
         <Coding guid=\"K\"><CodeRef targetGUID=\"C1\"/></Coding></PlainTextSelection>\
         </TextSource></Sources></Project>"
    );
    let past = qdpx(dir.path(), &qde, &[]);
    let e = err(&past);
    assert!(
        e.contains("project.qde line 6, column 1: TextSource \"Short\": the selection 1..9 does not fit its text (3 characters)"),
        "{e}"
    );

    let unknown = qdpx(
        dir.path(),
        &qde.replace("targetGUID=\"C1\"", "targetGUID=\"C9\"")
            .replace("\"9\"", "\"2\""),
        &[],
    );
    let e = err(&unknown);
    assert!(
        e.contains("CodeRef targetGUID \"C9\" is not a code of the codebook"),
        "{e}"
    );

    let missing = qdpx(
        dir.path(),
        "<Project name=\"p\"><Sources><TextSource guid=\"S\" name=\"Gone\" plainTextPath=\"internal://S.txt\"/></Sources></Project>",
        &[],
    );
    let e = err(&missing);
    assert!(
        e.contains(
            "project.qde line 1, column 28: TextSource \"Gone\": its text internal://S.txt is not in the project"
        ),
        "{e}"
    );
}
