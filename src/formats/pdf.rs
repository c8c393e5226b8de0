//! The text layer of a PDF (`.pdf` import), page after page in the order
//! each page draws it (`pdf-extract`), lines and paragraphs kept.
//!
//! The file is parsed once (`lopdf`, which `pdf-extract` works on), then
//! checked, then its pages' text extracted. The extractor stops with a
//! panic (an `expect`) on many malformed files, so a bad file meets two
//! lines of defence, and either way is refused in plain words, naming what
//! is wrong, with nothing printed about panics:
//!
//! 1. [`check`] refuses what the extractor is known not to survive before
//!    it runs: no pages, a page that is not a page, a page tree that loops
//!    back on itself, a page without a usable `MediaBox`, and a reference,
//!    anywhere a page's text is drawn from, to an object the file lacks.
//! 2. The extraction runs under [`panic_guard::contain`]: a panic not
//!    foreseen above becomes [`PdfError::Unfollowable`], with the hook
//!    silent for that call only.
//!
//! The check walks only the objects the pages use, each once, and reads
//! no stream's content, so a well-formed file costs the same as before.

use std::collections::HashSet;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::panic_guard::{self, Caught};

/// Why a PDF gives no document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The pages hold no text, only images (a scan) or nothing at all.
    #[error(
        "the PDF has no text layer (its pages are images, e.g. a scan), so there is no text \
         to import; run it through OCR first (e.g. `ocrmypdf IN.pdf OUT.pdf`) and import the result"
    )]
    NoTextLayer,
    /// The file is not a PDF Marginalia can parse, or its structure is
    /// broken (the message says where).
    #[error("not a readable PDF: {0}")]
    Unreadable(String),
    /// The text extractor gave up on the file in a way [`check`] did not
    /// foresee; `caught` says where (for a bug report).
    #[error(
        "not a readable PDF: its structure is broken in a way the text extractor cannot \
         follow (it stopped at: {})",
        caught.message
    )]
    Unfollowable { caught: Caught },
}

/// The text layer of a PDF: each page's text in the order the page draws
/// it, lines kept, trailing spaces and runs of blank lines trimmed (a
/// blank line between paragraphs and pages).
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, PdfError> {
    let pages = panic_guard::contain(|| pdf_pages(bytes))
        .map_err(|caught| PdfError::Unfollowable { caught })??;
    let text = pages
        .iter()
        .map(|page| tidy_pdf_text(page))
        .filter(|page| !page.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    if text.is_empty() {
        return Err(PdfError::NoTextLayer);
    }
    Ok(text)
}

/// Each page's text as the extractor lays it out.
fn pdf_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    let unreadable = |e: &dyn std::fmt::Display| PdfError::Unreadable(e.to_string());
    let mut doc = Document::load_mem(bytes).map_err(|e| unreadable(&e))?;
    if doc.is_encrypted() {
        // Encrypted for permissions only, with an empty user password,
        // opens; anything else needs its password.
        doc.decrypt("").map_err(|e| {
            PdfError::Unreadable(format!("the file is encrypted and needs a password ({e})"))
        })?;
    }
    let count = check(&doc)?;
    (1..=count)
        .map(|page| {
            let mut text = String::new();
            let mut out = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&doc, &mut out, page)
                .map_err(|e| PdfError::Unreadable(format!("page {page}: {e}")))?;
            Ok(text)
        })
        .collect()
}

/// Checks that the extractor can walk `doc`: it has pages, each page is
/// a dictionary whose `Parent` chain ends, with a `MediaBox` of four
/// numbers (its own or inherited), and no object its text is drawn from
/// (resources, fonts, content streams) refers to an object the file
/// lacks. Returns the number of pages.
pub fn check(doc: &Document) -> Result<u32, PdfError> {
    let bad = |m: String| PdfError::Unreadable(m);
    let pages = doc.get_pages();
    if pages.is_empty() {
        let why = if doc.catalog().is_err() {
            "its trailer names no document catalog (Root)"
        } else {
            "its page tree (Pages) is missing or empty"
        };
        return Err(bad(format!("the file has no pages: {why}")));
    }
    let mut seen = HashSet::new();
    for (&number, &id) in &pages {
        let Ok(Object::Dictionary(page)) = doc.get_object(id) else {
            return Err(bad(format!(
                "page {number} (object {}) is not a page dictionary",
                show(id)
            )));
        };
        // The page and its ancestors, nearest first; what the extractor
        // inherits (Resources, MediaBox) is looked up along this chain.
        let chain = ancestors(doc, number, id, page)?;
        let media_box = chain.iter().find_map(|d| number_box(doc, d, b"MediaBox"));
        let art_box = number_box(doc, page, b"ArtBox");
        let problem = match (media_box, art_box) {
            (None, _) => Some("has no MediaBox, the size of the page".to_owned()),
            (Some(Err(why)), _) => Some(format!("has a MediaBox that {why}")),
            (_, Some(Err(why))) => Some(format!("has an ArtBox that {why}")),
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(bad(format!(
                "page {number} (object {}) {problem}",
                show(id)
            )));
        }
        let mut todo: Vec<(ObjectId, &Object)> = Vec::new();
        for dict in &chain {
            for key in [&b"Resources"[..], b"Contents", b"MediaBox", b"ArtBox"] {
                if let Ok(o) = dict.get(key) {
                    todo.push((id, o));
                }
            }
        }
        references_resolve(doc, number, todo, &mut seen)?;
    }
    Ok(pages.len() as u32)
}

/// `page` and the dictionaries of its `Parent` chain, nearest first;
/// refused when the chain loops or names something that is not a node.
fn ancestors<'a>(
    doc: &'a Document,
    number: u32,
    id: ObjectId,
    page: &'a Dictionary,
) -> Result<Vec<&'a Dictionary>, PdfError> {
    let mut chain = vec![page];
    let mut visited = HashSet::from([id]);
    let mut node = page;
    while let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) {
        if !visited.insert(parent) {
            return Err(PdfError::Unreadable(format!(
                "page {number}: its page tree loops back to object {}",
                show(parent)
            )));
        }
        // The extractor stops climbing where the parent is not a
        // dictionary, and so does the check.
        let Ok(dict) = doc.get_dictionary(parent) else {
            break;
        };
        chain.push(dict);
        node = dict;
    }
    Ok(chain)
}

/// `None` when `dict` has no `key` array (for a `MediaBox` the extractor
/// then asks the parent), else whether it is four numbers, written out
/// (the extractor does not follow references there).
fn number_box(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<Result<(), String>> {
    let value = dict.get(key).ok()?;
    let Ok(Object::Array(items)) = doc.dereference(value).map(|(_, o)| o) else {
        return None;
    };
    let numbers = items
        .iter()
        .filter(|o| matches!(o, Object::Integer(_) | Object::Real(_)))
        .count();
    Some(if numbers != items.len() {
        Err("holds something that is not a number".into())
    } else if numbers < 4 {
        Err(format!("has {numbers} numbers, not four"))
    } else {
        Ok(())
    })
}

/// Follows every reference reachable from `todo` (pairs of the object
/// that holds a value and the value), each object once across the whole
/// document (`seen`); refused at the first one the file lacks. Page-tree
/// links (`Parent`) are not followed: [`ancestors`] walks those.
fn references_resolve<'a>(
    doc: &'a Document,
    page: u32,
    mut todo: Vec<(ObjectId, &'a Object)>,
    seen: &mut HashSet<ObjectId>,
) -> Result<(), PdfError> {
    while let Some((holder, object)) = todo.pop() {
        match object {
            Object::Reference(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match doc.objects.get(id) {
                    Some(target) => todo.push((*id, target)),
                    None => {
                        return Err(PdfError::Unreadable(format!(
                            "page {page} uses object {}, which refers to object {}, \
                             and the file has no object {}",
                            show(holder),
                            show(*id),
                            show(*id)
                        )));
                    }
                }
            }
            Object::Array(items) => todo.extend(items.iter().map(|o| (holder, o))),
            Object::Dictionary(dict) => push_values(&mut todo, holder, dict),
            Object::Stream(stream) => push_values(&mut todo, holder, &stream.dict),
            _ => {}
        }
    }
    Ok(())
}

fn push_values<'a>(todo: &mut Vec<(ObjectId, &'a Object)>, holder: ObjectId, dict: &'a Dictionary) {
    todo.extend(
        dict.iter()
            .filter(|(key, _)| key.as_slice() != b"Parent")
            .map(|(_, o)| (holder, o)),
    );
}

/// An object id as a PDF writes it: `5 0`.
fn show(id: ObjectId) -> String {
    format!("{} {}", id.0, id.1)
}

/// Line breaks normalised to `\n`, form feeds (page breaks) made blank
/// lines, trailing white space cut from each line, at most one blank line
/// in a row, none at either end.
fn tidy_pdf_text(raw: &str) -> String {
    let raw = raw.replace("\r\n", "\n").replace(['\r', '\u{c}'], "\n");
    let mut out = String::with_capacity(raw.len());
    let mut blank = 0;
    for line in raw.lines().map(|l| l.trim_end_matches([' ', '\t'])) {
        if line.trim().is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::documents::import;
    use crate::formats::pdf_fixture::{pdf_without_object, pdf_without_text};
    use crate::model::SourceKind;

    /// A two-page report with accents, a dash, a no-break space and an
    /// emoji: its text layer comes back line by line, paragraphs and pages
    /// separated by a blank line, and the source says it was a PDF.
    #[test]
    fn a_pdf_gives_its_text_layer_in_reading_order() {
        use crate::formats::pdf_fixture::pdf;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("Étude 2020.pdf");
        std::fs::write(
            &file,
            pdf(&[
                &[
                    "Grüße aus Köln – café naïve",
                    "second line\u{a0}kept 😀 done",
                    "",
                    "A new paragraph.",
                ],
                &["Page two: Ωmega"],
            ]),
        )
        .unwrap();
        let got = import(&file).unwrap();
        let doc = &got.documents[0];
        assert_eq!(
            doc.text,
            "Grüße aus Köln – café naïve\nsecond line\u{a0}kept 😀 done\n\n\
             A new paragraph.\n\nPage two: Ωmega"
        );
        assert_eq!(
            (doc.id.as_str(), doc.title.as_str()),
            ("Étude 2020", "Étude 2020")
        );
        let source = doc.source.as_ref().unwrap();
        assert_eq!(source.kind, Some(SourceKind::Pdf));
        assert_eq!(source.path, file.display().to_string());
    }

    #[test]
    fn a_scanned_pdf_is_refused_for_having_no_text_layer() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("scan.pdf");
        std::fs::write(&file, pdf_without_text()).unwrap();
        assert_eq!(
            pdf_to_text(&std::fs::read(&file).unwrap()),
            Err(PdfError::NoTextLayer)
        );
        let err = import(&file).unwrap_err();
        assert!(
            err.message.starts_with("the PDF has no text layer"),
            "{err}"
        );
        // Not a PDF at all: a different reason.
        std::fs::write(&file, "%PDF-1.7 and nothing else").unwrap();
        let err = import(&file).unwrap_err();
        assert!(err.message.starts_with("not a readable PDF"), "{err}");
    }

    /// The text of a one-page report whose composite font (for the emoji)
    /// is damaged, with `from` replaced by `to` (same length, so the
    /// cross-reference table still points at every object).
    fn damaged(from: &str, to: &str) -> Vec<u8> {
        assert_eq!(from.len(), to.len());
        let good = crate::formats::pdf_fixture::pdf(&[&["Report 😀"]]);
        let at = good
            .windows(from.len())
            .position(|w| w == from.as_bytes())
            .expect("the fixture holds the text to damage");
        let mut bad = good;
        bad[at..at + from.len()].copy_from_slice(to.as_bytes());
        bad
    }

    /// What the fuzzer found: a font whose descendant (object 5) is not in
    /// the file made the extractor panic with "missing object reference:
    /// ObjectNotFound((5, 0))". The check now refuses it first, naming
    /// the object that refers to it.
    #[test]
    fn a_reference_to_a_missing_object_is_refused_before_the_extractor_panics() {
        let bytes = pdf_without_object(&[&["Report 😀"]], 5);
        // Unchecked, the extractor panics on it.
        let doc = Document::load_mem(&bytes).unwrap();
        let unchecked = panic_guard::contain(|| {
            let mut text = String::new();
            let mut out = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&doc, &mut out, 1).map(drop)
        });
        let caught = unchecked.expect_err("the extractor panics on a dangling reference");
        assert!(
            caught.message.contains("missing object reference"),
            "{caught:?}"
        );
        assert_eq!(
            pdf_to_text(&bytes),
            Err(PdfError::Unreadable(
                "page 1 uses object 4 0, which refers to object 5 0, and the file has no \
                 object 5 0"
                    .into()
            ))
        );
        // Object 6 (the font's character map) and 7 (its descriptor):
        // each is named.
        for missing in [6, 7] {
            let err = pdf_to_text(&pdf_without_object(&[&["Report 😀"]], missing)).unwrap_err();
            assert!(
                err.to_string()
                    .contains(&format!("the file has no object {missing} 0")),
                "{err}"
            );
        }
        // A reference no page's text is drawn from (the trailer's document
        // information, after the cross-reference table) may dangle.
        let good = crate::formats::pdf_fixture::pdf(&[&["Report"]]);
        let trailer = good.windows(7).rposition(|w| w == b"trailer").unwrap();
        let mut info = good[..trailer].to_vec();
        info.extend_from_slice(
            &String::from_utf8_lossy(&good[trailer..])
                .replace("/Root 1 0 R", "/Root 1 0 R /Info 99 0 R")
                .into_bytes(),
        );
        assert_eq!(pdf_to_text(&info).unwrap(), "Report");
    }

    #[test]
    fn a_page_tree_that_loops_or_a_page_without_a_size_is_refused() {
        // The page names itself as its parent and has no MediaBox: the
        // extractor would climb for ever (a stack overflow, which no
        // panic guard can catch).
        let looping = damaged(
            "/Parent 2 0 R /MediaBox [0 0 612 792]",
            "/Parent 8 0 R                        ",
        );
        assert_eq!(
            pdf_to_text(&looping).unwrap_err().to_string(),
            "not a readable PDF: page 1: its page tree loops back to object 8 0"
        );
        let no_size = damaged("/MediaBox [0 0 612 792]", "                       ");
        assert_eq!(
            pdf_to_text(&no_size).unwrap_err().to_string(),
            "not a readable PDF: page 1 (object 8 0) has no MediaBox, the size of the page"
        );
        let short = damaged("/MediaBox [0 0 612 792]", "/MediaBox [0 0 612]    ");
        assert_eq!(
            pdf_to_text(&short).unwrap_err().to_string(),
            "not a readable PDF: page 1 (object 8 0) has a MediaBox that has 3 numbers, not four"
        );
        let word = damaged("/MediaBox [0 0 612 792]", "/MediaBox [0 0 612 /x] ");
        assert!(
            pdf_to_text(&word)
                .unwrap_err()
                .to_string()
                .ends_with("has a MediaBox that holds something that is not a number")
        );
        let no_pages = damaged("/Kids [8 0 R] /Count 1", "/Kids [] /Count 1     ");
        assert_eq!(
            pdf_to_text(&no_pages).unwrap_err().to_string(),
            "not a readable PDF: the file has no pages: its page tree (Pages) is missing or empty"
        );
    }

    /// A damage the check does not look for (a font encoding the
    /// extractor does not know) still ends in a refusal, with what the
    /// extractor said and where, and nothing printed.
    #[test]
    fn an_unforeseen_extractor_panic_is_a_refusal() {
        let bytes = damaged("/Encoding /WinAnsiEncoding", "/Encoding /XinAnsiEncoding");
        let Err(PdfError::Unfollowable { caught }) = pdf_to_text(&bytes) else {
            panic!("expected the extractor to give up");
        };
        assert!(caught.message.contains("unexpected encoding"), "{caught:?}");
        assert!(caught.location.contains("pdf-extract"), "{caught:?}");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("fonts.pdf");
        std::fs::write(&file, &bytes).unwrap();
        let err = import(&file).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!(
                "{}: not a readable PDF: its structure is broken in a way the text extractor \
                 cannot follow (it stopped at: unexpected encoding",
                file.display()
            )),
            "{err}"
        );
    }
}
