//! Painting the visible lines: find matches, the selection and caret, span
//! tints (the innermost span's colour), underline lanes, span labels and
//! suggestion outlines.

use egui::{Color32, FontId, Pos2, Rect, Stroke, StrokeKind, Ui, Vec2};

use super::lanes::{LANE, LANES, assign_lanes};
use super::{DocView, Painted, ViewInput};
use crate::model::{Span, Suggestion};
use crate::ui::style;

impl DocView {
    pub(super) fn paint(
        &mut self,
        ui: &Ui,
        input: &ViewInput,
        visible: Rect,
        vis_start: usize,
        vis_end: usize,
        now: f64,
    ) {
        let painter = ui.painter_at(visible);
        let spans = input.doc.spans();
        let mut visible_spans: Vec<(usize, &Span)> = Vec::new();
        spans.visit_overlapping(vis_start, vis_end.max(vis_start + 1), |i| {
            let s = &spans.spans()[i];
            if input.shows(s) {
                visible_spans.push((i, s));
            }
        });
        let bands = input.bands();
        let lanes = match input.lanes {
            None => assign_lanes(&visible_spans, LANES, |_| 0),
            Some(names) => {
                let last = bands.bands - 1;
                assign_lanes(&visible_spans, bands.per_band, |s| {
                    names
                        .iter()
                        .position(|n| *n == s.annotator)
                        .map_or(last, |b| b.min(last))
                })
            }
        };
        self.painted.clear();
        self.painted_suggestions.clear();
        self.selection_rect = None;
        // Suggestions on screen: those starting at most the longest
        // suggestion's length before the first visible code point.
        let from = input
            .suggestions
            .partition_point(|s| s.start + input.longest_suggestion < vis_start);
        let visible_suggestions: Vec<(usize, &Suggestion)> = input.suggestions[from..]
            .iter()
            .enumerate()
            .take_while(|(_, s)| s.start <= vis_end)
            .filter(|(_, s)| s.end > vis_start && !input.hidden.contains(&s.theme))
            .map(|(i, s)| (from + i, s))
            .collect();
        let lift = Self::text_lift(input);
        let tint_alpha = if input.dark { 60 } else { 48 };
        let font_h = ui.fonts_mut(|f| f.row_height(&FontId::proportional(input.font_size)));
        let label_font = FontId::proportional(label_height(input.font_size) - 2.0);
        // With labels, tints and outlines leave the label band free.
        let band = if input.show_labels {
            label_height(input.font_size)
        } else {
            0.0
        };
        // The rectangle of the text itself in a row (without the room made
        // for annotator bands below and a label above), for tints,
        // outlines and the caret.
        let text_box = |r: Rect| {
            let mut r = r.shrink2(Vec2::new(0.0, lift));
            r.min.y = (r.min.y + band).min(r.max.y);
            r
        };
        for p in &self.shown.lines {
            let (a, b) = (p.start, p.end);
            // Rows covering code points s..e of the line, on screen.
            let raw = |s: usize, e: usize| -> Vec<Rect> {
                let (la, lb) = (s.max(a) - a, e.min(b) - a);
                p.layout
                    .rects_for(la, lb)
                    .into_iter()
                    .map(|r| r.translate(p.pos.to_vec2()))
                    .collect()
            };
            let rects =
                |s: usize, e: usize| -> Vec<Rect> { raw(s, e).into_iter().map(text_box).collect() };
            // Find matches (sorted and disjoint): only those on this line.
            let from = input.find_matches.partition_point(|&(_, me)| me <= a);
            for (i, &(ms, me)) in input.find_matches.iter().enumerate().skip(from) {
                if ms > b {
                    break;
                }
                if me > a {
                    let fill = if Some(i) == input.current_match {
                        style::CURRENT_MATCH
                    } else {
                        style::OTHER_MATCH
                    };
                    for r in rects(ms, me) {
                        painter.rect_filled(r, 2.0, fill);
                    }
                }
            }
            // Span tints: each stretch of the line takes the colour of the
            // innermost span over it, so two themes never blend.
            let on_line: Vec<&Span> = visible_spans
                .iter()
                .map(|(_, s)| *s)
                .filter(|s| s.end > a && s.start <= b)
                .collect();
            for (s, e, span) in innermost_stretches(&on_line, a, b) {
                let Some(c) = theme_color(input, &span.theme) else {
                    continue;
                };
                let fill = Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), tint_alpha);
                for r in rects(s, e) {
                    painter.rect_filled(r, 0.0, fill);
                }
            }
            // Selection.
            if let Some((ss, se)) = self.selection()
                && se > a
                && ss <= b
            {
                let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.75);
                for r in rects(ss, se) {
                    painter.rect_filled(r, 0.0, fill);
                    self.selection_rect = Some(self.selection_rect.map_or(r, |u| u.union(r)));
                }
            }
            p.layout.paint(&painter, p.pos, ui.visuals().text_color());
            // The caret, where the layout puts it.
            if (a..=b).contains(&self.head) {
                let r = text_box(
                    p.layout
                        .caret_rect(self.head - a)
                        .translate(p.pos.to_vec2()),
                );
                painter.line_segment(
                    [r.left_top(), r.left_bottom()],
                    Stroke::new(2.0, ui.visuals().text_cursor.stroke.color),
                );
            }
            // Underline lanes below the text, one per overlapping span (in
            // its annotator's band with annotator lanes), in its colour.
            for ((index, s), &lane) in visible_spans.iter().zip(&lanes) {
                if s.end > a && s.start <= b {
                    let Some(c) = theme_color(input, &s.theme) else {
                        continue;
                    };
                    for r in raw(s.start, s.end) {
                        let y = r.center().y + font_h / 2.0 + 1.0 + bands.offset(lane);
                        painter.line_segment(
                            [Pos2::new(r.left(), y), Pos2::new(r.right(), y)],
                            Stroke::new(LANE - 0.5, c),
                        );
                        self.painted.push(Painted {
                            index: *index,
                            lane,
                            rect: Rect::from_min_max(
                                Pos2::new(r.left(), y - LANE / 2.0),
                                Pos2::new(r.right(), y + LANE / 2.0),
                            ),
                        });
                    }
                }
            }
            // Labels: the theme's name at the start of each span.
            if input.show_labels {
                let mut taken: Vec<Rect> = Vec::new();
                for s in &on_line {
                    if s.start < a || s.start > b {
                        continue;
                    }
                    let Some(c) = theme_color(input, &s.theme) else {
                        continue;
                    };
                    let caret = p.layout.caret_rect(s.start - a).translate(p.pos.to_vec2());
                    let caret = caret.shrink2(Vec2::new(0.0, lift));
                    let name = input
                        .themes
                        .iter()
                        .find(|t| t.id == s.theme)
                        .map_or(s.theme.as_str(), |t| t.label.as_str());
                    let ink =
                        if c.r() as u32 * 299 + c.g() as u32 * 587 + c.b() as u32 * 114 > 150_000 {
                            Color32::BLACK
                        } else {
                            Color32::WHITE
                        };
                    let galley = painter.layout_no_wrap(name.to_owned(), label_font.clone(), ink);
                    let size = galley.size() + Vec2::new(6.0, 0.0);
                    let rtl = p.layout.is_rtl();
                    let mut r = if rtl {
                        Rect::from_min_size(Pos2::new(caret.left() - size.x, caret.top()), size)
                    } else {
                        Rect::from_min_size(caret.left_top(), size)
                    };
                    while let Some(t) = taken.iter().find(|t| t.intersects(r)) {
                        r = r.translate(Vec2::new(
                            if rtl {
                                t.left() - r.right() - 2.0
                            } else {
                                t.right() - r.left() + 2.0
                            },
                            0.0,
                        ));
                    }
                    taken.push(r);
                    painter.rect_filled(r, 3.0, c);
                    painter.galley(r.min + Vec2::new(3.0, 0.0), galley, ink);
                }
            }
            // Suggestions: a dashed outline in the theme's colour around
            // each row they cover (the rows the same layout gives spans,
            // so right-to-left text is outlined where it is drawn).
            for &(i, s) in &visible_suggestions {
                if s.end <= a || s.start > b {
                    continue;
                }
                let Some(c) = theme_color(input, &s.theme) else {
                    continue;
                };
                let width = if input.current_suggestion == Some(s) {
                    2.5
                } else {
                    1.2
                };
                for r in rects(s.start, s.end) {
                    let r = r.expand(1.0);
                    let path = [
                        r.left_top(),
                        r.right_top(),
                        r.right_bottom(),
                        r.left_bottom(),
                        r.left_top(),
                    ];
                    painter.extend(egui::Shape::dashed_line(
                        &path,
                        Stroke::new(width, c),
                        4.0,
                        3.0,
                    ));
                    self.painted_suggestions.push((i, r));
                }
            }
            // Selected span and flash outlines.
            let outline = |s: usize, e: usize, stroke: Stroke| {
                if e > a && s <= b {
                    for r in rects(s, e) {
                        painter.rect_stroke(r, 2.0, stroke, StrokeKind::Outside);
                    }
                }
            };
            if let Some(s) = input.selected_span {
                let c = theme_color(input, &s.theme).unwrap_or(Color32::GRAY);
                outline(s.start, s.end, Stroke::new(1.5, c));
            }
            if let Some((fs, fe, t0)) = self.flash {
                let age = (now - t0) as f32;
                if age < 1.2 {
                    let alpha = ((1.2 - age) / 1.2 * 255.0) as u8;
                    outline(fs, fe, Stroke::new(3.0, style::flash(alpha)));
                    ui.ctx().request_repaint();
                }
            }
        }
        if self.flash.is_some_and(|(_, _, t0)| now - t0 >= 1.2) {
            self.flash = None;
        }
    }
}

/// The colour of a theme.
pub(super) fn theme_color(input: &ViewInput, id: &str) -> Option<Color32> {
    input
        .themes
        .iter()
        .find(|t| t.id == id)
        .map(style::theme_color)
}

/// Height of a span label for a text size.
pub(super) fn label_height(font_size: f32) -> f32 {
    (font_size * 0.7).round().max(9.0) + 2.0
}

/// The stretches `s..e` of the line `a..b` covered by spans, each with the
/// innermost (shortest) span over it.
fn innermost_stretches<'s>(
    spans: &[&'s Span],
    a: usize,
    b: usize,
) -> Vec<(usize, usize, &'s Span)> {
    let mut cuts: Vec<usize> = spans
        .iter()
        .flat_map(|s| [s.start.max(a), s.end.min(b)])
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<(usize, usize, &Span)> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let best = spans
            .iter()
            .filter(|sp| sp.start <= s && sp.end >= e)
            .min_by_key(|sp| (sp.len(), sp.start));
        if let Some(best) = best {
            match out.last_mut() {
                Some(last) if last.1 == s && std::ptr::eq(last.2, *best) => last.1 = e,
                _ => out.push((s, e, best)),
            }
        }
    }
    // A span over an empty line: its mark.
    if a == b {
        if let Some(best) = spans
            .iter()
            .filter(|sp| sp.start <= a && sp.end > a)
            .min_by_key(|sp| sp.len())
        {
            out.push((a, a, best));
        }
    }
    out
}
