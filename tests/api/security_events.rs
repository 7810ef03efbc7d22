//! The security audit log over HTTP: what it records, who may read it, filters and paging, and
//! that it never holds a password, a code or a token.

use id06_tests::{
    expect, TestApp, ASA_EMAIL, ERIK_EMAIL, INTEGRATOR_ID, INTEGRATOR_SECRET, PASSWORD,
};
use serde_json::{json, Value};

const WRONG: &str = "Autumn-leaves-2026!";

async fn events(app: &TestApp, token: &str, query: &str) -> Value {
    expect(
        app.get(&format!("/v1/security-events{query}"), Some(token))
            .await,
        200,
    )
    .await
}

fn kinds(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|e| e["kind"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn sign_ins_credential_changes_and_clients_are_in_the_log_without_secrets() {
    let app = TestApp::spawn().await;
    let ops = app.operator("ops@example.se").await;
    let t = ops.access_token.as_str();
    // A failed sign-in names the email tried and the address, known account or not.
    expect(app.login(ASA_EMAIL, WRONG).await, 401).await;
    expect(app.login("nobody@example.se", WRONG).await, 401).await;
    // A wrong code, then a full sign-in.
    let challenge = expect(app.login(ERIK_EMAIL, PASSWORD).await, 200).await;
    let r = app
        .post(
            "/v1/auth/login/verify",
            None,
            Some(json!({"challenge_id": challenge["challenge_id"], "code": "000000"})),
        )
        .await;
    let code_answer = r.status().as_u16();
    let erik = app.sign_in(ERIK_EMAIL).await;
    // A password change; a machine client failing to authenticate.
    let changed = app
        .post(
            "/v1/me/password",
            Some(&erik.access_token),
            Some(json!({"current_password": PASSWORD, "new_password": "Rowan berries in October"})),
        )
        .await;
    assert_eq!(changed.status(), 204);
    let bad = app
        .token_request(
            INTEGRATOR_ID,
            "cs_not-the-secret",
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!(bad.status(), 401);

    let failed = events(&app, t, "?kind=sign_in_failed").await;
    let asa = failed["data"]
        .as_array()
        .and_then(|d| d.iter().find(|e| e["email"] == ASA_EMAIL).cloned())
        .unwrap_or_default();
    assert_eq!(asa["client_address"], "127.0.0.1");
    assert_eq!(asa["account_id"], devkit::demo::ASA_ID);
    let nobody = events(&app, t, "?kind=sign_in_failed&email=nobody@example.se").await;
    assert_eq!(nobody["data"].as_array().map(Vec::len), Some(1));
    assert!(nobody["data"][0]["account_id"].is_null());

    let all = events(&app, t, "?limit=100").await;
    let k = kinds(&all);
    for want in [
        "sign_in_failed",
        "sign_in_succeeded",
        "password_changed",
        "client_authentication_failed",
    ] {
        assert!(k.iter().any(|x| x == want), "{want} in {k:?}");
    }
    if code_answer == 401 {
        assert!(k.iter().any(|x| x == "code_failed"), "{k:?}");
    }
    let erik_events = events(&app, t, &format!("?account_id={}", devkit::demo::ERIK_ID)).await;
    assert!(kinds(&erik_events)
        .iter()
        .all(|x| x != "client_authentication_failed"));
    let client_events = events(&app, t, &format!("?client_id={INTEGRATOR_ID}")).await;
    assert_eq!(kinds(&client_events), vec!["client_authentication_failed"]);
    // Nothing secret is in the log: no password tried, no token, no secret sent.
    let text = all.to_string();
    for secret in [
        WRONG,
        PASSWORD,
        "Rowan berries",
        "cs_not-the-secret",
        erik.access_token.as_str(),
        erik.refresh_token.as_str(),
    ] {
        assert!(!text.contains(secret), "the log holds {secret}");
    }

    // Newest first, a page at a time.
    let first = events(&app, t, "?limit=2").await;
    assert_eq!(first["data"].as_array().map(Vec::len), Some(2));
    let cursor = first["next_cursor"].as_str().unwrap_or_default();
    let second = events(&app, t, &format!("?limit=2&cursor={cursor}")).await;
    assert_ne!(first["data"][0]["id"], second["data"][0]["id"]);
    assert!(first["data"][1]["created_at"].as_str() >= second["data"][0]["created_at"].as_str());
    expect(
        app.get("/v1/security-events?kind=bogus", Some(t)).await,
        400,
    )
    .await;
    expect(
        app.get("/v1/security-events?cursor=nonsense", Some(t))
            .await,
        400,
    )
    .await;
}

#[tokio::test]
async fn only_operators_read_the_log() {
    let app = TestApp::spawn().await;
    let asa = app.sign_in(ASA_EMAIL).await;
    let p = expect(
        app.get("/v1/security-events", Some(&asa.access_token))
            .await,
        403,
    )
    .await;
    assert_eq!(p["code"], "operator_required");
    let machine = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    expect(app.get("/v1/security-events", Some(&machine)).await, 401).await;
    expect(app.get("/v1/security-events", None).await, 401).await;
}
