//! The Curation view's lanes: one per compared annotator and one for the
//! curator, their spans over a disagreement's text, aligned with the
//! characters when the text fits on one line, else drawn to scale.

use egui::{Color32, Rect, Sense, Ui, Vec2};

use super::{Cached, CurationView, LANE_HEIGHT, NAME_WIDTH};
use crate::model::{Document, Project};

impl CurationView {
    /// One lane per compared annotator and one for the curator: their spans
    /// over the text `from..to`, aligned with the characters when the text
    /// fits on one line (returns true), else drawn to scale (false: the
    /// caller shows the text wrapped).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn lanes(
        &self,
        ui: &mut Ui,
        c: &Cached,
        doc: &Document,
        project: &Project,
        from: usize,
        to: usize,
        place_start: usize,
        place_end: usize,
    ) -> bool {
        let text: String = doc
            .text()
            .slice(from, to)
            .unwrap_or_default()
            .chars()
            .map(|ch| if ch == '\n' { '¶' } else { ch })
            .collect();
        let font = egui::TextStyle::Monospace.resolve(ui.style());
        let color = ui.visuals().text_color();
        let galley = ui.painter().layout_no_wrap(text, font, color);
        let width = (ui.available_width() - NAME_WIDTH).max(100.0);
        let fits = galley.rect.width() <= width;
        let lanes = c.data.annotators.len() + 1;
        let height = galley.rect.height() + 4.0 + LANE_HEIGHT * lanes as f32;
        let (rect, _) =
            ui.allocate_exact_size(Vec2::new(width + NAME_WIDTH, height), Sense::hover());
        let left = rect.left() + NAME_WIDTH;
        let x_of = |cp: usize| -> f32 {
            let cp = cp.clamp(from, to);
            if fits {
                left + galley
                    .pos_from_cursor(egui::text::CCursor::new(cp - from))
                    .min
                    .x
            } else {
                left + width * (cp - from) as f32 / (to - from).max(1) as f32
            }
        };
        let painter = ui.painter_at(rect);
        // The place behind the text.
        let text_rect = Rect::from_min_max(
            egui::pos2(x_of(place_start), rect.top()),
            egui::pos2(x_of(place_end), rect.top() + galley.rect.height()),
        );
        painter.rect_filled(
            text_rect,
            2.0,
            ui.visuals().selection.bg_fill.gamma_multiply(0.4),
        );
        if fits {
            painter.galley(egui::pos2(left, rect.top()), galley.clone(), color);
        } else {
            painter.text(
                egui::pos2(left, rect.top()),
                egui::Align2::LEFT_TOP,
                format!("{from}..{to} (drawn to scale)"),
                egui::TextStyle::Small.resolve(ui.style()),
                ui.visuals().weak_text_color(),
            );
        }
        let current = c.data.items[self.current];
        let names = c.data.annotators.iter().chain(std::iter::once(&c.curator));
        for (lane, name) in names.enumerate() {
            let y = rect.top() + galley.rect.height() + 4.0 + LANE_HEIGHT * lane as f32;
            let is_curator = lane == c.data.annotators.len();
            painter.text(
                egui::pos2(rect.left(), y + LANE_HEIGHT / 2.0),
                egui::Align2::LEFT_CENTER,
                if is_curator {
                    format!("{name} (curated)")
                } else {
                    name.clone()
                },
                egui::TextStyle::Small.resolve(ui.style()),
                ui.visuals().text_color(),
            );
            let spans = doc.spans().spans();
            doc.spans().visit_overlapping(from, to, |i| {
                let s = &spans[i];
                if &s.annotator != name {
                    return;
                }
                let fill = project
                    .theme(&s.theme)
                    .map_or(Color32::GRAY, crate::ui::style::theme_color);
                let r = Rect::from_min_max(
                    egui::pos2(x_of(s.start), y + 2.0),
                    egui::pos2(x_of(s.end).max(x_of(s.start) + 2.0), y + LANE_HEIGHT - 2.0),
                );
                painter.rect_filled(r, 2.0, fill.gamma_multiply(0.8));
                let this = s.start == current.start
                    && s.end == current.end
                    && s.theme == c.data.theme(&current);
                if this {
                    painter.rect_stroke(
                        r,
                        2.0,
                        egui::Stroke::new(2.0, ui.visuals().strong_text_color()),
                        egui::StrokeKind::Outside,
                    );
                }
            });
        }
        fits
    }
}
