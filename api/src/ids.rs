//! Opaque, prefixed ids (`ord_…`), so a stray id is recognisable; and random secrets.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// `prefix_` and 24 hex characters (96 random bits).
pub fn new_id(prefix: &str) -> String {
    let bytes: [u8; 12] = rand::random();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{prefix}_{hex}")
}

/// A 256-bit random secret, base64url, with a prefix naming its kind.
pub fn new_secret(prefix: &str) -> String {
    let bytes: [u8; 32] = rand::random();
    format!("{prefix}_{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// How secrets are stored: SHA-256, hex (they are random and long, so no slow hash is needed).
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Does `id` look like one of ours with this prefix? Cheap rejection before a query.
pub fn is_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .is_some_and(|hex| {
            hex.len() == 24
                && hex
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_distinct() {
        let a = new_id("ord");
        assert!(is_id(&a, "ord"), "{a}");
        assert!(!is_id(&a, "acc"));
        assert_ne!(a, new_id("ord"));
        assert!(!is_id("ord_../../etc", "ord"));
        assert_eq!(hash_secret("x").len(), 64);
        assert!(new_secret("rt").starts_with("rt_"));
    }
}
