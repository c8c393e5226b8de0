//! Inter-annotator agreement: Cohen's κ per pair, Fleiss' κ, Krippendorff's
//! α (nominal) and span F1 (exact and overlap), per theme and overall.
//!
//! The units are the code points of the compared documents: for theme T,
//! annotator A gives a unit 1 when one of A's spans of T covers it, else 0.
//! A 10 MB document with a dozen themes is over a hundred million items, so
//! nothing here walks code points: each document and theme is cut into
//! constant segments at the boundaries of every span, and each segment
//! counts once, weighted by its length, in a histogram of value patterns
//! (which annotators said 1). Every coefficient is a function of that
//! histogram, in exact integer counts until the last division.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use thiserror::Error;

use crate::model::{Document, Project, Span};

/// What to compare: `None` or empty means "the default" of each.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Annotators to compare (default: everyone with a span in the
    /// compared documents).
    pub annotators: Vec<String>,
    /// Documents to compare (default: those where every compared annotator
    /// has a span or is marked done).
    pub documents: Vec<String>,
}

/// Why agreement could not be computed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AgreementError {
    #[error("there is no document with id {0:?} in the project")]
    UnknownDocument(String),
    #[error(
        "annotator {name:?} has no span and marked no document done in this project (its annotators: {known})"
    )]
    UnknownAnnotator { name: String, known: String },
    #[error("no document to compare: {0}")]
    NoDocuments(String),
    #[error("at most 64 annotators can be compared at once ({0} asked)")]
    TooManyAnnotators(usize),
}

/// The figures for one theme, or for all themes pooled. `None` is a
/// coefficient that is undefined (no variation to agree on), written
/// `null` in JSON and `n/a` in tables.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measures {
    /// Cohen's κ for each pair, keyed `A|B` (names sorted).
    pub cohen_kappa: BTreeMap<String, Option<f64>>,
    /// Fleiss' κ over every compared annotator.
    pub fleiss_kappa: Option<f64>,
    /// Krippendorff's α, nominal, over every compared annotator.
    pub krippendorff_alpha: Option<f64>,
    /// Span F1 with exact matching, per pair.
    pub f1_exact: BTreeMap<String, Option<f64>>,
    /// Span F1 with overlap matching (maximum one-to-one), per pair.
    pub f1_overlap: BTreeMap<String, Option<f64>>,
}

/// The whole result, in the shape of `marginalia agree --format json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub annotators: Vec<String>,
    pub documents: Vec<String>,
    pub themes: BTreeMap<String, Measures>,
    pub overall: Measures,
}

/// How many units (weighted) carry each pattern of values; bit `i` of a
/// pattern is annotator `i`'s value.
#[derive(Clone, Debug, Default)]
struct Histogram {
    counts: HashMap<u64, u64>,
}

impl Histogram {
    fn add(&mut self, pattern: u64, weight: u64) {
        if weight > 0 {
            *self.counts.entry(pattern).or_default() += weight;
        }
    }

    fn absorb(&mut self, other: &Histogram) {
        for (&p, &w) in &other.counts {
            self.add(p, w);
        }
    }

    /// Cohen's κ of annotators `i` and `j`, as scikit-learn computes it:
    /// 1 − observed / expected disagreement.
    fn cohen(&self, i: usize, j: usize) -> Option<f64> {
        let mut n = [[0u64; 2]; 2];
        for (&p, &w) in &self.counts {
            n[((p >> i) & 1) as usize][((p >> j) & 1) as usize] += w;
        }
        let total = (n[0][0] + n[0][1] + n[1][0] + n[1][1]) as f64;
        if total == 0.0 {
            return None;
        }
        let (i0, i1) = ((n[0][0] + n[0][1]) as f64, (n[1][0] + n[1][1]) as f64);
        let (j0, j1) = ((n[0][0] + n[1][0]) as f64, (n[0][1] + n[1][1]) as f64);
        let observed = (n[0][1] + n[1][0]) as f64 / total;
        let expected = (i0 * j1 + i1 * j0) / (total * total);
        (expected > 0.0).then(|| 1.0 - observed / expected)
    }

    /// Weighted count of items by how many of `raters` annotators said 1.
    fn ones(&self, raters: usize) -> Vec<u64> {
        let mut by_ones = vec![0u64; raters + 1];
        for (&p, &w) in &self.counts {
            by_ones[p.count_ones() as usize] += w;
        }
        by_ones
    }

    /// Fleiss' κ, as statsmodels' `fleiss_kappa` computes it.
    fn fleiss(&self, raters: usize) -> Option<f64> {
        if raters < 2 {
            return None;
        }
        let by_ones = self.ones(raters);
        let items: u64 = by_ones.iter().sum();
        if items == 0 {
            return None;
        }
        let n = raters as f64;
        let items_f = items as f64;
        let ones: u128 = by_ones
            .iter()
            .enumerate()
            .map(|(k, &w)| k as u128 * w as u128)
            .sum();
        let p1 = ones as f64 / (items_f * n);
        let p0 = 1.0 - p1;
        // Σ over items of Σ_c n_ic² − n, in exact integers.
        let agreeing: u128 = by_ones
            .iter()
            .enumerate()
            .map(|(k, &w)| {
                let k = k as u128;
                let r = raters as u128;
                (k * k + (r - k) * (r - k) - r) * w as u128
            })
            .sum();
        let p_mean = agreeing as f64 / (n * (n - 1.0)) / items_f;
        let p_expected = p1 * p1 + p0 * p0;
        (p_expected < 1.0).then(|| (p_mean - p_expected) / (1.0 - p_expected))
    }

    /// Krippendorff's α for nominal data with no missing values:
    /// 1 − (n − 1) · D / (2 · n₀ · n₁), with D the pairable disagreements.
    fn krippendorff(&self, raters: usize) -> Option<f64> {
        if raters < 2 {
            return None;
        }
        let by_ones = self.ones(raters);
        let r = raters as u128;
        let mut values1: u128 = 0;
        let mut disagreements: u128 = 0;
        for (k, &w) in by_ones.iter().enumerate() {
            let (k, w) = (k as u128, w as u128);
            values1 += k * w;
            disagreements += 2 * k * (r - k) * w;
        }
        let values: u128 = by_ones.iter().map(|&w| w as u128).sum::<u128>() * r;
        let values0 = values - values1;
        if values0 == 0 || values1 == 0 {
            return None;
        }
        // Observed coincidences of unlike values: disagreements / (r − 1).
        let observed = disagreements as f64 / (r - 1) as f64;
        let expected = 2.0 * values0 as f64 * values1 as f64 / (values - 1) as f64;
        Some(1.0 - observed / expected)
    }
}

/// Matches counted for span F1 between two annotators.
#[derive(Clone, Copy, Debug, Default)]
struct Matches {
    exact: u64,
    overlap: u64,
    spans: u64,
}

impl Matches {
    fn absorb(&mut self, other: Matches) {
        self.exact += other.exact;
        self.overlap += other.overlap;
        self.spans += other.spans;
    }

    fn f1(matched: u64, spans: u64) -> Option<f64> {
        (spans > 0).then(|| 2.0 * matched as f64 / spans as f64)
    }
}

/// Computes agreement over the selected annotators and documents.
pub fn agreement(project: &Project, selection: &Selection) -> Result<Agreement, AgreementError> {
    agreement_with(project, selection, false)
}

/// [`agreement`], with `roll_up` counting every theme as the top-level
/// theme it sits under ([`RollUp`](super::roll_up::RollUp)): one entry per
/// top-level theme, where a span of `Security/Arms control` is a span of
/// `Security`.
pub fn agreement_with(
    project: &Project,
    selection: &Selection,
    roll_up: bool,
) -> Result<Agreement, AgreementError> {
    for id in &selection.documents {
        if project.document(id).is_none() {
            return Err(AgreementError::UnknownDocument(id.clone()));
        }
    }
    let given_docs: Vec<&Document> = if selection.documents.is_empty() {
        project.documents().iter().collect()
    } else {
        let wanted: BTreeSet<&str> = selection.documents.iter().map(String::as_str).collect();
        project
            .documents()
            .iter()
            .filter(|d| wanted.contains(d.id.as_str()))
            .collect()
    };
    let with_spans: BTreeSet<&str> = given_docs
        .iter()
        .flat_map(|d| d.spans().spans().iter().map(|s| s.annotator.as_str()))
        .collect();
    let annotators: Vec<String> = if selection.annotators.is_empty() {
        with_spans.iter().map(|a| (*a).to_owned()).collect()
    } else {
        // Known: anyone with a span or a done mark anywhere in the project.
        let mut known: BTreeSet<&str> = BTreeSet::new();
        for d in project.documents() {
            known.extend(d.spans().spans().iter().map(|s| s.annotator.as_str()));
            known.extend(d.done_annotators().iter().map(String::as_str));
        }
        for name in &selection.annotators {
            if !known.contains(name.as_str()) {
                return Err(AgreementError::UnknownAnnotator {
                    name: name.clone(),
                    known: if known.is_empty() {
                        "none".into()
                    } else {
                        known.iter().copied().collect::<Vec<_>>().join(", ")
                    },
                });
            }
        }
        let set: BTreeSet<String> = selection.annotators.iter().cloned().collect();
        set.into_iter().collect()
    };
    if annotators.len() > 64 {
        return Err(AgreementError::TooManyAnnotators(annotators.len()));
    }
    let documents: Vec<&Document> = if selection.documents.is_empty() {
        given_docs
            .into_iter()
            .filter(|d| {
                let present: BTreeSet<&str> = d
                    .spans()
                    .spans()
                    .iter()
                    .map(|s| s.annotator.as_str())
                    .collect();
                annotators
                    .iter()
                    .all(|a| present.contains(a.as_str()) || d.done_annotators().contains(a))
            })
            .collect()
    } else {
        given_docs
    };
    if documents.is_empty() {
        return Err(AgreementError::NoDocuments(if annotators.is_empty() {
            "no document has spans".into()
        } else {
            format!(
                "no document has spans (or is marked done) by every one of {}",
                annotators.join(", ")
            )
        }));
    }
    let index: HashMap<&str, usize> = annotators
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    let pairs: Vec<(usize, usize)> = (0..annotators.len())
        .flat_map(|i| (i + 1..annotators.len()).map(move |j| (i, j)))
        .collect();
    let pair_key = |(i, j): (usize, usize)| format!("{}|{}", annotators[i], annotators[j]);

    let mut themes = BTreeMap::new();
    let mut pooled = Histogram::default();
    let mut pooled_matches = vec![Matches::default(); pairs.len()];
    let rolled = super::roll_up::RollUp::new(project, roll_up);
    for theme in super::stats::row_themes(project, roll_up) {
        let mut histogram = Histogram::default();
        let mut matches = vec![Matches::default(); pairs.len()];
        for doc in &documents {
            // Each compared annotator's spans of this theme, by annotator.
            let mut by_annotator: Vec<Vec<&Span>> = vec![Vec::new(); annotators.len()];
            for span in doc.spans().spans() {
                if rolled.of(&span.theme) == theme.id
                    && let Some(&i) = index.get(span.annotator.as_str())
                {
                    by_annotator[i].push(span);
                }
            }
            segments(doc.text().len_chars(), &by_annotator, &mut histogram);
            for (m, &(i, j)) in matches.iter_mut().zip(&pairs) {
                m.absorb(match_spans(&by_annotator[i], &by_annotator[j]));
            }
        }
        pooled.absorb(&histogram);
        for (p, m) in pooled_matches.iter_mut().zip(&matches) {
            p.absorb(*m);
        }
        themes.insert(
            theme.id.clone(),
            measures(&histogram, &matches, &pairs, annotators.len(), pair_key),
        );
    }
    let overall = measures(&pooled, &pooled_matches, &pairs, annotators.len(), pair_key);
    Ok(Agreement {
        documents: documents.iter().map(|d| d.id.clone()).collect(),
        annotators,
        themes,
        overall,
    })
}

fn measures(
    histogram: &Histogram,
    matches: &[Matches],
    pairs: &[(usize, usize)],
    raters: usize,
    key: impl Fn((usize, usize)) -> String,
) -> Measures {
    let mut m = Measures {
        cohen_kappa: BTreeMap::new(),
        fleiss_kappa: histogram.fleiss(raters),
        krippendorff_alpha: histogram.krippendorff(raters),
        f1_exact: BTreeMap::new(),
        f1_overlap: BTreeMap::new(),
    };
    for (&(i, j), counts) in pairs.iter().zip(matches) {
        let k = key((i, j));
        m.cohen_kappa.insert(k.clone(), histogram.cohen(i, j));
        m.f1_exact
            .insert(k.clone(), Matches::f1(counts.exact, counts.spans));
        m.f1_overlap
            .insert(k, Matches::f1(counts.overlap, counts.spans));
    }
    m
}

/// Cuts `[0, len)` into constant segments and adds each, weighted by its
/// length, to `histogram` under the pattern of annotators covering it.
fn segments(len: usize, by_annotator: &[Vec<&Span>], histogram: &mut Histogram) {
    if by_annotator.is_empty() {
        return;
    }
    // Per annotator, the union of its spans, as toggles of its bit.
    let mut events: Vec<(usize, u64)> = Vec::new();
    for (i, spans) in by_annotator.iter().enumerate() {
        let bit = 1u64 << i;
        let mut ranges: Vec<(usize, usize)> = spans.iter().map(|s| (s.start, s.end)).collect();
        ranges.sort_unstable();
        let mut current: Option<(usize, usize)> = None;
        for (s, e) in ranges {
            match &mut current {
                Some((_, ce)) if s <= *ce => *ce = (*ce).max(e),
                _ => {
                    if let Some((cs, ce)) = current {
                        events.push((cs, bit));
                        events.push((ce, bit));
                    }
                    current = Some((s, e));
                }
            }
        }
        if let Some((cs, ce)) = current {
            events.push((cs, bit));
            events.push((ce, bit));
        }
    }
    events.sort_unstable();
    let mut pattern = 0u64;
    let mut at = 0usize;
    for (pos, bit) in events {
        let pos = pos.min(len);
        histogram.add(pattern, (pos - at) as u64);
        at = pos;
        pattern ^= bit;
    }
    histogram.add(pattern, len.saturating_sub(at) as u64);
}

/// Exact and maximum one-to-one overlap matches between two annotators'
/// spans of one theme in one document.
///
/// Overlap matching is greedy and still maximum: taking `a` in order of
/// end and giving each the free overlapping `b` that ends first is never
/// worse, since any later `a` overlapping that `b` also overlaps every
/// `b` ending later that overlaps this `a`.
fn match_spans(a: &[&Span], b: &[&Span]) -> Matches {
    let ranges = |spans: &[&Span]| -> BTreeSet<(usize, usize)> {
        spans.iter().map(|s| (s.start, s.end)).collect()
    };
    let (ra, rb) = (ranges(a), ranges(b));
    let exact = ra.intersection(&rb).count() as u64;
    let mut by_end: Vec<(usize, usize)> = ra.iter().map(|&(s, e)| (e, s)).collect();
    by_end.sort_unstable();
    let by_start: Vec<(usize, usize)> = rb.iter().copied().collect(); // sorted by start
    let mut open: BTreeSet<(usize, usize)> = BTreeSet::new(); // (end, index in by_start)
    let mut next = 0;
    let mut overlap = 0;
    for (end, start) in by_end {
        while next < by_start.len() && by_start[next].0 < end {
            open.insert((by_start[next].1, next));
            next += 1;
        }
        if let Some(&found) = open.range((start + 1, 0)..).next() {
            open.remove(&found);
            overlap += 1;
        }
    }
    Matches {
        exact,
        overlap,
        spans: (ra.len() + rb.len()) as u64,
    }
}

/// A coefficient as the tables print it: three decimals, or `n/a`.
pub fn show(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".into(), |v| format!("{v:.3}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, default_codebook};

    fn project(text: &str, spans: &[(usize, usize, &str, &str)]) -> Project {
        let mut p = Project::new("p", default_codebook());
        let doc = Document::new("d", "D", text).with_spans(
            spans
                .iter()
                .map(|&(s, e, t, a)| Span::new(s, e, t, a))
                .collect(),
        );
        Edit::AddDocument {
            index: 0,
            document: Box::new(doc),
        }
        .apply(&mut p)
        .unwrap();
        p
    }

    #[test]
    fn identical_tagging_agrees_perfectly_and_unused_themes_are_undefined() {
        // "🙂 olá mundo" — an astral character and a non-ASCII letter.
        let p = project(
            "🙂 olá\u{a0}mundo",
            &[(2, 5, "health", "ann"), (2, 5, "health", "bob")],
        );
        let a = agreement(&p, &Selection::default()).unwrap();
        assert_eq!(a.annotators, ["ann", "bob"]);
        let health = &a.themes["health"];
        assert_eq!(health.cohen_kappa["ann|bob"], Some(1.0));
        assert_eq!(health.fleiss_kappa, Some(1.0));
        assert_eq!(health.krippendorff_alpha, Some(1.0));
        assert_eq!(health.f1_exact["ann|bob"], Some(1.0));
        let trade = &a.themes["trade"];
        assert_eq!(trade.cohen_kappa["ann|bob"], None);
        assert_eq!(trade.fleiss_kappa, None);
        assert_eq!(trade.f1_overlap["ann|bob"], None);
        assert_eq!(show(trade.fleiss_kappa), "n/a");
    }

    #[test]
    fn overlap_matching_is_one_to_one_and_maximum() {
        // ann: [0,4) [5,6); bob: [3,9) [0,1). Exact: none. Overlap: [0,4)
        // could take either of bob's, but taking [0,1) lets [5,6) take [3,9).
        let p = project(
            "abcdefghij",
            &[
                (0, 4, "ict", "ann"),
                (5, 6, "ict", "ann"),
                (3, 9, "ict", "bob"),
                (0, 1, "ict", "bob"),
            ],
        );
        let a = agreement(&p, &Selection::default()).unwrap();
        assert_eq!(a.themes["ict"].f1_exact["ann|bob"], Some(0.0));
        assert_eq!(a.themes["ict"].f1_overlap["ann|bob"], Some(1.0));
    }

    #[test]
    fn unknown_names_are_refused_with_the_known_ones() {
        let p = project("abc", &[(0, 1, "ict", "ann")]);
        let err = agreement(
            &p,
            &Selection {
                annotators: vec!["zoe".into()],
                documents: vec![],
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "annotator \"zoe\" has no span and marked no document done in this project (its annotators: ann)"
        );
        let err = agreement(
            &p,
            &Selection {
                annotators: vec![],
                documents: vec!["nope".into()],
            },
        )
        .unwrap_err();
        assert_eq!(err, AgreementError::UnknownDocument("nope".into()));
    }
}
