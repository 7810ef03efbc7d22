//! Passwords: argon2id with the OWASP parameters (the crate's defaults), NFKC-normalised first so
//! the same password typed on another keyboard still matches. Never logged.

use std::cell::RefCell;

use argon2::{Algorithm, Argon2, Block, Params, PasswordHash, PasswordHasher, Version};
use subtle::ConstantTimeEq;
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
///
/// Same computation as `argon2`'s `verify_password`, but the 19 MiB of argon2 memory is one buffer
/// per thread, reused, instead of a fresh allocation per call: the process's memory stays bounded
/// by the number of password threads.
pub fn verify(password: &str, stored: &str) -> bool {
    thread_local! {
        static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
    }
    let Ok(hash) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        Params::try_from(&hash),
        Algorithm::try_from(hash.algorithm.as_str()),
    ) else {
        return false;
    };
    let Ok(version) = hash
        .version
        .map_or(Ok(Version::default()), Version::try_from)
    else {
        return false;
    };
    let blocks = params.block_count();
    let argon2 = Argon2::new(algorithm, version, params);
    let expected: &[u8] = expected.as_ref();
    let mut out = vec![0u8; expected.len()];
    let computed = BLOCKS.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        argon2
            .hash_password_into_with_memory(
                normalise(password).as_bytes(),
                salt.as_ref(),
                &mut out,
                &mut memory[..blocks],
            )
            .is_ok()
    });
    computed && bool::from(out.as_slice().ct_eq(expected))
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
        assert!(!verify(
            "correct horse battery staple",
            "$argon2id$v=19$m=19456,t=2,p=1$bm90IGEgaGFzaA"
        ));
        assert!(!verify("x", "not a hash"));
        // The library's own verifier agrees.
        use argon2::PasswordVerifier;
        assert!(Argon2::default()
            .verify_password(b"correct horse battery staple", h.as_str())
            .is_ok());
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
