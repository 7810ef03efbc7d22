//! Values sealed by the service's vault (AES-256-GCM; the keys and the cipher are the
//! application's). A PIN and a webhook secret keep the ciphertext and its key id in two
//! columns; identity data (personal identity numbers, document numbers, the MRZ) keeps both in
//! the value's own column as `key_id:base64(nonce ‖ ciphertext)`, so each value names the key
//! that opens it and `reseal-pins` finds those an older key sealed. A value in such a column
//! that is not in that form (clear text) is corrupt data, never read as it stands.

use diesel::Queryable;

#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Sealed {
    /// base64 of the nonce followed by the ciphertext.
    pub ciphertext: String,
    pub key_id: String,
}

impl Sealed {
    /// The one-column form: `key_id:ciphertext`.
    pub fn stored(&self) -> String {
        format!("{}:{}", self.key_id, self.ciphertext)
    }

    /// Whether a key id is well formed: letters, digits and hyphens.
    pub fn is_key_id(id: &str) -> bool {
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    }
}

impl TryFrom<String> for Sealed {
    type Error = String;

    fn try_from(stored: String) -> std::result::Result<Sealed, String> {
        let (key_id, ciphertext) = stored
            .split_once(':')
            .filter(|(k, c)| Sealed::is_key_id(k) && !c.is_empty())
            .ok_or("not a sealed value (key_id:ciphertext)")?;
        Ok(Sealed {
            ciphertext: ciphertext.to_owned(),
            key_id: key_id.to_owned(),
        })
    }
}

/// A personal identity number as written: sealed, and its blind index (a keyed hash of the
/// number, what a search by number compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedNumber {
    pub sealed: Sealed,
    pub index: String,
}

/// Sealed bytes (a portrait): the nonce followed by the ciphertext, and the key that sealed
/// them, kept in a column of its own.
#[derive(Clone, PartialEq, Eq)]
pub struct SealedBytes {
    pub bytes: Vec<u8>,
    pub key_id: String,
}

impl std::fmt::Debug for SealedBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SealedBytes")
            .field("len", &self.bytes.len())
            .field("key_id", &self.key_id)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sealed_form_reads() {
        let s = Sealed::try_from("k1a-2:AAAA".to_owned());
        assert_eq!(
            s.map(|s| (s.key_id, s.ciphertext)),
            Ok(("k1a-2".into(), "AAAA".into()))
        );
        for clear in ["198112189876", "", ":AAAA", "k1:", "P<SWE:x y"] {
            assert!(Sealed::try_from(clear.to_owned()).is_err(), "{clear}");
        }
        let s = Sealed {
            ciphertext: "Zm9v".into(),
            key_id: "k9".into(),
        };
        assert_eq!(Sealed::try_from(s.stored()), Ok(s));
    }
}
