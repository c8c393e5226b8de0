//! The one JSON reading of the JSON formats (JSON Lines, doccano, Label
//! Studio): a file read as UTF-8 within bounds, JSON Lines one document a
//! line, offsets, labels and optional strings checked with a reason, span
//! texts compared with the offsets (naming the unit that would fit), and
//! serde_json's errors as import errors at a line and column in code
//! points. Like `xml.rs`, it serves formats and is not one.

use std::path::Path;

use serde_json::Value;

use super::importer::{ImportError, ImportedDocument, ImportedSpan};
use crate::model::Text;
use crate::model::text::{LineCol, SourcePositions, invalid_utf8_at};

/// The documents of a JSON Lines file, one per non-blank line, each read
/// by `read` from the line's JSON value and its 1-based number. A line
/// that is not JSON, or that `read` refuses, is refused with its number;
/// a file with no lines is refused too.
pub(super) fn json_lines(
    path: &Path,
    mut read: impl FnMut(Value, usize) -> Result<ImportedDocument, String>,
) -> Result<Vec<ImportedDocument>, ImportError> {
    let content = read_utf8(path)?;
    let mut documents = Vec::new();
    for (i, raw) in content.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| json_error(path, line, n, &e))?;
        documents.push(read(value, n).map_err(|m| ImportError::at_line(path, n, m))?);
    }
    if documents.is_empty() {
        return Err(ImportError::whole(path, "the file has no JSON lines"));
    }
    Ok(documents)
}

/// doccano's `{start_offset, end_offset, label}`.
pub(super) fn doccano_entity(item: &Value) -> Result<ImportedSpan, String> {
    let Value::Object(o) = item else {
        return Err(format!(
            "expected an object with start_offset, end_offset and label, found {}",
            kind(item)
        ));
    };
    Ok(ImportedSpan {
        start: offset(o.get("start_offset"), "start_offset")?,
        end: offset(o.get("end_offset"), "end_offset")?,
        label: label(o.get("label"))?,
        ..Default::default()
    })
}

/// doccano's `[start, end, "Label"]`.
pub(super) fn doccano_triple(item: &Value) -> Result<ImportedSpan, String> {
    match item {
        Value::Array(a) if a.len() == 3 => Ok(ImportedSpan {
            start: offset(a.first(), "start")?,
            end: offset(a.get(1), "end")?,
            label: label(a.get(2))?,
            ..Default::default()
        }),
        other => Err(format!(
            "expected [start, end, \"Label\"], found {}",
            kind(other)
        )),
    }
}

/// A non-negative integer offset.
pub(super) fn offset(v: Option<&Value>, what: &str) -> Result<usize, String> {
    match v {
        None | Some(Value::Null) => Err(format!("it has no {what}")),
        Some(Value::Number(x)) => x
            .as_u64()
            .and_then(|u| usize::try_from(u).ok())
            .ok_or_else(|| format!("{what} {x} is not a non-negative integer")),
        Some(other) => Err(format!(
            "{what} is {}, not a non-negative integer",
            kind(other)
        )),
    }
}

/// A label: a string, or a number taken as its digits.
pub(super) fn label(v: Option<&Value>) -> Result<String, String> {
    match v {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(x)) => Ok(x.to_string()),
        None | Some(Value::Null) => Err("it has no label".into()),
        Some(other) => Err(format!("its label is {}, not a string", kind(other))),
    }
}

/// A string field that may be absent or null.
pub(super) fn optional_string(v: Option<&Value>, what: &str) -> Result<Option<String>, String> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(format!("its {what} is {}, not a string", kind(other))),
    }
}

/// Checks that code points `start..end` of `text` are `expected`. Offsets
/// past the end are left to [`super::import::plan`], which refuses them
/// with the position. A mismatch names both strings and, when the offsets
/// would fit counted in UTF-16 code units or UTF-8 bytes, says so.
pub(super) fn check_text(
    text: &Text,
    start: usize,
    end: usize,
    expected: &str,
) -> Result<(), String> {
    let actual = text.slice(start, end);
    if actual == Some(expected) {
        return Ok(());
    }
    let utf16 = text
        .utf16_to_char(start)
        .zip(text.utf16_to_char(end))
        .and_then(|(s, e)| text.slice(s, e));
    let bytes = text.as_str().get(start..end);
    let hint = if utf16 == Some(expected) {
        "; the offsets fit if counted in UTF-16 code units (JavaScript string indices), \
         but Marginalia reads code points (Python str indices)"
    } else if bytes == Some(expected) {
        "; the offsets fit if counted in UTF-8 bytes, but Marginalia reads code points \
         (Python str indices)"
    } else {
        ""
    };
    match actual {
        Some(actual) => Err(format!(
            "its text is {expected:?} but code points {start}..{end} of the document are \
             {actual:?}{hint}"
        )),
        None if !hint.is_empty() => Err(format!(
            "its text is {expected:?} but {start}..{end} ends past the document's {} code \
             points{hint}",
            text.len_chars()
        )),
        None => Ok(()),
    }
}

/// What a JSON value is, for messages.
pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The file as UTF-8 without a byte-order mark; bytes that are not UTF-8
/// refuse it at their line.
pub(super) fn read_utf8(path: &Path) -> Result<String, ImportError> {
    // Bounded: refuses folders, devices, pipes and oversized files unread.
    let bytes = super::bounded_read::read_file(path)?;
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let at = invalid_utf8_at(bytes, e.valid_up_to());
            Err(ImportError::new(
                path,
                Some(at.to_string()),
                format!(
                    "not valid UTF-8 (bad byte at file offset {})",
                    e.valid_up_to()
                ),
            ))
        }
    }
}

/// A serde_json error as an import error at its line and column (in code
/// points); `text` is what was parsed and `first_line` the file line it
/// starts on.
pub(super) fn json_error(
    path: &Path,
    text: &str,
    first_line: usize,
    e: &serde_json::Error,
) -> ImportError {
    let message = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    let message = message.strip_suffix(&suffix).unwrap_or(&message);
    let at = SourcePositions::new(text).at_line_byte(e.line(), e.column());
    let at = LineCol {
        line: first_line + at.line - 1,
        ..at
    };
    ImportError::new(
        path,
        Some(at.to_string()),
        format!("not valid JSON: {message}"),
    )
}
