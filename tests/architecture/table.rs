//! The layer table of `ARCHITECTURE.md`: its rows, read as layers with
//! their folders and the layers each may use.

use std::collections::BTreeSet;

/// One layer of the table: its name, folders (or files) and the layers it
/// may use.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub name: String,
    pub folders: Vec<String>,
    pub may_use: BTreeSet<String>,
}

/// The names in backticks in one cell of a Markdown table.
fn backticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    line.split('|').map(str::trim).collect()
}

/// Reads the layer table: the Markdown table whose header has the columns
/// "layer", "folders" and "may use". Its rows name the layer in the first
/// backticks of "layer", its folders in backticks in "folders" and the
/// layers it may use in backticks in "may use" (anything else in the cell,
/// such as the reason, is prose).
pub fn parse_layers(doc: &str) -> Result<Vec<Layer>, String> {
    let lines: Vec<&str> = doc.lines().collect();
    let header = lines
        .iter()
        .position(|line| {
            let cells = cells(line);
            line.trim_start().starts_with('|')
                && cells.iter().any(|c| c.eq_ignore_ascii_case("may use"))
        })
        .ok_or("ARCHITECTURE.md has no table with a \"may use\" column")?;
    let columns = cells(lines[header]);
    let column = |name: &str| {
        columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or(format!("the layer table has no \"{name}\" column"))
    };
    let (layer_col, folders_col, may_use_col) =
        (column("layer")?, column("folders")?, column("may use")?);
    let mut layers = Vec::new();
    for (number, line) in lines.iter().enumerate().skip(header + 2) {
        if !line.trim_start().starts_with('|') {
            break;
        }
        let row = cells(line);
        let cell = |i: usize| {
            row.get(i).copied().ok_or(format!(
                "ARCHITECTURE.md line {}: the row has too few cells",
                number + 1
            ))
        };
        let name = backticked(cell(layer_col)?)
            .into_iter()
            .next()
            .ok_or(format!(
                "ARCHITECTURE.md line {}: no `layer` name in backticks",
                number + 1
            ))?;
        let folders = backticked(cell(folders_col)?);
        if folders.is_empty() {
            return Err(format!(
                "ARCHITECTURE.md line {}: layer `{name}` names no folder in backticks",
                number + 1
            ));
        }
        let may_use = backticked(cell(may_use_col)?).into_iter().collect();
        layers.push(Layer {
            name,
            folders,
            may_use,
        });
    }
    let names: BTreeSet<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    for layer in &layers {
        if let Some(unknown) = layer.may_use.iter().find(|u| !names.contains(u.as_str())) {
            return Err(format!(
                "ARCHITECTURE.md: layer `{}` may use `{unknown}`, which is not a layer of the table",
                layer.name
            ));
        }
    }
    Ok(layers)
}

/// The layer a file belongs to: the one whose folder (ending in `/`) holds
/// it, or whose file it is; the longest match wins.
pub fn layer_of<'a>(layers: &'a [Layer], file: &str) -> Option<&'a Layer> {
    layers
        .iter()
        .flat_map(|layer| layer.folders.iter().map(move |folder| (layer, folder)))
        .filter(|(_, folder)| {
            if folder.ends_with('/') {
                file.starts_with(folder.as_str())
            } else {
                file == folder.as_str()
            }
        })
        .max_by_key(|(_, folder)| folder.len())
        .map(|(layer, _)| layer)
}

/// The module a layer's folder is: `src/formats/` → `formats`.
pub fn module_of(folder: &str) -> Option<&str> {
    folder.strip_prefix("src/")?.strip_suffix('/')
}

#[test]
fn a_table_that_allows_an_unknown_layer_is_refused_with_its_name() {
    let doc = "| layer | folders | holds | may use |\n|---|---|---|---|\n\
               | `model` | `src/model/` | data | nothing |\n\
               | `store` | `src/store/` | files | `model`, `modle` |\n";
    assert_eq!(
        parse_layers(doc),
        Err(
            "ARCHITECTURE.md: layer `store` may use `modle`, which is not a layer of the table"
                .into()
        )
    );
    assert!(
        parse_layers("no table here")
            .unwrap_err()
            .contains("may use")
    );
}
