//! The report's Relations section (relations per type, the figures of
//! `stats`) and its Memos section (every memo under each object it is
//! linked to). Each is left out when the project has none.

use std::fmt::Write;

use crate::model::{MemoLink, Project};

use super::memos;
use super::segment_export::html_escape as esc;
use super::stats::Stats;

/// Relations per relation type, when the codebook has relation types.
pub(super) fn relations(out: &mut String, summary: &Stats) {
    if summary.relations.is_empty() {
        return;
    }
    out.push_str("<section id=\"relations\"><h2>Relations</h2>\n<table><thead><tr><th>Relation type</th><th>Id</th><th>Directed</th><th>Relations</th></tr></thead><tbody>\n");
    for r in &summary.relations {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.label),
            esc(&r.id),
            if r.directed { "yes" } else { "no" },
            r.relations
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// The linked object in words, with the document's title and the span's
/// text where there is one.
fn heading(project: &Project, link: &MemoLink) -> String {
    let doc_title = |doc: &str| {
        project
            .document(doc)
            .map_or_else(|| doc.to_owned(), |d| d.title.clone())
    };
    let slice = |doc: &str, start: usize, end: usize| {
        project
            .document(doc)
            .and_then(|d| d.text().slice(start, end))
            .unwrap_or_default()
            .to_owned()
    };
    match link {
        MemoLink::Project => "The project".to_owned(),
        MemoLink::Document { doc } => format!("Document “{}”", doc_title(doc)),
        MemoLink::Theme { theme } => format!(
            "Theme “{}”",
            project.theme(theme).map_or(theme.as_str(), |t| &t.label)
        ),
        MemoLink::Span { doc, span } => format!(
            "Span “{}” ({}, {}–{}, {})",
            slice(doc, span.start, span.end),
            doc_title(doc),
            span.start,
            span.end,
            span.theme
        ),
        MemoLink::Relation {
            doc,
            from,
            to,
            kind,
            ..
        } => format!(
            "Relation {kind}: “{}” → “{}” ({})",
            slice(doc, from.start, from.end),
            slice(doc, to.start, to.end),
            doc_title(doc)
        ),
    }
}

/// Every memo under each object it is linked to.
pub(super) fn memos(out: &mut String, project: &Project) {
    if project.memos().is_empty() {
        return;
    }
    out.push_str("<section id=\"memos\"><h2>Memos</h2>\n");
    for (link, memos) in memos::by_linked_object(project) {
        let _ = writeln!(
            out,
            "<h3>{} <span class=\"meta\">({})</span></h3>",
            esc(&heading(project, link)),
            crate::model::plural(memos.len(), "memo", "memos")
        );
        for m in memos {
            let _ = writeln!(
                out,
                "<div class=\"segment\"><p><strong>{}</strong> <span class=\"meta\">{} · {}</span></p><blockquote>{}</blockquote></div>",
                esc(&m.title),
                esc(&m.author),
                esc(&m.modified),
                esc(&m.text)
            );
        }
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use crate::model::{
        Color, Document, Edit, Memo, MemoLink, Project, Relation, RelationType, Span, SpanRef,
        Theme,
    };

    #[test]
    fn the_report_counts_relations_and_lists_memos_under_their_objects() {
        let mut p = Project::new("P", vec![Theme::new("t", "Trade", Color::rgb(1, 2, 3))]);
        let (a, b) = (SpanRef::new(0, 2, "t", "x"), SpanRef::new(3, 5, "t", "x"));
        Edit::Batch(vec![
            Edit::AddRelationType {
                index: 0,
                relation_type: RelationType::new("cause", "Causes", Color::rgb(0, 0, 0)),
            },
            Edit::AddDocument {
                index: 0,
                document: Box::new(Document::new("d", "Doc <1>", "😀é ab").with_spans(vec![
                    a.to_span(),
                    b.to_span(),
                    Span::new(1, 2, "t", "x"),
                ])),
            },
            Edit::AddRelation {
                doc: "d".into(),
                relation: Box::new(Relation::new(a.clone(), b, "cause", "x")),
            },
            Edit::AddMemo {
                index: 0,
                memo: Memo::new(
                    "m",
                    "On <trade>",
                    "line 1\nline 2",
                    "x",
                    "2026-01-01T00:00:00Z",
                )
                .with_links([
                    MemoLink::Span {
                        doc: "d".into(),
                        span: a,
                    },
                    MemoLink::Project,
                ]),
            },
        ])
        .apply(&mut p)
        .unwrap();
        let html = super::super::report::html(&p);
        assert!(html.contains("<section id=\"relations\">"), "{html}");
        assert!(html.contains("<td>Causes</td><td>cause</td><td>yes</td><td>1</td>"));
        let memos = &html[html
            .find("<section id=\"memos\">")
            .expect("a Memos section")..];
        assert!(memos.contains("<h3>The project"));
        assert!(
            memos.contains("Span “😀é” (Doc &lt;1&gt;, 0–2, t)"),
            "{memos}"
        );
        assert_eq!(memos.matches("On &lt;trade&gt;").count(), 2);
        let empty = super::super::report::html(&Project::new("E", vec![]));
        assert!(!empty.contains("id=\"memos\"") && !empty.contains("id=\"relations\""));
    }
}
