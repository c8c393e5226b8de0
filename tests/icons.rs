//! The app's mark: the PNGs rendered from `assets/icons/marginalia.svg` are
//! what the window shows and what the Linux package installs in the hicolor
//! icon theme, so each must decode, have the size its folder names, and be
//! listed in the package.

use std::path::{Path, PathBuf};

const SIZES: [u32; 8] = [16, 24, 32, 48, 64, 128, 256, 512];

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn png(size: u32) -> PathBuf {
    repo().join(format!(
        "assets/icons/hicolor/{size}x{size}/apps/marginalia.png"
    ))
}

#[test]
fn every_icon_size_a_desktop_needs_decodes_at_the_size_its_folder_names() {
    for size in SIZES {
        let path = png(size);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let icon = eframe::icon_data::from_png_bytes(&bytes)
            .unwrap_or_else(|e| panic!("{}: not a PNG: {e}", path.display()));
        assert_eq!(
            (icon.width, icon.height),
            (size, size),
            "{}",
            path.display()
        );
        assert_eq!(icon.rgba.len(), (size * size * 4) as usize);
    }
}

#[test]
fn the_window_icon_is_the_rounded_tile_with_a_light_page_in_the_middle() {
    let bytes = std::fs::read(png(256)).expect("the window icon is committed");
    let icon = eframe::icon_data::from_png_bytes(&bytes).expect("the window icon decodes");
    let pixel = |x: u32, y: u32| {
        let i = ((y * icon.width + x) * 4) as usize;
        [
            icon.rgba[i],
            icon.rgba[i + 1],
            icon.rgba[i + 2],
            icon.rgba[i + 3],
        ]
    };
    // Transparent outside the rounded corners, so it sits on any panel.
    assert_eq!(pixel(0, 0)[3], 0, "corner is transparent");
    assert_eq!(pixel(255, 255)[3], 0, "corner is transparent");
    // The dark tile at the edge's middle, the light page inside it.
    let [r, g, b, a] = pixel(16, 128);
    assert_eq!(a, 255);
    assert!(
        u32::from(r) + u32::from(g) + u32::from(b) < 3 * 100,
        "dark tile"
    );
    let [r, g, b, a] = pixel(60, 50);
    assert_eq!(a, 255);
    assert!(r > 230 && g > 230 && b > 220, "light page, got {r},{g},{b}");
}

#[test]
fn the_package_installs_the_svg_and_every_png_size_in_the_hicolor_theme() {
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).expect("Cargo.toml");
    for size in SIZES {
        let asset = format!(
            r#"["assets/icons/hicolor/{size}x{size}/apps/marginalia.png", "usr/share/icons/hicolor/{size}x{size}/apps/", "644"]"#
        );
        assert!(
            manifest.contains(&asset),
            "Cargo.toml's deb assets lack {asset}"
        );
    }
    assert!(manifest.contains(
        r#"["assets/icons/marginalia.svg", "usr/share/icons/hicolor/scalable/apps/", "644"]"#
    ));
}

#[test]
fn the_desktop_entry_opens_a_project_with_the_installed_binary_and_its_icon() {
    let entry = std::fs::read_to_string(repo().join("packaging/marginalia.desktop"))
        .expect("packaging/marginalia.desktop");
    let value = |key: &str| {
        entry
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("the desktop entry has no {key}"))
    };
    assert_eq!(value("Exec"), "marginalia %f");
    assert_eq!(value("Icon"), "marginalia");
    assert_eq!(value("Name"), "Marginalia");
    assert!(value("Categories").split(';').any(|c| c == "Office"));
}
