//! Tests: web pages, word-processor files and Markdown read as documents.

use super::*;

/// A page like the one the joint statement came from: a banner, a
/// menu, scripts and styles around the statement's paragraphs.
const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Joint statement
 — The Ministry of Foreign Affairs</title>
<style>p { color: red } </style><script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">UNITED24 - Make a charitable donation</a></header>
<nav><ul><li>Weapons of Mass Destruction (WMD)</li><li>Menu</li></ul></nav>
<main><h1>Joint statement by the foreign ministers</h1>
<p>11 September 2020<br>16:39</p>
<p>The Russian Federation and the People&#39;s Republic of China,
   in the spirit of   relations&nbsp;of partnership 😀,</p>
<div><p>1.&nbsp;The modern world is undergoing <b>a stage</b> of <i>deep</i> transformation.</p></div>
<noscript>Enable JavaScript</noscript>
</main>
<footer>© 2020 mid.ru · Contacts</footer>
<script>document.write("tracking")</script>
</body></html>"#;

#[test]
fn a_web_page_gives_clean_paragraphs_without_menus_or_scripts() {
    let (text, title) = html_to_text(PAGE);
    assert_eq!(
        text,
        "Joint statement by the foreign ministers\n\n\
         11 September 2020\n16:39\n\n\
         The Russian Federation and the People's Republic of China, in the spirit of relations\u{a0}of partnership 😀,\n\n\
         1.\u{a0}The modern world is undergoing a stage of deep transformation."
    );
    assert_eq!(
        title.as_deref(),
        Some("Joint statement — The Ministry of Foreign Affairs")
    );
}

#[test]
fn word_and_writer_files_give_their_paragraphs() {
    use crate::formats::document_fixture::zipped;
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("statement.docx");
    std::fs::write(
        &docx,
        zipped(
            "word/document.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="x"><w:body>
<w:p><w:r><w:t>Health</w:t></w:r><w:r><w:t xml:space="preserve"> &amp; security😀</w:t></w:r><w:r><w:tab/><w:t>end</w:t></w:r></w:p>
<w:p><w:r><w:delText>removed</w:delText><w:t>Second</w:t><w:br/><w:t>line</w:t></w:r></w:p>
<w:p/></w:body></w:document>"#,
        ),
    )
    .unwrap();
    let got = import(&docx).unwrap();
    assert_eq!(
        got.documents[0].text,
        "Health & security😀\tend\n\nSecond\nline"
    );
    assert_eq!(got.documents[0].id, "statement");
    let odt = dir.path().join("notes.odt");
    std::fs::write(
        &odt,
        zipped(
            "content.xml",
            r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h>Title</text:h><text:p>One<text:s text:c="3"/>two <text:span>nested</text:span> three<text:note><text:p>footnote</text:p></text:note></text:p>
<text:p>Zweite\u{a0}Zeile</text:p></office:text></office:body></office:document-content>"#,
        ),
    )
    .unwrap();
    assert_eq!(
        import(&odt).unwrap().documents[0].text,
        "Title\n\nOne   two nested three\n\nZweite\\u{a0}Zeile"
    );
    std::fs::write(dir.path().join("broken.docx"), b"PK not really").unwrap();
    let err = import(&dir.path().join("broken.docx")).unwrap_err();
    assert!(err.message.starts_with("not a valid document"), "{err}");
}

#[test]
fn every_kind_of_document_records_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.HTM");
    std::fs::write(&html, PAGE).unwrap();
    let md = dir.path().join("notes.md");
    std::fs::write(&md, "# Notes").unwrap();
    for (file, kind) in [(html, SourceKind::Html), (md, SourceKind::Markdown)] {
        let got = import(&file).unwrap();
        assert_eq!(got.documents[0].source.as_ref().unwrap().kind, Some(kind));
    }
}
