//! Bounded reading: every importer reads its files through here, so what
//! is not a regular file (a folder, a device, a pipe) and what is larger
//! than [`MAX_FILE_BYTES`] is refused before it is read.

use std::path::Path;

use super::importer::ImportError;

/// The largest file an importer reads, and the most a REFI-QDA archive may
/// unpack to: 256 MiB. Larger files are refused before they are read, so a
/// hostile or mistaken file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why [`read_limited`] refused a file; the message does not name the
/// file (callers add the path).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("this is a folder, not a file")]
    Folder,
    #[error("this is not a regular file (a device, pipe or socket)")]
    NotAFile,
    #[error("{}", too_large(*size, *limit))]
    TooLarge { size: u64, limit: u64 },
}

/// Reads a file to import: refuses what is not a regular file (a folder,
/// a device such as `/dev/zero`, a pipe that would block) and files larger
/// than `limit` bytes, without reading them.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    // `metadata` follows symbolic links and never blocks, unlike opening
    // a pipe.
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while it is read: never read past the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// [`read_limited`] with [`MAX_FILE_BYTES`], the error naming the file.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    read_limited(path, MAX_FILE_BYTES).map_err(|e| ImportError::whole(path, e.to_string()))
}

/// "the file is too large to import (600 MiB; Marginalia imports files of
/// at most 256 MiB)".
pub fn too_large(size: u64, limit: u64) -> String {
    format!(
        "the file is too large to import ({}; Marginalia imports files of at most {})",
        human_size(size),
        human_size(limit)
    )
}

/// A byte count for people: `300 bytes`, `512 MiB`, `1.5 GiB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_refuses_folders_devices_and_files_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(ReadError::Folder)
        ));
        if Path::new("/dev/zero").exists() {
            assert!(matches!(
                read_limited(Path::new("/dev/zero"), 10),
                Err(ReadError::NotAFile)
            ));
        }
        let file = dir.path().join("f");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read_limited(&file, 5).unwrap(), b"12345");
        let e = read_limited(&file, 4).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the file is too large to import (5 bytes; Marginalia imports files of at most 4 bytes)"
        );
        assert!(matches!(
            read_limited(&dir.path().join("missing"), 4),
            Err(ReadError::Io(_))
        ));
        let e = read_file(&dir.path().join("missing")).unwrap_err();
        assert!(e.message.starts_with("cannot read the file: "), "{e}");
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(300), "300 bytes");
        assert_eq!(human_size(MAX_FILE_BYTES), "256 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(4 << 30), "4 GiB");
    }
}
