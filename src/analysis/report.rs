//! The report to hand on: one self-contained HTML file (no network, no
//! scripts) with the codebook, the document × theme and co-occurrence
//! tables, bar charts as inline SVG, and the coded segments grouped by
//! theme with their notes and documents. Print CSS keeps tables and
//! segments from breaking across pages. Every figure comes from the same
//! functions as `stats`, `cooccur` and `segments`.

use std::fmt::Write;

use crate::model::{Project, Theme};

use super::segment_export::html_escape as esc;
use super::{cooccur, report_relations_memos, segments, stats};

/// The report of `project` as one HTML document.
pub fn html(project: &Project) -> String {
    let mut out = String::with_capacity(1 << 16);
    let title = esc(project.name());
    let summary = stats::stats(project);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — Marginalia report</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <header><h1>{title}</h1><p class=\"meta\">{} · {} · {} · {}</p></header>\n",
        crate::model::plural(summary.documents.len(), "document", "documents"),
        crate::model::plural(project.themes().len(), "theme", "themes"),
        crate::model::plural(summary.spans, "span", "spans"),
        crate::model::plural(summary.code_points, "code point", "code points")
    );
    codebook(&mut out, project, &summary);
    theme_chart(&mut out, project, &summary);
    document_table(&mut out, project);
    cooccurrence_table(&mut out, project);
    coded_segments(&mut out, project);
    report_relations_memos::relations(&mut out, &summary);
    report_relations_memos::memos(&mut out, project);
    out.push_str("<footer>Written by Marginalia.</footer>\n</body>\n</html>\n");
    out
}

const CSS: &str = "
:root { --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; }
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--ink);
  max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.8rem; margin-bottom: 0; }
h2 { font-size: 1.3rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta, footer, .doc { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .88rem; }
th, td { border: 1px solid var(--rule); padding: .2rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; white-space: nowrap; }
th.text, td.text { text-align: left; }
thead th { background: #f6f8fa; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -.1em; margin-right: .35em; }
.scroll { overflow-x: auto; }
blockquote { margin: .5rem 0; padding: .3rem .8rem; border-left: 4px solid var(--rule); background: #fafbfc; white-space: pre-wrap; }
.note { font-style: italic; color: var(--muted); }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  tr, blockquote, svg, .segment { break-inside: avoid; }
  thead { display: table-header-group; }
  .scroll { overflow: visible; }
}
";

fn swatch(theme: &Theme) -> String {
    format!(
        "<span class=\"swatch\" style=\"background:{}\"></span>",
        theme.color
    )
}

fn codebook(out: &mut String, project: &Project, summary: &stats::Stats) {
    out.push_str("<section id=\"codebook\"><h2>Codebook</h2>\n<table><thead><tr><th>Theme</th><th>Id</th><th class=\"text\">Description</th><th>Spans</th><th>Covered</th><th>Share</th></tr></thead><tbody>\n");
    for (t, s) in project.themes().iter().zip(&summary.themes) {
        let _ = writeln!(
            out,
            "<tr><td>{}{}</td><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{:.1}%</td></tr>",
            swatch(t),
            esc(&t.label),
            esc(&t.id),
            esc(&t.description),
            s.spans,
            s.covered,
            s.share * 100.0
        );
    }
    out.push_str("</tbody></table></section>\n");
}

/// Horizontal bars: spans per theme.
fn theme_chart(out: &mut String, project: &Project, summary: &stats::Stats) {
    let max = summary
        .themes
        .iter()
        .map(|t| t.spans)
        .max()
        .unwrap_or(0)
        .max(1);
    let (label_w, bar_w, row_h) = (180.0, 640.0, 26.0);
    let height = row_h * summary.themes.len() as f64 + 10.0;
    let _ = write!(
        out,
        "<section id=\"chart\"><h2>Spans per theme</h2>\n<svg role=\"img\" aria-label=\"Spans per theme\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">\n",
        label_w + bar_w + 80.0,
        label_w + bar_w + 80.0
    );
    for (i, (t, s)) in project.themes().iter().zip(&summary.themes).enumerate() {
        let y = 5.0 + row_h * i as f64;
        let w = bar_w * s.spans as f64 / max as f64;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect><text x=\"{:.1}\" y=\"{}\">{}</text>",
            label_w - 8.0,
            y + 14.0,
            esc(&t.label),
            row_h - 8.0,
            t.color,
            esc(&t.label),
            crate::model::plural(s.spans, "span", "spans"),
            label_w + w + 6.0,
            y + 14.0,
            s.spans
        );
    }
    out.push_str("</svg></section>\n");
}

/// The document × theme matrix with a stacked coverage bar per document.
fn document_table(out: &mut String, project: &Project) {
    let rows = stats::by_document(project);
    let n = project.themes().len().max(1);
    out.push_str("<section id=\"documents\"><h2>Documents × themes</h2>\n<p class=\"meta\">Spans, and the share of the document's text the theme covers.</p>\n<div class=\"scroll\"><table><thead><tr><th>Document</th>");
    for t in project.themes() {
        let _ = write!(out, "<th>{}{}</th>", swatch(t), esc(&t.label));
    }
    out.push_str("<th>Coverage</th></tr></thead><tbody>\n");
    for (d, cells) in project.documents().iter().zip(rows.chunks(n)) {
        let _ = write!(out, "<tr><td>{}</td>", esc(&d.title));
        for c in cells {
            let _ = write!(out, "<td>{} · {:.1}%</td>", c.spans, c.share * 100.0);
        }
        // A stacked bar of each theme's share (capped at the full width).
        let _ = write!(
            out,
            "<td><svg width=\"160\" height=\"12\" viewBox=\"0 0 160 12\"><rect width=\"160\" height=\"12\" fill=\"#eef1f4\"/>"
        );
        let mut x = 0.0;
        for (t, c) in project.themes().iter().zip(cells) {
            let w = (160.0 * c.share).min(160.0 - x);
            if w > 0.0 {
                let _ = write!(
                    out,
                    "<rect x=\"{x:.1}\" width=\"{w:.1}\" height=\"12\" fill=\"{}\"><title>{}: {:.1}%</title></rect>",
                    t.color,
                    esc(&t.label),
                    c.share * 100.0
                );
                x += w;
            }
        }
        out.push_str("</svg></td></tr>\n");
    }
    out.push_str("</tbody></table></div></section>\n");
}

fn cooccurrence_table(out: &mut String, project: &Project) {
    let m = cooccur::cooccurrence(project);
    let max = m
        .counts
        .iter()
        .enumerate()
        .flat_map(|(i, r)| r.iter().enumerate().filter(move |(j, _)| *j != i))
        .map(|(_, &c)| c)
        .max()
        .unwrap_or(0)
        .max(1);
    out.push_str("<section id=\"cooccurrence\"><h2>Co-occurrence</h2>\n<p class=\"meta\">Pairs of spans of two themes that share at least one code point in the same document; the diagonal counts each theme's spans.</p>\n<table><thead><tr><th></th>");
    for t in project.themes() {
        let _ = write!(out, "<th>{}</th>", esc(&t.label));
    }
    out.push_str("</tr></thead><tbody>\n");
    for (i, (t, row)) in project.themes().iter().zip(&m.counts).enumerate() {
        let _ = write!(out, "<tr><th>{}{}</th>", swatch(t), esc(&t.label));
        for (j, c) in row.iter().enumerate() {
            let shade = if i == j {
                String::from("background:#f6f8fa")
            } else {
                format!(
                    "background:rgba(47,111,214,{:.2})",
                    0.6 * *c as f64 / max as f64
                )
            };
            let _ = write!(out, "<td style=\"{shade}\">{c}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></section>\n");
}

fn coded_segments(out: &mut String, project: &Project) {
    out.push_str("<section id=\"segments\"><h2>Coded segments</h2>\n");
    for t in project.themes() {
        let query = segments::Query {
            themes: vec![t.id.clone()],
            ..segments::Query::default()
        };
        let found = segments::segments(project, &query).unwrap_or_default();
        let _ = writeln!(
            out,
            "<h3 id=\"theme-{}\">{}{} <span class=\"meta\">({} segments)</span></h3>",
            esc(&t.id),
            swatch(t),
            esc(&t.label),
            found.len()
        );
        for s in found {
            let _ = write!(
                out,
                "<div class=\"segment\"><blockquote style=\"border-left-color:{}\">{}</blockquote><p class=\"doc\">{} · {}–{} · {}",
                t.color,
                esc(s.text()),
                esc(&s.document.title),
                s.span.start,
                s.span.end,
                esc(&s.span.annotator)
            );
            if !s.span.note.is_empty() {
                let _ = write!(out, " · <span class=\"note\">{}</span>", esc(&s.span.note));
            }
            out.push_str("</p></div>\n");
        }
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Edit, Span};

    #[test]
    fn the_report_is_self_contained_escaped_and_lists_segments_by_theme() {
        let mut p = Project::with_default_codebook("Statements <2020>");
        Edit::AddDocument {
            index: 0,
            document: Box::new(Document::new(
                "s",
                "Joint \"statement\"",
                "Health\u{a0}& security 😀\nand <b>trade</b>.",
            )),
        }
        .apply(&mut p)
        .unwrap();
        for span in [
            Span::new(0, 19, "health", "ana").with_note("WHO & vaccines"),
            Span::new(9, 17, "security", "ben"),
        ] {
            Edit::AddSpan {
                doc: "s".into(),
                span,
            }
            .apply(&mut p)
            .unwrap();
        }
        let html = html(&p);
        assert!(html.starts_with("<!DOCTYPE html>"));
        for forbidden in ["<script", "http://", "https://", "<link", "@import", "src="] {
            assert!(!html.contains(forbidden), "found {forbidden}");
        }
        assert!(html.contains("<title>Statements &lt;2020&gt; — Marginalia report</title>"));
        assert!(html.contains("<blockquote style=\"border-left-color:#2ea043\">Health\u{a0}&amp; security 😀</blockquote>"));
        assert!(html.contains("<span class=\"note\">WHO &amp; vaccines</span>"));
        assert!(html.contains("Joint &quot;statement&quot; · 0–19 · ana"));
        assert!(html.contains("<svg role=\"img\""));
        assert!(html.contains("@media print"));
        // Co-occurrence: one Health–Security pair.
        let health_row = "Health</th><td style=\"background:#f6f8fa\">1</td>\
             <td style=\"background:rgba(47,111,214,0.60)\">1</td>\
             <td style=\"background:rgba(47,111,214,0.00)\">0</td>";
        assert!(html.contains(health_row), "{html}");
    }
}
