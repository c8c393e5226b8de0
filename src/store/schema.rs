//! The serde shape of the project file. Field names here are a contract
//! with other programs: change them only with a migration. Fields added
//! after format 1 are listed in [`super::versions::ADDITIONS`].

use ron::value::RawValue;
use serde::{Deserialize, Serialize, Serializer};

use crate::model::{Color, Memo, MemoLink, Relation, RelationType, SpanRef, Theme};

/// The newest format this build reads (and writes, when a project uses
/// a field that format added).
pub const FORMAT: u64 = super::versions::NEWEST;
/// The offset unit this build writes and reads.
pub const OFFSETS: &str = "codepoints";

/// Only the version, read first so a newer file is refused before any
/// other field is interpreted.
#[derive(Deserialize)]
pub struct Header {
    pub format: u64,
}

#[derive(Serialize)]
pub struct FileOut<'a> {
    pub format: u64,
    pub offsets: &'a str,
    pub name: Str<'a>,
    pub themes: Vec<ThemeOut<'a>>,
    /// Format 2: the kinds of relation between spans, beside the themes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<RelationTypeOut<'a>>,
    pub documents: Vec<DocumentOut<'a>>,
    /// Format 2: memos, in project order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub memos: Vec<MemoOut<'a>>,
}

#[derive(Serialize)]
pub struct ThemeOut<'a> {
    pub id: Str<'a>,
    pub label: Str<'a>,
    pub color: String,
    pub key: Option<char>,
    pub description: Str<'a>,
    /// Format 2: the theme it sits under in the codebook tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Str<'a>>,
    /// Format 2: words, phrases and `/regex/` rules that suggest spans.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Str<'a>>,
}

#[derive(Serialize)]
pub struct DocumentOut<'a> {
    pub id: Str<'a>,
    pub title: Str<'a>,
    pub source: Option<SourceOut<'a>>,
    pub sha256: String,
    /// Format 2: annotators who marked the document done, sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<Str<'a>>,
    /// Format 2: document attributes, sorted by name, one per line.
    #[serde(skip_serializing_if = "AttributesOut::is_empty")]
    pub attributes: AttributesOut<'a>,
    pub text: Str<'a>,
    pub spans: Vec<SpanOut<'a>>,
    /// Format 2: relations between the spans, one per line, sorted by
    /// `from.start`, `to.start`, type.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<RelationOut<'a>>,
    /// Format 2: spans the rules proposed, one per line, in span order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<SuggestionOut<'a>>,
    /// Format 2: suggestions the user rejected, likewise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<SuggestionOut<'a>>,
}

#[derive(Serialize)]
pub struct RelationTypeOut<'a> {
    pub id: Str<'a>,
    pub label: Str<'a>,
    pub color: String,
    pub directed: bool,
    pub description: Str<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from_themes: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to_themes: Vec<Str<'a>>,
    #[serde(skip_serializing_if = "is_false")]
    pub allow_self: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A span named by its key, inside a relation or a memo link.
#[derive(Serialize)]
pub struct SpanRefOut<'a> {
    pub start: usize,
    pub end: usize,
    pub theme: Str<'a>,
    pub annotator: Str<'a>,
}

#[derive(Serialize)]
pub struct RelationOut<'a> {
    pub from: SpanRefOut<'a>,
    pub to: SpanRefOut<'a>,
    #[serde(rename = "type")]
    pub kind: Str<'a>,
    pub annotator: Str<'a>,
    #[serde(skip_serializing_if = "str_is_empty")]
    pub note: Str<'a>,
}

fn str_is_empty(s: &Str) -> bool {
    s.value.is_empty()
}

#[derive(Serialize)]
pub struct MemoOut<'a> {
    pub id: Str<'a>,
    pub title: Str<'a>,
    /// Plain text on one line, its line breaks escaped (`\n`).
    pub text: Str<'a>,
    pub author: Str<'a>,
    pub created: Str<'a>,
    pub modified: Str<'a>,
    /// One link per line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<MemoLinkOut<'a>>,
}

/// What a memo links to: `Project`, `Document(doc: "d")`,
/// `Theme(theme: "t")`, `Span(doc: "d", span: (start: …))`,
/// `Relation(doc: "d", from: (…), to: (…), type: "t", annotator: "a")`.
#[derive(Serialize)]
pub enum MemoLinkOut<'a> {
    Project,
    Document {
        doc: Str<'a>,
    },
    Theme {
        theme: Str<'a>,
    },
    Span {
        doc: Str<'a>,
        span: SpanRefOut<'a>,
    },
    Relation {
        doc: Str<'a>,
        from: SpanRefOut<'a>,
        to: SpanRefOut<'a>,
        #[serde(rename = "type")]
        kind: Str<'a>,
        annotator: Str<'a>,
    },
}

#[derive(Serialize)]
pub struct SuggestionOut<'a> {
    pub start: usize,
    pub end: usize,
    pub theme: Str<'a>,
}

#[derive(Serialize)]
pub struct SourceOut<'a> {
    pub path: Str<'a>,
    pub encoding: Str<'a>,
    pub bom: bool,
    pub line_endings: &'a str,
    /// Format 2: the kind of file (`html`, `docx`, `pdf`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'a str>,
}

#[derive(Serialize)]
pub struct SpanOut<'a> {
    pub start: usize,
    pub end: usize,
    pub theme: Str<'a>,
    pub annotator: Str<'a>,
    pub note: Str<'a>,
}

/// The top level; themes and documents stay raw so that each can be
/// located in the file when it has a problem.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileIn<'a> {
    pub format: u64,
    pub offsets: String,
    pub name: String,
    #[serde(borrow)]
    pub themes: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub relation_types: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub documents: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub memos: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeIn {
    pub id: String,
    pub label: String,
    pub color: String,
    #[serde(default)]
    pub key: Option<char>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub rules: Vec<String>,
}

impl ThemeIn {
    /// The theme as read, with its colour parsed by the caller (the fast
    /// path gives up on a bad one, the validator reports it).
    pub fn into_theme(self, color: Color) -> Theme {
        Theme {
            id: self.id,
            label: self.label,
            color,
            key: self.key,
            description: self.description,
            parent: self.parent,
            rules: self.rules,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentIn<'a> {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub source: Option<SourceIn>,
    pub sha256: String,
    #[serde(default)]
    pub done: Vec<String>,
    #[serde(default)]
    pub attributes: AttributesIn,
    pub text: String,
    #[serde(borrow, default)]
    pub spans: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub relations: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub suggestions: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    pub rejected: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceIn {
    pub path: String,
    pub encoding: String,
    #[serde(default)]
    pub bom: bool,
    pub line_endings: String,
    #[serde(default)]
    pub kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanIn {
    pub start: usize,
    pub end: usize,
    pub theme: String,
    #[serde(default)]
    pub annotator: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationTypeIn {
    pub id: String,
    pub label: String,
    pub color: String,
    #[serde(default = "yes")]
    pub directed: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub from_themes: Vec<String>,
    #[serde(default)]
    pub to_themes: Vec<String>,
    #[serde(default)]
    pub allow_self: bool,
}

fn yes() -> bool {
    true
}

impl RelationTypeIn {
    /// The relation type as read, with its colour parsed by the caller.
    pub fn into_relation_type(self, color: Color) -> RelationType {
        RelationType {
            id: self.id,
            label: self.label,
            color,
            directed: self.directed,
            description: self.description,
            from_themes: self.from_themes,
            to_themes: self.to_themes,
            allow_self: self.allow_self,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpanRefIn {
    pub start: usize,
    pub end: usize,
    pub theme: String,
    #[serde(default)]
    pub annotator: String,
}

impl From<SpanRefIn> for SpanRef {
    fn from(s: SpanRefIn) -> Self {
        SpanRef {
            start: s.start,
            end: s.end,
            theme: s.theme,
            annotator: s.annotator,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationIn {
    pub from: SpanRefIn,
    pub to: SpanRefIn,
    #[serde(rename = "type")]
    pub kind: String,
    pub annotator: String,
    #[serde(default)]
    pub note: String,
}

impl From<RelationIn> for Relation {
    fn from(r: RelationIn) -> Self {
        Relation {
            from: r.from.into(),
            to: r.to.into(),
            kind: r.kind,
            annotator: r.annotator,
            note: r.note,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemoIn {
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub author: String,
    pub created: String,
    pub modified: String,
    #[serde(default)]
    pub links: Vec<MemoLinkIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub enum MemoLinkIn {
    Project,
    Document {
        doc: String,
    },
    Theme {
        theme: String,
    },
    Span {
        doc: String,
        span: SpanRefIn,
    },
    Relation {
        doc: String,
        from: SpanRefIn,
        to: SpanRefIn,
        #[serde(rename = "type")]
        kind: String,
        annotator: String,
    },
}

impl From<MemoIn> for Memo {
    fn from(m: MemoIn) -> Self {
        Memo {
            id: m.id,
            title: m.title,
            text: m.text,
            author: m.author,
            created: m.created,
            modified: m.modified,
            links: m.links.into_iter().map(MemoLink::from).collect(),
        }
    }
}

impl From<MemoLinkIn> for MemoLink {
    fn from(l: MemoLinkIn) -> Self {
        match l {
            MemoLinkIn::Project => MemoLink::Project,
            MemoLinkIn::Document { doc } => MemoLink::Document { doc },
            MemoLinkIn::Theme { theme } => MemoLink::Theme { theme },
            MemoLinkIn::Span { doc, span } => MemoLink::Span {
                doc,
                span: span.into(),
            },
            MemoLinkIn::Relation {
                doc,
                from,
                to,
                kind,
                annotator,
            } => MemoLink::Relation {
                doc,
                from: from.into(),
                to: to.into(),
                kind,
                annotator,
            },
        }
    }
}

/// Document attributes as the file writes them: a map, sorted by name.
pub struct AttributesOut<'a>(pub &'a std::collections::BTreeMap<String, String>);

impl AttributesOut<'_> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for AttributesOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in self.0 {
            map.serialize_entry(&Str::line(name), &Str::line(value))?;
        }
        map.end()
    }
}

/// Document attributes as read: every (name, value) pair in file order,
/// repeated names included, so that the validator can report them.
#[derive(Default)]
pub struct AttributesIn(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for AttributesIn {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs;
        impl<'de> serde::de::Visitor<'de> for Pairs {
            type Value = AttributesIn;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of attribute names to text values")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(AttributesIn(pairs))
            }
        }
        deserializer.deserialize_map(Pairs)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionIn {
    pub start: usize,
    pub end: usize,
    pub theme: String,
}

/// A string as the project file writes it: plain, or a raw string when it
/// holds quotes or backslashes (ron decides), or — when it holds control
/// characters — escaped, so the file never contains a raw control
/// character. A `multiline` string (document text) keeps real line breaks;
/// other strings escape `\n` so that each span stays on one line.
pub struct Str<'a> {
    pub value: &'a str,
    pub multiline: bool,
}

impl<'a> Str<'a> {
    pub fn line(value: &'a str) -> Self {
        Str {
            value,
            multiline: false,
        }
    }
}

impl Serialize for Str<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let escape = self
            .value
            .chars()
            .any(|c| c.is_control() && !(self.multiline && c == '\n'));
        if escape {
            let literal = escaped_literal(self.value, self.multiline);
            let raw = RawValue::from_boxed_ron(literal.into_boxed_str())
                .map_err(serde::ser::Error::custom)?;
            raw.serialize(serializer)
        } else {
            serializer.serialize_str(self.value)
        }
    }
}

/// Escapes a string as a RON string literal that parses back to `text`:
/// `"` and `\\` escaped, control characters as `\u{..}`, and `\n` kept as
/// a real line break when `keep_newlines` is set.
fn escaped_literal(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_literals_parse_back_to_the_same_text() {
        for text in [
            "plain\ntext",
            "say \"hi\" \\ ## done",
            "tab\there\r\nand \u{7} bell \"q\"",
            "nbsp\u{a0}and 😀 'single'",
        ] {
            for keep in [true, false] {
                let lit = escaped_literal(text, keep);
                assert!(
                    !lit.chars().any(|c| c.is_control() && (c != '\n' || !keep)),
                    "{lit:?}"
                );
                let back: String = ron::from_str(&lit).unwrap();
                assert_eq!(back, text);
            }
        }
    }
}
