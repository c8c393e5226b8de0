//! A Word file (`.docx`) through the import pipeline. An input that is not
//! a zip archive is its `word/document.xml`, zipped here, so the fuzzer
//! spends its time in the XML rather than in zip checksums.

#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let bytes = common::zipped_unless_zip(data, "word/document.xml");
    let path = common::write("report.docx", &bytes);
    common::import(&path, Format::Text);
});
