//! The data model: a project is a codebook of themes and documents whose
//! spans refer to those themes. Pure data and queries; all changes go
//! through [`Edit`](super::edit::Edit).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use super::index::SpanIndex;
use super::text::Text;

/// An annotation project: name, codebook and documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Project {
    pub(crate) name: String,
    pub(crate) themes: Vec<Theme>,
    pub(crate) documents: Vec<Document>,
}

/// One theme (code) of the codebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Stable identifier that spans refer to; never changes once created.
    pub id: String,
    /// Human-readable name; may be renamed.
    pub label: String,
    /// Display colour.
    pub color: Color,
    /// Optional single-key shortcut that tags the selection in the window.
    pub key: Option<char>,
    /// One-line description of what belongs to the theme.
    pub description: String,
    /// Format 2: the id of the theme this one sits under in the codebook
    /// tree (any depth), or `None` at the top.
    pub parent: Option<String>,
    /// Format 2: rules that propose spans of this theme: words or phrases
    /// (whole words, ignoring case), or regexes written `/.../` (see
    /// [`CodingRule`](super::coding_rule::CodingRule)).
    pub rules: Vec<String>,
}

impl Theme {
    /// A top-level theme without key, description or rules.
    pub fn new(id: impl Into<String>, label: impl Into<String>, color: Color) -> Self {
        Theme {
            id: id.into(),
            label: label.into(),
            color,
            key: None,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        }
    }
}

/// An sRGB colour written as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

/// A document: its text, where it came from, and its spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier, unique within the project.
    pub id: String,
    /// Display title.
    pub title: String,
    /// Where the text was imported from, if it was.
    pub source: Option<Source>,
    pub(crate) text: Text,
    pub(crate) spans: SpanIndex,
    /// Annotators who marked the document done (format 2); every other
    /// annotator's state is *in progress*.
    pub(crate) done: BTreeSet<String>,
    /// Document attributes (format 2): name → text value (date, source,
    /// country...), sorted by name. Names and values are never empty.
    pub(crate) attributes: BTreeMap<String, String>,
    /// Format 2: spans the theme rules proposed that the user has not yet
    /// accepted or rejected. Not spans: exports and statistics ignore them.
    pub(crate) suggestions: BTreeSet<Suggestion>,
    /// Format 2: suggestions the user rejected, so that rules never
    /// propose them again.
    pub(crate) rejected: BTreeSet<Suggestion>,
}

/// A span proposed by a theme's rules: `[start, end)` in code points.
/// Ordered by `(start, end, theme)`, like spans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Suggestion {
    pub start: usize,
    pub end: usize,
    /// Theme id.
    pub theme: String,
}

impl Suggestion {
    /// A suggestion of `theme` over `[start, end)`.
    pub fn new(start: usize, end: usize, theme: &str) -> Self {
        Suggestion {
            start,
            end,
            theme: theme.to_owned(),
        }
    }

    /// The span that accepting the suggestion makes.
    pub fn to_span(&self, annotator: &str) -> Span {
        Span::new(self.start, self.end, &self.theme, annotator)
    }
}

/// Where an annotator stands with a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnnotatorState {
    /// The default: still tagging (or not started).
    InProgress,
    /// The annotator marked the document done.
    Done,
}

impl fmt::Display for AnnotatorState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AnnotatorState::InProgress => "in progress",
            AnnotatorState::Done => "done",
        })
    }
}

/// Provenance of an imported document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    /// The path the file was imported from, as given.
    pub path: String,
    /// The encoding it was decoded from (WHATWG name, e.g. `UTF-8`).
    pub encoding: String,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// The line endings the file had before normalisation to `\n`.
    pub line_endings: LineEndings,
    /// Format 2: what kind of file it was read from (HTML, DOCX, PDF...);
    /// `None` for plain text and for files from before format 2.
    pub kind: Option<SourceKind>,
}

/// The kind of file a document was imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// Plain text (`.txt`).
    Text,
    /// A web page (`.html`, `.htm`).
    Html,
    /// A Word document (`.docx`).
    Docx,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// Markdown (`.md`).
    Markdown,
    /// The text layer of a PDF (`.pdf`).
    Pdf,
}

/// Line endings found in a source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineEndings {
    /// No line break at all.
    None,
    /// `\n` only.
    Lf,
    /// `\r\n` only.
    Crlf,
    /// Lone `\r` only.
    Cr,
    /// More than one kind.
    Mixed,
}

/// A labelled span of a document: `[start, end)` in code points.
///
/// Spans are ordered by `(start, end, theme, annotator, note)`; the first
/// four form the span's key, unique within a document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Theme id.
    pub theme: String,
    /// Who made the span.
    pub annotator: String,
    /// Free-text note, empty when none.
    pub note: String,
}

impl Span {
    /// A span without a note.
    pub fn new(start: usize, end: usize, theme: &str, annotator: &str) -> Self {
        Span {
            start,
            end,
            theme: theme.to_owned(),
            annotator: annotator.to_owned(),
            note: String::new(),
        }
    }

    /// The same span with a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// The identifying part of the span: everything but the note.
    pub fn key(&self) -> (usize, usize, &str, &str) {
        (self.start, self.end, &self.theme, &self.annotator)
    }

    /// Whether two spans have the same key.
    pub fn same_key(&self, other: &Span) -> bool {
        self.key() == other.key()
    }

    /// Length in code points.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span is empty (never true for a valid span).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Project {
    /// An empty project with the given name and codebook.
    pub fn new(name: impl Into<String>, themes: Vec<Theme>) -> Self {
        Project {
            name: name.into(),
            themes,
            documents: Vec::new(),
        }
    }

    /// A new project with the default codebook.
    pub fn with_default_codebook(name: impl Into<String>) -> Self {
        Project::new(name, default_codebook())
    }

    /// Project name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The codebook in display order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// Documents in display order.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// Theme by id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// Theme by id, or else by label (case-insensitive).
    pub fn find_theme(&self, id_or_label: &str) -> Option<&Theme> {
        self.theme(id_or_label).or_else(|| {
            self.themes
                .iter()
                .find(|t| t.label.to_lowercase() == id_or_label.to_lowercase())
        })
    }

    /// Document by id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.id == id)
    }

    pub(crate) fn document_mut(&mut self, id: &str) -> Option<&mut Document> {
        self.documents.iter_mut().find(|d| d.id == id)
    }

    /// The themes directly under `id` in the tree, in codebook order.
    pub fn children<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Theme> + 'a {
        self.themes
            .iter()
            .filter(move |t| t.parent.as_deref() == Some(id))
    }

    /// Whether `id` is `ancestor` or lies under it (at any depth). Stops
    /// on a cycle (which only an invalid file could hold).
    pub fn is_within(&self, id: &str, ancestor: &str) -> bool {
        let mut at = Some(id);
        for _ in 0..=self.themes.len() {
            match at {
                Some(t) if t == ancestor => return true,
                Some(t) => at = self.theme(t).and_then(|t| t.parent.as_deref()),
                None => return false,
            }
        }
        false
    }

    /// The labels from the top of the tree down to `id`, joined with `/`
    /// (`Security/Arms control`): the one label formats without a tree
    /// write. `None` for an unknown theme.
    pub fn theme_path(&self, id: &str) -> Option<String> {
        Some(self.path_of(self.theme(id)?, |p| self.theme(p)))
    }

    /// Every theme's [`theme_path`](Self::theme_path), in codebook order,
    /// with one index of the codebook for all of them.
    pub fn theme_paths(&self) -> Vec<String> {
        let index: std::collections::HashMap<&str, &Theme> =
            self.themes.iter().map(|t| (t.id.as_str(), t)).collect();
        self.themes
            .iter()
            .map(|t| self.path_of(t, |p| index.get(p).copied()))
            .collect()
    }

    /// `theme`'s path, its parents found by `lookup`; a parent that is
    /// missing or a loop ends the path.
    fn path_of<'a>(
        &'a self,
        theme: &'a Theme,
        lookup: impl Fn(&str) -> Option<&'a Theme>,
    ) -> String {
        let mut labels = vec![theme.label.as_str()];
        let mut at = theme.parent.as_deref();
        while let Some(t) = at.and_then(&lookup) {
            if labels.len() > self.themes.len() {
                break;
            }
            labels.push(&t.label);
            at = t.parent.as_deref();
        }
        labels.reverse();
        labels.join("/")
    }

    /// The root of the tree `id` sits in (itself at the top).
    pub fn theme_root<'a>(&'a self, id: &'a str) -> &'a str {
        let mut at = id;
        for _ in 0..=self.themes.len() {
            match self.theme(at).and_then(|t| t.parent.as_deref()) {
                Some(p) if self.theme(p).is_some() => at = p,
                _ => break,
            }
        }
        at
    }

    /// Total number of spans over all documents.
    pub fn span_count(&self) -> usize {
        self.documents.iter().map(|d| d.spans.len()).sum()
    }

    /// Every attribute name some document has, sorted.
    pub fn attribute_names(&self) -> BTreeSet<&str> {
        self.documents
            .iter()
            .flat_map(|d| d.attributes.keys().map(String::as_str))
            .collect()
    }

    /// An id derived from `base` that no document uses yet.
    pub fn unique_document_id(&self, base: &str) -> String {
        unique(base, |id| self.document(id).is_some())
    }

    /// An id derived from `base` that no theme uses yet.
    pub fn unique_theme_id(&self, base: &str) -> String {
        unique(base, |id| self.theme(id).is_some())
    }
}

/// `base` itself if free, else `base-2`, `base-3`, ...
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if base.is_empty() { "untitled" } else { base };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("an unbounded range always has a free id")
}

/// Lowercase ASCII identifier from free text: letters and digits kept,
/// everything else collapsed to single `-`.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl Document {
    /// A document with the given text and no spans.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<Text>) -> Self {
        Document {
            id: id.into(),
            title: title.into(),
            source: None,
            text: text.into(),
            spans: SpanIndex::default(),
            done: BTreeSet::new(),
            attributes: BTreeMap::new(),
            suggestions: BTreeSet::new(),
            rejected: BTreeSet::new(),
        }
    }

    /// The same document with these attributes (name, value) in place of
    /// its own. They are checked when the document joins a project
    /// ([`Edit::AddDocument`](super::edit::Edit::AddDocument)).
    pub fn with_attributes<I, K, V>(mut self, attributes: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.attributes = attributes
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        self
    }

    /// The document's attributes, sorted by name.
    pub fn attributes(&self) -> &BTreeMap<String, String> {
        &self.attributes
    }

    /// The value of one attribute, if the document has it.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// The same document with these annotators marked done.
    pub fn with_done<I: IntoIterator<Item = S>, S: Into<String>>(mut self, annotators: I) -> Self {
        self.done = annotators.into_iter().map(Into::into).collect();
        self
    }

    /// The annotators who marked the document done, sorted.
    pub fn done_annotators(&self) -> &BTreeSet<String> {
        &self.done
    }

    /// Where `annotator` stands with this document.
    pub fn state(&self, annotator: &str) -> AnnotatorState {
        if self.done.contains(annotator) {
            AnnotatorState::Done
        } else {
            AnnotatorState::InProgress
        }
    }

    /// The same document with these spans (in any order; exact duplicates
    /// keep the first) in place of its own, indexed in one pass. The spans
    /// are checked when the document joins a project
    /// ([`Edit::AddDocument`](super::edit::Edit::AddDocument)).
    pub fn with_spans(mut self, spans: Vec<Span>) -> Self {
        self.spans = SpanIndex::from_spans(spans);
        self
    }

    /// The same document with these suggestions and rejections.
    pub fn with_suggestions(
        mut self,
        suggestions: impl IntoIterator<Item = Suggestion>,
        rejected: impl IntoIterator<Item = Suggestion>,
    ) -> Self {
        self.suggestions = suggestions.into_iter().collect();
        self.rejected = rejected.into_iter().collect();
        self
    }

    /// Suggestions waiting for the user, in stable order.
    pub fn suggestions(&self) -> &BTreeSet<Suggestion> {
        &self.suggestions
    }

    /// Suggestions the user rejected, in stable order.
    pub fn rejected(&self) -> &BTreeSet<Suggestion> {
        &self.rejected
    }

    /// Why `s` could not be a suggestion in this document, if it could not.
    pub fn check_suggestion(&self, s: &Suggestion) -> Result<(), String> {
        self.check_span(&Span::new(s.start, s.end, &s.theme, ""))
    }

    /// The document text.
    pub fn text(&self) -> &Text {
        &self.text
    }

    /// The span index (spans in stable order plus range queries).
    pub fn spans(&self) -> &SpanIndex {
        &self.spans
    }

    /// The text a span covers, if its offsets fit the text.
    pub fn span_text(&self, span: &Span) -> Option<&str> {
        self.text.slice(span.start, span.end)
    }

    /// Why `span` could not belong to this document, if it could not.
    pub fn check_span(&self, span: &Span) -> Result<(), String> {
        if span.start >= span.end {
            return Err(format!(
                "span start {} is not before its end {}",
                span.start, span.end
            ));
        }
        if span.end > self.text.len_chars() {
            return Err(format!(
                "span end {} is past the end of the text ({} code points)",
                span.end,
                self.text.len_chars()
            ));
        }
        Ok(())
    }
}

/// Why `name = value` cannot be a document attribute, if it cannot: the
/// name is empty, has white space at either end, holds `=` (the command
/// line writes `NAME=VALUE`) or a control character; or the value is empty
/// or holds a control character other than a line break.
pub fn check_attribute(name: &str, value: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("an attribute name cannot be empty".into());
    }
    if name.trim() != name {
        return Err(format!(
            "attribute name {name:?} starts or ends with white space"
        ));
    }
    if name.contains('=') {
        return Err(format!(
            "attribute name {name:?} contains \"=\", which separates name and value"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!(
            "attribute name {name:?} contains a control character"
        ));
    }
    if value.is_empty() {
        return Err(format!(
            "attribute {name:?} has an empty value (remove the attribute instead)"
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!(
            "the value of attribute {name:?} contains a control character"
        ));
    }
    Ok(())
}

impl Color {
    /// A colour from its components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// The one colour parser of the crate: `#rrggbb` or the short `#rgb`
/// (`#1a3` is `#11aa33`), either case, white space around ignored. Used
/// by the project file, the window and every importer.
impl FromStr for Color {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s
            .trim()
            .strip_prefix('#')
            .filter(|h| matches!(h.len(), 3 | 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("colour {s:?} is not of the form \"#rrggbb\" or \"#rgb\""))?;
        let nibble = |i: usize| u8::from_str_radix(&digits[i..=i], 16).unwrap_or_default();
        let channel = |i: usize| match digits.len() {
            3 => nibble(i) * 17,
            _ => nibble(2 * i) * 16 + nibble(2 * i + 1),
        };
        Ok(Color::rgb(channel(0), channel(1), channel(2)))
    }
}

impl LineEndings {
    /// The name used in the project file.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEndings::None => "none",
            LineEndings::Lf => "lf",
            LineEndings::Crlf => "crlf",
            LineEndings::Cr => "cr",
            LineEndings::Mixed => "mixed",
        }
    }
}

impl FromStr for LineEndings {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "none" => LineEndings::None,
            "lf" => LineEndings::Lf,
            "crlf" => LineEndings::Crlf,
            "cr" => LineEndings::Cr,
            "mixed" => LineEndings::Mixed,
            other => {
                return Err(format!(
                    "line endings {other:?} are not one of none, lf, crlf, cr, mixed"
                ));
            }
        })
    }
}

impl SourceKind {
    /// Every kind, in the order the project file documents them.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Text,
        SourceKind::Html,
        SourceKind::Docx,
        SourceKind::Odt,
        SourceKind::Markdown,
        SourceKind::Pdf,
    ];

    /// The name used in the project file.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Text => "text",
            SourceKind::Html => "html",
            SourceKind::Docx => "docx",
            SourceKind::Odt => "odt",
            SourceKind::Markdown => "markdown",
            SourceKind::Pdf => "pdf",
        }
    }

    /// The kind a file extension (any case, no dot) names, if any.
    pub fn from_extension(ext: &str) -> Option<SourceKind> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => SourceKind::Text,
            "html" | "htm" => SourceKind::Html,
            "docx" => SourceKind::Docx,
            "odt" => SourceKind::Odt,
            "md" | "markdown" => SourceKind::Markdown,
            "pdf" => SourceKind::Pdf,
            _ => return None,
        })
    }

    /// How the window names it, briefly: "PDF", "Word"...
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::Text => "Text",
            SourceKind::Html => "Web page",
            SourceKind::Docx => "Word",
            SourceKind::Odt => "ODT",
            SourceKind::Markdown => "Markdown",
            SourceKind::Pdf => "PDF",
        }
    }
}

impl FromStr for SourceKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "source kind {s:?} is not one of {}",
                    SourceKind::ALL.map(SourceKind::as_str).join(", ")
                )
            })
    }
}

/// The codebook of a new project: Health, Security, ICT and Trade.
pub fn default_codebook() -> Vec<Theme> {
    let theme = |id: &str, label: &str, color: Color, key: char, description: &str| Theme {
        id: id.to_owned(),
        label: label.to_owned(),
        color,
        key: Some(key),
        description: description.to_owned(),
        parent: None,
        rules: Vec::new(),
    };
    vec![
        theme(
            "health",
            "Health",
            Color::rgb(0x2e, 0xa0, 0x43),
            '1',
            "Public health, pandemics, the WHO, vaccines and medicines.",
        ),
        theme(
            "security",
            "Security",
            Color::rgb(0xd6, 0x3b, 0x3b),
            '2',
            "Strategic stability, arms control, non-proliferation, terrorism and defence.",
        ),
        theme(
            "ict",
            "ICT",
            Color::rgb(0x2f, 0x6f, 0xd6),
            '3',
            "Information and communication technology, information security, internet governance, the digital economy.",
        ),
        theme(
            "trade",
            "Trade",
            Color::rgb(0xe0, 0x8e, 0x0b),
            '4',
            "Trade, the WTO, economic globalisation, supply chains and sanctions on the economy.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_round_trips_and_rejects_bad_input() {
        let c: Color = "#2EA043".parse().unwrap();
        assert_eq!(c.to_string(), "#2ea043");
        assert!("2ea043".parse::<Color>().is_err());
        assert!("#2ea04".parse::<Color>().is_err());
        assert!("#2ea04g".parse::<Color>().is_err());
    }

    #[test]
    fn short_colours_double_each_digit_as_css_does() {
        assert_eq!("#1a3".parse::<Color>(), Ok(Color::rgb(0x11, 0xaa, 0x33)));
        assert_eq!(" #FFF\t".parse::<Color>(), Ok(Color::rgb(255, 255, 255)));
        assert_eq!(
            "#12".parse::<Color>(),
            Err("colour \"#12\" is not of the form \"#rrggbb\" or \"#rgb\"".into())
        );
        assert!("#1234".parse::<Color>().is_err());
        assert!("#ééé".parse::<Color>().is_err());
        assert!("red".parse::<Color>().is_err());
    }

    #[test]
    fn slugs_and_unique_ids() {
        assert_eq!(slug("Joint Statement (2020)!"), "joint-statement-2020");
        assert_eq!(slug("Совместное заявление"), "совместное-заявление");
        let mut p = Project::with_default_codebook("p");
        assert_eq!(p.unique_document_id("a"), "a");
        p.documents.push(Document::new("a", "A", "x"));
        p.documents.push(Document::new("a-2", "A", "x"));
        assert_eq!(p.unique_document_id("a"), "a-3");
    }

    #[test]
    fn with_spans_indexes_in_one_pass_and_drops_duplicates() {
        let d = Document::new("d", "D", "abcdef").with_spans(vec![
            Span::new(2, 4, "t", "a"),
            Span::new(0, 3, "t", "a"),
            Span::new(2, 4, "t", "a").with_note("again"),
        ]);
        let got: Vec<_> = d.spans().spans().iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, [(0, 3), (2, 4)]);
        assert_eq!(d.spans().at(2).len(), 2);
    }

    #[test]
    fn default_codebook_has_distinct_colours_and_keys() {
        let themes = default_codebook();
        let labels: Vec<_> = themes.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Health", "Security", "ICT", "Trade"]);
        let keys: Vec<_> = themes.iter().map(|t| t.key).collect();
        assert_eq!(keys, [Some('1'), Some('2'), Some('3'), Some('4')]);
        for (i, a) in themes.iter().enumerate() {
            assert!(!a.description.is_empty());
            for b in &themes[i + 1..] {
                assert_ne!(a.color, b.color);
            }
        }
    }

    #[test]
    fn theme_lookup_by_id_or_label() {
        let p = Project::with_default_codebook("p");
        assert_eq!(p.find_theme("ict").unwrap().label, "ICT");
        assert_eq!(p.find_theme("Ict").unwrap().id, "ict");
        assert!(p.find_theme("sport").is_none());
    }
}
