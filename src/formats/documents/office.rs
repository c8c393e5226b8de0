//! Word-processor files, read from their zip archive: `.docx`, the
//! paragraphs (`w:p`) of `word/document.xml`, tabs and line breaks kept,
//! deleted text (tracked changes) left out; `.odt`, the paragraphs and
//! headings of `content.xml`, with `text:s` spaces, tabs and line breaks.
//! Their XML is UTF-8.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;

use super::Readable;
use crate::formats::bounded_read::MAX_FILE_BYTES;
use crate::formats::importer::ImportError;
use crate::formats::xml::XmlFile;

/// A `.docx` file's paragraphs.
pub(super) fn read_docx(path: &Path, bytes: &[u8]) -> Result<Readable, ImportError> {
    let xml = zip_entry(path, bytes, "word/document.xml")?;
    Ok(Readable::utf8(docx_to_text(path, &xml)?))
}

/// An `.odt` file's paragraphs and headings.
pub(super) fn read_odt(path: &Path, bytes: &[u8]) -> Result<Readable, ImportError> {
    let xml = zip_entry(path, bytes, "content.xml")?;
    Ok(Readable::utf8(odt_to_text(path, &xml)?))
}

/// The entry `name` of the zip archive `bytes`, as text.
fn zip_entry(path: &Path, bytes: &[u8], name: &str) -> Result<String, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        ImportError::whole(
            path,
            format!("not a valid document (not a zip archive: {e})"),
        )
    })?;
    let entry = zip.by_name(name).map_err(|_| {
        ImportError::whole(
            path,
            format!("not a valid document: the archive has no {name}"),
        )
    })?;
    let mut xml = Vec::new();
    entry
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| ImportError::whole(path, format!("cannot unpack {name}: {e}")))?;
    if xml.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::whole(
            path,
            format!("{name} unpacks to more than Marginalia imports"),
        ));
    }
    String::from_utf8(xml).map_err(|e| {
        // The located refusal: "word/document.xml line 3, column 9: …".
        XmlFile::new(path, Some(name), e.as_bytes())
            .err()
            .unwrap_or_else(|| ImportError::whole(path, format!("{name} is not UTF-8 text")))
    })
}

/// What an element of a word-processor file means for the text.
enum Mark {
    Paragraph,
    Text,
    Tab,
    Break,
    Spaces,
    Skip,
    Other,
}

/// Paragraph text of a word-processor XML part; `mark` classifies each
/// element by its qualified name. With `direct`, text anywhere inside a
/// paragraph counts (ODT); without, only inside [`Mark::Text`] (DOCX).
fn xml_paragraphs(
    path: &Path,
    part: &str,
    xml: &str,
    direct: bool,
    mark: impl Fn(&[u8]) -> Mark,
) -> Result<String, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut paragraph = String::new();
    // Depth inside text-bearing elements, and inside skipped ones.
    let (mut in_text, mut skipped, mut in_paragraph) = (0usize, 0usize, 0usize);
    // Messages name the archive entry and the line: "word/document.xml
    // line 5, column 36: the XML is malformed: …".
    let file = XmlFile::new(path, Some(part), xml.as_bytes())?;
    let bad = |e: &dyn std::fmt::Display, at: u64| {
        file.error(at as usize, format!("the XML is malformed: {e}"))
    };
    let finish = |paragraph: &mut String, out: &mut String| {
        let p = paragraph.trim();
        if !p.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(p);
        }
        paragraph.clear();
    };
    loop {
        let reading = skipped == 0 && (in_text > 0 || (direct && in_paragraph > 0));
        match reader
            .read_event()
            .map_err(|e| bad(&e, reader.error_position()))?
        {
            Event::Start(e) => match mark(e.name().as_ref()) {
                Mark::Paragraph => {
                    if in_paragraph == 0 {
                        finish(&mut paragraph, &mut out);
                    }
                    in_paragraph += 1;
                }
                Mark::Text => in_text += 1,
                Mark::Skip => skipped += 1,
                _ => {}
            },
            Event::End(e) => match mark(e.name().as_ref()) {
                Mark::Paragraph => {
                    in_paragraph = in_paragraph.saturating_sub(1);
                    if in_paragraph == 0 {
                        finish(&mut paragraph, &mut out);
                    }
                }
                Mark::Text => in_text = in_text.saturating_sub(1),
                Mark::Skip => skipped = skipped.saturating_sub(1),
                _ => {}
            },
            Event::Empty(e) if skipped == 0 => match mark(e.name().as_ref()) {
                Mark::Tab => paragraph.push('\t'),
                Mark::Break => paragraph.push('\n'),
                Mark::Spaces => {
                    let n = e
                        .try_get_attribute("text:c")
                        .ok()
                        .flatten()
                        .and_then(|a| String::from_utf8_lossy(&a.value).parse::<usize>().ok())
                        .unwrap_or(1);
                    paragraph.extend(std::iter::repeat_n(' ', n.min(1000)));
                }
                Mark::Paragraph => finish(&mut paragraph, &mut out),
                _ => {}
            },
            Event::Text(t) if reading => {
                paragraph.push_str(
                    &t.xml10_content()
                        .map_err(|e| bad(&e, reader.buffer_position()))?,
                );
            }
            Event::CData(t) if reading => {
                paragraph.push_str(&t.decode().map_err(|e| bad(&e, reader.buffer_position()))?);
            }
            Event::GeneralRef(r) if reading => {
                let name = r.decode().map_err(|e| bad(&e, reader.buffer_position()))?;
                match r
                    .resolve_char_ref()
                    .map_err(|e| bad(&e, reader.buffer_position()))?
                {
                    Some(c) => paragraph.push(c),
                    None => paragraph.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_default(),
                    ),
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    finish(&mut paragraph, &mut out);
    Ok(out)
}

/// The paragraphs of a DOCX `word/document.xml`.
pub fn docx_to_text(path: &Path, xml: &str) -> Result<String, ImportError> {
    xml_paragraphs(path, "word/document.xml", xml, false, |name| match name {
        b"w:p" => Mark::Paragraph,
        b"w:t" => Mark::Text,
        b"w:tab" => Mark::Tab,
        b"w:br" | b"w:cr" => Mark::Break,
        b"w:del" | b"w:delText" | b"w:instrText" => Mark::Skip,
        _ => Mark::Other,
    })
}

/// The paragraphs and headings of an ODT `content.xml`.
pub fn odt_to_text(path: &Path, xml: &str) -> Result<String, ImportError> {
    xml_paragraphs(path, "content.xml", xml, true, |name| match name {
        b"text:p" | b"text:h" => Mark::Paragraph,
        b"text:tab" => Mark::Tab,
        b"text:line-break" => Mark::Break,
        b"text:s" => Mark::Spaces,
        b"text:note" | b"office:annotation" | b"text:tracked-changes" => Mark::Skip,
        _ => Mark::Other,
    })
}
