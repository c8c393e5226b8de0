//! The one place where Marginalia writes and reads XML (XMI, REFI-QDA,
//! Label Studio's labelling config).
//!
//! **Writing**: [`Writer`] lays out elements with quick-xml's writer (two
//! spaces per level, an element holding only text on one line) and escapes
//! with [`escape_into`], so that every character reads back the same: in
//! attribute values, line breaks and tabs become character references,
//! because attribute-value normalisation would turn them into spaces.
//! Characters XML 1.0 cannot hold at all become U+FFFD; exporters that
//! report such losses check with [`xml_chars`] first.
//!
//! **Reading**: [`XmlFile`] holds a document being imported and says where
//! a byte offset is ("project.qde line 3, column 7"). It reads the whole
//! tree ([`XmlFile::parse`], nesting bounded by [`MAX_DEPTH`]) or streams
//! the start tags ([`XmlFile::scan`], any depth). Both never expand an
//! entity beyond the five predefined ones and character references, and
//! refuse a DOCTYPE that declares entities.

use std::borrow::Cow;
use std::path::Path;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use super::importer::ImportError;
use crate::model::text::{LineCol, SourcePositions, invalid_utf8_at};

/// Whether XML 1.0 allows `c` in a document (even escaped).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// `s` with the characters XML 1.0 cannot hold replaced by U+FFFD.
pub(crate) fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// Appends `s` escaped as element text (`attribute == false`) or as a
/// double-quoted attribute value. Characters XML cannot hold are copied
/// as they are: pass the text through [`xml_chars`] first.
fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

// ---------------------------------------------------------------- writing

/// An XML document being written: two-space indentation, attributes in the
/// order given, escaped with [`escape_into`] after characters XML cannot
/// hold are replaced by U+FFFD, so the output is always well-formed.
pub(crate) struct Writer {
    inner: quick_xml::Writer<Vec<u8>>,
}

impl Writer {
    /// A document that starts with `<?xml version="1.0" encoding="UTF-8"?>`.
    pub(crate) fn new() -> Self {
        let mut w = Self::without_declaration();
        w.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        w
    }

    /// A document with no XML declaration (Label Studio's config).
    pub(crate) fn without_declaration() -> Self {
        Writer {
            inner: quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2),
        }
    }

    fn event(&mut self, event: Event) {
        // Writing into a Vec<u8> cannot fail.
        self.inner
            .write_event(event)
            .expect("writing XML into memory");
    }

    fn start(name: &str, attrs: &[(&str, String)]) -> BytesStart<'static> {
        let mut tag = BytesStart::new(name.to_owned());
        for (key, value) in attrs {
            let mut escaped = String::new();
            escape_into(&mut escaped, &xml_chars(value), true);
            tag.push_attribute(Attribute {
                key: QName(key.as_bytes()),
                value: Cow::Owned(escaped.into_bytes()),
            });
        }
        tag
    }

    /// `<name attrs…>`, whose content follows on the next lines.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.event(Event::Start(Self::start(name, attrs)));
    }

    /// `<name attrs…/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        self.event(Event::Empty(Self::start(name, attrs)));
    }

    /// `<name>text</name>` on one line.
    pub(crate) fn leaf(&mut self, name: &str, text: &str) {
        self.event(Event::Start(BytesStart::new(name)));
        let mut escaped = String::new();
        escape_into(&mut escaped, &xml_chars(text), false);
        self.event(Event::Text(BytesText::from_escaped(escaped)));
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `</name>`, closing what [`Writer::open`] opened.
    pub(crate) fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// The document, ending with a line break.
    pub(crate) fn finish(self) -> String {
        let mut bytes = self.inner.into_inner();
        bytes.push(b'\n');
        // Only `&str`s and ASCII markup were written.
        String::from_utf8(bytes).expect("XML written from UTF-8 text")
    }
}

// ---------------------------------------------------------------- reading

/// How deeply elements may nest in a tree read by [`XmlFile::parse`]
/// (nested REFI-QDA codes included): deeper files are refused, so that
/// reading them cannot exhaust the stack.
pub(crate) const MAX_DEPTH: usize = 256;

/// An XML file being read, for positions in messages.
pub(crate) struct XmlFile<'a> {
    path: &'a Path,
    /// The archive entry, for a file inside an archive.
    entry: Option<&'a str>,
    text: &'a str,
    positions: SourcePositions<'a>,
}

impl<'a> XmlFile<'a> {
    /// The file at `path` (or its archive `entry`) holding `bytes`, which
    /// must be UTF-8 (a byte-order mark is skipped).
    pub(crate) fn new(
        path: &'a Path,
        entry: Option<&'a str>,
        bytes: &'a [u8],
    ) -> Result<Self, ImportError> {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(XmlFile {
                path,
                entry,
                text,
                positions: SourcePositions::new(text),
            }),
            Err(e) => {
                let at = invalid_utf8_at(bytes, e.valid_up_to());
                Err(ImportError::new(
                    path,
                    Some(Self::located(entry, at)),
                    "the XML is not UTF-8 text",
                ))
            }
        }
    }

    fn located(entry: Option<&str>, at: LineCol) -> String {
        match entry {
            Some(e) => format!("{e} {at}"),
            None => at.to_string(),
        }
    }

    /// "project.qde line 3, column 7" for a byte offset.
    pub(crate) fn at(&self, byte: usize) -> String {
        Self::located(self.entry, self.positions.at(byte))
    }

    /// An import error at a byte offset of the file.
    pub(crate) fn error(&self, byte: usize, message: impl Into<String>) -> ImportError {
        ImportError::new(self.path, Some(self.at(byte)), message)
    }

    /// The whole document as a tree.
    pub(crate) fn parse(&self) -> Result<Element, ImportError> {
        parse_xml(self.text).map_err(|(at, m)| self.error(at, m))
    }

    /// Calls `visit` with every element in document order, without its
    /// children or text; nesting may be as deep as it likes.
    pub(crate) fn scan(&self, mut visit: impl FnMut(Element)) -> Result<(), ImportError> {
        walk(self.text, None, &mut |step| {
            if let Step::Open(el, _) = step {
                visit(el);
            }
            Ok(())
        })
        .map_err(|(at, m)| self.error(at, m))
    }
}

/// An element read (names without namespace prefixes; attribute values
/// unescaped and normalised as XML says).
#[derive(Debug, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Element>,
    /// The text directly inside it.
    pub(crate) text: String,
    /// Byte offset of its start tag.
    pub(crate) pos: usize,
}

impl Element {
    /// The value of the attribute `name`.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child called `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child called `name`.
    pub(crate) fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Element> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the child `name`, if it is there.
    pub(crate) fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
}

/// Why a document is not well-formed: the byte offset and the message.
type Malformed = (usize, String);

/// A malformed-XML error at a byte offset.
fn bad(pos: usize, reason: impl std::fmt::Display) -> Malformed {
    (pos, format!("malformed XML: {reason}"))
}

/// What [`walk`] meets, in document order.
enum Step<'a> {
    /// A start tag (`true`) or an empty-element tag (`false`).
    Open(Element, bool),
    /// An end tag.
    Close,
    /// Text (with references resolved) inside an element.
    Text(Cow<'a, str>),
}

/// Parses a whole document into a tree; errors are a byte offset and a
/// message.
fn parse_xml(xml: &str) -> Result<Element, Malformed> {
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    walk(xml, Some(MAX_DEPTH), &mut |step| {
        let finished = match step {
            Step::Open(el, true) => {
                stack.push(el);
                None
            }
            Step::Open(el, false) => Some(el),
            Step::Close => stack.pop(),
            Step::Text(t) => {
                if let Some(el) = stack.last_mut() {
                    el.text.push_str(&t);
                }
                None
            }
        };
        if let Some(el) = finished {
            match stack.last_mut() {
                Some(parent) => parent.children.push(el),
                None => root = Some(el),
            }
        }
        Ok(())
    })?;
    root.ok_or_else(|| bad(xml.len(), "no root element"))
}

/// Reads `xml` event by event, checking that it is well-formed (one root,
/// no text outside it, every tag closed, at most `max_depth` levels), and
/// hands what it meets to `sink`.
fn walk(
    xml: &str,
    max_depth: Option<usize>,
    sink: &mut dyn FnMut(Step) -> Result<(), Malformed>,
) -> Result<(), Malformed> {
    let mut reader = quick_xml::Reader::from_str(xml);
    // Names and positions of the open elements, for "is not closed".
    let mut open: Vec<(String, usize)> = Vec::new();
    let mut seen_root = false;
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| bad(reader.error_position() as usize, e))?;
        let mut text = |t: Cow<str>, open: &[(String, usize)]| {
            if !open.is_empty() {
                sink(Step::Text(t))
            } else if t.trim().is_empty() {
                Ok(())
            } else {
                Err(bad(pos, "text outside the root element"))
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if seen_root && open.is_empty() => {
                return Err(bad(pos, "a second root element"));
            }
            Event::Start(e) => {
                if max_depth.is_some_and(|max| open.len() >= max) {
                    return Err((
                        pos,
                        format!(
                            "elements are nested more than {} deep; no file Marginalia \
                             reads is nested so deeply",
                            open.len()
                        ),
                    ));
                }
                let el = element(&e, pos)?;
                open.push((el.name.clone(), pos));
                sink(Step::Open(el, true))?;
            }
            Event::Empty(e) => {
                seen_root |= open.is_empty();
                sink(Step::Open(element(&e, pos)?, false))?;
            }
            Event::End(_) => {
                open.pop()
                    .ok_or_else(|| bad(pos, "an end tag with no start tag"))?;
                seen_root |= open.is_empty();
                sink(Step::Close)?;
            }
            Event::Text(t) => text(t.xml10_content().map_err(|e| bad(pos, e))?, &open)?,
            Event::CData(t) => text(t.decode().map_err(|e| bad(pos, e))?, &open)?,
            Event::GeneralRef(r) => {
                let name = r.decode().map_err(|e| bad(pos, e))?;
                let c: String = match r.resolve_char_ref().map_err(|e| bad(pos, e))? {
                    Some(c) => c.into(),
                    None => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| bad(pos, format!("unknown entity &{name};")))?
                        .into(),
                };
                if open.is_empty() {
                    return Err(bad(pos, "text outside the root element"));
                }
                sink(Step::Text(c.into()))?;
            }
            Event::Eof => break,
            Event::DocType(d) => {
                // Entities declared in a DTD are never expanded (only the
                // five predefined ones and character references are), so
                // "billion laughs" and external entities cannot work; say
                // so plainly instead of failing at the first use.
                if d.windows(8).any(|w| w.eq_ignore_ascii_case(b"<!ENTITY")) {
                    return Err((
                        pos,
                        "the file declares entities in a DOCTYPE; the formats Marginalia \
                         reads do not use them, and Marginalia does not expand them"
                            .into(),
                    ));
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if let Some((name, at)) = open.last() {
        return Err(bad(
            *at,
            format!("<{name}> is not closed before the end of the file"),
        ));
    }
    Ok(())
}

/// The element of a start or empty-element tag.
fn element(e: &BytesStart, pos: usize) -> Result<Element, Malformed> {
    let utf8 = |b: &[u8]| {
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|e| bad(pos, e))
    };
    let mut el = Element {
        name: utf8(e.local_name().as_ref())?,
        pos,
        ..Default::default()
    };
    for a in e.attributes() {
        let a = a.map_err(|e| bad(pos, e))?;
        let key = a.key;
        if key.as_ref() == b"xmlns" || key.prefix().is_some_and(|p| p.as_ref() == b"xmlns") {
            continue;
        }
        // Attribute-value normalisation: literal line breaks and tabs are
        // spaces; character references keep theirs.
        let raw = utf8(&a.value)?
            .replace("\r\n", " ")
            .replace(['\r', '\n', '\t'], " ");
        let value = quick_xml::escape::unescape(&raw)
            .map_err(|e| bad(pos, e))?
            .into_owned();
        el.attrs.push((utf8(key.local_name().as_ref())?, value));
    }
    Ok(el)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_attributes_and_text_read_back_the_same() {
        let tricky = "a&<>\"'\n\r\tb 😀\u{A0}";
        let mut x = Writer::new();
        x.open("root", &[("k", tricky.to_owned())]);
        x.empty("e", &[("bell", "x\u{1}\u{FFFF}y".to_owned())]);
        x.leaf("t", tricky);
        x.leaf("empty", "");
        x.close("root");
        let xml = x.finish();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <root k=\"a&amp;&lt;&gt;&quot;'&#10;&#13;&#9;b 😀\u{A0}\">\n\
             \x20 <e bell=\"x\u{FFFD}\u{FFFD}y\"/>\n\
             \x20 <t>a&amp;&lt;&gt;\"'\n&#13;\tb 😀\u{A0}</t>\n\
             \x20 <empty></empty>\n\
             </root>\n"
        );
        let file = XmlFile::new(Path::new("f.xml"), None, xml.as_bytes()).unwrap();
        let root = file.parse().unwrap();
        assert_eq!(root.attr("k"), Some(tricky));
        assert_eq!(root.child_text("t"), Some(tricky));
        assert_eq!(
            root.child("e").unwrap().attr("bell"),
            Some("x\u{FFFD}\u{FFFD}y")
        );
    }

    #[test]
    fn scanning_sees_every_element_at_any_depth() {
        let deep = format!(
            "<a x=\"1\">{}<b y=\"&#10;\"/>{}</a>",
            "<n>".repeat(1000),
            "</n>".repeat(1000)
        );
        let file = XmlFile::new(Path::new("f.xml"), None, deep.as_bytes()).unwrap();
        let mut names = Vec::new();
        file.scan(|e| names.push((e.name, e.attrs))).unwrap();
        assert_eq!(names.len(), 1002);
        assert_eq!(
            names[1001],
            ("b".to_owned(), vec![("y".to_owned(), "\n".to_owned())])
        );
        let e = file.parse().unwrap_err();
        assert!(e.to_string().contains("f.xml: line 1, column "), "{e}");
        assert!(e.message.contains("nested more than 256 deep"), "{e}");
    }

    #[test]
    fn element_text_keeps_line_breaks_and_quotes() {
        let mut out = String::new();
        escape_into(&mut out, "a\"<&>\tb\r\nc", false);
        assert_eq!(out, "a\"&lt;&amp;&gt;\tb&#13;\nc");
    }

    #[test]
    fn entities_are_never_expanded_and_nesting_is_bounded() {
        let doctype = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"aaaa\">]>\n<CodeBook/>";
        let (at, m) = parse_xml(doctype).unwrap_err();
        assert_eq!(at, 22);
        assert!(m.contains("declares entities in a DOCTYPE"), "{m}");
        // A DOCTYPE without entities is harmless; undeclared entities are
        // errors, not expanded.
        let plain = "<!DOCTYPE CodeBook><CodeBook>&amp;&#65;</CodeBook>";
        assert_eq!(parse_xml(plain).unwrap().text, "&A");
        let (_, m) = parse_xml("<CodeBook>&a;</CodeBook>").unwrap_err();
        assert!(m.contains("unknown entity &a;"), "{m}");
        let deep = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert!(parse_xml(&deep(MAX_DEPTH)).is_ok());
        let (_, m) = parse_xml(&deep(MAX_DEPTH + 1)).unwrap_err();
        assert!(m.contains("nested more than 256 deep"), "{m}");
    }

    #[test]
    fn positions_on_one_long_line_count_on_in_any_order() {
        let text = "<a b=\"😀\">é</a>\n<b/>😀<c/>";
        let file = XmlFile::new(Path::new("f"), None, text.as_bytes()).unwrap();
        let fresh = |b| {
            XmlFile::new(Path::new("f"), None, text.as_bytes())
                .unwrap()
                .at(b)
        };
        for b in [0, 5, 12, 9, 20, 28, 19, 1, 31] {
            assert_eq!(file.at(b), fresh(b), "byte {b}");
        }
        assert_eq!(fresh(12), "line 1, column 10");
    }
}
