//! Counted nouns in messages: "1 span", "2 spans". One rule for every
//! message that counts something, in the window, the command line and the
//! files they write, so no message says "1 spans".

/// The count and the noun in the form that goes with it:
/// `plural(1, "span", "spans")` is "1 span", `plural(0, "span", "spans")`
/// "0 spans". Both forms are spelled out ("1 match", "2 matches").
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", noun(n, one, many))
}

/// The form of a noun that goes with `n`, for messages that put the
/// number elsewhere or leave it out ("Accept suggestion", "Accept 3
/// suggestions").
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(plural(1, "code point", "code points"), "1 code point");
        assert_eq!(plural(0, "span", "spans"), "0 spans");
        assert_eq!(plural(2, "match", "matches"), "2 matches");
        assert_eq!(plural(21, "span", "spans"), "21 spans");
        assert_eq!(noun(1, "document", "documents"), "document");
        assert_eq!(noun(1000, "document", "documents"), "documents");
    }
}
