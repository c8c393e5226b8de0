//! Label Studio import: the input is `tasks.json` and, after a `0xFF`
//! byte, the labelling config `label_config.xml` read next to it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let parts = common::parts(data, 2);
    let tasks = common::write("tasks.json", parts[0]);
    match parts.get(1) {
        Some(config) => {
            common::write("label_config.xml", config);
        }
        None => common::remove("label_config.xml"),
    }
    common::import(&tasks, Format::LabelStudio);
});
