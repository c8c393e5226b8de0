//! Small, valid PDF files written at test time, so the PDF import is
//! tested on real files with a known text layer (no binary fixture, no
//! external tool).
//!
//! Text that Windows-1252 can hold is set in Helvetica (a standard font,
//! `WinAnsiEncoding`); anything else (emoji, Greek...) in a composite font
//! whose `ToUnicode` map says which character each glyph is, as PDF
//! producers do for embedded fonts. A no-break space goes that way too.

// Test code only: `formats/mod.rs` declares this module under
// `#[cfg(any(test, feature = "test-hooks"))]`; should that gate ever go, a
// shipped build stops here instead of carrying the fixture.
#[cfg(not(any(test, feature = "test-hooks")))]
compile_error!("a test fixture is compiled into the shipped library");

use std::fmt::Write as _;

/// Points between two lines of a paragraph (12-point type).
const LEADING: i32 = 16;

/// A PDF of `pages`, each a list of lines drawn top to bottom; an empty
/// line leaves a paragraph gap.
pub fn pdf(pages: &[&[&str]]) -> Vec<u8> {
    file(&objects(pages), None)
}

/// [`pdf`] with object `missing` (numbered from 1) left out, its entry of
/// the cross-reference table marked free: what a file cut or damaged in
/// the middle looks like. Object 5 is the composite font's descendant,
/// which the extractor follows for any page that uses that font.
pub fn pdf_without_object(pages: &[&[&str]], missing: usize) -> Vec<u8> {
    file(&objects(pages), Some(missing))
}

/// The numbered objects of [`pdf`], from 1.
fn objects(pages: &[&[&str]]) -> Vec<Vec<u8>> {
    let mut wide: Vec<char> = Vec::new();
    let contents: Vec<String> = pages
        .iter()
        .map(|lines| page_content(lines, &mut wide))
        .collect();
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let entries: Vec<(usize, char)> = if wide.is_empty() {
        vec![(0, '\u{fffd}')]
    } else {
        wide.iter().copied().enumerate().collect()
    };
    let _ = writeln!(cmap, "{} beginbfchar", entries.len());
    for (i, c) in entries {
        let mut units = [0u16; 2];
        let hex: String = c
            .encode_utf16(&mut units)
            .iter()
            .map(|u| format!("{u:04X}"))
            .collect();
        let _ = writeln!(cmap, "<{:04X}> <{hex}>", i + 1);
    }
    cmap.push_str("endbfchar\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");

    let first_page = 8;
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Fallback /Encoding /Identity-H \
          /DescendantFonts [5 0 R] /ToUnicode 6 0 R >>"
            .to_vec(),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Fallback \
          /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
          /FontDescriptor 7 0 R /DW 1000 >>"
            .to_vec(),
        stream("", cmap.as_bytes()),
        b"<< /Type /FontDescriptor /FontName /Fallback /Flags 4 /FontBBox [0 -200 1000 800] \
          /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"
            .to_vec(),
    ];
    for (i, content) in contents.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                first_page + 2 * i + 1
            )
            .into_bytes(),
        );
        objects.push(stream("", content.as_bytes()));
    }
    objects
}

/// A one-page PDF whose page is a picture (a 2×2 grey image) and no text:
/// what a scanner makes.
pub fn pdf_without_text() -> Vec<u8> {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
          /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>"
            .to_vec(),
        stream("", b"q 400 0 0 500 100 200 cm /Im1 Do Q\n"),
        stream(
            "/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray \
             /BitsPerComponent 8",
            &[0x20, 0x80, 0xc0, 0xff],
        ),
    ];
    file(&objects, None)
}

/// The content stream of one page: each line a text object.
fn page_content(lines: &[&str], wide: &mut Vec<char>) -> String {
    let mut out = String::from("BT\n72 720 Td\n");
    let mut first = true;
    let mut gap = 0;
    for line in lines {
        if line.is_empty() {
            gap += 1;
            continue;
        }
        if !first {
            let _ = writeln!(out, "0 {} Td", -LEADING * (1 + 2 * gap));
        }
        first = false;
        gap = 0;
        for (narrow, run) in runs(line) {
            if narrow {
                let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&run);
                let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
                let _ = writeln!(out, "/F1 12 Tf <{hex}> Tj");
            } else {
                let mut hex = String::new();
                for c in run.chars() {
                    let code = match wide.iter().position(|&w| w == c) {
                        Some(i) => i + 1,
                        None => {
                            wide.push(c);
                            wide.len()
                        }
                    };
                    let _ = write!(hex, "{code:04X}");
                }
                let _ = writeln!(out, "/F2 12 Tf <{hex}> Tj");
            }
        }
    }
    out.push_str("ET\n");
    out
}

/// `line` cut into runs that Windows-1252 holds (`true`) and runs it
/// does not (`false`).
fn runs(line: &str) -> Vec<(bool, String)> {
    let mut runs: Vec<(bool, String)> = Vec::new();
    for c in line.chars() {
        let mut buf = [0u8; 4];
        let (_, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
        // PDF's WinAnsiEncoding names code A0 `space`: a no-break space
        // goes through the composite font, as an embedded font carries it.
        let narrow = !unmappable && c != '\u{a0}';
        match runs.last_mut() {
            Some((n, run)) if *n == narrow => run.push(c),
            _ => runs.push((narrow, c.to_string())),
        }
    }
    runs
}

/// A stream object with `extra` dictionary entries.
fn stream(extra: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< {extra} /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// The whole file: header, numbered objects (but `missing`),
/// cross-reference table.
fn file(objects: &[Vec<u8>], missing: Option<usize>) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        if missing == Some(i + 1) {
            offsets.push(None);
            continue;
        }
        offsets.push(Some(out.len()));
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        match offset {
            Some(offset) => {
                let _ = writeln!(table, "{offset:010} 00000 n ");
            }
            None => table.push_str("0000000000 00001 f \n"),
        }
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}
