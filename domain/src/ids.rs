//! Typed ids. Every id is opaque to clients and prefixed (`ord_…`), so a stray id is
//! recognisable, and one kind of id can never be passed where another is expected.

use std::fmt;

/// Random bits in an id: 96, written as 24 lowercase hex characters after the prefix.
pub const ID_RANDOM_BYTES: usize = 12;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub const PREFIX: &'static str = $prefix;

            /// The id if `raw` is `PREFIX_` and 24 lowercase hex characters.
            pub fn parse(raw: &str) -> Option<Self> {
                is_id(raw, $prefix).then(|| Self(raw.to_owned()))
            }

            /// A new id from random bytes (the caller owns the randomness; the domain does no I/O).
            pub fn from_random(bytes: [u8; ID_RANDOM_BYTES]) -> Self {
                Self(format!("{}_{}", $prefix, hex(&bytes)))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// How persistence writes it.
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        /// Reading a stored id: anything but a well-formed id of this kind is corrupt data.
        impl TryFrom<String> for $name {
            type Error = crate::Invalid;
            fn try_from(raw: String) -> Result<Self, crate::Invalid> {
                if is_id(&raw, $prefix) {
                    Ok(Self(raw))
                } else {
                    Err(crate::Invalid::new("invalid_id", format!("not a {} id", $prefix)))
                }
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// A person's account.
    AccountId, "acc"
);
id_type!(
    /// A signed-in session.
    SessionId, "ses"
);
id_type!(
    /// A card order.
    OrderId, "ord"
);
id_type!(
    /// A company.
    CompanyId, "cmp"
);
id_type!(
    /// An entry of an order's audit trail.
    EventId, "evt"
);
id_type!(
    /// A sign-in attempt waiting for its SMS code.
    ChallengeId, "lch"
);
id_type!(
    /// A person's membership (or pending membership) of a company.
    MemberId, "mem"
);
id_type!(
    /// An invitation to a cardholder to enter personal data.
    InvitationId, "inv"
);
id_type!(
    /// An order of visitor cards.
    VisitorOrderId, "vor"
);
id_type!(
    /// A machine client (OAuth2 client credentials).
    ClientId, "cli"
);
id_type!(
    /// An identity-document check registered by the identity-verification partner.
    IdentityCheckId, "idc"
);
id_type!(
    /// Verified identity evidence of an account (from a document check or BankID).
    EvidenceId, "idv"
);
id_type!(
    /// A message waiting in the outbox.
    MessageId, "msg"
);
id_type!(
    /// A pending change of a person's mobile number.
    PhoneChangeId, "pch"
);
id_type!(
    /// An entry of the security audit log.
    SecurityEventId, "sev"
);
id_type!(
    /// One attempt at a webhook delivery.
    DeliveryAttemptId, "wha"
);

id_type!(
    /// A produced card.
    CardId, "crd"
);
id_type!(
    /// An import of card orders from a spreadsheet.
    CardOrderImportId, "imp"
);

id_type!(
    /// A company's webhook endpoint.
    WebhookEndpointId, "whe"
);
id_type!(
    /// One event's delivery to one webhook endpoint.
    WebhookDeliveryId, "whd"
);
id_type!(
    /// One BankID identification: approving an order or signing in.
    BankIdAttemptId, "bid"
);

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Is `raw` an id with this prefix? Cheap, and done before any query.
pub fn is_id(raw: &str, prefix: &str) -> bool {
    raw.strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('_'))
        .is_some_and(|h| {
            h.len() == ID_RANDOM_BYTES * 2
                && h.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_checks_prefix_and_form() {
        let id = OrderId::from_random([7; ID_RANDOM_BYTES]);
        assert_eq!(OrderId::parse(id.as_str()), Some(id.clone()));
        assert!(AccountId::parse(id.as_str()).is_none());
        for bad in [
            "",
            "ord_",
            "ord_../../etc",
            "ord_0123456789ABCDEF01234567",
            "ord_0123456789abcdef0123456",
            "xord_0123456789abcdef01234567",
        ] {
            assert!(OrderId::parse(bad).is_none(), "{bad}");
        }
    }
}
