//! brat import: the input is `DOC.txt`, `DOC.ann` and `annotation.conf`,
//! separated by `0xFF` bytes (a missing part is a missing file).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 3);
    let txt = common::write("doc.txt", parts[0]);
    let ann = common::write("doc.ann", parts.get(1).copied().unwrap_or_default());
    match parts.get(2) {
        Some(conf) => {
            common::write("annotation.conf", conf);
        }
        None => common::remove("annotation.conf"),
    }
    common::import(&ann, Format::Brat);
    common::import(&txt, Format::Brat);
});
