//! A document merged three ways, field by field: title, source,
//! attributes, done states, spans with their notes, suggestions and
//! rejections. Its text never changes, so two texts under one id are a
//! conflict resolved to ours.

use std::collections::{BTreeMap, BTreeSet};

use super::{Pick, field, merge_set, pick};
use crate::model::{Document, Source, Span, SpanIndex};

/// The merged document with id `ours.or(theirs).id`, or `None` when the
/// merge deletes it (deleted on one side and untouched on the other, or
/// deleted on ours and changed on theirs, which is a conflict).
pub(super) fn merge_document(
    base: Option<&Document>,
    ours: Option<&Document>,
    theirs: Option<&Document>,
    conflict: &mut impl FnMut(String),
) -> Option<Document> {
    match (ours, theirs) {
        (Some(o), Some(t)) if o.text == t.text => {
            let b = base.filter(|b| b.text == o.text);
            Some(merge_fields(b, o, t, conflict))
        }
        (Some(o), Some(_)) => {
            conflict(format!(
                "document {:?}: ours and theirs hold different texts under this id; kept ours",
                o.id
            ));
            Some(o.clone())
        }
        (Some(side), None) | (None, Some(side)) => match base {
            Some(b) if b != side => {
                let (changed, deleted, kept) = if ours.is_some() {
                    ("ours", "theirs", "kept it")
                } else {
                    ("theirs", "ours", "kept it deleted")
                };
                conflict(format!(
                    "document {:?}: deleted on {deleted} but changed on {changed}; {kept}",
                    side.id
                ));
                ours.cloned()
            }
            // Deleted on one side, untouched on the other.
            Some(_) => None,
            // New on one side.
            None => Some(side.clone()),
        },
        (None, None) => None,
    }
}

/// A document both sides hold with the same text, merged field by field.
fn merge_fields(
    base: Option<&Document>,
    ours: &Document,
    theirs: &Document,
    conflict: &mut impl FnMut(String),
) -> Document {
    // Every field of a document is named here (no `..`): a field added to
    // `Document` does not compile until the merge says how to combine it.
    let Document {
        id,
        title,
        source,
        text,
        spans,
        done,
        attributes,
        suggestions,
        rejected,
        relations,
    } = ours;
    let subject = format!("document {id:?}");
    let title = field(
        &subject,
        "title",
        [base.map(|b| &b.title), Some(title), Some(&theirs.title)],
        |t| format!("{t:?}"),
        conflict,
    )
    .unwrap_or_else(|| title.clone());
    let source = field(
        &subject,
        "source",
        [base.map(|b| &b.source), Some(source), Some(&theirs.source)],
        |s| describe_source(s.as_ref()),
        conflict,
    )
    .unwrap_or_else(|| source.clone());
    let base_spans = base.map(|b| b.spans.spans());
    let spans = merge_spans(
        base_spans,
        spans.spans(),
        theirs.spans.spans(),
        |k| {
            let (start, end, theme, annotator) = k;
            let quoted = text.slice(start, end).unwrap_or_default();
            format!("{subject}: span {start}..{end} {quoted:?} (theme {theme:?}, by {annotator:?})")
        },
        conflict,
    );
    let mut spans = spans;
    let mut relations = super::relations::merge_relations(
        id,
        base.map(|b| &b.relations),
        relations,
        &theirs.relations,
        conflict,
    );
    super::relations::keep_ends(&mut spans, &mut relations, ours, conflict);
    let mut merged_attributes = BTreeMap::new();
    let mut names: BTreeSet<&String> = attributes.keys().collect();
    names.extend(theirs.attributes.keys());
    names.extend(base.iter().flat_map(|b| b.attributes.keys()));
    for name in names {
        let [b, o, t] = [
            base.map(|b| &b.attributes),
            Some(attributes),
            Some(&theirs.attributes),
        ]
        .map(|a| a.and_then(|a| a.get(name)));
        let value = match pick(b, o, t) {
            Pick::Agreed(v) => v,
            Pick::Conflict(v) => {
                conflict(format!(
                    "{subject}: attribute {name:?} set to {o:?} on ours and to {t:?} on theirs; kept ours"
                ));
                v
            }
        };
        if let Some(v) = value {
            merged_attributes.insert(name.clone(), v);
        }
    }
    Document {
        id: id.clone(),
        title,
        source,
        text: text.clone(),
        spans,
        done: merge_set(base.map(|b| &b.done), done, &theirs.done),
        attributes: merged_attributes,
        suggestions: merge_set(
            base.map(|b| &b.suggestions),
            suggestions,
            &theirs.suggestions,
        ),
        rejected: merge_set(base.map(|b| &b.rejected), rejected, &theirs.rejected),
        relations,
    }
}

/// A source in words: `"speech.pdf" (UTF-8, BOM, CRLF, PDF)`, or `none`.
pub(super) fn describe_source(source: Option<&Source>) -> String {
    // Every field of a source is named here (no `..`): a field added to
    // `Source` does not compile until merge and diff can describe it.
    let Some(Source {
        path,
        encoding,
        bom,
        line_endings,
        kind,
    }) = source
    else {
        return "none".into();
    };
    let mut parts = vec![encoding.clone()];
    if *bom {
        parts.push("BOM".into());
    }
    parts.push(line_endings.as_str().to_owned());
    parts.extend(kind.map(|k| k.as_str().to_owned()));
    format!("{path:?} ({})", parts.join(", "))
}

/// Spans merged three ways by key: a span added or removed on one side is
/// added or removed; its note is a value like any other, whose two
/// different changes keep ours and are listed (named by `name`).
fn merge_spans<'s>(
    base: Option<&'s [Span]>,
    ours: &'s [Span],
    theirs: &'s [Span],
    name: impl Fn((usize, usize, &str, &str)) -> String,
    conflict: &mut impl FnMut(String),
) -> SpanIndex {
    // The three span lists are sorted by key: walk them side by side.
    let lists = [base.unwrap_or_default(), ours, theirs];
    let mut at = [0usize; 3];
    let mut spans = Vec::with_capacity(ours.len().max(theirs.len()));
    loop {
        let heads: [Option<&Span>; 3] = std::array::from_fn(|i| lists[i].get(at[i]));
        let Some(k) = heads.iter().flatten().map(|s| s.key()).min() else {
            break;
        };
        let [b, o, t]: [Option<&str>; 3] = std::array::from_fn(|i| {
            let head = heads[i].filter(|s| s.key() == k)?;
            at[i] += 1;
            Some(head.note.as_str())
        });
        let note = match pick(b.as_ref(), o.as_ref(), t.as_ref()) {
            Pick::Agreed(n) => n,
            Pick::Conflict(n) => {
                conflict(format!(
                    "{}: note {} on ours and {} on theirs; kept ours",
                    name(k),
                    describe_note(b.as_ref(), o.as_ref()),
                    describe_note(b.as_ref(), t.as_ref()),
                ));
                n
            }
        };
        if let Some(note) = note {
            let (start, end, theme, annotator) = k;
            // Every field of a span is named here (no `..`): a field
            // added to `Span` does not compile until the merge says how
            // to combine it.
            spans.push(Span {
                start,
                end,
                theme: theme.to_owned(),
                annotator: annotator.to_owned(),
                note: note.to_owned(),
            });
        }
    }
    SpanIndex::from_spans(spans)
}

fn describe_note(base: Option<&&str>, side: Option<&&str>) -> String {
    match (base, side) {
        (_, None) => "removed with its span".into(),
        (None, Some(n)) => format!("added as {n:?}"),
        (Some(_), Some(n)) => format!("changed to {n:?}"),
    }
}
