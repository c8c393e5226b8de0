//! The Memos view's list, without egui: every memo's row computed once
//! per project revision (lower-cased title and text for the search, the
//! modified time as a sort key, the authors), then the rows that pass the
//! search and filters, newest first. Typing in the search box filters the
//! computed rows only; nothing is re-read from the project per keystroke.

use std::time::SystemTime;

use crate::model::{Memo, MemoLink, Project};

/// Which linked object the list is narrowed to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LinkFilter {
    /// Every memo.
    #[default]
    Any,
    /// Memos linked to this object exactly (the project, a theme, a span,
    /// a relation).
    Exactly(MemoLink),
    /// Memos linked to this document or to anything in it (its spans and
    /// relations).
    InDocument(String),
}

impl LinkFilter {
    /// Whether `memo` passes.
    pub fn admits(&self, memo: &Memo) -> bool {
        match self {
            LinkFilter::Any => true,
            LinkFilter::Exactly(link) => memo.links_to(link),
            LinkFilter::InDocument(doc) => memo
                .links
                .iter()
                .any(|l| l.document() == Some(doc.as_str())),
        }
    }

    /// The filter in words, for the list's heading ("linked to document
    /// \"d\" or what is in it").
    pub fn describe(&self) -> String {
        match self {
            LinkFilter::Any => "anything".into(),
            LinkFilter::Exactly(link) => link.to_string(),
            LinkFilter::InDocument(doc) => format!("document {doc:?} or what is in it"),
        }
    }
}

/// One memo as the list shows it.
struct Row {
    /// Index in the project's memos.
    index: usize,
    /// Title and text, lower-cased, for the search.
    haystack: String,
    /// When it was last changed (unreadable times sort as the oldest).
    modified: SystemTime,
}

/// The rows of the current revision and the ones shown.
#[derive(Default)]
pub struct MemoRows {
    rows: Vec<Row>,
    /// Every author, sorted, once each (the author filter's choices).
    authors: Vec<String>,
    /// Indices into the project's memos of the rows shown, newest first.
    shown: Vec<usize>,
}

impl MemoRows {
    /// The rows of `project`'s memos (call once per revision).
    pub fn build(project: &Project) -> Self {
        let rows: Vec<Row> = project
            .memos()
            .iter()
            .enumerate()
            .map(|(index, m)| Row {
                index,
                haystack: format!("{}\n{}", m.title, m.text).to_lowercase(),
                modified: humantime::parse_rfc3339(&m.modified).unwrap_or(SystemTime::UNIX_EPOCH),
            })
            .collect();
        let mut authors: Vec<String> = project.memos().iter().map(|m| m.author.clone()).collect();
        authors.sort_unstable();
        authors.dedup();
        MemoRows {
            rows,
            authors,
            shown: Vec::new(),
        }
    }

    /// Every author of a memo, sorted.
    pub fn authors(&self) -> &[String] {
        &self.authors
    }

    /// How many memos the project has.
    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// The memos shown (indices into the project's memos), newest first.
    pub fn shown(&self) -> &[usize] {
        &self.shown
    }

    /// Chooses the rows shown: every word of `search` in the title or
    /// text (case-insensitive), linked as `link` says, by `author` if one
    /// is given; newest first, project order among equal times.
    pub fn select(
        &mut self,
        project: &Project,
        search: &str,
        link: &LinkFilter,
        author: Option<&str>,
    ) {
        let search = search.to_lowercase();
        let words: Vec<&str> = search.split_whitespace().collect();
        let memos = project.memos();
        let mut shown: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| words.iter().all(|w| r.haystack.contains(w)))
            .filter(|r| {
                memos
                    .get(r.index)
                    .is_some_and(|m| link.admits(m) && author.is_none_or(|a| m.author == a))
            })
            .collect();
        shown.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.index.cmp(&b.index)));
        self.shown = shown.into_iter().map(|r| r.index).collect();
    }
}

/// The first lines of a memo's text, at most `max` characters, for a
/// preview ("…" where it was cut).
pub fn preview(text: &str, lines: usize, max: usize) -> String {
    let mut out: String = text.lines().take(lines).collect::<Vec<_>>().join("\n");
    let cut = out.chars().count() > max || text.lines().nth(lines).is_some();
    if let Some((i, _)) = out.char_indices().nth(max) {
        out.truncate(i);
    }
    if cut {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Span, SpanRef};

    fn project() -> Project {
        let mut p = Project::with_default_codebook("memos");
        let theme = p.themes()[0].id.clone();
        let doc =
            Document::new("d", "D", "abcdefghij").with_spans(vec![Span::new(0, 2, &theme, "ann")]);
        Edit::AddDocument {
            index: 0,
            document: Box::new(doc),
        }
        .apply(&mut p)
        .unwrap();
        let span = MemoLink::Span {
            doc: "d".into(),
            span: SpanRef::new(0, 2, &theme, "ann"),
        };
        let memos = [
            Memo::new(
                "a",
                "Old journal",
                "About the project",
                "ann",
                "2026-01-01T00:00:00Z",
            )
            .with_links([MemoLink::Project]),
            Memo::new(
                "b",
                "Span thoughts",
                "Trade and WTO",
                "bob",
                "2026-03-01T00:00:00Z",
            )
            .with_links([span]),
            Memo::new(
                "c",
                "Document",
                "Another Trade note",
                "ann",
                "2026-02-01T00:00:00Z",
            )
            .with_links([MemoLink::Document { doc: "d".into() }]),
        ];
        for (index, memo) in memos.into_iter().enumerate() {
            Edit::AddMemo { index, memo }.apply(&mut p).unwrap();
        }
        p
    }

    fn shown(p: &Project, search: &str, link: &LinkFilter, author: Option<&str>) -> Vec<String> {
        let mut rows = MemoRows::build(p);
        rows.select(p, search, link, author);
        rows.shown()
            .iter()
            .map(|&i| p.memos()[i].id.clone())
            .collect()
    }

    #[test]
    fn memos_are_listed_newest_first_and_searched_in_titles_and_texts() {
        let p = project();
        assert_eq!(shown(&p, "", &LinkFilter::Any, None), ["b", "c", "a"]);
        assert_eq!(shown(&p, "trade", &LinkFilter::Any, None), ["b", "c"]);
        assert_eq!(shown(&p, "JOURNAL project", &LinkFilter::Any, None), ["a"]);
        assert!(shown(&p, "nowhere", &LinkFilter::Any, None).is_empty());
    }

    #[test]
    fn a_document_filter_takes_its_spans_too_and_authors_narrow_further() {
        let p = project();
        let in_d = LinkFilter::InDocument("d".into());
        assert_eq!(shown(&p, "", &in_d, None), ["b", "c"]);
        assert_eq!(shown(&p, "", &in_d, Some("ann")), ["c"]);
        let exactly = LinkFilter::Exactly(MemoLink::Document { doc: "d".into() });
        assert_eq!(shown(&p, "", &exactly, None), ["c"]);
        let journal = LinkFilter::Exactly(MemoLink::Project);
        assert_eq!(shown(&p, "", &journal, None), ["a"]);
        assert_eq!(MemoRows::build(&p).authors(), ["ann", "bob"]);
    }

    #[test]
    fn a_preview_keeps_the_first_lines_and_says_where_it_was_cut() {
        assert_eq!(preview("one\ntwo\nthree", 2, 100), "one\ntwo…");
        assert_eq!(preview("one\ntwo", 2, 100), "one\ntwo");
        assert_eq!(preview("😀😀😀", 1, 2), "😀😀…");
        assert_eq!(preview("", 2, 10), "");
    }
}
