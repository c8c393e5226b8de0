//! A Writer file (`.odt`) through the import pipeline. An input that is not
//! a zip archive is its `content.xml`, zipped here.

#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let bytes = common::zipped_unless_zip(data, "content.xml");
    let path = common::write("notes.odt", &bytes);
    common::import(&path, Format::Text);
});
