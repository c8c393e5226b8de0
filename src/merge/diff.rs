//! What changed between two versions of a project, in words.

use std::collections::{BTreeMap, BTreeSet};

use super::documents::describe_source;
use crate::model::{Document, Project, Span, Suggestion, Theme};

/// One line per change from `a` to `b`: the project's name, themes
/// added, removed or changed (label, colour, key, description, parent,
/// each rule), relation types added, removed or changed, documents added
/// or removed, and per document its title, text, source, done states,
/// attributes, spans added, removed or retagged, notes, relations added,
/// removed or with a changed note, suggestions and rejections; then memos
/// added, removed or changed.
pub fn diff(a: &Project, b: &Project) -> Vec<String> {
    // Every field of a project is named here (no `..`): a field added to
    // `Project` does not compile until the diff says how to show it.
    let Project {
        name,
        themes,
        relation_types,
        documents,
        memos,
    } = a;
    let mut out = Vec::new();
    if *name != b.name {
        out.push(format!("project renamed from {name:?} to {:?}", b.name));
    }
    for t in themes {
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
    super::diff_relations::relation_types(relation_types, &b.relation_types, &mut out);
    for d in documents {
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
                "document added: {:?} {:?} ({}, {})",
                d.id,
                d.title,
                crate::model::plural(d.text.len_chars(), "code point", "code points"),
                crate::model::plural(d.spans.len(), "span", "spans")
            ));
        }
    }
    super::diff_relations::memos(memos, &b.memos, &mut out);
    out
}

fn describe_theme(t: &Theme) -> String {
    let parent = match &t.parent {
        Some(p) => format!(", under {p:?}"),
        None => String::new(),
    };
    format!(
        "{:?} (label {:?}, colour {}{parent})",
        t.id, t.label, t.color
    )
}

fn theme_changes(a: &Theme, b: &Theme, out: &mut Vec<String>) {
    // Every field of a theme is named here (no `..`): a field added to
    // `Theme` does not compile until the diff says how to show it.
    let Theme {
        id,
        label,
        color,
        key,
        description,
        parent,
        rules,
    } = a;
    if *label != b.label {
        out.push(format!("theme {id:?}: label {label:?} -> {:?}", b.label));
    }
    if *color != b.color {
        out.push(format!("theme {id:?}: colour {color} -> {}", b.color));
    }
    if *key != b.key {
        let k = |k: Option<char>| k.map_or_else(|| "none".to_owned(), |k| format!("{k:?}"));
        out.push(format!("theme {id:?}: key {} -> {}", k(*key), k(b.key)));
    }
    if *description != b.description {
        out.push(format!(
            "theme {id:?}: description {description:?} -> {:?}",
            b.description
        ));
    }
    if *parent != b.parent {
        let p = |p: &Option<String>| {
            p.as_ref()
                .map_or_else(|| "none".to_owned(), |p| format!("{p:?}"))
        };
        out.push(format!(
            "theme {id:?}: parent {} -> {}",
            p(parent),
            p(&b.parent)
        ));
    }
    for r in rules.iter().filter(|r| !b.rules.contains(r)) {
        out.push(format!("theme {id:?}: rule {r:?} removed"));
    }
    for r in b.rules.iter().filter(|r| !rules.contains(r)) {
        out.push(format!("theme {id:?}: rule {r:?} added"));
    }
    let kept = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|r| y.contains(r)).cloned().collect()
    };
    if kept(rules, &b.rules) != kept(&b.rules, rules) {
        out.push(format!("theme {id:?}: rules reordered"));
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
    // Every field of a document is named here (no `..`): a field added to
    // `Document` does not compile until the diff says how to show it.
    let Document {
        id,
        title,
        source,
        text,
        spans: _,
        done,
        attributes,
        suggestions,
        rejected,
        relations,
    } = a;
    if *title != b.title {
        out.push(format!("document {id:?}: title {title:?} -> {:?}", b.title));
    }
    if *text != b.text {
        out.push(format!(
            "document {id:?}: text changed ({} -> {} code points)",
            text.len_chars(),
            b.text.len_chars()
        ));
    }
    if *source != b.source {
        out.push(format!(
            "document {id:?}: source {} -> {}",
            describe_source(source.as_ref()),
            describe_source(b.source.as_ref())
        ));
    }
    for annotator in b.done.difference(done) {
        out.push(format!("document {id:?}: {annotator:?} marked it done"));
    }
    for annotator in done.difference(&b.done) {
        out.push(format!(
            "document {id:?}: {annotator:?} set it back in progress"
        ));
    }
    let names: BTreeSet<&String> = attributes.keys().chain(b.attributes.keys()).collect();
    for name in names {
        match (attributes.get(name), b.attributes.get(name)) {
            (Some(x), Some(y)) if x != y => out.push(format!(
                "document {id:?}: attribute {name:?} {x:?} -> {y:?}"
            )),
            (None, Some(y)) => out.push(format!("document {id:?}: attribute {name:?} = {y:?}")),
            (Some(_), None) => out.push(format!("document {id:?}: attribute {name:?} removed")),
            _ => {}
        }
    }
    span_changes(a, b, out);
    super::diff_relations::relations(id, relations, &b.relations, out);
    for (what, x, y) in [
        ("suggestion", suggestions, &b.suggestions),
        ("rejection", rejected, &b.rejected),
    ] {
        for s in y.difference(x) {
            out.push(format!(
                "document {id:?}: {what} added {}",
                describe_suggestion(b, s)
            ));
        }
        for s in x.difference(y) {
            out.push(format!(
                "document {id:?}: {what} removed {}",
                describe_suggestion(a, s)
            ));
        }
    }
}

/// `12..20 "the text" (theme "trade")`.
fn describe_suggestion(d: &Document, s: &Suggestion) -> String {
    // Every field of a suggestion is named here (no `..`): a field added
    // to `Suggestion` does not compile until the diff says how to show it.
    let Suggestion { start, end, theme } = s;
    let quoted = d.text.slice(*start, *end).unwrap_or_default();
    format!("{start}..{end} {quoted:?} (theme {theme:?})")
}

/// Spans added, removed or retagged, and notes changed.
fn span_changes(a: &Document, b: &Document, out: &mut Vec<String>) {
    let id = &a.id;
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
