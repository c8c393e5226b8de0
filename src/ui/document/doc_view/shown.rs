//! The lines laid out on screen last frame and the mapping between screen
//! positions and code-point offsets that painting and the pointer share.

use egui::{Pos2, Rect, Vec2};

use crate::ui::document::line_layout::LineLayout;

/// One line laid out this frame.
#[derive(Clone)]
pub(super) struct Placed {
    /// First and one-past-last code point of the line.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Top-left corner of the line's layout on screen (raised by the
    /// text lift with annotator lanes).
    pub(super) pos: Pos2,
    /// Where the line's slot in the view ends on screen (below its bands).
    pub(super) bottom: f32,
    pub(super) layout: LineLayout,
}

/// The lines on screen and how to map between them and offsets.
#[derive(Clone, Default)]
pub(super) struct Shown {
    pub(super) lines: Vec<Placed>,
}

impl Shown {
    /// The caret offset nearest to `pos`: the line under it (or the
    /// nearest shown line), then the glyph nearest to it.
    pub(super) fn offset_at(&self, pos: Pos2) -> Option<usize> {
        let last = self.lines.last()?;
        let p = self.lines.iter().find(|p| pos.y < p.bottom).unwrap_or(last);
        let local = pos - p.pos;
        let local = Vec2::new(local.x, local.y.max(0.0));
        Some(p.start + p.layout.offset_at(local).min(p.end - p.start))
    }

    /// The code point whose glyph is under `pos`, else the caret offset.
    pub(super) fn char_at(&self, pos: Pos2) -> Option<usize> {
        let o = self.offset_at(pos)?;
        let hit = |a: usize| self.rects_for(a, a + 1).iter().any(|r| r.contains(pos));
        if hit(o) {
            Some(o)
        } else if o > 0 && hit(o - 1) {
            Some(o - 1)
        } else {
            Some(o)
        }
    }

    pub(super) fn rects_for(&self, a: usize, b: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        for p in &self.lines {
            if b > p.start && a <= p.end {
                let (la, lb) = (a.max(p.start) - p.start, b.min(p.end) - p.start);
                if la == lb && !(a == b || (la == 0 && p.start == p.end)) {
                    continue;
                }
                out.extend(
                    p.layout
                        .rects_for(la, lb)
                        .into_iter()
                        .map(|r| r.translate(p.pos.to_vec2())),
                );
            }
        }
        out
    }

    pub(super) fn caret_rect(&self, offset: usize) -> Option<Rect> {
        self.lines
            .iter()
            .find(|p| offset >= p.start && offset <= p.end)
            .map(|p| {
                p.layout
                    .caret_rect(offset - p.start)
                    .translate(p.pos.to_vec2())
            })
    }
}
