//! The fast path of loading a project file: one typed pass over the file,
//! then every check of the validator, without positions.
//!
//! The validator in the parent module locates each problem by keeping
//! themes, documents and spans as raw RON and parsing each piece again,
//! which reads a 10 MB text five times over. Valid files are by far the
//! common case, so they are read here in a single pass instead; at the
//! first doubt (a parse error, any problem, anything unusual such as
//! attributes or struct names) this path gives up and the validator reads
//! the file again to report every problem with its line and column. This
//! path therefore never accepts a file the validator would refuse; debug
//! builds check that on every load.

use std::collections::HashSet;

use serde::Deserialize;

use super::relations;
use super::schema::{
    AttributesIn, FORMAT, MemoIn, OFFSETS, RelationIn, RelationTypeIn, SourceIn, SpanIn,
    SuggestionIn, ThemeIn,
};
use super::sha256_hex;
use crate::model::rules;
use crate::model::{
    Color, Document, Memo, Project, RelationType, Source, Span, SpanIndex, Text, Theme,
};

/// The whole file, typed: the same fields as the validator's schema.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAll {
    format: u64,
    offsets: String,
    name: String,
    themes: Vec<ThemeIn>,
    #[serde(default)]
    relation_types: Vec<RelationTypeIn>,
    #[serde(default)]
    documents: Vec<DocumentAll>,
    #[serde(default)]
    memos: Vec<MemoIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentAll {
    id: String,
    title: String,
    #[serde(default)]
    source: Option<SourceIn>,
    sha256: String,
    #[serde(default)]
    done: Vec<String>,
    #[serde(default)]
    attributes: AttributesIn,
    text: String,
    #[serde(default)]
    spans: Vec<SpanIn>,
    #[serde(default)]
    relations: Vec<RelationIn>,
    #[serde(default)]
    suggestions: Vec<SuggestionIn>,
    #[serde(default)]
    rejected: Vec<SuggestionIn>,
}

/// The project, if the file is valid and plain; `None` when the validator
/// must look at it.
pub(super) fn load(source: &str) -> Option<Project> {
    // Attributes (`#![enable(...)]`) change how the whole file parses but
    // not how the validator parses its pieces: leave such files to it.
    if !source.trim_start().starts_with('(') {
        return None;
    }
    let file: FileAll = ron::Options::default().from_str(source).ok()?;
    if file.format == 0 || file.format > FORMAT || file.offsets != OFFSETS {
        return None;
    }
    let themes = themes(file.themes)?;
    let mut project = Project::new(file.name, themes);
    project.relation_types = file
        .relation_types
        .into_iter()
        .map(|t| {
            let color = t.color.parse().ok()?;
            Some(t.into_relation_type(color))
        })
        .collect::<Option<Vec<RelationType>>>()?;
    if !relations::check_relation_types(&project, &project.relation_types).is_empty() {
        return None;
    }
    let known: HashSet<&str> = project.themes.iter().map(|t| t.id.as_str()).collect();
    let mut ids = HashSet::new();
    let mut documents = Vec::with_capacity(file.documents.len());
    for doc in file.documents {
        if !ids.insert(doc.id.clone()) {
            return None;
        }
        documents.push(document(doc, &known, &project.relation_types)?);
    }
    drop(known);
    project.documents = documents;
    let memos: Vec<Memo> = file.memos.into_iter().map(Memo::from).collect();
    if !relations::check_memos(&project, &memos).is_empty() {
        return None;
    }
    project.memos = memos;
    Some(project)
}

fn themes(raw: Vec<ThemeIn>) -> Option<Vec<Theme>> {
    let mut themes: Vec<Theme> = Vec::with_capacity(raw.len());
    let mut check = rules::CodebookCheck::default();
    for t in raw {
        let color: Color = t.color.parse().ok()?;
        let theme = t.into_theme(color);
        if check.next(&theme, &themes).iter().any(|p| !p.is_warning()) {
            return None;
        }
        themes.push(theme);
    }
    if !rules::check_tree(&themes).is_empty() {
        return None;
    }
    Some(themes)
}

fn document(
    doc: DocumentAll,
    known: &HashSet<&str>,
    relation_types: &[RelationType],
) -> Option<Document> {
    if doc.id.is_empty() || !sha256_hex(&doc.text).eq_ignore_ascii_case(doc.sha256.trim()) {
        return None;
    }
    let source = match doc.source {
        Some(s) => Some(Source {
            line_endings: s.line_endings.parse().ok()?,
            // An unknown kind is the validator's to report.
            kind: match s.kind {
                Some(k) => Some(k.parse().ok()?),
                None => None,
            },
            path: s.path,
            encoding: s.encoding,
            bom: s.bom,
        }),
        None => None,
    };
    let text = Text::new(doc.text);
    let len = text.len_chars();
    let n = doc.spans.len();
    // Converted in place (the two types have the same layout), so that no
    // second 100k-span buffer is allocated.
    let spans: Vec<Span> = doc
        .spans
        .into_iter()
        .map(|s| {
            (s.start < s.end && s.end <= len && known.contains(s.theme.as_str())).then_some(Span {
                start: s.start,
                end: s.end,
                theme: s.theme,
                annotator: s.annotator,
                note: s.note,
            })
        })
        .collect::<Option<_>>()?;
    let index = SpanIndex::from_spans(spans);
    // The index keeps one of each key: a shorter index means a span
    // appeared twice, which the validator reports.
    if index.len() != n {
        return None;
    }
    let mut document = Document::new(doc.id, doc.title, text);
    document.source = source;
    document.spans = index;
    // Empty or repeated names are the validator's to report.
    let n = doc.done.len();
    if doc.done.iter().any(String::is_empty) {
        return None;
    }
    document.done = doc.done.into_iter().collect();
    if document.done.len() != n {
        return None;
    }
    // Bad or repeated attributes are the validator's to report.
    let n = doc.attributes.0.len();
    for (name, value) in doc.attributes.0 {
        crate::model::check_attribute(&name, &value).ok()?;
        document.attributes.insert(name, value);
    }
    if document.attributes.len() != n {
        return None;
    }
    document.suggestions = suggestions(doc.suggestions, &document, known)?;
    document.rejected = suggestions(doc.rejected, &document, known)?;
    // Unknown ends or types, repeats: the validator's to report.
    for relation in doc.relations {
        relations::add_relation(&mut document, relation.into(), relation_types).ok()?;
    }
    Some(document)
}

/// One suggestion list, if every entry is valid and none repeats.
fn suggestions(
    raw: Vec<SuggestionIn>,
    document: &Document,
    known: &HashSet<&str>,
) -> Option<std::collections::BTreeSet<crate::model::Suggestion>> {
    let n = raw.len();
    let set: std::collections::BTreeSet<_> = raw
        .into_iter()
        .map(|s| crate::model::Suggestion::new(s.start, s.end, &s.theme))
        .filter(|s| document.check_suggestion(s).is_ok() && known.contains(s.theme.as_str()))
        .collect();
    (set.len() == n).then_some(set)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::fixture;
    use crate::store::{from_ron_str, to_ron_string, validate};

    /// Every change below makes the file invalid: the fast path must
    /// refuse it (leaving the validator to explain), never accept it.
    #[test]
    fn refuses_whatever_the_validator_refuses() {
        let good = to_ron_string(&fixture::project()).unwrap();
        assert_eq!(load(&good), Some(fixture::project()));
        let first_span = good.find("(start: ").unwrap();
        let dup_span = {
            let line_end = first_span + good[first_span..].find('\n').unwrap();
            let line = &good[first_span..=line_end];
            format!("{}{}{}", &good[..first_span], line, &good[first_span..])
        };
        let bad = [
            good.replacen("format: 1", "format: 0", 1),
            good.replacen("format: 1", &format!("format: {}", FORMAT + 1), 1),
            good.replacen("\"codepoints\"", "\"utf16\"", 1),
            good.replacen("color: \"#", "color: \"#zz", 1),
            good.replacen("label: \"Health\"", "label: \"security\"", 1),
            good.replacen("key: Some('2')", "key: Some('1')", 1),
            good.replacen("key: Some('1')", "key: Some(' ')", 1),
            good.replacen("id: \"health\"", "id: \"\"", 1),
            good.replacen("sha256: \"", "sha256: \"0", 1),
            good.replacen("(start: ", "(start: 999999", 1),
            good.replacen("theme: \"health\"", "theme: \"nope\"", 1),
            good.replacen("line_endings: \"", "line_endings: \"x", 1),
            good.replacen("(start: ", "(extra: 1, start: ", 1),
            dup_span,
        ];
        for (i, text) in bad.iter().enumerate() {
            assert_ne!(text, &good, "case {i} changed nothing");
            assert!(
                from_ron_str(text).is_err(),
                "case {i}: the validator accepts it"
            );
            assert_eq!(load(text), None, "case {i}: the fast path accepts it");
        }
        // Attributes change how the file parses: left to the validator.
        let attributed = format!("#![enable(implicit_some)]\n{good}");
        assert_eq!(load(&attributed), None);
        assert_eq!(from_ron_str(&attributed), Ok(fixture::project()));
    }

    /// Keys an older version accepted (a shortcut of the window, a key no
    /// keyboard key produces, one key in two cases) still open, on both
    /// paths and to the same project; `validate` warns about them.
    #[test]
    fn keys_that_only_warn_open_on_both_paths() {
        let good = to_ron_string(&fixture::project()).unwrap();
        for (from, to) in [
            ("key: Some('1')", "key: Some('n')"),
            ("key: Some('1')", "key: Some('é')"),
            ("key: Some('1')", "key: Some('😀')"),
        ] {
            let text = good.replacen(from, to, 1);
            assert_ne!(text, good, "{to}: changed nothing");
            let fast = load(&text).unwrap_or_else(|| panic!("{to}: the fast path refuses it"));
            assert_eq!(Ok(&fast), validate::validate(&text).as_ref(), "{to}");
        }
        let two_cases = good
            .replacen("key: Some('1')", "key: Some('a')", 1)
            .replacen("key: Some('2')", "key: Some('A')", 1);
        let fast = load(&two_cases).expect("the fast path refuses 'a' and 'A'");
        assert_eq!(Ok(&fast), validate::validate(&two_cases).as_ref());
        assert_eq!(crate::model::rules::warnings(&fast).len(), 1);
    }
}
