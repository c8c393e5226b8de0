//! The tokens and sentences of the token-based formats (CoNLL and WebAnno
//! TSV), so that both cut a text the same way.
//!
//! **Sentences** are the Unicode sentences (UAX #29, as
//! `unicode-segmentation` finds them) of each line: every `\n` also ends
//! one, and a sentence without a token (a blank line) does not count.
//! **Tokens** are the Unicode word segments (UAX #29) of a sentence, split
//! further at any white space inside a segment; white space is dropped, so
//! a token never holds a space or tab. `e-commerce` is three tokens, `e`,
//! `-` and `commerce`; punctuation and each emoji are tokens of their own.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::Text;

/// A token: its code-point range, its sentence and its number in that
/// sentence (both counted from 1, as WebAnno TSV writes them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub sentence: usize,
    pub number: usize,
}

/// The tokens of a text, in text order (see the module documentation).
pub fn tokenise(text: &Text) -> Vec<Token> {
    let s = text.as_str();
    // Byte → code point, counting forward from the last one converted.
    let (mut at_byte, mut at_char) = (0, 0);
    let mut to_char = |b: usize| {
        at_char += s[at_byte..b].chars().count();
        at_byte = b;
        at_char
    };
    let mut tokens = Vec::new();
    let mut sentence = 0;
    let mut line_start = 0;
    for line in s.split('\n') {
        for (sent_off, sent) in line.split_sentence_bound_indices() {
            // Byte ranges of the non-white-space runs of each word segment.
            let mut pieces = Vec::new();
            for (word_off, word) in sent.split_word_bound_indices() {
                let base = line_start + sent_off + word_off;
                let mut run: Option<usize> = None;
                for (i, c) in word.char_indices() {
                    match (c.is_whitespace(), run) {
                        (false, None) => run = Some(base + i),
                        (true, Some(r)) => {
                            pieces.push((r, base + i));
                            run = None;
                        }
                        _ => {}
                    }
                }
                if let Some(r) = run {
                    pieces.push((r, base + word.len()));
                }
            }
            if pieces.is_empty() {
                continue;
            }
            sentence += 1;
            for (n, (b0, b1)) in pieces.into_iter().enumerate() {
                tokens.push(Token {
                    start: to_char(b0),
                    end: to_char(b1),
                    sentence,
                    number: n + 1,
                });
            }
        }
        line_start += line.len() + 1;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(t: &Text) -> Vec<&str> {
        tokenise(t)
            .iter()
            .map(|k| t.slice(k.start, k.end).unwrap())
            .collect()
    }

    #[test]
    fn tokens_are_word_segments_without_white_space() {
        let t = Text::new("Köln 😀: the e-commerce\tdeal.\n\nNext one. And");
        assert_eq!(
            words(&t),
            [
                "Köln", "😀", ":", "the", "e", "-", "commerce", "deal", ".", "Next", "one", ".",
                "And"
            ]
        );
        // A combining mark after a space joins the space's word segment;
        // the token still holds no white space.
        let t = Text::new("a \u{301}b");
        let odd = words(&t);
        assert!(odd.iter().all(|w| !w.chars().any(char::is_whitespace)));
        assert_eq!(odd.concat(), "a\u{301}b");
    }

    #[test]
    fn sentences_end_at_line_breaks_and_blank_lines_do_not_count() {
        let t = Text::new("  Hi there. Bye!\n\n\te-mail\u{301} x\u{1F600}");
        assert_eq!(
            words(&t),
            [
                "Hi",
                "there",
                ".",
                "Bye",
                "!",
                "e",
                "-",
                "mail\u{301}",
                "x",
                "\u{1F600}"
            ]
        );
        let places: Vec<(usize, usize)> = tokenise(&t)
            .iter()
            .map(|k| (k.sentence, k.number))
            .collect();
        assert_eq!(
            places,
            [
                (1, 1),
                (1, 2),
                (1, 3),
                (2, 1),
                (2, 2),
                (3, 1),
                (3, 2),
                (3, 3),
                (3, 4),
                (3, 5)
            ]
        );
    }

    #[test]
    fn offsets_are_code_points_across_astral_characters_and_no_break_spaces() {
        // U+00A0 is white space: it separates tokens like a space.
        let t = Text::new("😀😀 ab\u{a0}cd\r\nxy");
        let tokens = tokenise(&t);
        let ranges: Vec<(usize, usize)> = tokens.iter().map(|k| (k.start, k.end)).collect();
        assert_eq!(ranges, [(0, 1), (1, 2), (3, 5), (6, 8), (10, 12)]);
        // The `\r` before the line break is white space, not a token.
        assert_eq!(words(&t), ["😀", "😀", "ab", "cd", "xy"]);
    }
}
