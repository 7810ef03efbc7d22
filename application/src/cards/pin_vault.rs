//! Card PINs at rest: sealed with AES-256-GCM under a key from config, bound to their card (the
//! card id is the associated data, so a sealed PIN copied to another card does not open).
//!
//! Keys have ids. The first key seals; every key opens, so a key is rotated by putting a new key
//! first, running `id06-api reseal-pins` (every PIN sealed again under the new key) and then
//! removing the old key.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use persistence::SealedPin;

use crate::error::{AppError, AppResult};

/// Digits in a PIN.
pub const PIN_DIGITS: usize = 6;

pub struct PinVault {
    /// The first seals; all open.
    keys: Vec<(String, Aes256Gcm)>,
}

impl std::fmt::Debug for PinVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("PinVault").field("key_ids", &ids).finish()
    }
}

impl PinVault {
    /// Keys written `id:base64-of-32-bytes`, comma- or newline-separated, the sealing key first.
    pub fn parse(spec: &str) -> Result<PinVault, String> {
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
        Ok(PinVault { keys })
    }

    /// The keys in `path`, made with one new key on first start (mode 600).
    pub fn from_file(path: &Path) -> Result<PinVault, String> {
        if !path.exists() {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            write_private(path, &format!("{}\n", Self::generate_entry()))?;
            tracing::info!(path = %path.display(), "made a PIN key");
        }
        let spec = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&spec)
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

    /// A new PIN: `PIN_DIGITS` uniform digits from the thread's CSPRNG (ChaCha, seeded and
    /// reseeded from the operating system).
    pub fn new_pin() -> String {
        use rand::Rng;
        let mut rng = rand::rng();
        (0..PIN_DIGITS)
            .map(|_| char::from(b'0' + rng.random_range(0..10u8)))
            .collect()
    }

    pub fn seal(&self, card_id: &str, pin: &str) -> AppResult<SealedPin> {
        let (id, cipher) = self
            .keys
            .first()
            .ok_or_else(|| AppError::Internal("no PIN key".into()))?;
        let nonce: [u8; 12] = rand::random();
        let sealed = cipher
            .encrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: pin.as_bytes(),
                    aad: card_id.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal("sealing a PIN failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(SealedPin {
            ciphertext: B64.encode(out),
            key_id: id.clone(),
        })
    }

    pub fn open(&self, card_id: &str, sealed: &SealedPin) -> AppResult<String> {
        let (_, cipher) = self
            .keys
            .iter()
            .find(|(id, _)| *id == sealed.key_id)
            .ok_or_else(|| {
                AppError::Internal(format!(
                    "the PIN key {} is not configured (ID06_PIN_KEYS)",
                    sealed.key_id
                ))
            })?;
        let bytes = B64
            .decode(&sealed.ciphertext)
            .map_err(|_| AppError::corrupt("PIN", "not base64"))?;
        if bytes.len() < 12 {
            return Err(AppError::corrupt("PIN", "too short"));
        }
        let (nonce, body) = bytes.split_at(12);
        let nonce = <[u8; 12]>::try_from(nonce).map_err(|_| AppError::corrupt("PIN", "nonce"))?;
        let pin = cipher
            .decrypt(
                &Nonce::from(nonce),
                Payload {
                    msg: body,
                    aad: card_id.as_bytes(),
                },
            )
            .map_err(|_| AppError::corrupt("PIN", "does not open with its key"))?;
        String::from_utf8(pin).map_err(|_| AppError::corrupt("PIN", "not text"))
    }
}

fn write_private(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(text.as_bytes())
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault(spec: &str) -> PinVault {
        PinVault::parse(spec).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_pin_opens_only_for_its_card_and_with_its_key() {
        let a = PinVault::generate_entry();
        let b = PinVault::generate_entry();
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
    }

    #[test]
    fn pins_are_digits_and_keys_are_checked() {
        for _ in 0..100 {
            let pin = PinVault::new_pin();
            assert_eq!(pin.len(), PIN_DIGITS);
            assert!(pin.bytes().all(|b| b.is_ascii_digit()));
        }
        assert!(PinVault::parse("").is_err());
        assert!(PinVault::parse("k1:c2hvcnQ=").is_err());
        assert!(PinVault::parse("nokey").is_err());
        let e = PinVault::generate_entry();
        assert!(PinVault::parse(&format!("{e},{e}")).is_err());
        assert!(!format!("{:?}", vault(&e)).contains(e.split(':').nth(1).unwrap_or("?")));
    }
}
