//! Documents as analysts receive them: web pages (`.html`, `.htm`), word
//! processor files (`.docx`, `.odt`) and Markdown (`.md`), read as plain
//! text with their paragraphs kept (paragraphs separated by a blank line).
//!
//! - HTML goes through an HTML5 tokenizer (`html5ever`): the readable
//!   text, with scripts, styles, navigation, headers, footers, asides and
//!   forms dropped, white space collapsed as a browser does (a no-break
//!   space is kept), and a paragraph break after each block element. The
//!   page's `<title>` becomes the document title.
//! - `.docx`: the paragraphs (`w:p`) of `word/document.xml`; tabs and line
//!   breaks kept, deleted text (tracked changes) left out.
//! - `.odt`: the paragraphs and headings of `content.xml`, with `text:s`
//!   spaces, tabs and line breaks.
//! - `.md`: read as text, like a `.txt` (the markup stays visible).
//! - `.pdf`: the text layer, page after page in the order the page draws
//!   it, lines and paragraphs kept (see [`super::pdf`], which also refuses
//!   a malformed PDF in plain words). A PDF without a text layer (a scan)
//!   is refused with [`PdfError::NoTextLayer`].
//!
//! The source records the file's path, its [`SourceKind`], and `UTF-8`
//! for the zipped formats, whose XML is UTF-8, and for PDFs, whose text
//! layer is Unicode.

use std::cell::RefCell;
use std::io::{Cursor, Read};
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, TagToken, Token, TokenSink, TokenSinkResult,
    Tokenizer, TokenizerOpts,
};
use quick_xml::events::Event;

use super::bounded_read::{MAX_FILE_BYTES, read_file};
use super::importer::{ImportError, Imported, ImportedDocument};
pub use super::pdf::PdfError;
use super::pdf::pdf_to_text;
use super::text::decode;
use super::xml::XmlFile;
use crate::model::{LineEndings, Source, SourceKind};

/// The kinds of document this module reads, by extension.
pub const EXTENSIONS: [&str; 6] = ["html", "htm", "docx", "odt", "md", "pdf"];

/// Whether `path` names a document this module reads.
pub fn reads(path: &Path) -> bool {
    extension(path).is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}

/// Reads one HTML, DOCX, ODT, Markdown or PDF file as a document.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let ext = extension(path).unwrap_or_default();
    let bytes = read_file(path)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (text, title, encoding, bom) = match ext.as_str() {
        "html" | "htm" => {
            let decoded = decode_text(path, &bytes)?;
            let (text, title) = html_to_text(&decoded.0);
            (text, title, decoded.1, decoded.2)
        }
        "docx" => {
            let xml = zip_entry(path, &bytes, "word/document.xml")?;
            (docx_to_text(path, &xml)?, None, "UTF-8".into(), false)
        }
        "odt" => {
            let xml = zip_entry(path, &bytes, "content.xml")?;
            (odt_to_text(path, &xml)?, None, "UTF-8".into(), false)
        }
        "pdf" => {
            let text = pdf_to_text(&bytes).map_err(|e| ImportError::whole(path, e.to_string()))?;
            (text, None, "UTF-8".into(), false)
        }
        _ => {
            let decoded = decode_text(path, &bytes)?;
            (decoded.0, None, decoded.1, decoded.2)
        }
    };
    if text.trim().is_empty() {
        return Err(ImportError::whole(
            path,
            "the file holds no readable text (nothing but markup, scripts or white space)",
        ));
    }
    Ok(Imported {
        documents: vec![ImportedDocument {
            id: stem.clone(),
            title: title.filter(|t| !t.is_empty()).unwrap_or(stem),
            text,
            source: Some(Source {
                path: path.display().to_string(),
                encoding,
                bom,
                line_endings: LineEndings::Lf,
                kind: SourceKind::from_extension(&ext),
            }),
            spans: Vec::new(),
        }],
        themes: Vec::new(),
        warnings: Vec::new(),
    })
}

/// The file decoded as text (encoding detected as for `.txt`), with its
/// encoding name and whether it had a BOM; line endings normalised.
fn decode_text(path: &Path, bytes: &[u8]) -> Result<(String, String, bool), ImportError> {
    let decoded = decode(path, bytes).map_err(|e| {
        let message = e.to_string();
        let prefix = format!("{}: ", path.display());
        ImportError::whole(path, message.strip_prefix(&prefix).unwrap_or(&message))
    })?;
    Ok((decoded.text, decoded.encoding, decoded.bom))
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

// ------------------------------------------------------------------ HTML

/// Elements whose content is not part of the readable text.
const DROPPED: [&str; 14] = [
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "head",
];

/// Elements after (and before) which a paragraph ends.
const BLOCKS: [&str; 30] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "hr",
    "address",
    "body",
    "caption",
    "details",
];

#[derive(Default)]
struct HtmlText {
    out: String,
    /// Depth inside dropped elements.
    dropped: usize,
    /// Depth inside `<pre>`.
    pre: usize,
    in_title: bool,
    title: String,
    /// A space is owed before the next word.
    space: bool,
}

impl HtmlText {
    fn paragraph(&mut self) {
        self.space = false;
        let trimmed = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
    }

    fn line_break(&mut self) {
        self.space = false;
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn text(&mut self, chunk: &str) {
        if self.in_title {
            self.title.push_str(chunk);
            return;
        }
        if self.dropped > 0 {
            return;
        }
        if self.pre > 0 {
            self.out.push_str(chunk);
            return;
        }
        for c in chunk.chars() {
            // ASCII white space collapses; U+00A0 is a real character.
            if c.is_ascii_whitespace() {
                self.space = true;
            } else {
                if self.space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.space = false;
                self.out.push(c);
            }
        }
    }
}

struct Sink(RefCell<HtmlText>);

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut st = self.0.borrow_mut();
        match token {
            CharacterTokens(text) => st.text(&text),
            TagToken(tag) => {
                let name: &str = &tag.name;
                let start = tag.kind == StartTag && !tag.self_closing;
                match (tag.kind, name) {
                    (StartTag, "title") if start => {
                        st.in_title = true;
                        return TokenSinkResult::RawData(RawKind::Rcdata);
                    }
                    (EndTag, "title") => st.in_title = false,
                    (_, "br") if st.dropped == 0 => st.line_break(),
                    (StartTag, n) if DROPPED.contains(&n) && start => {
                        st.dropped += 1;
                        if matches!(n, "script" | "style" | "noscript" | "iframe" | "template") {
                            return TokenSinkResult::RawData(if n == "script" {
                                RawKind::ScriptData
                            } else {
                                RawKind::Rawtext
                            });
                        }
                    }
                    (EndTag, n) if DROPPED.contains(&n) => {
                        st.dropped = st.dropped.saturating_sub(1);
                    }
                    (StartTag, "textarea") if start => {
                        return TokenSinkResult::RawData(RawKind::Rcdata);
                    }
                    (kind, n) if BLOCKS.contains(&n) && st.dropped == 0 => {
                        st.paragraph();
                        if n == "pre" {
                            if kind == StartTag && start {
                                st.pre += 1;
                            } else if kind == EndTag {
                                st.pre = st.pre.saturating_sub(1);
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// The readable text of an HTML page, paragraphs separated by a blank
/// line, and its title.
pub fn html_to_text(html: &str) -> (String, Option<String>) {
    let tokenizer = Tokenizer::new(Sink(RefCell::default()), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    // The sink never asks to run a script, so one call reads everything.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut st = tokenizer.sink.0.take();
    st.paragraph();
    let text = st.out.trim_end().to_owned();
    let title = st.title.split_whitespace().collect::<Vec<_>>().join(" ");
    (text, (!title.is_empty()).then_some(title))
}

// ------------------------------------------------------------ DOCX, ODT

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page like the one the joint statement came from: a banner, a
    /// menu, scripts and styles around the statement's paragraphs.
    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Joint statement
 — The Ministry of Foreign Affairs</title>
<style>p { color: red } </style><script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">UNITED24 - Make a charitable donation</a></header>
<nav><ul><li>Weapons of Mass Destruction (WMD)</li><li>Menu</li></ul></nav>
<main><h1>Joint statement by the foreign ministers</h1>
<p>11 September 2020<br>16:39</p>
<p>The Russian Federation and the People&#39;s Republic of China,
   in the spirit of   relations&nbsp;of partnership 😀,</p>
<div><p>1.&nbsp;The modern world is undergoing <b>a stage</b> of <i>deep</i> transformation.</p></div>
<noscript>Enable JavaScript</noscript>
</main>
<footer>© 2020 mid.ru · Contacts</footer>
<script>document.write("tracking")</script>
</body></html>"#;

    #[test]
    fn a_web_page_gives_clean_paragraphs_without_menus_or_scripts() {
        let (text, title) = html_to_text(PAGE);
        assert_eq!(
            text,
            "Joint statement by the foreign ministers\n\n\
             11 September 2020\n16:39\n\n\
             The Russian Federation and the People's Republic of China, in the spirit of relations\u{a0}of partnership 😀,\n\n\
             1.\u{a0}The modern world is undergoing a stage of deep transformation."
        );
        assert_eq!(
            title.as_deref(),
            Some("Joint statement — The Ministry of Foreign Affairs")
        );
    }

    #[test]
    fn word_and_writer_files_give_their_paragraphs() {
        use super::super::document_fixture::zipped;
        let dir = tempfile::tempdir().unwrap();
        let docx = dir.path().join("statement.docx");
        std::fs::write(
            &docx,
            zipped(
                "word/document.xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Health</w:t></w:r><w:r><w:t xml:space="preserve"> &amp; security😀</w:t></w:r><w:r><w:tab/><w:t>end</w:t></w:r></w:p>
<w:p><w:r><w:delText>removed</w:delText><w:t>Second</w:t><w:br/><w:t>line</w:t></w:r></w:p>
<w:p/></w:body></w:document>"#,
            ),
        )
        .unwrap();
        let got = import(&docx).unwrap();
        assert_eq!(
            got.documents[0].text,
            "Health & security😀\tend\n\nSecond\nline"
        );
        assert_eq!(got.documents[0].id, "statement");
        let odt = dir.path().join("notes.odt");
        std::fs::write(
            &odt,
            zipped(
                "content.xml",
                r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h>Title</text:h><text:p>One<text:s text:c="3"/>two <text:span>nested</text:span> three<text:note><text:p>footnote</text:p></text:note></text:p>
<text:p>Zweite\u{a0}Zeile</text:p></office:text></office:body></office:document-content>"#,
            ),
        )
        .unwrap();
        assert_eq!(
            import(&odt).unwrap().documents[0].text,
            "Title\n\nOne   two nested three\n\nZweite\\u{a0}Zeile"
        );
        std::fs::write(dir.path().join("broken.docx"), b"PK not really").unwrap();
        let err = import(&dir.path().join("broken.docx")).unwrap_err();
        assert!(err.message.starts_with("not a valid document"), "{err}");
    }

    #[test]
    fn every_kind_of_document_records_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        let html = dir.path().join("page.HTM");
        std::fs::write(&html, PAGE).unwrap();
        let md = dir.path().join("notes.md");
        std::fs::write(&md, "# Notes").unwrap();
        for (file, kind) in [(html, SourceKind::Html), (md, SourceKind::Markdown)] {
            let got = import(&file).unwrap();
            assert_eq!(got.documents[0].source.as_ref().unwrap().kind, Some(kind));
        }
    }
}
