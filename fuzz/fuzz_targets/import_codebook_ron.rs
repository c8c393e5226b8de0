//! A codebook imported from another project (`marginalia theme import P
//! other.ron`), merged into a project that has themes of its own.

#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("other.ron", data);
    common::import_codebook(&path);
});
