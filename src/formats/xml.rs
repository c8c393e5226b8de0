//! XML text the exporters write (XMI, REFI-QDA, Label Studio's labelling
//! config): which characters XML 1.0 can hold, and escaping that reads
//! back every character the same. In attribute values, line breaks and
//! tabs become character references, because attribute-value
//! normalisation would turn them into spaces.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document (even escaped).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// `s` with the characters XML 1.0 cannot hold replaced by U+FFFD.
pub(crate) fn xml_chars(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_xml_char) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .map(|c| if is_xml_char(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

/// Appends `s` escaped as element text (`attribute == false`) or as a
/// double-quoted attribute value. Characters XML cannot hold are copied
/// as they are: pass the text through [`xml_chars`] first, or use
/// [`escape_attr`].
pub(crate) fn escape_into(out: &mut String, s: &str, attribute: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
}

/// `s` escaped for a double-quoted attribute value, characters XML 1.0
/// cannot hold replaced by U+FFFD; the flag says whether any were.
pub(crate) fn escape_attr(s: &str) -> (String, bool) {
    let chars = xml_chars(s);
    let replaced = matches!(chars, Cow::Owned(_));
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, &chars, true);
    (out, replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_escaping_keeps_control_characters() {
        assert_eq!(
            escape_attr("a&<>\"'\n\r\tb"),
            ("a&amp;&lt;&gt;&quot;'&#10;&#13;&#9;b".to_owned(), false)
        );
        assert_eq!(
            escape_attr("x\u{1}\u{FFFF}😀"),
            ("x\u{FFFD}\u{FFFD}😀".to_owned(), true)
        );
    }

    #[test]
    fn element_text_keeps_line_breaks_and_quotes() {
        let mut out = String::new();
        escape_into(&mut out, "a\"<&>\tb\r\nc", false);
        assert_eq!(out, "a\"&lt;&amp;&gt;\tb&#13;\nc");
    }
}
