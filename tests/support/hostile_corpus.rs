//! The hostile corpus of `tests/hostile/`: every file (or folder) under
//! `tests/hostile/corpus/`, with what its refusal must say.

/// Every file (or folder) of the corpus, relative to `tests/hostile/corpus`, and
/// what its refusal must say. The folder says what reads it: `load` the
/// project loader, `codebook` the codebook import (`theme import`), `html`,
/// `markdown`, `docx`, `odt` and `pdf` the document import, any other the
/// format of that name. For brat the case is a folder and `doc.ann` in it
/// is imported; a Label Studio folder is imported whole.
pub const CORPUS: &[(&str, &[&str])] = &[
    // The project loader.
    ("load/empty.ron", &["the file is empty"]),
    ("load/blank.ron", &["the file is empty"]),
    ("load/truncated.ron", &["ends too early", "truncated"]),
    ("load/binary.ron", &[":1:1:", "not valid UTF-8"]),
    ("load/invalid-utf8.ron", &[":47:8:", "not valid UTF-8"]),
    ("load/not-ron.ron", &[":1:1:", "Expected opening `(`"]),
    (
        "load/huge-number.ron",
        &[":50:33:", "negative or too large"],
    ),
    (
        "load/negative-offset.ron",
        &[":50:26:", "negative or too large"],
    ),
    ("load/huge-format.ron", &[":2:13:", "negative or too large"]),
    (
        "load/out-of-range.ron",
        &[":51:17:", "span end 4000 is past the end of the text"],
    ),
    (
        "load/reversed-span.ron",
        &[":51:17:", "span start 11 is not before its end 6"],
    ),
    ("load/format-zero.ron", &["format 0 does not exist"]),
    ("load/future-format.ron", &["format 3", "newer Marginalia"]),
    ("load/future-syntax.ron", &["format 9", "newer Marginalia"]),
    ("load/wrong-offsets.ron", &["offsets are in \"utf16\""]),
    ("load/bad-hash.ron", &["does not match its sha256"]),
    ("load/bad-color.ron", &["theme \"health\"", "\"#rrggbb\""]),
    (
        "load/duplicate-document.ron",
        &[":54:9:", "duplicate document id \"doc\""],
    ),
    (
        "load/duplicate-theme.ron",
        &[":34:9:", "duplicate theme id \"trade\""],
    ),
    ("load/duplicate-span.ron", &[":51:17:", "appears twice"]),
    (
        "load/unknown-theme.ron",
        &[
            ":51:17:",
            "uses theme \"weather\", which is not in the codebook (health, security, ict, trade)",
        ],
    ),
    (
        "load/unknown-field.ron",
        &[":5:5:", "Unexpected field named `owner`"],
    ),
    ("load/empty-id.ron", &["a document has an empty id"]),
    // Plain text.
    ("text/empty.txt", &["the file is empty"]),
    ("text/bom-only.txt", &["the file is empty"]),
    ("text/binary.txt", &["binary file", "NUL byte at byte 8"]),
    (
        "text/invalid-utf8-with-bom.txt",
        &["not valid UTF-8", "byte 6"],
    ),
    ("text/utf16-odd-byte.txt", &["not valid UTF-16LE", "byte 6"]),
    (
        "text/utf16-lone-surrogate.txt",
        &["not valid UTF-16LE", "byte 4"],
    ),
    ("text/utf16-nul.txt", &["binary file"]),
    // JSON Lines.
    ("jsonl/empty.jsonl", &["no JSON lines"]),
    ("jsonl/blank-lines.jsonl", &["no JSON lines"]),
    ("jsonl/truncated.jsonl", &["line 2", "not valid JSON"]),
    ("jsonl/binary.jsonl", &["line 1", "not valid UTF-8"]),
    ("jsonl/invalid-utf8.jsonl", &["line 1", "not valid UTF-8"]),
    (
        "jsonl/huge-number.jsonl",
        &["line 1", "not a non-negative integer"],
    ),
    (
        "jsonl/negative-offset.jsonl",
        &["line 1", "start -1 is not a non-negative integer"],
    ),
    (
        "jsonl/fractional-offset.jsonl",
        &["line 1", "start 0.5 is not a non-negative integer"],
    ),
    (
        "jsonl/out-of-range.jsonl",
        &["line 1", "ends past the end of the text"],
    ),
    (
        "jsonl/reversed-span.jsonl",
        &["line 1", "is not before its end"],
    ),
    ("jsonl/deep.jsonl", &["line 1", "recursion limit exceeded"]),
    (
        "jsonl/not-an-object.jsonl",
        &["line 1", "expected a JSON object"],
    ),
    ("jsonl/no-text.jsonl", &["line 1", "has no \"text\""]),
    // brat.
    ("brat/missing-txt", &["there is no doc.txt next to it"]),
    ("brat/binary-ann", &["doc.ann", "not valid UTF-8"]),
    ("brat/binary-conf", &["annotation.conf", "not valid UTF-8"]),
    ("brat/invalid-utf8-txt", &["doc.txt", "not valid UTF-8"]),
    ("brat/truncated-ann", &["line 1", "has no text column"]),
    (
        "brat/huge-number",
        &["line 1", "offset \"99999999999999999999999999\""],
    ),
    ("brat/negative-offset", &["line 1", "offset \"-1\""]),
    (
        "brat/out-of-range",
        &["line 1", "offset 400 is past the end"],
    ),
    ("brat/reversed-span", &["line 1", "is not before its end"]),
    ("brat/text-mismatch", &["line 1", "the line says \"world\""]),
    ("brat/duplicate-id", &["line 2", "T1 is defined twice"]),
    (
        "brat/unknown-reference",
        &["line 2", "T9, which this file does not define"],
    ),
    // Label Studio.
    ("label-studio/empty.json", &["expected a JSON array"]),
    ("label-studio/not-tasks.json", &["expected a JSON array"]),
    ("label-studio/truncated.json", &["not valid JSON"]),
    ("label-studio/binary.json", &["not valid UTF-8"]),
    ("label-studio/invalid-utf8.json", &["not valid UTF-8"]),
    (
        "label-studio/huge-number.json",
        &[
            "task 1, annotation 1, result 1",
            "not a non-negative integer",
        ],
    ),
    (
        "label-studio/negative-offset.json",
        &["task 1", "start -4 is not a non-negative integer"],
    ),
    (
        "label-studio/out-of-range.json",
        &["task 1", "ends past the end of the text"],
    ),
    (
        "label-studio/reversed-span.json",
        &["task 1", "is not before its end"],
    ),
    ("label-studio/deep.json", &["recursion limit exceeded"]),
    (
        "label-studio/billion-laughs",
        &[
            "label_config.xml",
            "line 2",
            "declares entities in a DOCTYPE",
        ],
    ),
    (
        "label-studio/external-entity",
        &[
            "label_config.xml",
            "line 2",
            "declares entities in a DOCTYPE",
        ],
    ),
    // REFI-QDA.
    ("refi-qda/empty.qdc", &["no root element"]),
    (
        "refi-qda/empty.qdpx",
        &["not a REFI-QDA project", "zip archive"],
    ),
    ("refi-qda/not-a-zip.qdpx", &["not a REFI-QDA project"]),
    ("refi-qda/truncated.qdpx", &["cannot be opened"]),
    (
        "refi-qda/no-project.qdpx",
        &["the archive has no project.qde"],
    ),
    (
        "refi-qda/missing-source.qdpx",
        &[
            "project.qde line 5",
            "internal://S1.txt is not in the project",
        ],
    ),
    ("refi-qda/binary.qde", &["not UTF-8"]),
    ("refi-qda/invalid-utf8.qde", &["line 6", "not UTF-8"]),
    ("refi-qda/truncated.qde", &["malformed XML"]),
    ("refi-qda/wrong-root.qde", &["the root element is <html>"]),
    ("refi-qda/huge-number.qde", &["line 7", "is too large"]),
    (
        "refi-qda/negative-offset.qde",
        &["line 7", "startPosition \"-1\" is not a whole number"],
    ),
    (
        "refi-qda/out-of-range.qde",
        &["line 7", "does not fit its text"],
    ),
    (
        "refi-qda/reversed-span.qde",
        &["line 7", "starts after it ends"],
    ),
    (
        "refi-qda/unknown-code.qde",
        &["line 7", "\"NOPE\" is not a code of the codebook"],
    ),
    (
        "refi-qda/billion-laughs.qde",
        &["line 2", "declares entities in a DOCTYPE"],
    ),
    (
        "refi-qda/external-entity.qdc",
        &["line 2", "declares entities in a DOCTYPE"],
    ),
    (
        "refi-qda/undeclared-entity.qdc",
        &["unrecognized entity `nbsp`"],
    ),
    ("refi-qda/deep.qdc", &["nested more than 256 deep"]),
    (
        "refi-qda/path-traversal.qde",
        &["is not a file name inside the project's sources folder"],
    ),
    (
        "refi-qda/device.qde",
        &["/dev/zero is a bare path", "put the file beside the .qdpx"],
    ),
    // doccano (offsets in UTF-16 code units).
    ("doccano/empty.jsonl", &["no JSON lines"]),
    (
        "doccano/truncated.jsonl",
        &["line 2, column 13", "not valid JSON"],
    ),
    (
        "doccano/invalid-utf8.jsonl",
        &["line 1, column 13", "not valid UTF-8"],
    ),
    (
        "doccano/negative-offset.jsonl",
        &["line 1", "start -1 is not a non-negative integer"],
    ),
    (
        "doccano/out-of-range.jsonl",
        &[
            "line 1",
            "end 9 is past the end of the text (7 UTF-16 code units)",
        ],
    ),
    (
        "doccano/reversed-span.jsonl",
        &["line 1", "start 6 is not before end 2"],
    ),
    (
        "doccano/splits-a-surrogate-pair.jsonl",
        &["line 1", "falls inside the surrogate pair"],
    ),
    ("doccano/no-text.jsonl", &["line 1", "has no \"text\""]),
    // Web pages.
    ("html/empty.html", &["the file is empty"]),
    ("html/binary.html", &["binary file", "NUL byte at byte 6"]),
    (
        "html/utf16-odd-byte.html",
        &["not valid UTF-16LE", "byte 8"],
    ),
    ("html/only-markup.html", &["holds no readable text"]),
    // Markdown.
    ("markdown/empty.md", &["the file is empty"]),
    ("markdown/binary.md", &["binary file", "NUL byte at byte 7"]),
    (
        "markdown/invalid-utf8-with-bom.md",
        &["not valid UTF-8", "byte 7"],
    ),
    // Word.
    (
        "docx/not-a-zip.docx",
        &["not a valid document", "not a zip archive"],
    ),
    (
        "docx/truncated.docx",
        &["not a valid document", "not a zip archive"],
    ),
    (
        "docx/no-document.docx",
        &["the archive has no word/document.xml"],
    ),
    (
        "docx/malformed-xml.docx",
        &[
            "word/document.xml line 5, column 21",
            "the XML is malformed",
        ],
    ),
    (
        "docx/not-utf8.docx",
        &["word/document.xml line 4, column 18", "not UTF-8"],
    ),
    ("docx/no-text.docx", &["holds no readable text"]),
    // Writer.
    (
        "odt/not-a-zip.odt",
        &["not a valid document", "not a zip archive"],
    ),
    ("odt/no-content.odt", &["the archive has no content.xml"]),
    (
        "odt/malformed-xml.odt",
        &["content.xml line 5, column 14", "the XML is malformed"],
    ),
    (
        "odt/bad-entity.odt",
        &[
            "content.xml line 4, column 24",
            "`55296` is not a valid codepoint",
        ],
    ),
    // PDF.
    (
        "pdf/empty.pdf",
        &["not a readable PDF", "invalid file header"],
    ),
    (
        "pdf/not-a-pdf.pdf",
        &["not a readable PDF", "invalid file header"],
    ),
    (
        "pdf/truncated.pdf",
        &["not a readable PDF", "cross reference table"],
    ),
    ("pdf/scan.pdf", &["no text layer", "OCR"]),
    (
        "pdf/dangling-reference.pdf",
        &["page 1 uses object 4 0, which refers to object 5 0, and the file has no object 5 0"],
    ),
    (
        "pdf/looping-page-tree.pdf",
        &["page 1: its page tree loops back to object 8 0"],
    ),
    (
        "pdf/no-media-box.pdf",
        &["page 1 (object 8 0) has no MediaBox"],
    ),
    (
        "pdf/no-pages.pdf",
        &[
            "the file has no pages",
            "page tree (Pages) is missing or empty",
        ],
    ),
    (
        "pdf/unknown-font-encoding.pdf",
        &[
            "the text extractor cannot follow",
            "unexpected encoding \"XinAnsiEncoding\"",
        ],
    ),
    // Codebook import (`theme import`).
    (
        "codebook/codes.txt",
        &["cannot import a codebook from this kind of file"],
    ),
    ("codebook/not-ron.ron", &[":1:1:", "Expected opening `(`"]),
    (
        "codebook/future-format.ron",
        &["format 9", "newer Marginalia"],
    ),
    (
        "codebook/truncated.qdc",
        &["line 4, column 1", "<Code> is not closed"],
    ),
    (
        "codebook/wrong-root.qdc",
        &["line 2, column 1", "the root element is <html>"],
    ),
];
