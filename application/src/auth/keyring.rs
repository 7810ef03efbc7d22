//! The token signing keys: a ring of Ed25519 keys, each with its `kid` (from its public key) and
//! its creation time. Every key in the ring verifies; one signs.
//!
//! Rotation without a flag day: `id06-api rotate-keys` adds a key to the key directory. Every
//! instance reloads the directory periodically and publishes the new key in its JWKS at once,
//! but signs with it only after the activation delay, so no instance ever sees a token from a
//! key it has not loaded yet. The old key keeps verifying; a later rotation removes it once every
//! token it signed has expired.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::SigningKey;
use jsonwebtoken::{DecodingKey, EncodingKey};
use sha2::{Digest, Sha256};

/// One key: what signs, what verifies, and what the JWKS shows.
pub struct KeyEntry {
    pub kid: String,
    /// The public key, base64url (RFC 8037 `x`).
    pub x: String,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    /// When the key was made (Unix seconds): it signs from `created + activation`.
    pub created: i64,
}

impl KeyEntry {
    pub fn from_pem(pem: &str, created: i64) -> Result<KeyEntry, String> {
        let signing = SigningKey::from_pkcs8_pem(pem.trim())
            .map_err(|e| format!("invalid Ed25519 PKCS#8 PEM key: {e}"))?;
        let public = signing.verifying_key().to_bytes();
        let x = URL_SAFE_NO_PAD.encode(public);
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(public)[..12]);
        let encoding = EncodingKey::from_ed_pem(pem.trim().as_bytes())
            .map_err(|e| format!("signing key: {e}"))?;
        let decoding =
            DecodingKey::from_ed_components(&x).map_err(|e| format!("verifying key: {e}"))?;
        Ok(KeyEntry {
            kid,
            x,
            encoding,
            decoding,
            created,
        })
    }
}

/// A new random key as PKCS#8 PEM.
pub fn generate_pem() -> Result<String, String> {
    let seed: [u8; 32] = rand::random();
    SigningKey::from_bytes(&seed)
        .to_pkcs8_pem(LineEnding::LF)
        .map(|p| p.to_string())
        .map_err(|e| format!("encode key: {e}"))
}

/// The keys, oldest first.
pub struct Ring {
    entries: Vec<KeyEntry>,
}

impl Ring {
    pub fn new(mut entries: Vec<KeyEntry>) -> Result<Ring, String> {
        if entries.is_empty() {
            return Err("no token signing key".into());
        }
        entries.sort_by_key(|e| e.created);
        Ok(Ring { entries })
    }

    /// The newest key that is past its activation delay; the oldest key when none is yet (a
    /// fresh install's first key signs at once: there is no other).
    pub fn signer(&self, now: i64, activation: i64) -> &KeyEntry {
        let active = self
            .entries
            .iter()
            .rev()
            .find(|e| e.created.saturating_add(activation) <= now);
        active.unwrap_or(&self.entries[0])
    }

    /// The key a token names, among the loaded ones only (the `kid` is never used to look
    /// anything up elsewhere).
    pub fn find(&self, kid: &str) -> Option<&KeyEntry> {
        self.entries.iter().find(|e| e.kid == kid)
    }

    pub fn entries(&self) -> &[KeyEntry] {
        &self.entries
    }
}

/// Key files are named `<created unix seconds>-<kid>.pem`.
fn file_name(created: i64, kid: &str) -> String {
    format!("{created:012}-{kid}.pem")
}

fn created_of(path: &Path) -> Option<i64> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".pem")?;
    stem.split('-').next()?.parse().ok()
}

/// Every key in `dir`. An empty or missing directory gets its first key (a development server
/// keeps its tokens valid across restarts).
pub fn load_dir(dir: &Path, now: i64) -> Result<Ring, String> {
    let mut entries = read_dir(dir)?;
    if entries.is_empty() {
        add_key(dir, now)?;
        tracing::info!(dir = %dir.display(), "generated the first token signing key");
        entries = read_dir(dir)?;
    }
    Ring::new(entries)
}

fn pem_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let listing = match std::fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("read {}: {e}", dir.display())),
    };
    Ok(listing
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| created_of(p).is_some())
        .collect())
}

fn read_dir(dir: &Path) -> Result<Vec<KeyEntry>, String> {
    pem_files(dir)?
        .into_iter()
        .map(|path| {
            let created = created_of(&path).unwrap_or_default();
            let pem = std::fs::read_to_string(&path)
                .map_err(|e| format!("read {}: {e}", path.display()))?;
            KeyEntry::from_pem(&pem, created).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

fn add_key(dir: &Path, now: i64) -> Result<String, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let pem = generate_pem()?;
    let entry = KeyEntry::from_pem(&pem, now)?;
    write_private(&dir.join(file_name(now, &entry.kid)), &pem)?;
    Ok(entry.kid)
}

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    pub added: String,
    /// Keys removed because every token they signed has expired.
    pub removed: Vec<String>,
}

/// Adds a new key to `dir`, and removes the keys that stopped signing (a newer key became
/// active) longer than `token_lifetime` ago, so nothing they signed is still valid.
pub fn rotate(
    dir: &Path,
    now: i64,
    activation: i64,
    token_lifetime: i64,
) -> Result<Rotation, String> {
    let mut keys: Vec<(i64, PathBuf)> = pem_files(dir)?
        .into_iter()
        .filter_map(|p| created_of(&p).map(|c| (c, p)))
        .collect();
    keys.sort();
    let mut removed = Vec::new();
    // A key is done when the key after it has signed for longer than a token lives.
    for pair in keys.windows(2) {
        let ((_, old), (next_created, _)) = (&pair[0], &pair[1]);
        if next_created + activation + token_lifetime < now {
            let pem =
                std::fs::read_to_string(old).map_err(|e| format!("read {}: {e}", old.display()))?;
            let kid = KeyEntry::from_pem(&pem, 0)?.kid;
            std::fs::remove_file(old).map_err(|e| format!("remove {}: {e}", old.display()))?;
            removed.push(kid);
        }
    }
    // Creation times order the keys, so a new key is strictly newer than the newest one.
    let created = keys.last().map_or(now, |(newest, _)| now.max(newest + 1));
    let added = add_key(dir, created)?;
    Ok(Rotation { added, removed })
}

#[cfg(unix)]
fn write_private(path: &Path, pem: &str) -> Result<(), String> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("create {}: {e}", path.display()))?;
    f.write_all(pem.as_bytes())
        .map_err(|e| format!("write {}: {e}", path.display()))
}

#[cfg(not(unix))]
fn write_private(path: &Path, pem: &str) -> Result<(), String> {
    std::fs::write(path, pem).map_err(|e| format!("write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_new_key_signs_only_after_the_activation_delay() {
        let d = dir();
        let first = load_dir(d.path(), 1_000).unwrap_or_else(|e| panic!("{e}"));
        let kid1 = first.signer(1_000, 60).kid.clone();
        let r = rotate(d.path(), 2_000, 60, 900).unwrap_or_else(|e| panic!("{e}"));
        assert!(r.removed.is_empty());
        let ring = load_dir(d.path(), 2_000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ring.entries().len(), 2);
        assert_eq!(ring.signer(2_059, 60).kid, kid1, "not yet");
        assert_eq!(ring.signer(2_060, 60).kid, r.added);
        assert!(ring.find(&kid1).is_some(), "the old key still verifies");
        assert!(ring.find("../../etc/passwd").is_none());
    }

    #[test]
    fn a_key_made_in_the_same_second_is_still_the_newer_one() {
        let d = dir();
        let first = load_dir(d.path(), 1_000).unwrap_or_else(|e| panic!("{e}"));
        let kid1 = first.signer(1_000, 60).kid.clone();
        let r = rotate(d.path(), 1_000, 60, 900).unwrap_or_else(|e| panic!("{e}"));
        let ring = load_dir(d.path(), 1_000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ring.signer(1_000, 60).kid, kid1);
        assert_eq!(ring.signer(1_061, 60).kid, r.added);
    }

    #[test]
    fn an_old_key_goes_once_its_tokens_have_expired() {
        let d = dir();
        let kid1 = load_dir(d.path(), 1_000)
            .unwrap_or_else(|e| panic!("{e}"))
            .signer(1_000, 60)
            .kid
            .clone();
        let second = rotate(d.path(), 2_000, 60, 900).unwrap_or_else(|e| panic!("{e}"));
        // Key 2 signs from 2060; key 1's last tokens expire at 2960.
        let early = rotate(d.path(), 2_960, 60, 900).unwrap_or_else(|e| panic!("{e}"));
        assert!(early.removed.is_empty());
        let late = rotate(d.path(), 4_000, 60, 900).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(late.removed, vec![kid1, second.added.clone()]);
        let ring = load_dir(d.path(), 4_000).unwrap_or_else(|e| panic!("{e}"));
        let kids: Vec<&str> = ring.entries().iter().map(|e| e.kid.as_str()).collect();
        assert_eq!(kids, vec![early.added.as_str(), late.added.as_str()]);
    }
}
