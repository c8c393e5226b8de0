//! Plain-text import on arbitrary bytes (any encoding, BOM, line endings).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("document.txt", data);
    common::import(&path, Format::Text);
});
