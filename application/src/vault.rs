//! The service's vault: what it keeps secret at rest, sealed with AES-256-GCM under a key from
//! config, each value bound to where it lives (the associated data is its row's id, and for
//! identity data its column too, so a sealed value copied elsewhere does not open). It seals
//! card PINs, webhook signing secrets, BankID attempt secrets, and identity data: personal
//! identity numbers, document numbers, the MRZ and portraits.
//!
//! Keys have ids. The first key seals; every key opens, so a key is rotated by putting a new key
//! first, running `id06-api reseal-pins` (every value sealed again under the new key) and then
//! removing the old key.
//!
//! Beside the keys, the vault holds the blind-index key: a keyed hash (HMAC-SHA256) of a
//! personal identity number is what the service stores to find a person by number, never the
//! number. That key is fixed for the life of the data (a new one would orphan every index).

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use domain::PersonalIdentityNumber;
use persistence::sealing::Column;
use persistence::{Sealed, SealedBytes, SealedNumber};

use crate::error::{AppError, AppResult};

pub struct Vault {
    /// The first seals; all open.
    keys: Vec<(String, Aes256Gcm)>,
    /// The blind-index key.
    index_key: [u8; 32],
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Vault")
            .field("key_ids", &ids)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Keys written `id:base64-of-32-bytes`, comma- or newline-separated, the sealing key first;
    /// the blind-index key as base64 of 32 bytes.
    pub fn parse(spec: &str, index_key: &str) -> Result<Vault, String> {
        let mut keys = Vec::new();
        for entry in spec
            .split([',', '\n'])
            .map(str::trim)
            .filter(|e| !e.is_empty() && !e.starts_with('#'))
        {
            let (id, b64) = entry
                .split_once(':')
                .ok_or("a PIN key is written id:base64 (32 bytes)")?;
            let id = id.trim();
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err("a PIN key id is letters, digits and hyphens".into());
            }
            let bytes = B64
                .decode(b64.trim())
                .map_err(|_| format!("PIN key {id}: not base64"))?;
            let cipher = Aes256Gcm::new_from_slice(&bytes)
                .map_err(|_| format!("PIN key {id}: must be 32 bytes"))?;
            if keys.iter().any(|(k, _)| k == id) {
                return Err(format!("PIN key {id} is given twice"));
            }
            keys.push((id.to_owned(), cipher));
        }
        if keys.is_empty() {
            return Err("no PIN key given".into());
        }
        let index_key = B64
            .decode(index_key.trim())
            .ok()
            .and_then(|k| <[u8; 32]>::try_from(k).ok())
            .ok_or("the blind-index key is base64 of 32 bytes")?;
        Ok(Vault { keys, index_key })
    }

    /// The text of the key file `path`, made with `make` on first start (mode 600). Two
    /// instances starting together make it once: the file appears whole or not at all.
    pub fn read_or_make(path: &Path, what: &str, make: fn() -> String) -> Result<String, String> {
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            if write_private(path, &format!("{}\n", make()))? {
                tracing::info!(path = %path.display(), "made {what}");
            }
        }
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// A new blind-index key: base64 of 32 random bytes.
    pub fn generate_index_key() -> String {
        let key: [u8; 32] = rand::random();
        B64.encode(key)
    }

    /// A new key entry `id:base64`, from the operating system's random source.
    pub fn generate_entry() -> String {
        let key: [u8; 32] = rand::random();
        let id: [u8; 4] = rand::random();
        let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        format!("k{id}:{}", B64.encode(key))
    }

    pub fn sealing_key_id(&self) -> &str {
        self.keys.first().map_or("", |(id, _)| id.as_str())
    }

    /// Seals `plain`, bound to `aad` (the row's id; for identity data, see `seal_in`).
    pub fn seal(&self, aad: &str, plain: impl AsRef<[u8]>) -> AppResult<Sealed> {
        let (key_id, bytes) = self.seal_raw(aad, plain.as_ref())?;
        Ok(Sealed {
            ciphertext: B64.encode(bytes),
            key_id,
        })
    }

    /// Opens text sealed by `seal` with the same `aad`.
    pub fn open(&self, aad: &str, sealed: &Sealed) -> AppResult<String> {
        let bytes = B64
            .decode(&sealed.ciphertext)
            .map_err(|_| AppError::corrupt("sealed value", "not base64"))?;
        let plain = self.open_raw(aad, &sealed.key_id, &bytes)?;
        String::from_utf8(plain).map_err(|_| AppError::corrupt("sealed value", "not text"))
    }

    /// Identity data in `column` of row `row_id`, sealed to both.
    pub fn seal_in(&self, column: Column, row_id: &str, value: &str) -> AppResult<Sealed> {
        self.seal(&column_aad(column, row_id), value)
    }

    pub fn open_in(&self, column: Column, row_id: &str, sealed: &Sealed) -> AppResult<String> {
        self.open(&column_aad(column, row_id), sealed)
    }

    /// A personal identity number for an indexed column: sealed, with its blind index.
    pub fn seal_number(
        &self,
        column: Column,
        row_id: &str,
        number: &PersonalIdentityNumber,
    ) -> AppResult<SealedNumber> {
        Ok(SealedNumber {
            sealed: self.seal_in(column, row_id, number.digits())?,
            index: self.index(number),
        })
    }

    /// The blind index of a personal identity number (its 12 digits): hex HMAC-SHA256 under
    /// the index key, with a label so the same key could never index anything else alike.
    pub fn index(&self, number: &PersonalIdentityNumber) -> String {
        self.index_digits(number.digits())
    }

    /// The blind index of 12 digits already checked as a personal identity number.
    pub fn index_digits(&self, digits: &str) -> String {
        crate::hmac::hex_sha256(
            &self.index_key,
            &[b"personal_identity_number:", digits.as_bytes()],
        )
    }

    /// A check's portrait, bound to its check.
    pub fn seal_portrait(&self, check_id: &str, bytes: &[u8]) -> AppResult<SealedBytes> {
        let (key_id, bytes) = self.seal_raw(&portrait_aad(check_id), bytes)?;
        Ok(SealedBytes { bytes, key_id })
    }

    pub fn open_portrait(&self, check_id: &str, sealed: &SealedBytes) -> AppResult<Vec<u8>> {
        self.open_raw(&portrait_aad(check_id), &sealed.key_id, &sealed.bytes)
    }

    /// The nonce followed by the ciphertext, under the sealing key.
    fn seal_raw(&self, aad: &str, plain: &[u8]) -> AppResult<(String, Vec<u8>)> {
        let (id, cipher) = self
            .keys
            .first()
            .ok_or_else(|| AppError::Internal("no vault key".into()))?;
        let nonce: [u8; 12] = rand::random();
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok((id.clone(), out))
    }

    fn open_raw(&self, aad: &str, key_id: &str, bytes: &[u8]) -> AppResult<Vec<u8>> {
        let (_, cipher) = self
            .keys
            .iter()
            .find(|(id, _)| id == key_id)
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "the vault key {key_id} is not configured (ID06_PIN_KEYS)"
                ))
            })?;
        if bytes.len() < 12 {
            return Err(AppError::corrupt("sealed value", "too short"));
        }
        let (nonce, body) = bytes.split_at(12);
        let nonce =
            <[u8; 12]>::try_from(nonce).map_err(|_| AppError::corrupt("sealed value", "nonce"))?;
        cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: body,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| AppError::corrupt("sealed value", "does not open with its key"))
    }
}

fn column_aad(column: Column, row_id: &str) -> String {
    format!("{}:{row_id}", column.name())
}

fn portrait_aad(check_id: &str) -> String {
    format!("identity_portraits.sealed:{check_id}")
}

/// Writes `text` to `path` (mode 600) unless it exists: written to a temporary file first and
/// linked into place, so a reader never sees half a key. False if another process won.
fn write_private(path: &Path, text: &str) -> Result<bool, String> {
    use std::io::Write;
    let shown = |e: std::io::Error| format!("{}: {e}", path.display());
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp).map_err(shown)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(shown)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(shown(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault(spec: &str) -> Vault {
        Vault::parse(spec, &INDEX).unwrap_or_else(|e| panic!("{e}"))
    }

    static INDEX: std::sync::LazyLock<String> = std::sync::LazyLock::new(Vault::generate_index_key);

    #[test]
    fn a_value_opens_only_where_it_was_sealed_and_with_its_key() {
        let a = Vault::generate_entry();
        let b = Vault::generate_entry();
        let old = vault(&a);
        let sealed = old
            .seal("crd_1", "123456")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!sealed.ciphertext.contains("123456"));
        assert_eq!(old.open("crd_1", &sealed).ok().as_deref(), Some("123456"));
        assert!(old.open("crd_2", &sealed).is_err(), "bound to its card");
        // Rotation: the new key seals, the old one still opens.
        let rotated = vault(&format!("{b},{a}"));
        assert_eq!(
            rotated.open("crd_1", &sealed).ok().as_deref(),
            Some("123456")
        );
        let resealed = rotated
            .seal("crd_1", "123456")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(resealed.key_id, rotated.sealing_key_id());
        assert!(vault(&a).open("crd_1", &resealed).is_err());
        // Identity data is bound to its column as well as its row.
        let n = old
            .seal_in(Column::OrderNumber, "ord_1", "198112189876")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(old.open_in(Column::OrderNumber, "ord_1", &n).is_ok());
        assert!(old.open_in(Column::CheckNumber, "ord_1", &n).is_err());
        let p = old
            .seal_portrait("idc_1", b"\xff\xd8 a portrait")
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!p.bytes.windows(10).any(|w| w == b"a portrait"));
        assert_eq!(
            old.open_portrait("idc_1", &p).ok().as_deref(),
            Some(&b"\xff\xd8 a portrait"[..])
        );
        assert!(old.open_portrait("idc_2", &p).is_err());
    }

    #[test]
    fn the_blind_index_is_keyed_and_stable() {
        let e = Vault::generate_entry();
        let one = vault(&e);
        let two = Vault::parse(&e, &Vault::generate_index_key()).unwrap_or_else(|e| panic!("{e}"));
        let x = one.index_digits("198112189876");
        assert_eq!(
            x,
            vault(&Vault::generate_entry()).index_digits("198112189876")
        );
        assert_ne!(
            x,
            two.index_digits("198112189876"),
            "another key, another index"
        );
        assert_ne!(x, one.index_digits("198112189877"));
        assert!(!x.contains("198112189876"));
    }

    #[test]
    fn keys_are_checked() {
        let i = INDEX.as_str();
        assert!(Vault::parse("", i).is_err());
        assert!(Vault::parse("k1:c2hvcnQ=", i).is_err());
        assert!(Vault::parse("nokey", i).is_err());
        let e = Vault::generate_entry();
        assert!(Vault::parse(&format!("{e},{e}"), i).is_err());
        assert!(Vault::parse(&e, "c2hvcnQ=").is_err(), "a short index key");
        assert!(!format!("{:?}", vault(&e)).contains(e.split(':').nth(1).unwrap_or("?")));
    }
}
