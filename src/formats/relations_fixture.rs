//! The fixture project with relations and a span memo, for the exchange
//! formats that carry them (unit, golden and reader tests): a directed
//! relation between spans across line breaks with a note on two lines, an
//! undirected one (its ends stored in order), one between two overlapping
//! spans that start on the same token (which WebAnno TSV must tell apart),
//! one in the second document, and a memo on the span that ends inside a
//! word. The plain fixture stays without them, so that its goldens do not
//! change.

// Test code only, like `fixture`.
#[cfg(not(any(test, feature = "test-hooks")))]
compile_error!("a test fixture is compiled into the shipped library");

use super::fixture;
use crate::model::{Color, Edit, Memo, MemoLink, Project, Relation, RelationType, SpanRef};

/// The span of `doc` whose text is `needle` and whose theme is `theme`.
fn span(p: &Project, doc: &str, needle: &str, theme: &str) -> SpanRef {
    let d = p.document(doc).expect("fixture document");
    d.spans()
        .spans()
        .iter()
        .find(|s| s.theme == theme && d.span_text(s) == Some(needle))
        .map(SpanRef::from)
        .unwrap_or_else(|| panic!("no {theme} span {needle:?} in {doc}"))
}

/// [`fixture::project`] with two relation types, four relations and a
/// memo on a span.
pub fn project() -> Project {
    let mut p = fixture::project();
    let mut cause = RelationType::new("cause", "causes", Color::rgb(0xc0, 0x30, 0x30));
    cause.description = "the first leads to the second".into();
    let mut same = RelationType::new("same", "same topic", Color::rgb(0x30, 0x60, 0xc0));
    same.directed = false;
    let mut edits = vec![
        Edit::AddRelationType {
            index: 0,
            relation_type: cause,
        },
        Edit::AddRelationType {
            index: 1,
            relation_type: same,
        },
    ];
    let relations = [
        (
            "statement",
            span(&p, "statement", "ministers met.\nHealth", "health"),
            span(
                &p,
                "statement",
                "together;\tthe e-commerce deal 🎉",
                "trade",
            ),
            "cause",
            "ana",
            "a \"quoted\" note\non two lines",
        ),
        (
            "statement",
            span(&p, "statement", "ICT", "ict"),
            span(&p, "statement", "Grüße aus Köln 😀", "ict"),
            "same",
            "ana",
            "",
        ),
        (
            "statement",
            span(&p, "statement", "Health and «security»", "security"),
            span(&p, "statement", "Health and «security» go", "health"),
            "cause",
            "bo",
            "",
        ),
        (
            "second",
            span(&p, "second", "Vaccines 💉", "health"),
            span(&p, "second", "data centres", "ict"),
            "cause",
            "ana",
            "",
        ),
    ];
    for (doc, from, to, kind, who, note) in relations {
        let directed = kind != "same";
        let relation = Relation::new(from, to, kind, who)
            .with_note(note)
            .normalised(directed);
        edits.push(Edit::AddRelation {
            doc: doc.into(),
            relation: Box::new(relation),
        });
    }
    let partial = span(&p, "statement", "e-com", "ict");
    edits.push(Edit::AddMemo {
        index: 0,
        memo: Memo::new(
            "partial-word",
            "Only part of a word",
            "Why \"e-com\" and not the whole word?\nAsk bo.",
            "ana",
            "2026-12-08T04:25:00Z",
        )
        .with_links([MemoLink::Span {
            doc: "statement".into(),
            span: partial,
        }]),
    });
    Edit::Batch(edits)
        .apply(&mut p)
        .expect("fixture relations are valid");
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fixture_has_its_relations_and_memo() {
        let p = super::project();
        assert_eq!(p.relation_count(), 4);
        assert_eq!(p.memos().len(), 1);
        let d = p.document("statement").unwrap();
        let same = d.relations().iter().find(|r| r.kind == "same").unwrap();
        // Undirected: stored earlier span first.
        assert_eq!(d.span_text(&same.from.to_span()), Some("Grüße aus Köln 😀"));
    }
}
