//! Findings from the command line, the rest: PDFs imported from the command line (their text
//! layer, with the source's kind recorded in the project file), and a
//! scanned PDF refused for having no text layer, the project untouched.

use super::*;
use marginalia::formats::pdf_fixture;
use marginalia::model::SourceKind;

#[test]
fn a_pdf_report_is_imported_with_its_text_layer_and_recorded_as_a_pdf() {
    let dir = new_study();
    fs::write(
        dir.path().join("Bericht 2020.pdf"),
        pdf_fixture::pdf(&[
            &[
                "Gemeinsame Erklärung – Gesundheit\u{a0}und Handel 😀",
                "zweite Zeile.",
            ],
            &["Seite zwei: Sicherheit."],
        ]),
    )
    .unwrap();
    assert_ok(&run(dir.path(), &["import", "p.ron", "Bericht 2020.pdf"]));
    let project = store::load(&dir.path().join("p.ron")).unwrap();
    let doc = &project.documents()[0];
    assert_eq!(doc.id, "bericht-2020");
    assert_eq!(
        doc.text().as_str(),
        "Gemeinsame Erklärung – Gesundheit\u{a0}und Handel 😀\nzweite Zeile.\n\nSeite zwei: Sicherheit."
    );
    let source = doc.source.as_ref().unwrap();
    assert_eq!(source.kind, Some(SourceKind::Pdf));
    assert!(source.path.ends_with("Bericht 2020.pdf"), "{source:?}");
    let file = fs::read_to_string(dir.path().join("p.ron")).unwrap();
    assert!(file.starts_with("(\n    format: 2,"), "{file}");
    assert!(file.contains("kind: Some(\"pdf\")"), "{file}");
    // Offsets after the emoji are code points: tag "zweite" and read it back.
    let start = doc.text().as_str().chars().position(|c| c == 'z').unwrap();
    assert_ok(&run(
        dir.path(),
        &[
            "tag",
            "p.ron",
            "--doc",
            "bericht-2020",
            "--start",
            &start.to_string(),
            "--end",
            &(start + 6).to_string(),
            "--theme",
            "trade",
            "--annotator",
            "ana",
        ],
    ));
    let tagged = store::load(&dir.path().join("p.ron")).unwrap();
    let d = &tagged.documents()[0];
    let span = &d.spans().spans()[0];
    assert_eq!(d.span_text(span), Some("zweite"));
}

#[test]
fn a_scanned_pdf_is_refused_for_having_no_text_layer_and_nothing_changes() {
    let dir = new_study();
    fs::write(dir.path().join("scan.pdf"), pdf_fixture::pdf_without_text()).unwrap();
    let stderr = assert_refused(
        dir.path(),
        &["import", "p.ron", "scan.pdf"],
        "scan.pdf: the PDF has no text layer (its pages are images, e.g. a scan)",
    );
    assert!(stderr.contains("OCR"), "{stderr}");
    // A file that only claims to be a PDF: another reason, same refusal.
    fs::write(dir.path().join("fake.pdf"), "%PDF-1.7 nothing follows").unwrap();
    assert_refused(
        dir.path(),
        &["import", "p.ron", "fake.pdf"],
        "fake.pdf: not a readable PDF",
    );
}
