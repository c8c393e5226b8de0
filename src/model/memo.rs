//! Memos: a researcher's writing about the project, its documents,
//! themes, spans and relations, linked to any number of them.
//!
//! The model reads no clock: times are RFC 3339 UTC strings
//! (`2026-12-08T04:25:00Z`) that the caller hands in, made from a
//! [`SystemTime`] by [`timestamp`].

use std::fmt;
use std::time::SystemTime;

use super::relation::{Relation, SpanRef};

/// A memo: an id, a title, a plain text (with line breaks), who wrote it,
/// when, and what it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Memo {
    /// Stable identifier, unique within the project, never empty.
    pub id: String,
    pub title: String,
    /// Plain text; line breaks are `\n`.
    pub text: String,
    pub author: String,
    /// When it was written: RFC 3339, UTC (see [`timestamp`]).
    pub created: String,
    /// When it was last changed: RFC 3339, UTC.
    pub modified: String,
    /// What the memo is about, in the order the author linked them; no
    /// link appears twice.
    pub links: Vec<MemoLink>,
}

impl Memo {
    /// A memo created and modified at `now` (an RFC 3339 UTC time), without
    /// links.
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        text: impl Into<String>,
        author: impl Into<String>,
        now: impl Into<String>,
    ) -> Self {
        let now = now.into();
        Memo {
            id: id.into(),
            title: title.into(),
            text: text.into(),
            author: author.into(),
            created: now.clone(),
            modified: now,
            links: Vec::new(),
        }
    }

    /// The same memo with these links.
    pub fn with_links(mut self, links: impl IntoIterator<Item = MemoLink>) -> Self {
        self.links = links.into_iter().collect();
        self
    }

    /// Whether the memo links to `link`.
    pub fn links_to(&self, link: &MemoLink) -> bool {
        self.links.contains(link)
    }
}

/// What a memo is linked to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MemoLink {
    /// The whole project (a journal entry).
    Project,
    /// A document, by id.
    Document { doc: String },
    /// A theme of the codebook, by id.
    Theme { theme: String },
    /// A span of a document, by its key.
    Span { doc: String, span: SpanRef },
    /// A relation of a document, by its key (both ends, type, annotator).
    Relation {
        doc: String,
        from: SpanRef,
        to: SpanRef,
        kind: String,
        annotator: String,
    },
}

impl MemoLink {
    /// The link to `relation` of document `doc`.
    pub fn relation(doc: &str, relation: &Relation) -> Self {
        MemoLink::Relation {
            doc: doc.to_owned(),
            from: relation.from.clone(),
            to: relation.to.clone(),
            kind: relation.kind.clone(),
            annotator: relation.annotator.clone(),
        }
    }

    /// The document the linked object lies in, if it lies in one.
    pub fn document(&self) -> Option<&str> {
        match self {
            MemoLink::Project | MemoLink::Theme { .. } => None,
            MemoLink::Document { doc }
            | MemoLink::Span { doc, .. }
            | MemoLink::Relation { doc, .. } => Some(doc),
        }
    }

    /// The kind of object, as the command line and exports name it:
    /// `project`, `document`, `theme`, `span` or `relation`.
    pub fn kind(&self) -> &'static str {
        match self {
            MemoLink::Project => "project",
            MemoLink::Document { .. } => "document",
            MemoLink::Theme { .. } => "theme",
            MemoLink::Span { .. } => "span",
            MemoLink::Relation { .. } => "relation",
        }
    }

    /// Whether the link points at `span` of `doc`, or at a relation with
    /// `span` at either end.
    pub fn involves_span(&self, in_doc: &str, span: &SpanRef) -> bool {
        match self {
            MemoLink::Span { doc, span: s } => doc == in_doc && s == span,
            MemoLink::Relation { doc, from, to, .. } => {
                doc == in_doc && (from == span || to == span)
            }
            _ => false,
        }
    }
}

impl fmt::Display for MemoLink {
    /// The object in words: `project`, `document "d"`, `theme "trade"`,
    /// `span 3..9 (theme "t", by "a") of document "d"`,
    /// `relation "cause" from … to … of document "d"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MemoLink::Project => f.write_str("the project"),
            MemoLink::Document { doc } => write!(f, "document {doc:?}"),
            MemoLink::Theme { theme } => write!(f, "theme {theme:?}"),
            MemoLink::Span { doc, span } => write!(f, "span {span} of document {doc:?}"),
            MemoLink::Relation {
                doc,
                from,
                to,
                kind,
                annotator,
            } => write!(
                f,
                "relation {kind:?} by {annotator:?} from span {from} to span {to} of document {doc:?}"
            ),
        }
    }
}

/// `time` as an RFC 3339 UTC string to the second
/// (`2026-12-08T04:25:00Z`): what [`Memo::created`] and
/// [`Memo::modified`] hold. Callers pass `SystemTime::now()`.
pub fn timestamp(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// Why `time` is not a memo time, if it is not: an RFC 3339 time in UTC
/// (`2026-12-08T04:25:00Z`, fractions of a second allowed).
pub fn check_timestamp(time: &str) -> Result<(), String> {
    humantime::parse_rfc3339(time).map(|_| ()).map_err(|e| {
        format!("{time:?} is not an RFC 3339 time in UTC such as \"2026-12-08T04:25:00Z\" ({e})")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn times_are_rfc3339_utc_to_the_second_and_checked() {
        let t = UNIX_EPOCH + Duration::from_secs(1_796_707_500) + Duration::from_millis(250);
        let s = timestamp(t);
        assert_eq!(s, "2026-12-08T05:25:00Z");
        assert_eq!(check_timestamp(&s), Ok(()));
        assert_eq!(check_timestamp("2026-12-08T05:25:00.5Z"), Ok(()));
        for bad in ["", "yesterday", "2026-13-01T00:00:00Z", "2026-12-08 05:25"] {
            let err = check_timestamp(bad).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn links_say_what_they_point_at() {
        let span = SpanRef::new(3, 9, "t", "a");
        let link = MemoLink::Span {
            doc: "d".into(),
            span: span.clone(),
        };
        assert_eq!(
            link.to_string(),
            "span 3..9 (theme \"t\", by \"a\") of document \"d\""
        );
        assert_eq!(link.kind(), "span");
        assert_eq!(link.document(), Some("d"));
        assert!(link.involves_span("d", &span));
        assert!(!link.involves_span("e", &span));
        let rel = Relation::new(span.clone(), SpanRef::new(0, 2, "t", "a"), "cause", "a");
        let link = MemoLink::relation("d", &rel);
        assert!(link.involves_span("d", &span));
        assert_eq!(MemoLink::Project.document(), None);
        let memo =
            Memo::new("m", "T", "x\ny", "a", "2026-12-08T05:25:00Z").with_links([link.clone()]);
        assert!(memo.links_to(&link));
        assert_eq!(memo.created, memo.modified);
    }
}
