//! Themes (the codes of the codebook) and the codebook of a new project.

use super::color::Color;

/// One theme (code) of the codebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Stable identifier that spans refer to; never changes once created.
    pub id: String,
    /// Human-readable name; may be renamed.
    pub label: String,
    /// Display colour.
    pub color: Color,
    /// Optional single-key shortcut that tags the selection in the window.
    pub key: Option<char>,
    /// One-line description of what belongs to the theme.
    pub description: String,
    /// Format 2: the id of the theme this one sits under in the codebook
    /// tree (any depth), or `None` at the top.
    pub parent: Option<String>,
    /// Format 2: rules that propose spans of this theme: words or phrases
    /// (whole words, ignoring case), or regexes written `/.../` (see
    /// [`CodingRule`](super::coding_rule::CodingRule)).
    pub rules: Vec<String>,
}

impl Theme {
    /// A top-level theme without key, description or rules.
    pub fn new(id: impl Into<String>, label: impl Into<String>, color: Color) -> Self {
        Theme {
            id: id.into(),
            label: label.into(),
            color,
            key: None,
            description: String::new(),
            parent: None,
            rules: Vec::new(),
        }
    }
}

/// The codebook of a new project: Health, Security, ICT and Trade.
pub fn default_codebook() -> Vec<Theme> {
    let theme = |id: &str, label: &str, color: Color, key: char, description: &str| Theme {
        id: id.to_owned(),
        label: label.to_owned(),
        color,
        key: Some(key),
        description: description.to_owned(),
        parent: None,
        rules: Vec::new(),
    };
    vec![
        theme(
            "health",
            "Health",
            Color::rgb(0x2e, 0xa0, 0x43),
            '1',
            "Public health, pandemics, the WHO, vaccines and medicines.",
        ),
        theme(
            "security",
            "Security",
            Color::rgb(0xd6, 0x3b, 0x3b),
            '2',
            "Strategic stability, arms control, non-proliferation, terrorism and defence.",
        ),
        theme(
            "ict",
            "ICT",
            Color::rgb(0x2f, 0x6f, 0xd6),
            '3',
            "Information and communication technology, information security, internet governance, the digital economy.",
        ),
        theme(
            "trade",
            "Trade",
            Color::rgb(0xe0, 0x8e, 0x0b),
            '4',
            "Trade, the WTO, economic globalisation, supply chains and sanctions on the economy.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_codebook_has_distinct_colours_and_keys() {
        let themes = default_codebook();
        let labels: Vec<_> = themes.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Health", "Security", "ICT", "Trade"]);
        let keys: Vec<_> = themes.iter().map(|t| t.key).collect();
        assert_eq!(keys, [Some('1'), Some('2'), Some('3'), Some('4')]);
        for (i, a) in themes.iter().enumerate() {
            assert!(!a.description.is_empty());
            for b in &themes[i + 1..] {
                assert_ne!(a.color, b.color);
            }
        }
    }
}
