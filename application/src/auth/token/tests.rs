use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{DecodingKey, EncodingKey};

use domain::AuthLevel;

use super::*;

fn keys() -> Keys {
    let pem = Keys::generate_pem().unwrap_or_default();
    Keys::from_pem(&pem, "iss-test", "aud-test").unwrap_or_else(|e| panic!("{e}"))
}

fn kid(k: &Keys) -> String {
    k.ring().entries()[0].kid.clone()
}

fn x(k: &Keys) -> String {
    k.ring().entries()[0].x.clone()
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
    match k.verify_claims(token, now())? {
        Verified::Person(c) => Some(c),
        Verified::Client(_) => None,
    }
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn forge(keys: &Keys, header: Header, claims: &serde_json::Value) -> String {
    jsonwebtoken::encode(&header, claims, &keys.ring().entries()[0].encoding).unwrap_or_default()
}

fn good_claims(k: &Keys) -> serde_json::Value {
    let n = now();
    serde_json::json!({"iss": k.issuer, "aud": k.audience, "sub": ACC, "exp": n + 60, "nbf": n, "iat": n, "jti": "j", "sid": SES, "amr": ["pwd", "sms"], "roles": []})
}

fn header(k: &Keys) -> Header {
    let mut h = Header::new(Algorithm::EdDSA);
    h.typ = Some(TYP.into());
    h.kid = Some(kid(k));
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
    hs.kid = Some(kid(&k));
    let confused = jsonwebtoken::encode(
        &hs,
        &good_claims(&k),
        &EncodingKey::from_secret(x(&k).as_bytes()),
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
            cache.insert(expired.clone(), Verified::Person(claims));
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
fn the_public_key_is_published() {
    let k = keys();
    let published = k.public_keys();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].kid, kid(&k));
    assert!(DecodingKey::from_ed_components(&published[0].x).is_ok());
}

fn client_grant() -> (domain::ClientId, domain::Scopes) {
    (
        domain::ClientId::parse("cli_0123456789abcdef01234567").unwrap_or_else(|| panic!("id")),
        domain::Scopes::parse("orders:read").unwrap_or_default(),
    )
}

#[test]
fn a_client_token_is_never_a_persons_and_the_other_way_round() {
    let k = keys();
    let (id, scopes) = client_grant();
    let t = k
        .issue_client(
            &ClientGrant {
                client_id: &id,
                role: domain::ClientRole::Integrator,
                company_id: None,
                scopes: &scopes,
            },
            now(),
        )
        .unwrap_or_default();
    assert!(matches!(
        k.verify_claims(&t, now()),
        Some(Verified::Client(_))
    ));
    assert!(verify(&k, &t).is_none(), "not a person's");
    // Person claims under the clients' audience, client claims under the people's, and a mix:
    // all refused.
    let mut person_as_client = good_claims(&k);
    person_as_client["aud"] = serde_json::json!(k.client_audience());
    let mut client_as_person = serde_json::json!({"iss": k.issuer(), "aud": k.audience(), "sub": id.as_str(), "client_id": id.as_str(), "exp": now() + 60, "nbf": now(), "iat": now(), "jti": "j", "role": "integrator", "scope": "orders:read"});
    let mut mixed = good_claims(&k);
    mixed["scope"] = serde_json::json!("orders:read");
    for (name, c) in [
        ("person as client", &mut person_as_client),
        ("client as person", &mut client_as_person),
        ("mixed", &mut mixed),
    ] {
        assert!(
            k.verify_claims(&forge(&k, header(&k), c), now()).is_none(),
            "{name}"
        );
    }
    // A client token whose sub and client_id differ.
    let forged_sub = serde_json::json!({"iss": k.issuer(), "aud": k.client_audience(), "sub": "cli_ffffffffffffffffffffffff", "client_id": id.as_str(), "exp": now() + 60, "nbf": now(), "iat": now(), "jti": "j", "role": "integrator", "scope": "orders:read"});
    assert!(k
        .verify_claims(&forge(&k, header(&k), &forged_sub), now())
        .is_none());
}
