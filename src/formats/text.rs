//! Plain-text documents: decoding and line-ending normalisation.
//!
//! A file is decoded to UTF-8 once, on import: a byte-order mark decides
//! between UTF-8 and UTF-16; without one, valid UTF-8 is UTF-8 and anything
//! else is a legacy encoding detected by `chardetng`. Decoding is strict: a
//! malformed sequence refuses the file rather than inventing U+FFFD. CRLF
//! and lone CR become LF exactly as Python's universal newlines do. After
//! that the text is never changed.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use thiserror::Error;

use crate::model::{Document, LineEndings, Project, Source, slug};

/// A decoded text file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedText {
    /// The text with line endings normalised to `\n`, without BOM.
    pub text: String,
    /// WHATWG name of the encoding it was decoded from (`UTF-8`,
    /// `UTF-16LE`, `windows-1252`, ...).
    pub encoding: String,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// The line endings found before normalisation.
    pub line_endings: LineEndings,
}

/// Why a text file could not be imported. Every message starts with the
/// file's path and says the reason in plain words.
#[derive(Debug, Error)]
pub enum TextImportError {
    /// The file could not be read.
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is a folder, a device or pipe, or too large to import.
    #[error("{}: {reason}", path.display())]
    Unreadable {
        path: PathBuf,
        reason: super::bounded_read::ReadError,
    },
    /// The file holds no text (no bytes, or only a byte-order mark).
    #[error("{}: the file is empty", path.display())]
    Empty { path: PathBuf },
    /// The file contains a NUL, which text files do not.
    #[error("{}: looks like a binary file (NUL byte at byte {offset}), not text", path.display())]
    Binary {
        path: PathBuf,
        /// Byte offset in the file of the first NUL.
        offset: usize,
    },
    /// The bytes are not valid in the encoding the file declares (BOM) or
    /// was detected as.
    #[error("{}: not valid {encoding}: bad sequence at byte {offset}", path.display())]
    InvalidEncoding {
        path: PathBuf,
        /// WHATWG name of the encoding.
        encoding: String,
        /// Byte offset in the file of the first malformed sequence.
        offset: usize,
    },
}

/// Decodes the bytes of a text file; `path` is used in messages only.
///
/// Offsets in errors count bytes of the whole file, BOM included.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<DecodedText, TextImportError> {
    let invalid = |encoding: &'static Encoding, offset| TextImportError::InvalidEncoding {
        path: path.to_owned(),
        encoding: encoding.name().to_owned(),
        offset,
    };
    let binary = |offset| TextImportError::Binary {
        path: path.to_owned(),
        offset,
    };
    let (encoding, bom_len) = match Encoding::for_bom(bytes) {
        Some(found) => found,
        None => {
            if let Some(offset) = bytes.iter().position(|&b| b == 0) {
                return Err(binary(offset));
            }
            match std::str::from_utf8(bytes) {
                Ok(_) => (UTF_8, 0),
                Err(_) => (guess_legacy(bytes), 0),
            }
        }
    };
    let body = &bytes[bom_len..];
    if body.is_empty() {
        return Err(TextImportError::Empty {
            path: path.to_owned(),
        });
    }
    let decoded = decode_strict(encoding, body).map_err(|at| invalid(encoding, bom_len + at))?;
    if let Some(at) = decoded.find('\0') {
        return Err(binary(bom_len + source_len(encoding, &decoded[..at])));
    }
    let (text, line_endings) = normalise(decoded);
    Ok(DecodedText {
        text,
        encoding: encoding.name().to_owned(),
        bom: bom_len > 0,
        line_endings,
    })
}

/// The legacy encoding `chardetng` considers most likely for bytes that
/// are not UTF-8 (never UTF-8 itself; the KOI8 family is named `KOI8-U`).
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, false)
}

/// Decodes `body` (no BOM) without replacement; the error is the byte
/// offset in `body` of the first malformed sequence.
fn decode_strict<'a>(encoding: &'static Encoding, body: &'a [u8]) -> Result<Cow<'a, str>, usize> {
    if encoding == UTF_8 {
        std::str::from_utf8(body)
            .map(Cow::Borrowed)
            .map_err(|e| e.valid_up_to())
    } else if encoding == UTF_16LE || encoding == UTF_16BE {
        decode_utf16(body, encoding == UTF_16LE).map(Cow::Owned)
    } else {
        encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .ok_or_else(|| first_bad_byte(encoding, body))
    }
}

/// Strict UTF-16 decoding; the error is the byte offset of the first unit
/// that is not part of a valid sequence (a lone surrogate), or of a
/// trailing odd byte.
fn decode_utf16(body: &[u8], little_endian: bool) -> Result<String, usize> {
    let pairs = body.chunks_exact(2);
    let odd_byte = !pairs.remainder().is_empty();
    let units = pairs.map(|c| {
        if little_endian {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for unit in char::decode_utf16(units) {
        let c = unit.map_err(|_| at)?;
        out.push(c);
        at += 2 * c.len_utf16();
    }
    if odd_byte {
        return Err(body.len() - 1);
    }
    Ok(out)
}

/// Byte offset of the first malformed sequence of a legacy encoding.
fn first_bad_byte(encoding: &'static Encoding, body: &[u8]) -> usize {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder.max_utf8_buffer_length_without_replacement(body.len());
    let mut out = String::with_capacity(capacity.unwrap_or(body.len().saturating_mul(3)));
    let (result, read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        // `read` counts the malformed sequence and the bytes consumed after it.
        encoding_rs::DecoderResult::Malformed(bad, after) => {
            read.saturating_sub(usize::from(bad) + usize::from(after))
        }
        _ => read,
    }
}

/// Length in bytes of `decoded`, a prefix of a decoded text, in the source
/// encoding.
fn source_len(encoding: &'static Encoding, decoded: &str) -> usize {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        2 * decoded.encode_utf16().count()
    } else if encoding == UTF_8 {
        decoded.len()
    } else {
        encoding.encode(decoded).0.len()
    }
}

/// Classifies the line endings and turns `\r\n` and lone `\r` into `\n`,
/// like Python's universal newlines (other separators are left alone).
pub fn normalise_newlines(text: &str) -> (String, LineEndings) {
    normalise(Cow::Borrowed(text))
}

/// [`normalise_newlines`] on a borrowed or owned text: one pass from the
/// first `\r` on, and no copy at all for an owned text without `\r`.
fn normalise(text: Cow<'_, str>) -> (String, LineEndings) {
    let bytes = text.as_bytes();
    let Some(first_cr) = text.find('\r') else {
        let endings = if bytes.contains(&b'\n') {
            LineEndings::Lf
        } else {
            LineEndings::None
        };
        return (text.into_owned(), endings);
    };
    let mut lone_lf = bytes[..first_cr].contains(&b'\n');
    let (mut crlf, mut cr) = (false, false);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = first_cr;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => lone_lf = true,
            b'\r' => {
                // `\r` is ASCII, so `i` is a char boundary.
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
    let endings = match (lone_lf, crlf, cr) {
        (false, false, false) => LineEndings::None,
        (true, false, false) => LineEndings::Lf,
        (false, true, false) => LineEndings::Crlf,
        (false, false, true) => LineEndings::Cr,
        _ => LineEndings::Mixed,
    };
    (out, endings)
}

/// The bytes of a text file, refusing folders, devices, pipes and files
/// larger than [`super::bounded_read::MAX_FILE_BYTES`].
fn read_bytes(path: &Path) -> Result<Vec<u8>, TextImportError> {
    use super::bounded_read::{MAX_FILE_BYTES, ReadError, read_limited};
    read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Io(source) => TextImportError::Io {
            path: path.to_owned(),
            source,
        },
        reason => TextImportError::Unreadable {
            path: path.to_owned(),
            reason,
        },
    })
}

/// Reads a text file into a new document whose id and title come from the
/// file name (the id made unique in `project`).
pub fn read_document(path: &Path, project: &Project) -> Result<Document, TextImportError> {
    let bytes = read_bytes(path)?;
    let decoded = decode(path, &bytes)?;
    if decoded.text.is_empty() {
        return Err(TextImportError::Empty {
            path: path.to_owned(),
        });
    }
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
        kind: None,
    });
    Ok(doc)
}

/// Reads a plain-text file as one document without spans, named after the
/// file.
pub fn import(path: &Path) -> Result<super::importer::Imported, super::importer::ImportError> {
    let refuse = |e: TextImportError| {
        let message = e.to_string();
        let prefix = format!("{}: ", path.display());
        let message = message.strip_prefix(&prefix).unwrap_or(&message).to_owned();
        super::importer::ImportError::whole(path, message)
    };
    let bytes = read_bytes(path).map_err(refuse)?;
    let decoded = decode(path, &bytes).map_err(refuse)?;
    if decoded.text.is_empty() {
        return Err(refuse(TextImportError::Empty {
            path: path.to_owned(),
        }));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(super::importer::Imported {
        documents: vec![super::importer::ImportedDocument {
            id: stem.clone(),
            title: stem,
            text: decoded.text,
            source: Some(Source {
                path: path.display().to_string(),
                encoding: decoded.encoding,
                bom: decoded.bom,
                line_endings: decoded.line_endings,
                kind: None,
            }),
            spans: Vec::new(),
            ..Default::default()
        }],
        themes: Vec::new(),
        warnings: Vec::new(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUSSIAN: &str = "Россия и Китай призывают международное сообщество \
        содействовать сотрудничеству. Мы считаем, что диалог и взаимное уважение \
        являются основой мира.\nЁлка стоит во дворе, и дети поют песни.\n";

    fn dec(bytes: &[u8]) -> Result<DecodedText, TextImportError> {
        decode(Path::new("notes.txt"), bytes)
    }

    fn msg(bytes: &[u8]) -> String {
        dec(bytes).unwrap_err().to_string()
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

    fn legacy(encoding: &'static Encoding, s: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(s);
        assert!(!unmappable, "{} cannot encode {s:?}", encoding.name());
        bytes.into_owned()
    }

    #[test]
    fn plain_utf8_is_kept_as_is() {
        let d = dec("Grüße 😀\nzweite Zeile\n".as_bytes()).unwrap();
        assert_eq!(
            d,
            DecodedText {
                text: "Grüße 😀\nzweite Zeile\n".into(),
                encoding: "UTF-8".into(),
                bom: false,
                line_endings: LineEndings::Lf,
            }
        );
    }

    #[test]
    fn utf8_bom_is_stripped_and_recorded() {
        let d = dec(b"\xEF\xBB\xBFhi\r\nthere").unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding.as_str(), d.bom, d.line_endings),
            ("hi\nthere", "UTF-8", true, LineEndings::Crlf)
        );
    }

    #[test]
    fn utf16_with_bom_in_both_byte_orders() {
        let s = "Привет, café 😀\r\nworld\u{a0}!\r\n";
        for le in [true, false] {
            let d = dec(&utf16(s, le)).unwrap();
            assert_eq!(d.text, "Привет, café 😀\nworld\u{a0}!\n");
            assert_eq!(d.encoding, if le { "UTF-16LE" } else { "UTF-16BE" });
            assert!(d.bom);
            assert_eq!(d.line_endings, LineEndings::Crlf);
        }
    }

    #[test]
    fn windows_1252_with_crlf_is_detected() {
        for s in [
            "café – naïve “quotes”\r\n",
            "café – naïve “quotes” déjà vu, élève.\r\nSecond line.\r\n",
        ] {
            let d = dec(&legacy(encoding_rs::WINDOWS_1252, s)).unwrap();
            assert_eq!(d.text, s.replace("\r\n", "\n"));
            assert_eq!(d.encoding, "windows-1252");
            assert!(!d.bom);
            assert_eq!(d.line_endings, LineEndings::Crlf);
        }
    }

    #[test]
    fn cyrillic_legacy_encodings_are_detected() {
        // chardetng never says KOI8-R: it names the KOI8 family KOI8-U,
        // which decodes Russian text identically.
        for (encoding, expected) in [
            (encoding_rs::KOI8_R, "KOI8-U"),
            (encoding_rs::ISO_8859_5, "ISO-8859-5"),
            (encoding_rs::WINDOWS_1251, "windows-1251"),
        ] {
            let d = dec(&legacy(encoding, RUSSIAN)).unwrap();
            assert_eq!(d.encoding, expected, "file in {}", encoding.name());
            assert_eq!(d.text, RUSSIAN);
            assert_eq!(d.line_endings, LineEndings::Lf);
        }
    }

    #[test]
    fn mixed_line_endings_are_all_normalised() {
        let d = dec(b"a\rb\r\nc\nd").unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_endings),
            ("a\nb\nc\nd", LineEndings::Mixed)
        );
        // CR then CRLF is two line breaks, as in Python.
        let d = dec(b"a\r\r\nb").unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_endings),
            ("a\n\nb", LineEndings::Mixed)
        );
        // An LF before the first CR still counts.
        let d = dec(b"a\nb\r\nc").unwrap();
        assert_eq!(d.line_endings, LineEndings::Mixed);
        let d = dec(b"a\r\nb\r\n\r\n").unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_endings),
            ("a\nb\n\n", LineEndings::Crlf)
        );
    }

    #[test]
    fn lone_cr_line_endings() {
        let d = dec(b"a\rb\r").unwrap();
        assert_eq!(
            (d.text.as_str(), d.line_endings),
            ("a\nb\n", LineEndings::Cr)
        );
        let d = dec(b"\r").unwrap();
        assert_eq!((d.text.as_str(), d.line_endings), ("\n", LineEndings::Cr));
    }

    #[test]
    fn only_cr_and_crlf_are_translated() {
        let d = dec("one line".as_bytes()).unwrap();
        assert_eq!(d.line_endings, LineEndings::None);
        let d = dec("x\u{2028}y\u{85}z\u{b}w\u{c}".as_bytes()).unwrap();
        assert_eq!(d.text, "x\u{2028}y\u{85}z\u{b}w\u{c}");
        assert_eq!(d.line_endings, LineEndings::None);
    }

    #[test]
    fn two_megabytes_of_lone_crs_are_normalised() {
        let n = 1_000_000;
        let d = dec("x\r".repeat(n).as_bytes()).unwrap();
        assert_eq!(d.text.len(), 2 * n);
        assert!(!d.text.contains('\r'));
        assert_eq!(d.line_endings, LineEndings::Cr);
    }

    #[test]
    fn empty_and_bom_only_files_are_refused() {
        assert_eq!(msg(b""), "notes.txt: the file is empty");
        assert_eq!(msg(b"\xEF\xBB\xBF"), "notes.txt: the file is empty");
        assert_eq!(msg(&[0xFF, 0xFE]), "notes.txt: the file is empty");
        assert_eq!(msg(&[0xFE, 0xFF]), "notes.txt: the file is empty");
        assert!(matches!(dec(b""), Err(TextImportError::Empty { .. })));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(
            msg(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "notes.txt: looks like a binary file (NUL byte at byte 8), not text"
        );
        // BOM-less UTF-16 has NULs in every ASCII character.
        assert!(matches!(
            dec(b"h\0i\0"),
            Err(TextImportError::Binary { offset: 1, .. })
        ));
        // A decoded U+0000 reports its byte offset in the file.
        assert!(matches!(
            dec(&utf16("a😀\0b", true)),
            Err(TextImportError::Binary { offset: 8, .. })
        ));
        assert!(matches!(
            dec(b"\xEF\xBB\xBF\xC3\xA9\0"),
            Err(TextImportError::Binary { offset: 5, .. })
        ));
    }

    #[test]
    fn utf8_bom_followed_by_invalid_bytes() {
        assert_eq!(
            msg(b"\xEF\xBB\xBFok \xC3("),
            "notes.txt: not valid UTF-8: bad sequence at byte 6"
        );
        // Truncated sequence at the end.
        assert_eq!(
            msg(b"\xEF\xBB\xBFcaf\xC3"),
            "notes.txt: not valid UTF-8: bad sequence at byte 6"
        );
    }

    #[test]
    fn lone_surrogates_in_utf16() {
        // Lone high surrogate followed by `b`.
        let mut le = vec![0xFF, 0xFE, b'a', 0];
        le.extend([0x00, 0xD8, b'b', 0]);
        assert_eq!(
            msg(&le),
            "notes.txt: not valid UTF-16LE: bad sequence at byte 4"
        );
        // Lone low surrogate after a valid astral character.
        let mut be = utf16("😀", false);
        be.extend([0xDC, 0x00, 0x00, b'z']);
        assert_eq!(
            msg(&be),
            "notes.txt: not valid UTF-16BE: bad sequence at byte 6"
        );
        // High surrogate at the very end.
        let mut end = utf16("ab", true);
        end.extend([0x3D, 0xD8]);
        assert_eq!(
            msg(&end),
            "notes.txt: not valid UTF-16LE: bad sequence at byte 6"
        );
    }

    #[test]
    fn odd_length_utf16_reports_the_first_problem() {
        let mut odd = utf16("ab", true);
        odd.push(b'c');
        assert_eq!(
            msg(&odd),
            "notes.txt: not valid UTF-16LE: bad sequence at byte 6"
        );
        let mut both = vec![0xFF, 0xFE, 0x00, 0xDC, b'a', 0];
        both.push(b'c');
        assert_eq!(
            msg(&both),
            "notes.txt: not valid UTF-16LE: bad sequence at byte 2"
        );
    }

    #[test]
    fn legacy_decoding_errors_give_the_first_bad_byte() {
        // 0xAA is unassigned in windows-1253.
        assert_eq!(
            decode_strict(encoding_rs::WINDOWS_1253, b"ab\xE1\xAAc"),
            Err(3)
        );
        // A Shift_JIS lead byte with no trail byte.
        assert_eq!(decode_strict(encoding_rs::SHIFT_JIS, b"ab\x82"), Err(2));
        assert_eq!(
            decode_strict(encoding_rs::SHIFT_JIS, b"\x82\xA0x").as_deref(),
            Ok("あx")
        );
    }

    #[test]
    fn messages_name_the_file_as_given() {
        let err = decode(Path::new("photos/photo.png"), b"\x89PNG\0").unwrap_err();
        assert_eq!(
            err.to_string(),
            "photos/photo.png: looks like a binary file (NUL byte at byte 4), not text"
        );
    }

    #[test]
    fn read_document_takes_id_and_title_from_the_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Joint Statement 2020.txt");
        std::fs::write(&path, legacy(encoding_rs::WINDOWS_1252, "café\r\n")).unwrap();
        let mut project = Project::with_default_codebook("p");
        let doc = read_document(&path, &project).unwrap();
        assert_eq!(doc.id, "joint-statement-2020");
        assert_eq!(doc.title, "Joint Statement 2020");
        assert_eq!(doc.text().as_str(), "café\n");
        assert_eq!(
            doc.source,
            Some(Source {
                path: path.display().to_string(),
                encoding: "windows-1252".into(),
                bom: false,
                line_endings: LineEndings::Crlf,
                kind: None,
            })
        );
        project.documents.push(doc);
        let again = read_document(&path, &project).unwrap();
        assert_eq!(again.id, "joint-statement-2020-2");
    }

    #[test]
    fn read_document_falls_back_to_a_generic_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("---.txt");
        std::fs::write(&path, "text").unwrap();
        let doc = read_document(&path, &Project::with_default_codebook("p")).unwrap();
        assert_eq!((doc.id.as_str(), doc.title.as_str()), ("document", "---"));
    }

    #[test]
    fn read_document_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let project = Project::with_default_codebook("p");
        let missing = dir.path().join("missing.txt");
        let err = read_document(&missing, &project).unwrap_err();
        assert!(matches!(err, TextImportError::Io { .. }));
        assert!(
            err.to_string()
                .starts_with(&format!("{}: cannot read the file: ", missing.display())),
            "{err}"
        );
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, b"\xEF\xBB\xBF").unwrap();
        let err = read_document(&empty, &project).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{}: the file is empty", empty.display())
        );
    }
}
