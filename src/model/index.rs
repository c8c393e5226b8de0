//! Per-document span index.
//!
//! Spans are kept in one vector sorted by `(start, end, theme, annotator,
//! note)` — the same stable order the project file uses — and that vector
//! doubles as an implicit, augmented binary search tree (the layout of Heng
//! Li's *cgranges*): the element at index `i` with `k` trailing one bits is
//! a node at level `k` whose children are `i ± 2^(k-1)`, and `max_end[i]`
//! is the largest `end` in its subtree. Overlap and point queries visit
//! `O(log n + k)` nodes; an insert or removal is a `memmove` plus an `O(n)`
//! refresh of `max_end` over a compact array of ends, about a millisecond
//! at 100k spans.
//!
//! The index also counts spans per theme, so the codebook shows its counts
//! without a pass over the spans.

use std::collections::HashMap;

use super::project::Span;

/// Subtrees at or below this level are scanned linearly.
const SCAN_LEVEL: u32 = 3;

/// Sorted spans of one document with an interval index over them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpanIndex {
    spans: Vec<Span>,
    /// `spans[i].end`, contiguous, so that refreshing `max_end` after an
    /// insert or removal reads 8 bytes per span instead of a whole `Span`.
    ends: Vec<usize>,
    max_end: Vec<usize>,
    /// Level of the root node (0 when empty).
    max_level: u32,
    /// Number of spans per theme id, kept up to date by every change.
    per_theme: HashMap<String, usize>,
}

impl SpanIndex {
    /// Builds an index from spans in any order; exact duplicates
    /// (same start, end, theme and annotator) keep the first occurrence.
    pub fn from_spans(mut spans: Vec<Span>) -> Self {
        // Spans that compare equal are identical, so an unstable sort gives
        // the same order as a stable one, without a scratch buffer.
        spans.sort_unstable();
        spans.dedup_by(|b, a| a.same_key(b));
        let mut index = SpanIndex {
            spans,
            ends: Vec::new(),
            max_end: Vec::new(),
            max_level: 0,
            per_theme: HashMap::new(),
        };
        index.reindex();
        index
    }

    /// All spans in stable order.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Number of spans.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no spans.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Number of spans with theme `theme`, in O(1).
    pub fn count_with_theme(&self, theme: &str) -> usize {
        self.per_theme.get(theme).copied().unwrap_or(0)
    }

    /// Position of the span with the same key (start, end, theme, annotator).
    pub fn position(&self, key: &Span) -> Option<usize> {
        let i = self.spans.partition_point(|s| s.key() < key.key());
        (i < self.spans.len() && self.spans[i].same_key(key)).then_some(i)
    }

    /// Inserts a span; returns its position, or `None` (and changes
    /// nothing) if a span with the same key exists.
    pub fn insert(&mut self, span: Span) -> Option<usize> {
        if self.position(&span).is_some() {
            return None;
        }
        let i = self.spans.partition_point(|s| s.key() < span.key());
        match self.per_theme.get_mut(span.theme.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.per_theme.insert(span.theme.clone(), 1);
            }
        }
        self.ends.insert(i, span.end);
        self.spans.insert(i, span);
        self.rebuild();
        Some(i)
    }

    /// Removes the span with the same key as `key` and returns it.
    pub fn remove(&mut self, key: &Span) -> Option<Span> {
        let i = self.position(key)?;
        let span = self.spans.remove(i);
        self.ends.remove(i);
        if let Some(n) = self.per_theme.get_mut(span.theme.as_str()) {
            *n -= 1;
            if *n == 0 {
                self.per_theme.remove(span.theme.as_str());
            }
        }
        self.rebuild();
        Some(span)
    }

    /// Removes every span for which `pred` holds and returns them in order.
    pub fn remove_where(&mut self, mut pred: impl FnMut(&Span) -> bool) -> Vec<Span> {
        let (gone, kept): (Vec<Span>, Vec<Span>) = self.spans.drain(..).partition(|s| pred(s));
        self.spans = kept;
        self.reindex();
        gone
    }

    /// Indices (into [`spans`](Self::spans), ascending) of the spans that
    /// overlap the half-open range `[start, end)`. An empty range at `x`
    /// finds nothing; use [`at`](Self::at) for point queries.
    pub fn overlapping(&self, start: usize, end: usize) -> Vec<usize> {
        let mut out = Vec::new();
        self.visit_overlapping(start, end, |i| out.push(i));
        out
    }

    /// Indices of the spans that contain offset `x` (`start <= x < end`).
    pub fn at(&self, x: usize) -> Vec<usize> {
        self.overlapping(x, x.saturating_add(1))
    }

    /// Calls `f` with the index of every span overlapping `[start, end)`,
    /// in ascending order, without allocating.
    pub fn visit_overlapping(&self, start: usize, end: usize, mut f: impl FnMut(usize)) {
        let n = self.spans.len();
        if n == 0 || start >= end {
            return;
        }
        // (node, level, left subtree done)
        let mut stack: Vec<(usize, u32, bool)> = Vec::with_capacity(64);
        stack.push(((1usize << self.max_level) - 1, self.max_level, false));
        while let Some((x, k, left_done)) = stack.pop() {
            if k <= SCAN_LEVEL {
                let i0 = x >> k << k;
                let i1 = (i0 + (1usize << (k + 1)) - 1).min(n);
                for i in i0..i1 {
                    let s = &self.spans[i];
                    if s.start >= end {
                        break;
                    }
                    if s.end > start {
                        f(i);
                    }
                }
            } else if !left_done {
                let y = x - (1usize << (k - 1));
                stack.push((x, k, true));
                if y >= n || self.max_end[y] > start {
                    stack.push((y, k - 1, false));
                }
            } else if x < n && self.spans[x].start < end {
                if self.spans[x].end > start {
                    f(x);
                }
                stack.push((x + (1usize << (k - 1)), k - 1, false));
            }
        }
    }

    /// Rebuilds everything derived from `spans`.
    fn reindex(&mut self) {
        self.ends.clear();
        self.ends.extend(self.spans.iter().map(|s| s.end));
        self.rebuild();
        self.per_theme.clear();
        for s in &self.spans {
            match self.per_theme.get_mut(s.theme.as_str()) {
                Some(n) => *n += 1,
                None => {
                    self.per_theme.insert(s.theme.clone(), 1);
                }
            }
        }
    }

    /// Recomputes the `max_end` augmentation (cgranges `index`).
    fn rebuild(&mut self) {
        let n = self.spans.len();
        self.max_end.clear();
        self.max_end.extend_from_slice(&self.ends);
        self.max_level = 0;
        if n == 0 {
            return;
        }
        let mut last_i = 0;
        let mut last = 0;
        let mut i = 0;
        while i < n {
            last_i = i;
            last = self.max_end[i];
            i += 2;
        }
        let mut k = 1u32;
        while (1usize << k) <= n {
            let x = 1usize << (k - 1);
            let i0 = (x << 1) - 1;
            let step = x << 2;
            let mut i = i0;
            while i < n {
                let el = self.max_end[i - x];
                let er = if i + x < n { self.max_end[i + x] } else { last };
                let e = self.ends[i].max(el).max(er);
                self.max_end[i] = e;
                i += step;
            }
            last_i = if (last_i >> k) & 1 == 1 {
                last_i - x
            } else {
                last_i + x
            };
            if last_i < n && self.max_end[last_i] > last {
                last = self.max_end[last_i];
            }
            k += 1;
        }
        self.max_level = k - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn span(start: usize, end: usize, theme: &str) -> Span {
        Span::new(start, end, theme, "a")
    }

    #[test]
    fn overlaps_nested_and_repeated_spans() {
        let idx = SpanIndex::from_spans(vec![
            span(0, 10, "t"),
            span(2, 4, "u"),
            span(2, 4, "t"),
            span(8, 20, "u"),
            span(30, 31, "t"),
        ]);
        let themes = |v: Vec<usize>| -> Vec<(usize, usize)> {
            v.into_iter()
                .map(|i| (idx.spans()[i].start, idx.spans()[i].end))
                .collect()
        };
        assert_eq!(themes(idx.at(3)), vec![(0, 10), (2, 4), (2, 4)]);
        assert_eq!(themes(idx.overlapping(9, 30)), vec![(0, 10), (8, 20)]);
        assert!(idx.overlapping(20, 30).is_empty());
        assert!(idx.at(31).is_empty());
    }

    #[test]
    fn duplicates_are_refused() {
        let mut idx = SpanIndex::default();
        assert!(idx.insert(span(1, 2, "t")).is_some());
        assert!(idx.insert(span(1, 2, "t")).is_none());
        assert_eq!(idx.len(), 1);
        assert!(idx.remove(&span(1, 2, "t")).is_some());
        assert!(idx.is_empty());
    }

    proptest! {
        #[test]
        fn queries_match_a_linear_scan(
            raw in proptest::collection::vec((0usize..300, 1usize..80, 0u8..3), 0..300),
            queries in proptest::collection::vec((0usize..400, 1usize..60), 1..30),
        ) {
            let spans: Vec<Span> = raw.iter()
                .map(|&(s, len, t)| span(s, s + len, ["a", "b", "c"][t as usize]))
                .collect();
            let mut idx = SpanIndex::default();
            for s in &spans { idx.insert(s.clone()); }
            prop_assert_eq!(&idx, &SpanIndex::from_spans(spans));
            for t in ["a", "b", "c"] {
                let n = idx.spans().iter().filter(|s| s.theme == t).count();
                prop_assert_eq!(idx.count_with_theme(t), n);
            }
            let mut fewer = idx.clone();
            let gone = fewer.remove_where(|s| s.theme == "a");
            prop_assert_eq!(fewer.count_with_theme("a"), 0);
            if let Some(s) = fewer.spans().first().cloned() {
                fewer.remove(&s);
            }
            for s in gone {
                fewer.insert(s);
            }
            for t in ["a", "b", "c"] {
                let n = fewer.spans().iter().filter(|s| s.theme == t).count();
                prop_assert_eq!(fewer.count_with_theme(t), n);
            }
            for (q, len) in queries {
                let naive: Vec<usize> = idx.spans().iter().enumerate()
                    .filter(|(_, s)| s.start < q + len && s.end > q)
                    .map(|(i, _)| i).collect();
                prop_assert_eq!(idx.overlapping(q, q + len), naive);
                let naive_at: Vec<usize> = idx.spans().iter().enumerate()
                    .filter(|(_, s)| s.start <= q && q < s.end)
                    .map(|(i, _)| i).collect();
                prop_assert_eq!(idx.at(q), naive_at);
            }
        }
    }
}
