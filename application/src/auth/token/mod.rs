//! Access tokens: EdDSA (Ed25519) JWTs, 15 minutes, every claim required and checked, the
//! algorithm fixed. The keys (`keyring`) are published as a JWKS, each with its `kid`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use jsonwebtoken::{Algorithm, Header, Validation};
use serde::Serialize;

use domain::{AccountId, ClientId, ClientRole, Scopes, SessionId};

use super::keyring::{self, KeyEntry, Ring};
use crate::principal::Credentials;

mod claims;

use claims::AnyClaims;
pub use claims::{Claims, ClientClaims, ClientGrant, SessionGrant, Verified};

/// Access-token lifetime.
pub const ACCESS_TTL_SECS: i64 = 900;
/// A machine client's token lifetime: short, a client asks for a new one whenever it needs.
pub const CLIENT_TTL_SECS: i64 = 600;
/// The `typ` header of access tokens (RFC 9068), so no other token kind passes as one.
const TYP: &str = "at+jwt";

/// Tokens whose signature and claims were verified, so a client's next request skips the
/// signature check (the time claims are still checked on every use; revocation is checked in the
/// database per request). Bounded; emptied when full.
const VERIFIED_CACHE: usize = 4096;
const LEEWAY: i64 = 5;

/// Where the keys come from.
enum Source {
    /// One key from configuration: no rotation.
    Fixed,
    /// A directory of keys, reloaded periodically (`id06-api rotate-keys` adds to it).
    Dir(PathBuf),
}

pub struct Keys {
    verified: Mutex<HashMap<String, Verified>>,
    ring: RwLock<Arc<Ring>>,
    source: Source,
    /// Seconds a new key waits before it signs, so every instance has loaded it first.
    activation: i64,
    validation: Validation,
    issuer: String,
    audience: String,
    /// The audience of machine clients' tokens.
    client_audience: String,
}

impl Keys {
    fn new(ring: Ring, source: Source, activation: i64, issuer: &str, audience: &str) -> Keys {
        let client_audience = format!("{audience}/clients");
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience, client_audience.as_str()]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        // Presence and type of exp and nbf are checked here; their values against the injected
        // clock in `verify_uncached` (jsonwebtoken would read the system clock).
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Keys {
            verified: Default::default(),
            ring: RwLock::new(Arc::new(ring)),
            source,
            activation,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            client_audience,
        }
    }

    /// One fixed key, from a PKCS#8 PEM Ed25519 private key.
    pub fn from_pem(pem: &str, issuer: &str, audience: &str) -> Result<Keys, String> {
        let ring = Ring::new(vec![KeyEntry::from_pem(pem, 0)?])?;
        Ok(Self::new(ring, Source::Fixed, 0, issuer, audience))
    }

    /// The keys in `dir` (the first one is made when there is none), reloadable with
    /// [`Keys::reload`].
    pub fn from_dir(
        dir: &Path,
        activation_secs: i64,
        now: i64,
        issuer: &str,
        audience: &str,
    ) -> Result<Keys, String> {
        let ring = keyring::load_dir(dir, now)?;
        Ok(Self::new(
            ring,
            Source::Dir(dir.to_owned()),
            activation_secs,
            issuer,
            audience,
        ))
    }

    /// A new random key as PKCS#8 PEM.
    pub fn generate_pem() -> Result<String, String> {
        keyring::generate_pem()
    }

    /// Re-reads the key directory (a rotation may have added or removed keys). A directory that
    /// cannot be read keeps the keys loaded before.
    pub fn reload(&self, now: i64) -> Result<(), String> {
        let Source::Dir(dir) = &self.source else {
            return Ok(());
        };
        let ring = keyring::load_dir(dir, now)?;
        if let Ok(mut current) = self.ring.write() {
            *current = Arc::new(ring);
        }
        Ok(())
    }

    /// Whether the keys come from a directory that rotation changes.
    pub fn rotates(&self) -> bool {
        matches!(self.source, Source::Dir(_))
    }

    fn ring(&self) -> Arc<Ring> {
        match self.ring.read() {
            Ok(r) => Arc::clone(&r),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audience(&self) -> &str {
        &self.audience
    }

    pub fn client_audience(&self) -> &str {
        &self.client_audience
    }

    /// Signs an access token for a session, carrying what the session has: its authentication
    /// methods and the account's platform roles.
    pub fn issue(&self, session: &SessionGrant<'_>, now: i64) -> Result<String, String> {
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: session.account_id.to_string(),
            exp: now + ACCESS_TTL_SECS,
            nbf: now,
            iat: now,
            jti: crate::ids::new_raw("jti"),
            sid: session.session_id.to_string(),
            amr: session
                .auth_level
                .methods()
                .iter()
                .map(|m| (*m).to_owned())
                .collect(),
            roles: session.roles.to_vec(),
        };
        self.sign(&claims, now)
    }

    /// Signs a machine client's token: its own audience, the granted scopes, the company of an
    /// integrator.
    pub fn issue_client(&self, grant: &ClientGrant<'_>, now: i64) -> Result<String, String> {
        let claims = ClientClaims {
            iss: self.issuer.clone(),
            aud: self.client_audience.clone(),
            sub: grant.client_id.to_string(),
            client_id: grant.client_id.to_string(),
            exp: now + CLIENT_TTL_SECS,
            nbf: now,
            iat: now,
            jti: crate::ids::new_raw("jti"),
            role: grant.role.as_str().to_owned(),
            scope: grant.scopes.to_string(),
            company_id: grant.company_id.map(|c| c.to_string()),
        };
        self.sign(&claims, now)
    }

    fn sign<T: Serialize>(&self, claims: &T, now: i64) -> Result<String, String> {
        let ring = self.ring();
        let signer = ring.signer(now, self.activation);
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(TYP.to_owned());
        header.kid = Some(signer.kid.clone());
        jsonwebtoken::encode(&header, claims, &signer.encoding).map_err(|e| format!("sign: {e}"))
    }

    /// The credentials of a token whose signature, algorithm, type, key id and every claim
    /// verify at `now`. `None` for any failure: the caller answers the same 401 whatever the reason.
    pub fn verify(&self, token: &str, now: i64) -> Option<Credentials> {
        match self.verify_claims(token, now)? {
            Verified::Person(c) => Some(Credentials::person(
                AccountId::parse(&c.sub)?,
                SessionId::parse(&c.sid)?,
            )),
            Verified::Client(c) => Some(Credentials::client(
                ClientId::parse(&c.sub)?,
                ClientRole::parse(&c.role)?,
                Scopes::parse(&c.scope).ok()?,
            )),
        }
    }

    fn verify_claims(&self, token: &str, now: i64) -> Option<Verified> {
        if token.len() > 4096 {
            return None;
        }
        let in_time = |v: &Verified| {
            let (nbf, exp) = v.times();
            nbf - LEEWAY <= now && now <= exp + LEEWAY
        };
        let cached = self
            .verified
            .lock()
            .ok()
            .and_then(|cache| cache.get(token).cloned());
        if let Some(claims) = cached {
            return in_time(&claims).then_some(claims);
        }
        let claims = self.verify_uncached(token, now)?;
        if let Ok(mut cache) = self.verified.lock() {
            if cache.len() >= VERIFIED_CACHE {
                cache.clear();
            }
            cache.insert(token.to_owned(), claims.clone());
        }
        Some(claims)
    }

    fn verify_uncached(&self, token: &str, now: i64) -> Option<Verified> {
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::EdDSA
            || header.typ.as_deref() != Some(TYP)
            || header.jwk.is_some()
            || header.jku.is_some()
            || header.x5u.is_some()
        {
            return None;
        }
        // The kid picks among the loaded keys only.
        let ring = self.ring();
        let key = ring.find(header.kid.as_deref()?)?;
        // jsonwebtoken checks exp and nbf against the system clock; they are checked again
        // against the injected one, so a clock moved in tests moves token expiry too.
        let data =
            jsonwebtoken::decode::<AnyClaims>(token, &key.decoding, &self.validation).ok()?;
        let c = data.claims;
        if !(c.iat <= c.exp && c.nbf - LEEWAY <= now && now <= c.exp + LEEWAY) {
            return None;
        }
        c.sort(&self.audience, &self.client_audience)
    }

    /// The public keys for other services to verify our tokens (served as a JWKS, RFC 7517):
    /// every key that verifies, the next signer included.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        self.ring()
            .entries()
            .iter()
            .map(|k| PublicKey {
                kid: k.kid.clone(),
                x: k.x.clone(),
            })
            .collect()
    }
}

/// An Ed25519 public key that verifies access tokens: its id and the key, base64url.
#[derive(Debug, Clone)]
pub struct PublicKey {
    pub kid: String,
    pub x: String,
}

#[cfg(test)]
mod tests;
