//! A PDF through the import pipeline.
//!
//! The text extractor (pdf-extract) panics on some malformed files. The
//! import contains such a panic (`formats::panic_guard`) and refuses the
//! file in plain words, which is what a user should get, and its quiet
//! hook stands in front of libFuzzer's abort-on-panic hook: a contained
//! panic is not a crash here. It is still a finding — a malformation that
//! `formats::pdf::check` could refuse by name — so the first input for
//! each place the extractor gave up is reported on stderr
//! (`contained panic at FILE:LINE: MESSAGE`) and, when
//! `MARGINALIA_FUZZ_CONTAINED` names a folder, saved there. With
//! `MARGINALIA_FUZZ_STRICT=1` a contained panic aborts like any other
//! panic, so `cargo fuzz tmin` can shrink it.
//!
//! Any other panic (ours, or outside the extraction), a stack overflow, a
//! leak or a memory error is a crash as in every target.

#![no_main]

use std::collections::HashSet;
use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use marginalia::formats::Format;
use marginalia::formats::pdf::{PdfError, pdf_to_text};

#[path = "common.rs"]
mod common;

/// Places where the extractor gave up, each reported once.
static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let path = common::write("report.pdf", data);
    let Some(refusal) = common::import(&path, Format::Text) else {
        return;
    };
    if !refusal.contains("the text extractor cannot follow") {
        return;
    }
    let Err(PdfError::Unfollowable { caught }) = pdf_to_text(data) else {
        panic!("the refusal and a second read disagree: {refusal}");
    };
    if std::env::var_os("MARGINALIA_FUZZ_STRICT").is_some() {
        panic!("contained panic at {}: {}", caught.location, caught.message);
    }
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if seen
        .get_or_insert_with(HashSet::new)
        .insert(caught.location.clone())
    {
        eprintln!("contained panic at {}: {}", caught.location, caught.message);
        if let Some(dir) = std::env::var_os("MARGINALIA_FUZZ_CONTAINED") {
            let name: String = caught
                .location
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::write(std::path::Path::new(&dir).join(name), data);
        }
    }
});
