//! The second half of the journey over HTTP: a card order from placement to an active card
//! (`journey.rs`), visitor cards to delivery (`visitor.rs`), a refusal back to the company
//! (`refusal.rs`), how refusals answer and who may call what (`rules.rs`), PIN keys rotated
//! (`pins.rs`) and every demo order printable (`queue.rs`). The state machines and the expiry
//! job's rules are tested below HTTP (`tests/usecases`).

mod journey;
mod pins;
mod queue;
mod refusal;
mod rules;
mod visitor;

use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ERIK_EMAIL, INTEGRATOR_ID,
    INTEGRATOR_SECRET, ORDERER_EMAIL, ORDER_MATCHING, OTHER_ADMIN_EMAIL, OTHER_INTEGRATOR_ID,
    OTHER_INTEGRATOR_SECRET, PRODUCER_ID, PRODUCER_SECRET, VISITOR_ORDER_ID,
};
use reqwest::Response;
use serde_json::{json, Value};

use crate::identity::{
    create_account, example_check, identity_link, order_for_maja, register, verifier, MAJA,
    MAJA_PIN,
};

async fn producer(app: &TestApp) -> String {
    app.client_token(PRODUCER_ID, PRODUCER_SECRET, None).await
}

/// A producer's transition, with the `If-Match` of the order as last read and a fresh
/// idempotency key.
pub(crate) async fn step(
    app: &TestApp,
    token: &str,
    order: &str,
    action: &str,
    body: Option<Value>,
) -> Response {
    let key = format!(
        "{order}-{action}-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    );
    keyed_step(app, token, order, action, body, &key).await
}

async fn keyed_step(
    app: &TestApp,
    token: &str,
    order: &str,
    action: &str,
    body: Option<Value>,
    key: &str,
) -> Response {
    let current = app
        .get(&format!("/v1/production/orders/{order}"), Some(token))
        .await;
    let etag = current
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("*")
        .to_owned();
    let mut r = app
        .client
        .post(app.url(&format!("/v1/production/orders/{order}/{action}")))
        .bearer_auth(token)
        .header("If-Match", etag)
        .header("Idempotency-Key", key);
    if let Some(b) = body {
        r = r.json(&b);
    }
    r.send().await.unwrap_or_else(|e| panic!("{action}: {e}"))
}

async fn queue(app: &TestApp, token: &str, status: &str) -> Vec<Value> {
    let page = expect(
        app.get(
            &format!("/v1/production/queue?status={status}&limit=100"),
            Some(token),
        )
        .await,
        200,
    )
    .await;
    page["data"].as_array().cloned().unwrap_or_default()
}

async fn card_post(app: &TestApp, token: &str, path: &str, body: Value) -> Response {
    app.post(path, Some(token), Some(body)).await
}

/// The email to `to` whose subject contains `needle`, once the outbox has sent it.
async fn email_about(app: &TestApp, to: &str, needle: &str) -> Value {
    let start = std::time::Instant::now();
    loop {
        let found = app
            .emails()
            .into_iter()
            .find(|e| e["to"] == to && e["subject"].as_str().unwrap_or_default().contains(needle));
        if let Some(e) = found {
            return e;
        }
        assert!(
            start.elapsed().as_secs() < 15,
            "no email to {to} about {needle}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Maja's order, verified with a passport (portrait and all) and accepted by her.
async fn approved_order_for_maja(app: &TestApp) -> String {
    let order = order_for_maja(app).await;
    let v = verifier(app).await;
    expect(register(app, &v, &example_check(app).await).await, 201).await;
    let token = identity_link(app, MAJA).await;
    expect(create_account(app, &token, Some(MAJA_PIN)).await, 201).await;
    let maja = app.sign_in(MAJA).await;
    app.complete_contact(&maja.access_token).await;
    expect(app.accept(&order, &maja.access_token, None).await, 200).await;
    order
}

/// Two letters, hyphen, four digits, hyphen, six digits.
fn regex_like_card_number(n: &str) -> bool {
    let b = n.as_bytes();
    b.len() == 14
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2] == b'-'
        && b[3..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..].iter().all(u8::is_ascii_digit)
}

/// Another well-formed number (valid check digit) than `n`: two digits swapped, check fixed.
fn other_number(n: &str) -> String {
    let digits: Vec<u8> = n
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|d| d - b'0')
        .collect();
    let mut serial = [0u8; 9];
    serial.copy_from_slice(&digits[..9]);
    serial[0] = (serial[0] + 1) % 10;
    domain::CardNumber::from_serial(serial).to_string()
}
