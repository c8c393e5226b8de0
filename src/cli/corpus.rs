//! The corpus commands: document attributes, coded-segment retrieval,
//! statistics, co-occurrence and the report. Every figure comes from
//! `marginalia::analysis`, the same functions the window calls.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;

use marginalia::analysis::{cooccur, report, segment_export, segments, stats, tables};
use marginalia::formats::attributes;
use marginalia::model::{Edit, Project, Theme};

/// Commands that look across the documents of a project.
#[derive(Subcommand)]
pub enum CorpusCommand {
    /// Set document attributes: `--doc ID NAME=VALUE...`, or in bulk
    /// `--from FILE.csv` (header `document` then one column per
    /// attribute). Without either, lists every document's attributes.
    Attr {
        project: PathBuf,
        /// The document to change.
        #[arg(long, conflicts_with = "from")]
        doc: Option<String>,
        /// NAME=VALUE pairs to set on --doc (`NAME=` removes NAME).
        #[arg(requires = "doc")]
        assignments: Vec<String>,
        /// A CSV file: header `document,NAME,...`, one row per document;
        /// an empty cell removes that attribute from that document.
        #[arg(long, value_name = "FILE.csv")]
        from: Option<PathBuf>,
        /// Remove the attribute NAME (from --doc, else from every document).
        #[arg(long, value_name = "NAME", conflicts_with = "from")]
        remove: Vec<String>,
    },
    /// Every span that matches a query, across all documents.
    Segments {
        project: PathBuf,
        /// Spans of any of these themes, by id or label (default: all).
        #[arg(long)]
        theme: Vec<String>,
        /// Only spans that share a code point with another span of this theme.
        #[arg(long, value_name = "THEME")]
        overlapping: Vec<String>,
        /// Only spans that share no code point with another span of this theme.
        #[arg(long, value_name = "THEME")]
        not_overlapping: Vec<String>,
        /// Only spans by any of these annotators.
        #[arg(long)]
        annotator: Vec<String>,
        /// Only documents whose attribute NAME equals VALUE (all must hold).
        #[arg(long = "where", value_name = "NAME=VALUE")]
        conditions: Vec<String>,
        /// Only spans whose text contains every one of these words (any case).
        #[arg(long, value_name = "WORDS")]
        text: Option<String>,
        /// table, csv or jsonl.
        #[arg(long, default_value = "table")]
        format: String,
        /// Count every theme as its top-level theme: `--theme Security`
        /// also finds the spans of the themes under it, and rows name the
        /// top-level theme.
        #[arg(long)]
        roll_up: bool,
    },
    /// Span counts and coverage per document and per theme, or per
    /// document × theme, or per value of an attribute.
    Stats {
        project: PathBuf,
        /// document, theme or attribute:NAME (default: the summary of
        /// documents and themes).
        #[arg(long)]
        by: Option<String>,
        /// table, csv or json.
        #[arg(long)]
        format: Option<String>,
        /// Same as --format json.
        #[arg(long, conflicts_with = "format")]
        json: bool,
        /// Count each theme's spans under its top-level theme (one row, or
        /// column, per top-level theme), with or without --by.
        #[arg(long)]
        roll_up: bool,
    },
    /// The theme × theme co-occurrence matrix: pairs of spans of two themes
    /// that share a code point (the diagonal counts each theme's spans).
    Cooccur {
        project: PathBuf,
        /// table, csv or json.
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Write a self-contained HTML report (no network, no scripts): the
    /// codebook, the tables, bar charts and the coded segments by theme.
    Report {
        project: PathBuf,
        /// The HTML file to write.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

/// Runs a corpus command.
pub fn run(command: CorpusCommand) -> Result<(), String> {
    match command {
        CorpusCommand::Attr {
            project,
            doc,
            assignments,
            from,
            remove,
        } => attr(&project, doc, &assignments, from.as_deref(), &remove),
        CorpusCommand::Segments {
            project,
            theme,
            overlapping,
            not_overlapping,
            annotator,
            conditions,
            text,
            format,
            roll_up,
        } => {
            let format = Format::parse(&format, &[Format::Table, Format::Csv, Format::Jsonl])?;
            let project = crate::load(&project)?;
            let query = segments::Query {
                themes: theme,
                overlapping,
                not_overlapping,
                annotators: annotator,
                attributes: conditions
                    .iter()
                    .map(|c| segments::parse_condition(c))
                    .collect::<Result<_, _>>()
                    .map_err(|e| e.to_string())?,
                text: text.unwrap_or_default(),
                roll_up,
            };
            print_segments(&project, &query, format)
        }
        CorpusCommand::Stats {
            project,
            by,
            format,
            json,
            roll_up,
        } => {
            let format = match (format, json) {
                (_, true) => Format::Json,
                (Some(f), _) => Format::parse(&f, &[Format::Table, Format::Csv, Format::Json])?,
                (None, _) => Format::Table,
            };
            print_stats(&crate::load(&project)?, by.as_deref(), format, roll_up)
        }
        CorpusCommand::Cooccur { project, format } => {
            let format = Format::parse(&format, &[Format::Table, Format::Csv, Format::Json])?;
            print_cooccur(&crate::load(&project)?, format)
        }
        CorpusCommand::Report { project, output } => {
            let loaded = crate::load(&project)?;
            let html = report::html(&loaded);
            marginalia::store::write_atomic(&output, html.as_bytes(), false)
                .map_err(|e| format!("{}: cannot write the report: {e}", output.display()))?;
            println!(
                "wrote {} ({}, {})",
                output.display(),
                marginalia::model::plural(loaded.documents().len(), "document", "documents"),
                marginalia::model::plural(loaded.span_count(), "span", "spans")
            );
            Ok(())
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Csv,
    Json,
    Jsonl,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }

    fn parse(given: &str, allowed: &[Format]) -> Result<Format, String> {
        allowed
            .iter()
            .copied()
            .find(|f| f.name() == given)
            .ok_or_else(|| {
                format!(
                    "unknown --format {given:?}; use {}",
                    allowed
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }
}

// ------------------------------------------------------------------ attr

fn attr(
    path: &Path,
    doc: Option<String>,
    assignments: &[String],
    from: Option<&Path>,
    remove: &[String],
) -> Result<(), String> {
    if from.is_none() && assignments.is_empty() && remove.is_empty() {
        return list_attributes(&crate::load(path)?, doc.as_deref());
    }
    let _claim = crate::claim(path)?;
    let mut project = crate::load(path)?;
    let unchanged = |e: String| format!("{e}; nothing was changed");
    let (edit, summary) = if let Some(csv) = from {
        let plan = attributes::plan(&project, csv).map_err(|e| unchanged(e.to_string()))?;
        let summary = format!(
            "{}: {} set, {} removed, on {}",
            csv.display(),
            marginalia::model::plural(plan.set, "value", "values"),
            plan.removed,
            marginalia::model::plural(plan.documents, "document", "documents")
        );
        (plan.edit, summary)
    } else {
        let targets: Vec<String> = match &doc {
            Some(id) => {
                if project.document(id).is_none() {
                    return Err(unchanged(format!("there is no document with id {id:?}")));
                }
                vec![id.clone()]
            }
            None => project.documents().iter().map(|d| d.id.clone()).collect(),
        };
        let mut edits = Vec::new();
        for a in assignments {
            let (name, value) = segments::parse_condition(a)
                .map_err(|_| unchanged(format!("{a:?} is not of the form NAME=VALUE")))?;
            for id in &targets {
                edits.push(Edit::SetAttribute {
                    doc: id.clone(),
                    name: name.clone(),
                    value: (!value.is_empty()).then(|| value.clone()),
                });
            }
        }
        for name in remove {
            for id in &targets {
                let has = project
                    .document(id)
                    .is_some_and(|d| d.attribute(name).is_some());
                if has {
                    edits.push(Edit::SetAttribute {
                        doc: id.clone(),
                        name: name.clone(),
                        value: None,
                    });
                }
            }
        }
        let n = edits.len();
        (
            Edit::Batch(edits),
            marginalia::model::plural(n, "attribute change", "attribute changes"),
        )
    };
    edit.apply(&mut project)
        .map_err(|e| unchanged(e.to_string()))?;
    crate::save(&project, path)?;
    println!("{summary}");
    if let Some(id) = doc {
        list_attributes(&project, Some(&id))?;
    }
    Ok(())
}

fn list_attributes(project: &Project, doc: Option<&str>) -> Result<(), String> {
    let docs: Vec<_> = match doc {
        Some(id) => vec![
            project
                .document(id)
                .ok_or_else(|| format!("there is no document with id {id:?}"))?,
        ],
        None => project.documents().iter().collect(),
    };
    for d in docs {
        let values: Vec<String> = d
            .attributes()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!("{}\t{}", d.id, values.join("\t"));
    }
    Ok(())
}

// -------------------------------------------------------------- segments

/// One row of `segments --format jsonl` (and csv): exactly these keys, in
/// this order.
#[derive(Serialize)]
struct SegmentRow<'p> {
    document: &'p str,
    start: usize,
    end: usize,
    theme: &'p str,
    label: &'p str,
    annotator: &'p str,
    note: &'p str,
    text: &'p str,
}

fn print_segments(
    project: &Project,
    query: &segments::Query,
    format: Format,
) -> Result<(), String> {
    let found = segments::segments(project, query).map_err(|e| e.to_string())?;
    let rows = found.iter().map(|s| SegmentRow {
        document: &s.document.id,
        start: s.span.start,
        end: s.span.end,
        theme: s.theme,
        label: project.theme(s.theme).map_or("", |t| t.label.as_str()),
        annotator: &s.span.annotator,
        note: &s.span.note,
        text: s.text(),
    });
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let io = |e: std::io::Error| e.to_string();
    match format {
        Format::Jsonl => {
            for row in rows {
                let line = serde_json::to_string(&row).map_err(|e| e.to_string())?;
                writeln!(out, "{line}").map_err(io)?;
            }
        }
        Format::Csv => {
            // The same CSV as the window's Segments export.
            let csv = segment_export::to_csv(project, &found).map_err(|e| e.to_string())?;
            out.write_all(csv.as_bytes()).map_err(io)?;
        }
        _ => {
            writeln!(
                out,
                "{:<24} {:>7} {:>7} {:<12} {:<12} text",
                "document", "start", "end", "theme", "annotator"
            )
            .map_err(io)?;
            for row in rows {
                writeln!(
                    out,
                    "{:<24} {:>7} {:>7} {:<12} {:<12} {}",
                    row.document,
                    row.start,
                    row.end,
                    row.theme,
                    row.annotator,
                    one_line(row.text, 60)
                )
                .map_err(io)?;
            }
            writeln!(
                out,
                "{}",
                marginalia::model::plural(found.len(), "segment", "segments")
            )
            .map_err(io)?;
        }
    }
    Ok(())
}

/// `text` on one line, cut to `max` code points with an ellipsis.
fn one_line(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

// ----------------------------------------------------------------- stats

/// Writes a CSV table (from [`tables`]) to standard output.
fn csv_out(csv: String) -> Result<(), String> {
    std::io::stdout()
        .lock()
        .write_all(csv.as_bytes())
        .map_err(|e| e.to_string())
}

fn json_out(value: &impl Serialize) -> Result<(), String> {
    let out = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    println!("{out}");
    Ok(())
}

fn print_stats(
    project: &Project,
    by: Option<&str>,
    format: Format,
    roll_up: bool,
) -> Result<(), String> {
    match (by, format) {
        (None, Format::Table) => {
            crate::print_stats_table(&stats::stats_with(project, roll_up));
            Ok(())
        }
        (None, Format::Json) => json_out(&stats::stats_with(project, roll_up)),
        (None | Some("document"), _) => {
            let rows = stats::by_document_with(project, project.documents(), roll_up);
            let themes = stats::row_themes(project, roll_up);
            match format {
                Format::Json => json_out(&rows),
                Format::Csv => csv_out(tables::by_document_csv(&rows)),
                _ => {
                    print_matrix(
                        &themes,
                        project.documents().iter().map(|d| d.id.as_str()),
                        "document",
                        |row, col| {
                            let r = &rows[row * themes.len() + col];
                            format!("{} {:>5.1}%", r.spans, r.share * 100.0)
                        },
                    );
                    Ok(())
                }
            }
        }
        (Some("theme"), _) => {
            let st = stats::stats_with(project, roll_up);
            match format {
                Format::Json => json_out(&st.themes),
                Format::Csv => csv_out(tables::by_theme_csv(&st.themes)),
                _ => {
                    crate::print_theme_table(&st);
                    Ok(())
                }
            }
        }
        (Some(other), _) => {
            let Some(name) = other.strip_prefix("attribute:") else {
                return Err(format!(
                    "unknown --by {other:?}; use document, theme or attribute:NAME"
                ));
            };
            segments::check_attribute_name(project, name).map_err(|e| e.to_string())?;
            let rows = stats::by_attribute_with(project, name, roll_up).unwrap_or_default();
            let themes = stats::row_themes(project, roll_up);
            match format {
                Format::Json => json_out(&rows),
                Format::Csv => csv_out(tables::by_attribute_csv(&rows)),
                _ => {
                    let n = themes.len().max(1);
                    let values: Vec<String> = rows
                        .chunks(n)
                        .map(|c| c[0].value.clone().unwrap_or_else(|| format!("(no {name})")))
                        .collect();
                    print_matrix(
                        &themes,
                        values.iter().map(String::as_str),
                        name,
                        |row, col| {
                            let r = &rows[row * n + col];
                            format!("{} {:>5.1}%", r.spans, r.share * 100.0)
                        },
                    );
                    Ok(())
                }
            }
        }
    }
}

/// A table with one row per `rows` entry and one column per theme.
fn print_matrix<'a>(
    themes: &[&Theme],
    rows: impl Iterator<Item = &'a str>,
    corner: &str,
    cell: impl Fn(usize, usize) -> String,
) {
    let mut header = format!("{corner:<24}");
    for t in themes {
        header.push_str(&format!(" {:>14}", one_line(&t.label, 14)));
    }
    println!("{header}");
    for (i, name) in rows.enumerate() {
        let mut line = format!("{:<24}", one_line(name, 24));
        for j in 0..themes.len() {
            line.push_str(&format!(" {:>14}", cell(i, j)));
        }
        println!("{line}");
    }
}

// --------------------------------------------------------------- cooccur

fn print_cooccur(project: &Project, format: Format) -> Result<(), String> {
    let m = cooccur::cooccurrence(project);
    match format {
        Format::Json => {
            let out = serde_json::to_string(&m).map_err(|e| e.to_string())?;
            println!("{out}");
            Ok(())
        }
        Format::Csv => csv_out(tables::cooccurrence_csv(&m)),
        _ => {
            print_matrix(
                &project.themes().iter().collect::<Vec<_>>(),
                project.themes().iter().map(|t| t.label.as_str()),
                "theme",
                |i, j| m.counts[i][j].to_string(),
            );
            Ok(())
        }
    }
}
