//! The project loader on arbitrary bytes: refuse or load, never panic; a
//! project it loads saves and loads back.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let path = common::write("project.ron", data);
    if let Ok(project) = marginalia::store::load(&path) {
        let ron = marginalia::store::to_ron_string(&project).expect("a loaded project saves");
        if let Err(e) = marginalia::store::from_ron_str(&ron) {
            panic!("a loaded project does not load back: {e:?}\n{ron}");
        }
    }
});
