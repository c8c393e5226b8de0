//! The lines of [`diff`](super::diff) for relation types, relations and
//! memos: each added, removed or changed, one line each.

use crate::model::{Memo, RelationType, Relations};

fn describe_type(t: &RelationType) -> String {
    format!(
        "{:?} (label {:?}, colour {}, {})",
        t.id,
        t.label,
        t.color,
        if t.directed { "directed" } else { "undirected" }
    )
}

/// Relation types added, removed, and each field changed.
pub(super) fn relation_types(a: &[RelationType], b: &[RelationType], out: &mut Vec<String>) {
    for t in a {
        let Some(n) = b.iter().find(|n| n.id == t.id) else {
            out.push(format!("relation type removed: {}", describe_type(t)));
            continue;
        };
        // Every field is named (no `..`): a field added to `RelationType`
        // does not compile until the diff says how to show it.
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
        let mut changed = |what: &str, x: String, y: String| {
            if x != y {
                out.push(format!("relation type {id:?}: {what} {x} -> {y}"));
            }
        };
        let list = |l: &Vec<String>| format!("{l:?}");
        changed("label", format!("{label:?}"), format!("{:?}", n.label));
        changed("colour", color.to_string(), n.color.to_string());
        changed("directed", directed.to_string(), n.directed.to_string());
        changed(
            "description",
            format!("{description:?}"),
            format!("{:?}", n.description),
        );
        changed("from themes", list(from_themes), list(&n.from_themes));
        changed("to themes", list(to_themes), list(&n.to_themes));
        changed(
            "self-relations allowed",
            allow_self.to_string(),
            n.allow_self.to_string(),
        );
    }
    for t in b {
        if !a.iter().any(|o| o.id == t.id) {
            out.push(format!("relation type added: {}", describe_type(t)));
        }
    }
}

/// A document's relations added, removed, or with a changed note.
pub(super) fn relations(doc: &str, a: &Relations, b: &Relations, out: &mut Vec<String>) {
    let show = |r: &crate::model::Relation| {
        format!(
            "{:?} by {:?} from span {} to span {}",
            r.kind, r.annotator, r.from, r.to
        )
    };
    for r in a.iter() {
        match b.get(r) {
            None => out.push(format!("document {doc:?}: relation removed {}", show(r))),
            Some(n) if n.note != r.note => out.push(format!(
                "document {doc:?}: note on relation {}: {:?} -> {:?}",
                show(r),
                r.note,
                n.note
            )),
            Some(_) => {}
        }
    }
    for r in b.iter() {
        if a.get(r).is_none() {
            let note = if r.note.is_empty() {
                String::new()
            } else {
                format!(", note {:?}", r.note)
            };
            out.push(format!(
                "document {doc:?}: relation added {}{note}",
                show(r)
            ));
        }
    }
}

/// Memos added, removed, and each field changed.
pub(super) fn memos(a: &[Memo], b: &[Memo], out: &mut Vec<String>) {
    for m in a {
        let Some(n) = b.iter().find(|n| n.id == m.id) else {
            out.push(format!("memo removed: {:?} {:?}", m.id, m.title));
            continue;
        };
        // Every field is named (no `..`): a field added to `Memo` does not
        // compile until the diff says how to show it.
        let Memo {
            id,
            title,
            text,
            author,
            created,
            modified,
            links,
        } = m;
        for (what, x, y) in [
            ("title", title, &n.title),
            ("text", text, &n.text),
            ("author", author, &n.author),
            ("created", created, &n.created),
            ("modified", modified, &n.modified),
        ] {
            if x != y {
                out.push(format!("memo {id:?}: {what} {x:?} -> {y:?}"));
            }
        }
        for l in links.iter().filter(|l| !n.links.contains(l)) {
            out.push(format!("memo {id:?}: link to {l} removed"));
        }
        for l in n.links.iter().filter(|l| !links.contains(l)) {
            out.push(format!("memo {id:?}: link to {l} added"));
        }
    }
    for m in b {
        if !a.iter().any(|o| o.id == m.id) {
            out.push(format!(
                "memo added: {:?} {:?} by {:?} ({})",
                m.id,
                m.title,
                m.author,
                crate::model::plural(m.links.len(), "link", "links")
            ));
        }
    }
}
