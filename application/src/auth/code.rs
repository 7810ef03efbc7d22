//! One-time SMS login codes. A code comes from totp-rs with a fresh random secret per challenge;
//! only a hash of the code (keyed by the challenge id) is stored, never the code or the secret.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use totp_rs::Builder;

pub const DIGITS: u8 = 6;

/// A new 6-digit code.
pub fn generate() -> Result<String, String> {
    let secret: [u8; 20] = rand::random();
    let totp = Builder::new()
        .with_digits(DIGITS)
        .with_step_duration(30)
        .with_secret(secret)
        .build()
        .map_err(|e| format!("totp: {e}"))?;
    let now = chrono::Utc::now().timestamp().max(0).unsigned_abs();
    Ok(totp.generate(now).to_string())
}

/// What is stored: SHA-256 over the challenge id and the code, so a code is bound to its challenge.
pub fn hash(challenge_id: &str, code: &str) -> String {
    let mut h = Sha256::new();
    h.update(challenge_id.as_bytes());
    h.update(b":");
    h.update(code.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Constant-time comparison of a typed code with the stored hash.
pub fn matches(challenge_id: &str, code: &str, stored_hash: &str) -> bool {
    hash(challenge_id, code)
        .as_bytes()
        .ct_eq(stored_hash.as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_bound_to_the_challenge() {
        let code = generate().unwrap_or_default();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        let h = hash("lch_a", &code);
        assert!(matches("lch_a", &code, &h));
        assert!(!matches("lch_b", &code, &h));
        assert!(!h.contains(&code));
    }
}
