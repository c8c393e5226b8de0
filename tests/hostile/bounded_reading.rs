//! Reading within bounds: zip bombs and archives of too many entries are
//! refused before they are inflated or read; devices, folders and
//! oversized files are not read at all.

use super::*;

/// A `.qdpx` whose `sources/S1.txt` holds `text`, deflated.
fn qdpx_with_source(text: &[u8]) -> Vec<u8> {
    let qde = "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><CodeBook><Codes>\
               <Code guid=\"c\" name=\"Health\" isCodable=\"true\"/></Codes></CodeBook><Sources>\
               <TextSource guid=\"S1\" name=\"doc\" plainTextPath=\"internal://S1.txt\"/>\
               </Sources></Project>";
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(qde.as_bytes()).unwrap();
    zip.start_file("sources/S1.txt", options).unwrap();
    zip.write_all(text).unwrap();
    zip.finish().unwrap().into_inner()
}

/// Rewrites the uncompressed size that the local and central headers of
/// the entry `name` declare.
fn forge_size(archive: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for i in 0..archive.len().saturating_sub(46) {
        let (size_at, name_len_at, name_at) = if archive[i..].starts_with(b"PK\x03\x04") {
            (22, 26, 30)
        } else if archive[i..].starts_with(b"PK\x01\x02") {
            (24, 28, 46)
        } else {
            continue;
        };
        let name_len = u16::from_le_bytes([archive[i + name_len_at], archive[i + name_len_at + 1]]);
        if archive[i + name_at..].starts_with(name.as_bytes()) && name_len as usize == name.len() {
            archive[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {name} patched");
}

/// Peak resident memory of this process, where the system says it.
fn peak_memory() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[test]
fn zip_bombs_are_refused_before_they_are_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let zeros = vec![b'a'; 8 << 20];
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        fs::write(&p, bytes).unwrap();
        p
    };
    let import = Target::Import(Format::RefiQda);

    // An archive that says what it is: 8 MiB of one letter in a few
    // kilobytes is a (dull) text within bounds, and read.
    let honest = write("honest.qdpx", &qdpx_with_source(&zeros));
    read(import, &honest).unwrap();

    // The same entry claiming 4 GiB: refused from its header, unread.
    let mut bomb = qdpx_with_source(&zeros);
    forge_size(&mut bomb, "sources/S1.txt", u32::MAX - 1);
    let bomb = write("bomb.qdpx", &bomb);
    assert_refusal(
        import,
        &bomb,
        &["sources/S1.txt", "zip bomb", "would unpack to 4.0 GiB"],
    );

    // Claiming 300 MiB at a plausible ratio: over what Marginalia unpacks.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let random: Vec<u8> = (0..2 << 20)
        .map(|_| {
            // xorshift: incompressible enough for deflate.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let mut big = qdpx_with_source(&random);
    forge_size(&mut big, "sources/S1.txt", 300 << 20);
    let big = write("big.qdpx", &big);
    assert_refusal(import, &big, &["sources/S1.txt", "more than 256 MiB"]);

    // Claiming 1 KiB but inflating to 8 MiB: refused after 1 KiB.
    let mut liar = qdpx_with_source(&zeros);
    forge_size(&mut liar, "sources/S1.txt", 1024);
    let liar = write("liar.qdpx", &liar);
    assert_refusal(import, &liar, &["sources/S1.txt"]);

    // None of it was inflated whole: far below the 4 GiB claimed.
    if let Some(peak) = peak_memory() {
        assert!(peak < 2 << 30, "peak memory {peak} bytes");
    }

    // The command line says the same and changes nothing.
    let project = fresh_project();
    fs::copy(&bomb, project.path().join("bomb.qdpx")).unwrap();
    assert_refused(
        project.path(),
        &["import", "p.ron", "bomb.qdpx"],
        "zip bomb",
    );
}

#[test]
fn an_archive_of_too_many_entries_is_refused_before_reading_them() {
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..100_001 {
        zip.start_file(format!("{i}"), options).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.qdpx");
    fs::write(&path, zip.finish().unwrap().into_inner()).unwrap();
    assert_refusal(
        Target::Import(Format::RefiQda),
        &path,
        &["100001 entries", "at most 100000"],
    );
}

#[test]
fn devices_folders_and_oversized_files_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    // Every importer of single files reads through
    // `formats::import::read_file`, which refuses these unread.
    for format in [
        Format::Text,
        Format::RefiQda,
        Format::Jsonl,
        Format::LabelStudio,
    ] {
        let target = Target::Import(format);
        if Path::new("/dev/zero").exists() {
            assert_refusal(target, Path::new("/dev/zero"), &["not a regular file"]);
        }
        if format != Format::LabelStudio {
            // (A Label Studio folder is read for its tasks.json.)
            assert_refusal(target, dir.path(), &["folder"]);
        }
    }
    if Path::new("/dev/zero").exists() {
        assert_refusal(
            Target::Load,
            Path::new("/dev/zero"),
            &["not a regular file"],
        );
    }
    assert_refusal(Target::Load, dir.path(), &["folder"]);

    // A file past the limit is refused from its size, unread (sparse).
    let huge = dir.path().join("huge.txt");
    fs::File::create(&huge)
        .unwrap()
        .set_len(formats::import::MAX_FILE_BYTES + 1)
        .unwrap();
    for format in [
        Format::Text,
        Format::RefiQda,
        Format::Jsonl,
        Format::LabelStudio,
    ] {
        assert_refusal(
            Target::Import(format),
            &huge,
            &["too large", "at most 256 MiB"],
        );
    }
}
