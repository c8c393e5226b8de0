//! A REFI-QDA codebook (`marginalia theme import P codebook.qdc`), merged
//! into a project that has themes of its own.

#![no_main]

use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("codebook.qdc", data);
    common::import_codebook(&path);
});
