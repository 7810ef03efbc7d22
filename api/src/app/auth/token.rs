//! Access tokens: EdDSA (Ed25519) JWTs, 15 minutes, every claim required and checked, the
//! algorithm fixed. The public key is published as a JWKS with a `kid`.

use std::path::Path;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::SigningKey;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use domain::{AccountId, AuthLevel, SessionId};

use crate::app::principal::Credentials;

/// Access-token lifetime.
pub const ACCESS_TTL_SECS: i64 = 900;
/// The `typ` header of access tokens (RFC 9068), so no other token kind passes as one.
const TYP: &str = "at+jwt";

/// What a token is issued for.
#[derive(Debug, Clone)]
pub struct SessionGrant<'a> {
    pub account_id: &'a AccountId,
    pub session_id: &'a SessionId,
    pub auth_level: AuthLevel,
    pub roles: &'a [String],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The account id.
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    /// The session id; revoking the session ends every token of it at once.
    pub sid: String,
    /// Authentication methods the session was started with (RFC 8176: `pwd`, `sms`).
    pub amr: Vec<String>,
    /// Platform roles of the account (`operator`); company roles are per company and checked
    /// per request, not carried in the token.
    pub roles: Vec<String>,
}

/// Tokens whose signature and claims were verified, so a client's next request skips the
/// signature check (the time claims are still checked on every use; revocation is checked in the
/// database per request). Bounded; emptied when full.
const VERIFIED_CACHE: usize = 4096;
const LEEWAY: i64 = 5;

pub struct Keys {
    verified: std::sync::Mutex<std::collections::HashMap<String, Claims>>,
    kid: String,
    x: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

impl Keys {
    /// From a PKCS#8 PEM Ed25519 private key.
    pub fn from_pem(pem: &str, issuer: &str, audience: &str) -> Result<Keys, String> {
        let signing = SigningKey::from_pkcs8_pem(pem.trim())
            .map_err(|e| format!("invalid Ed25519 PKCS#8 PEM key: {e}"))?;
        let public = signing.verifying_key().to_bytes();
        let x = URL_SAFE_NO_PAD.encode(public);
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(public)[..12]);
        let encoding = EncodingKey::from_ed_pem(pem.trim().as_bytes())
            .map_err(|e| format!("signing key: {e}"))?;
        let decoding =
            DecodingKey::from_ed_components(&x).map_err(|e| format!("verifying key: {e}"))?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        // Presence and type of exp and nbf are checked here; their values against the injected
        // clock in `verify_uncached` (jsonwebtoken would read the system clock).
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Ok(Keys {
            verified: Default::default(),
            kid,
            x,
            encoding,
            decoding,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        })
    }

    /// A new random key as PKCS#8 PEM.
    pub fn generate_pem() -> Result<String, String> {
        let seed: [u8; 32] = rand::random();
        SigningKey::from_bytes(&seed)
            .to_pkcs8_pem(LineEnding::LF)
            .map(|p| p.to_string())
            .map_err(|e| format!("encode key: {e}"))
    }

    /// The key from `path`; when the file does not exist, a new key is generated and saved there
    /// (owner-only permissions), so a development server keeps its tokens valid across restarts.
    pub fn load_or_create(path: &Path, issuer: &str, audience: &str) -> Result<Keys, String> {
        if !path.exists() {
            let pem = Self::generate_pem()?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("create {}: {e}", dir.display()))?;
            }
            write_private(path, &pem)?;
            tracing::info!(path = %path.display(), "generated a new token signing key");
        }
        let pem =
            std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
        Self::from_pem(&pem, issuer, audience)
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audience(&self) -> &str {
        &self.audience
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
            jti: crate::app::ids::new_raw("jti"),
            sid: session.session_id.to_string(),
            amr: session
                .auth_level
                .methods()
                .iter()
                .map(|m| (*m).to_owned())
                .collect(),
            roles: session.roles.to_vec(),
        };
        let mut header = Header::new(Algorithm::EdDSA);
        header.typ = Some(TYP.to_owned());
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, &claims, &self.encoding).map_err(|e| format!("sign: {e}"))
    }

    /// The credentials of a token whose signature, algorithm, type, key id and every claim
    /// verify at `now`. `None` for any failure: the caller answers the same 401 whatever the reason.
    pub fn verify(&self, token: &str, now: i64) -> Option<Credentials> {
        let claims = self.verify_claims(token, now)?;
        Some(Credentials::new(
            AccountId::parse(&claims.sub)?,
            SessionId::parse(&claims.sid)?,
        ))
    }

    fn verify_claims(&self, token: &str, now: i64) -> Option<Claims> {
        if token.len() > 4096 {
            return None;
        }
        let in_time = |c: &Claims| c.nbf - LEEWAY <= now && now <= c.exp + LEEWAY;
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

    fn verify_uncached(&self, token: &str, now: i64) -> Option<Claims> {
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::EdDSA
            || header.typ.as_deref() != Some(TYP)
            || header.kid.as_deref() != Some(self.kid.as_str())
            || header.jwk.is_some()
            || header.jku.is_some()
            || header.x5u.is_some()
        {
            return None;
        }
        // jsonwebtoken checks exp and nbf against the system clock; they are checked again
        // against the injected one, so a clock moved in tests moves token expiry too.
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let c = data.claims;
        (c.iat <= c.exp && c.nbf - LEEWAY <= now && now <= c.exp + LEEWAY).then_some(c)
    }

    /// The public key set (RFC 7517) for other services to verify our tokens.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: vec![Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: self.x.clone(),
                kid: self.kid.clone(),
                alg: "EdDSA".into(),
                use_: "sig".into(),
            }],
        }
    }
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

/// JSON Web Key Set.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Jwks {
    #[schema(max_items = 10)]
    pub keys: Vec<Jwk>,
}

/// An Ed25519 public key (RFC 8037).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(example = json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", "kid": "k3Jq8Qm0c1s5Wb2e", "alg": "EdDSA", "use": "sig"}))]
pub struct Jwk {
    #[schema(max_length = 8)]
    pub kty: String,
    #[schema(max_length = 16)]
    pub crv: String,
    /// The public key, base64url.
    #[schema(max_length = 64)]
    pub x: String,
    #[schema(max_length = 64)]
    pub kid: String,
    #[schema(max_length = 16)]
    pub alg: String,
    #[serde(rename = "use")]
    #[schema(max_length = 8)]
    pub use_: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keys {
        let pem = Keys::generate_pem().unwrap_or_default();
        Keys::from_pem(&pem, "iss-test", "aud-test").unwrap_or_else(|e| panic!("{e}"))
    }

    const ACC: &str = "acc_0123456789abcdef01234567";
    const SES: &str = "ses_0123456789abcdef01234567";

    fn grant() -> SessionGrant<'static> {
        static IDS: std::sync::LazyLock<(AccountId, SessionId)> = std::sync::LazyLock::new(|| {
            (
                AccountId::parse(ACC).unwrap_or_else(|| panic!("id")),
                SessionId::parse(SES).unwrap_or_else(|| panic!("id")),
            )
        });
        SessionGrant {
            account_id: &IDS.0,
            session_id: &IDS.1,
            auth_level: AuthLevel::PasswordAndSms,
            roles: &[],
        }
    }

    fn verify(k: &Keys, token: &str) -> Option<Claims> {
        k.verify_claims(token, now())
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    fn forge(keys: &Keys, header: Header, claims: &serde_json::Value) -> String {
        jsonwebtoken::encode(&header, claims, &keys.encoding).unwrap_or_default()
    }

    fn good_claims(k: &Keys) -> serde_json::Value {
        let n = now();
        serde_json::json!({"iss": k.issuer, "aud": k.audience, "sub": ACC, "exp": n + 60, "nbf": n, "iat": n, "jti": "j", "sid": SES, "amr": ["pwd", "sms"], "roles": []})
    }

    fn header(k: &Keys) -> Header {
        let mut h = Header::new(Algorithm::EdDSA);
        h.typ = Some(TYP.into());
        h.kid = Some(k.kid.clone());
        h
    }

    #[test]
    fn round_trip() {
        let k = keys();
        let t = k.issue(&grant(), now()).unwrap_or_default();
        let c = verify(&k, &t);
        assert_eq!(
            c.as_ref().map(|c| (c.sub.as_str(), c.sid.as_str())),
            Some((ACC, SES))
        );
        assert!(verify(&k, &forge(&k, header(&k), &good_claims(&k))).is_some());
    }

    #[test]
    fn rejects_tampering_and_other_keys() {
        let k = keys();
        let t = k.issue(&grant(), now()).unwrap_or_default();
        let mut flipped = t.clone();
        let last = flipped
            .pop()
            .map(|c| if c == 'A' { 'B' } else { 'A' })
            .unwrap_or('A');
        flipped.push(last);
        assert!(verify(&k, &flipped).is_none());
        let other = keys();
        assert!(verify(&k, &other.issue(&grant(), now()).unwrap_or_default()).is_none());
        // alg none
        let parts: Vec<&str> = t.split('.').collect();
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"at+jwt"}"#),
            parts.get(1).copied().unwrap_or_default()
        );
        assert!(verify(&k, &none).is_none());
        // HS256 signed with the public key as secret (key confusion)
        let mut hs = Header::new(Algorithm::HS256);
        hs.typ = Some(TYP.into());
        hs.kid = Some(k.kid.clone());
        let confused = jsonwebtoken::encode(
            &hs,
            &good_claims(&k),
            &EncodingKey::from_secret(k.x.as_bytes()),
        )
        .unwrap_or_default();
        assert!(verify(&k, &confused).is_none());
    }

    #[test]
    fn rejects_bad_claims_and_headers() {
        let k = keys();
        let n = now();
        let mut cases: Vec<(&str, serde_json::Value)> = Vec::new();
        for (name, key, value) in [
            ("expired", "exp", serde_json::json!(n - 10)),
            ("not yet valid", "nbf", serde_json::json!(n + 120)),
            ("wrong issuer", "iss", serde_json::json!("https://evil")),
            ("wrong audience", "aud", serde_json::json!("producer-api")),
            ("string exp", "exp", serde_json::json!("9999999999")),
            ("null sub", "sub", serde_json::Value::Null),
        ] {
            let mut c = good_claims(&k);
            c[key] = value;
            cases.push((name, c));
        }
        for missing in ["iss", "aud", "sub", "exp", "nbf", "iat", "jti", "sid"] {
            let mut c = good_claims(&k);
            if let Some(o) = c.as_object_mut() {
                o.remove(missing);
            }
            cases.push((missing, c));
        }
        for (name, c) in cases {
            assert!(verify(&k, &forge(&k, header(&k), &c)).is_none(), "{name}");
        }
        let mut wrong_typ = header(&k);
        wrong_typ.typ = Some("JWT".into());
        assert!(verify(&k, &forge(&k, wrong_typ, &good_claims(&k))).is_none());
        let mut wrong_kid = header(&k);
        wrong_kid.kid = Some("../../dev/null".into());
        assert!(verify(&k, &forge(&k, wrong_kid, &good_claims(&k))).is_none());
        assert!(verify(&k, &"a".repeat(5000)).is_none());
    }

    #[test]
    fn a_cached_token_still_expires() {
        let k = keys();
        let n = now();
        let mut c = good_claims(&k);
        c["exp"] = serde_json::json!(n - LEEWAY - 1);
        c["iat"] = serde_json::json!(n - 100);
        c["nbf"] = serde_json::json!(n - 100);
        let expired = forge(&k, header(&k), &c);
        // Put it in the cache as if it had been verified while valid.
        if let Ok(Claims { .. }) = serde_json::from_value::<Claims>(c.clone()) {
            if let (Ok(mut cache), Ok(claims)) =
                (k.verified.lock(), serde_json::from_value::<Claims>(c))
            {
                cache.insert(expired.clone(), claims);
            }
        }
        assert!(verify(&k, &expired).is_none());
        let fresh = k.issue(&grant(), n).unwrap_or_default();
        assert!(verify(&k, &fresh).is_some());
        assert!(verify(&k, &fresh).is_some(), "from the cache");
        assert!(k.verify(&fresh, n).is_some(), "credentials");
        assert!(
            k.verify(&fresh, n + ACCESS_TTL_SECS + LEEWAY + 1).is_none(),
            "the clock decides"
        );
    }

    #[test]
    fn jwks_publishes_the_key() {
        let k = keys();
        let j = k.jwks();
        assert_eq!(j.keys.len(), 1);
        assert_eq!(j.keys[0].kid, k.kid());
        assert!(DecodingKey::from_ed_components(&j.keys[0].x).is_ok());
    }
}
