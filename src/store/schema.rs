//! The serde shape of the project file. Field names here are a contract
//! with other programs: change them only with a migration. Fields added
//! after format 1 are listed in [`super::versions::ADDITIONS`].

use ron::value::RawValue;
use serde::{Deserialize, Serialize, Serializer};

use crate::model::{Color, Theme};

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
    pub documents: Vec<DocumentOut<'a>>,
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
    /// Format 2: spans the rules proposed, one per line, in span order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<SuggestionOut<'a>>,
    /// Format 2: suggestions the user rejected, likewise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<SuggestionOut<'a>>,
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
    pub documents: Vec<&'a RawValue>,
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
