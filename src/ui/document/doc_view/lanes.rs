//! Underline lanes under each line: how many bands (one per annotator
//! with annotator lanes) of how many lanes, and which lane each span gets.

use super::ViewInput;
use crate::model::Span;

/// Height of one underline lane and how many lanes a row has room for.
pub(super) const LANE: f32 = 3.0;
pub(super) const LANES: usize = 4;
/// Annotator lanes: at most this many bands (more annotators share the
/// last one), each with room for this many overlapping spans at least,
/// and a gap between bands.
const MAX_BANDS: usize = 8;
const MIN_BAND_LANES: usize = 2;
const BAND_GAP: f32 = 2.0;

impl ViewInput<'_> {
    /// How the underline lanes are laid out under each line.
    pub(super) fn bands(&self) -> Bands {
        match self.lanes {
            None => Bands {
                bands: 1,
                per_band: LANES,
            },
            Some(names) => {
                let bands = names.len().clamp(1, MAX_BANDS);
                Bands {
                    bands,
                    per_band: (LANES / bands).max(MIN_BAND_LANES),
                }
            }
        }
    }
}

/// Underline lanes under each line: `bands` bands (one per annotator with
/// annotator lanes, else one) of `per_band` lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Bands {
    pub(super) bands: usize,
    pub(super) per_band: usize,
}

impl Bands {
    /// The height the lanes take under a line.
    pub(super) fn height(self) -> f32 {
        let gaps = if self.bands > 1 {
            self.bands as f32 * BAND_GAP
        } else {
            0.0
        };
        LANE * (self.bands * self.per_band) as f32 + gaps
    }

    /// How far below the first lane lane `lane` is.
    pub(super) fn offset(self, lane: usize) -> f32 {
        let band = lane / self.per_band;
        let gap = if self.bands > 1 { BAND_GAP } else { 0.0 };
        lane as f32 * LANE + band as f32 * gap
    }
}

/// Greedy lane assignment: each span gets the lowest lane of its band not
/// used by an earlier span of the band that still overlaps it (spans come
/// in start order). Lane `l` of band `b` is `b * per_band + l`; a band's
/// spans beyond `per_band` deep share its last lane.
pub(super) fn assign_lanes(
    spans: &[(usize, &Span)],
    per_band: usize,
    band_of: impl Fn(&Span) -> usize,
) -> Vec<usize> {
    // Per band, the end of the span last put in each of its lanes.
    let mut lane_end: Vec<Vec<usize>> = Vec::new();
    spans
        .iter()
        .map(|(_, s)| {
            let band = band_of(s);
            if lane_end.len() <= band {
                lane_end.resize_with(band + 1, Vec::new);
            }
            let ends = &mut lane_end[band];
            let lane = ends
                .iter()
                .position(|&e| e <= s.start)
                .unwrap_or(ends.len());
            if lane == ends.len() {
                ends.push(s.end);
            } else {
                ends[lane] = s.end;
            }
            band * per_band + lane.min(per_band - 1)
        })
        .collect()
}
