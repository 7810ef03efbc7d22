//! Passwords: argon2id with the OWASP parameters (the crate's defaults), NFKC-normalised first so
//! the same password typed on another keyboard still matches. Never logged.

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use unicode_normalization::UnicodeNormalization;

fn normalise(password: &str) -> String {
    password.nfkc().collect()
}

pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(normalise(password).as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| format!("argon2 hash: {e}"))
}

/// True when `password` matches `stored`. A malformed stored hash never matches.
pub fn verify(password: &str, stored: &str) -> bool {
    Argon2::default()
        .verify_password(normalise(password).as_bytes(), stored)
        .is_ok()
}

/// A hash of a random password nobody knows, made once at start. Login verifies against it when
/// the email is unknown, so unknown and known emails take the same time.
pub fn dummy_hash() -> Result<String, String> {
    hash(&crate::ids::new_secret("dummy"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_verifies() {
        let h = hash("correct horse battery staple").unwrap_or_default();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery staple", &h));
        assert!(!verify("correct horse battery stapl", &h));
        assert_ne!(
            h,
            hash("correct horse battery staple").unwrap_or_default(),
            "salted"
        );
    }

    #[test]
    fn nfc_and_nfd_forms_match() {
        let h = hash("Åsa-lösenord-2026").unwrap_or_default();
        assert!(verify("A\u{30a}sa-lo\u{308}senord-2026", &h));
    }

    #[test]
    fn dummy_hash_is_a_real_hash() {
        let d = dummy_hash().unwrap_or_default();
        assert!(d.starts_with("$argon2id$"));
        assert!(!verify("password", &d));
    }
}
