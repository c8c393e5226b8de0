//! Retrieved segments written out as CSV, Markdown or HTML (the Segments
//! view's Export). The CSV has the columns of `marginalia segments
//! --format csv`: `document,start,end,theme,label,annotator,note,text`
//! (offsets in code points, end exclusive).

use std::fmt::Write as _;

use super::segments::Segment;
use crate::model::Project;

/// A format the Segments view exports to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentFormat {
    Csv,
    Markdown,
    Html,
}

impl SegmentFormat {
    pub const ALL: [SegmentFormat; 3] = [
        SegmentFormat::Csv,
        SegmentFormat::Markdown,
        SegmentFormat::Html,
    ];

    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            SegmentFormat::Csv => "csv",
            SegmentFormat::Markdown => "md",
            SegmentFormat::Html => "html",
        }
    }

    /// The name shown on buttons.
    pub fn label(self) -> &'static str {
        match self {
            SegmentFormat::Csv => "CSV",
            SegmentFormat::Markdown => "Markdown",
            SegmentFormat::Html => "HTML",
        }
    }
}

/// The label of a span's theme (its id if the codebook lacks it).
fn label<'p>(project: &'p Project, theme: &'p str) -> &'p str {
    project.theme(theme).map_or(theme, |t| t.label.as_str())
}

/// The segments in `format`; `title` heads the Markdown and HTML.
pub fn export(
    project: &Project,
    segments: &[Segment<'_>],
    format: SegmentFormat,
    title: &str,
) -> Result<String, csv::Error> {
    Ok(match format {
        SegmentFormat::Csv => to_csv(project, segments)?,
        SegmentFormat::Markdown => to_markdown(project, segments, title),
        SegmentFormat::Html => to_html(project, segments, title),
    })
}

/// CSV with a header row, one row per segment.
pub fn to_csv(project: &Project, segments: &[Segment<'_>]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "document",
        "start",
        "end",
        "theme",
        "label",
        "annotator",
        "note",
        "text",
    ])?;
    for s in segments {
        w.write_record([
            s.document.id.as_str(),
            &s.span.start.to_string(),
            &s.span.end.to_string(),
            s.theme,
            label(project, s.theme),
            &s.span.annotator,
            &s.span.note,
            s.text(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Markdown: a heading per document, each passage quoted with its theme,
/// annotator, offsets and note.
pub fn to_markdown(project: &Project, segments: &[Segment<'_>], title: &str) -> String {
    let mut out = format!(
        "# {}\n\n{}\n",
        md_inline(title),
        crate::model::plural(segments.len(), "segment", "segments")
    );
    let mut last_doc = None;
    for s in segments {
        if last_doc != Some(s.doc_index) {
            last_doc = Some(s.doc_index);
            let _ = write!(
                out,
                "\n## {} (`{}`)\n",
                md_inline(&s.document.title),
                s.document.id
            );
        }
        let _ = writeln!(
            out,
            "\n**{}** · {} · {}–{}\n",
            md_inline(label(project, s.theme)),
            md_inline(&s.span.annotator),
            s.span.start,
            s.span.end
        );
        for line in s.text().lines() {
            let _ = writeln!(out, "> {}", md_inline(line));
        }
        if !s.span.note.is_empty() {
            let _ = writeln!(
                out,
                "\nNote: {}",
                md_inline(&s.span.note.replace('\n', " "))
            );
        }
    }
    out
}

/// Markdown text with its markup characters escaped.
fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text safe inside HTML elements and attributes.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A self-contained HTML page (no scripts, no network): a table of the
/// segments, with the theme's colour beside its label.
pub fn to_html(project: &Project, segments: &[Segment<'_>], title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{t}</title>\n<style>\n\
         body{{font-family:system-ui,sans-serif;margin:2em;color:#222}}\n\
         table{{border-collapse:collapse;width:100%}}\n\
         th,td{{border-bottom:1px solid #ddd;padding:.4em;text-align:left;vertical-align:top}}\n\
         th{{background:#f4f4f4}}\n\
         .swatch{{display:inline-block;width:.8em;height:.8em;border-radius:2px;margin-right:.3em}}\n\
         .passage{{white-space:pre-wrap}}\n\
         @media print{{body{{margin:0}} tr{{break-inside:avoid}}}}\n\
         </style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{n}</p>\n\
         <table>\n<thead><tr><th>Document</th><th>Passage</th><th>Theme</th>\
         <th>Annotator</th><th>Note</th></tr></thead>\n<tbody>\n",
        t = html_escape(title),
        n = crate::model::plural(segments.len(), "segment", "segments")
    );
    for s in segments {
        let color = project
            .theme(s.theme)
            .map(|t| format!("#{:02x}{:02x}{:02x}", t.color.r, t.color.g, t.color.b))
            .unwrap_or_else(|| "#888888".into());
        let _ = writeln!(
            out,
            "<tr><td>{doc}<br><small>{start}–{end}</small></td>\
             <td class=\"passage\">{text}</td>\
             <td><span class=\"swatch\" style=\"background:{color}\"></span>{label}</td>\
             <td>{who}</td><td>{note}</td></tr>",
            doc = html_escape(&s.document.title),
            start = s.span.start,
            end = s.span.end,
            text = html_escape(s.text()),
            label = html_escape(label(project, s.theme)),
            who = html_escape(&s.span.annotator),
            note = html_escape(&s.span.note),
        );
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}
