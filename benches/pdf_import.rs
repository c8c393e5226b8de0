//! What the PDF structure check costs the normal import: a 100-page
//! report (40 lines a page, accents and emoji, so both fonts are used) is
//! imported through `formats::read` (parse, check, extract under the panic
//! guard), and, for comparison, parsed and extracted the way the import did
//! before the check (no check, no guard); the check alone is timed on the
//! parsed file too.
//!
//! `cargo bench --bench pdf_import` prints the median of 9 runs of each.
//! Under `cargo test` (no `--bench`) each runs once on 3 pages.

use std::time::{Duration, Instant};

use marginalia::formats::{self, Format, pdf, pdf_fixture};

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let (pages, runs) = if benchmarking { (100, 9) } else { (3, 1) };
    let lines: Vec<String> = (0..40)
        .map(|i| format!("Line {i}: Grüße aus Köln, naïve café — trade and ICT 😀 {i}"))
        .collect();
    let page: Vec<&str> = lines.iter().map(String::as_str).collect();
    let all: Vec<&[&str]> = (0..pages).map(|_| page.as_slice()).collect();
    let bytes = pdf_fixture::pdf(&all);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, &bytes).expect("the fixture is written");
    println!(
        "pdf_import benchmark: {pages} pages, {:.0} KB; median of {runs}",
        bytes.len() as f64 / 1e3
    );

    let import = median(runs, || {
        let got = formats::read(&path, Some(Format::Text)).expect("the report imports");
        assert!(got.documents[0].text.contains("Line 39"));
    });
    println!("import (read, check, extract, guarded)   {import:>10.1?}");

    let unchecked = median(runs, || {
        let doc = pdf_extract::Document::load_mem(&bytes).expect("the report parses");
        for number in 1..=doc.get_pages().len() as u32 {
            let mut text = String::new();
            let mut out = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&doc, &mut out, number).expect("a page");
        }
    });
    println!("parse and extract, unchecked             {unchecked:>10.1?}");

    let doc = pdf_extract::Document::load_mem(&bytes).expect("the report parses");
    let check = median(runs, || {
        assert_eq!(pdf::check(&doc).expect("a sound file"), pages as u32);
    });
    println!(
        "the check alone                          {check:>10.1?}   ({:.2} % of the import)",
        100.0 * check.as_secs_f64() / import.as_secs_f64()
    );
}
