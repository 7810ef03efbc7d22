//! Signing-key rotation with people signed in: `rotate-keys` adds a key that every instance
//! publishes at once and signs with after the activation delay; tokens of the old key keep
//! working until they expire; a later rotation removes the old key, and a token it signs is then
//! refused (J16).

use std::path::Path;
use std::time::{Duration, Instant};

use app::auth::token::{Keys, SessionGrant};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::TimeDelta;
use id06_tests::{expect, Session, TestApp, ASA_EMAIL, ERIK_EMAIL};
use serde_json::{json, Value};

const ACTIVATION: i64 = 60;

fn settings(dir: &Path) -> api::Settings {
    let mut s = api::Settings::with_database("sqlite://unused");
    s.jwt_private_key = None;
    s.jwt_key_dir = dir.to_owned();
    s.jwt_key_activation_secs = ACTIVATION;
    s.jwt_key_reload_secs = 1;
    s
}

fn header_of(token: &str) -> Value {
    let head = token.split('.').next().unwrap_or_default();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(head).unwrap_or_default()).unwrap_or_default()
}

fn payload_of(token: &str) -> Value {
    let body = token.split('.').nth(1).unwrap_or_default();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(body).unwrap_or_default()).unwrap_or_default()
}

async fn kids(app: &TestApp) -> Vec<String> {
    let jwks = expect(app.get("/.well-known/jwks.json", None).await, 200).await;
    jwks["keys"]
        .as_array()
        .map(|ks| {
            ks.iter()
                .filter_map(|k| k["kid"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the server has reloaded the directory and publishes `want` keys.
async fn published(app: &TestApp, want: impl Fn(&[String]) -> bool) -> Vec<String> {
    let start = Instant::now();
    loop {
        let k = kids(app).await;
        if want(&k) {
            return k;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "keys never reloaded: {k:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn refreshed(app: &TestApp, s: &Session) -> Session {
    let t = expect(
        app.post(
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": s.refresh_token})),
        )
        .await,
        200,
    )
    .await;
    Session {
        access_token: t["access_token"].as_str().unwrap_or_default().to_owned(),
        refresh_token: t["refresh_token"].as_str().unwrap_or_default().to_owned(),
    }
}

#[tokio::test]
async fn keys_rotate_while_people_are_signed_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let keys = dir.path().join("jwt-keys");
    let app = TestApp::spawn_with(|s| {
        s.jwt_private_key = None;
        s.jwt_key_dir = keys.clone();
        s.jwt_key_activation_secs = ACTIVATION;
        s.jwt_key_reload_secs = 1;
    })
    .await;
    let t0 = chrono::Utc::now().timestamp();
    let first = kids(&app).await;
    assert_eq!(first.len(), 1, "a fresh install makes its first key");
    let asa = app.sign_in(ASA_EMAIL).await;
    assert_eq!(header_of(&asa.access_token)["kid"], first[0]);

    // Rotate: the new key is published at once, but does not sign yet.
    let rotation = api::cli::rotate_keys(&settings(&keys), t0).unwrap_or_else(|e| panic!("{e}"));
    let both = published(&app, |k| k.len() == 2).await;
    assert!(both.contains(&rotation.added));
    let early = app.sign_in(ERIK_EMAIL).await;
    assert_eq!(
        header_of(&early.access_token)["kid"],
        first[0],
        "not before activation"
    );
    expect(app.get("/v1/me", Some(&asa.access_token)).await, 200).await;

    // After the activation delay the new key signs; the old key's tokens still work.
    app.clock.advance(TimeDelta::seconds(ACTIVATION + 1));
    let late = app.sign_in(ERIK_EMAIL).await;
    assert_eq!(header_of(&late.access_token)["kid"], rotation.added);
    expect(app.get("/v1/me", Some(&asa.access_token)).await, 200).await;
    let asa = refreshed(&app, &asa).await;
    assert_eq!(header_of(&asa.access_token)["kid"], rotation.added);

    // The old key is kept for anyone who still holds a token of it.
    let old_pem = std::fs::read_dir(&keys)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().contains(&first[0]))
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let second = api::cli::rotate_keys(&settings(&keys), t0 + ACTIVATION + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(second.removed.is_empty(), "its tokens may still be valid");
    published(&app, |k| k.contains(&second.added)).await;

    // Twenty minutes on, the third key has signed for longer than a token lives: every token of
    // the first two has expired, and the next rotation removes them.
    app.clock.advance(TimeDelta::minutes(20));
    let now = t0 + ACTIVATION + 1 + 20 * 60;
    let asa = refreshed(&app, &asa).await;
    assert_eq!(header_of(&asa.access_token)["kid"], second.added);
    let third = api::cli::rotate_keys(&settings(&keys), now).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        third.removed,
        vec![first[0].clone(), rotation.added.clone()]
    );
    published(&app, |k| !k.contains(&first[0])).await;

    // J16: a token signed by the removed key, otherwise valid, is refused.
    let removed = Keys::from_pem(&old_pem, "urn:id06:card-order-service", "id06-api")
        .unwrap_or_else(|e| panic!("{e}"));
    let claims = payload_of(&asa.access_token);
    let (account, session) = (
        domain::AccountId::parse(claims["sub"].as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("sub")),
        domain::SessionId::parse(claims["sid"].as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("sid")),
    );
    let forged = removed
        .issue(
            &SessionGrant {
                account_id: &account,
                session_id: &session,
                auth_level: domain::AuthLevel::PasswordAndSms,
                roles: &[],
            },
            now,
        )
        .unwrap_or_default();
    assert_eq!(header_of(&forged)["kid"], first[0]);
    let r = expect(app.get("/v1/me", Some(&forged)).await, 401).await;
    assert_eq!(r["code"], "invalid_token");
    // The person's own current token works.
    expect(app.get("/v1/me", Some(&asa.access_token)).await, 200).await;
}
