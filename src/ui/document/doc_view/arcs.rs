//! Relations drawn as arcs above the lines, brat-style: a curve from the
//! top of one span to the top of the other, the type's label on it in the
//! type's colour, an arrowhead at the `to` end of a directed type. A
//! relation with one end off screen is drawn to the margin with a jump
//! marker ("⬆ Cause" or "⬇ Cause") that opens the other end.
//!
//! Only relations with an end on a visible line are laid out: the
//! relations' ends are kept sorted by position (rebuilt when the project
//! changes), so a frame finds the visible ones by binary search and its
//! cost does not grow with the number of relations.

use egui::epaint::CubicBezierShape;
use egui::{Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Ui, Vec2};

use super::paint::label_height;
use super::{DocView, ViewInput};
use crate::model::{Relation, RelationType, Relations, Span, SpanRef};
use crate::ui::app::command::{Command, Commands};
use crate::ui::spans::span_list::snippet;

/// What the view needs to draw relations (present only when View → Show
/// Relations is on and the document has relations).
pub struct RelationsInput<'a> {
    pub relations: &'a Relations,
    pub types: &'a [RelationType],
    /// The project's revision: the sorted ends are rebuilt when it changes.
    pub revision: u64,
    /// The document's index in the project (for the jump markers).
    pub doc_index: usize,
    pub selected: Option<&'a Relation>,
}

/// An arc label (or a jump marker) painted last frame: which relation,
/// where its label is, and whether it is a jump marker to an end off
/// screen.
#[derive(Clone, Debug, PartialEq)]
pub struct PaintedArc {
    pub relation: Relation,
    pub label: Rect,
    pub far: bool,
}

/// The relations' ends sorted by position, for one revision of a document.
#[derive(Default)]
pub(super) struct ArcIndex {
    key: Option<(String, u64)>,
    relations: Vec<Relation>,
    /// (start of an end, index into `relations`), sorted.
    ends: Vec<(usize, usize)>,
}

impl ArcIndex {
    fn refresh(&mut self, doc: &str, input: &RelationsInput) {
        let key = (doc.to_owned(), input.revision);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.relations = input.relations.iter().cloned().collect();
        self.ends = self
            .relations
            .iter()
            .enumerate()
            .flat_map(|(i, r)| [(r.from.start, i), (r.to.start, i)])
            .collect();
        self.ends.sort_unstable();
        self.key = Some(key);
    }

    /// Indices of the relations with an end starting in `a..b`, in order.
    fn starting_in(&self, a: usize, b: usize) -> Vec<usize> {
        let lo = self.ends.partition_point(|&(p, _)| p < a);
        let hi = self.ends.partition_point(|&(p, _)| p < b);
        let mut out: Vec<usize> = self.ends[lo..hi].iter().map(|&(_, i)| i).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// The room each row gets for arcs and their labels (half of it above
/// the text, with the gap rows have anyway).
pub(super) fn arc_room(font_size: f32) -> f32 {
    2.0 * label_height(font_size) - 4.0
}

impl DocView {
    /// Paints the arcs of the relations with an end in `vis_start..vis_end`
    /// whose both spans are shown, their labels (clickable: selects the
    /// relation) and the jump markers of relations with an end off screen.
    pub(super) fn paint_arcs(
        &mut self,
        ui: &Ui,
        input: &ViewInput,
        visible: Rect,
        vis_start: usize,
        vis_end: usize,
        out: &mut Commands,
    ) {
        self.painted_arcs.clear();
        let Some(rels) = &input.relations else {
            return;
        };
        self.arcs.refresh(&input.doc.id, rels);
        let painter = ui.painter_at(visible);
        let font_h = ui.fonts_mut(|f| f.row_height(&FontId::proportional(input.font_size)));
        let room = arc_room(input.font_size);
        let font = FontId::proportional(label_height(input.font_size) - 2.0);
        let text = input.doc.text();
        let shown = |r: &SpanRef| {
            input.doc.spans().position(&r.to_span()).is_some() && input.shows(&r.to_span())
        };
        // The top middle of a span's first row on screen, if it is shown.
        let top_of = |r: &SpanRef| -> Option<Pos2> {
            let row = *self.shown.rects_for(r.start, r.end).first()?;
            Some(Pos2::new(row.center().x, row.center().y - font_h / 2.0))
        };
        let text_of = |r: &SpanRef| snippet(text.slice(r.start, r.end).unwrap_or(""), 24);
        let mut labels: Vec<Rect> = Vec::new();
        let mut painted = Vec::new();
        for i in self.arcs.starting_in(vis_start, vis_end) {
            let rel = &self.arcs.relations[i];
            if !shown(&rel.from) || !shown(&rel.to) {
                continue;
            }
            let rt = rels.types.iter().find(|t| t.id == rel.kind);
            let (name, color, directed) =
                rt.map_or((rel.kind.as_str(), Color32::GRAY, true), |t| {
                    (
                        t.label.as_str(),
                        Color32::from_rgb(t.color.r, t.color.g, t.color.b),
                        t.directed,
                    )
                });
            let selected = rels.selected.is_some_and(|s| s.same_key(rel));
            let stroke = Stroke::new(if selected { 2.5 } else { 1.5 }, color);
            let (a, b) = (top_of(&rel.from), top_of(&rel.to));
            let (label_text, anchor, far) = match (a, b) {
                (Some(a), Some(b)) => {
                    let apex = a.y.min(b.y) - room * 0.45;
                    painter.add(CubicBezierShape::from_points_stroke(
                        [a, Pos2::new(a.x, apex), Pos2::new(b.x, apex), b],
                        false,
                        Color32::TRANSPARENT,
                        stroke,
                    ));
                    if directed {
                        arrowhead(&painter, b, color);
                    }
                    (
                        name.to_owned(),
                        Pos2::new((a.x + b.x) / 2.0, a.y.min(b.y) - room * 0.36),
                        None,
                    )
                }
                (Some(p), None) | (None, Some(p)) => {
                    // One end on screen: a line to the margin, with a
                    // marker pointing where the other end is.
                    let other = if a.is_some() { &rel.to } else { &rel.from };
                    let up = other.start < vis_start;
                    let y = p.y - room * 0.36;
                    let x = visible.left() + 2.0;
                    painter.line_segment([p, Pos2::new(p.x, y)], stroke);
                    painter.line_segment([Pos2::new(p.x, y), Pos2::new(x + 40.0, y)], stroke);
                    let arrow = if up { "⬆" } else { "⬇" };
                    (
                        format!("{arrow} {name}"),
                        Pos2::new(x + 30.0, y),
                        Some(other.clone()),
                    )
                }
                (None, None) => continue,
            };
            let galley = painter.layout_no_wrap(label_text, font.clone(), Color32::WHITE);
            let size = galley.size() + Vec2::new(6.0, 0.0);
            let mut r = Rect::from_center_size(anchor, size);
            if far.is_some() {
                r = r.translate(Vec2::new(visible.left() + 2.0 - r.left(), 0.0));
            }
            // Labels never cover each other: one in the way moves right.
            while let Some(hit) = labels.iter().find(|l| l.intersects(r)) {
                r = r.translate(Vec2::new(hit.right() - r.left() + 2.0, 0.0));
            }
            labels.push(r);
            painter.rect_filled(r, 3.0, color);
            if selected {
                painter.rect_stroke(
                    r.expand(1.5),
                    3.0,
                    Stroke::new(1.5, ui.visuals().text_color()),
                    StrokeKind::Outside,
                );
            }
            painter.galley(r.min + Vec2::new(3.0, 0.0), galley, Color32::WHITE);
            let what = match &far {
                None => format!(
                    "Relation {name}: ‘{}’ ➡ ‘{}’",
                    text_of(&rel.from),
                    text_of(&rel.to)
                ),
                Some(other) => format!("Jump to {name} end: ‘{}’", text_of(other)),
            };
            let response = ui.interact(
                r,
                ui.scope_id().with(("arc", i, far.is_some())),
                Sense::click(),
            );
            response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &what));
            let response = response.on_hover_text(&what);
            if response.clicked() {
                out.push(Command::SelectRelation(Some(rel.clone())));
                if let Some(other) = &far {
                    out.push(Command::OpenAt {
                        document: rels.doc_index,
                        span: other.to_span(),
                    });
                }
            }
            painted.push(PaintedArc {
                relation: rel.clone(),
                label: r,
                far: far.is_some(),
            });
        }
        self.painted_arcs = painted;
    }

    /// Outlines the span a relation being made starts from.
    pub(super) fn paint_relation_source(&self, ui: &Ui, visible: Rect, source: &Span) {
        let painter = ui.painter_at(visible);
        for r in self.shown.rects_for(source.start, source.end) {
            painter.rect_stroke(
                r.shrink2(Vec2::new(0.0, 2.0)),
                2.0,
                Stroke::new(2.0, ui.visuals().text_color()),
                StrokeKind::Outside,
            );
        }
    }
}

/// A small filled arrowhead pointing down onto `tip`.
fn arrowhead(painter: &egui::Painter, tip: Pos2, color: Color32) {
    painter.add(egui::Shape::convex_polygon(
        vec![tip, tip + Vec2::new(-4.0, -7.0), tip + Vec2::new(4.0, -7.0)],
        color,
        Stroke::NONE,
    ));
}
