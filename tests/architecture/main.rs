//! The plan of the code, kept by tests: `ARCHITECTURE.md` is the rule and
//! these stories read the tree against it.
//!
//! - **Layers.** The table of `ARCHITECTURE.md` whose last column is "may
//!   use" names each layer, its folders and the layers it may use. Every
//!   `.rs` file under `src/` belongs to the layer whose folder holds it
//!   (`src/lib.rs`, which only declares the layers, to none). The layers a
//!   file uses are the first names of its paths that start at the crate's
//!   root: `crate::X` in the library, `marginalia::X` in the binary
//!   (`crate::` there is the binary itself, the `cli` layer), and
//!   `super::…` chains that climb to the root. `use crate::{a, b::c}`
//!   groups count each member. Comments, strings and test code are not
//!   read: an item under `#[cfg(test)]` (or `cfg(all(test, …))`) and the
//!   files of test modules it declares (`#[cfg(test)] mod tests;`) are
//!   skipped, because tests may build fixtures from any layer; code under
//!   the `test-hooks` feature ships in a library build and is read.
//! - **The module map.** Every `.rs` file and every folder under `src/` is
//!   named in `ARCHITECTURE.md` by its path in backticks, such as
//!   `` `src/ui/caret.rs` `` or `` `src/formats/brat/` ``.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

mod cycles;
mod scan;
mod table;

use scan::{root_uses, tokens, without_tests};
use table::{Layer, layer_of, module_of, parse_layers};

/// Uses the table does not allow but the code has today, each to be
/// removed: (file, layer it uses, why it is still there). A use listed here
/// is not reported; one that no longer happens is, so the list only
/// shrinks. Every edge the code has today is allowed by the table (see
/// `ARCHITECTURE.md`), so the list is empty.
const KNOWN_EXCEPTIONS: &[(&str, &str, &str)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn architecture_md() -> String {
    std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md is readable")
}

/// Every `.rs` file and every folder under `src/` (not `src/` itself), as
/// `src/…` paths with `/` (folders ending in `/`), sorted.
fn source_tree() -> (Vec<String>, Vec<String>) {
    let mut files = Vec::new();
    let mut folders = Vec::new();
    walk(&root(), Path::new("src"), &mut files, &mut folders);
    (files, folders)
}

fn walk(root: &Path, relative: &Path, files: &mut Vec<String>, folders: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(root.join(relative))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", relative.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().expect("an entry has a name").to_owned();
        let rel = relative.join(&name);
        let shown = rel.to_string_lossy().replace('\\', "/");
        if path.is_dir() {
            folders.push(format!("{shown}/"));
            walk(root, &rel, files, folders);
        } else if shown.ends_with(".rs") {
            files.push(shown);
        }
    }
}

/// The non-test tokens of every `.rs` file under `src/` that is not a test
/// module's file, by path.
fn read_tree() -> BTreeMap<String, Vec<scan::Token>> {
    let (files, _) = source_tree();
    let mut read = BTreeMap::new();
    let mut test_only: BTreeSet<String> = BTreeSet::new();
    for file in files {
        let source =
            std::fs::read_to_string(root().join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let stripped = without_tests(tokens(&source), &file, &source);
        test_only.extend(stripped.test_module_files);
        read.insert(file, stripped.tokens);
    }
    read.retain(|file, _| {
        !test_only
            .iter()
            .any(|t| file == t || (t.ends_with('/') && file.starts_with(t.as_str())))
    });
    read
}

/// A use the table does not allow.
#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    line: usize,
    layer: String,
    uses: String,
}

/// Reads every file under `src/` and returns the uses of layers its layer
/// may not use, and the files that belong to no layer.
fn check_layers(layers: &[Layer]) -> (Vec<Violation>, Vec<String>) {
    let read = read_tree();
    let by_module: BTreeMap<&str, &Layer> = layers
        .iter()
        .flat_map(|l| {
            l.folders
                .iter()
                .filter_map(move |f| Some((module_of(f)?, l)))
        })
        .collect();
    let binary = layer_of(layers, "src/main.rs").map(|l| l.name.clone());
    let mut violations = Vec::new();
    let mut homeless = Vec::new();
    for (file, tokens) in &read {
        if file == "src/lib.rs" {
            continue;
        }
        let Some(layer) = layer_of(layers, file) else {
            homeless.push(file.clone());
            continue;
        };
        let in_binary = Some(&layer.name) == binary.as_ref();
        let components = file.trim_start_matches("src/").split('/').count();
        let depth = if file.ends_with("/mod.rs") {
            components - 1
        } else {
            components
        };
        for used in root_uses(tokens, in_binary, depth) {
            let Some(target) = by_module.get(used.module.as_str()) else {
                continue;
            };
            if target.name != layer.name && !layer.may_use.contains(&target.name) {
                violations.push(Violation {
                    file: file.clone(),
                    line: used.line,
                    layer: layer.name.clone(),
                    uses: target.name.clone(),
                });
            }
        }
    }
    (violations, homeless)
}

#[test]
fn every_layer_uses_only_the_layers_the_architecture_table_allows() {
    let layers = parse_layers(&architecture_md()).unwrap_or_else(|e| panic!("{e}"));
    let (violations, homeless) = check_layers(&layers);
    let mut report = layer_report(&violations, &homeless, KNOWN_EXCEPTIONS);
    for layer in &layers {
        for folder in layer.folders.iter().filter(|f| !root().join(f).exists()) {
            let _ = writeln!(
                report,
                "ARCHITECTURE.md: layer `{}` names `{folder}`, which does not exist",
                layer.name
            );
        }
    }
    assert!(report.is_empty(), "\n{report}");
}

/// What the layer test says, one line each: files in no layer, uses the
/// table does not allow (with file and line) unless `exceptions` lists
/// them, and exceptions that no longer happen.
fn layer_report(
    violations: &[Violation],
    homeless: &[String],
    exceptions: &[(&str, &str, &str)],
) -> String {
    let mut report = String::new();
    for file in homeless {
        let _ = writeln!(
            report,
            "{file}: belongs to no layer of the table in ARCHITECTURE.md"
        );
    }
    let mut excused = BTreeSet::new();
    for v in violations {
        if let Some(k) = exceptions
            .iter()
            .position(|(f, u, _)| *f == v.file && *u == v.uses)
        {
            excused.insert(k);
            continue;
        }
        let _ = writeln!(
            report,
            "{}:{}: the `{}` layer uses `{}`, which ARCHITECTURE.md's table does not allow",
            v.file, v.line, v.layer, v.uses
        );
    }
    for (k, (file, uses, reason)) in exceptions.iter().enumerate() {
        if !excused.contains(&k) {
            let _ = writeln!(
                report,
                "{file} no longer uses `{uses}` ({reason}): take it off KNOWN_EXCEPTIONS"
            );
        }
    }
    report
}

#[test]
fn a_known_exception_is_excused_until_it_is_gone_and_a_new_use_is_named_by_file_and_line() {
    let violation = |file: &str, line| Violation {
        file: file.to_owned(),
        line,
        layer: "store".to_owned(),
        uses: "formats".to_owned(),
    };
    let exceptions = [
        ("src/store/old.rs", "formats", "moves out with the fixtures"),
        ("src/store/gone.rs", "formats", "was moved"),
    ];
    let report = layer_report(
        &[
            violation("src/store/old.rs", 3),
            violation("src/store/new.rs", 7),
        ],
        &["src/stray.rs".to_owned()],
        &exceptions,
    );
    assert_eq!(
        report,
        "src/stray.rs: belongs to no layer of the table in ARCHITECTURE.md\n\
         src/store/new.rs:7: the `store` layer uses `formats`, which ARCHITECTURE.md's table does not allow\n\
         src/store/gone.rs no longer uses `formats` (was moved): take it off KNOWN_EXCEPTIONS\n"
    );
}

#[test]
fn every_module_under_src_is_named_in_architecture_md() {
    let doc = architecture_md();
    let (files, folders) = source_tree();
    let missing: Vec<String> = files
        .into_iter()
        .chain(folders)
        .filter(|path| !doc.contains(&format!("`{path}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md does not name these (add a line for each, its path in backticks, \
         saying what it holds):\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_layer_table_is_read_with_its_folders_and_allowed_layers() {
    let layers = parse_layers(&architecture_md()).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    for layer in [
        "model", "store", "formats", "analysis", "merge", "ui", "cli",
    ] {
        assert!(names.contains(&layer), "no `{layer}` row in {names:?}");
    }
    let model = &layers[names.iter().position(|n| *n == "model").unwrap()];
    assert!(
        model.may_use.is_empty(),
        "the model uses nothing: {model:?}"
    );
    assert_eq!(
        layer_of(&layers, "src/store/atomic.rs").map(|l| l.name.as_str()),
        Some("store")
    );
    assert_eq!(
        layer_of(&layers, "src/main.rs").map(|l| l.name.as_str()),
        Some("cli")
    );
    assert_eq!(
        layer_of(&layers, "src/cli/new.rs").map(|l| l.name.as_str()),
        Some("cli")
    );
    assert_eq!(layer_of(&layers, "src/lib.rs"), None);
}

/// The layers whose modules must not use each other in a ring: every layer
/// below the window and the command line.
#[test]
fn no_layer_below_the_window_has_modules_that_use_each_other_in_a_ring() {
    let layers = parse_layers(&architecture_md()).unwrap_or_else(|e| panic!("{e}"));
    let read = read_tree();
    let mut report = String::new();
    let mut checked = Vec::new();
    for layer in layers.iter().filter(|l| l.name != "ui" && l.name != "cli") {
        for folder in &layer.folders {
            let Some(name) = module_of(folder) else {
                continue;
            };
            let modules: BTreeSet<String> = read
                .keys()
                .filter_map(|f| f.strip_prefix(folder.as_str()))
                .filter_map(|rest| {
                    let first = rest.split('/').next()?;
                    let module = first.strip_suffix(".rs").unwrap_or(first);
                    (module != "mod").then(|| module.to_owned())
                })
                .collect();
            let mut graph = cycles::Graph::new();
            for (file, tokens) in read.iter().filter(|(f, _)| f.starts_with(folder.as_str())) {
                cycles::add_file(&mut graph, name, &modules, file, tokens);
            }
            if let Some(ring) = cycles::find_cycle(&graph) {
                let _ = writeln!(report, "{folder}: {}", cycles::describe(&ring));
            }
            checked.push(format!("{folder} ({} modules)", modules.len()));
        }
    }
    assert!(
        checked.len() >= 5,
        "the layers below the window were not all read: {checked:?}"
    );
    assert!(
        report.is_empty(),
        "modules that use each other in a ring (move what both need into a module of its own):\n{report}"
    );
}
