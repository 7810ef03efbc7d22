use id06_tests::{expect, TestApp, ASA_EMAIL, ERIK_EMAIL, PASSWORD};
use serde_json::{json, Value};

#[tokio::test]
async fn password_then_sms_code_signs_in() {
    let app = TestApp::spawn().await;
    let challenge = expect(app.login(ASA_EMAIL, PASSWORD).await, 200).await;
    assert!(challenge["challenge_id"]
        .as_str()
        .is_some_and(|c| c.starts_with("lch_")));
    assert_eq!(challenge["phone_hint"], "+46 *******23");
    let (code, to) = app.nth_code(1).await;
    assert_eq!(to, "+46704450723", "the code goes to the registered phone");
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    let tokens = expect(verify(&app, &challenge["challenge_id"], &code).await, 200).await;
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 900);
    let me = expect(
        app.get("/v1/me", tokens["access_token"].as_str()).await,
        200,
    )
    .await;
    assert_eq!(me["email"], ASA_EMAIL);
    assert_eq!(me["verified_identity"]["nationality"], "SE");
}

#[tokio::test]
async fn wrong_password_and_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let wrong_password = app.login(ASA_EMAIL, "not the password at all").await;
    let unknown_email = app
        .login("nobody@example.se", "not the password at all")
        .await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_email.status(), 401);
    for r in [&wrong_password, &unknown_email] {
        assert_eq!(
            r.headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer realm=\"id06\"")
        );
    }
    // Byte for byte, but for the request id each problem cites as its `instance`.
    let without_instance = |text: String| {
        let mut v: Value = serde_json::from_str(&text).unwrap_or_default();
        assert!(v["instance"]
            .as_str()
            .is_some_and(|i| i.starts_with("urn:id06:request:")));
        v["instance"] = Value::Null;
        v.to_string()
    };
    let a = without_instance(wrong_password.text().await.unwrap_or_default());
    let b = without_instance(unknown_email.text().await.unwrap_or_default());
    assert_eq!(a, b, "byte for byte");
    assert!(a.contains("invalid_credentials"));
    assert!(
        app.sms_messages().is_empty(),
        "no code is sent for a failed login"
    );
}

async fn verify(app: &TestApp, challenge: &Value, code: &str) -> reqwest::Response {
    app.post(
        "/v1/auth/login/verify",
        None,
        Some(json!({"challenge_id": challenge, "code": code})),
    )
    .await
}

async fn start(app: &TestApp) -> (Value, String) {
    let before = app.sms_messages().len();
    let challenge = expect(app.login(ASA_EMAIL, PASSWORD).await, 200).await;
    let (code, _) = app.nth_code(before + 1).await;
    (challenge["challenge_id"].clone(), code)
}

fn other_code(code: &str) -> String {
    let n: u32 = code.parse().unwrap_or(0);
    format!("{:06}", (n + 1) % 1_000_000)
}

#[tokio::test]
async fn five_wrong_codes_end_the_challenge() {
    let app = TestApp::spawn().await;
    let (challenge, code) = start(&app).await;
    for left in (0..5).rev() {
        let p = expect(verify(&app, &challenge, &other_code(&code)).await, 401).await;
        let want = if left > 0 {
            "invalid_code"
        } else {
            "challenge_invalid"
        };
        assert_eq!(p["code"], want, "{p}");
    }
    // Even the right code no longer works.
    let p = expect(verify(&app, &challenge, &code).await, 401).await;
    assert_eq!(p["code"], "challenge_invalid");
}

#[tokio::test]
async fn a_code_works_once() {
    let app = TestApp::spawn().await;
    let (challenge, code) = start(&app).await;
    expect(verify(&app, &challenge, &code).await, 200).await;
    let p = expect(verify(&app, &challenge, &code).await, 401).await;
    assert_eq!(p["code"], "challenge_invalid");
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let app = TestApp::spawn().await;
    let (challenge, code) = start(&app).await;
    app.clock.advance(chrono::TimeDelta::minutes(5));
    let p = expect(verify(&app, &challenge, &code).await, 401).await;
    assert_eq!(p["code"], "challenge_invalid");
}

#[tokio::test]
async fn resend_has_a_cooldown_and_replaces_the_code() {
    let app = TestApp::spawn().await;
    let (challenge, first) = start(&app).await;
    let r = app
        .post(
            "/v1/auth/login/resend",
            None,
            Some(json!({"challenge_id": challenge})),
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    app.clock.advance(chrono::TimeDelta::seconds(30));
    expect(
        app.post(
            "/v1/auth/login/resend",
            None,
            Some(json!({"challenge_id": challenge})),
        )
        .await,
        200,
    )
    .await;
    let (second, _) = app.nth_code(2).await;
    if second != first {
        let p = expect(verify(&app, &challenge, &first).await, 401).await;
        assert_eq!(p["code"], "invalid_code", "the old code stopped working");
    }
    expect(verify(&app, &challenge, &second).await, 200).await;
}

#[tokio::test]
async fn failed_logins_are_throttled_per_email() {
    let app = TestApp::spawn().await;
    for _ in 0..10 {
        expect(app.login(ERIK_EMAIL, "wrong password here").await, 401).await;
    }
    let r = app.login(ERIK_EMAIL, PASSWORD).await;
    assert_eq!(r.status(), 429, "even the right password waits");
    let retry: u64 = r
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert!((1..=900).contains(&retry), "{retry}");
    // Another account is not affected.
    expect(app.login(ASA_EMAIL, PASSWORD).await, 200).await;
}

#[tokio::test]
async fn logout_ends_the_session_at_once() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    expect(app.get("/v1/me", Some(&s.access_token)).await, 200).await;
    let r = app
        .post("/v1/auth/logout", Some(&s.access_token), None)
        .await;
    assert_eq!(r.status(), 204);
    let p = expect(app.get("/v1/me", Some(&s.access_token)).await, 401).await;
    assert_eq!(p["code"], "invalid_token");
    expect(
        app.post(
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": s.refresh_token})),
        )
        .await,
        401,
    )
    .await;
}

#[tokio::test]
async fn refresh_rotates_and_reuse_ends_the_session() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
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
    let new_access = t["access_token"].as_str().unwrap_or_default().to_owned();
    assert_ne!(t["refresh_token"].as_str(), Some(s.refresh_token.as_str()));
    expect(app.get("/v1/me", Some(&new_access)).await, 200).await;
    // The old refresh token again: theft assumed, the whole session ends.
    expect(
        app.post(
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": s.refresh_token})),
        )
        .await,
        401,
    )
    .await;
    expect(app.get("/v1/me", Some(&new_access)).await, 401).await;
    expect(
        app.post(
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": t["refresh_token"]})),
        )
        .await,
        401,
    )
    .await;
}

#[tokio::test]
async fn forged_and_foreign_tokens_are_refused() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let parts: Vec<&str> = s.access_token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"at+jwt"}"#),
        parts[1]
    );
    let payload: Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap_or_default())
            .unwrap_or_default();
    let mut erik = payload.clone();
    erik["sub"] = json!(devkit::demo::ERIK_ID);
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(erik.to_string()),
        parts[2]
    );
    use app::auth::token::{Keys, SessionGrant};
    let other_key = Keys::from_pem(
        &Keys::generate_pem().unwrap_or_default(),
        "urn:id06:card-order-service",
        "id06-api",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (account, session) = (
        domain::AccountId::parse(devkit::demo::ASA_ID).unwrap_or_else(|| panic!("id")),
        domain::SessionId::parse(payload["sid"].as_str().unwrap_or_default())
            .unwrap_or_else(|| panic!("sid")),
    );
    let foreign = other_key
        .issue(
            &SessionGrant {
                account_id: &account,
                session_id: &session,
                auth_level: domain::AuthLevel::PasswordAndSms,
                roles: &[],
            },
            chrono::Utc::now().timestamp(),
        )
        .unwrap_or_default();
    for (name, token) in [
        ("alg none", none),
        ("tampered sub", tampered),
        ("other key", foreign),
        ("garbage", "abc".into()),
        ("empty", String::new()),
    ] {
        let r = app
            .client
            .get(app.url("/v1/me"))
            .header("authorization", format!("Bearer {token}"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status(), 401, "{name}");
        assert_eq!(
            r.headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Bearer realm=\"id06\", error=\"invalid_token\""),
            "{name}"
        );
    }
    // A token in the query string is not a credential.
    let r = app
        .get(&format!("/v1/me?access_token={}", s.access_token), None)
        .await;
    assert!(r.status() == 401 || r.status() == 400, "{}", r.status());
}

#[tokio::test]
async fn jwks_publishes_the_signing_key() {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let header: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(s.access_token.split('.').next().unwrap_or_default())
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    assert_eq!(header["alg"], "EdDSA");
    let jwks = expect(app.get("/.well-known/jwks.json", None).await, 200).await;
    assert_eq!(jwks["keys"][0]["kid"], header["kid"]);
    assert_eq!(jwks["keys"][0]["crv"], "Ed25519");
}
