//! The command-line reference, `docs/command-line.md`, is generated from
//! the clap definitions (`Cli` in `main.rs` and the command groups in
//! `cli/`) by the `clap-markdown` crate, so every flag the parser knows is
//! documented with the words of its `///` comment, and nothing else is.
//!
//! The test below fails when the page differs from what the definitions
//! produce; the failure (and the page's first line) names the command that
//! writes it again.

use std::path::Path;

/// The command that regenerates the page, printed in the failure message
/// and at the top of the page.
const REGENERATE: &str =
    "MARGINALIA_WRITE_COMMAND_LINE_DOC=1 cargo test --bin marginalia command_line_reference";

/// The page relative to the crate's root.
const PAGE: &str = "docs/command-line.md";

/// The page as the clap definitions describe the command line today.
fn generated_page() -> String {
    let options = clap_markdown::MarkdownOptions::new()
        .title("Command-line reference".to_owned())
        .show_footer(false);
    let body = clap_markdown::help_markdown_custom::<crate::Cli>(&options);
    format!(
        "<!-- Generated from the clap definitions in src/main.rs and src/cli/; do not edit.\n     \
         Regenerate with: {REGENERATE} -->\n\n{body}"
    )
}

#[test]
fn the_command_line_reference_is_what_the_clap_definitions_produce() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PAGE);
    let generated = generated_page();
    if std::env::var_os("MARGINALIA_WRITE_COMMAND_LINE_DOC").is_some() {
        std::fs::write(&path, &generated)
            .unwrap_or_else(|e| panic!("could not write {}: {e}", path.display()));
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    if on_disk != generated {
        let first_difference = on_disk
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| on_disk.lines().count().min(generated.lines().count()));
        panic!(
            "{PAGE} differs from the command line's clap definitions (first at line {}).\n\
             Regenerate it with:\n    {REGENERATE}",
            first_difference + 1
        );
    }
}

#[test]
fn the_reference_names_every_command_and_the_regenerate_command() {
    let page = generated_page();
    assert!(page.starts_with("<!-- Generated"), "{page}");
    assert!(page.contains(REGENERATE));
    let command = <crate::Cli as clap::CommandFactory>::command();
    for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
        let heading = format!("## `marginalia {}`", sub.get_name());
        assert!(page.contains(&heading), "{heading} missing from the page");
    }
}
