//! Signatures of webhook deliveries, Stripe's way: HMAC-SHA256 with the endpoint's secret over
//! `"{timestamp}.{body}"`, sent as `ID06-Signature: t={timestamp},v1={hex}`. While a rotated
//! secret is in its grace period, a second `v1=` carries the signature with the old secret, so
//! receivers can switch secrets without losing events.

/// The header receivers check.
pub const HEADER: &str = "ID06-Signature";

/// A new signing secret: `whsec_` and 256 random bits.
pub fn new_secret() -> String {
    crate::ids::new_secret("whsec")
}

/// The hex HMAC-SHA256 of `"{t}.{body}"` under `secret`.
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    crate::hmac::hex_sha256(
        secret.as_bytes(),
        &[t.to_string().as_bytes(), b".", body.as_bytes()],
    )
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
        // What receivers compute: HMAC-SHA256 over "{t}.{body}".
        assert_eq!(
            sign("Jefe", 12, "3"),
            crate::hmac::hex_sha256(b"Jefe", &[b"12.3"])
        );
        let h = header(&["a", "b"], 1700000000, "{}");
        assert!(h.starts_with("t=1700000000,v1="));
        assert_eq!(h.matches("v1=").count(), 2);
        assert!(new_secret().starts_with("whsec_") && new_secret() != new_secret());
    }
}
