//! A folder of documents, imported one by one. This is the one folder
//! walker: `marginalia import P.ron FOLDER/`, File → Import Folder… and a
//! folder dropped on the window all come here (through
//! [`super::read`]), so they take the same files and skip the same ones
//! with the same reasons.
//!
//! The policy, in one place:
//! - every file whose extension is in [`EXTENSIONS`] is read (plain text
//!   through [`super::text`], the rest through [`super::documents`]);
//!   any other file is skipped and listed;
//! - hidden files and folders (a name starting with `.`) are passed over
//!   without a word;
//! - sub-folders are walked down to [`MAX_DEPTH`] levels; deeper ones,
//!   links to folders (a link back up would never end) and folders that
//!   cannot be read are skipped and listed;
//! - a file that cannot be read (empty, binary, malformed, a scan without
//!   a text layer) is skipped and listed;
//! - the import is refused only when nothing at all can be imported, and
//!   the refusal lists every reason.

use std::path::{Path, PathBuf};

use super::importer::{ImportError, Imported};

/// The extensions (lower case) of the files a folder import reads.
pub const EXTENSIONS: [&str; 8] = ["txt", "text", "md", "html", "htm", "docx", "odt", "pdf"];

/// How many levels of sub-folders are walked below the folder imported.
pub const MAX_DEPTH: usize = 32;

/// Whether `path` is a folder of documents to import one by one: a folder
/// that is neither a brat collection (`.ann` files) nor a Label Studio
/// export (`tasks.json`).
pub fn is_corpus_folder(path: &Path) -> bool {
    if !path.is_dir() || path.join("tasks.json").is_file() {
        return false;
    }
    !std::fs::read_dir(path).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "ann"))
    })
}

/// What a walk of a folder found: the files to read, in path order, and
/// what it left out, each as "skipped PATH: reason" with PATH relative
/// to the folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<String>,
}

/// The files under `folder` that a folder import reads (see the module
/// notes for what is taken and what is skipped).
pub fn walk(folder: &Path) -> Walk {
    let mut found = Walk::default();
    visit(folder, folder, 0, &mut found);
    found.files.sort();
    found
}

fn visit(folder: &Path, dir: &Path, depth: usize, found: &mut Walk) {
    if depth > MAX_DEPTH {
        found.skipped.push(format!(
            "skipped {}: folders nested more than {MAX_DEPTH} deep are not read",
            shown(folder, dir)
        ));
        return;
    }
    let unreadable = |e: std::io::Error| {
        format!(
            "skipped {}: cannot read the folder ({e})",
            shown(folder, dir)
        )
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return found.skipped.push(unreadable(e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                found.skipped.push(unreadable(e));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if path.is_dir() && is_link {
            found.skipped.push(format!(
                "skipped {}: a link to a folder",
                shown(folder, &path)
            ));
        } else if path.is_dir() {
            visit(folder, &path, depth + 1, found);
        } else if takes(&path) {
            found.files.push(path);
        } else {
            found.skipped.push(format!(
                "skipped {}: not a text document (Marginalia imports {} from a folder)",
                shown(folder, &path),
                extension_list()
            ));
        }
    }
}

/// Whether a folder import reads the file `path`, by its extension.
pub fn takes(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| EXTENSIONS.contains(&e.as_str()))
}

/// ".txt, .text, … and .pdf", for messages.
fn extension_list() -> String {
    let dotted: Vec<String> = EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    match dotted.split_last() {
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Every document under `folder` (see the module notes). Refused only
/// when nothing at all can be imported; what was skipped is listed in the
/// warnings.
pub fn import_folder(folder: &Path) -> Result<Imported, ImportError> {
    let Walk { files, mut skipped } = walk(folder);
    let mut imported = Imported::default();
    for path in files {
        let read = if super::documents::reads(&path) {
            super::documents::import(&path)
        } else {
            super::text::import(&path)
        };
        match read {
            Ok(one) => imported.documents.extend(one.documents),
            Err(e) => skipped.push(format!("skipped {}: {}", shown(folder, &path), e.message)),
        }
    }
    if imported.documents.is_empty() {
        let why = if skipped.is_empty() {
            "the folder holds no documents".to_owned()
        } else {
            format!("no document could be imported ({})", skipped.join("; "))
        };
        return Err(ImportError::whole(folder, why));
    }
    imported.warnings = skipped;
    Ok(imported)
}

/// `path` relative to `folder`, for messages (the folder itself by its
/// own name).
fn shown(folder: &Path, path: &Path) -> String {
    match path.strip_prefix(folder) {
        Ok(rel) if rel.as_os_str().is_empty() => folder.display().to_string(),
        Ok(rel) => rel.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::documents::PdfError;
    use super::super::pdf_fixture;
    use super::*;

    #[test]
    fn a_folder_imports_its_documents_recursively_and_lists_what_it_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("2020/sub")).unwrap();
        std::fs::write(root.join("a.txt"), "First\r\ntext").unwrap();
        std::fs::write(
            root.join("2020/page.html"),
            "<title>T</title><script>x()</script><p>Page</p>",
        )
        .unwrap();
        std::fs::write(root.join("2020/sub/notes.md"), "# Notes\n\nSome *text*.").unwrap();
        std::fs::write(root.join("2020/photo.jpg"), [0xff, 0xd8, 0, 1]).unwrap();
        std::fs::write(root.join("empty.txt"), "").unwrap();
        std::fs::write(root.join(".hidden.txt"), "secret").unwrap();
        std::fs::write(root.join("scan.pdf"), pdf_fixture::pdf_without_text()).unwrap();
        std::fs::write(
            root.join("2020/report.pdf"),
            pdf_fixture::pdf(&[&["Report 😀"]]),
        )
        .unwrap();
        assert!(is_corpus_folder(root));
        let got = import_folder(root).unwrap();
        let ids: Vec<_> = got.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["page", "report", "notes", "a"]);
        assert_eq!(got.documents[1].text, "Report 😀");
        // CRLF is normalised as for any text import.
        assert_eq!(got.documents[3].text, "First\ntext");
        assert_eq!(
            got.warnings[0],
            "skipped 2020/photo.jpg: not a text document (Marginalia imports \
             .txt, .text, .md, .html, .htm, .docx, .odt and .pdf from a folder)"
        );
        assert_eq!(got.warnings[1], "skipped empty.txt: the file is empty");
        assert_eq!(
            got.warnings[2],
            format!("skipped scan.pdf: {}", PdfError::NoTextLayer)
        );
        assert_eq!(got.warnings.len(), 3);
        std::fs::write(root.join("x.ann"), "").unwrap();
        assert!(!is_corpus_folder(root), "a brat folder stays brat");
    }

    #[test]
    fn every_kind_of_document_is_read_and_the_image_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let (folder, expected) = super::super::document_fixture::mixed_folder(dir.path());
        let got = import_folder(&folder).unwrap();
        assert_eq!(got.documents.len(), expected.len());
        for (doc, (file, phrase)) in got.documents.iter().zip(&expected) {
            let source = doc.source.as_ref().unwrap();
            assert!(source.path.ends_with(file), "{} for {file}", source.path);
            assert!(doc.text.contains(phrase), "{file}: {:?}", doc.text);
            assert!(!doc.text.contains(super::super::document_fixture::SCRIPT));
        }
        assert_eq!(got.warnings.len(), 1, "{:?}", got.warnings);
        assert!(got.warnings[0].starts_with("skipped scan.png: not a text document"));
    }

    #[test]
    fn too_deep_folders_and_links_to_folders_are_skipped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        let mut deep = root.clone();
        for level in 0..=MAX_DEPTH {
            deep.push(format!("d{level}"));
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("lost.txt"), "too deep").unwrap();
        std::fs::write(deep.parent().unwrap().join("kept.txt"), "deep enough").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
        let found = walk(&root);
        let names: Vec<_> = found.files.iter().map(|f| f.file_name().unwrap()).collect();
        assert_eq!(names, ["kept.txt"]);
        let deep_shown = deep.strip_prefix(&root).unwrap().display().to_string();
        assert!(found.skipped.contains(&format!(
            "skipped {deep_shown}: folders nested more than {MAX_DEPTH} deep are not read"
        )));
        #[cfg(unix)]
        assert!(
            found
                .skipped
                .contains(&"skipped loop: a link to a folder".to_owned())
        );
    }

    /// A folder that cannot be read (here: gone by the time it is read;
    /// a folder without read permission goes the same way) is named with
    /// the reason, and with nothing else to import the import is refused.
    #[test]
    fn a_folder_that_cannot_be_read_is_named_and_nothing_else_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let found = walk(&gone);
        assert!(found.files.is_empty());
        assert_eq!(found.skipped.len(), 1);
        let expected = format!("skipped {}: cannot read the folder (", gone.display());
        assert!(
            found.skipped[0].starts_with(&expected),
            "{:?}",
            found.skipped
        );
        let err = import_folder(&gone).unwrap_err();
        assert_eq!(err.file, gone);
        assert!(
            err.message
                .starts_with(&format!("no document could be imported ({expected}")),
            "{err}"
        );
    }

    #[test]
    fn the_folder_list_holds_every_document_kind() {
        for ext in super::super::documents::EXTENSIONS {
            assert!(EXTENSIONS.contains(&ext), "{ext} is missing");
        }
        assert!(takes(Path::new("a/B.TXT")));
        assert!(!takes(Path::new("scan.png")));
    }
}
