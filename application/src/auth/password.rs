//! Passwords: argon2id with the OWASP parameters (the crate's defaults), NFKC-normalised first so
//! the same password typed on another keyboard still matches. Never logged.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};

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

thread_local! {
    /// This thread's argon2 memory (19 MiB once a password was verified here).
    static BLOCKS: RefCell<Memory> = const { RefCell::new(Memory(Vec::new())) };
}

/// A thread's argon2 memory; what it holds is counted in [`HELD`] until it is released or the
/// thread ends.
struct Memory(Vec<Block>);

impl Drop for Memory {
    fn drop(&mut self) {
        HELD.fetch_sub(bytes(&self.0), Ordering::Relaxed);
    }
}

/// The argon2 memory all threads hold, in bytes.
static HELD: AtomicUsize = AtomicUsize::new(0);

fn bytes(memory: &[Block]) -> usize {
    std::mem::size_of_val(memory)
}

/// True when `password` matches `stored`. A malformed stored hash never matches.
///
/// Same computation as `argon2`'s `verify_password`, but the 19 MiB of argon2 memory is one buffer
/// per thread, reused while logins keep coming, instead of a fresh allocation per call: the
/// process's memory stays bounded by the number of password threads.
pub fn verify(password: &str, stored: &str) -> bool {
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
        let memory = &mut memory.borrow_mut().0;
        if memory.len() < blocks {
            let before = bytes(memory);
            memory.resize(blocks, Block::default());
            HELD.fetch_add(bytes(memory) - before, Ordering::Relaxed);
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

/// Gives this thread's argon2 memory back. The password threads call it when their queue is empty,
/// so the 19 MiB per thread is held during a burst of logins, not for the life of the process
/// (the allocator keeps freed pages for a second, so logins a moment apart still reuse them).
pub fn release_memory() {
    // Dropping the thread's memory counts it out.
    BLOCKS.with(|memory| *memory.borrow_mut() = Memory(Vec::new()));
}

/// Bytes of argon2 memory the password threads hold now, all together.
pub fn held_bytes() -> usize {
    HELD.load(Ordering::Relaxed)
}

/// A stored hash no password matches, made once at start. Login verifies against it when the
/// email is unknown, so unknown and known emails take the same time: it has the parameters
/// [`hash`] writes, a random salt and a random digest. Random bytes rather than a real hash of an
/// unknown password: the same cost to verify, without hashing at start (an argon2 run, and
/// 19 MiB, on the way to serving; issue 21's cold start).
pub fn dummy_hash() -> String {
    use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
    use base64::Engine;
    let params = Params::default();
    let salt: [u8; 16] = rand::random();
    let digest: [u8; 32] = rand::random();
    format!(
        "${}$v={}$m={},t={},p={}${}${}",
        Algorithm::Argon2id.as_str(),
        Version::default() as u32,
        params.m_cost(),
        params.t_cost(),
        params.p_cost(),
        B64.encode(salt),
        B64.encode(digest)
    )
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
    fn dummy_hash_costs_what_a_real_hash_costs() {
        let d = dummy_hash();
        let real = hash("a real password").unwrap_or_default();
        let (Ok(dummy), Ok(real)) = (PasswordHash::new(&d), PasswordHash::new(&real)) else {
            panic!("{d} or {real} is not a PHC string");
        };
        assert_eq!(dummy.algorithm, real.algorithm);
        assert_eq!(dummy.version, real.version);
        assert_eq!(Params::try_from(&dummy).ok(), Params::try_from(&real).ok());
        let salt = |h: &PasswordHash| h.salt.as_ref().map(|s| s.as_ref().len());
        let digest = |h: &PasswordHash| h.hash.as_ref().map(|d| d.as_ref().len());
        assert_eq!(salt(&dummy), salt(&real));
        assert_eq!(digest(&dummy), digest(&real));
        assert!(!verify("password", &d));
        assert!(!verify("", &d));
    }
}
