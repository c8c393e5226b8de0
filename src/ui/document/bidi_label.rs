//! A selectable one-line label for text that may hold right-to-left runs
//! (a span's passage in a list): the text is laid out by the document
//! view's own [`LineLayout`], so Arabic and Hebrew read in visual order
//! with their letters joined, as in the document, where a plain egui label
//! would show them in logical order.

use egui::{Color32, FontId, Response, Sense, StrokeKind, TextStyle, Ui, Vec2, WidgetInfo};

use super::bidi_line::needs_bidi;
use super::line_layout::{LineLayout, LineStyle};

/// Like `ui.selectable_label(selected, format!("{prefix}{text}"))` (and
/// named so for screen readers and tests), with `text` in visual order.
/// `prefix` is left-to-right (e.g. a span's range).
pub fn selectable_passage(ui: &mut Ui, selected: bool, prefix: &str, text: &str) -> Response {
    if !needs_bidi(text) {
        return ui.selectable_label(selected, format!("{prefix}{text}"));
    }
    let font_size = TextStyle::Body.resolve(ui.style()).size;
    let row_height = ui.text_style_height(&TextStyle::Body);
    let style = LineStyle {
        font_size,
        // Painted in the colour of the label's state (hovered, selected).
        color: Color32::PLACEHOLDER,
        row_height,
        wrap_width: f32::INFINITY,
    };
    let name = format!("{prefix}{text}");
    let prefix = ui.painter().layout_no_wrap(
        prefix.to_owned(),
        FontId::proportional(font_size),
        Color32::PLACEHOLDER,
    );
    let passage = ui.fonts_mut(|f| LineLayout::new(f, text, &style));
    let pad = ui.spacing().button_padding;
    let inner = Vec2::new(
        prefix.size().x + passage.size().x,
        row_height.max(prefix.size().y),
    );
    let (rect, response) = ui.allocate_exact_size(inner + 2.0 * pad, Sense::click());
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact_selectable(&response, selected);
        if selected || response.hovered() || response.highlighted() || response.has_focus() {
            ui.painter().rect(
                rect.expand(visuals.expansion),
                visuals.corner_radius,
                visuals.weak_bg_fill,
                visuals.bg_stroke,
                StrokeKind::Inside,
            );
        }
        let ink = visuals.text_color();
        let top_left = rect.min + pad;
        let prefix_width = prefix.size().x;
        let y_prefix = top_left.y + (inner.y - prefix.size().y) / 2.0;
        ui.painter()
            .galley(egui::pos2(top_left.x, y_prefix), prefix, ink);
        passage.paint(
            ui.painter(),
            egui::pos2(top_left.x + prefix_width, top_left.y),
            ink,
        );
    }
    response.widget_info(|| WidgetInfo::selected(egui::Role::Button, true, selected, name.clone()));
    response
}
