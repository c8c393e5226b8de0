//! Web pages (`.html`, `.htm`): the readable text through an HTML5
//! tokenizer (`html5ever`), with scripts, styles, navigation, headers,
//! footers, asides and forms dropped, white space collapsed as a browser
//! does (a no-break space is kept), and a paragraph break after each block
//! element. The page's `<title>` becomes the document title.

use std::cell::RefCell;
use std::path::Path;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, CharacterTokens, EndTag, StartTag, TagToken, Token, TokenSink, TokenSinkResult,
    Tokenizer, TokenizerOpts,
};

use super::{Readable, decode_text};
use crate::formats::importer::ImportError;

/// A web page's text and title, its encoding detected as for `.txt`.
pub(super) fn read(path: &Path, bytes: &[u8]) -> Result<Readable, ImportError> {
    let decoded = decode_text(path, bytes)?;
    let (text, title) = html_to_text(&decoded.text);
    Ok(Readable {
        text,
        title,
        ..decoded
    })
}

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
