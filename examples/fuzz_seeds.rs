//! Writes the seed inputs of the fuzz targets whose formats have no golden
//! export to copy (web pages, Markdown, Word, Writer and PDF files), made
//! from the fixture project's texts, into `OUT/<target>/`:
//!
//! ```sh
//! cargo run --example fuzz_seeds -- fuzz/corpus
//! ```
//!
//! `fuzz/run-all.sh` runs it, after copying the golden exports and the
//! hostile corpus, before it starts the fuzzers.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use marginalia::formats::fixture::{CRLF_SOURCE, SECOND};
use marginalia::formats::pdf_fixture;

fn main() -> ExitCode {
    let Some(out) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: fuzz_seeds OUT_FOLDER");
        return ExitCode::from(2);
    };
    match write_seeds(&out) {
        Ok(n) => {
            println!("{n} seeds written under {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// The seeds, as (target, file name, bytes).
fn seeds() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let lines: Vec<&str> = CRLF_SOURCE.lines().collect();
    let paragraphs = |open: &str, close: &str| -> String {
        lines
            .iter()
            .chain([&SECOND])
            .map(|l| format!("{open}{}{close}", escape(l)))
            .collect()
    };
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Statement &amp; notes</title>\
         <style>p {{ color: red }}</style><script>var x = \"<p>\";</script></head><body>\
         <nav><ul><li>Menu</li></ul></nav><main><h1>Statement</h1>{}\
         <pre>kept\n  as is</pre><p>a<br>b&nbsp;c &#x1F600;</p></main><footer>©</footer></body></html>",
        paragraphs("<p>", "</p>")
    );
    let markdown = format!(
        "# Statement\n\n{}\n\n- a list\n- of *items*\n\n```\ncode\n```\n",
        lines.join("\n\n")
    );
    let docx = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"w\"><w:body>{}\
         <w:p><w:r><w:delText>gone</w:delText><w:t xml:space=\"preserve\">a </w:t><w:tab/>\
         <w:t>b</w:t><w:br/><w:t>&#x1F600; &amp;</w:t></w:r></w:p></w:body></w:document>",
        paragraphs("<w:p><w:r><w:t>", "</w:t></w:r></w:p>")
    );
    let odt = format!(
        "<office:document-content xmlns:office=\"o\" xmlns:text=\"t\"><office:body><office:text>\
         <text:h>Statement</text:h>{}<text:p>a<text:s text:c=\"3\"/>b<text:tab/>c<text:line-break/>\
         d<text:note><text:p>note</text:p></text:note></text:p></office:text></office:body>\
         </office:document-content>",
        paragraphs("<text:p>", "</text:p>")
    );
    let report: Vec<&str> = lines.iter().copied().chain(["", SECOND]).collect();
    vec![
        ("import_html", "statement.html", html.into_bytes()),
        ("import_markdown", "statement.md", markdown.into_bytes()),
        // Not zip archives: the targets zip them as the document's XML.
        ("import_docx", "document.xml", docx.into_bytes()),
        ("import_odt", "content.xml", odt.into_bytes()),
        (
            "import_pdf",
            "report.pdf",
            pdf_fixture::pdf(&[&report, &[SECOND]]),
        ),
        ("import_pdf", "scan.pdf", pdf_fixture::pdf_without_text()),
    ]
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn write_seeds(out: &Path) -> std::io::Result<usize> {
    let seeds = seeds();
    for (target, name, bytes) in &seeds {
        let dir = out.join(target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(seeds.len())
}
