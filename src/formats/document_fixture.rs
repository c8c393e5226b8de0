//! Word (`.docx`) and Writer (`.odt`) files written at test time, and a
//! folder of every kind of document an analyst receives, so the document
//! and folder imports are tested on real files (no binary fixture, no
//! external tool). PDFs come from [`super::pdf_fixture`].

// Test code only: `formats/mod.rs` declares this module under
// `#[cfg(any(test, feature = "test-hooks"))]`; should that gate ever go, a
// shipped build stops here instead of carrying the fixture.
#[cfg(not(any(test, feature = "test-hooks")))]
compile_error!("a test fixture is compiled into the shipped library");

use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};

/// A zip archive holding one entry `name` with `xml` in it.
pub fn zipped(name: &str, xml: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .expect("a zip entry in memory");
    zip.write_all(xml.as_bytes())
        .expect("writing to memory succeeds");
    zip.finish()
        .expect("finishing a zip in memory")
        .into_inner()
}

/// XML text with `&`, `<` and `>` escaped.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Each paragraph escaped and wrapped in `open` … `close`.
fn wrapped(paragraphs: &[&str], open: &str, close: &str) -> String {
    paragraphs
        .iter()
        .map(|p| format!("{open}{}{close}", escaped(p)))
        .collect()
}

/// A `.docx` whose body has one paragraph per item of `paragraphs`.
pub fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body = wrapped(paragraphs, "<w:p><w:r><w:t>", "</w:t></w:r></w:p>");
    zipped(
        "word/document.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>{body}</w:body></w:document>"#
        ),
    )
}

/// An `.odt` whose text has one paragraph per item of `paragraphs`.
pub fn odt(paragraphs: &[&str]) -> Vec<u8> {
    let body = wrapped(paragraphs, "<text:p>", "</text:p>");
    zipped(
        "content.xml",
        &format!(
            r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        ),
    )
}

/// The script in [`mixed_folder`]'s web page, which no import may keep.
pub const SCRIPT: &str = "trackVisitor()";

/// A folder `statements` in `dir` holding one document of every kind a
/// folder import takes, each with a distinct phrase (returned in path
/// order with its file name), and a scanned image it must skip:
///
/// - `2015/minutes.md`, `2016/page.html` (with a script to drop),
/// - `2017/speech.docx`, `2018/notes.odt`, `2019/report.pdf`,
/// - `2020.txt` (CRLF, a no-break space and an emoji),
/// - `scan.png` (skipped and reported).
pub fn mixed_folder(dir: &Path) -> (PathBuf, Vec<(&'static str, &'static str)>) {
    let folder = dir.join("statements");
    for sub in ["2015", "2016", "2017", "2018", "2019"] {
        std::fs::create_dir_all(folder.join(sub)).expect("create a test folder");
    }
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(folder.join(name), bytes).expect("write a test file");
    };
    write(
        "2015/minutes.md",
        "# Minutes\n\nICT and energy.\n".as_bytes(),
    );
    write(
        "2016/page.html",
        format!(
            "<html><head><title>Page</title><script>{SCRIPT};</script></head>\
             <body><p>Vaccine trade 💉 grew.</p></body></html>"
        )
        .as_bytes(),
    );
    write("2017/speech.docx", &docx(&["Arms control & security."]));
    write("2018/notes.odt", &odt(&["Joint «research» centres."]));
    write(
        "2019/report.pdf",
        &super::pdf_fixture::pdf(&[&["Energy report 😀"]]),
    );
    write(
        "2020.txt",
        "Health\u{a0}security 😀 first.\r\nTrade second.\r\n".as_bytes(),
    );
    write("scan.png", &[0x89, b'P', b'N', b'G', 0, 1]);
    let documents = vec![
        ("minutes.md", "ICT and energy."),
        ("page.html", "Vaccine trade 💉 grew."),
        ("speech.docx", "Arms control & security."),
        ("notes.odt", "Joint «research» centres."),
        ("report.pdf", "Energy report 😀"),
        (
            "2020.txt",
            "Health\u{a0}security 😀 first.\nTrade second.\n",
        ),
    ];
    (folder, documents)
}
