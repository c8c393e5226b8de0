//! `marginalia import P.ron FOLDER/` with a folder of every kind of
//! document: the same documents the window's Import Folder… and a drop
//! take (one folder walker), the web page's script dropped, the image
//! skipped and named on standard error; files of the same name from
//! different folders get unique ids.

use super::*;
use marginalia::formats::document_fixture::{SCRIPT, mixed_folder};

#[test]
fn a_folder_import_takes_every_document_kind_and_names_the_skipped_image() {
    let dir = new_study();
    let (_, expected) = mixed_folder(dir.path());
    let out = run(dir.path(), &["import", "p.ron", "statements"]);
    let stdout = assert_ok(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("6 documents added"), "{stdout}");
    assert_eq!(
        stderr.trim(),
        "note: statements: skipped scan.png: not a text document (Marginalia imports \
         .txt, .text, .md, .html, .htm, .docx, .odt and .pdf from a folder)"
    );
    let project = load(dir.path());
    let docs = project.documents();
    assert_eq!(docs.len(), expected.len());
    for (doc, (file, phrase)) in docs.iter().zip(&expected) {
        let source = doc.source.as_ref().unwrap();
        assert!(source.path.ends_with(file), "{} for {file}", source.path);
        assert!(
            doc.text().as_str().contains(phrase),
            "{file}: {:?}",
            doc.text().as_str()
        );
        assert!(!doc.text().as_str().contains(SCRIPT));
    }
}

#[test]
fn files_with_the_same_stem_get_unique_ids() {
    let dir = new_study();
    for sub in ["a", "b"] {
        fs::create_dir(dir.path().join(sub)).unwrap();
        fs::write(dir.path().join(sub).join("x.txt"), format!("text {sub}\n")).unwrap();
    }
    let stdout = assert_ok(&run(dir.path(), &["import", "p.ron", "a/x.txt", "b/x.txt"]));
    assert!(stdout.contains("as \"x\""), "{stdout}");
    assert!(stdout.contains("as \"x-2\""), "{stdout}");
    let project = load(dir.path());
    let ids: Vec<_> = project.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["x", "x-2"]);
    assert_eq!(project.documents()[0].text().as_str(), "text a\n");
    assert_eq!(project.documents()[1].text().as_str(), "text b\n");
    assert_eq!(project.documents()[1].title, "x");
}
