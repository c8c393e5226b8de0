//! brat standoff: a folder with, per document, `DOC.txt` (the text, UTF-8,
//! LF) and `DOC.ann` (the annotations), plus `annotation.conf` and
//! `visual.conf` for the codebook. Offsets are code points (Python `str`
//! indices), end exclusive.
//!
//! (tabs shown as two spaces)
//!
//! ```text
//! T1  ICT 0 16  Grüße aus Köln 😀
//! T2  Health 22 36;37 43  ministers met. Health
//! #1  AnnotatorNotes T2  crosses a "line" break\nand has two lines
//! ```
//!
//! **Export.** `DOC` is the document id made safe as a file name (a `-2`
//! suffix if two ids give the same name). Spans are `T` lines numbered in
//! span order. A brat type name cannot hold spaces or most punctuation, so
//! each theme gets a type made of its label with every character other
//! than ASCII letters, digits, `_` and `-` replaced by `_` (`Köln Trade`
//! becomes `K_ln_Trade`, with `_2`, `_3` added if two labels give the same
//! type); `visual.conf` maps every type back to its label (`[labels]`) and
//! colour (`[drawing]`, `bgColor:#rrggbb`), and `annotation.conf` lists
//! every theme of the codebook under `[entities]`. A span that crosses line
//! breaks is written, as brat writes it, as one fragment per line
//! (`22 36;37 43`), each fragment exactly the span's part of that line
//! without the `\n`; the text column joins the fragments' texts with a
//! space. A note is an `AnnotatorNotes` line right after its span; brat
//! notes are one line, so a backslash is written `\\`, a line break `\n`
//! and a carriage return `\r`.
//!
//! Not carried: annotator names (brat has no place for them); line breaks
//! at the very start or end of a span (brat fragments never hold them: the
//! span comes back without them); a span of only line breaks (nothing to
//! write); `|` or control characters in a theme label (`visual.conf`
//! cannot hold them; they become `/` and spaces). All are reported.
//!
//! **Import** reads a folder (every `X.ann` with its `X.txt`, in name
//! order; other files are ignored), or one `X.ann` or `X.txt` with its
//! sibling. `annotation.conf` and `visual.conf` next to the `.ann` files,
//! when present, give the themes: each `[entities]` type (abstract `!`
//! types skipped) with its `[labels]` label and `[drawing]` `bgColor`.
//! A span's label is its type's `visual.conf` label, else the type itself.
//! The `.txt` must be UTF-8 and is kept exactly (a `\r\n` counts as two
//! code points, as in brat; the import plan then normalises it).
//!
//! - A `T` line's text column must equal the text its offsets select
//!   (fragments joined by a space; trailing white space is not compared,
//!   since some tools strip it); otherwise the file counts in some other
//!   unit and is refused, naming the line and both strings.
//! - A `T` line with several fragments becomes one span from the first
//!   fragment's start to the last one's end when the text between the
//!   fragments is only white space (line breaks, as Marginalia and brat
//!   write them). Any other discontinuous `T` cannot be one Marginalia
//!   span: each fragment becomes its own span with the same label, and
//!   each one's note says so (`[brat T5: discontinuous, fragment 1 of 2]`,
//!   after any `AnnotatorNotes`).
//! - `AnnotatorNotes` on a `T` become its note (several are joined by line
//!   breaks; `\n`, `\r` and `\\` are unescaped, any other backslash is
//!   kept). Relations (`R`), events (`E`), attributes (`A`, `M`),
//!   normalisations (`N`), equivalences (`*`) and other notes are not
//!   imported; [`import_counting`] says how many were skipped. An
//!   event's trigger is a `T` line and is imported like any other.
//! - A malformed line (no tab, non-numeric or reversed offsets, offsets
//!   past the end of the text, an unknown kind of line, a note on a `T`
//!   that does not exist) refuses the import with the `.ann` file and line.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::export::{ExportError, ExportFile, ExportJob};
use super::import::{ImportError, Imported, ImportedDocument, ImportedSpan, ImportedTheme};
use crate::model::text::invalid_utf8_at;
use crate::model::{Color, Source, Text};

/// The brat type for every label, and the codebook in `annotation.conf`
/// order.
struct Types {
    /// (type, label, colour), codebook themes first.
    list: Vec<(String, String, Option<Color>)>,
    by_label: HashMap<String, usize>,
}

impl Types {
    fn new(job: &ExportJob) -> Self {
        let mut types = Types {
            list: Vec::new(),
            by_label: HashMap::new(),
        };
        let mut taken = HashSet::new();
        let mut add = |types: &mut Types, label: &str, color: Option<Color>| {
            if types.by_label.contains_key(label) {
                return;
            }
            let base = type_name(label);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            types.by_label.insert(label.to_owned(), types.list.len());
            types.list.push((name, label.to_owned(), color));
        };
        for t in job.project.themes() {
            add(&mut types, &t.label, Some(t.color));
        }
        for (_, spans) in &job.docs {
            for s in spans {
                add(&mut types, job.label(s), None);
            }
        }
        types
    }

    fn of(&self, label: &str) -> &str {
        &self.list[self.by_label[label]].0
    }
}

/// A brat-safe type name: ASCII letters, digits, `_` and `-` kept, every
/// other character `_`.
pub fn type_name(label: &str) -> String {
    let s: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "_".to_owned() } else { s }
}

/// A label as `visual.conf` can hold it: no `|`, no control characters.
fn visual_label(label: &str) -> String {
    label
        .chars()
        .map(|c| match c {
            '|' => '/',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The code-point ranges of `[start, end)` that lie between line breaks:
/// the fragments brat writes for a span. Never empty ranges.
pub fn fragments(text: &Text, start: usize, end: usize) -> Vec<(usize, usize)> {
    let Some(slice) = text.slice(start, end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut from = start;
    for (i, c) in slice.chars().enumerate() {
        if c == '\n' {
            if start + i > from {
                out.push((from, start + i));
            }
            from = start + i + 1;
        }
    }
    if end > from {
        out.push((from, end));
    }
    out
}

/// A note as one line: `\` → `\\`, line feed → `\n`, carriage return → `\r`.
pub fn escape_note(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_note`]; a backslash before anything else is
/// kept as it is.
pub fn unescape_note(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

/// A folder: `DOC.txt` and `DOC.ann` per document, `annotation.conf` and
/// `visual.conf`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let types = Types::new(job);
    let mut files = Vec::new();
    let stems = job.file_stems();
    for (i, stem) in stems.into_iter().enumerate() {
        let (doc, spans) = (job.docs[i].0, job.docs[i].1.clone());
        let text = doc.text();
        let mut ann = String::new();
        let (mut t, mut notes) = (0, 0);
        for s in spans {
            let frags = fragments(text, s.start, s.end);
            let Some((first, last)) = frags.first().zip(frags.last()) else {
                job.lose(
                    doc,
                    Some(s),
                    "spans of only line breaks are not carried",
                    "brat fragments never hold line breaks",
                );
                continue;
            };
            if first.0 != s.start || last.1 != s.end {
                job.lose(
                    doc,
                    Some(s),
                    "line breaks at the ends of a span are left out",
                    format!("written as {}..{}", first.0, last.1),
                );
            }
            t += 1;
            let offsets: Vec<String> = frags.iter().map(|(a, b)| format!("{a} {b}")).collect();
            let texts: Vec<&str> = frags
                .iter()
                .map(|&(a, b)| text.slice(a, b).unwrap_or_default())
                .collect();
            let _ = writeln!(
                ann,
                "T{t}\t{} {}\t{}",
                types.of(job.label(s)),
                offsets.join(";"),
                texts.join(" ")
            );
            if !s.note.is_empty() {
                notes += 1;
                let _ = writeln!(
                    ann,
                    "#{notes}\tAnnotatorNotes T{t}\t{}",
                    escape_note(&s.note)
                );
            }
        }
        files.push(ExportFile::new(format!("{stem}.txt"), text.as_str()));
        files.push(ExportFile::new(format!("{stem}.ann"), ann));
        job.advance()?;
    }
    job.lose_annotators("brat");
    // Labels visual.conf cannot hold.
    let renamed: HashSet<&str> = types
        .list
        .iter()
        .filter(|(_, label, _)| visual_label(label) != *label)
        .map(|(_, label, _)| label.as_str())
        .collect();
    if !renamed.is_empty() {
        let lost: Vec<_> = job
            .docs
            .iter()
            .flat_map(|(d, spans)| spans.iter().map(move |s| (*d, *s)))
            .filter(|(_, s)| renamed.contains(job.label(s)))
            .collect();
        for (d, s) in lost {
            let label = visual_label(job.label(s));
            job.lose(
                d,
                Some(s),
                "theme labels with \"|\" or control characters are changed",
                format!("labelled {label:?} in visual.conf"),
            );
        }
    }

    let mut conf =
        String::from("# Written by Marginalia: one entity type per theme.\n[entities]\n");
    for (name, _, _) in &types.list {
        conf.push_str(name);
        conf.push('\n');
    }
    conf.push_str("\n[relations]\n\n[events]\n\n[attributes]\n");
    let mut visual = String::from("# Written by Marginalia: theme labels and colours.\n[labels]\n");
    for (name, label, _) in &types.list {
        let _ = writeln!(visual, "{name} | {}", visual_label(label));
    }
    visual.push_str("\n[drawing]\n");
    for (name, _, color) in &types.list {
        if let Some(color) = color {
            let _ = writeln!(visual, "{name}\tbgColor:{color}");
        }
    }
    files.push(ExportFile::new("annotation.conf", conf));
    files.push(ExportFile::new("visual.conf", visual));
    Ok(files)
}

/// Annotations a brat import read but did not import, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ignored {
    pub relations: usize,
    pub events: usize,
    pub attributes: usize,
    pub normalizations: usize,
    pub equivalences: usize,
    /// Notes that are not `AnnotatorNotes` on a `T`.
    pub other_notes: usize,
}

impl Ignored {
    /// Whether nothing was skipped.
    pub fn is_empty(&self) -> bool {
        *self == Ignored::default()
    }
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            (self.relations, "relation(s)"),
            (self.events, "event(s)"),
            (self.attributes, "attribute(s)"),
            (self.normalizations, "normalisation(s)"),
            (self.equivalences, "equivalence(s)"),
            (self.other_notes, "other note(s)"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() {
            f.write_str("nothing skipped")
        } else {
            write!(f, "{} not imported", parts.join(", "))
        }
    }
}

/// Reads a brat folder, or one `.ann` / `.txt` with its sibling.
pub fn import(path: &Path) -> Result<Imported, ImportError> {
    let (mut imported, ignored) = import_counting(path)?;
    if !ignored.is_empty() {
        imported.warnings.push(ignored.to_string());
    }
    Ok(imported)
}

/// [`import`], also saying what was skipped.
pub fn import_counting(path: &Path) -> Result<(Imported, Ignored), ImportError> {
    let (dir, anns) = if path.is_dir() {
        let entries = std::fs::read_dir(path)
            .map_err(|e| ImportError::whole(path, format!("cannot read the folder: {e}")))?;
        let mut anns = Vec::new();
        for e in entries {
            let e =
                e.map_err(|e| ImportError::whole(path, format!("cannot read the folder: {e}")))?;
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ann") && p.is_file() {
                anns.push(p);
            }
        }
        if anns.is_empty() {
            return Err(ImportError::whole(
                path,
                "no .ann files in this folder; a brat folder holds DOC.txt and DOC.ann per document",
            ));
        }
        anns.sort();
        (path.to_owned(), anns)
    } else {
        let ann = match path.extension().and_then(|x| x.to_str()) {
            Some("ann") => path.to_owned(),
            Some("txt") => path.with_extension("ann"),
            _ => {
                return Err(ImportError::whole(
                    path,
                    "a brat import is a folder, an .ann file or a .txt file",
                ));
            }
        };
        if !ann.is_file() {
            return Err(ImportError::whole(
                path,
                format!("there is no {} next to it", file_name(&ann)),
            ));
        }
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_owned);
        (dir, vec![ann])
    };

    let conf = Conf::read(&dir)?;
    let mut ignored = Ignored::default();
    let mut imported = Imported::default();
    let mut used_types: Vec<String> = Vec::new();
    for ann in anns {
        let txt = ann.with_extension("txt");
        if !txt.is_file() {
            return Err(ImportError::whole(
                &ann,
                format!("there is no {} next to it", file_name(&txt)),
            ));
        }
        let text = read_utf8(&txt)?;
        let ann_text = read_utf8(&ann)?;
        let doc = read_ann(&ann, &ann_text, &txt, text, &conf, &mut ignored)?;
        for s in &doc.1 {
            if !used_types.contains(s) {
                used_types.push(s.clone());
            }
        }
        imported.documents.push(doc.0);
    }
    let mut types = conf.entities.clone();
    for t in used_types {
        if !types.contains(&t) {
            types.push(t);
        }
    }
    imported.themes = types
        .iter()
        .map(|t| ImportedTheme {
            label: conf.label(t).to_owned(),
            color: conf.colors.get(t).copied(),
            description: String::new(),
        })
        .collect();
    Ok((imported, ignored))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
}

/// A file's contents as UTF-8, refused with the byte and line of the first
/// invalid sequence.
fn read_utf8(path: &Path) -> Result<String, ImportError> {
    // Bounded: refuses folders, devices, pipes and oversized files unread.
    let bytes = super::import::read_file(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        ImportError::new(
            path,
            Some(invalid_utf8_at(e.as_bytes(), at).to_string()),
            format!("not valid UTF-8 (bad byte at file offset {at}; brat files are UTF-8)"),
        )
    })
}

/// What `annotation.conf` and `visual.conf` say.
#[derive(Default)]
struct Conf {
    /// `[entities]` types in order, abstract ones left out.
    entities: Vec<String>,
    labels: HashMap<String, String>,
    colors: HashMap<String, Color>,
}

impl Conf {
    fn read(dir: &Path) -> Result<Conf, ImportError> {
        let mut conf = Conf::default();
        let sections = |path: &Path| -> Result<Vec<(String, String)>, ImportError> {
            if !path.is_file() {
                return Ok(Vec::new());
            }
            let text = read_utf8(path)?;
            let mut section = String::new();
            let mut out = Vec::new();
            for line in text.trim_start_matches('\u{feff}').lines() {
                let trimmed = line.trim();
                if trimmed.is_empty() || trimmed.starts_with('#') {
                    continue;
                }
                if let Some(name) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                    section = name.trim().to_owned();
                    continue;
                }
                out.push((section.clone(), line.to_owned()));
            }
            Ok(out)
        };
        for (section, line) in sections(&dir.join("annotation.conf"))? {
            let line = line.trim();
            if section != "entities" || line.starts_with('!') || line.starts_with('<') {
                continue;
            }
            if let Some(t) = line.split_whitespace().next()
                && !conf.entities.iter().any(|e| e == t)
            {
                conf.entities.push(t.to_owned());
            }
        }
        for (section, line) in sections(&dir.join("visual.conf"))? {
            match section.as_str() {
                "labels" => {
                    let mut parts = line.split('|').map(str::trim);
                    if let (Some(t), Some(label)) = (parts.next(), parts.next())
                        && !t.is_empty()
                        && !label.is_empty()
                    {
                        conf.labels.insert(t.to_owned(), label.to_owned());
                    }
                }
                "drawing" => {
                    let line = line.trim();
                    let Some((t, rest)) = line.split_once(char::is_whitespace) else {
                        continue;
                    };
                    for kv in rest.split(',') {
                        if let Some((k, v)) = kv.split_once(':')
                            && k.trim() == "bgColor"
                            && let Ok(c) = v.parse::<Color>()
                        {
                            conf.colors.insert(t.to_owned(), c);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(conf)
    }

    fn label<'a>(&'a self, t: &'a str) -> &'a str {
        self.labels.get(t).map_or(t, String::as_str)
    }
}

/// One `T` line as read.
struct TextBound {
    line: usize,
    ty: String,
    fragments: Vec<(usize, usize)>,
    notes: Vec<String>,
}

/// Reads one `.ann` against its text: the document and the types it uses.
fn read_ann(
    ann: &Path,
    ann_text: &str,
    txt: &Path,
    text: String,
    conf: &Conf,
    ignored: &mut Ignored,
) -> Result<(ImportedDocument, Vec<String>), ImportError> {
    let t = Text::new(text);
    let len = t.len_chars();
    let mut bounds: Vec<(String, TextBound)> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut notes: Vec<(usize, String, String)> = Vec::new();
    // A byte-order mark is not part of the first id.
    let ann_text = ann_text.strip_prefix('\u{feff}').unwrap_or(ann_text);
    for (i, line) in ann_text.lines().enumerate() {
        let n = i + 1;
        let err = |m: String| ImportError::at_line(ann, n, m);
        if line.trim().is_empty() {
            continue;
        }
        let Some((id, rest)) = line.split_once('\t') else {
            return Err(err(format!(
                "expected an id and a tab at the start of the line, found {line:?}"
            )));
        };
        match id.chars().next() {
            Some('T') => {
                let Some((type_offsets, column)) = rest.split_once('\t') else {
                    return Err(err(format!(
                        "{id} has no text column (expected ID<tab>TYPE START END<tab>TEXT)"
                    )));
                };
                let Some((ty, offsets)) = type_offsets.split_once(' ') else {
                    return Err(err(format!(
                        "{id}: expected TYPE START END, found {type_offsets:?}"
                    )));
                };
                let mut frags = Vec::new();
                for frag in offsets.split(';') {
                    let nums: Vec<&str> = frag.split_whitespace().collect();
                    let [a, b] = nums[..] else {
                        return Err(err(format!("{id}: expected START END, found {frag:?}")));
                    };
                    let num = |s: &str| {
                        s.parse::<usize>()
                            .map_err(|_| err(format!("{id}: offset {s:?} is not a whole number")))
                    };
                    let (a, b) = (num(a)?, num(b)?);
                    if a >= b {
                        return Err(err(format!(
                            "{id}: fragment start {a} is not before its end {b}"
                        )));
                    }
                    if b > len {
                        return Err(err(format!(
                            "{id}: offset {b} is past the end of {} ({len} code points)",
                            file_name(txt)
                        )));
                    }
                    frags.push((a, b));
                }
                let selected: Vec<&str> = frags
                    .iter()
                    .map(|&(a, b)| t.slice(a, b).unwrap_or_default())
                    .collect();
                let selected = selected.join(" ");
                if selected != column && selected.trim_end() != column.trim_end() {
                    return Err(err(format!(
                        "{id}: the offsets select {selected:?} in {} but the line says {column:?}; \
                         the file may count offsets in another unit than code points",
                        file_name(txt)
                    )));
                }
                frags.sort_unstable();
                if let Some(first) = ids.get(id) {
                    return Err(err(format!(
                        "{id} is defined twice (first on line {})",
                        bounds[*first].1.line
                    )));
                }
                ids.insert(id.to_owned(), bounds.len());
                bounds.push((
                    id.to_owned(),
                    TextBound {
                        line: n,
                        ty: ty.to_owned(),
                        fragments: frags,
                        notes: Vec::new(),
                    },
                ));
            }
            Some('#') => {
                let (head, body) = rest.split_once('\t').unwrap_or((rest, ""));
                let mut head = head.split_whitespace();
                match (head.next(), head.next()) {
                    (Some("AnnotatorNotes"), Some(target)) if target.starts_with('T') => {
                        notes.push((n, target.to_owned(), unescape_note(body)));
                    }
                    _ => ignored.other_notes += 1,
                }
            }
            Some('R') => ignored.relations += 1,
            Some('E') => ignored.events += 1,
            Some('A' | 'M') => ignored.attributes += 1,
            Some('N') => ignored.normalizations += 1,
            Some('*') => ignored.equivalences += 1,
            _ => {
                return Err(err(format!(
                    "unknown annotation {id:?}; brat lines start with T, R, E, A, M, N, * or #"
                )));
            }
        }
    }
    for (n, target, note) in notes {
        let Some(&i) = ids.get(&target) else {
            return Err(ImportError::at_line(
                ann,
                n,
                format!("the note is on {target}, which this file does not define"),
            ));
        };
        bounds[i].1.notes.push(note);
    }

    let name = file_name(ann);
    let mut spans = Vec::new();
    let mut types = Vec::new();
    for (id, b) in bounds {
        if !types.contains(&b.ty) {
            types.push(b.ty.clone());
        }
        let label = conf.label(&b.ty).to_owned();
        let note = b.notes.join("\n");
        let position = format!("{name}, line {}", b.line);
        let joinable = b.fragments.windows(2).all(|w| {
            w[1].0 <= w[0].1
                || t.slice(w[0].1, w[1].0)
                    .is_some_and(|g| g.chars().all(char::is_whitespace))
        });
        let (first, last) = (b.fragments[0], b.fragments[b.fragments.len() - 1]);
        if joinable {
            spans.push(ImportedSpan {
                start: first.0,
                end: b.fragments.iter().map(|f| f.1).max().unwrap_or(last.1),
                label,
                annotator: None,
                note,
                position,
            });
            continue;
        }
        let count = b.fragments.len();
        for (k, &(a, e)) in b.fragments.iter().enumerate() {
            let marker = format!("[brat {id}: discontinuous, fragment {} of {count}]", k + 1);
            spans.push(ImportedSpan {
                start: a,
                end: e,
                label: label.clone(),
                annotator: None,
                note: if note.is_empty() {
                    marker
                } else {
                    format!("{note}\n{marker}")
                },
                position: position.clone(),
            });
        }
    }
    let stem = ann
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let endings = super::import::line_endings_of(t.as_str());
    Ok((
        ImportedDocument {
            id: stem.clone(),
            title: stem,
            text: t.as_str().to_owned(),
            source: Some(Source {
                path: txt.display().to_string(),
                encoding: "UTF-8".into(),
                bom: false,
                line_endings: endings,
            }),
            spans,
        },
        types,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{fixture, import};
    use crate::model::{Edit, Project, Span, Theme};
    use std::collections::BTreeMap;

    /// Spans by document and offsets: (label, note).
    fn by_label(imported: &Imported) -> BTreeMap<(String, usize, usize), (String, String)> {
        imported
            .documents
            .iter()
            .flat_map(|d| {
                d.spans.iter().map(move |s| {
                    (
                        (d.id.clone(), s.start, s.end),
                        (s.label.clone(), s.note.clone()),
                    )
                })
            })
            .collect()
    }

    fn export_fixture(p: &Project) -> (Vec<ExportFile>, crate::formats::ExportReport) {
        fixture::export_default(p, crate::formats::Format::Brat)
    }

    fn file<'a>(files: &'a [ExportFile], name: &str) -> &'a str {
        let f = files
            .iter()
            .find(|f| f.path == Path::new(name))
            .unwrap_or_else(|| panic!("no {name}"));
        std::str::from_utf8(&f.bytes).unwrap()
    }

    fn write(dir: &Path, files: &[ExportFile]) {
        crate::formats::write_export(files, dir, true).unwrap();
    }

    /// Every T line, parsed independently: (type, fragments, text column).
    /// (type, fragments, text column) of a `T` line.
    type TLine = (String, Vec<(usize, usize)>, String);

    fn t_lines(ann: &str) -> Vec<TLine> {
        ann.lines()
            .filter(|l| l.starts_with('T'))
            .map(|l| {
                let cols: Vec<&str> = l.splitn(3, '\t').collect();
                let mut head = cols[1].splitn(2, ' ');
                let ty = head.next().unwrap().to_owned();
                let frags = head
                    .next()
                    .unwrap()
                    .split(';')
                    .map(|f| {
                        let (a, b) = f.split_once(' ').unwrap();
                        (a.parse().unwrap(), b.parse().unwrap())
                    })
                    .collect();
                (ty, frags, cols[2].to_owned())
            })
            .collect()
    }

    #[test]
    fn offsets_are_code_points_and_fragments_stop_at_line_breaks() {
        let p = fixture::project();
        let (files, _) = export_fixture(&p);
        for d in p.documents() {
            let txt = file(&files, &format!("{}.txt", d.id));
            assert_eq!(txt, d.text().as_str());
            let chars: Vec<char> = txt.chars().collect();
            let lines = t_lines(file(&files, &format!("{}.ann", d.id)));
            assert_eq!(lines.len(), d.spans().len());
            for ((_, frags, column), s) in lines.iter().zip(d.spans().spans()) {
                let pieces: Vec<String> = frags
                    .iter()
                    .map(|&(a, b)| chars[a..b].iter().collect())
                    .collect();
                assert_eq!(&pieces.join(" "), column);
                assert!(pieces.iter().all(|p| !p.is_empty() && !p.contains('\n')));
                assert_eq!(frags[0].0, s.start);
                assert_eq!(frags[frags.len() - 1].1, s.end);
                let joined: String = chars[s.start..s.end].iter().collect();
                assert_eq!(joined.replace('\n', " "), *column);
            }
        }
        let ann = file(&files, "statement.ann");
        assert!(ann.contains("T2\tHealth 22 36;37 43\tministers met. Health\n"));
        assert!(
            ann.contains("#1\tAnnotatorNotes T2\tcrosses a \"line\" break\\nand has two lines\n")
        );
        assert!(file(&files, "visual.conf").contains("Health\tbgColor:#2ea043\n"));
    }

    #[test]
    fn only_annotators_are_reported_for_the_fixture() {
        let (_, report) = export_fixture(&fixture::project());
        let kinds: HashSet<_> = report.losses.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, HashSet::from(["annotator names are not carried"]));
        assert_eq!(report.losses.len(), 10);
    }

    #[test]
    fn notes_escape_and_unescape() {
        for note in ["a\nb", "C:\\new\\n", "\\", "x\r\ny", "tab\there", ""] {
            let e = escape_note(note);
            assert!(!e.contains('\n') && !e.contains('\r'));
            assert_eq!(unescape_note(&e), note);
        }
        assert_eq!(unescape_note("C:\\temp\\"), "C:\\temp\\");
    }

    /// A project with awkward labels, spans that start or end on line
    /// breaks, and a span of only a line break.
    fn awkward() -> Project {
        let mut themes = crate::model::default_codebook();
        for (id, label) in [("kt", "Köln Trade"), ("kt2", "Köln-Trade"), ("k3", "Kö|ln")] {
            themes.push(Theme {
                id: id.into(),
                label: label.into(),
                color: Color::rgb(1, 2, 3),
                key: None,
                description: String::new(),
            });
        }
        themes.push(Theme {
            id: "k4".into(),
            label: "K_ln_Trade".into(),
            color: Color::rgb(4, 5, 6),
            key: None,
            description: String::new(),
        });
        let mut p = Project::new("a", themes);
        Edit::AddDocument {
            index: 0,
            document: Box::new(crate::model::Document::new("a/b", "A", "ab\n\ncd\nef")),
        }
        .apply(&mut p)
        .unwrap();
        for span in [
            Span::new(0, 2, "kt", "x"),
            Span::new(0, 6, "k4", "x"),
            Span::new(1, 3, "kt2", "x"),
            Span::new(3, 4, "k3", "x"),
            Span::new(6, 9, "health", "").with_note("\\n is not a newline"),
        ] {
            Edit::AddSpan {
                doc: "a/b".into(),
                span,
            }
            .apply(&mut p)
            .unwrap();
        }
        p
    }

    #[test]
    fn labels_become_unique_types_and_edge_line_breaks_are_reported() {
        let p = awkward();
        let (files, report) = export_fixture(&p);
        let conf = file(&files, "annotation.conf");
        assert!(conf.contains("[entities]\nHealth\nSecurity\nICT\nTrade\nK_ln_Trade\nK_ln-Trade\nK__ln\nK_ln_Trade_2\n"), "{conf}");
        let visual = file(&files, "visual.conf");
        assert!(visual.contains("K_ln_Trade | Köln Trade\n"), "{visual}");
        assert!(visual.contains("K_ln_Trade_2 | K_ln_Trade\n"), "{visual}");
        assert!(visual.contains("K__ln | Kö/ln\n"), "{visual}");
        assert_eq!(
            file(&files, "a_b.ann"),
            "T1\tK_ln_Trade 0 2\tab\n\
             T2\tK_ln_Trade_2 0 2;4 6\tab cd\n\
             T3\tK_ln-Trade 1 2\tb\n\
             T4\tHealth 7 9\tef\n\
             #1\tAnnotatorNotes T4\t\\\\n is not a newline\n"
        );
        let kinds: Vec<_> = report
            .losses
            .iter()
            .filter(|l| l.kind != "annotator names are not carried")
            .map(|l| (l.kind, l.span.as_ref().unwrap().0))
            .collect();
        assert_eq!(
            kinds,
            [
                ("line breaks at the ends of a span are left out", 1),
                ("spans of only line breaks are not carried", 3),
                ("line breaks at the ends of a span are left out", 6),
                (
                    "theme labels with \"|\" or control characters are changed",
                    3
                ),
            ]
        );
        // Labels come back through visual.conf, "|" aside.
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &files);
        let back = import(dir.path()).unwrap();
        let labels: Vec<_> = back.documents[0]
            .spans
            .iter()
            .map(|s| (s.start, s.end, s.label.as_str(), s.note.as_str()))
            .collect();
        assert_eq!(
            labels,
            [
                (0, 2, "Köln Trade", ""),
                (0, 6, "K_ln_Trade", ""),
                (1, 2, "Köln-Trade", ""),
                (7, 9, "Health", "\\n is not a newline"),
            ]
        );
        let themes: Vec<_> = back.themes.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            themes,
            [
                "Health",
                "Security",
                "ICT",
                "Trade",
                "Köln Trade",
                "Köln-Trade",
                "Kö/ln",
                "K_ln_Trade"
            ]
        );
        assert_eq!(back.themes[7].color, Some(Color::rgb(4, 5, 6)));
    }

    #[test]
    fn round_trip_gives_back_spans_labels_notes_and_colours() {
        let p = fixture::project();
        let (files, _) = export_fixture(&p);
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &files);
        let (imported, ignored) = import_counting(dir.path()).unwrap();
        assert!(ignored.is_empty());
        let mut back = Project::new("x", vec![]);
        let (edit, summary) =
            import::plan(&back, &[(dir.path().to_owned(), imported)], "me").unwrap();
        edit.apply(&mut back).unwrap();
        assert_eq!(summary.spans_added, 10);
        let key = |p: &Project| {
            let mut v: Vec<_> = p
                .documents()
                .iter()
                .flat_map(|d| {
                    d.spans().spans().iter().map(|s| {
                        (
                            d.id.clone(),
                            d.text().as_str().to_owned(),
                            s.start,
                            s.end,
                            p.theme(&s.theme).unwrap().label.clone(),
                            s.note.clone(),
                        )
                    })
                })
                .collect();
            v.sort();
            v
        };
        assert_eq!(key(&p), key(&back));
        for t in p.themes() {
            let u = back.find_theme(&t.label).unwrap();
            assert_eq!((u.color, &u.label), (t.color, &t.label));
        }
        // A single .ann or .txt reads its sibling.
        let one = import(&dir.path().join("second.txt")).unwrap();
        assert_eq!(one.documents.len(), 1);
        assert_eq!(one.documents[0].spans.len(), 2);
        assert_eq!(one, import(&dir.path().join("second.ann")).unwrap());
    }

    fn folder(txt: &str, ann: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.txt"), txt).unwrap();
        std::fs::write(dir.path().join("d.ann"), ann).unwrap();
        dir
    }

    #[test]
    fn discontinuous_spans_join_over_white_space_and_split_otherwise() {
        let dir = folder(
            "ab\r\ncd ef gh",
            "T1\tX 0 2;4 6\tab cd\n\
             T2\tX 0 2;7 9\tab ef\n\
             #1\tAnnotatorNotes T2\tsee\n\
             R1\tRel Arg1:T1 Arg2:T2\n\
             E1\tEv:T1\n\
             A1\tNeg E1\n\
             N1\tReference T1 Wiki:1\tab\n\
             *\tEquiv T1 T2\n\
             #2\tAnnotatorNotes E1\tx\n",
        );
        let (imported, ignored) = import_counting(dir.path()).unwrap();
        assert_eq!(
            ignored,
            Ignored {
                relations: 1,
                events: 1,
                attributes: 1,
                normalizations: 1,
                equivalences: 1,
                other_notes: 1
            }
        );
        assert_eq!(
            ignored.to_string(),
            "1 relation(s), 1 event(s), 1 attribute(s), 1 normalisation(s), \
             1 equivalence(s), 1 other note(s) not imported"
        );
        let got = by_label(&imported);
        let want: BTreeMap<_, _> = [
            ((0, 6), ""),
            ((0, 2), "see\n[brat T2: discontinuous, fragment 1 of 2]"),
            ((7, 9), "see\n[brat T2: discontinuous, fragment 2 of 2]"),
        ]
        .into_iter()
        .map(|((a, b), n)| (("d".to_owned(), a, b), ("X".to_owned(), n.to_owned())))
        .collect();
        assert_eq!(got, want);
        // The \r\n stays; the plan normalises it and moves the offsets.
        assert_eq!(imported.documents[0].text, "ab\r\ncd ef gh");
        let mut p = Project::new("x", vec![]);
        let (edit, _) = import::plan(&p, &[(dir.path().to_owned(), imported)], "me").unwrap();
        edit.apply(&mut p).unwrap();
        let d = &p.documents()[0];
        let texts = fixture::span_texts(d);
        assert_eq!(texts, ["ab", "ab\ncd", "ef"]);
    }

    #[test]
    fn malformed_files_are_refused_with_the_line() {
        let cases = [
            (
                "hello",
                "T1\tX 0 5\thello\nT2 X 0 5 hello\n",
                "line 2",
                "tab",
            ),
            ("hello", "T1\tX 0 5 hello\n", "line 1", "no text column"),
            (
                "hello",
                "T1\tX 0 x\thello\n",
                "line 1",
                "\"x\" is not a whole number",
            ),
            (
                "hello",
                "T1\tX 0 9\thello\n",
                "line 1",
                "past the end of d.txt (5 code points)",
            ),
            (
                "hello",
                "T1\tX 3 1\thello\n",
                "line 1",
                "not before its end",
            ),
            (
                "hello",
                "T1\tX 0 5;\thello\n",
                "line 1",
                "expected START END",
            ),
            (
                "😀 hi!",
                "\n\nT1\tX 3 5\thi\n",
                "line 3",
                "select \"i!\" in d.txt but the line says \"hi\"",
            ),
            (
                "hello",
                "T1\tX 0 5\thello\nT1\tX 0 1\th\n",
                "line 2",
                "defined twice",
            ),
            ("hello", "#1\tAnnotatorNotes T7\tx\n", "line 1", "T7"),
            (
                "hello",
                "Q1\tX 0 5\thello\n",
                "line 1",
                "unknown annotation",
            ),
        ];
        for (txt, ann, line, says) in cases {
            let dir = folder(txt, ann);
            let e = import(dir.path()).unwrap_err();
            assert_eq!(e.position.as_deref(), Some(line), "{e}");
            assert!(e.file.ends_with("d.ann"), "{e}");
            assert!(e.message.contains(says), "{e}");
        }
        // Invalid UTF-8 in the text, with its byte.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.txt"), b"ok\r\n\xc3\xa9\xff").unwrap();
        std::fs::write(dir.path().join("d.ann"), "").unwrap();
        let e = import(dir.path()).unwrap_err();
        assert!(e.file.ends_with("d.txt"));
        assert_eq!(e.position.as_deref(), Some("line 2, column 2"));
        assert!(e.message.contains("offset 6"), "{e}");
        // A missing .txt, an empty folder, a wrong file.
        std::fs::remove_file(dir.path().join("d.txt")).unwrap();
        assert!(
            import(dir.path())
                .unwrap_err()
                .message
                .contains("no d.txt next to it")
        );
        std::fs::remove_file(dir.path().join("d.ann")).unwrap();
        assert!(import(dir.path()).unwrap_err().message.contains("no .ann"));
    }

    #[test]
    fn conf_without_visual_labels_uses_types_and_short_colours() {
        // Also: a BOM and CRLF line ends in the .ann are fine.
        let dir = folder("hello", "\u{feff}T1\tPerson 0 5\thello\r\n\r\n");
        std::fs::write(
            dir.path().join("annotation.conf"),
            "[entities]\n!Abstract\n\tPerson\nPlace\n[relations]\nRel Arg1:Person, Arg2:Place\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("visual.conf"),
            "[labels]\nPlace | Geo place | GP\n[drawing]\nSPAN_DEFAULT\tfgColor:black, bgColor:lightgreen\n\
             Person\tfgColor:white, bgColor:#a0b\nPlace\tbgColor:yellow\n",
        )
        .unwrap();
        let got = import(dir.path()).unwrap();
        let themes: Vec<_> = got
            .themes
            .iter()
            .map(|t| (t.label.as_str(), t.color))
            .collect();
        assert_eq!(
            themes,
            [
                ("Person", Some(Color::rgb(0xaa, 0x00, 0xbb))),
                ("Geo place", None)
            ]
        );
        assert_eq!(got.documents[0].spans[0].label, "Person");
        assert_eq!(got.documents[0].spans[0].position, "d.ann, line 1");
    }
}
