//! New ids and secrets: the randomness the domain's id types leave to the caller.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// A new random id of any of the domain's id types: `OrderId`, `SessionId`, ...
pub fn new<T: FromRandom>() -> T {
    T::from_random(rand::random())
}

pub trait FromRandom {
    fn from_random(bytes: [u8; domain::ID_RANDOM_BYTES]) -> Self;
}

macro_rules! from_random {
    ($($t:ty),*) => {$(
        impl FromRandom for $t {
            fn from_random(bytes: [u8; domain::ID_RANDOM_BYTES]) -> Self {
                <$t>::from_random(bytes)
            }
        }
    )*};
}

from_random!(
    domain::AccountId,
    domain::SessionId,
    domain::OrderId,
    domain::CompanyId,
    domain::EventId,
    domain::ChallengeId,
    domain::MemberId,
    domain::InvitationId,
    domain::VisitorOrderId,
    domain::ClientId,
    domain::IdentityCheckId,
    domain::CardId,
    domain::CardOrderImportId,
    domain::WebhookEndpointId,
    domain::WebhookDeliveryId,
    domain::BankIdAttemptId,
    domain::EvidenceId,
    domain::MessageId,
    domain::PhoneChangeId,
    domain::SecurityEventId,
    domain::DeliveryAttemptId
);

/// A prefixed random id for things without a domain type (SMS messages, request ids, token ids).
pub fn new_raw(prefix: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_distinct() {
        let a: domain::OrderId = new();
        let b: domain::OrderId = new();
        assert!(domain::OrderId::parse(a.as_str()).is_some(), "{a}");
        assert_ne!(a, b);
        assert!(domain::is_id(&new_raw("sms"), "sms"));
        assert_eq!(hash_secret("x").len(), 64);
        assert!(new_secret("rt").starts_with("rt_"));
    }
}
