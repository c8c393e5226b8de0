//! brat export: the `.txt`/`.ann` pair per document and the two
//! configuration files (see the module documentation of [`super`]).

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::escape_note;
use super::relations::{RelationNames, memo_note, span_memos, write_relations};
use crate::formats::export::{ExportError, ExportFile, ExportJob};
use crate::formats::export_relations::exported;
use crate::model::{Color, SpanRef, Text};

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
            add(&mut types, &job.theme_label(t), Some(t.color));
        }
        for (_, spans) in &job.docs {
            for s in spans {
                add(&mut types, &job.label(s), None);
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

/// A folder: `DOC.txt` and `DOC.ann` per document, `annotation.conf` and
/// `visual.conf`.
pub fn export(job: &mut ExportJob) -> Result<Vec<ExportFile>, ExportError> {
    let types = Types::new(job);
    let relation_types = job.project.relation_types();
    let names = RelationNames::new(relation_types, types.list.iter().map(|t| t.0.clone()));
    let mut files = Vec::new();
    let stems = job.file_stems();
    for (i, stem) in stems.into_iter().enumerate() {
        let (doc, spans) = (job.docs[i].0, job.docs[i].1.clone());
        let text = doc.text();
        let mut ann = String::new();
        let (mut t, mut notes) = (0, 0);
        let relations = exported(job, i);
        let memos = span_memos(job.project.memos(), &doc.id);
        let mut tids = Vec::with_capacity(spans.len());
        for s in spans {
            tids.push(None);
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
            if let Some(last) = tids.last_mut() {
                *last = Some(t);
            }
            let offsets: Vec<String> = frags.iter().map(|(a, b)| format!("{a} {b}")).collect();
            let texts: Vec<&str> = frags
                .iter()
                .map(|&(a, b)| text.slice(a, b).unwrap_or_default())
                .collect();
            let _ = writeln!(
                ann,
                "T{t}\t{} {}\t{}",
                types.of(&job.label(s)),
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
            for memo in memos.get(&SpanRef::from(s)).into_iter().flatten() {
                notes += 1;
                let _ = writeln!(ann, "#{notes}\tAnnotatorNotes T{t}\t{}", memo_note(memo));
            }
        }
        write_relations(job, i, &relations, &tids, &names, &mut notes, &mut ann);
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
            .filter(|(_, s)| renamed.contains(&*job.label(s)))
            .collect();
        for (d, s) in lost {
            let label = visual_label(&job.label(s));
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
    conf.push_str("\n[relations]\n");
    conf.push_str(&names.conf(relation_types, |theme| {
        job.project.theme(theme).map_or_else(
            || type_name(theme),
            |t| types.of(&job.theme_label(t)).to_owned(),
        )
    }));
    conf.push_str("\n[events]\n\n[attributes]\n");
    let mut visual = String::from("# Written by Marginalia: theme labels and colours.\n[labels]\n");
    for (name, label, _) in &types.list {
        let _ = writeln!(visual, "{name} | {}", visual_label(label));
    }
    for (name, label) in names.labels(relation_types) {
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
