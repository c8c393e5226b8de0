//! The hostile corpus under `tests/hostile/corpus/`: every file there is
//! listed in `support::hostile_corpus` and every listed case exists; each
//! one is refused, naming the file and the problem, both as a library call
//! and through the command line, which writes nothing.

use super::*;

/// What reads the corpus entry `name`, and the path to give it.
fn target_of(name: &str) -> (Target, PathBuf) {
    let path = corpus_dir().join(name);
    let folder = name.split('/').next().unwrap();
    match folder {
        "load" => (Target::Load, path),
        "codebook" => (Target::Codebook, path),
        "html" | "markdown" | "docx" | "odt" | "pdf" => (Target::Import(Format::Text), path),
        "brat" => (Target::Import(Format::Brat), path.join("doc.ann")),
        other => {
            let format = Format::from_name(other).expect("a format folder");
            (Target::Import(format), path)
        }
    }
}

#[test]
fn every_corpus_case_is_listed_and_every_listed_case_exists() {
    let mut on_disk = BTreeSet::new();
    for folder in fs::read_dir(corpus_dir()).unwrap() {
        let folder = folder.unwrap().path();
        for entry in fs::read_dir(&folder).unwrap() {
            let entry = entry.unwrap().path();
            on_disk.insert(format!(
                "{}/{}",
                folder.file_name().unwrap().to_string_lossy(),
                entry.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    let listed: BTreeSet<String> = CORPUS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(listed.len(), CORPUS.len(), "a case is listed twice");
    assert_eq!(on_disk, listed);
}

#[test]
fn every_corpus_case_is_refused_naming_the_file_and_the_problem() {
    for (name, expected) in CORPUS {
        let (target, path) = target_of(name);
        assert_refusal_naming(target, &path, &corpus_dir().join(name), expected);
    }
}

/// Copies a corpus entry (file or folder) into `dir`.
fn copy_into(from: &Path, dir: &Path) -> PathBuf {
    let to = dir.join(from.file_name().unwrap());
    if from.is_dir() {
        fs::create_dir(&to).unwrap();
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap().path();
            fs::copy(&e, to.join(e.file_name().unwrap())).unwrap();
        }
    } else {
        fs::copy(from, &to).unwrap();
    }
    to
}

#[test]
fn the_command_line_refuses_every_case_and_writes_nothing() {
    for (name, expected) in CORPUS {
        let (target, _) = target_of(name);
        let dir = fresh_project();
        let entry = copy_into(&corpus_dir().join(name), dir.path());
        let start = Instant::now();
        let stderr = match target {
            // The broken file is the project: importing into it must not
            // create a backup, recovery or temporary file.
            Target::Load => {
                fs::copy(&entry, dir.path().join("p.ron")).unwrap();
                fs::remove_file(&entry).unwrap();
                let stderr =
                    assert_refused(dir.path(), &["import", "p.ron", "doc.txt"], expected[0]);
                assert_refused(dir.path(), &["validate", "p.ron"], expected[0]);
                assert_refused(
                    dir.path(),
                    &[
                        "tag", "p.ron", "--doc", "doc", "--start", "0", "--end", "5", "--theme",
                        "health",
                    ],
                    expected[0],
                );
                stderr
            }
            Target::Import(format) => {
                let file = if matches!(format, Format::Brat) {
                    entry.join("doc.ann")
                } else {
                    entry
                };
                let file = file
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_owned();
                assert_refused(
                    dir.path(),
                    &["import", "p.ron", &file, "--format", format.name()],
                    expected[0],
                )
            }
            Target::Codebook => {
                let file = entry.file_name().unwrap().to_str().unwrap();
                assert_refused(dir.path(), &["theme", "import", "p.ron", file], expected[0])
            }
        };
        assert!(
            start.elapsed() < BOUND * 3,
            "{name} took {:?}",
            start.elapsed()
        );
        let entry_name = match target {
            Target::Load => "p.ron".into(),
            Target::Import(_) | Target::Codebook => {
                Path::new(name).file_name().unwrap().to_string_lossy()
            }
        };
        assert!(stderr.contains(&*entry_name), "{name}: {stderr}");
        for e in *expected {
            assert!(stderr.contains(e), "{name}: expected {e:?} in:\n{stderr}");
        }
    }
}
