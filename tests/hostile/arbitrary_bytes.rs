//! Arbitrary bytes (proptest): the loader and every importer, fed random
//! bytes or mutations of valid files, refuse or import, never panic; what
//! they import saves and loads back.

use super::*;

/// Writes `files` (name, bytes) into a fresh folder and imports `entry`
/// of it as `format` through the whole pipeline; a refusal is fine, a
/// panic fails the property. What imports must save and load back.
fn import_never_panics(format: Format, files: &[(&str, &[u8])], entry: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    let path = dir.path().join(entry);
    let Ok(imported) = formats::read(&path, Some(format)) else {
        return;
    };
    let mut project = Project::new("p", vec![]);
    let Ok((edit, _)) = formats::import::plan(&project, &[(path, imported)], "me") else {
        return;
    };
    if edit.apply(&mut project).is_ok() {
        let ron = store::to_ron_string(&project).unwrap();
        if let Err(e) = store::from_ron_str(&ron) {
            panic!("an imported project does not load back: {e:?}");
        }
    }
}

fn load_never_panics(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    fs::write(&path, bytes).unwrap();
    if let Ok(project) = store::load(&path) {
        let ron = store::to_ron_string(&project).unwrap();
        store::from_ron_str(&ron).unwrap();
    }
}

/// Files that are read together: names and bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Valid files of every import format: the fixture project exported, and
/// a project file, as (format or None for the loader, files, entry).
fn valid_files() -> Vec<(Option<Format>, Files, String)> {
    let project = fixture::project();
    let mut out = vec![(
        None,
        vec![(
            "p.ron".to_owned(),
            store::to_ron_string(&project).unwrap().into_bytes(),
        )],
        "p.ron".to_owned(),
    )];
    for (format, entry) in [
        (Format::Jsonl, "export.jsonl"),
        (Format::Brat, "statement.ann"),
        (Format::LabelStudio, "tasks.json"),
        (Format::RefiQda, "export.qdpx"),
    ] {
        let (files, _) = formats::export_files(
            &project,
            format,
            &ExportOptions::default(),
            Default::default(),
        )
        .unwrap();
        let files = files
            .into_iter()
            .map(|f| (f.path.to_string_lossy().into_owned(), f.bytes))
            .collect();
        out.push((Some(format), files, entry.to_owned()));
    }
    let text = fixture::project().documents()[0]
        .text()
        .as_str()
        .as_bytes()
        .to_vec();
    out.push((
        Some(Format::Text),
        vec![("doc.txt".into(), text)],
        "doc.txt".into(),
    ));
    out
}

/// One change to a file: overwrite, insert or remove bytes, or cut it.
#[derive(Clone, Debug)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1..64usize).prop_map(|(i, n)| Mutation::Remove(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match m {
        Mutation::Set(i, b) if !bytes.is_empty() => {
            let i = i % bytes.len();
            bytes[i] = *b;
        }
        Mutation::Set(..) => {}
        Mutation::Insert(i, b) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, b.iter().copied());
        }
        Mutation::Remove(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Truncate(i) => {
            let i = at(*i, bytes.len());
            bytes.truncate(i);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        load_never_panics(&bytes);
        // And as text, where ron does the parsing rather than UTF-8.
        load_never_panics(String::from_utf8_lossy(&bytes).as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic_an_importer(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        second in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        import_never_panics(Format::Text, &[("a.txt", &bytes)], "a.txt");
        import_never_panics(Format::Jsonl, &[("a.jsonl", &bytes)], "a.jsonl");
        import_never_panics(Format::Brat, &[("a.txt", &second), ("a.ann", &bytes)], "a.ann");
        import_never_panics(
            Format::LabelStudio,
            &[("tasks.json", &bytes), ("label_config.xml", &second)],
            "tasks.json",
        );
        import_never_panics(Format::RefiQda, &[("a.qde", &bytes)], "a.qde");
        import_never_panics(Format::RefiQda, &[("a.qdpx", &bytes)], "a.qdpx");
        import_never_panics(Format::Doccano, &[("a.jsonl", &bytes)], "a.jsonl");
        for document in ["a.html", "a.md", "a.docx", "a.odt", "a.pdf"] {
            import_never_panics(Format::Text, &[(document, &bytes)], document);
        }
    }
}

proptest! {
    // About 40 cases for each of the six kinds of valid file.
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_valid_files_never_panic_the_loader_or_an_importer(
        which in 0..6usize,
        file in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut cases = valid_files();
        let (format, mut files, entry) = cases.swap_remove(which % 6);
        let n = files.len();
        for m in &mutations {
            mutate(&mut files[file % n].1, m);
        }
        match format {
            None => load_never_panics(&files[0].1),
            Some(format) => {
                let files: Vec<(&str, &[u8])> =
                    files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
                import_never_panics(format, &files, &entry);
            }
        }
    }
}
