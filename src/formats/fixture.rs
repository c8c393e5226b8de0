//! The project every format is tested on (unit, golden and reader tests):
//! non-ASCII letters, astral-plane emoji, a document imported from a CRLF
//! file, a tab, spans crossing line breaks, overlapping spans (of different
//! and of the same theme), a span that ends inside a word, notes, and two
//! annotators.

// Test code only: `formats/mod.rs` declares this module under
// `#[cfg(any(test, feature = "test-hooks"))]`; should that gate ever go, a
// shipped build stops here instead of carrying the fixture.
#[cfg(not(any(test, feature = "test-hooks")))]
compile_error!("a test fixture is compiled into the shipped library");

use std::path::{Path, PathBuf};

use super::importer::{ImportError, Imported};
use crate::model::{Document, Edit, Project, Span};

/// The first document's file as it was on disk: Windows-1252 would lose the
/// emoji, so UTF-8 with CRLF line endings.
pub const CRLF_SOURCE: &str = "Grüße aus Köln 😀: the ministers met.\r\n\
Health and «security» go together;\tthe e-commerce deal 🎉 was signed.\r\n\
Żółć, naïve café — trade and ICT.\r\n";

/// The second document: one line, no spans by the second annotator.
pub const SECOND: &str = "Vaccines 💉 and data centres: both matter.";

/// The text of each span of `d`, in the document's order (tests).
pub fn span_texts(d: &Document) -> Vec<&str> {
    d.spans()
        .spans()
        .iter()
        .map(|s| d.span_text(s).expect("a span within its text"))
        .collect()
}

/// The fixture project.
pub fn project() -> Project {
    let mut p = Project::with_default_codebook("Fixture «formats»");
    let decoded = super::text::decode(Path::new("statement.txt"), CRLF_SOURCE.as_bytes())
        .expect("the fixture decodes");
    let mut d1 = Document::new("statement", "Statement (CRLF)", decoded.text);
    d1.source = Some(crate::model::Source {
        path: "statement.txt".into(),
        encoding: decoded.encoding,
        bom: decoded.bom,
        line_endings: decoded.line_endings,
        kind: None,
    });
    let d2 = Document::new("second", "Second «doc»", SECOND);
    for (index, d) in [d1, d2].into_iter().enumerate() {
        Edit::AddDocument {
            index,
            document: Box::new(d),
        }
        .apply(&mut p)
        .expect("fixture documents are valid");
    }
    let text = p.documents()[0].text().as_str().to_owned();
    let at = |needle: &str| {
        let b = text.find(needle).expect("needle in fixture");
        let start = text[..b].chars().count();
        (start, start + needle.chars().count())
    };
    let mut spans = Vec::new();
    let mut add = |doc: &str, (s, e): (usize, usize), theme: &str, who: &str, note: &str| {
        spans.push((doc.to_owned(), Span::new(s, e, theme, who).with_note(note)));
    };
    // Non-ASCII and an emoji inside.
    add("statement", at("Grüße aus Köln 😀"), "ict", "ana", "");
    // Crosses the first line break, with a note that has quotes and a newline.
    add(
        "statement",
        at("ministers met.\nHealth"),
        "health",
        "ana",
        "crosses a \"line\" break\nand has two lines",
    );
    // Overlaps the one above with another theme.
    add(
        "statement",
        at("Health and «security»"),
        "security",
        "bo",
        "",
    );
    // Same theme overlapping: a single IOB column cannot hold both.
    add(
        "statement",
        at("Health and «security» go"),
        "health",
        "bo",
        "",
    );
    // Across the tab, ending with the emoji.
    add(
        "statement",
        at("together;\tthe e-commerce deal 🎉"),
        "trade",
        "ana",
        "",
    );
    // Ends inside a word ("com|merce"), so it does not fit token boundaries.
    add("statement", at("e-com"), "ict", "bo", "partial word");
    // Crosses the second line break.
    add("statement", at("signed.\nŻółć"), "trade", "bo", "");
    add("statement", at("ICT"), "ict", "ana", "");
    let second = |needle: &str| {
        let b = SECOND.find(needle).expect("needle in second");
        let start = SECOND[..b].chars().count();
        (start, start + needle.chars().count())
    };
    add("second", second("Vaccines 💉"), "health", "ana", "");
    add("second", second("data centres"), "ict", "ana", "");
    for (doc, span) in spans {
        Edit::AddSpan { doc, span }
            .apply(&mut p)
            .expect("fixture spans are valid");
    }
    p
}

/// Exports `project` in `format` with default options: the files and the
/// report (panics on an error, for tests).
pub fn export_default(
    project: &Project,
    format: super::Format,
) -> (Vec<super::ExportFile>, super::ExportReport) {
    super::export_files(project, format, &Default::default(), Default::default())
        .unwrap_or_else(|e| panic!("{format} export failed: {e}"))
}

/// Every span of a project as (document, start, end, label, annotator,
/// note), sorted: what a round trip must give back.
pub type SpanRows = Vec<(String, usize, usize, String, String, String)>;

/// The spans of `p` as [`SpanRows`], for comparing after a round trip.
pub fn span_rows(p: &Project) -> SpanRows {
    let mut out: SpanRows = p
        .documents()
        .iter()
        .flat_map(|d| {
            d.spans().spans().iter().map(|s| {
                (
                    d.id.clone(),
                    s.start,
                    s.end,
                    p.theme(&s.theme)
                        .map_or(s.theme.clone(), |t| t.label.clone()),
                    s.annotator.clone(),
                    s.note.clone(),
                )
            })
        })
        .collect();
    out.sort();
    out
}

/// `content` written to a file called `name` in a new temporary folder
/// (importer tests); the folder goes when the guard is dropped.
pub fn file_with(name: &str, content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("a temporary file");
    (dir, path)
}

/// What `import` makes of a file called `name` holding `content`.
pub fn import_str(
    import: fn(&Path) -> Result<Imported, ImportError>,
    name: &str,
    content: &str,
) -> Result<Imported, ImportError> {
    let (_dir, path) = file_with(name, content);
    import(&path)
}

/// What a refusal says after the file name.
pub fn refusal(e: &ImportError) -> String {
    let s = e.to_string();
    s.split_once(": ").map_or(s.clone(), |(_, m)| m.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixture_has_what_the_format_tests_need() {
        let p = project();
        let d = &p.documents()[0];
        assert_eq!(
            d.source.as_ref().unwrap().line_endings,
            crate::model::LineEndings::Crlf
        );
        assert!(!d.text().as_str().contains('\r'));
        let texts = span_texts(d);
        assert!(texts.iter().any(|t| t.contains('😀')));
        assert_eq!(texts.iter().filter(|t| t.contains('\n')).count(), 2);
        assert_eq!(p.span_count(), 10);
    }
}
