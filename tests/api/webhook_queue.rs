//! Webhooks as promised: events that happen while an endpoint is disabled wait for it and arrive
//! once it is enabled again (with their own three days of retries from then); a test of a
//! disabled endpoint is refused; a retried registration makes one endpoint; and the README's
//! signature recipe, run as written, accepts what the service signs.

use chrono::TimeDelta;
use id06_tests::receiver::Receiver;
use id06_tests::{expect, TestApp, ADMIN_EMAIL, COMPANY_ID, ORDER_ERIK};
use serde_json::{json, Value};

fn endpoints() -> String {
    format!("/v1/companies/{COMPANY_ID}/webhook-endpoints")
}

async fn set_enabled(app: &TestApp, token: &str, id: &str, on: bool) -> Value {
    let r = app
        .client
        .patch(app.url(&format!("{}/{id}", endpoints())))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .body(json!({ "enabled": on }).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect(r, 200).await
}

async fn deliveries(app: &TestApp, token: &str, id: &str, status: &str) -> Vec<Value> {
    let page = expect(
        app.get(
            &format!("{}/{id}/deliveries?status={status}", endpoints()),
            Some(token),
        )
        .await,
        200,
    )
    .await;
    page["data"].as_array().cloned().unwrap_or_default()
}

/// A server, a receiver on loopback, an administrator's token, and an endpoint of the receiver
/// for `order.cancelled` (as registered: with its secret).
async fn with_endpoint() -> (TestApp, Receiver, String, Value) {
    let app = TestApp::spawn_with(|s| s.webhooks_allow_private = true).await;
    let receiver = Receiver::start().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let made = expect(
        app.post(
            &endpoints(),
            Some(&admin),
            Some(json!({"url": receiver.url, "event_types": ["order.cancelled"]})),
        )
        .await,
        201,
    )
    .await;
    (app, receiver, admin, made)
}

#[tokio::test]
async fn events_while_disabled_wait_and_arrive_once_enabled_again() {
    let (app, receiver, admin, made) = with_endpoint().await;
    let id = made["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        set_enabled(&app, &admin, &id, false).await["status"],
        "disabled"
    );
    // A test of a disabled endpoint would never arrive: refused.
    let test = app
        .post(&format!("{}/{id}/test", endpoints()), Some(&admin), None)
        .await;
    assert_eq!(expect(test, 409).await["code"], "endpoint_disabled");
    // The order is cancelled while the endpoint is off: the event is kept for it.
    let order = format!("/v1/companies/{COMPANY_ID}/card-orders/{ORDER_ERIK}");
    expect(
        app.post(
            &format!("{order}/cancel"),
            Some(&admin),
            Some(json!({"reason": "Left"})),
        )
        .await,
        200,
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(
        receiver.received().is_empty(),
        "nothing goes to a disabled endpoint"
    );
    assert_eq!(deliveries(&app, &admin, &id, "pending").await.len(), 1);
    // Four days later the receiver is still failing when the endpoint comes back: the waiting
    // delivery is not given up at its first failure, its three days start now.
    app.clock.advance(TimeDelta::days(4));
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    receiver.set_failing(true);
    set_enabled(&app, &admin, &id, true).await;
    receiver.until("a first attempt", |r| !r.is_empty()).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(deliveries(&app, &admin, &id, "failed").await.len(), 0);
    receiver.set_failing(false);
    app.clock.advance(TimeDelta::hours(1));
    let got = receiver.until("the kept event", |r| r.len() >= 2).await;
    let event = got[got.len() - 1].json();
    assert_eq!(event["type"], "order.cancelled");
    assert_eq!(event["data"]["object"]["id"], ORDER_ERIK);
    receiver.stop().await;
}

#[tokio::test]
async fn a_retried_registration_makes_one_endpoint() {
    let app = TestApp::spawn_with(|s| s.webhooks_allow_private = true).await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let body = json!({"url": "https://93.184.216.34/hook", "event_types": ["order.created"]});
    let mut answers = Vec::new();
    for _ in 0..2 {
        let r = app
            .client
            .post(app.url(&endpoints()))
            .bearer_auth(&admin)
            .header("Idempotency-Key", "register-hr-1")
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let replayed = r.headers().get("idempotent-replayed").is_some();
        answers.push((replayed, expect(r, 201).await));
    }
    assert!(
        !answers[0].0 && answers[1].0,
        "the second answer is the replay"
    );
    assert_eq!(answers[0].1["id"], answers[1].1["id"]);
    assert_eq!(answers[0].1["secret"], answers[1].1["secret"]);
    assert!(answers[0].1["secret"]
        .as_str()
        .is_some_and(|s| s.starts_with("whsec_")));
    let list = expect(app.get(&endpoints(), Some(&admin)).await, 200).await;
    let same = list["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["url"] == body["url"])
        .count();
    assert_eq!(same, 1);
}

/// The README's Python `verify`, extracted from the README and run as a receiver would run it.
fn readme_verify(secret: &str, header: &str, body: &[u8]) -> bool {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .unwrap_or_default();
    let recipe = readme
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap_or_else(|| panic!("the README has no Python recipe"));
    assert!(recipe.contains("def verify("), "{recipe}");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let body_file = dir.path().join("body");
    std::fs::write(&body_file, body).unwrap_or_else(|e| panic!("{e}"));
    let script = format!(
        "{recipe}\nimport sys\nprint(verify(sys.argv[1], sys.argv[2], open(sys.argv[3], 'rb').read()))\n"
    );
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(secret)
        .arg(header)
        .arg(&body_file)
        .output()
        .unwrap_or_else(|e| panic!("python3: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim() == "True"
}

#[tokio::test]
async fn the_readme_recipe_verifies_what_the_service_signs() {
    let (app, receiver, admin, made) = with_endpoint().await;
    let (id, secret) = (
        made["id"].as_str().unwrap_or_default().to_owned(),
        made["secret"].as_str().unwrap_or_default().to_owned(),
    );
    expect(
        app.post(&format!("{}/{id}/test", endpoints()), Some(&admin), None)
            .await,
        202,
    )
    .await;
    let got = receiver.until("the ping", |r| !r.is_empty()).await;
    let ping = &got[0];
    assert!(readme_verify(
        &secret,
        &ping.signature,
        ping.body.as_bytes()
    ));
    let tampered = ping.body.replace("ping", "pong");
    assert!(!readme_verify(
        &secret,
        &ping.signature,
        tampered.as_bytes()
    ));
    assert!(!readme_verify(
        "whsec_someone-else",
        &ping.signature,
        ping.body.as_bytes()
    ));
    receiver.stop().await;
}

#[tokio::test]
async fn a_company_past_its_endpoint_limit_is_told_so_by_its_own_code() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let list = expect(app.get(&endpoints(), Some(&admin)).await, 200).await;
    let existing = list["data"].as_array().map_or(0, Vec::len);
    for i in existing..16 {
        let body = json!({"url": format!("https://93.184.216.34/hook/{i}"), "event_types": ["order.created"]});
        expect(app.post(&endpoints(), Some(&admin), Some(body)).await, 201).await;
    }
    let body = json!({"url": "https://93.184.216.34/hook/16", "event_types": ["order.created"]});
    let p = expect(app.post(&endpoints(), Some(&admin), Some(body)).await, 422).await;
    assert_eq!(p["code"], "too_many_endpoints", "{p}");
}
