//! Fonts: egui's defaults (Latin, Cyrillic, Greek, emoji) followed by the
//! system fonts that cover the scripts the open documents use.
//!
//! The system's own font database (fontconfig on Linux, CoreText on macOS,
//! DirectWrite on Windows) answers, through `egui_system_font_provider`
//! (fontique), which installed font covers a character that no loaded font
//! has: Chinese, Japanese, Korean, Arabic, Hebrew, Devanagari, Thai, ...
//! A font is loaded (memory-mapped) only when a character of its script is
//! first laid out, so a document in Latin script never loads any. The
//! installed fonts are listed on a background thread that starts here, so
//! the first frame does not wait for it unless it already shows a script
//! egui lacks.

use std::sync::Arc;

/// Lets the window find system fonts by coverage, for every family.
pub fn install(ctx: &egui::Context) {
    ctx.add_font_provider(Arc::new(
        egui_system_font_provider::SystemFontProvider::new(),
    ));
}

/// Whether some loaded font has a glyph for `c` (after laying out `c`
/// once, so a system font found for it counts).
pub fn has_glyph(ctx: &egui::Context, c: char) -> bool {
    ctx.fonts_mut(|f| {
        let font_id = egui::FontId::proportional(14.0);
        let job = egui::text::LayoutJob::simple_singleline(
            c.to_string(),
            font_id.clone(),
            egui::Color32::WHITE,
        );
        let _ = f.layout_job(job);
        f.has_glyph(&font_id, c)
    })
}
