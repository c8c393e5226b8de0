//! Fonts: egui's defaults (Latin, Cyrillic, Greek, emoji) followed by
//! system fonts for the scripts they lack (CJK, Arabic, Hebrew, Devanagari,
//! ...), so text in any script shows real glyphs instead of boxes.

use std::path::Path;
use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// Font files tried in order; every one found joins the fallback chain.
/// (file name, index within a collection)
const CANDIDATES: &[(&str, u32)] = &[
    ("NotoSans-Regular.ttf", 0),
    ("DejaVuSans.ttf", 0),
    ("NotoSansCJK-Regular.ttc", 0),
    ("NotoSansCJKsc-Regular.otf", 0),
    ("NotoSansSC-Regular.otf", 0),
    ("wqy-microhei.ttc", 0),
    ("NotoSansArabic-Regular.ttf", 0),
    ("NotoNaskhArabic-Regular.ttf", 0),
    ("NotoSansHebrew-Regular.ttf", 0),
    ("NotoSansDevanagari-Regular.ttf", 0),
    ("NotoSansThai-Regular.ttf", 0),
    ("FreeSans.ttf", 0),
    // Windows and macOS
    ("msyh.ttc", 0),
    ("arial.ttf", 0),
    ("seguiemj.ttf", 0),
    ("PingFang.ttc", 0),
    ("Arial Unicode.ttf", 0),
];

const DIRS: &[&str] = &[
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "C:\\Windows\\Fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
];

/// Adds the system fonts found to `ctx`'s font definitions as fallbacks.
/// Returns the names of the fonts added.
pub fn install(ctx: &egui::Context) -> Vec<String> {
    let mut fonts = FontDefinitions::default();
    let mut added = Vec::new();
    let mut files = Vec::new();
    for dir in DIRS {
        collect(Path::new(dir), 4, &mut files);
    }
    for (name, index) in CANDIDATES {
        let Some(path) = files.iter().find(|p| {
            p.file_name()
                .is_some_and(|f| f.to_string_lossy().eq_ignore_ascii_case(name))
        }) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let mut data = FontData::from_owned(bytes);
        data.index = *index;
        fonts.font_data.insert((*name).to_owned(), Arc::new(data));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push((*name).to_owned());
        }
        added.push((*name).to_owned());
    }
    ctx.set_fonts(fonts);
    added
}

fn collect(dir: &Path, depth: usize, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if depth > 0 {
                collect(&p, depth - 1, out);
            }
        } else {
            out.push(p);
        }
    }
}
