//! The property test's relation types, relations and memos: a few in
//! the random base, random edits of them on each side, and their facts.

use super::{ANNOTATORS, COLOURS, DESCRIPTIONS, Facts, NOTES, Rng};
use crate::model::{Edit, Memo, MemoLink, Project, Relation, RelationType, Relations, SpanRef};

/// How many kinds of edit [`edit`] makes.
pub(super) const KINDS: u8 = 10;
const TIMES: [&str; 2] = ["2026-12-08T04:25:00Z", "2026-12-09T10:00:00.5Z"];

/// Two relation types (one directed, limited at its `to` end to the first
/// theme; one undirected), up to three relations per document and up to
/// two memos linked to the project, a document, a theme, a span or a
/// relation.
pub(super) fn add_to_base(p: &mut Project, r: &mut Rng) {
    let first = p.themes[0].id.clone();
    let mut directed = RelationType::new("r0", "Rel 0", COLOURS[r.below(3)]);
    if r.below(2) == 0 {
        directed.to_themes = vec![first];
    }
    let mut undirected = RelationType::new("r1", "Rel 1", COLOURS[r.below(3)]);
    undirected.directed = false;
    undirected.description = DESCRIPTIONS[r.below(3)].into();
    p.relation_types = vec![directed, undirected];
    for d in &mut p.documents {
        let spans = d.spans.spans();
        if spans.is_empty() {
            continue;
        }
        let mut relations = Relations::default();
        for _ in 0..r.below(4) {
            let [a, b] = [0, 0].map(|_| SpanRef::from(&spans[r.below(spans.len())]));
            let t = &p.relation_types[r.below(2)];
            let rel = Relation::new(a, b, &t.id, ANNOTATORS[r.below(2)])
                .with_note(NOTES[r.below(3)])
                .normalised(t.directed);
            let fits = rel.from != rel.to && t.allows_to(&rel.to.theme);
            if fits {
                relations.insert(rel);
            }
        }
        d.relations = relations;
    }
    for i in 0..r.below(3) {
        let mut links = vec![MemoLink::Project];
        if let Some(d) = p.documents.get(r.below(2)) {
            links.push(MemoLink::Document { doc: d.id.clone() });
            if let Some(s) = d.spans.spans().first() {
                links.push(MemoLink::Span {
                    doc: d.id.clone(),
                    span: s.into(),
                });
            }
            if let Some(rel) = d.relations.iter().next() {
                links.push(MemoLink::relation(&d.id, rel));
            }
        }
        let memo = Memo::new(format!("m{i}"), "Memo", NOTES[r.below(3)], "ana", TIMES[0]);
        p.memos
            .push(memo.with_links(links.into_iter().filter(|_| r.below(3) != 0)));
    }
}

/// The `n`th edit of `side` of kind `kind` (below [`KINDS`]), or `None`
/// when there is nothing for it to change. The model may refuse it.
pub(super) fn edit(
    p: &Project,
    side: &str,
    n: usize,
    (kind, a, b, c): (u8, usize, usize, usize),
) -> Option<Edit> {
    let d = &p.documents[a % p.documents.len()];
    let doc = d.id.clone();
    let span = |i: usize| {
        d.spans
            .spans()
            .get(i % d.spans.len().max(1))
            .map(SpanRef::from)
    };
    let relation = d
        .relations
        .iter()
        .nth(b % d.relations.len().max(1))
        .cloned();
    let rt = p
        .relation_types
        .get(b % p.relation_types.len().max(1))
        .cloned();
    let memo = p.memos.get(b % p.memos.len().max(1)).cloned();
    let theme = p.themes[c % p.themes.len()].id.clone();
    Some(match kind {
        0 => {
            let t = p.relation_types.get(c % p.relation_types.len().max(1))?;
            Edit::AddRelation {
                doc,
                relation: Box::new(
                    Relation::new(span(b)?, span(c / 3)?, &t.id, ANNOTATORS[c % 2])
                        .with_note(NOTES[(c / 5) % 3]),
                ),
            }
        }
        1 => Edit::RemoveRelation {
            doc,
            relation: Box::new(relation?),
        },
        2 => {
            let old = relation?;
            let new = old.clone().with_note(NOTES[c % 3]);
            Edit::ReplaceRelation {
                doc,
                old: Box::new(old),
                new: Box::new(new),
            }
        }
        3 => {
            let mut t = rt?;
            match c % 6 {
                0 => t.label = format!("{side} rel {n}"),
                1 => t.color = COLOURS[(c / 6) % 3],
                2 => t.description = DESCRIPTIONS[(c / 6) % 3].into(),
                3 => t.directed = !t.directed,
                4 => t.allow_self = !t.allow_self,
                _ => t.to_themes = if c % 12 < 6 { vec![] } else { vec![theme] },
            }
            Edit::UpdateRelationType { relation_type: t }
        }
        4 => Edit::AddRelationType {
            index: b,
            relation_type: RelationType::new(
                format!("{side}-r{n}"),
                format!("{side} new rel {n}"),
                COLOURS[c % 3],
            ),
        },
        5 => Edit::RemoveRelationType { id: rt?.id },
        6 => {
            let mut links = vec![MemoLink::Theme { theme }];
            links.extend(span(c).map(|span| MemoLink::Span { doc, span }));
            let memo = Memo::new(
                format!("{side}-m{n}"),
                side,
                NOTES[b % 3],
                side,
                TIMES[c % 2],
            );
            Edit::AddMemo {
                index: b,
                memo: memo.with_links(links),
            }
        }
        7 => {
            let mut m = memo?;
            match c % 3 {
                0 => m.text = format!("{side} {n}\n{}", NOTES[b % 3]),
                1 => m.title = format!("{side} title {n}"),
                _ => m.modified = TIMES[(c / 3) % 2].into(),
            }
            Edit::UpdateMemo { memo: m }
        }
        8 => Edit::RemoveMemo { id: memo?.id },
        _ => {
            let mut m = memo?;
            let link = match relation {
                Some(rel) if c % 2 == 0 => MemoLink::relation(&doc, &rel),
                _ => MemoLink::Span {
                    doc,
                    span: span(c)?,
                },
            };
            if m.links.contains(&link) {
                m.links.retain(|l| *l != link);
            } else {
                m.links.push(link);
            }
            Edit::UpdateMemo { memo: m }
        }
    })
}

pub(super) fn relation_type_facts(types: &[RelationType], f: &mut Facts) {
    for t in types {
        let RelationType {
            id,
            label,
            color,
            directed,
            description,
            from_themes,
            to_themes,
            allow_self,
        } = t;
        let fields = [
            ("label", format!("{label:?}")),
            ("colour", color.to_string()),
            ("directed", directed.to_string()),
            ("description", format!("{description:?}")),
            ("from themes", format!("{from_themes:?}")),
            ("to themes", format!("{to_themes:?}")),
            ("self-relations allowed", allow_self.to_string()),
        ];
        for (field, value) in fields {
            let conflict = vec![
                format!("relation type {id:?}: {field}"),
                format!("relation type {id:?}: changed on one side and deleted"),
                format!("relation type {id:?}: deleted on one side while"),
            ];
            let diff = [
                format!("relation type {id:?}: {field}"),
                format!("relation type removed: {id:?}"),
                format!("relation type added: {id:?}"),
            ];
            let diff = diff.map(|d| vec![d]).into();
            f.add(
                format!("relation type {id:?}: {field}"),
                value,
                conflict,
                diff,
            );
        }
    }
}

pub(super) fn relation_facts(doc: &str, relations: &crate::model::Relations, f: &mut Facts) {
    for r in relations {
        let Relation {
            from,
            to,
            kind,
            annotator,
            note,
        } = r;
        let what = format!("relation {kind:?} by {annotator:?} from span {from} to span {to}");
        let conflict = vec![
            format!("document {doc:?}: {what}"),
            format!("document {doc:?}: deleted on"),
        ];
        let prefix = format!("document {doc:?}: ");
        let diff = vec![
            vec![prefix.clone(), r.to_string()],
            vec![format!("document removed: {doc:?}")],
            vec![format!("document added: {doc:?}")],
        ];
        f.add(format!("{prefix}{what}"), note.clone(), conflict, diff);
    }
}

pub(super) fn memo_facts(memos: &[Memo], f: &mut Facts) {
    for m in memos {
        let Memo {
            id,
            title,
            text,
            author,
            created,
            modified,
            links,
        } = m;
        let conflict = vec![format!("memo {id:?}: ")];
        let diff = |field: &str| {
            vec![
                vec![format!("memo {id:?}: {field}")],
                vec![format!("memo removed: {id:?}")],
                vec![format!("memo added: {id:?}")],
            ]
        };
        for (field, value) in [
            ("title", title),
            ("text", text),
            ("author", author),
            ("created", created),
            ("modified", modified),
        ] {
            f.add(
                format!("memo {id:?}: {field}"),
                value.clone(),
                conflict.clone(),
                diff(field),
            );
        }
        for link in links {
            f.add(
                format!("memo {id:?}: link to {link}"),
                "yes".into(),
                conflict.clone(),
                diff(&format!("link to {link}")),
            );
        }
    }
}
