//! The format 2 field `documents[].source.kind`, the kind of
//! file a document was imported from. Written only when known, read back
//! by both load paths, and refused at its line when unknown.

use super::*;
use crate::formats::fixture;
use crate::model::SourceKind;

fn from_pdf() -> Project {
    let mut p = fixture::project();
    let source = p.documents[0]
        .source
        .as_mut()
        .expect("the fixture has a source");
    source.path = "reports/Étude 😀.pdf".into();
    source.kind = Some(SourceKind::Pdf);
    p
}

#[test]
fn a_pdf_source_kind_is_written_as_format_2_and_read_back_on_both_paths() {
    let plain = to_ron_string(&fixture::project()).unwrap();
    assert!(
        plain.contains("format: 1,") && !plain.contains("kind:"),
        "{plain}"
    );
    let text = to_ron_string(&from_pdf()).unwrap();
    assert!(text.starts_with("(\n    format: 2,"), "{text}");
    assert!(text.contains("kind: Some(\"pdf\")"), "{text}");
    assert_eq!(fast::load(&text).as_ref(), Some(&from_pdf()));
    assert_eq!(validate::validate(&text), Ok(from_pdf()));
    // Every kind survives a round trip.
    for kind in SourceKind::ALL {
        let mut p = from_pdf();
        p.documents[0].source.as_mut().unwrap().kind = Some(kind);
        let text = to_ron_string(&p).unwrap();
        assert_eq!(from_ron_str(&text), Ok(p), "{kind:?}");
    }
}

#[test]
fn a_format_1_source_without_kind_still_loads() {
    let text = to_ron_string(&fixture::project()).unwrap();
    let loaded = from_ron_str(&text).unwrap();
    assert_eq!(loaded.documents()[0].source.as_ref().unwrap().kind, None);
    assert_eq!(validate::validate(&text), Ok(fixture::project()));
}

#[test]
fn an_unknown_source_kind_is_refused_at_its_line() {
    let good = to_ron_string(&from_pdf()).unwrap();
    let bad = good.replace("kind: Some(\"pdf\")", "kind: Some(\"epub\")");
    assert_ne!(bad, good);
    assert_eq!(fast::load(&bad), None);
    let Err(FileError::Invalid(problems)) = validate::validate(&bad) else {
        panic!("accepted: {bad}")
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("source kind \"epub\" is not one of text, html, docx, odt, markdown, pdf"),
        "{problems:?}"
    );
    let line = problems[0].position.map(|p| p.line).expect("a line");
    let doc_line = bad[..bad.find("id: \"statement\"").unwrap()]
        .lines()
        .count();
    assert!(
        line >= doc_line.saturating_sub(1),
        "{problems:?} vs {doc_line}"
    );
}
