//! Document attributes in bulk from a CSV file: a header row `document`
//! then one column per attribute, one row per document.
//!
//! ```text
//! document,year,country
//! ru-cn-2020,2020,RU
//! ```
//!
//! A cell sets the attribute; an empty cell removes it from that document.
//! Everything is checked before anything changes: an unknown document id,
//! a repeated column or row, a bad name or value, or a malformed file
//! refuses the whole file with its line, and [`plan`] returns no edit.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::model::{Edit, Project, check_attribute};

/// Why an attributes CSV file was refused. The project is unchanged.
#[derive(Debug, Error)]
pub enum AttributesCsvError {
    #[error("{}: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("{}: line {line}: {reason}", path.display())]
    At {
        path: PathBuf,
        line: u64,
        reason: String,
    },
}

/// What the file changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributesPlan {
    /// One edit per value that differs from the project's (nothing for a
    /// file that changes nothing); apply it as one undoable step.
    pub edit: Edit,
    /// Values set or changed.
    pub set: usize,
    /// Attributes removed (empty cells where the document had a value).
    pub removed: usize,
    /// Documents the file lists.
    pub documents: usize,
}

/// Reads `path` and plans the edit that gives the project its attributes.
pub fn plan(project: &Project, path: &Path) -> Result<AttributesPlan, AttributesCsvError> {
    let bytes =
        super::bounded_read::read_file(path).map_err(|e| AttributesCsvError::Unreadable {
            path: path.to_owned(),
            reason: e.message,
        })?;
    plan_bytes(project, path, &bytes)
}

/// [`plan`] on the file's bytes; `path` names it in messages.
pub fn plan_bytes(
    project: &Project,
    path: &Path,
    bytes: &[u8],
) -> Result<AttributesPlan, AttributesCsvError> {
    let at = |line: u64, reason: String| AttributesCsvError::At {
        path: path.to_owned(),
        line,
        reason,
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(false)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let csv_error = |e: csv::Error| {
        let line = e.position().map_or(1, |p| p.line());
        let reason = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "this row has {}, the header has {expected_len}; every row needs one cell per column",
                crate::model::plural(*len as usize, "cell", "cells")
            ),
            _ => format!("malformed CSV: {e}"),
        };
        at(line, reason)
    };
    let header = match records.next() {
        Some(r) => r.map_err(csv_error)?,
        None => {
            return Err(AttributesCsvError::Unreadable {
                path: path.to_owned(),
                reason: "the file is empty; it needs a header row `document,NAME,...`".into(),
            });
        }
    };
    let text = |line: u64, field: &[u8]| {
        std::str::from_utf8(field)
            .map(str::to_owned)
            .map_err(|_| at(line, "the row is not valid UTF-8".into()))
    };
    let names: Vec<String> = header
        .iter()
        .map(|f| text(1, f).map(|s| s.trim().to_owned()))
        .collect::<Result<_, _>>()?;
    if names.first().map(String::as_str) != Some("document") {
        return Err(at(
            1,
            format!(
                "the header must start with the column `document` (then one column per attribute), not {:?}",
                names.first().cloned().unwrap_or_default()
            ),
        ));
    }
    let mut seen = HashSet::new();
    for name in &names[1..] {
        check_attribute(name, "x").map_err(|reason| at(1, reason))?;
        if !seen.insert(name.as_str()) {
            return Err(at(1, format!("the column {name:?} appears twice")));
        }
    }
    let mut edits = Vec::new();
    let (mut set, mut removed) = (0, 0);
    let mut rows = HashSet::new();
    let mut documents = 0;
    for record in records {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<String> = record
            .iter()
            .map(|f| text(line, f))
            .collect::<Result<_, _>>()?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let id = cells[0].trim();
        let Some(document) = project.document(id) else {
            return Err(at(
                line,
                format!("there is no document with id {id:?} in the project"),
            ));
        };
        if !rows.insert(id.to_owned()) {
            return Err(at(line, format!("document {id:?} has a second row")));
        }
        documents += 1;
        for (name, value) in names[1..].iter().zip(&cells[1..]) {
            let value = value.trim();
            let old = document.attribute(name);
            let new = (!value.is_empty()).then_some(value);
            if let Some(v) = new {
                check_attribute(name, v)
                    .map_err(|reason| at(line, format!("document {id:?}: {reason}")))?;
            }
            if old == new {
                continue;
            }
            match new {
                Some(_) => set += 1,
                None => removed += 1,
            }
            edits.push(Edit::SetAttribute {
                doc: id.to_owned(),
                name: name.clone(),
                value: new.map(str::to_owned),
            });
        }
    }
    Ok(AttributesPlan {
        edit: Edit::Batch(edits),
        set,
        removed,
        documents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Document;

    fn project() -> Project {
        let mut p = Project::with_default_codebook("p");
        for (i, id) in ["a", "b"].into_iter().enumerate() {
            Edit::AddDocument {
                index: i,
                document: Box::new(
                    Document::new(id, id, "text").with_attributes([("country", "RU")]),
                ),
            }
            .apply(&mut p)
            .unwrap();
        }
        p
    }

    fn plan_of(p: &Project, csv: &str) -> Result<AttributesPlan, String> {
        plan_bytes(p, Path::new("attrs.csv"), csv.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn a_sheet_sets_changes_and_clears_values_in_one_step() {
        let mut p = project();
        let sheet = "\u{feff}document,year,country\r\na,2020,\"RU\u{a0}CN 😀\"\r\nb,2015,\r\n";
        let plan = plan_of(&p, sheet).unwrap();
        assert_eq!((plan.set, plan.removed, plan.documents), (3, 1, 2));
        plan.edit.apply(&mut p).unwrap();
        let a = p.document("a").unwrap();
        assert_eq!(a.attribute("country"), Some("RU\u{a0}CN 😀"));
        assert_eq!(a.attribute("year"), Some("2020"));
        assert_eq!(p.document("b").unwrap().attribute("country"), None);
        // The same sheet again changes nothing.
        let again = plan_of(&p, sheet).unwrap();
        assert_eq!(again.edit, Edit::Batch(vec![]));
    }

    #[test]
    fn bad_sheets_are_refused_with_their_line() {
        let p = project();
        for (sheet, says) in [
            (
                "document,year\na,2020\nzz,2021\n",
                "attrs.csv: line 3: there is no document with id \"zz\" in the project",
            ),
            (
                "id,year\na,2020\n",
                "attrs.csv: line 1: the header must start with the column `document`",
            ),
            (
                "document,year\na,2020,extra\n",
                "attrs.csv: line 2: this row has 3 cells, the header has 2",
            ),
            (
                "document,year,year\n",
                "attrs.csv: line 1: the column \"year\" appears twice",
            ),
            (
                "document,a=b\n",
                "attrs.csv: line 1: attribute name \"a=b\" contains \"=\"",
            ),
            (
                "document,year\na,1\na,2\n",
                "attrs.csv: line 3: document \"a\" has a second row",
            ),
            ("", "attrs.csv: the file is empty"),
        ] {
            let err = plan_of(&p, sheet).unwrap_err();
            assert!(err.starts_with(says), "{sheet:?}: {err}");
        }
    }
}
