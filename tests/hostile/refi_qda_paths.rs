//! REFI-QDA source paths: a `.qdpx` import reads no file outside the
//! folder of the `.qdpx`, whatever path its sources name.

use super::*;

/// A `.qdpx` whose one `TextSource`, "Doc", names its text `path`, with a
/// span over its first character.
fn qdpx_naming(path: &str) -> Vec<u8> {
    let qde = format!(
        "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes>\
         <Code guid=\"c\" name=\"Health\" isCodable=\"true\"/></Codes></CodeBook><Sources>\
         <TextSource guid=\"S1\" name=\"Doc\" plainTextPath=\"{path}\">\
         <PlainTextSelection guid=\"P\" startPosition=\"0\" endPosition=\"1\">\
         <Coding guid=\"K\"><CodeRef targetGUID=\"c\"/></Coding></PlainTextSelection>\
         </TextSource></Sources></Project>"
    );
    let options = zip::write::SimpleFileOptions::default();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_refi_qda_import_reads_no_file_outside_the_folder_of_the_qdpx() {
    // study/ holds the project, the .qdpx files and the texts they may
    // name; secret/ beside it must stay out of reach.
    let top = tempfile::tempdir().unwrap();
    let secret_dir = top.path().join("secret");
    fs::create_dir(&secret_dir).unwrap();
    let secret = secret_dir.join("id_rsa");
    fs::write(&secret, "PRIVATE KEY").unwrap();
    let study = top.path().join("study");
    fs::create_dir(&study).unwrap();
    assert_ok(&run(&study, &["new", "p.ron", "--name", "Study"]));
    fs::create_dir(study.join("texts")).unwrap();
    fs::write(study.join("texts/intro.txt"), "Ünïcode 😀 text\n").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, study.join("texts/link.txt")).unwrap();

    let secret_abs = secret.display().to_string();
    let mut refused = vec![
        (
            "relative://../secret/id_rsa".to_owned(),
            "is outside the folder",
        ),
        (
            "relative://texts/../../secret/id_rsa".to_owned(),
            "is outside the folder",
        ),
        (format!("absolute://{secret_abs}"), "is outside the folder"),
        (format!("file://{secret_abs}"), "is named with file://"),
        (secret_abs.clone(), "is a bare path"),
        (
            "http://example.org/a.txt".to_owned(),
            "is named with http://",
        ),
        (
            "absolute://texts/intro.txt".to_owned(),
            "is not an absolute path",
        ),
    ];
    if cfg!(unix) {
        // A link inside the folder that leads out of it.
        refused.push(("relative://texts/link.txt".to_owned(), "it leads to"));
    }
    for (i, (path, why)) in refused.iter().enumerate() {
        let name = format!("bad{i}.qdpx");
        let file = study.join(&name);
        fs::write(&file, qdpx_naming(path)).unwrap();
        let message = assert_refusal(
            Target::Import(Format::RefiQda),
            &file,
            &[
                "project.qde line 1",
                "TextSource \"Doc\"",
                path,
                why,
                "put the file beside the .qdpx, or embed it with internal://",
            ],
        );
        assert!(!message.contains("PRIVATE KEY"), "{message}");
        // Through the command line: refused, the folder byte-identical.
        let stderr = assert_refused(&study, &["import", "p.ron", &name], why);
        assert!(stderr.contains(path.as_str()), "{stderr}");
    }

    // Inside the folder, relative:// and absolute:// are read; the
    // document and its span arrive.
    let inside = study.join("texts/intro.txt").canonicalize().unwrap();
    let accepted = [
        "relative://texts/intro.txt".to_owned(),
        format!("absolute://{}", inside.display()),
    ];
    for (i, path) in accepted.iter().enumerate() {
        let name = format!("good{i}.qdpx");
        fs::write(study.join(&name), qdpx_naming(path)).unwrap();
        let project = study.join(format!("good{i}.ron"));
        fs::copy(study.join("p.ron"), &project).unwrap();
        assert_ok(&run(
            &study,
            &[
                "import",
                project.file_name().unwrap().to_str().unwrap(),
                &name,
            ],
        ));
        let p = store::load(&project).unwrap();
        let doc = &p.documents()[0];
        assert_eq!(doc.text().as_str(), "Ünïcode 😀 text\n", "{path}");
        let span = &doc.spans().spans()[0];
        assert_eq!(doc.span_text(span).unwrap(), "Ü", "{path}");
    }
}
