//! Sessions (list, revoke, idle and absolute timeouts), password change, forgotten passwords and
//! mobile-number changes, over HTTP.

use chrono::TimeDelta;
use id06_tests::{expect, Session, TestApp, ASA_EMAIL, ERIK_EMAIL, PASSWORD};
use reqwest::Response;
use serde_json::{json, Value};

const NEW_PASSWORD: &str = "Lingonberry jam on Thursdays";

async fn delete(app: &TestApp, path: &str, token: &str) -> Response {
    app.client
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("DELETE {path}: {e}"))
}

async fn refresh(app: &TestApp, s: &Session) -> Response {
    app.post(
        "/v1/auth/refresh",
        None,
        Some(json!({"refresh_token": s.refresh_token})),
    )
    .await
}

async fn sessions(app: &TestApp, s: &Session) -> Vec<Value> {
    let list = expect(app.get("/v1/me/sessions", Some(&s.access_token)).await, 200).await;
    list["data"].as_array().cloned().unwrap_or_default()
}

fn current_id(list: &[Value]) -> String {
    list.iter()
        .find(|s| s["current"] == true)
        .and_then(|s| s["id"].as_str())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn sessions_are_listed_and_any_can_be_ended() {
    let app = TestApp::spawn().await;
    let phone = app.sign_in(ASA_EMAIL).await;
    let laptop = app.sign_in(ASA_EMAIL).await;
    let list = sessions(&app, &phone).await;
    assert_eq!(list.len(), 2, "{list:?}");
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let first = &list[0];
    assert_eq!(first["authentication_methods"], json!(["pwd", "sms"]));
    assert_eq!(first["client_address"], "127.0.0.1");
    for field in [
        "created_at",
        "last_active_at",
        "idle_expires_at",
        "expires_at",
    ] {
        assert!(first[field].is_string(), "{field}");
    }
    let laptop_id = current_id(&sessions(&app, &laptop).await);
    // Another person's session, a made-up one: not found.
    let erik = app.sign_in(ERIK_EMAIL).await;
    let erik_id = current_id(&sessions(&app, &erik).await);
    expect(
        delete(
            &app,
            &format!("/v1/me/sessions/{erik_id}"),
            &phone.access_token,
        )
        .await,
        404,
    )
    .await;
    expect(
        delete(
            &app,
            "/v1/me/sessions/ses_000000000000000000000000",
            &phone.access_token,
        )
        .await,
        404,
    )
    .await;
    expect(app.get("/v1/me", Some(&erik.access_token)).await, 200).await;
    // From the phone, end the laptop's session: its tokens stop at once.
    let r = delete(
        &app,
        &format!("/v1/me/sessions/{laptop_id}"),
        &phone.access_token,
    )
    .await;
    assert_eq!(r.status(), 204);
    expect(app.get("/v1/me", Some(&laptop.access_token)).await, 401).await;
    expect(refresh(&app, &laptop).await, 401).await;
    assert_eq!(sessions(&app, &phone).await.len(), 1);
    expect(
        delete(
            &app,
            &format!("/v1/me/sessions/{laptop_id}"),
            &phone.access_token,
        )
        .await,
        404,
    )
    .await;
    // Ending the current session signs out.
    let own = current_id(&sessions(&app, &phone).await);
    assert_eq!(
        delete(&app, &format!("/v1/me/sessions/{own}"), &phone.access_token)
            .await
            .status(),
        204
    );
    expect(app.get("/v1/me", Some(&phone.access_token)).await, 401).await;
}

#[tokio::test]
async fn a_session_ends_after_30_idle_minutes_and_after_12_hours_whatever_happens() {
    let app = TestApp::spawn().await;
    // Idle: 31 minutes without a refresh.
    let idle = app.sign_in(ASA_EMAIL).await;
    app.clock.advance(TimeDelta::minutes(31));
    expect(refresh(&app, &idle).await, 401).await;
    // Active: refreshed every 25 minutes it lives on, until 12 hours after signing in.
    let mut s = app.sign_in(ERIK_EMAIL).await;
    let mut elapsed = TimeDelta::zero();
    while elapsed + TimeDelta::minutes(25) < TimeDelta::hours(12) {
        app.clock.advance(TimeDelta::minutes(25));
        elapsed += TimeDelta::minutes(25);
        let t = expect(refresh(&app, &s).await, 200).await;
        s = Session {
            access_token: t["access_token"].as_str().unwrap_or_default().to_owned(),
            refresh_token: t["refresh_token"].as_str().unwrap_or_default().to_owned(),
        };
    }
    let list = sessions(&app, &s).await;
    assert_eq!(list.len(), 1);
    app.clock.advance(TimeDelta::minutes(25));
    expect(refresh(&app, &s).await, 401).await;
    expect(app.get("/v1/me", Some(&s.access_token)).await, 401).await;
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let app = TestApp::spawn().await;
    let here = app.sign_in(ASA_EMAIL).await;
    let elsewhere = app.sign_in(ASA_EMAIL).await;
    let wrong = app
        .post(
            "/v1/me/password",
            Some(&here.access_token),
            Some(json!({"current_password": "not the password", "new_password": NEW_PASSWORD})),
        )
        .await;
    let p = expect(wrong, 422).await;
    assert_eq!(p["code"], "wrong_password");
    let weak = app
        .post(
            "/v1/me/password",
            Some(&here.access_token),
            Some(json!({"current_password": PASSWORD, "new_password": "password1234"})),
        )
        .await;
    expect(weak, 422).await;
    let r = app
        .post(
            "/v1/me/password",
            Some(&here.access_token),
            Some(json!({"current_password": PASSWORD, "new_password": NEW_PASSWORD})),
        )
        .await;
    assert_eq!(r.status(), 204);
    // Tokens issued before the change, on the other device: refused at once.
    expect(app.get("/v1/me", Some(&elsewhere.access_token)).await, 401).await;
    expect(refresh(&app, &elsewhere).await, 401).await;
    expect(app.get("/v1/me", Some(&here.access_token)).await, 200).await;
    expect(app.login(ASA_EMAIL, PASSWORD).await, 401).await;
    expect(app.login(ASA_EMAIL, NEW_PASSWORD).await, 200).await;
    let notice = app.nth_email_to(ASA_EMAIL, 1).await;
    assert!(notice["subject"]
        .as_str()
        .unwrap_or_default()
        .contains("password was changed"));
    assert!(!notice.to_string().contains(NEW_PASSWORD));
}

#[tokio::test]
async fn a_forgotten_password_is_reset_by_a_single_use_link() {
    let app = TestApp::spawn().await;
    let before = app.sign_in(ASA_EMAIL).await;
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            app.post("/v1/password-resets", None, Some(json!({"email": email})))
                .await
        }
    };
    let known = ask(ASA_EMAIL).await;
    let unknown = ask("nobody.here@example.se").await;
    assert_eq!(known.status(), 202);
    assert_eq!(unknown.status(), 202);
    assert_eq!(
        known.text().await.ok(),
        unknown.text().await.ok(),
        "the same answer"
    );
    let token = app.link_token(ASA_EMAIL, 1).await;
    assert!(token.starts_with("prt_"), "{token}");
    let confirm = |token: String, password: &'static str| {
        let app = &app;
        async move {
            app.post(
                "/v1/password-resets/confirmation",
                None,
                Some(json!({"token": token, "new_password": password})),
            )
            .await
        }
    };
    expect(confirm(token.clone(), "short").await, 422).await;
    assert_eq!(confirm(token.clone(), NEW_PASSWORD).await.status(), 204);
    // Used once; every session ended; the new password signs in.
    let p = expect(confirm(token, "Another long passphrase here").await, 422).await;
    assert_eq!(p["code"], "invalid_link");
    expect(app.get("/v1/me", Some(&before.access_token)).await, 401).await;
    expect(app.login(ASA_EMAIL, NEW_PASSWORD).await, 200).await;
    // An expired link.
    expect(ask(ASA_EMAIL).await, 202).await;
    let late = app.link_token(ASA_EMAIL, 3).await;
    app.clock.advance(TimeDelta::minutes(61));
    let p = expect(confirm(late, "Another long passphrase here").await, 422).await;
    assert_eq!(p["code"], "invalid_link");
}

#[tokio::test]
async fn a_new_mobile_number_needs_the_code_sent_to_it() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let other = app.sign_in(ASA_EMAIL).await;
    let start = |phone: &'static str, password: &'static str| {
        let (app, token) = (&app, s.access_token.clone());
        async move {
            app.post(
                "/v1/me/phone-changes",
                Some(&token),
                Some(json!({"current_password": password, "phone": phone})),
            )
            .await
        }
    };
    let p = expect(start("08-123 456 78", PASSWORD).await, 422).await;
    assert_eq!(p["errors"][0]["code"], "not_a_mobile_number");
    let p = expect(start("070-999 88 77", "wrong password!").await, 422).await;
    assert_eq!(p["code"], "wrong_password");
    let sent_before = app.sms_messages().len();
    let change = expect(start("070-999 88 77", PASSWORD).await, 202).await;
    let id = change["id"].as_str().unwrap_or_default().to_owned();
    let (code, to) = app.nth_code(sent_before + 1).await;
    assert_eq!(to, "+46709998877", "the code goes to the new number");
    let path = format!("/v1/me/phone-changes/{id}/confirmation");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let p = expect(
        app.post(&path, Some(&s.access_token), Some(json!({"code": wrong})))
            .await,
        422,
    )
    .await;
    assert_eq!(p["code"], "invalid_code");
    // Someone else's session cannot confirm it.
    let erik = app.sign_in(ERIK_EMAIL).await;
    expect(
        app.post(&path, Some(&erik.access_token), Some(json!({"code": code})))
            .await,
        404,
    )
    .await;
    let done = expect(
        app.post(&path, Some(&s.access_token), Some(json!({"code": code})))
            .await,
        200,
    )
    .await;
    assert_eq!(done["phone"], "+46709998877");
    expect(
        app.post(&path, Some(&s.access_token), Some(json!({"code": code})))
            .await,
        409,
    )
    .await;
    // The old number was told; the other session ended; codes now go to the new number.
    let told = async {
        while !app
            .sms_messages()
            .iter()
            .any(|(to, m)| to == "+46704450723" && m.contains("now go to"))
        {
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(10), told)
        .await
        .unwrap_or_else(|_| panic!("the old number was not told"));
    expect(app.get("/v1/me", Some(&other.access_token)).await, 401).await;
    let n = app.sms_messages().len();
    expect(app.login(ASA_EMAIL, PASSWORD).await, 200).await;
    let (_, to) = app.nth_code(n + 1).await;
    assert_eq!(to, "+46709998877");
}
