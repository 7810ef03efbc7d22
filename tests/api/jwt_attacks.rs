//! The JWT attacks of the security test plan (J1–J18), each against the real server. Tokens are
//! forged with the server's own signing key where the attack needs a valid signature, so each
//! case differs from an accepted token (the control) in exactly the one property under attack.
//! Every refusal is the same 401 `invalid_token` with `WWW-Authenticate`, whatever the reason.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::pkcs8::DecodePrivateKey;
use ed25519_dalek::{Signer, SigningKey};
use id06_tests::{expect, TestApp, ASA_EMAIL, PASSWORD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A token from a raw header and raw claims text, signed with `key`.
fn signed(header: &Value, claims: &str, key: &SigningKey) -> String {
    let input = format!("{}.{}", b64(header.to_string()), b64(claims));
    format!("{input}.{}", b64(key.sign(input.as_bytes()).to_bytes()))
}

struct Lab {
    app: TestApp,
    key: SigningKey,
    kid: String,
    /// A live session's claims, with fresh times.
    claims: Value,
}

impl Lab {
    async fn new() -> Lab {
        let pem = app::auth::token::Keys::generate_pem().unwrap_or_else(|e| panic!("{e}"));
        let key = SigningKey::from_pkcs8_pem(&pem).unwrap_or_else(|e| panic!("{e}"));
        let p = pem.clone();
        let app = TestApp::spawn_with(move |s| s.jwt_private_key = Some(p)).await;
        let jwks = expect(app.get("/.well-known/jwks.json", None).await, 200).await;
        let kid = jwks["keys"][0]["kid"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let session = app.sign_in(ASA_EMAIL).await;
        let payload = session.access_token.split('.').nth(1).unwrap_or_default();
        let claims: Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap_or_default())
                .unwrap_or_default();
        Lab {
            app,
            key,
            kid,
            claims,
        }
    }

    fn header(&self) -> Value {
        json!({"alg": "EdDSA", "typ": "at+jwt", "kid": self.kid})
    }

    fn claims_with(&self, change: impl FnOnce(&mut Value)) -> String {
        let now = chrono::Utc::now().timestamp();
        let mut c = self.claims.clone();
        c["iat"] = json!(now);
        c["nbf"] = json!(now);
        c["exp"] = json!(now + 600);
        change(&mut c);
        c.to_string()
    }

    fn good(&self) -> String {
        signed(&self.header(), &self.claims_with(|_| {}), &self.key)
    }

    async fn status(&self, token: &str) -> (u16, Value, Option<String>) {
        let r = self
            .app
            .client
            .get(self.app.url("/v1/me"))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let status = r.status().as_u16();
        let challenge = r
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        (status, r.json().await.unwrap_or_default(), challenge)
    }

    /// Asserts the one answer every bad token gets.
    async fn refused(&self, case: &str, token: &str) {
        let (status, body, challenge) = self.status(token).await;
        assert_eq!(status, 401, "{case}");
        assert_eq!(body["code"], "invalid_token", "{case}");
        assert_eq!(
            body["detail"],
            self.reference_detail().await,
            "{case}: the same detail"
        );
        assert_eq!(
            challenge.as_deref(),
            Some("Bearer realm=\"id06\", error=\"invalid_token\""),
            "{case}"
        );
    }

    async fn reference_detail(&self) -> Value {
        self.status("not-a-token").await.1["detail"].clone()
    }
}

#[tokio::test]
async fn the_control_is_accepted() {
    let lab = Lab::new().await;
    assert_eq!(
        lab.status(&lab.good()).await.0,
        200,
        "a correctly forged token works"
    );
}

#[tokio::test]
async fn j1_alg_none() {
    let lab = Lab::new().await;
    let claims = b64(lab.claims_with(|_| {}));
    for alg in ["none", "None", "NONE", "nOnE"] {
        let header = b64(json!({"alg": alg, "typ": "at+jwt", "kid": lab.kid}).to_string());
        lab.refused(&format!("J1 {alg}"), &format!("{header}.{claims}."))
            .await;
    }
}

#[tokio::test]
async fn j2_j3_other_algorithms_and_key_confusion() {
    let lab = Lab::new().await;
    let claims: Value = serde_json::from_str(&lab.claims_with(|_| {})).unwrap_or_default();
    let public = lab.key.verifying_key().to_bytes();
    let public_pem = format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(
            [
                &[0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00][..],
                &public
            ]
            .concat()
        )
    );
    for (case, alg, secret) in [
        (
            "J2 HS256 keyed with the public key PEM",
            Algorithm::HS256,
            public_pem.clone().into_bytes(),
        ),
        (
            "J2 HS256 keyed with the raw public key",
            Algorithm::HS256,
            public.to_vec(),
        ),
        (
            "J3 HS384",
            Algorithm::HS384,
            public_pem.clone().into_bytes(),
        ),
        ("J3 HS512", Algorithm::HS512, b64(public).into_bytes()),
    ] {
        let mut h = Header::new(alg);
        h.typ = Some("at+jwt".into());
        h.kid = Some(lab.kid.clone());
        let token = jsonwebtoken::encode(&h, &claims, &EncodingKey::from_secret(&secret))
            .unwrap_or_default();
        lab.refused(case, &token).await;
    }
}

#[tokio::test]
async fn j4_j5_signature_and_payload_tampering() {
    let lab = Lab::new().await;
    let good = lab.good();
    let (head_payload, sig) = good.rsplit_once('.').unwrap_or_default();
    let mut flipped = good.clone();
    let last = flipped
        .pop()
        .map_or('A', |c| if c == 'A' { 'B' } else { 'A' });
    flipped.push(last);
    lab.refused("J4 stripped", &format!("{head_payload}."))
        .await;
    lab.refused(
        "J4 truncated",
        &format!("{head_payload}.{}", &sig[..sig.len() - 4]),
    )
    .await;
    lab.refused("J4 flipped", &flipped).await;
    let header = good.split('.').next().unwrap_or_default();
    for (case, change) in [
        ("J5 sub", json!({"sub": devkit::demo::ERIK_ID})),
        ("J5 roles", json!({"roles": ["operator"]})),
    ] {
        let claims = lab.claims_with(|c| {
            if let (Some(o), Some(add)) = (c.as_object_mut(), change.as_object()) {
                o.extend(add.clone());
            }
        });
        lab.refused(case, &format!("{header}.{}.{sig}", b64(claims)))
            .await;
    }
}

/// Issued ten minutes ago, expired `secs` ago: only the expiry is wrong.
fn expired_by(c: &mut Value, now: i64, secs: i64) {
    c["iat"] = json!(now - 600);
    c["nbf"] = json!(now - 600);
    c["exp"] = json!(now - secs);
}

#[tokio::test]
async fn j6_to_j10_time_issuer_audience_and_missing_claims() {
    let lab = Lab::new().await;
    let now = chrono::Utc::now().timestamp();
    let mut cases: Vec<(String, String)> = vec![
        (
            "J6 expired past the 5 s leeway".into(),
            lab.claims_with(|c| expired_by(c, now, 6)),
        ),
        (
            "J7 not yet valid".into(),
            lab.claims_with(|c| c["nbf"] = json!(now + 120)),
        ),
        (
            "J8 wrong issuer".into(),
            lab.claims_with(|c| c["iss"] = json!("https://evil")),
        ),
        (
            "J10 wrong audience".into(),
            lab.claims_with(|c| c["aud"] = json!("producer-api")),
        ),
        (
            "J10 audience list without ours".into(),
            lab.claims_with(|c| c["aud"] = json!(["producer-api"])),
        ),
    ];
    for missing in ["iss", "aud", "sub", "exp", "nbf", "iat", "sid", "jti"] {
        cases.push((
            format!("J9 missing {missing}"),
            lab.claims_with(|c| {
                if let Some(o) = c.as_object_mut() {
                    o.remove(missing);
                }
            }),
        ));
    }
    for (case, claims) in cases {
        lab.refused(&case, &signed(&lab.header(), &claims, &lab.key))
            .await;
    }
    // Inside the leeway still works: the boundary is where the plan puts it.
    let edge = lab.claims_with(|c| expired_by(c, chrono::Utc::now().timestamp(), 2));
    assert_eq!(
        lab.status(&signed(&lab.header(), &edge, &lab.key)).await.0,
        200
    );
}

#[tokio::test]
async fn j11_j12_unknown_kids_and_embedded_keys_fetch_nothing() {
    let lab = Lab::new().await;
    let claims = lab.claims_with(|_| {});
    for kid in ["does-not-exist", "../../../../dev/null", "' OR 1=1 --", ""] {
        let h = json!({"alg": "EdDSA", "typ": "at+jwt", "kid": kid});
        lab.refused(&format!("J11 kid {kid:?}"), &signed(&h, &claims, &lab.key))
            .await;
    }
    let h = json!({"alg": "EdDSA", "typ": "at+jwt"});
    lab.refused("J11 no kid", &signed(&h, &claims, &lab.key))
        .await;

    // A listener that counts connections: the server must never fetch a key from a token.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let url = format!(
        "http://127.0.0.1:{}/jwks.json",
        listener.local_addr().map(|a| a.port()).unwrap_or_default()
    );
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    let accept = tokio::spawn(async move {
        while listener.accept().await.is_ok() {
            counter.fetch_add(1, Ordering::SeqCst);
        }
    });
    let attacker = SigningKey::from_bytes(&[7u8; 32]);
    let attacker_jwk =
        json!({"kty": "OKP", "crv": "Ed25519", "x": b64(attacker.verifying_key().to_bytes())});
    for (case, header, key) in [
        (
            "J12 jwk",
            json!({"alg": "EdDSA", "typ": "at+jwt", "kid": lab.kid, "jwk": attacker_jwk}),
            &attacker,
        ),
        (
            "J12 jwk without kid",
            json!({"alg": "EdDSA", "typ": "at+jwt", "jwk": attacker_jwk}),
            &attacker,
        ),
        (
            "J12 jku",
            json!({"alg": "EdDSA", "typ": "at+jwt", "kid": "attacker", "jku": url}),
            &attacker,
        ),
        (
            "J12 x5u",
            json!({"alg": "EdDSA", "typ": "at+jwt", "kid": "attacker", "x5u": url}),
            &attacker,
        ),
        (
            "J12 jku beside our own kid and key",
            json!({"alg": "EdDSA", "typ": "at+jwt", "kid": lab.kid, "jku": url}),
            &lab.key,
        ),
    ] {
        lab.refused(case, &signed(&header, &claims, key)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        hits.load(Ordering::SeqCst),
        0,
        "no outbound request was made"
    );
    accept.abort();
}

#[tokio::test]
async fn j13_other_tokens_used_as_access_tokens() {
    let lab = Lab::new().await;
    let claims = lab.claims_with(|_| {});
    for typ in ["JWT", "rt+jwt", "at+JWT"] {
        let h = json!({"alg": "EdDSA", "typ": typ, "kid": lab.kid});
        lab.refused(&format!("J13 typ {typ}"), &signed(&h, &claims, &lab.key))
            .await;
    }
    let h = json!({"alg": "EdDSA", "kid": lab.kid});
    lab.refused("J13 no typ", &signed(&h, &claims, &lab.key))
        .await;
    // Secrets of other kinds: a refresh token, a login challenge, an invitation link's token.
    let s = lab.app.sign_in(ASA_EMAIL).await;
    lab.refused("J13 refresh token", &s.refresh_token).await;
    let challenge = expect(lab.app.login(ASA_EMAIL, PASSWORD).await, 200).await;
    lab.refused(
        "J13 login challenge",
        challenge["challenge_id"].as_str().unwrap_or_default(),
    )
    .await;
    lab.refused("J13 invitation token", devkit::demo::INVITATION_TOKEN)
        .await;
}

#[tokio::test]
async fn j14_j15_tokens_of_ended_sessions() {
    let lab = Lab::new().await;
    // J14: after logout the access token and the refresh token are dead.
    let s = lab.app.sign_in(ASA_EMAIL).await;
    expect(
        lab.app
            .post("/v1/auth/logout", Some(&s.access_token), None)
            .await,
        204,
    )
    .await;
    lab.refused("J14 access after logout", &s.access_token)
        .await;
    let r = lab
        .app
        .post(
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": s.refresh_token})),
        )
        .await;
    assert_eq!(r.status(), 401, "J14 refresh after logout");
    // J15: tokens issued before a password change, on another device.
    let here = lab.app.sign_in(ASA_EMAIL).await;
    let there = lab.app.sign_in(ASA_EMAIL).await;
    let change = lab
        .app
        .post(
            "/v1/me/password",
            Some(&here.access_token),
            Some(json!({"current_password": PASSWORD, "new_password": "Cloudberries in late August"})),
        )
        .await;
    assert_eq!(change.status(), 204);
    lab.refused("J15 after a password change", &there.access_token)
        .await;
    // The control token named the first session, which is still live: J15 ends only others.
    assert_eq!(lab.status(&here.access_token).await.0, 200);
}

#[tokio::test]
async fn j17_j18_oversized_and_odd_tokens() {
    let lab = Lab::new().await;
    // J17: a 16 KB header; the server answers (401, or 431 for the header size) and lives on.
    let big =
        json!({"alg": "EdDSA", "typ": "at+jwt", "kid": lab.kid, "pad": "x".repeat(16 * 1024)});
    let token = signed(&big, &lab.claims_with(|_| {}), &lab.key);
    let (status, _, _) = lab.status(&token).await;
    assert!(status == 401 || status == 431, "J17: {status}");
    assert_eq!(lab.status(&lab.good()).await.0, 200, "still serving");
    // J18: claims of the wrong type, out of range, or twice.
    for (case, claims) in [
        (
            "J18 exp as a string",
            lab.claims_with(|c| c["exp"] = json!("9999999999")),
        ),
        ("J18 exp 1e20", lab.claims_with(|c| c["exp"] = json!(1e20))),
        ("J18 sub null", lab.claims_with(|c| c["sub"] = Value::Null)),
        ("J18 sid a number", lab.claims_with(|c| c["sid"] = json!(7))),
        (
            "J18 sub not an account id",
            lab.claims_with(|c| c["sub"] = json!("admin")),
        ),
    ] {
        lab.refused(case, &signed(&lab.header(), &claims, &lab.key))
            .await;
    }
    let base = lab.claims_with(|_| {});
    let twice = format!(
        "{},\"sub\":\"{}\"}}",
        base.trim_end_matches('}'),
        devkit::demo::ERIK_ID
    );
    lab.refused("J18 sub twice", &signed(&lab.header(), &twice, &lab.key))
        .await;
}
