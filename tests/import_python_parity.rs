//! Text import decodes files exactly as Python does with
//! `open(path, encoding=...).read()` (universal newlines): same text,
//! character for character, for each encoding we detect.
//!
//! Needs `python3` on the PATH; CI installs it. Without it the tests fail
//! with a message saying so rather than pass without checking anything.

mod support;

use marginalia::formats::text::{DecodedText, decode};
use marginalia::model::LineEndings;
use support::python::python_decode;

const RUSSIAN: &str = "Россия и Китай призывают международное сообщество \
    содействовать сотрудничеству. Мы считаем, что диалог и взаимное уважение \
    являются основой мира.\nЁлка стоит во дворе, и дети поют песни.\n";

/// Writes `bytes` to `name` in a fresh folder, decodes it, and checks the
/// text against Python's reading of the file as `python_encoding`.
fn decode_like_python(name: &str, bytes: &[u8], python_encoding: &str) -> DecodedText {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    let decoded = decode(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
    let python = python_decode(&path, python_encoding);
    assert_eq!(
        decoded.text, python,
        "{name}: our text differs from Python's ({python_encoding})"
    );
    decoded
}

fn utf16_with_bom(s: &str, little_endian: bool) -> Vec<u8> {
    let mut out = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for unit in s.encode_utf16() {
        out.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    out
}

fn legacy(encoding: &'static encoding_rs::Encoding, s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(s);
    assert!(!unmappable, "{} cannot encode {s:?}", encoding.name());
    bytes.into_owned()
}

#[test]
fn windows_1252_with_crlf() {
    let bytes = legacy(
        encoding_rs::WINDOWS_1252,
        "café – naïve “quotes” déjà vu…\r\nSecond line, élève.\r\n",
    );
    let d = decode_like_python("windows.txt", &bytes, "cp1252");
    assert_eq!(d.encoding, "windows-1252");
    assert!(!d.bom);
    assert_eq!(d.line_endings, LineEndings::Crlf);
}

#[test]
fn utf16le_with_bom_crlf_and_an_emoji() {
    let bytes = utf16_with_bom("Grüße 😀 Привет\r\nzweite Zeile\r\n", true);
    let d = decode_like_python("utf16le.txt", &bytes, "utf-16");
    assert_eq!(d.text, "Grüße 😀 Привет\nzweite Zeile\n");
    assert_eq!(d.encoding, "UTF-16LE");
    assert!(d.bom);
    assert_eq!(d.line_endings, LineEndings::Crlf);
}

#[test]
fn utf16be_with_bom() {
    let bytes = utf16_with_bom("日本語のテキスト 🎌\nsecond line", false);
    let d = decode_like_python("utf16be.txt", &bytes, "utf-16");
    assert_eq!(d.encoding, "UTF-16BE");
    assert!(d.bom);
    assert_eq!(d.line_endings, LineEndings::Lf);
}

#[test]
fn utf8_with_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend("naïve 😀\r\nline two\n".as_bytes());
    let d = decode_like_python("utf8-bom.txt", &bytes, "utf-8-sig");
    assert_eq!(d.encoding, "UTF-8");
    assert!(d.bom);
    assert_eq!(d.line_endings, LineEndings::Mixed);
}

#[test]
fn lone_cr_line_endings() {
    let bytes = "old Mac\rline endings\r\rand a blank line ✓\r".as_bytes();
    let d = decode_like_python("classic-mac.txt", bytes, "utf-8");
    assert_eq!(d.encoding, "UTF-8");
    assert!(!d.bom);
    assert_eq!(d.line_endings, LineEndings::Cr);
}

#[test]
fn koi8_r_russian() {
    let bytes = legacy(encoding_rs::KOI8_R, &RUSSIAN.replace('\n', "\r\n"));
    let d = decode_like_python("russian.txt", &bytes, "koi8-r");
    // chardetng names the KOI8 family KOI8-U; for Russian text it decodes
    // exactly like KOI8-R (they differ only in Ukrainian letters).
    assert_eq!(d.encoding, "KOI8-U");
    assert_eq!(d.text, RUSSIAN);
    assert_eq!(d.line_endings, LineEndings::Crlf);
}
