//! brat standoff: a folder with, per document, `DOC.txt` (the text, UTF-8,
//! LF) and `DOC.ann` (the annotations), plus `annotation.conf` and
//! `visual.conf` for the codebook. Offsets are code points (Python `str`
//! indices), end exclusive.
//!
//! (tabs shown as two spaces)
//!
//! ```text
//! T1  ICT 0 16  Grüße aus Köln 😀
//! T2  Health 22 36;37 43  ministers met. Health
//! #1  AnnotatorNotes T2  crosses a "line" break\nand has two lines
//! R1  causes Arg1:T2 Arg2:T5
//! #2  AnnotatorNotes R1  a note on the relation
//! ```
//!
//! **Export.** `DOC` is the document id made safe as a file name (a `-2`
//! suffix if two ids give the same name). Spans are `T` lines numbered in
//! span order. A brat type name cannot hold spaces or most punctuation, so
//! each theme gets a type made of its label with every character other
//! than ASCII letters, digits, `_` and `-` replaced by `_` (`Köln Trade`
//! becomes `K_ln_Trade`, with `_2`, `_3` added if two labels give the same
//! type); `visual.conf` maps every type back to its label (`[labels]`) and
//! colour (`[drawing]`, `bgColor:#rrggbb`), and `annotation.conf` lists
//! every theme of the codebook under `[entities]`. A span that crosses line
//! breaks is written, as brat writes it, as one fragment per line
//! (`22 36;37 43`), each fragment exactly the span's part of that line
//! without the `\n`; the text column joins the fragments' texts with a
//! space. A note is an `AnnotatorNotes` line right after its span; brat
//! notes are one line, so a backslash is written `\\`, a line break `\n`
//! and a carriage return `\r`.
//!
//! Relations are `R` lines after the document's `T` lines
//! (`R1<TAB>TYPE Arg1:T2 Arg2:T5`, `Arg1` the `from` span), a relation's
//! note an `AnnotatorNotes` line on its `R`. Each relation type gets a
//! brat name as themes do (never one a theme has), a `[labels]` line in
//! `visual.conf`, and a `[relations]` line in `annotation.conf`:
//! `TYPE<TAB>Arg1:<ENTITY>, Arg2:<ENTITY>`, each end narrowed to the
//! types of the themes the relation type allows there (`Arg1:A|B`), and
//! `, <REL-TYPE>:symmetric` for an undirected type. A memo linked to a span
//! is one more `AnnotatorNotes` line on its `T`, after the span's own
//! note, reading `Memo "TITLE" (AUTHOR): TEXT`: brat has no memos, so the
//! two stay apart as separate notes (on import they join the span's note).
//!
//! Not carried: annotator names of spans and relations (brat has no place
//! for them); line breaks
//! at the very start or end of a span (brat fragments never hold them: the
//! span comes back without them); a span of only line breaks (nothing to
//! write); `|` or control characters in a theme label (`visual.conf`
//! cannot hold them; they become `/` and spaces). All are reported.
//!
//! **Import** reads a folder (every `X.ann` with its `X.txt`, in name
//! order; other files are ignored), or one `X.ann` or `X.txt` with its
//! sibling. `annotation.conf` and `visual.conf` next to the `.ann` files,
//! when present, give the themes: each `[entities]` type (abstract `!`
//! types skipped) with its `[labels]` label and `[drawing]` `bgColor`.
//! A span's label is its type's `visual.conf` label, else the type itself.
//! The `.txt` must be UTF-8 and is kept exactly (a `\r\n` counts as two
//! code points, as in brat; the import plan then normalises it).
//!
//! - A `T` line's text column must equal the text its offsets select
//!   (fragments joined by a space; trailing white space is not compared,
//!   since some tools strip it); otherwise the file counts in some other
//!   unit and is refused, naming the line and both strings.
//! - A `T` line with several fragments becomes one span from the first
//!   fragment's start to the last one's end when the text between the
//!   fragments is only white space (line breaks, as Marginalia and brat
//!   write them). Any other discontinuous `T` cannot be one Marginalia
//!   span: each fragment becomes its own span with the same label, and
//!   each one's note says so (`[brat T5: discontinuous, fragment 1 of 2]`,
//!   after any `AnnotatorNotes`).
//! - `AnnotatorNotes` on a `T` become its note (several are joined by line
//!   breaks; `\n`, `\r` and `\\` are unescaped, any other backslash is
//!   kept). Events (`E`), attributes (`A`, `M`), normalisations (`N`),
//!   equivalences (`*`) and other notes are not imported;
//!   [`import_counting`] says how many were skipped.
//! - `R` lines become relations between the (first) spans of their two
//!   `T` arguments, `AnnotatorNotes` on an `R` its note, typed by
//!   `[relations]` (undirected when marked `<REL-TYPE>:symmetric` or
//!   `symmetric-transitive`; a type only the lines use is directed) with
//!   its `[labels]` label. A malformed `R` line (not `TYPE ROLE:ID
//!   ROLE:ID`), one defined twice, or one whose argument is not a `T` of
//!   its file is skipped with a warning naming the `.ann` file and line. An
//!   event's trigger is a `T` line and is imported like any other.
//! - A malformed line (no tab, non-numeric or reversed offsets, offsets
//!   past the end of the text, an unknown kind of line, a note on a `T`
//!   that does not exist) refuses the import with the `.ann` file and line.

mod export;
mod import;
mod relations;

pub use export::{export, fragments, type_name};
pub use import::{Ignored, import, import_counting};

/// A note as one line: `\` → `\\`, line feed → `\n`, carriage return → `\r`.
pub fn escape_note(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    for c in note.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_note`]; a backslash before anything else is
/// kept as it is.
pub fn unescape_note(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

#[cfg(test)]
mod tests;
