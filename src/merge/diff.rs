//! What changed between two versions of a project, in words.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Document, Project, Span, Theme};

/// One line per change from `a` to `b`: the project's name, themes
/// added, removed or changed, documents added or removed, and per
/// document spans added, removed or retagged, notes and done states.
pub fn diff(a: &Project, b: &Project) -> Vec<String> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push(format!("project renamed from {:?} to {:?}", a.name, b.name));
    }
    for t in &a.themes {
        match b.theme(&t.id) {
            None => out.push(format!("theme removed: {}", describe_theme(t))),
            Some(n) => theme_changes(t, n, &mut out),
        }
    }
    for t in &b.themes {
        if a.theme(&t.id).is_none() {
            out.push(format!("theme added: {}", describe_theme(t)));
        }
    }
    for d in &a.documents {
        match b.document(&d.id) {
            None => out.push(format!(
                "document removed: {:?} {:?} ({} spans)",
                d.id,
                d.title,
                d.spans.len()
            )),
            Some(n) => document_changes(d, n, &mut out),
        }
    }
    for d in &b.documents {
        if a.document(&d.id).is_none() {
            out.push(format!(
                "document added: {:?} {:?} ({} code points, {} spans)",
                d.id,
                d.title,
                d.text.len_chars(),
                d.spans.len()
            ));
        }
    }
    out
}

fn describe_theme(t: &Theme) -> String {
    format!("{:?} (label {:?}, colour {})", t.id, t.label, t.color)
}

fn theme_changes(a: &Theme, b: &Theme, out: &mut Vec<String>) {
    let id = &a.id;
    if a.label != b.label {
        out.push(format!(
            "theme {id:?}: label {:?} -> {:?}",
            a.label, b.label
        ));
    }
    if a.color != b.color {
        out.push(format!("theme {id:?}: colour {} -> {}", a.color, b.color));
    }
    if a.key != b.key {
        let k = |k: Option<char>| k.map_or_else(|| "none".to_owned(), |k| format!("{k:?}"));
        out.push(format!("theme {id:?}: key {} -> {}", k(a.key), k(b.key)));
    }
    if a.description != b.description {
        out.push(format!(
            "theme {id:?}: description {:?} -> {:?}",
            a.description, b.description
        ));
    }
}

type Key<'s> = (usize, usize, &'s str, &'s str);

fn by_key(d: &Document) -> BTreeMap<Key<'_>, &Span> {
    d.spans
        .spans()
        .iter()
        .map(|s| ((s.start, s.end, s.theme.as_str(), s.annotator.as_str()), s))
        .collect()
}

fn document_changes(a: &Document, b: &Document, out: &mut Vec<String>) {
    let id = &a.id;
    if a.title != b.title {
        out.push(format!(
            "document {id:?}: title {:?} -> {:?}",
            a.title, b.title
        ));
    }
    if a.text != b.text {
        out.push(format!(
            "document {id:?}: text changed ({} -> {} code points)",
            a.text.len_chars(),
            b.text.len_chars()
        ));
    }
    for annotator in b.done.difference(&a.done) {
        out.push(format!("document {id:?}: {annotator:?} marked it done"));
    }
    for annotator in a.done.difference(&b.done) {
        out.push(format!(
            "document {id:?}: {annotator:?} set it back in progress"
        ));
    }
    let names: std::collections::BTreeSet<&String> =
        a.attributes.keys().chain(b.attributes.keys()).collect();
    for name in names {
        match (a.attributes.get(name), b.attributes.get(name)) {
            (Some(x), Some(y)) if x != y => out.push(format!(
                "document {id:?}: attribute {name:?} {x:?} -> {y:?}"
            )),
            (None, Some(y)) => out.push(format!("document {id:?}: attribute {name:?} = {y:?}")),
            (Some(_), None) => out.push(format!("document {id:?}: attribute {name:?} removed")),
            _ => {}
        }
    }
    let (ka, kb) = (by_key(a), by_key(b));
    let quote = |d: &Document, s: &Span| format!("{:?}", d.span_text(s).unwrap_or_default());
    // A removed span and an added span on the same range by the same
    // annotator are one retagging.
    let mut added: BTreeMap<(usize, usize, &str), Vec<&Span>> = BTreeMap::new();
    for (k, s) in &kb {
        if !ka.contains_key(k) {
            added.entry((k.0, k.1, k.3)).or_default().push(s);
        }
    }
    let mut retagged: BTreeSet<Key> = BTreeSet::new();
    for (k, s) in &ka {
        match kb.get(k) {
            Some(n) if n.note != s.note => out.push(format!(
                "document {id:?}: note on {}..{} {} (theme {:?}, by {:?}): {:?} -> {:?}",
                s.start,
                s.end,
                quote(a, s),
                s.theme,
                s.annotator,
                s.note,
                n.note
            )),
            Some(_) => {}
            None => {
                let new = added
                    .get_mut(&(k.0, k.1, k.3))
                    .and_then(|v| (!v.is_empty()).then(|| v.remove(0)));
                match new {
                    Some(n) => {
                        retagged.insert((n.start, n.end, n.theme.as_str(), n.annotator.as_str()));
                        out.push(format!(
                            "document {id:?}: span {}..{} {} by {:?} retagged {:?} -> {:?}",
                            s.start,
                            s.end,
                            quote(a, s),
                            s.annotator,
                            s.theme,
                            n.theme
                        ));
                    }
                    None => out.push(format!(
                        "document {id:?}: span removed {}..{} {} (theme {:?}, by {:?})",
                        s.start,
                        s.end,
                        quote(a, s),
                        s.theme,
                        s.annotator
                    )),
                }
            }
        }
    }
    for (k, s) in &kb {
        if !ka.contains_key(k) && !retagged.contains(k) {
            out.push(format!(
                "document {id:?}: span added {}..{} {} (theme {:?}, by {:?}){}",
                s.start,
                s.end,
                quote(b, s),
                s.theme,
                s.annotator,
                if s.note.is_empty() {
                    String::new()
                } else {
                    format!(", note {:?}", s.note)
                }
            ));
        }
    }
}
