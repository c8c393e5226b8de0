//! The bundled example project: it loads and validates, is coded richly
//! enough to show what Marginalia does, holds exactly the corpus text, is
//! in canonical form, and every span quotes what Python would slice.

mod support;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use marginalia::model::{Document, Project, Span};
use marginalia::store;
use support::cli::{self, assert_ok};

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/projects/ru-cn-joint-statement-2020.ron"
);
const CORPUS_TEXT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/corpus/ru-cn-joint-statement-2020-09-11.txt"
);
const NBSP: char = '\u{a0}';

/// Runs the binary from the repository root.
fn run_here(args: &[&str]) -> Output {
    cli::run(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

// ---------------------------------------------------------------- helpers

fn example() -> Project {
    store::load(Path::new(EXAMPLE)).unwrap_or_else(|e| panic!("the example loads: {e}"))
}

/// The example's one document.
fn document(project: &Project) -> &Document {
    assert_eq!(project.documents().len(), 1, "one document");
    &project.documents()[0]
}

/// `text[start..end]` in code points, computed naively.
fn slice_by_chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn span_text<'d>(doc: &'d Document, span: &Span) -> &'d str {
    doc.span_text(span)
        .unwrap_or_else(|| panic!("span {}..{} fits the text", span.start, span.end))
}

fn overlap(a: &Span, b: &Span) -> bool {
    a.start < b.end && b.start < a.end
}

// ---------------------------------------------------------------- stories

#[test]
fn the_example_loads_validates_and_is_richly_coded() {
    let summary = assert_ok(&run_here(&["validate", EXAMPLE]));
    assert!(summary.starts_with("ok: "), "{summary}");
    assert!(summary.contains("1 document, 4 themes"), "{summary}");

    let project = example();
    let doc = document(&project);
    let spans = doc.spans().spans();
    assert!(spans.len() >= 40, "only {} spans", spans.len());
    assert!(
        summary.contains(&format!("{} spans", spans.len())),
        "{summary}"
    );

    let used: BTreeSet<&str> = spans.iter().map(|s| s.theme.as_str()).collect();
    let codebook: BTreeSet<&str> = project.themes().iter().map(|t| t.id.as_str()).collect();
    assert_eq!(codebook.len(), 4);
    assert_eq!(used, codebook, "every theme is used");

    let double_coded = spans.iter().enumerate().any(|(i, a)| {
        spans[i + 1..]
            .iter()
            .any(|b| overlap(a, b) && a.theme != b.theme)
    });
    assert!(double_coded, "no overlapping spans with different themes");

    assert!(
        spans.iter().any(|s| span_text(doc, s).contains("\n\n")),
        "no span crosses a paragraph break"
    );
    let notes = spans.iter().filter(|s| !s.note.trim().is_empty()).count();
    assert!(notes >= 3, "only {notes} notes");

    let stats: serde_json::Value =
        serde_json::from_str(&assert_ok(&run_here(&["stats", EXAMPLE, "--json"]))).unwrap();
    assert_eq!(stats["spans"], spans.len());
    assert_eq!(stats["code_points"], doc.text().len_chars());
}

#[test]
fn the_document_text_is_the_corpus_file_byte_for_byte() {
    let project = example();
    let doc = document(&project);
    let corpus = fs::read(CORPUS_TEXT).unwrap();
    assert!(
        doc.text().as_str().as_bytes() == corpus.as_slice(),
        "the document text differs from {CORPUS_TEXT}"
    );
    let source = doc.source.as_ref().expect("the example records its source");
    assert!(CORPUS_TEXT.ends_with(&source.path), "{}", source.path);
}

#[test]
fn offsets_around_no_break_spaces_are_code_points_not_bytes() {
    let project = example();
    let doc = document(&project);
    let text = doc.text().as_str();

    // A byte-offset bug would show here: each U+00A0 is two bytes in
    // UTF-8, so after the first one byte and code-point offsets part ways.
    let nbsp: Vec<(usize, usize)> = text
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| *c == NBSP)
        .map(|(cp, (byte, _))| (cp, byte))
        .collect();
    assert!(nbsp.len() >= 5, "only {} no-break spaces", nbsp.len());
    for (i, &(cp, byte)) in nbsp.iter().enumerate() {
        assert!(
            byte - cp >= i,
            "U+00A0 #{i}: byte {byte}, code point {cp}: too few extra bytes before it"
        );
        if i > 0 {
            assert_ne!(byte, cp, "U+00A0 #{i} at code point {cp}");
        }
        assert_eq!(doc.text().char_to_byte(cp), Some(byte));
        assert_eq!(doc.text().slice(cp, cp + 1), Some("\u{a0}"));
        // Read as a byte offset, the code-point offset lands elsewhere.
        if i > 0 {
            assert_ne!(text.get(cp..cp + 2), Some("\u{a0}"));
        }
    }

    let mut numbered = BTreeSet::new();
    let mut with_nbsp = 0;
    for span in doc.spans().spans() {
        let quoted = span_text(doc, span);
        if !quoted.contains(NBSP) {
            continue;
        }
        with_nbsp += 1;
        assert_eq!(
            quoted,
            slice_by_chars(text, span.start, span.end),
            "span {}..{}",
            span.start,
            span.end
        );
        // A span that starts a numbered paragraph ("4.\u{a0}We are ...")
        // starts with its number, read from the text by code points.
        let at_line_start =
            span.start == 0 || slice_by_chars(text, span.start - 1, span.start) == "\n";
        let digits: String = text
            .chars()
            .skip(span.start)
            .take_while(char::is_ascii_digit)
            .collect();
        if at_line_start && !digits.is_empty() {
            let prefix = format!("{digits}.{NBSP}");
            assert!(
                quoted.starts_with(&prefix),
                "span {}..{} should start with {prefix:?}: {quoted:?}",
                span.start,
                span.end
            );
            numbered.insert(digits.parse::<u32>().unwrap());
        }
    }
    assert!(with_nbsp >= 4, "only {with_nbsp} spans contain U+00A0");
    for n in [4, 6, 8, 10, 11] {
        assert!(
            numbered.contains(&n),
            "no span starts paragraph {n}: {numbered:?}"
        );
    }
}

#[test]
fn the_bundled_file_is_in_canonical_form() {
    let on_disk = fs::read_to_string(EXAMPLE).unwrap();
    let resaved = store::to_ron_string(&example()).unwrap();
    if resaved != on_disk {
        let first = on_disk
            .lines()
            .zip(resaved.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(on_disk.lines().count().min(resaved.lines().count()));
        panic!(
            "re-saving the example changes it, first at line {}:\n  on disk: {:?}\n  re-saved: {:?}",
            first + 1,
            on_disk.lines().nth(first),
            resaved.lines().nth(first)
        );
    }
}

#[test]
fn every_span_quotes_what_python_slices() {
    let project = example();
    let doc = document(&project);
    let spans = doc.spans().spans();
    let dir = tempfile::tempdir().unwrap();
    let pairs: Vec<[usize; 2]> = spans.iter().map(|s| [s.start, s.end]).collect();
    let pairs_file = dir.path().join("pairs.json");
    fs::write(&pairs_file, serde_json::to_string(&pairs).unwrap()).unwrap();

    let script = "import json, sys\n\
                  text = open(sys.argv[1], encoding='utf-8', newline='').read()\n\
                  pairs = json.load(open(sys.argv[2], encoding='utf-8'))\n\
                  sys.stdout.write(json.dumps([text[s:e] for s, e in pairs]))\n";
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(CORPUS_TEXT)
        .arg(&pairs_file)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 is needed to check spans against Python's slicing (CI installs it), but it could not be run: {e}")
        });
    assert!(
        output.status.success(),
        "python3 failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let slices: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(slices.len(), spans.len());
    for (span, python) in spans.iter().zip(&slices) {
        assert_eq!(
            span_text(doc, span),
            python,
            "span {}..{} ({})",
            span.start,
            span.end,
            span.theme
        );
    }
}
