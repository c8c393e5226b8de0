//! doccano JSON Lines (offsets in UTF-16 units) through the import pipeline.

#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("export.jsonl", data);
    common::import(&path, Format::Doccano);
});
