//! Reading Rust source as the layer test needs it: tokens without
//! comments and strings, test code taken out, and the paths that name a
//! module at the crate's root.

use std::collections::BTreeMap;

/// A token of Rust source with its line: identifiers and single
/// punctuation characters (`::` is two `:`). Comments, strings and
/// character literals are left out.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub text: String,
    pub line: usize,
}

pub fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if c == '"' || ((c == 'r' || c == 'b') && starts_raw_or_byte_string(&chars, i)) {
            i = skip_string(&chars, i, &mut line);
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 3;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token {
                text: chars[start..i].iter().collect(),
                line,
            });
        } else {
            if !c.is_whitespace() {
                out.push(Token {
                    text: c.to_string(),
                    line,
                });
            }
            i += 1;
        }
    }
    out
}

/// Whether `r"`, `r#"`, `b"`, `br"` or `br#"` starts at `i` (and is not the
/// end of an identifier such as `bar"`, which Rust does not allow anyway).
fn starts_raw_or_byte_string(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) == Some(&'r') {
        j += 1;
        while chars.get(j) == Some(&'#') {
            j += 1;
        }
    }
    j > i && chars.get(j) == Some(&'"')
}

/// Skips a string literal starting at `i` (plain, byte or raw), counting
/// its newlines; returns the index after it.
fn skip_string(chars: &[char], mut i: usize, line: &mut usize) -> usize {
    if chars[i] == 'b' {
        i += 1;
    }
    if chars[i] == 'r' {
        i += 1;
        let mut hashes = 0;
        while chars[i] == '#' {
            hashes += 1;
            i += 1;
        }
        i += 1; // the opening quote
        while i < chars.len() {
            if chars[i] == '\n' {
                *line += 1;
            }
            if chars[i] == '"'
                && chars[i + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&c| c == '#')
                    .count()
                    == hashes
            {
                return i + 1 + hashes;
            }
            i += 1;
        }
        return i;
    }
    i += 1; // the opening quote
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            c => {
                if c == '\n' {
                    *line += 1;
                }
                i += 1;
            }
        }
    }
    i
}

/// What is left of a file's tokens once test code is taken out, and the
/// files of the test modules it declares (`#[cfg(test)] mod tests;`).
pub struct WithoutTests {
    pub tokens: Vec<Token>,
    pub test_module_files: Vec<String>,
}

/// Whether the tokens of a `cfg(…)` predicate require `test`: `test`
/// itself or `all(…, test, …)`.
fn requires_test(predicate: &[Token]) -> bool {
    match predicate.first().map(|t| t.text.as_str()) {
        Some("test") => predicate.len() == 1,
        Some("all") => {
            let mut depth = 0;
            predicate.iter().any(|t| {
                match t.text.as_str() {
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    _ => {}
                }
                depth == 1 && t.text == "test"
            })
        }
        _ => false,
    }
}

/// Reads the attribute `#[…]` starting at `i`: its tokens between the
/// brackets and the index after it.
fn attribute(tokens: &[Token], i: usize) -> Option<(&[Token], usize)> {
    if tokens.get(i)?.text != "#" {
        return None;
    }
    let mut j = i + 1;
    if tokens.get(j)?.text == "!" {
        j += 1;
    }
    if tokens.get(j)?.text != "[" {
        return None;
    }
    let close = closing(tokens, j, "[", "]")?;
    Some((&tokens[j + 1..close], close + 1))
}

/// The index of the `close` bracket that matches the `open` one at `at`
/// (nested pairs of the same kind counted), if the file has it.
fn closing(tokens: &[Token], at: usize, open: &str, close: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (j, token) in tokens.iter().enumerate().skip(at) {
        if token.text == open {
            depth += 1;
        } else if token.text == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// Takes out every item under a test-only `cfg` attribute. `file` is the
/// file's `src/…` path, to find the files of the test modules it declares.
pub fn without_tests(tokens: Vec<Token>, file: &str, source: &str) -> WithoutTests {
    let mut kept = Vec::new();
    let mut test_module_files = Vec::new();
    let path_attributes = path_attribute_values(source);
    let mut i = 0;
    while i < tokens.len() {
        let Some((inside, after)) = attribute(&tokens, i) else {
            kept.push(tokens[i].clone());
            i += 1;
            continue;
        };
        let is_test_cfg = inside.first().is_some_and(|t| t.text == "cfg")
            && inside.get(1).is_some_and(|t| t.text == "(")
            && requires_test(&inside[2..inside.len().saturating_sub(1)]);
        if !is_test_cfg {
            kept.extend_from_slice(&tokens[i..after]);
            i = after;
            continue;
        }
        // Skip the item's other attributes, noting a #[path = "…"].
        let mut j = after;
        let mut path_override = None;
        while let Some((inner, next)) = attribute(&tokens, j) {
            if inner.first().is_some_and(|t| t.text == "path") {
                path_override = path_attributes.get(&inner[0].line).cloned();
            }
            j = next;
        }
        let item_start = j;
        // The item ends at a `;` outside brackets or at the `}` that closes
        // its first `{`.
        let mut depth = 0;
        while j < tokens.len() {
            match tokens[j].text.as_str() {
                "(" | "[" => depth += 1,
                ")" | "]" => depth -= 1,
                ";" if depth == 0 => break,
                "{" => {
                    j = closing(&tokens, j, "{", "}").unwrap_or(tokens.len());
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let item = &tokens[item_start..j.min(tokens.len())];
        let words: Vec<&str> = item.iter().map(|t| t.text.as_str()).collect();
        let declared = words
            .iter()
            .position(|w| *w == "mod")
            .and_then(|m| words.get(m + 1));
        if let Some(name) = declared.filter(|_| tokens.get(j).is_some_and(|t| t.text == ";")) {
            test_module_files.extend(module_files(file, name, path_override.as_deref()));
        }
        i = j + 1;
    }
    WithoutTests {
        tokens: kept,
        test_module_files,
    }
}

/// The value of every `#[path = "…"]` attribute by line (strings are not
/// tokens, so they are read from the source).
fn path_attribute_values(source: &str) -> BTreeMap<usize, String> {
    source
        .lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let rest = line
                .trim()
                .strip_prefix("#[path")?
                .trim_start()
                .strip_prefix('=')?;
            let value = rest.trim().strip_prefix('"')?.split('"').next()?;
            Some((n + 1, value.to_owned()))
        })
        .collect()
}

/// The files a `mod NAME;` in `file` may live in (as `src/…` paths): for
/// `mod.rs`, `lib.rs` and `main.rs` beside them, for `foo.rs` in `foo/`;
/// a `#[path]` is relative to the declaring file's folder.
fn module_files(file: &str, name: &str, path_override: Option<&str>) -> Vec<String> {
    let (folder, file_name) = file.rsplit_once('/').unwrap_or(("", file));
    if let Some(path) = path_override {
        return vec![format!("{folder}/{path}")];
    }
    let base = match file_name {
        "mod.rs" | "lib.rs" | "main.rs" => folder.to_owned(),
        other => format!("{folder}/{}", other.trim_end_matches(".rs")),
    };
    vec![format!("{base}/{name}.rs"), format!("{base}/{name}/")]
}

/// One use of another module from a file: the module's name and the line.
#[derive(Debug, Clone, PartialEq)]
pub struct Use {
    pub module: String,
    pub line: usize,
}

/// The crate-root modules a file's paths name. `in_binary`: the file is
/// part of the `marginalia` binary, whose library is `marginalia::` and
/// whose `crate::` is itself. `depth`: how many modules deep the file is
/// (`src/store/mod.rs` 1, `src/store/fast.rs` 2), so `super::` chains that
/// climb to the root are followed.
pub fn root_uses(tokens: &[Token], in_binary: bool, depth: usize) -> Vec<Use> {
    let text = |i: usize| tokens.get(i).map_or("", |t| t.text.as_str());
    let is_sep = |i: usize| text(i) == ":" && text(i + 1) == ":";
    let mut uses = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // A path starts here unless it continues one (`a::crate`) or is a
        // macro's `$crate`.
        let continues = i >= 2 && is_sep(i - 2);
        let in_macro = i >= 1 && text(i - 1) == "$";
        let starts_path = !continues && !in_macro;
        let word = text(i);
        let mut after = None;
        if starts_path && is_sep(i + 1) {
            if (word == "crate" && !in_binary) || word == "marginalia" {
                after = Some(i + 3);
            } else if word == "super" {
                let mut j = i;
                let mut climbs = 0;
                while text(j) == "super" && is_sep(j + 1) {
                    climbs += 1;
                    j += 3;
                }
                if climbs >= depth {
                    after = Some(j);
                }
                i = j.max(i + 1) - 1;
            }
        }
        if let Some(start) = after {
            if text(start) == "{" {
                // A group: the first name of each member at the top level.
                let mut depth = 0;
                let mut expect_name = true;
                let mut j = start;
                while j < tokens.len() {
                    match text(j) {
                        "{" => {
                            depth += 1;
                            if depth == 1 {
                                expect_name = true;
                            }
                        }
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        "," if depth == 1 => expect_name = true,
                        name if depth == 1 && expect_name => {
                            uses.push(Use {
                                module: name.to_owned(),
                                line: tokens[j].line,
                            });
                            expect_name = false;
                        }
                        _ => {}
                    }
                    j += 1;
                }
            } else if let Some(token) = tokens.get(start) {
                uses.push(Use {
                    module: token.text.clone(),
                    line: token.line,
                });
            }
        }
        i += 1;
    }
    uses
}

#[test]
fn paths_to_other_layers_are_found_in_uses_groups_and_code_but_not_comments_strings_or_tests() {
    let source = r##"
//! Uses `crate::ui::App` only in prose.
use crate::model::Project;
use crate::{analysis::stats, store};
pub(crate) fn f() -> String {
    let _ = crate::formats::Format::ALL; /* crate::merge::x */
    let s = "crate::ui::nothing"; let r = r#"crate::ui::"#; let c = '"';
    s.to_owned() + crate::model::NAME
}
#[cfg(test)]
mod tests {
    use crate::merge::union;
}
#[cfg(all(test, unix))]
fn only_in_tests() { crate::ui::x(); }
#[cfg(any(test, feature = "test-hooks"))]
fn hook() { crate::merge::y(); }
"##;
    let stripped = without_tests(tokens(source), "src/store/fast.rs", source);
    let found: Vec<(String, usize)> = root_uses(&stripped.tokens, false, 2)
        .into_iter()
        .map(|u| (u.module, u.line))
        .collect();
    let expected = [
        ("model", 3),
        ("analysis", 4),
        ("store", 4),
        ("formats", 6),
        ("model", 8),
        ("merge", 17),
    ];
    let expected: Vec<(String, usize)> =
        expected.iter().map(|(m, l)| (m.to_string(), *l)).collect();
    assert_eq!(found, expected);
}

#[test]
fn the_binary_names_the_library_as_marginalia_and_super_chains_that_reach_the_root_count() {
    let binary = "use marginalia::{formats, store::lock};\nfn g() { crate::load(); marginalia::ui::run(); }\n";
    let found: Vec<String> = root_uses(&tokens(binary), true, 1)
        .into_iter()
        .map(|u| u.module)
        .collect();
    assert_eq!(found, ["formats", "store", "ui"]);
    let library = "fn h() { super::super::ui::x(); super::sibling(); }\n";
    let found: Vec<String> = root_uses(&tokens(library), false, 2)
        .into_iter()
        .map(|u| u.module)
        .collect();
    assert_eq!(
        found,
        ["ui"],
        "from src/store/fast.rs, super::super is the crate root"
    );
}

#[test]
fn test_modules_declared_in_other_files_are_not_read() {
    let source = "#[cfg(test)]\n#[path = \"edit_tree_tests.rs\"]\nmod tree_tests;\n#[cfg(test)]\nmod tests;\nmod kept;\n";
    let stripped = without_tests(tokens(source), "src/model/edit.rs", source);
    assert_eq!(
        stripped.test_module_files,
        [
            "src/model/edit_tree_tests.rs",
            "src/model/edit/tests.rs",
            "src/model/edit/tests/"
        ]
    );
    let kept: Vec<&str> = stripped.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(kept, ["mod", "kept", ";"]);
}
