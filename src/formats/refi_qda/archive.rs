//! A `.qdpx` zip archive, read within bounds: zip bombs, archives of too
//! many entries and entries larger than their headers say are refused.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use crate::formats::bounded_read::MAX_FILE_BYTES;

/// The most entries a `.qdpx` archive may have (one per source, plus the
/// project): more is refused before anything is unpacked.
const MAX_ENTRIES: usize = 100_000;
/// An entry larger than this that claims to have been compressed more than
/// [`MAX_RATIO`] times is refused unread, as a zip bomb: text compresses
/// about 3 to 10 times with deflate.
const BOMB_SIZE: u64 = 16 * 1024 * 1024;
const MAX_RATIO: u64 = 200;

/// A `.qdpx` archive being read, with what it may still unpack: every
/// entry counts against [`MAX_FILE_BYTES`] in total, its size checked
/// before it is read and its bytes counted as they are inflated (a header
/// may lie).
pub(super) struct Archive {
    pub(super) zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// Entry names by their lower-case form, to find them in constant time.
    names: HashMap<String, String>,
    /// Bytes that reading further entries may still produce.
    budget: u64,
}

impl Archive {
    pub(super) fn new(zip: zip::ZipArchive<Cursor<Vec<u8>>>) -> Result<Self, String> {
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "the archive has {} entries; a REFI-QDA project has one per source, \
                 and Marginalia reads at most {MAX_ENTRIES}",
                zip.len()
            ));
        }
        let mut names = HashMap::new();
        for n in zip.file_names() {
            names
                .entry(n.to_lowercase())
                .or_insert_with(|| n.to_owned());
        }
        Ok(Archive {
            zip,
            names,
            budget: MAX_FILE_BYTES,
        })
    }

    /// The entry named `name`, ignoring case.
    pub(super) fn find(&self, name: &str) -> Option<&str> {
        self.names.get(&name.to_lowercase()).map(String::as_str)
    }

    /// The bytes of the entry `name`, within the budget.
    pub(super) fn read(&mut self, name: &str) -> Result<Vec<u8>, String> {
        use crate::formats::bounded_read::human_size;
        let mut entry = self
            .zip
            .by_name(name)
            .map_err(|e| format!("cannot open it in the archive: {e}"))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > BOMB_SIZE && size / packed.max(1) > MAX_RATIO {
            return Err(format!(
                "refused as a zip bomb: {} would unpack to {}",
                human_size(packed),
                human_size(size)
            ));
        }
        let over = |size: u64| {
            format!(
                "the archive unpacks to more than {}, more than Marginalia imports \
                 (this entry alone is {})",
                human_size(MAX_FILE_BYTES),
                human_size(size)
            )
        };
        if size > self.budget {
            return Err(over(size));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Inflate at most one byte more than the header says: an entry
        // that is larger than its header claims is refused.
        (&mut entry)
            .take(size.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read it from the archive: {e}"))?;
        let read = bytes.len() as u64;
        if read > size {
            return Err(format!(
                "the entry is larger than the archive says ({}); the archive is damaged or forged",
                human_size(size)
            ));
        }
        self.budget -= read;
        Ok(bytes)
    }
}
