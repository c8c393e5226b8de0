//! Safe export paths: document ids and titles never name a path outside
//! the export folder, and the file stems of an export are unique per
//! document.

use super::*;

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    out.sort();
    out
}

/// Ids and titles that try to escape, clash or confuse.
const TRICKY: &[&str] = &[
    "../../x",
    "/etc/passwd",
    "a/b",
    "a_b",
    "A_B",
    "CON",
    "nul.txt",
    "x\\y",
    "C:\\Windows\\x",
    " ",
    ".",
    "..",
    "...",
    "tab\there",
    "TypeSystem",
    "annotation",
];

#[test]
fn document_ids_and_titles_never_name_a_path_outside_the_export_folder() {
    let mut project = Project::with_default_codebook("p");
    let long = "ü".repeat(300);
    let ids: Vec<&str> = TRICKY.iter().copied().chain([long.as_str()]).collect();
    for (i, id) in ids.iter().enumerate() {
        let doc = Document::new(*id, format!("../../{id}"), format!("text {i} of {id:?}\n"));
        Edit::AddDocument {
            index: usize::MAX,
            document: Box::new(doc),
        }
        .apply(&mut project)
        .unwrap();
        Edit::AddSpan {
            doc: id.to_string(),
            span: Span::new(0, 4, "health", "ana"),
        }
        .apply(&mut project)
        .unwrap();
    }
    let root = tempfile::tempdir().unwrap();
    for format in Format::ALL.into_iter().filter(|f| f.exports()) {
        let options = ExportOptions::default();
        let (files, _) =
            formats::export_files(&project, format, &options, Default::default()).unwrap();
        // Every path an exporter names is plain and relative.
        let mut names = BTreeSet::new();
        for f in &files {
            formats::export::check_relative(&f.path).unwrap_or_else(|e| panic!("{format}: {e}"));
            assert!(
                names.insert(f.path.to_string_lossy().to_lowercase()),
                "{format}: two files named {} (ignoring case)",
                f.path.display()
            );
        }
        // Written, they are all inside the output folder, none lost.
        let sandbox = root.path().join(format.name());
        let out = sandbox.join("deep/out");
        fs::create_dir_all(&out).unwrap();
        let target = if format.writes_folder() {
            out.clone()
        } else {
            out.join("export")
        };
        formats::export(&project, format, &target, &options).unwrap();
        let written = files_under(&sandbox);
        assert!(
            written.iter().all(|p| p.starts_with("deep/out")),
            "{format} wrote outside the folder: {written:?}"
        );
        if format.writes_folder() {
            assert_eq!(written.len(), files.len(), "{format}: {written:?}");
        }
        // No document's file overwrote another's: each text is there.
        if format == Format::Brat {
            let texts: BTreeMap<String, ()> = written
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .map(|p| (fs::read_to_string(sandbox.join(p)).unwrap(), ()))
                .collect();
            for d in project.documents() {
                assert!(texts.contains_key(d.text().as_str()), "{:?} lost", d.id);
            }
        }
    }
}

#[test]
fn file_stems_are_unique_per_document() {
    let mut project = Project::with_default_codebook("p");
    for id in TRICKY {
        Edit::AddDocument {
            index: usize::MAX,
            document: Box::new(Document::new(*id, *id, "text")),
        }
        .apply(&mut project)
        .unwrap();
    }
    let options = ExportOptions::default();
    let job = formats::ExportJob::new(&project, &options, Default::default()).unwrap();
    let stems = job.file_stems();
    assert_eq!(stems.len(), TRICKY.len());
    let lower: BTreeSet<String> = stems.iter().map(|s| s.to_lowercase()).collect();
    assert_eq!(lower.len(), stems.len(), "{stems:?}");
    for s in &stems {
        assert!(!s.contains(['/', '\\', ':', '\t']), "{s:?}");
        assert!(!matches!(s.as_str(), "" | "." | ".."), "{s:?}");
    }
    assert_eq!(
        &stems[..6],
        [".._.._x", "_etc_passwd", "a_b", "a_b-2", "A_B-3", "_CON"]
    );
}
