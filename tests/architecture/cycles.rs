//! Cycles between the modules of one layer. Each folder below the window
//! is read as a graph: its direct modules (`src/model/span.rs`,
//! `src/formats/brat/`) are the nodes, and a path in one module's non-test
//! code that names another (`super::span::Span`, `crate::model::index`,
//! `use super::{index, text}`) is an edge. A layer whose modules use each
//! other in a ring cannot be read, tested or split one module at a time;
//! the test names the ring and a line for each step of it.

use std::collections::{BTreeMap, BTreeSet};

use crate::scan::Token;

/// Where one module of a layer names another: the file and line.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub file: String,
    pub line: usize,
}

/// The module path of a file under `src/`: `src/model/edit/apply.rs` is
/// `["model", "edit", "apply"]`, `src/model/edit/mod.rs` `["model", "edit"]`.
pub fn module_path(file: &str) -> Vec<String> {
    let rel = file.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path of the library a file names, resolved from the crate's root
/// (`crate::…` and `super::…` chains), each as its first two names and the
/// line. Paths of a group (`use super::{a, b::c}`) count each member.
pub fn resolved_paths(tokens: &[Token], here: &[String]) -> Vec<(Vec<String>, usize)> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let is_sep = |i: usize| text(i) == ":" && text(i + 1) == ":";
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let continues = i >= 2 && is_sep(i - 2);
        let in_macro = i >= 1 && text(i - 1) == "$";
        let word = text(i);
        if continues || in_macro || !is_sep(i + 1) || !matches!(word, "crate" | "super") {
            i += 1;
            continue;
        }
        let mut base: Vec<String> = if word == "crate" {
            Vec::new()
        } else {
            here.to_vec()
        };
        let mut j = i;
        while text(j) == "super" && is_sep(j + 1) {
            base.pop();
            j += 3;
        }
        if word == "crate" {
            j = i + 3;
        }
        // Named segments after the root, up to the two that matter.
        let mut heads: Vec<Vec<String>> = vec![base];
        let mut k = j;
        loop {
            let t = text(k);
            if t == "{" {
                heads = group_members(tokens, k)
                    .into_iter()
                    .flat_map(|m| {
                        heads
                            .iter()
                            .map(move |h| [h.clone(), vec![m.clone()]].concat())
                    })
                    .collect();
                break;
            }
            if t.is_empty() || !t.chars().all(|c| c.is_alphanumeric() || c == '_') {
                break;
            }
            for h in &mut heads {
                h.push(t.to_owned());
            }
            if heads.first().is_some_and(|h| h.len() >= 2) || !is_sep(k + 1) {
                break;
            }
            k += 3;
        }
        let line = tokens[i].line;
        out.extend(heads.into_iter().map(|h| (h, line)));
        i = j.max(i + 1);
    }
    out
}

/// The first name of each member of the group opening at `open`.
fn group_members(tokens: &[Token], open: usize) -> Vec<String> {
    let mut members = Vec::new();
    let mut depth = 0;
    let mut expect = true;
    for token in &tokens[open..] {
        match token.text.as_str() {
            "{" => {
                depth += 1;
                if depth == 1 {
                    expect = true;
                }
            }
            "}" => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            "," if depth == 1 => expect = true,
            name if depth == 1 && expect => {
                members.push(name.to_owned());
                expect = false;
            }
            _ => {}
        }
    }
    members
}

/// The graph of a layer's direct modules: `edges[a][b]` is where `a`
/// first names `b`.
pub type Graph = BTreeMap<String, BTreeMap<String, Edge>>;

/// Adds a file's uses to its layer's graph. `modules` are the layer's
/// direct modules; uses of anything else (items of the layer's `mod.rs`,
/// other layers) are not edges.
pub fn add_file(
    graph: &mut Graph,
    layer: &str,
    modules: &BTreeSet<String>,
    file: &str,
    tokens: &[Token],
) {
    let here = module_path(file);
    let Some(from) = here.get(1).filter(|m| modules.contains(*m)) else {
        return;
    };
    for (path, line) in resolved_paths(tokens, &here) {
        let [root, to, ..] = path.as_slice() else {
            continue;
        };
        if root != layer || to == from || !modules.contains(to) {
            continue;
        }
        graph
            .entry(from.clone())
            .or_default()
            .entry(to.clone())
            .or_insert(Edge {
                file: file.to_owned(),
                line,
            });
    }
}

/// A ring of modules, if the graph has one: `[a, b, a]` with the edge of
/// each step.
pub fn find_cycle(graph: &Graph) -> Option<Vec<(String, Edge)>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<(String, Option<Edge>)>,
    ) -> Option<Vec<(String, Edge)>> {
        marks.insert(node.to_owned(), Mark::Open);
        for (next, edge) in graph.get(node).into_iter().flatten() {
            stack.push((next.clone(), Some(edge.clone())));
            match marks.get(next.as_str()) {
                Some(Mark::Open) => {
                    let start = stack.iter().position(|(n, _)| n == next).unwrap_or(0);
                    return Some(
                        stack[start + 1..]
                            .iter()
                            .filter_map(|(n, e)| Some((n.clone(), e.clone()?)))
                            .collect(),
                    );
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(ring) = visit(next, graph, marks, stack) {
                        return Some(ring);
                    }
                }
            }
            stack.pop();
        }
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if marks.contains_key(node) {
            continue;
        }
        let mut stack = vec![(node.clone(), None)];
        if let Some(ring) = visit(node, graph, &mut marks, &mut stack) {
            return Some(ring);
        }
    }
    None
}

/// One line that names the ring: `a → b (file:line) → a (file:line)`.
pub fn describe(ring: &[(String, Edge)]) -> String {
    let first = ring.last().map(|(n, _)| n.clone()).unwrap_or_default();
    let mut line = first;
    for (node, edge) in ring {
        line.push_str(&format!(" → {node} ({}:{})", edge.file, edge.line));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::tokens;

    fn modules(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn super_chains_crate_paths_and_groups_resolve_to_the_module_they_name() {
        let here = module_path("src/model/edit/apply.rs");
        assert_eq!(here, ["model", "edit", "apply"]);
        let source = "use super::super::span::Span;\nuse crate::model::{index, text::Text};\nfn f() { super::history::x(); }\n";
        let paths: Vec<(Vec<String>, usize)> = resolved_paths(&tokens(source), &here);
        let shown: Vec<(String, usize)> =
            paths.into_iter().map(|(p, l)| (p.join("::"), l)).collect();
        assert_eq!(
            shown,
            [
                ("model::span".to_owned(), 1),
                ("model::index".to_owned(), 2),
                ("model::text".to_owned(), 2),
                ("model::edit::history".to_owned(), 3),
            ]
        );
    }

    #[test]
    fn a_ring_of_modules_is_found_and_named_with_a_line_for_each_step() {
        let mods = modules(&["project", "index", "span"]);
        let mut graph = Graph::new();
        add_file(
            &mut graph,
            "model",
            &mods,
            "src/model/project.rs",
            &tokens("use super::index::SpanIndex;"),
        );
        add_file(
            &mut graph,
            "model",
            &mods,
            "src/model/index.rs",
            &tokens("\nuse super::project::Span;"),
        );
        add_file(
            &mut graph,
            "model",
            &mods,
            "src/model/span.rs",
            &tokens("use super::Theme;"),
        );
        let ring = find_cycle(&graph).expect("project and index use each other");
        assert_eq!(
            describe(&ring),
            "index → project (src/model/index.rs:2) → index (src/model/project.rs:1)"
        );
        // The split that broke it: index uses span, which uses nothing.
        let mut graph = Graph::new();
        add_file(
            &mut graph,
            "model",
            &mods,
            "src/model/project.rs",
            &tokens("use super::index::SpanIndex;"),
        );
        add_file(
            &mut graph,
            "model",
            &mods,
            "src/model/index.rs",
            &tokens("use super::span::Span;"),
        );
        assert_eq!(find_cycle(&graph), None);
    }
}
