//! Plain-text documents: decoding and line-ending normalisation.
//!
//! A file is decoded to UTF-8 once, on import: a byte-order mark decides
//! between UTF-8 and UTF-16; without one, valid UTF-8 is UTF-8 and anything
//! else is a legacy encoding detected by `chardetng`. CRLF and lone CR
//! become LF exactly as Python's universal newlines do. After that the text
//! is never changed.

use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use thiserror::Error;

use crate::model::{Document, LineEndings, Project, Source, slug};

/// A decoded text file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText {
    /// The text with line endings normalised to `\n`, without BOM.
    pub text: String,
    /// WHATWG name of the encoding it was decoded from.
    pub encoding: String,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// The line endings found before normalisation.
    pub line_endings: LineEndings,
}

/// Why a text file could not be imported.
#[derive(Debug, Error)]
pub enum TextImportError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the file is empty", path.display())]
    Empty { path: PathBuf },
    #[error("{}: looks like a binary file (NUL byte at byte {offset}), not text", path.display())]
    Binary { path: PathBuf, offset: usize },
    #[error("{}: not valid {encoding}: bad sequence at byte {offset}", path.display())]
    InvalidEncoding {
        path: PathBuf,
        encoding: String,
        offset: usize,
    },
}

/// Decodes the bytes of a text file; `path` is used in messages only.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<DecodedText, TextImportError> {
    let empty = || TextImportError::Empty {
        path: path.to_owned(),
    };
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => {
            if let Some(offset) = bytes.iter().position(|&b| b == 0) {
                return Err(TextImportError::Binary {
                    path: path.to_owned(),
                    offset,
                });
            }
            if std::str::from_utf8(bytes).is_ok() {
                (UTF_8, 0)
            } else {
                let mut detector = chardetng::EncodingDetector::new();
                detector.feed(bytes, true);
                (detector.guess(None, false), 0)
            }
        }
    };
    let body = &bytes[bom_len..];
    if body.is_empty() {
        return Err(empty());
    }
    let invalid = |offset| TextImportError::InvalidEncoding {
        path: path.to_owned(),
        encoding: encoding.name().to_owned(),
        offset,
    };
    let decoded: String = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(e) => return Err(invalid(bom_len + e.valid_up_to())),
        }
    } else if encoding == UTF_16LE || encoding == UTF_16BE {
        decode_utf16(body, encoding == UTF_16LE).map_err(|at| invalid(bom_len + at))?
    } else {
        match encoding.decode_without_bom_handling_and_without_replacement(body) {
            Some(s) => s.into_owned(),
            None => return Err(invalid(first_bad_byte(encoding, body))),
        }
    };
    if let Some(offset) = decoded.find('\0') {
        return Err(TextImportError::Binary {
            path: path.to_owned(),
            offset: bom_len + offset,
        });
    }
    let (text, line_endings) = normalise_newlines(&decoded);
    if text.is_empty() {
        return Err(empty());
    }
    Ok(DecodedText {
        text,
        encoding: encoding.name().to_owned(),
        bom: bom_len > 0,
        line_endings,
    })
}

/// Strict UTF-16 decoding; the error is the byte offset of the first unit
/// that is not part of a valid sequence.
fn decode_utf16(body: &[u8], little_endian: bool) -> Result<String, usize> {
    if body.len() % 2 != 0 {
        return Err(body.len() - 1);
    }
    let units = body.chunks_exact(2).map(|c| {
        if little_endian {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len() / 2);
    let mut at = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Err(at),
        }
    }
    Ok(out)
}

/// Byte offset of the first malformed sequence of a legacy encoding.
fn first_bad_byte(encoding: &'static Encoding, body: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length(body.len()).unwrap_or(0));
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, consumed_after) => {
            read.saturating_sub(bad as usize + consumed_after as usize)
        }
        _ => read,
    }
}

/// Classifies the line endings and turns `\r\n` and lone `\r` into `\n`,
/// like Python's universal newlines (other separators are left alone).
pub fn normalise_newlines(text: &str) -> (String, LineEndings) {
    let (mut lf, mut crlf, mut cr) = (false, false, false);
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => lf = true,
            b'\r' => {
                out.push_str(&text[last..i]);
                out.push('\n');
                if bytes.get(i + 1) == Some(&b'\n') {
                    crlf = true;
                    i += 1;
                } else {
                    cr = true;
                }
                last = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    let endings = match (lf, crlf, cr) {
        (false, false, false) => LineEndings::None,
        (true, false, false) => LineEndings::Lf,
        (false, true, false) => LineEndings::Crlf,
        (false, false, true) => LineEndings::Cr,
        _ => LineEndings::Mixed,
    };
    (out, endings)
}

/// Reads a text file into a new document whose id and title come from the
/// file name (the id made unique in `project`).
pub fn read_document(path: &Path, project: &Project) -> Result<Document, TextImportError> {
    let bytes = std::fs::read(path).map_err(|source| TextImportError::Io {
        path: path.to_owned(),
        source,
    })?;
    let decoded = decode(path, &bytes)?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = slug(&stem);
    let id = project.unique_document_id(if base.is_empty() { "document" } else { &base });
    let title = if stem.is_empty() { id.clone() } else { stem };
    let mut doc = Document::new(id, title, decoded.text);
    doc.source = Some(Source {
        path: path.display().to_string(),
        encoding: decoded.encoding,
        bom: decoded.bom,
        line_endings: decoded.line_endings,
    });
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(bytes: &[u8]) -> Result<DecodedText, TextImportError> {
        decode(Path::new("notes.txt"), bytes)
    }

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = dec("Grüße 😀\n".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str(), d.bom),
            ("Grüße 😀\n", "UTF-8", false)
        );
        assert_eq!(d.line_endings, LineEndings::Lf);
        let d = dec(b"\xEF\xBB\xBFhi\r\nthere").unwrap();
        assert_eq!(
            (d.text.as_str(), d.bom, d.line_endings),
            ("hi\nthere", true, LineEndings::Crlf)
        );
    }

    #[test]
    fn utf16_both_byte_orders() {
        let s = "Привет 😀\r\nworld\u{a0}!";
        for le in [true, false] {
            let d = dec(&utf16(s, le)).unwrap();
            assert_eq!(d.text, "Привет 😀\nworld\u{a0}!");
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
            assert!(d.bom);
            assert_eq!(d.line_endings, LineEndings::Crlf);
        }
    }

    #[test]
    fn windows_1252_with_crlf() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("café – naïve “quotes” déjà vu, élève.\r\nSecond line.\r\n");
        let d = dec(&bytes).unwrap();
        assert_eq!(
            d.text,
            "café – naïve “quotes” déjà vu, élève.\nSecond line.\n"
        );
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.line_endings, LineEndings::Crlf);
    }

    #[test]
    fn koi8_r_russian() {
        let s = "Россия и Китай призывают международное сообщество содействовать сотрудничеству, углублять взаимопонимание и противостоять новым вызовам и угрозам.\n";
        let (bytes, _, _) = encoding_rs::KOI8_R.encode(s);
        let d = dec(&bytes).unwrap();
        // chardetng names the superset KOI8-U; both decode Russian alike.
        assert!(
            ["KOI8-R", "KOI8-U"].contains(&d.encoding.as_str()),
            "{}",
            d.encoding
        );
        assert_eq!(d.text, s);
    }

    #[test]
    fn mixed_and_lone_cr_line_endings() {
        let d = dec(b"a\rb\r\nc\nd").unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_endings),
            ("a\nb\nc\nd", LineEndings::Mixed)
        );
        let d = dec(b"a\rb\r").unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_endings),
            ("a\nb\n", LineEndings::Cr)
        );
        let d = dec(b"one line").unwrap();
        assert_eq!(d.line_endings, LineEndings::None);
        let d = dec("x\u{2028}y\u{85}z".as_bytes()).unwrap();
        assert_eq!(
            d.text, "x\u{2028}y\u{85}z",
            "only CR and CRLF are translated"
        );
    }

    #[test]
    fn refusals_name_the_file_and_the_reason() {
        let msg = |b: &[u8]| dec(b).unwrap_err().to_string();
        assert_eq!(msg(b""), "notes.txt: the file is empty");
        assert_eq!(msg(b"\xEF\xBB\xBF"), "notes.txt: the file is empty");
        assert_eq!(msg(&[0xFF, 0xFE]), "notes.txt: the file is empty");
        assert_eq!(
            msg(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "notes.txt: looks like a binary file (NUL byte at byte 8), not text"
        );
        assert_eq!(
            msg(b"\xEF\xBB\xBFok \xC3("),
            "notes.txt: not valid UTF-8: bad sequence at byte 6"
        );
        let mut lone = vec![0xFF, 0xFE, b'a', 0];
        lone.extend([0x00, 0xD8, b'b', 0]);
        assert_eq!(
            msg(&lone),
            "notes.txt: not valid UTF-16LE: bad sequence at byte 4"
        );
        let nul16 = utf16("a\0b", true);
        assert!(msg(&nul16).contains("binary"));
    }
}
