//! Relations between spans: the relation types of the codebook, a span
//! named by its key ([`SpanRef`]), a relation between two spans of one
//! document ([`Relation`]) and a document's relations in stable order
//! ([`Relations`]).
//!
//! A relation is identified by its key (from, to, type, annotator); its
//! note is a value. For an undirected type, (a, b) and (b, a) are the
//! same relation: it is stored with `from ≤ to` ([`Relation::normalised`]).

use std::cmp::Ordering;
use std::collections::BTreeSet;

use super::color::Color;
use super::span::Span;

/// A kind of relation in the codebook, beside the themes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationType {
    /// Stable identifier that relations refer to; never changes once created.
    pub id: String,
    /// Human-readable name; may be renamed.
    pub label: String,
    /// Display colour of its arcs.
    pub color: Color,
    /// Whether the relation goes from one span to the other (an arrow), or
    /// links them both ways (then `from ≤ to` in every relation of it).
    pub directed: bool,
    /// What the relation means.
    pub description: String,
    /// The themes the `from` span may have; empty means any theme.
    pub from_themes: Vec<String>,
    /// The themes the `to` span may have; empty means any theme.
    pub to_themes: Vec<String>,
    /// Whether a span may be related to itself.
    pub allow_self: bool,
}

impl RelationType {
    /// A directed type between spans of any theme, without description,
    /// that refuses self-relations.
    pub fn new(id: impl Into<String>, label: impl Into<String>, color: Color) -> Self {
        RelationType {
            id: id.into(),
            label: label.into(),
            color,
            directed: true,
            description: String::new(),
            from_themes: Vec::new(),
            to_themes: Vec::new(),
            allow_self: false,
        }
    }

    /// Whether a span of `theme` may stand at the `from` end.
    pub fn allows_from(&self, theme: &str) -> bool {
        self.from_themes.is_empty() || self.from_themes.iter().any(|t| t == theme)
    }

    /// Whether a span of `theme` may stand at the `to` end.
    pub fn allows_to(&self, theme: &str) -> bool {
        self.to_themes.is_empty() || self.to_themes.iter().any(|t| t == theme)
    }

    /// Whether the type names `theme` at either end.
    pub fn names_theme(&self, theme: &str) -> bool {
        self.from_themes
            .iter()
            .chain(&self.to_themes)
            .any(|t| t == theme)
    }
}

/// A span named by its key: what identifies it in a document (start, end,
/// theme, annotator). Ordered like spans.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SpanRef {
    pub start: usize,
    pub end: usize,
    /// Theme id.
    pub theme: String,
    pub annotator: String,
}

impl SpanRef {
    /// A reference to the span with this key.
    pub fn new(start: usize, end: usize, theme: &str, annotator: &str) -> Self {
        SpanRef {
            start,
            end,
            theme: theme.to_owned(),
            annotator: annotator.to_owned(),
        }
    }

    /// The key, as [`Span::key`] gives it.
    pub fn key(&self) -> (usize, usize, &str, &str) {
        (self.start, self.end, &self.theme, &self.annotator)
    }

    /// Whether `span` is the span this names.
    pub fn matches(&self, span: &Span) -> bool {
        self.key() == span.key()
    }

    /// A span with this key and no note: what the span index looks up.
    pub fn to_span(&self) -> Span {
        Span::new(self.start, self.end, &self.theme, &self.annotator)
    }
}

impl From<&Span> for SpanRef {
    fn from(span: &Span) -> Self {
        SpanRef::new(span.start, span.end, &span.theme, &span.annotator)
    }
}

impl std::fmt::Display for SpanRef {
    /// `12..20 (theme "trade", by "alice")`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}..{} (theme {:?}, by {:?})",
            self.start, self.end, self.theme, self.annotator
        )
    }
}

/// A relation of type `kind` from one span of a document to another.
///
/// Relations are ordered by `from.start`, `to.start`, type (the order the
/// file and the `relations` listing use), then by the rest of the key and
/// the note, so the order is total.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Relation {
    pub from: SpanRef,
    pub to: SpanRef,
    /// Relation type id (`type` in the project file).
    pub kind: String,
    /// Who made the relation.
    pub annotator: String,
    /// Free-text note, empty when none.
    pub note: String,
}

impl Relation {
    /// A relation without a note.
    pub fn new(from: SpanRef, to: SpanRef, kind: &str, annotator: &str) -> Self {
        Relation {
            from,
            to,
            kind: kind.to_owned(),
            annotator: annotator.to_owned(),
            note: String::new(),
        }
    }

    /// The same relation with a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }

    /// The identifying part: everything but the note.
    pub fn key(&self) -> (&SpanRef, &SpanRef, &str, &str) {
        (&self.from, &self.to, &self.kind, &self.annotator)
    }

    /// Whether two relations have the same key.
    pub fn same_key(&self, other: &Relation) -> bool {
        self.key() == other.key()
    }

    /// The relation as stored for a type that is `directed` or not: an
    /// undirected relation has its ends in order (`from ≤ to`), so that
    /// (a, b) and (b, a) are one relation.
    pub fn normalised(mut self, directed: bool) -> Self {
        if !directed && self.to < self.from {
            std::mem::swap(&mut self.from, &mut self.to);
        }
        self
    }

    /// Whether `span` stands at either end.
    pub fn touches(&self, span: &SpanRef) -> bool {
        self.from == *span || self.to == *span
    }

    fn order(&self) -> impl Ord + '_ {
        (
            self.from.start,
            self.to.start,
            self.kind.as_str(),
            &self.from,
            &self.to,
            self.annotator.as_str(),
            self.note.as_str(),
        )
    }
}

impl std::fmt::Display for Relation {
    /// `"cause" by "alice" from span 0..4 (theme "t", by "alice") to span …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} by {:?} from span {} to span {}",
            self.kind, self.annotator, self.from, self.to
        )
    }
}

impl Ord for Relation {
    fn cmp(&self, other: &Self) -> Ordering {
        self.order().cmp(&other.order())
    }
}

impl PartialOrd for Relation {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A document's relations, in stable order (see [`Relation`]), one per key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relations {
    set: BTreeSet<Relation>,
}

impl Relations {
    /// Relations in stable order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Relation> + ExactSizeIterator {
        self.set.iter()
    }

    /// Number of relations.
    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }

    /// The relation with the key of `key` (whatever its note), if any.
    pub fn get(&self, key: &Relation) -> Option<&Relation> {
        let probe = Relation {
            note: String::new(),
            ..key.clone()
        };
        self.set.range(probe..).next().filter(|r| r.same_key(key))
    }

    /// The relations with `span` at either end, in stable order (one pass
    /// over the document's relations).
    pub fn of<'a>(&'a self, span: &'a SpanRef) -> impl Iterator<Item = &'a Relation> + 'a {
        self.set.iter().filter(move |r| r.touches(span))
    }

    /// Adds a relation; `false` (and nothing changes) when one with its key
    /// is there.
    pub(crate) fn insert(&mut self, relation: Relation) -> bool {
        if self.get(&relation).is_some() {
            return false;
        }
        self.set.insert(relation)
    }

    /// Removes the relation with the key of `key` and returns it.
    pub(crate) fn remove(&mut self, key: &Relation) -> Option<Relation> {
        let found = self.get(key)?.clone();
        self.set.remove(&found);
        Some(found)
    }

    /// Removes and returns, in stable order, the relations `pred` picks.
    pub(crate) fn remove_where(
        &mut self,
        mut pred: impl FnMut(&Relation) -> bool,
    ) -> Vec<Relation> {
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.set)
            .into_iter()
            .partition(|r| pred(r));
        self.set = kept.into_iter().collect();
        gone
    }
}

impl FromIterator<Relation> for Relations {
    /// Relations in any order; of two with one key, the first is kept.
    fn from_iter<I: IntoIterator<Item = Relation>>(iter: I) -> Self {
        let mut out = Relations::default();
        for r in iter {
            out.insert(r);
        }
        out
    }
}

impl<'a> IntoIterator for &'a Relations {
    type Item = &'a Relation;
    type IntoIter = std::collections::btree_set::Iter<'a, Relation>;
    fn into_iter(self) -> Self::IntoIter {
        self.set.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(a: (usize, usize), b: (usize, usize), kind: &str) -> Relation {
        Relation::new(
            SpanRef::new(a.0, a.1, "t", "ann"),
            SpanRef::new(b.0, b.1, "t", "ann"),
            kind,
            "ann",
        )
    }

    #[test]
    fn relations_are_ordered_by_from_start_then_to_start_then_type() {
        let rels: Relations = [
            r((5, 6), (0, 1), "a"),
            r((0, 4), (9, 10), "a"),
            r((0, 2), (3, 4), "b"),
            r((0, 2), (3, 4), "a"),
        ]
        .into_iter()
        .collect();
        let order: Vec<_> = rels
            .iter()
            .map(|r| (r.from.start, r.to.start, r.kind.as_str()))
            .collect();
        assert_eq!(order, [(0, 3, "a"), (0, 3, "b"), (0, 9, "a"), (5, 0, "a")]);
    }

    #[test]
    fn one_relation_per_key_whatever_its_note() {
        let mut rels = Relations::default();
        assert!(rels.insert(r((0, 1), (2, 3), "a").with_note("first")));
        assert!(!rels.insert(r((0, 1), (2, 3), "a").with_note("again")));
        assert!(!rels.insert(r((0, 1), (2, 3), "a")));
        assert_eq!(rels.get(&r((0, 1), (2, 3), "a")).unwrap().note, "first");
        let gone = rels.remove(&r((0, 1), (2, 3), "a")).unwrap();
        assert_eq!(gone.note, "first");
        assert!(rels.is_empty());
    }

    #[test]
    fn undirected_relations_keep_their_ends_in_order() {
        let back = r((5, 6), (0, 1), "a");
        let norm = back.clone().normalised(false);
        assert_eq!((norm.from.start, norm.to.start), (0, 5));
        assert_eq!(back.clone().normalised(true), back);
    }

    #[test]
    fn a_span_finds_the_relations_at_either_end() {
        let rels: Relations = [
            r((0, 1), (2, 3), "a"),
            r((2, 3), (4, 5), "a"),
            r((6, 7), (8, 9), "a"),
        ]
        .into_iter()
        .collect();
        let at = SpanRef::new(2, 3, "t", "ann");
        assert_eq!(rels.of(&at).count(), 2);
        let span = Span::new(2, 3, "t", "ann").with_note("n");
        assert!(at.matches(&span));
        assert_eq!(SpanRef::from(&span), at);
    }
}
