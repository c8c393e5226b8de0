//! brat import: a folder, or one `.ann`/`.txt` pair, with the codebook
//! from `annotation.conf` and `visual.conf` (see the module documentation
//! of [`super`]).

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::relations::{parse_conf_line, parse_r_line};
use super::unescape_note;
use crate::formats::importer::{
    ImportError, Imported, ImportedDocument, ImportedRelation, ImportedRelationType, ImportedSpan,
    ImportedTheme,
};
use crate::model::text::invalid_utf8_at;
use crate::model::{Color, Source, Text};

/// Annotations a brat import read but did not import, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ignored {
    /// `R` lines that are malformed or name an annotation that is not a
    /// `T` of their file (each also has a warning naming its line).
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
            (self.relations, "relation", "relations"),
            (self.events, "event", "events"),
            (self.attributes, "attribute", "attributes"),
            (self.normalizations, "normalisation", "normalisations"),
            (self.equivalences, "equivalence", "equivalences"),
            (self.other_notes, "other note", "other notes"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| crate::model::plural(n, one, many))
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
        let doc = read_ann(
            &ann,
            &ann_text,
            &txt,
            text,
            &conf,
            &mut ignored,
            &mut imported.warnings,
        )?;
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
            parent: None,
        })
        .collect();
    imported.relation_types = conf
        .relations
        .iter()
        .map(|(name, directed)| ImportedRelationType {
            label: conf.label(name).to_owned(),
            directed: *directed,
            color: None,
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
    let bytes = crate::formats::bounded_read::read_file(path)?;
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
    /// `[relations]` types in order, each with whether it goes one way.
    relations: Vec<(String, bool)>,
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
            if section == "relations" {
                if let Some((name, directed)) = parse_conf_line(line)
                    && !conf.relations.iter().any(|(n, _)| *n == name)
                {
                    conf.relations.push((name, directed));
                }
                continue;
            }
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

/// Reads one `.ann` against its text: the document and the types it
/// uses. A relation it cannot read is skipped with a line in `warnings`.
fn read_ann(
    ann: &Path,
    ann_text: &str,
    txt: &Path,
    text: String,
    conf: &Conf,
    ignored: &mut Ignored,
    warnings: &mut Vec<String>,
) -> Result<(ImportedDocument, Vec<String>), ImportError> {
    let name = file_name(ann);
    let t = Text::new(text);
    let len = t.len_chars();
    let mut bounds: Vec<(String, TextBound)> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut notes: Vec<(usize, String, String)> = Vec::new();
    // (line, id, type, Arg1 id, Arg2 id) of every `R` line read.
    let mut r_lines: Vec<(usize, String, String, String, String)> = Vec::new();
    let mut skip = |n: usize, why: String, ignored: &mut Ignored| {
        ignored.relations += 1;
        warnings.push(format!("{name}, line {n}: {why}"));
    };
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
                    (Some("AnnotatorNotes"), Some(target))
                        if target.starts_with('T') || target.starts_with('R') =>
                    {
                        notes.push((n, target.to_owned(), unescape_note(body)));
                    }
                    _ => ignored.other_notes += 1,
                }
            }
            Some('R') => match parse_r_line(id, rest) {
                Ok((ty, a, b)) => {
                    if r_lines.iter().any(|r| r.1 == id) {
                        skip(
                            n,
                            format!("{id} is defined twice; relation not imported"),
                            ignored,
                        );
                    } else {
                        r_lines.push((n, id.to_owned(), ty, a, b));
                    }
                }
                Err(why) => skip(n, why, ignored),
            },
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
    let mut r_notes: HashMap<String, Vec<String>> = HashMap::new();
    for (n, target, note) in notes {
        if target.starts_with('R') {
            if r_lines.iter().any(|r| r.1 == target) {
                r_notes.entry(target).or_default().push(note);
            } else {
                ignored.other_notes += 1;
            }
            continue;
        }
        let Some(&i) = ids.get(&target) else {
            return Err(ImportError::at_line(
                ann,
                n,
                format!("the note is on {target}, which this file does not define"),
            ));
        };
        bounds[i].1.notes.push(note);
    }

    let mut spans = Vec::new();
    // The place in `spans` of each `T`'s first span.
    let mut first_span: HashMap<String, usize> = HashMap::new();
    let mut types = Vec::new();
    for (id, b) in bounds {
        if !types.contains(&b.ty) {
            types.push(b.ty.clone());
        }
        first_span.insert(id.clone(), spans.len());
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
    let mut relations = Vec::with_capacity(r_lines.len());
    for (n, id, ty, a, b) in r_lines {
        let (Some(&from), Some(&to)) = (first_span.get(&a), first_span.get(&b)) else {
            let missing = if first_span.contains_key(&a) { b } else { a };
            skip(
                n,
                format!("{id}: {missing} is not a T line of this file; relation not imported"),
                ignored,
            );
            continue;
        };
        relations.push(ImportedRelation {
            from,
            to,
            label: conf.label(&ty).to_owned(),
            annotator: None,
            note: r_notes.remove(&id).unwrap_or_default().join("\n"),
            position: format!("{name}, line {n}"),
        });
    }
    let stem = ann
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let endings = crate::formats::import::line_endings_of(t.as_str());
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
                kind: None,
            }),
            spans,
            relations,
        },
        types,
    ))
}
