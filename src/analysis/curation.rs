//! Curation: where annotators disagree in a document, and which of those
//! disagreements a curator has settled.
//!
//! A *disagreement* is a span key (start, end, theme) that some but not
//! every compared annotator has exactly. Disagreements that overlap (share
//! a code point, directly or through a chain of others) form one *place*,
//! listed together. The curated set is the spans of the curator annotator:
//! a disagreement counts as accepted when the curator has a span of the
//! same theme that overlaps it (copied as it was, or with adjusted
//! bounds). One pass over the document's sorted spans finds everything,
//! so 300,000 spans take milliseconds.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::model::Document;

/// The most annotators compared at once (one bit each).
pub const MAX_ANNOTATORS: usize = 64;

/// One disagreement: a span key that not every compared annotator has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Disagreement {
    pub start: usize,
    pub end: usize,
    /// Index into [`Curation::themes`].
    pub theme: u32,
    /// Bit `i` set: compared annotator `i` has this span.
    pub holders: u64,
    /// Index into [`Curation::places`].
    pub place: u32,
}

/// Overlapping disagreements, listed together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// From the first start to the last end of its disagreements.
    pub start: usize,
    pub end: usize,
    /// Its disagreements, as indices into [`Curation::items`].
    pub items: Range<usize>,
}

/// A span key every compared annotator has (agreed, so not listed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Agreed {
    pub start: usize,
    pub end: usize,
    pub theme: u32,
    /// Whether the curator already has exactly this span.
    pub curated: bool,
}

/// The disagreements of one document between some annotators, and how the
/// curator stands with each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Curation {
    /// The compared annotators (bit `i` of a holder mask is `annotators[i]`).
    pub annotators: Vec<String>,
    /// The curator whose spans are the curated set.
    pub curator: String,
    /// Theme ids the items refer to by index.
    pub themes: Vec<String>,
    /// Every disagreement, in document order (by start, end, theme).
    pub items: Vec<Disagreement>,
    pub places: Vec<Place>,
    /// The spans everyone agrees on.
    pub agreed: Vec<Agreed>,
    /// Per item: the curator has an overlapping span of the same theme.
    pub accepted: Vec<bool>,
}

/// The annotators of `doc` to compare by default: everyone with a span in
/// it except the curator, sorted.
pub fn default_annotators(doc: &Document, curator: &str) -> Vec<String> {
    let names: BTreeSet<&str> = doc
        .spans()
        .spans()
        .iter()
        .map(|s| s.annotator.as_str())
        .filter(|a| *a != curator)
        .collect();
    names.into_iter().map(str::to_owned).collect()
}

impl Curation {
    /// Finds the disagreements of `doc` between `annotators` (at most
    /// [`MAX_ANNOTATORS`]; more are ignored; the curator among them is
    /// left out) and what `curator` has accepted.
    pub fn compute(doc: &Document, annotators: &[String], curator: &str) -> Curation {
        let annotators: Vec<String> = annotators
            .iter()
            .filter(|a| a.as_str() != curator)
            .take(MAX_ANNOTATORS)
            .cloned()
            .collect();
        let everyone: u64 = match annotators.len() {
            MAX_ANNOTATORS => u64::MAX,
            n => (1u64 << n) - 1,
        };
        let mut out = Curation {
            annotators,
            curator: curator.to_owned(),
            ..Curation::default()
        };
        // The curator's spans per theme (sorted by start), for "accepted".
        let mut curated: Vec<Vec<(usize, usize)>> = Vec::new();
        let spans = doc.spans().spans();
        let mut i = 0;
        while i < spans.len() {
            let (start, end, theme) = (spans[i].start, spans[i].end, spans[i].theme.as_str());
            let mut holders = 0u64;
            let mut by_curator = false;
            while i < spans.len()
                && spans[i].start == start
                && spans[i].end == end
                && spans[i].theme == theme
            {
                let who = spans[i].annotator.as_str();
                if who == curator {
                    by_curator = true;
                } else if let Some(bit) = out.annotators.iter().position(|a| a == who) {
                    holders |= 1 << bit;
                }
                i += 1;
            }
            if holders == 0 && !by_curator {
                continue;
            }
            let t = out.theme_index(theme);
            if curated.len() < out.themes.len() {
                curated.resize_with(out.themes.len(), Vec::new);
            }
            if by_curator {
                curated[t as usize].push((start, end));
            }
            if holders == everyone && !out.annotators.is_empty() {
                out.agreed.push(Agreed {
                    start,
                    end,
                    theme: t,
                    curated: by_curator,
                });
            } else if holders != 0 {
                out.items.push(Disagreement {
                    start,
                    end,
                    theme: t,
                    holders,
                    place: 0,
                });
            }
        }
        out.group_places();
        out.accepted = accepted(&out.items, &curated);
        out
    }

    fn theme_index(&mut self, theme: &str) -> u32 {
        match self.themes.iter().position(|t| t == theme) {
            Some(i) => i as u32,
            None => {
                self.themes.push(theme.to_owned());
                (self.themes.len() - 1) as u32
            }
        }
    }

    /// Items are in start order: a place goes on while the next item
    /// starts before the place's end.
    fn group_places(&mut self) {
        let mut first = 0;
        while first < self.items.len() {
            let start = self.items[first].start;
            let mut end = self.items[first].end;
            let mut next = first + 1;
            while next < self.items.len() && self.items[next].start < end {
                end = end.max(self.items[next].end);
                next += 1;
            }
            let place = self.places.len() as u32;
            for item in &mut self.items[first..next] {
                item.place = place;
            }
            self.places.push(Place {
                start,
                end,
                items: first..next,
            });
            first = next;
        }
    }

    /// The theme id of an item.
    pub fn theme(&self, item: &Disagreement) -> &str {
        &self.themes[item.theme as usize]
    }

    /// The compared annotators who have an item (or whose bits are set in
    /// `mask`), in order.
    pub fn names(&self, mask: u64) -> impl Iterator<Item = &str> {
        self.annotators
            .iter()
            .enumerate()
            .filter(move |(i, _)| mask & (1 << i) != 0)
            .map(|(_, a)| a.as_str())
    }

    /// The compared annotators who lack an item.
    pub fn missing(&self, item: &Disagreement) -> impl Iterator<Item = &str> {
        self.names(!item.holders)
    }

    /// The agreed spans the curator does not have yet.
    pub fn agreed_to_copy(&self) -> impl Iterator<Item = &Agreed> {
        self.agreed.iter().filter(|a| !a.curated)
    }
}

/// For each item, whether a curator span of its theme overlaps it: a
/// binary search over the curator's spans of that theme (sorted by start)
/// and the running maximum of their ends.
fn accepted(items: &[Disagreement], curated: &[Vec<(usize, usize)>]) -> Vec<bool> {
    let max_ends: Vec<Vec<usize>> = curated
        .iter()
        .map(|spans| {
            spans
                .iter()
                .scan(0, |m, &(_, e)| {
                    *m = e.max(*m);
                    Some(*m)
                })
                .collect()
        })
        .collect();
    items
        .iter()
        .map(|item| {
            let t = item.theme as usize;
            let (Some(spans), Some(ends)) = (curated.get(t), max_ends.get(t)) else {
                return false;
            };
            // Curator spans starting before the item ends; one of them
            // overlaps when the furthest end among them passes its start.
            let n = spans.partition_point(|&(s, _)| s < item.end);
            n > 0 && ends[n - 1] > item.start
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    /// "Le café 😀 ouvre à 7h\u{a0}30." tagged by ana, bo and cy: they
    /// agree on "café" (health), ana and bo tag "😀 ouvre" (astral
    /// character, code points 8..15) while cy tags "ouvre" only; bo also
    /// tags "7h\u{a0}30" as trade.
    fn doc() -> Document {
        let text = "Le café 😀 ouvre à 7h\u{a0}30.";
        assert_eq!(text.chars().nth(8), Some('😀'));
        Document::new("d", "D", text).with_spans(vec![
            Span::new(3, 7, "health", "ana"),
            Span::new(3, 7, "health", "bo"),
            Span::new(3, 7, "health", "cy"),
            Span::new(8, 15, "ict", "ana"),
            Span::new(8, 15, "ict", "bo"),
            Span::new(10, 15, "ict", "cy"),
            Span::new(18, 23, "trade", "bo"),
        ])
    }

    #[test]
    fn disagreements_are_the_keys_not_everyone_has_grouped_by_place() {
        let d = doc();
        let who = default_annotators(&d, "curator");
        assert_eq!(who, names(&["ana", "bo", "cy"]));
        let c = Curation::compute(&d, &who, "curator");
        type Row<'a> = (usize, usize, &'a str, Vec<&'a str>, Vec<&'a str>);
        let listed: Vec<Row> = c
            .items
            .iter()
            .map(|i| {
                (
                    i.start,
                    i.end,
                    c.theme(i),
                    c.names(i.holders).collect(),
                    c.missing(i).collect(),
                )
            })
            .collect();
        assert_eq!(
            listed,
            [
                (8, 15, "ict", vec!["ana", "bo"], vec!["cy"]),
                (10, 15, "ict", vec!["cy"], vec!["ana", "bo"]),
                (18, 23, "trade", vec!["bo"], vec!["ana", "cy"]),
            ]
        );
        // The two "ouvre" variants overlap: one place; the time is another.
        let places: Vec<_> = c
            .places
            .iter()
            .map(|p| (p.start, p.end, p.items.clone()))
            .collect();
        assert_eq!(places, [(8, 15, 0..2), (18, 23, 2..3)]);
        assert_eq!(c.items[1].place, 0);
        assert_eq!(c.items[2].place, 1);
        // "café" is agreed, and not curated yet.
        assert_eq!(c.agreed_to_copy().count(), 1);
        assert_eq!((c.agreed[0].start, c.agreed[0].end), (3, 7));
        assert_eq!(c.accepted, [false, false, false]);
    }

    #[test]
    fn a_curator_span_of_the_same_theme_that_overlaps_accepts_an_item() {
        let mut spans = doc().spans().spans().to_vec();
        // The curator took cy's shorter "ouvre", adjusted to 11..15, and
        // tagged the time as health (a different theme: not an acceptance).
        spans.push(Span::new(11, 15, "ict", "curator"));
        spans.push(Span::new(18, 23, "health", "curator"));
        spans.push(Span::new(3, 7, "health", "curator"));
        let d = Document::new("d", "D", doc().text().as_str()).with_spans(spans);
        let who = default_annotators(&d, "curator");
        assert_eq!(
            who,
            names(&["ana", "bo", "cy"]),
            "the curator is not compared"
        );
        let c = Curation::compute(&d, &who, "curator");
        assert_eq!(c.items.len(), 3, "the curator's spans are no disagreements");
        assert_eq!(c.accepted, [true, true, false]);
        assert_eq!(c.agreed_to_copy().count(), 0, "café is curated already");
    }

    #[test]
    fn comparing_two_annotators_ignores_the_third() {
        let d = doc();
        let c = Curation::compute(&d, &names(&["ana", "bo"]), "curator");
        let keys: Vec<_> = c.items.iter().map(|i| (i.start, i.end)).collect();
        // cy's 10..15 is not compared; ana and bo agree on 8..15.
        assert_eq!(keys, [(18, 23)]);
        assert_eq!(c.agreed.len(), 2);
    }

    #[test]
    fn a_chain_of_overlaps_is_one_place_and_touching_spans_are_two() {
        let d = Document::new("d", "D", "abcdefghijklmnop").with_spans(vec![
            Span::new(0, 4, "t", "ana"),
            Span::new(3, 8, "t", "bo"),
            Span::new(7, 10, "u", "ana"),
            Span::new(10, 12, "t", "bo"),
        ]);
        let c = Curation::compute(&d, &names(&["ana", "bo"]), "curator");
        let places: Vec<_> = c.places.iter().map(|p| (p.start, p.end)).collect();
        assert_eq!(places, [(0, 10), (10, 12)]);
    }

    #[test]
    fn nobody_to_compare_means_nothing_to_curate() {
        let d = doc();
        let c = Curation::compute(&d, &[], "curator");
        assert!(c.items.is_empty() && c.agreed.is_empty() && c.places.is_empty());
    }
}
