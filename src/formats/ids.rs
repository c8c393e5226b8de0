//! Stable ids for what the exporters write (REFI-QDA GUIDs, W3C
//! annotation ids, Label Studio region ids): the same project exports the
//! same ids every time, so exports diff cleanly and tools that match by id
//! recognise what they have seen before.

use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A name-based UUID for `parts` under `namespace`: the first 16 bytes of
/// the SHA-256 of the namespace and each part, each preceded by its length
/// in bytes (eight bytes, little-endian), as an RFC 9562 version 8 UUID.
/// The lengths keep `["ab", "c"]` and `["a", "bc"]` apart.
pub fn stable_id(namespace: &str, parts: &[&str]) -> Uuid {
    let mut hash = Sha256::new();
    for part in std::iter::once(namespace).chain(parts.iter().copied()) {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part.as_bytes());
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_parts_give_the_same_id_and_other_parts_another() {
        let a = stable_id("marginalia", &["project", "code", "Köln 😀"]);
        assert_eq!(a, stable_id("marginalia", &["project", "code", "Köln 😀"]));
        assert_ne!(a, stable_id("marginalia", &["project", "code", "Köln"]));
        assert_ne!(a, stable_id("other", &["project", "code", "Köln 😀"]));
        // Where one part ends and the next starts counts.
        assert_ne!(stable_id("n", &["ab", "c"]), stable_id("n", &["a", "bc"]));
        assert_ne!(stable_id("n", &["a\0"]), stable_id("n", &["a", ""]));
    }

    #[test]
    fn ids_are_version_8_uuids_over_the_sha256_of_the_length_prefixed_parts() {
        let id = stable_id("ns", &["é"]);
        assert_eq!(id.get_version_num(), 8);
        assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
        // The same bytes worked out by hand: 2, "ns", 2, "é" (two bytes).
        let mut input = Vec::new();
        input.extend(2u64.to_le_bytes());
        input.extend(b"ns");
        input.extend(2u64.to_le_bytes());
        input.extend("é".as_bytes());
        let digest = Sha256::digest(&input);
        let mut expected: [u8; 16] = digest[..16].try_into().unwrap();
        expected[6] = (expected[6] & 0x0f) | 0x80;
        expected[8] = (expected[8] & 0x3f) | 0x80;
        assert_eq!(id.as_bytes(), &expected);
        let text = id.hyphenated().to_string();
        assert_eq!(text.len(), 36);
        assert_eq!(&text[14..15], "8");
    }
}
