//! HMAC-SHA256 as lowercase hex: webhook signatures and BankID's animated QR codes.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The hex HMAC-SHA256 of the concatenated `parts` under `key`.
pub fn hex_sha256(key: &[u8], parts: &[&[u8]]) -> String {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    for part in parts {
        mac.update(part);
    }
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_rfc_4231() {
        // Test case 2: key "Jefe", data "what do ya want for nothing?" (given in two parts).
        assert_eq!(
            super::hex_sha256(b"Jefe", &[b"what do ya ", b"want for nothing?"]),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
