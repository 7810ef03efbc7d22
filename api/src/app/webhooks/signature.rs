//! Signatures of webhook deliveries, Stripe's way: HMAC-SHA256 with the endpoint's secret over
//! `"{timestamp}.{body}"`, sent as `ID06-Signature: t={timestamp},v1={hex}`. While a rotated
//! secret is in its grace period, a second `v1=` carries the signature with the old secret, so
//! receivers can switch secrets without losing events.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header receivers check.
pub const HEADER: &str = "ID06-Signature";

/// A new signing secret: `whsec_` and 256 random bits.
pub fn new_secret() -> String {
    crate::app::ids::new_secret("whsec")
}

/// The hex HMAC-SHA256 of `"{t}.{body}"` under `secret`.
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The header's value: the timestamp and one signature per secret that signs now.
pub fn header(secrets: &[&str], t: i64, body: &str) -> String {
    let mut value = format!("t={t}");
    for s in secrets {
        value.push_str(",v1=");
        value.push_str(&sign(s, t, body));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_known_hmac_and_names_both_secrets_in_a_rollover() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap_or_else(|e| panic!("{e}"));
        mac.update(b"what do ya want for nothing?");
        let want: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            want,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(sign("Jefe", 12, "3"), {
            let mut m = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap_or_else(|e| panic!("{e}"));
            m.update(b"12.3");
            m.finalize()
                .into_bytes()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        });
        let h = header(&["a", "b"], 1700000000, "{}");
        assert!(h.starts_with("t=1700000000,v1="));
        assert_eq!(h.matches("v1=").count(), 2);
        assert!(new_secret().starts_with("whsec_") && new_secret() != new_secret());
    }
}
