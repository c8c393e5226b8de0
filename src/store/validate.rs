//! The validator: reads a project file piece by piece so that every
//! problem is reported with its line and column and a plain explanation.
//! Valid files are usually read by the fast path (`fast.rs`) instead; this
//! one runs when that path gives up, and in debug builds to check it.

use super::*;

/// Parses and validates a project file, locating every problem.
pub(super) fn validate(source: &str) -> Result<Project, FileError> {
    let ron = ron::Options::default().with_recursion_limit(RON_DEPTH);
    // The format usually opens the file; parse the whole file for it only
    // when it does not (a comment first, say).
    let format =
        leading_format(source).or_else(|| ron.from_str::<Header>(source).map(|h| h.format).ok());
    if let Some(format) = format
        && format > FORMAT
    {
        return Err(FileError::NewerFormat(format));
    }
    let lines = SourcePositions::new(source);
    let file: FileIn = ron.from_str(source).map_err(|e| {
        FileError::Invalid(vec![Problem {
            position: Some(Position {
                line: e.span.start.line,
                col: e.span.start.col,
            }),
            message: ron_message(&e.code),
        }])
    })?;
    Validator {
        source,
        lines,
        problems: Vec::new(),
    }
    .project(file)
}

/// The format number a file starts with, `(format: N,`, read without
/// parsing the rest: a newer format may not be RON this version can parse.
pub(super) fn leading_format(source: &str) -> Option<u64> {
    let rest = source.trim_start().strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("format")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// The codebook's theme ids: in codebook order for messages, and as a set.
struct ThemeIds<'t> {
    listed: Vec<&'t str>,
    known: HashSet<&'t str>,
}

struct Validator<'s> {
    source: &'s str,
    lines: SourcePositions<'s>,
    problems: Vec<Problem>,
}

impl<'s> Validator<'s> {
    fn project(mut self, file: FileIn<'s>) -> Result<Project, FileError> {
        if file.format == 0 {
            self.problem(None, "format 0 does not exist; the first format is 1");
        }
        if file.offsets != OFFSETS {
            self.problem(
                None,
                format!(
                    "offsets are in {:?}, but Marginalia reads offsets in {OFFSETS:?} (Unicode code points)",
                    file.offsets
                ),
            );
        }
        let themes = self.themes(&file.themes);
        let mut project = Project::new(file.name, themes);
        project.relation_types = self.relation_types(&project, &file.relation_types);
        let themes = &project.themes;
        let theme_ids = ThemeIds {
            listed: themes.iter().map(|t| t.id.as_str()).collect(),
            known: themes.iter().map(|t| t.id.as_str()).collect(),
        };
        let mut documents = Vec::new();
        let mut doc_ids = HashMap::new();
        for raw in &file.documents {
            let at = self.position_of(raw);
            let Some(doc) = self.parse::<DocumentIn>(raw) else {
                continue;
            };
            if let Some(first) = doc_ids.insert(doc.id.clone(), at) {
                self.problem(
                    at,
                    format!(
                        "duplicate document id {:?} (first used at {})",
                        doc.id,
                        show(first)
                    ),
                );
            }
            let types = &project.relation_types;
            if let Some(d) = self.document(doc, at, &theme_ids, &file.themes, types) {
                documents.push(d);
            }
        }
        project.documents = documents;
        project.memos = self.memos(&project, &file.memos);
        if self.problems.is_empty() {
            Ok(project)
        } else {
            Err(FileError::Invalid(self.problems))
        }
    }

    fn themes(&mut self, raws: &[&'s RawValue]) -> Vec<Theme> {
        let mut themes: Vec<Theme> = Vec::new();
        let mut positions = Vec::new();
        let mut check = rules::CodebookCheck::default();
        for raw in raws {
            let at = self.position_of(raw);
            let Some(t) = self.parse::<ThemeIn>(raw) else {
                continue;
            };
            let color = t.color.parse::<Color>().unwrap_or_else(|e| {
                self.problem(at, format!("theme {:?}: {e}", t.id));
                // Keep the theme, so that its spans are not also reported
                // as using a theme missing from the codebook.
                Color::rgb(0, 0, 0)
            });
            let theme = t.into_theme(color);
            // Key rules added later only warn (`validate` lists them).
            for problem in check.next(&theme, &themes) {
                match problem {
                    _ if problem.is_warning() => {}
                    ThemeProblem::EmptyId | ThemeProblem::DuplicateId(_) => {
                        self.problem(at, problem.to_string());
                    }
                    _ => self.problem(at, format!("theme {:?}: {problem}", theme.id)),
                }
            }
            themes.push(theme);
            positions.push(at);
        }
        // The tree (parents exist, no cycle) once the whole codebook is read.
        for (i, problem) in rules::check_tree(&themes) {
            self.problem(positions[i], format!("theme {:?}: {problem}", themes[i].id));
        }
        themes
    }

    /// Reads the relation types (format 2), reporting a bad colour, an
    /// empty or repeated id or label and an unknown end theme at its line.
    fn relation_types(&mut self, project: &Project, raws: &[&'s RawValue]) -> Vec<RelationType> {
        let mut types = Vec::new();
        let mut positions = Vec::new();
        for raw in raws {
            let at = self.position_of(raw);
            let Some(t) = self.parse::<RelationTypeIn>(raw) else {
                continue;
            };
            let color = t.color.parse::<Color>().unwrap_or_else(|e| {
                self.problem(at, format!("relation type {:?}: {e}", t.id));
                Color::rgb(0, 0, 0)
            });
            types.push(t.into_relation_type(color));
            positions.push(at);
        }
        for (i, problem) in relations::check_relation_types(project, &types) {
            self.problem(positions[i], problem);
        }
        types
    }

    /// Reads the memos (format 2), reporting an empty or repeated id, a
    /// bad time or a link to nothing at the memo's line.
    fn memos(&mut self, project: &Project, raws: &[&'s RawValue]) -> Vec<Memo> {
        let mut memos = Vec::new();
        let mut positions = Vec::new();
        for raw in raws {
            let at = self.position_of(raw);
            if let Some(m) = self.parse::<MemoIn>(raw) {
                memos.push(Memo::from(m));
                positions.push(at);
            }
        }
        for (i, problem) in relations::check_memos(project, &memos) {
            self.problem(positions[i], problem);
        }
        memos
    }

    fn document(
        &mut self,
        doc: DocumentIn<'s>,
        at: Option<Position>,
        theme_ids: &ThemeIds,
        raw_themes: &[&RawValue],
        relation_types: &[RelationType],
    ) -> Option<Document> {
        let mut ok = true;
        if doc.id.is_empty() {
            self.problem(at, "a document has an empty id");
            ok = false;
        }
        let hash = sha256_hex(&doc.text);
        if !hash.eq_ignore_ascii_case(doc.sha256.trim()) {
            self.problem(
                at,
                format!(
                    "document {:?}: its text does not match its sha256 (the text or the hash was changed outside Marginalia); the text hashes to {hash}",
                    doc.id
                ),
            );
            ok = false;
        }
        let source = doc.source.and_then(|s| {
            let kind = s.kind.as_deref().map(str::parse).transpose();
            match (s.line_endings.parse(), kind) {
                (Ok(line_endings), Ok(kind)) => Some(Source {
                    path: s.path,
                    encoding: s.encoding,
                    bom: s.bom,
                    line_endings,
                    kind,
                }),
                (Err(e), _) | (_, Err(e)) => {
                    self.problem(at, format!("document {:?}: {e}", doc.id));
                    ok = false;
                    None
                }
            }
        });
        let mut document = Document::new(doc.id, doc.title, Text::new(doc.text));
        document.source = source;
        for annotator in doc.done {
            if annotator.is_empty() {
                self.problem(
                    at,
                    format!(
                        "document {:?}: an empty annotator name is marked done",
                        document.id
                    ),
                );
                ok = false;
            } else if !document.done.insert(annotator.clone()) {
                self.problem(
                    at,
                    format!(
                        "document {:?}: annotator {annotator:?} is marked done twice",
                        document.id
                    ),
                );
                ok = false;
            }
        }
        for (name, value) in doc.attributes.0 {
            if let Err(reason) = crate::model::check_attribute(&name, &value) {
                self.problem(at, format!("document {:?}: {reason}", document.id));
                ok = false;
                continue;
            }
            match document.attributes.entry(name) {
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(value);
                }
                std::collections::btree_map::Entry::Occupied(e) => {
                    let message = format!(
                        "document {:?}: attribute {:?} is given twice",
                        document.id,
                        e.key()
                    );
                    self.problem(at, message);
                    ok = false;
                }
            }
        }
        let mut spans = Vec::with_capacity(doc.spans.len());
        let mut keys = HashSet::new();
        for raw in &doc.spans {
            let span_at = self.position_of(raw);
            let Some(s) = self.parse::<SpanIn>(raw) else {
                ok = false;
                continue;
            };
            let span = Span {
                start: s.start,
                end: s.end,
                theme: s.theme,
                annotator: s.annotator,
                note: s.note,
            };
            let problem = if let Err(reason) = document.check_span(&span) {
                Some(reason)
            } else if !theme_ids.known.contains(span.theme.as_str()) {
                Some(format!(
                    "span {}..{} uses theme {:?}, which is not in the codebook{}",
                    span.start,
                    span.end,
                    span.theme,
                    if raw_themes.is_empty() {
                        String::from(" (the codebook is empty)")
                    } else {
                        format!(" ({})", theme_ids.listed.join(", "))
                    }
                ))
            } else if !keys.insert((
                span.start,
                span.end,
                span.theme.clone(),
                span.annotator.clone(),
            )) {
                Some(format!(
                    "span {}..{} with theme {:?} by {:?} appears twice",
                    span.start, span.end, span.theme, span.annotator
                ))
            } else {
                None
            };
            match problem {
                Some(reason) => {
                    self.problem(span_at, format!("document {:?}: {reason}", document.id));
                    ok = false;
                }
                None => spans.push(span),
            }
        }
        document.spans = SpanIndex::from_spans(spans);
        let proposed = self.suggestions(&document, &doc.suggestions, "suggestion", theme_ids);
        let rejected = self.suggestions(&document, &doc.rejected, "rejected suggestion", theme_ids);
        match (proposed, rejected) {
            (Some(proposed), Some(rejected)) => {
                document.suggestions = proposed;
                document.rejected = rejected;
            }
            _ => ok = false,
        }
        // Relations once the spans are indexed: their ends are looked up.
        for raw in &doc.relations {
            let rel_at = self.position_of(raw);
            let Some(r) = self.parse::<RelationIn>(raw) else {
                ok = false;
                continue;
            };
            if let Err(reason) = relations::add_relation(&mut document, r.into(), relation_types) {
                self.problem(rel_at, format!("document {:?}: {reason}", document.id));
                ok = false;
            }
        }
        ok.then_some(document)
    }

    /// Reads one of a document's suggestion lists (format 2), reporting
    /// bad offsets, unknown themes and repeats at their lines.
    fn suggestions(
        &mut self,
        document: &Document,
        raws: &[&'s RawValue],
        what: &str,
        theme_ids: &ThemeIds,
    ) -> Option<std::collections::BTreeSet<crate::model::Suggestion>> {
        let mut out = std::collections::BTreeSet::new();
        let mut ok = true;
        for raw in raws {
            let at = self.position_of(raw);
            let Some(s) = self.parse::<SuggestionIn>(raw) else {
                ok = false;
                continue;
            };
            let s = crate::model::Suggestion::new(s.start, s.end, &s.theme);
            let problem = if let Err(reason) = document.check_suggestion(&s) {
                Some(format!("{what} {reason}"))
            } else if !theme_ids.known.contains(s.theme.as_str()) {
                Some(format!(
                    "{what} {}..{} uses theme {:?}, which is not in the codebook",
                    s.start, s.end, s.theme
                ))
            } else if out.contains(&s) {
                Some(format!(
                    "{what} {}..{} of theme {:?} appears twice",
                    s.start, s.end, s.theme
                ))
            } else {
                None
            };
            match problem {
                Some(reason) => {
                    self.problem(at, format!("document {:?}: {reason}", document.id));
                    ok = false;
                }
                None => {
                    out.insert(s);
                }
            }
        }
        ok.then_some(out)
    }

    /// Deserialises one raw value, recording a positioned problem on error.
    fn parse<T: serde::Deserialize<'s>>(&mut self, raw: &'s RawValue) -> Option<T> {
        match raw.into_rust::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                let base = self.offset_of(raw.get_ron());
                let position = base.map(|b| {
                    let start = Position::from(self.lines.at(b));
                    let rel = e.span.start;
                    if rel.line <= 1 {
                        Position {
                            line: start.line,
                            col: start.col + rel.col.saturating_sub(1),
                        }
                    } else {
                        Position {
                            line: start.line + rel.line - 1,
                            col: rel.col,
                        }
                    }
                });
                self.problem(position, ron_message(&e.code));
                None
            }
        }
    }

    fn offset_of(&self, part: &str) -> Option<usize> {
        let start = self.source.as_ptr() as usize;
        let p = part.as_ptr() as usize;
        (p >= start && p + part.len() <= start + self.source.len()).then(|| p - start)
    }

    /// Where a value starts, after the white space ron keeps in front of
    /// it. (Not [`RawValue::trim`], which parses the value again: for a
    /// document that would be its whole text and every span.)
    fn position_of(&self, raw: &RawValue) -> Option<Position> {
        let ron = raw.get_ron();
        let start = &ron[ron.len() - ron.trim_start().len()..];
        self.offset_of(start).map(|b| self.lines.at(b).into())
    }

    fn problem(&mut self, position: Option<Position>, message: impl Into<String>) {
        self.problems.push(Problem {
            position,
            message: message.into(),
        });
    }
}

fn show(p: Option<Position>) -> String {
    p.map_or_else(
        || "earlier".into(),
        |p| format!("line {}:{}", p.line, p.col),
    )
}

/// How deeply ron nests before it refuses a file (its default, which
/// [`RawValue::into_rust`] uses too), so that a hostile file cannot
/// overflow the stack.
const RON_DEPTH: usize = 128;

/// ron's error text, with the type names of our schema made plain.
fn ron_message(code: &ron::Error) -> String {
    let text = match code {
        ron::Error::ExceededRecursionLimit => format!(
            "brackets are nested too deeply (more than {RON_DEPTH} levels); \
             a project file nests them only a few levels deep"
        ),
        ron::Error::IntegerOutOfBounds => format!(
            "a number is negative or too large: formats and offsets are whole numbers \
             from 0 to {}",
            usize::MAX
        ),
        ron::Error::Eof => "the file ends too early (is it truncated?)".into(),
        other => other.to_string(),
    };
    let text = text
        .replace("struct `FileIn`", "the project")
        .replace("`FileIn`", "the project")
        .replace("`ThemeIn`", "a theme")
        .replace("`DocumentIn`", "a document")
        .replace("`SpanIn`", "a span")
        .replace("`SourceIn`", "a document source")
        .replace("`AttributesIn`", "document attributes")
        .replace("`SuggestionIn`", "a suggestion")
        .replace("`RelationTypeIn`", "a relation type")
        .replace("`RelationIn`", "a relation")
        .replace("`SpanRefIn`", "a relation's span")
        .replace("`MemoIn`", "a memo")
        .replace("`MemoLinkIn`", "a memo link");
    format!("malformed project file: {text}")
}

impl From<LineCol> for Position {
    fn from(p: LineCol) -> Self {
        Position {
            line: p.line,
            col: p.column,
        }
    }
}
