//! The colours a new theme gets when nobody chose one: the window's theme
//! editor, `marginalia theme add` without `--color`, and imports of themes
//! that bring no colour all take the first one the codebook does not use.

use std::collections::HashSet;

use super::color::Color;

/// The palette, in the order new themes take it.
pub const PALETTE: [Color; 8] = [
    Color::rgb(0x8e, 0x44, 0xad),
    Color::rgb(0x16, 0xa0, 0x85),
    Color::rgb(0xc0, 0x39, 0x2b),
    Color::rgb(0x27, 0xae, 0x60),
    Color::rgb(0xd3, 0x54, 0x00),
    Color::rgb(0x29, 0x80, 0xb9),
    Color::rgb(0x7f, 0x8c, 0x8d),
    Color::rgb(0xf3, 0x9c, 0x12),
];

/// The first colour of the [`PALETTE`] that none of `used` has, else the
/// palette's first.
pub fn unused_color(used: impl IntoIterator<Item = Color>) -> Color {
    let used: HashSet<Color> = used.into_iter().collect();
    PALETTE
        .iter()
        .copied()
        .find(|c| !used.contains(c))
        .unwrap_or(PALETTE[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_themes_take_the_first_colour_not_in_use_and_wrap_round() {
        assert_eq!(unused_color([]), PALETTE[0]);
        assert_eq!(unused_color([PALETTE[0], PALETTE[2]]), PALETTE[1]);
        assert_eq!(unused_color(PALETTE), PALETTE[0], "all in use");
    }
}
