//! REFI-QDA import on arbitrary bytes: a `.qdpx` zip archive when the
//! input starts with `PK`, else a bare `project.qde` or `.qdc` codebook
//! (XML), with one `sources/` file beside it taken from after a `0xFF`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        let path = common::write("project.qdpx", data);
        common::import(&path, Format::RefiQda);
        return;
    }
    let parts = common::parts(data, 2);
    std::fs::create_dir_all(common::scratch().join("sources")).expect("a sources folder");
    common::write(
        "sources/source.txt",
        parts.get(1).copied().unwrap_or_default(),
    );
    let path = common::write("project.qde", parts[0]);
    common::import(&path, Format::RefiQda);
});
