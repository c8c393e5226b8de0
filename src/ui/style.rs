//! The window's colours in one place: a theme's colour as egui paints it,
//! and the few fixed colours the window adds (find matches, the flash on a
//! span jumped to, unsaved changes, the matrix's cells).

use egui::Color32;

use crate::model::Theme;

/// A theme's colour.
pub(in crate::ui) fn theme_color(t: &Theme) -> Color32 {
    Color32::from_rgb(t.color.r, t.color.g, t.color.b)
}

/// The find match stepped to.
pub(in crate::ui) const CURRENT_MATCH: Color32 = Color32::from_rgb(255, 170, 0);

/// The other find matches, behind the text.
pub(in crate::ui) const OTHER_MATCH: Color32 =
    Color32::from_rgba_unmultiplied_const(255, 220, 0, 120);

/// The outline that flashes round a span jumped to, fading out as
/// `alpha` falls.
pub(in crate::ui) fn flash(alpha: u8) -> Color32 {
    Color32::from_rgba_unmultiplied(255, 140, 0, alpha)
}

/// "Unsaved changes" in the status bar.
pub(in crate::ui) const UNSAVED: Color32 = Color32::from_rgb(200, 120, 0);

/// The Analysis view's document × theme cells, shaded by their count.
pub(in crate::ui) const MATRIX_CELL: Color32 = Color32::from_rgb(0x29, 0x80, 0xb9);
