//! A Markdown file (`.md`) through the import pipeline.

#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("notes.md", data);
    common::import(&path, Format::Text);
});
