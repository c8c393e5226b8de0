//! Colours: `Color`, the one parser of `#rrggbb` and `#rgb`.

use std::fmt;
use std::str::FromStr;

/// An sRGB colour written as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    /// A colour from its components.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Color { r, g, b }
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// The one colour parser of the crate: `#rrggbb` or the short `#rgb`
/// (`#1a3` is `#11aa33`), either case, white space around ignored. Used
/// by the project file, the window and every importer.
impl FromStr for Color {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digits = s
            .trim()
            .strip_prefix('#')
            .filter(|h| matches!(h.len(), 3 | 6) && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| format!("colour {s:?} is not of the form \"#rrggbb\" or \"#rgb\""))?;
        let nibble = |i: usize| u8::from_str_radix(&digits[i..=i], 16).unwrap_or_default();
        let channel = |i: usize| match digits.len() {
            3 => nibble(i) * 17,
            _ => nibble(2 * i) * 16 + nibble(2 * i + 1),
        };
        Ok(Color::rgb(channel(0), channel(1), channel(2)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_round_trips_and_rejects_bad_input() {
        let c: Color = "#2EA043".parse().unwrap();
        assert_eq!(c.to_string(), "#2ea043");
        assert!("2ea043".parse::<Color>().is_err());
        assert!("#2ea04".parse::<Color>().is_err());
        assert!("#2ea04g".parse::<Color>().is_err());
    }

    #[test]
    fn short_colours_double_each_digit_as_css_does() {
        assert_eq!("#1a3".parse::<Color>(), Ok(Color::rgb(0x11, 0xaa, 0x33)));
        assert_eq!(" #FFF\t".parse::<Color>(), Ok(Color::rgb(255, 255, 255)));
        assert_eq!(
            "#12".parse::<Color>(),
            Err("colour \"#12\" is not of the form \"#rrggbb\" or \"#rgb\"".into())
        );
        assert!("#1234".parse::<Color>().is_err());
        assert!("#ééé".parse::<Color>().is_err());
        assert!("red".parse::<Color>().is_err());
    }
}
