//! What each format of the project file added: the one list.
//!
//! Format 1 is the original file. Every field added after it is optional,
//! has a default and is left out of the file when empty, so a project
//! that uses none of them is written exactly as format 1 and older
//! versions still open it. A project that uses any of them is written
//! with the newest format among the fields it uses, which older versions
//! refuse with their "newer format" message.
//!
//! Adding a field later: give it a default and `skip_serializing_if` in
//! `schema.rs`, then add one line to [`ADDITIONS`].

use crate::model::Project;

/// One field added after format 1.
pub struct Addition {
    /// The format that added it.
    pub format: u64,
    /// Where it lives in the file and what it holds.
    pub field: &'static str,
    /// Whether a project uses it (so must be written in `format`).
    pub used_by: fn(&Project) -> bool,
}

/// The first format, which every later one extends.
pub const FIRST: u64 = 1;

/// Every field added after format 1, oldest first.
pub const ADDITIONS: &[Addition] = &[
    Addition {
        format: 2,
        field: "documents[].done: annotators who marked the document done",
        used_by: |p| {
            p.documents()
                .iter()
                .any(|d| !d.done_annotators().is_empty())
        },
    },
    Addition {
        format: 2,
        field: "documents[].attributes: name → text value, sorted by name",
        used_by: |p| p.documents().iter().any(|d| !d.attributes().is_empty()),
    },
    Addition {
        format: 2,
        field: "themes[].parent, themes[].rules: the codebook tree and the rules that suggest spans",
        used_by: |p| {
            p.themes()
                .iter()
                .any(|t| t.parent.is_some() || !t.rules.is_empty())
        },
    },
    Addition {
        format: 2,
        field: "documents[].suggestions, documents[].rejected: spans the rules proposed, and the ones rejected",
        used_by: |p| {
            p.documents()
                .iter()
                .any(|d| !d.suggestions().is_empty() || !d.rejected().is_empty())
        },
    },
    Addition {
        format: 2,
        field: "documents[].source.kind: the kind of file imported (text, html, docx, odt, markdown, pdf)",
        used_by: |p| {
            p.documents()
                .iter()
                .any(|d| d.source.as_ref().is_some_and(|s| s.kind.is_some()))
        },
    },
    Addition {
        format: 2,
        field: "relation_types: the kinds of relation between spans, beside the themes",
        used_by: |p| !p.relation_types().is_empty(),
    },
    Addition {
        format: 2,
        field: "documents[].relations: relations between a document's spans, one per line",
        used_by: |p| p.documents().iter().any(|d| !d.relations().is_empty()),
    },
    Addition {
        format: 2,
        field: "memos: memos (id, title, text, author, times) and what each links to",
        used_by: |p| !p.memos().is_empty(),
    },
];

/// The newest format this build reads and writes.
pub const NEWEST: u64 = newest();

const fn newest() -> u64 {
    let mut max = FIRST;
    let mut i = 0;
    while i < ADDITIONS.len() {
        if ADDITIONS[i].format > max {
            max = ADDITIONS[i].format;
        }
        i += 1;
    }
    max
}

/// The oldest format that can hold everything `project` uses.
pub fn format_for(project: &Project) -> u64 {
    ADDITIONS
        .iter()
        .filter(|a| (a.used_by)(project))
        .map(|a| a.format)
        .max()
        .unwrap_or(FIRST)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    #[test]
    fn a_project_without_new_fields_stays_format_1() {
        let mut p = crate::formats::fixture::project();
        assert_eq!(format_for(&p), 1);
        p.documents[0] = p.documents[0].clone().with_done(["alice"]);
        assert_eq!(format_for(&p), 2);
        let plain = Document::new("d", "D", "x");
        assert_eq!(plain.done_annotators().len(), 0);
    }

    /// Attributes are written sorted, one per line, and read back; a
    /// repeated or empty name is reported with its line.
    #[test]
    fn attributes_are_format_2_sorted_one_per_line_and_validated() {
        use crate::store::{FileError, from_ron_str, to_ron_string};
        let mut p = crate::formats::fixture::project();
        p.documents[0] = p.documents[0]
            .clone()
            .with_attributes([("year", "2020"), ("country", "RU\u{a0}CN 😀")]);
        assert_eq!(format_for(&p), 2);
        let text = to_ron_string(&p).unwrap();
        assert!(text.starts_with("(\n    format: 2,"), "{text}");
        let block = "attributes: {\n                \"country\": \"RU\u{a0}CN 😀\",\n                \"year\": \"2020\",\n            },";
        assert!(text.contains(block), "{text}");
        assert_eq!(from_ron_str(&text), Ok(p.clone()));
        // The same through the validator (a comment first skips the fast path).
        assert_eq!(from_ron_str(&format!("// c\n{text}")), Ok(p));
        let twice = text.replace(
            "\"year\": \"2020\",",
            "\"year\": \"2020\",\n \"year\": \"2021\",",
        );
        let empty = text.replace("\"year\":", "\"\":");
        for (bad, says) in [
            (twice, "attribute \"year\" is given twice"),
            (empty, "an attribute name cannot be empty"),
        ] {
            let Err(FileError::Invalid(problems)) = from_ron_str(&bad) else {
                panic!("accepted: {bad}");
            };
            assert!(problems[0].message.contains(says), "{problems:?}");
            let line = problems[0].position.map(|p| p.line);
            let doc_line = bad[..bad.find("(\n            id: ").unwrap()]
                .lines()
                .count()
                + 1;
            assert!(line >= Some(doc_line - 1), "{problems:?} vs {doc_line}");
        }
    }

    #[test]
    fn the_list_is_in_format_order_and_ends_at_the_newest() {
        assert!(ADDITIONS.windows(2).all(|w| w[0].format <= w[1].format));
        assert!(ADDITIONS.iter().all(|a| a.format > FIRST));
        assert_eq!(ADDITIONS.last().map(|a| a.format), Some(NEWEST));
    }
}
