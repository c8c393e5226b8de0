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
//! at 100k spans. Many spans are therefore inserted or removed together
//! ([`SpanIndex::insert_many`], [`SpanIndex::remove_many`]): one merge or
//! sweep of the vector and one refresh, `O(n + m log m)` for `m` spans.
//!
//! The index also counts spans per theme, so the codebook shows its counts
//! without a pass over the spans.

use std::collections::HashMap;

use super::span::Span;

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
    /// Builds an index from spans in any order; spans with the same key
    /// (start, end, theme and annotator) keep the first occurrence.
    pub fn from_spans(mut spans: Vec<Span>) -> Self {
        // A stable sort by key keeps spans of one key in the given order,
        // so `dedup_by` keeps the first whatever the notes; distinct keys
        // end up in `Span`'s order. A sorted vector (a project file's) is
        // one run: a single pass.
        spans.sort_by(|a, b| a.key().cmp(&b.key()));
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
        self.count_theme(&span.theme);
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
        self.uncount_theme(&span.theme);
        self.rebuild();
        Some(span)
    }

    /// For each of `spans`, whether inserting them one by one, in the given
    /// order, with [`insert`](Self::insert) would add it: `false` for a
    /// span whose key is already in the index or comes earlier in `spans`.
    /// Runs in `O(n + m log m)` with a sequential walk of the index, where
    /// looking each span up would cost a cache miss per step of a binary
    /// search.
    pub fn would_insert(&self, spans: &[Span]) -> Vec<bool> {
        let mut fresh = vec![false; spans.len()];
        self.walk_groups(spans, &key_order(spans), |group, indexed| {
            if indexed.is_none() {
                fresh[group[0]] = true;
            }
        });
        fresh
    }

    /// Inserts all of `spans` at once, in `O(n + m log m)` for `m` spans
    /// into an index of `n`: the new spans are sorted, merged into the
    /// sorted vector, and the interval index is rebuilt once.
    ///
    /// All or nothing: if inserting the spans one by one, in the given
    /// order, with [`insert`](Self::insert) would refuse any of them —
    /// because a span with the same key is already in the index, or comes
    /// earlier in `spans` — nothing changes and the first span (in the
    /// given order) that would be refused is returned as the error. Spans
    /// with the same key but different notes count as the same span.
    pub fn insert_many(&mut self, mut spans: Vec<Span>) -> Result<(), Span> {
        if spans.is_empty() {
            return Ok(());
        }
        let order = key_order(&spans);
        let mut refused: Option<usize> = None;
        self.walk_groups(&spans, &order, |group, indexed| {
            // The first of a key is refused if the key is indexed, any
            // later one always.
            let first = if indexed.is_some() {
                Some(group[0])
            } else {
                group.get(1).copied()
            };
            if first.is_some_and(|i| refused.is_none_or(|r| i < r)) {
                refused = first;
            }
        });
        if let Some(i) = refused {
            return Err(spans.swap_remove(i));
        }

        for span in &spans {
            self.count_theme(&span.theme);
        }
        // The spans in key order; `order` is the identity when they came
        // sorted, as the spans an undone removal restores do.
        let new: Vec<Span> = if order.iter().enumerate().all(|(i, &j)| i == j) {
            spans
        } else {
            let mut slots: Vec<Option<Span>> = spans.into_iter().map(Some).collect();
            order.iter().filter_map(|&i| slots[i].take()).collect()
        };
        let old = std::mem::take(&mut self.spans);
        let mut merged = Vec::with_capacity(old.len() + new.len());
        let mut old = old.into_iter().peekable();
        for span in new {
            while let Some(s) = old.next_if(|s| s.key() < span.key()) {
                merged.push(s);
            }
            merged.push(span);
        }
        merged.extend(old);
        self.spans = merged;
        self.refresh_ends();
        Ok(())
    }

    /// Removes the spans with the same keys as `keys` at once, in
    /// `O(n + m log m)`, and returns the removed spans (with their notes as
    /// indexed) in index order.
    ///
    /// All or nothing: if removing them one by one, in the given order,
    /// with [`remove`](Self::remove) would fail for any — its key is not in
    /// the index, or comes twice in `keys` — nothing changes and the first
    /// such key (in the given order) is returned as the error.
    pub fn remove_many(&mut self, keys: &[Span]) -> Result<Vec<Span>, Span> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut positions = Vec::with_capacity(keys.len());
        let mut refused: Option<usize> = None;
        self.walk_groups(keys, &key_order(keys), |group, indexed| {
            // The first of a key is refused if the key is not indexed, any
            // later one always.
            let first = match indexed {
                Some(at) => {
                    positions.push(at);
                    group.get(1).copied()
                }
                None => Some(group[0]),
            };
            if first.is_some_and(|i| refused.is_none_or(|r| i < r)) {
                refused = first;
            }
        });
        if let Some(i) = refused {
            return Err(keys[i].clone());
        }

        // `positions` ascend: groups come in key order.
        let old = std::mem::take(&mut self.spans);
        let mut kept = Vec::with_capacity(old.len() - positions.len());
        let mut gone = Vec::with_capacity(positions.len());
        let mut next = positions.into_iter().peekable();
        for (i, span) in old.into_iter().enumerate() {
            if next.next_if_eq(&i).is_some() {
                gone.push(span);
            } else {
                kept.push(span);
            }
        }
        self.spans = kept;
        for span in &gone {
            self.uncount_theme(&span.theme);
        }
        self.refresh_ends();
        Ok(gone)
    }

    /// Calls `f` for each run of `spans` with one key, in key order, with
    /// the run's positions in `spans` (ascending) and the position of the
    /// indexed span with that key, if any. `order` is [`key_order`] of
    /// `spans`. Finds the indexed spans by galloping forward from the last
    /// one found, so the index is read front to back.
    fn walk_groups(
        &self,
        spans: &[Span],
        order: &[usize],
        mut f: impl FnMut(&[usize], Option<usize>),
    ) {
        let mut lo = 0;
        let mut g = 0;
        while g < order.len() {
            let key = spans[order[g]].key();
            let mut h = g + 1;
            while h < order.len() && spans[order[h]].key() == key {
                h += 1;
            }
            lo = self.seek(lo, key);
            let indexed = (lo < self.spans.len() && self.spans[lo].key() == key).then_some(lo);
            f(&order[g..h], indexed);
            g = h;
        }
    }

    /// The first position at or after `lo` whose span's key is not less
    /// than `key`, given that all spans before `lo` have smaller keys:
    /// an exponential search from `lo`, then a binary one.
    fn seek(&self, mut lo: usize, key: (usize, usize, &str, &str)) -> usize {
        let n = self.spans.len();
        let mut hi = lo;
        let mut step = 1;
        while hi < n && self.spans[hi].key() < key {
            lo = hi + 1;
            hi += step;
            step *= 2;
        }
        let hi = hi.min(n);
        lo + self.spans[lo..hi].partition_point(|s| s.key() < key)
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
        self.refresh_ends();
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

    /// Rebuilds `ends` and `max_end` from `spans` (not the theme counts).
    fn refresh_ends(&mut self) {
        self.ends.clear();
        self.ends.extend(self.spans.iter().map(|s| s.end));
        self.rebuild();
    }

    /// Counts one more span with `theme`.
    fn count_theme(&mut self, theme: &str) {
        match self.per_theme.get_mut(theme) {
            Some(n) => *n += 1,
            None => {
                self.per_theme.insert(theme.to_owned(), 1);
            }
        }
    }

    /// Counts one span fewer with `theme`, forgetting themes that reach 0.
    fn uncount_theme(&mut self, theme: &str) {
        if let Some(n) = self.per_theme.get_mut(theme) {
            *n -= 1;
            if *n == 0 {
                self.per_theme.remove(theme);
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

/// Positions of `spans` in key order, equal keys in the given order.
/// Sorts compact `(start, end, position)` triples, reading the strings of
/// the key only to break ties, so that sorting stays within the cache.
fn key_order(spans: &[Span]) -> Vec<usize> {
    let mut order: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.start, s.end, i))
        .collect();
    order.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| spans[a.2].key().cmp(&spans[b.2].key()))
            .then(a.2.cmp(&b.2))
    });
    order.into_iter().map(|(_, _, i)| i).collect()
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

    #[test]
    fn insert_many_merges_in_order_and_counts_themes() {
        let mut idx = SpanIndex::from_spans(vec![span(0, 10, "t"), span(5, 6, "u")]);
        idx.insert_many(vec![span(7, 9, "t"), span(0, 3, "u"), span(0, 10, "u")])
            .unwrap();
        let got: Vec<_> = idx
            .spans()
            .iter()
            .map(|s| (s.start, s.end, s.theme.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 3, "u"),
                (0, 10, "t"),
                (0, 10, "u"),
                (5, 6, "u"),
                (7, 9, "t")
            ]
        );
        assert_eq!(
            (idx.count_with_theme("t"), idx.count_with_theme("u")),
            (2, 3)
        );
        assert_eq!(idx.at(8), [1, 2, 4]);
        assert_eq!(idx, SpanIndex::from_spans(idx.spans().to_vec()));
        assert_eq!(idx.insert_many(Vec::new()), Ok(()));
    }

    #[test]
    fn insert_many_refuses_what_insert_would_and_changes_nothing() {
        let idx = SpanIndex::from_spans(vec![span(0, 10, "t")]);
        // Already indexed (a different note is still the same span).
        let mut a = idx.clone();
        let again = span(0, 10, "t").with_note("again");
        assert_eq!(
            a.insert_many(vec![span(1, 2, "t"), again.clone(), span(3, 4, "t")]),
            Err(again)
        );
        assert_eq!(a, idx);
        // Twice in the batch: the second occurrence is the one refused.
        let mut b = idx.clone();
        let second = span(3, 4, "t").with_note("second");
        assert_eq!(
            b.insert_many(vec![span(3, 4, "t"), span(1, 2, "t"), second.clone()]),
            Err(second)
        );
        assert_eq!(b, idx);
        // The first refusal in the given order wins, wherever it sorts.
        let mut c = idx.clone();
        assert_eq!(
            c.insert_many(vec![
                span(5, 6, "t"),
                span(9, 12, "t"),
                span(5, 6, "t").with_note("x"),
                span(0, 10, "t"),
            ]),
            Err(span(5, 6, "t").with_note("x"))
        );
        assert_eq!(c, idx);
    }

    #[test]
    fn from_spans_keeps_the_first_of_a_key_whatever_its_note() {
        let idx = SpanIndex::from_spans(vec![
            span(2, 4, "t").with_note("z first"),
            span(0, 1, "t"),
            span(2, 4, "t").with_note("a second"),
        ]);
        assert_eq!(
            idx.spans(),
            [span(0, 1, "t"), span(2, 4, "t").with_note("z first")]
        );
    }

    #[test]
    fn would_insert_says_which_spans_one_by_one_adds() {
        let idx = SpanIndex::from_spans(vec![span(0, 10, "t")]);
        let batch = [
            span(3, 4, "t"),
            span(0, 10, "t").with_note("n"),
            span(3, 4, "u"),
            span(3, 4, "t").with_note("again"),
        ];
        assert_eq!(idx.would_insert(&batch), [true, false, true, false]);
        assert!(idx.would_insert(&[]).is_empty());
    }

    #[test]
    fn remove_many_returns_the_indexed_spans_or_refuses() {
        let full = SpanIndex::from_spans(vec![
            span(0, 10, "t").with_note("n"),
            span(2, 4, "u"),
            span(5, 6, "t"),
        ]);
        let mut idx = full.clone();
        let gone = idx
            .remove_many(&[span(5, 6, "t"), span(0, 10, "t")])
            .unwrap();
        assert_eq!(gone, [span(0, 10, "t").with_note("n"), span(5, 6, "t")]);
        assert_eq!(idx, SpanIndex::from_spans(vec![span(2, 4, "u")]));
        assert_eq!(idx.count_with_theme("t"), 0);
        assert_eq!(idx.remove_many(&[]), Ok(Vec::new()));

        let mut idx = full.clone();
        assert_eq!(
            idx.remove_many(&[span(2, 4, "u"), span(7, 8, "t"), span(0, 10, "t")]),
            Err(span(7, 8, "t"))
        );
        assert_eq!(
            idx.remove_many(&[span(2, 4, "u"), span(5, 6, "t"), span(2, 4, "u")]),
            Err(span(2, 4, "u"))
        );
        assert_eq!(idx, full);
    }

    /// Spans over a small range with few themes, annotators and notes, so
    /// that batches often repeat keys.
    fn small_span() -> impl Strategy<Value = Span> {
        (0usize..25, 1usize..6, 0u8..3, 0u8..2, 0u8..3).prop_map(|(s, len, t, a, n)| {
            Span::new(
                s,
                s + len,
                ["a", "b", "c"][t as usize],
                ["x", "y"][a as usize],
            )
            .with_note(["", "n", "m"][n as usize])
        })
    }

    /// What inserting or removing one by one did: the index after every
    /// step that succeeded, and the first span refused.
    fn one_by_one(
        idx: &SpanIndex,
        spans: &[Span],
        insert: bool,
    ) -> (SpanIndex, Vec<Span>, Option<Span>) {
        let mut one = idx.clone();
        let mut removed = Vec::new();
        let mut refused = None;
        for s in spans {
            let ok = if insert {
                one.insert(s.clone()).is_some()
            } else {
                one.remove(s).map(|r| removed.push(r)).is_some()
            };
            if !ok && refused.is_none() {
                refused = Some(s.clone());
            }
        }
        (one, removed, refused)
    }

    fn assert_same_answers(a: &SpanIndex, b: &SpanIndex) -> Result<(), TestCaseError> {
        prop_assert_eq!(a, b);
        prop_assert_eq!(a, &SpanIndex::from_spans(a.spans().to_vec()));
        for t in ["a", "b", "c"] {
            let n = a.spans().iter().filter(|s| s.theme == t).count();
            prop_assert_eq!(a.count_with_theme(t), n);
            prop_assert_eq!(b.count_with_theme(t), n);
        }
        for q in 0..32 {
            prop_assert_eq!(a.overlapping(q, q + 3), b.overlapping(q, q + 3));
            prop_assert_eq!(a.at(q), b.at(q));
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn bulk_insert_and_remove_match_one_by_one(
            base in proptest::collection::vec(small_span(), 0..60),
            batch in proptest::collection::vec(small_span(), 0..40),
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..40),
        ) {
            let idx = SpanIndex::from_spans(base);

            // Any batch: refused exactly when one by one refuses, with the
            // same span, and then unchanged.
            let (one, _, refused) = one_by_one(&idx, &batch, true);
            let mut probe = idx.clone();
            let accepted: Vec<bool> = batch.iter().map(|s| probe.insert(s.clone()).is_some()).collect();
            prop_assert_eq!(idx.would_insert(&batch), accepted);
            let mut bulk = idx.clone();
            match bulk.insert_many(batch.clone()) {
                Ok(()) => {
                    prop_assert_eq!(refused, None);
                    assert_same_answers(&bulk, &one)?;
                }
                Err(s) => {
                    prop_assert_eq!(Some(s), refused);
                    prop_assert_eq!(&bulk, &idx);
                }
            }
            // The same batch without what one by one refuses always goes in.
            let mut fresh = Vec::new();
            let mut probe = idx.clone();
            for s in &batch {
                if probe.insert(s.clone()).is_some() {
                    fresh.push(s.clone());
                }
            }
            let mut bulk = idx.clone();
            prop_assert_eq!(bulk.insert_many(fresh), Ok(()));
            assert_same_answers(&bulk, &probe)?;

            // Removal by key (notes dropped), of indexed spans, of spans
            // from the batch (often absent) and of repeated keys.
            let keys: Vec<Span> = picks
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    let from = if i % 4 == 3 { &batch } else { idx.spans() };
                    (!from.is_empty()).then(|| {
                        let s = p.get(from);
                        Span::new(s.start, s.end, &s.theme, &s.annotator)
                    })
                })
                .collect();
            let (one, removed, refused) = one_by_one(&idx, &keys, false);
            let mut bulk = idx.clone();
            match bulk.remove_many(&keys) {
                Ok(mut gone) => {
                    prop_assert_eq!(refused, None);
                    assert_same_answers(&bulk, &one)?;
                    let mut removed = removed;
                    removed.sort();
                    gone.sort();
                    prop_assert_eq!(gone, removed);
                }
                Err(s) => {
                    prop_assert_eq!(Some(s), refused);
                    prop_assert_eq!(&bulk, &idx);
                }
            }
            // Removing what was inserted gives the index back.
            let mut round = probe.clone();
            let added: Vec<Span> = probe
                .spans()
                .iter()
                .filter(|s| idx.position(s).is_none())
                .cloned()
                .collect();
            prop_assert_eq!(round.remove_many(&added).map(|g| g.len()), Ok(added.len()));
            assert_same_answers(&round, &idx)?;
        }

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
