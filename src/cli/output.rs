//! What commands print: the `--format` values each command allows (clap
//! value enums, so a value not listed is a usage error, status 2, with
//! the allowed values), and the writers for tables, CSV, JSON and JSON
//! Lines on standard output.

use std::io::Write;

use clap::ValueEnum;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use serde::Serialize;

use marginalia::formats::Format;
use marginalia::model::Theme;

use super::error::CliError;

/// `--format` of commands that print a table or one JSON document
/// (`agree`, `theme list`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

/// `--format` of commands that print a table, CSV or one JSON document
/// (`stats`, `cooccur`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum TableCsvOrJson {
    Table,
    Csv,
    Json,
}

/// `--format` of commands that print rows: a table, CSV or one JSON object
/// per line (`segments`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum TableCsvOrJsonl {
    Table,
    Csv,
    Jsonl,
}

/// `--format` of `memos`: a table, one JSON object per line, or a
/// Markdown journal.
#[derive(Clone, Copy, PartialEq, Eq, Debug, ValueEnum)]
pub enum TableJsonlOrMarkdown {
    Table,
    Jsonl,
    Markdown,
}

/// `--format` of `import` and `export`: the exchange formats, by their
/// names in [`Format`], that pass `filter` ([`Format::imports`] or
/// [`Format::exports`]).
pub fn exchange_formats(filter: fn(Format) -> bool) -> impl TypedValueParser<Value = Format> {
    let names: Vec<&'static str> = Format::ALL
        .into_iter()
        .filter(|f| filter(*f))
        .map(Format::name)
        .collect();
    PossibleValuesParser::new(names).try_map(move |name: String| {
        Format::from_name(&name)
            .filter(|f| filter(*f))
            .ok_or_else(|| format!("{name:?} is not one of {}", Format::names(filter)))
    })
}

fn write_error(e: std::io::Error) -> CliError {
    CliError::failed(e.to_string())
}

/// Writes text (a CSV table, as [`marginalia::analysis::tables`] makes
/// it) to standard output as it is.
pub fn text(text: &str) -> Result<(), CliError> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(write_error)
}

/// Prints `value` as pretty-printed JSON.
pub fn json(value: &impl Serialize) -> Result<(), CliError> {
    let out = serde_json::to_string_pretty(value).map_err(|e| CliError::failed(e.to_string()))?;
    println!("{out}");
    Ok(())
}

/// Prints `value` as JSON on one line.
pub fn json_line(value: &impl Serialize) -> Result<(), CliError> {
    let out = serde_json::to_string(value).map_err(|e| CliError::failed(e.to_string()))?;
    println!("{out}");
    Ok(())
}

/// Prints every row as JSON on a line of its own (JSON Lines).
pub fn jsonl<T: Serialize>(rows: impl IntoIterator<Item = T>) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for row in rows {
        let line = serde_json::to_string(&row).map_err(|e| CliError::failed(e.to_string()))?;
        writeln!(out, "{line}").map_err(write_error)?;
    }
    Ok(())
}

/// Prints lines (a table) to standard output.
pub fn lines(lines: impl IntoIterator<Item = String>) -> Result<(), CliError> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in lines {
        writeln!(out, "{line}").map_err(write_error)?;
    }
    Ok(())
}

/// `text` on one line, cut to `max` code points with an ellipsis.
pub fn one_line(text: &str, max: usize) -> String {
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

/// Prints a table with one row per `rows` entry and one column per theme.
pub fn print_matrix<'a>(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_flattens_white_space_and_cuts_by_code_points() {
        assert_eq!(one_line("a\nb\tc", 10), "a b c");
        assert_eq!(one_line("😀😀😀😀", 3), "😀😀…");
        assert_eq!(one_line("abc", 3), "abc");
    }

    /// The values clap accepts (and lists in its usage message).
    fn names<E: ValueEnum>() -> Vec<String> {
        E::value_variants()
            .iter()
            .filter_map(ValueEnum::to_possible_value)
            .map(|v| v.get_name().to_owned())
            .collect()
    }

    #[test]
    fn each_format_set_names_exactly_its_values() {
        assert_eq!(names::<TableOrJson>(), ["table", "json"]);
        assert_eq!(names::<TableCsvOrJson>(), ["table", "csv", "json"]);
        assert_eq!(names::<TableCsvOrJsonl>(), ["table", "csv", "jsonl"]);
        assert_eq!(
            names::<TableJsonlOrMarkdown>(),
            ["table", "jsonl", "markdown"]
        );
    }
}
