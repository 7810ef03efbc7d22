//! Webhooks over HTTP, to a real receiver on loopback: an HR system follows production and its
//! cards by signed events, in order per object; a receiver outage loses nothing and retries are
//! recognisable by event id; three days of failures disable the endpoint and tell the company;
//! secrets rotate with a grace period; endpoints on private addresses are refused without the
//! flag; and who may manage endpoints.

use chrono::TimeDelta;
use id06_tests::receiver::{signed_by, Received, Receiver};
use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, COMPANY_ID, INTEGRATOR_ID, INTEGRATOR_SECRET, ORDERER_EMAIL,
    ORDER_ERIK, OTHER_ADMIN_EMAIL, PRODUCER_ID, PRODUCER_SECRET, VISITOR_ORDER_ID,
};
use serde_json::{json, Value};

fn endpoints() -> String {
    format!("/v1/companies/{COMPANY_ID}/webhook-endpoints")
}

async fn with_receiver() -> (TestApp, Receiver, String) {
    let app = TestApp::spawn_with(|s| s.webhooks_allow_private = true).await;
    let receiver = Receiver::start().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    (app, receiver, admin)
}

async fn register(app: &TestApp, token: &str, url: &str, types: &[&str]) -> Value {
    expect(
        app.post(
            &endpoints(),
            Some(token),
            Some(json!({"url": url, "event_types": types, "description": "HR system"})),
        )
        .await,
        201,
    )
    .await
}

async fn produce(app: &TestApp, order: &str, action: &str, body: Option<Value>) {
    let p = app.client_token(PRODUCER_ID, PRODUCER_SECRET, None).await;
    expect(
        app.post(
            &format!("/v1/production/orders/{order}/{action}"),
            Some(&p),
            body,
        )
        .await,
        200,
    )
    .await;
}

fn types_of(received: &[Received], object: &str) -> Vec<String> {
    received
        .iter()
        .map(Received::json)
        .filter(|e| e["data"]["object"]["id"] == object)
        .filter_map(|e| e["type"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn an_hr_system_follows_production_by_signed_events_in_order() {
    let (app, receiver, admin) = with_receiver().await;
    let made = register(
        &app,
        &admin,
        &receiver.url,
        &[
            "production.started",
            "production.produced",
            "production.shipped",
            "production.delivered",
            "card.activated",
        ],
    )
    .await;
    let secret = made["secret"].as_str().unwrap_or_default().to_owned();
    assert!(secret.starts_with("whsec_"));
    let id = made["id"].as_str().unwrap_or_default().to_owned();
    // The secret is never shown again.
    let read = expect(
        app.get(&format!("{}/{id}", endpoints()), Some(&admin))
            .await,
        200,
    )
    .await;
    assert!(read.get("secret").is_none() && !read.to_string().contains(&secret));

    produce(&app, VISITOR_ORDER_ID, "start", None).await;
    produce(&app, VISITOR_ORDER_ID, "produced", None).await;
    produce(
        &app,
        VISITOR_ORDER_ID,
        "ship",
        Some(json!({"carrier": "DHL", "tracking_number": "JD1"})),
    )
    .await;
    produce(&app, VISITOR_ORDER_ID, "deliver", None).await;
    // Four production events, then ten cards activated on delivery.
    let got = receiver.until("14 events", |r| r.len() >= 14).await;
    for r in &got {
        assert!(
            signed_by(&secret, &r.signature, &r.body),
            "signature of {}",
            r.body
        );
        assert!(!signed_by("whsec_wrong", &r.signature, &r.body));
        assert_eq!(r.json()["id"], r.event_id.as_str());
        assert_eq!(r.json()["company_id"], COMPANY_ID);
    }
    assert_eq!(
        types_of(&got, VISITOR_ORDER_ID),
        [
            "production.started",
            "production.produced",
            "production.shipped",
            "production.delivered"
        ]
    );
    let delivered = got
        .iter()
        .map(Received::json)
        .find(|e| e["type"] == "production.delivered")
        .unwrap_or_default();
    assert_eq!(delivered["data"]["object"]["object"], "visitor_card_order");
    assert_eq!(delivered["data"]["object"]["status"], "delivered");
    let cards: Vec<Value> = got
        .iter()
        .map(Received::json)
        .filter(|e| e["type"] == "card.activated")
        .collect();
    assert_eq!(cards.len(), 10);
    assert_eq!(cards[0]["data"]["object"]["object"], "card");
    assert_eq!(cards[0]["data"]["object"]["status"], "active");

    // A test event arrives whatever the event types; the deliveries show their attempts.
    let queued = expect(
        app.post(&format!("{}/{id}/test", endpoints()), Some(&admin), None)
            .await,
        202,
    )
    .await;
    assert_eq!(queued["event_type"], "ping");
    receiver
        .until("the ping", |r| r.iter().any(|x| x.json()["type"] == "ping"))
        .await;
    let page = expect(
        app.get(
            &format!("{}/{id}/deliveries?limit=100", endpoints()),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    let deliveries = page["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(deliveries.len(), 15);
    let start = std::time::Instant::now();
    loop {
        let page = expect(
            app.get(
                &format!("{}/{id}/deliveries?status=succeeded&limit=100", endpoints()),
                Some(&admin),
            )
            .await,
            200,
        )
        .await;
        if page["data"].as_array().map_or(0, Vec::len) == 15 {
            let first = &page["data"][0]["attempts"][0];
            assert_eq!(first["status_code"], 200);
            assert!(first["duration_ms"].is_number());
            break;
        }
        assert!(start.elapsed().as_secs() < 10, "{page}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    receiver.stop().await;
}

#[tokio::test]
async fn a_receiver_outage_loses_nothing_and_retries_keep_the_event_id() {
    let (app, receiver, admin) = with_receiver().await;
    let made = register(
        &app,
        &admin,
        &receiver.url,
        &["order.changed", "order.cancelled"],
    )
    .await;
    let id = made["id"].as_str().unwrap_or_default().to_owned();
    receiver.set_failing(true);
    // The company corrects Erik's order, then cancels it: two events about one object.
    let order = format!("/v1/companies/{COMPANY_ID}/card-orders/{ORDER_ERIK}");
    let edited = app
        .client
        .patch(app.url(&order))
        .bearer_auth(&admin)
        .header("If-Match", "*")
        .header("Content-Type", "application/merge-patch+json")
        .body(json!({"name_to_print": "Erik Lindström"}).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect(edited, 200).await;
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
    // The first event is tried and fails; the second waits behind it (order per object).
    receiver.until("a failed attempt", |r| !r.is_empty()).await;
    let page = expect(
        app.get(&format!("{}/{id}/deliveries", endpoints()), Some(&admin))
            .await,
        200,
    )
    .await;
    let pending: Vec<&Value> = page["data"]
        .as_array()
        .map(|d| d.iter().collect())
        .unwrap_or_default();
    assert_eq!(pending.len(), 2);
    assert!(pending
        .iter()
        .all(|d| d["status"] == "pending" && d["next_attempt_at"].is_string()));
    let tried = pending
        .iter()
        .find(|d| d["event_type"] == "order.changed")
        .cloned()
        .cloned()
        .unwrap_or_default();
    assert_eq!(tried["attempts"][0]["status_code"], 500);
    assert!(
        receiver
            .received()
            .iter()
            .all(|r| r.json()["type"] == "order.changed"),
        "the later event waits"
    );
    // Several more failed retries, then the receiver is back: everything arrives, in order.
    for _ in 0..3 {
        app.clock.advance(TimeDelta::minutes(10));
        tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    }
    receiver.set_failing(false);
    app.clock.advance(TimeDelta::hours(2));
    let got = receiver
        .until("both events", |r| {
            r.iter().any(|x| x.json()["type"] == "order.cancelled")
        })
        .await;
    let mut ids: Vec<&str> = got.iter().map(|r| r.event_id.as_str()).collect();
    assert!(ids.len() > 2, "the first event was retried: {}", ids.len());
    ids.dedup();
    assert_eq!(
        ids.len(),
        2,
        "duplicates carry the same event id, in order: {ids:?}"
    );
    let first_seen: Vec<String> = {
        let mut seen = Vec::new();
        for t in types_of(&got, ORDER_ERIK) {
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        seen
    };
    assert_eq!(first_seen, ["order.changed", "order.cancelled"]);
    receiver.stop().await;
}

#[tokio::test]
async fn three_days_of_failures_disable_the_endpoint_and_a_retry_by_hand_delivers() {
    let (app, receiver, admin) = with_receiver().await;
    let made = register(&app, &admin, &receiver.url, &["order.cancelled"]).await;
    let id = made["id"].as_str().unwrap_or_default().to_owned();
    receiver.set_failing(true);
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
    receiver.until("a first attempt", |r| !r.is_empty()).await;
    app.clock.advance(TimeDelta::days(3) + TimeDelta::hours(1));
    // The session ended meanwhile.
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let start = std::time::Instant::now();
    let endpoint = loop {
        let e = expect(
            app.get(&format!("{}/{id}", endpoints()), Some(&admin))
                .await,
            200,
        )
        .await;
        if e["status"] == "disabled" {
            break e;
        }
        assert!(start.elapsed().as_secs() < 15, "{e}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(endpoint["disabled_reason"]
        .as_str()
        .unwrap_or_default()
        .contains("three days"));
    let mail = app.nth_email_to(ADMIN_EMAIL, 1).await;
    assert!(
        mail["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("webhook"),
        "{mail}"
    );
    let page = expect(
        app.get(
            &format!("{}/{id}/deliveries?status=failed", endpoints()),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    let delivery = page["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    // Fixed and enabled again; the failed delivery is retried by hand and arrives.
    receiver.set_failing(false);
    let enabled = app
        .client
        .patch(app.url(&format!("{}/{id}", endpoints())))
        .bearer_auth(&admin)
        .header("Content-Type", "application/merge-patch+json")
        .body(json!({"enabled": true}).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(enabled, 200).await["status"], "enabled");
    let before = receiver.received().len();
    let retried = expect(
        app.post(
            &format!("{}/{id}/deliveries/{delivery}/retry", endpoints()),
            Some(&admin),
            None,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(retried["status"], "pending");
    receiver
        .until("the retried delivery", |r| r.len() > before)
        .await;
    let start = std::time::Instant::now();
    loop {
        let page = expect(
            app.get(
                &format!("{}/{id}/deliveries?status=succeeded", endpoints()),
                Some(&admin),
            )
            .await,
            200,
        )
        .await;
        if page["data"].as_array().is_some_and(|d| d.len() == 1) {
            break;
        }
        assert!(start.elapsed().as_secs() < 10);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    expect(
        app.post(
            &format!("{}/{id}/deliveries/{delivery}/retry", endpoints()),
            Some(&admin),
            None,
        )
        .await,
        409,
    )
    .await;
    receiver.stop().await;
}

#[tokio::test]
async fn a_rotated_secret_keeps_signing_during_its_grace_period() {
    let (app, receiver, admin) = with_receiver().await;
    let made = register(&app, &admin, &receiver.url, &["order.cancelled"]).await;
    let id = made["id"].as_str().unwrap_or_default().to_owned();
    let old = made["secret"].as_str().unwrap_or_default().to_owned();
    let rotated = expect(
        app.post(
            &format!("{}/{id}/secret-rotations", endpoints()),
            Some(&admin),
            None,
        )
        .await,
        200,
    )
    .await;
    let new = rotated["secret"].as_str().unwrap_or_default().to_owned();
    assert_ne!(old, new);
    assert!(rotated["previous_secret_expires_at"].is_string());
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
    let got = receiver.until("the event", |r| !r.is_empty()).await;
    assert!(signed_by(&new, &got[0].signature, &got[0].body));
    assert!(
        signed_by(&old, &got[0].signature, &got[0].body),
        "the old secret still signs"
    );
    assert_eq!(got[0].signature.matches("v1=").count(), 2);
    receiver.stop().await;
}

#[tokio::test]
async fn private_addresses_are_refused_and_only_administrators_and_scoped_integrators_manage() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    for (url, code) in [
        ("http://127.0.0.1:9/hook", "https_required"),
        ("https://127.0.0.1:9/hook", "private_address"),
        ("https://localhost/hook", "private_address"),
        (
            "https://169.254.169.254/latest/meta-data",
            "private_address",
        ),
        ("https://[::1]/hook", "private_address"),
        // IPv6 forms that carry a loopback or link-local IPv4 address.
        ("https://[::127.0.0.1]/", "private_address"),
        ("https://[::a9fe:a9fe]/", "private_address"),
        ("https://[2002:7f00:1::1]/", "private_address"),
        ("https://[64:ff9b::a9fe:a9fe]/", "private_address"),
        ("https://[::ffff:169.254.169.254]/", "private_address"),
        ("https://10.0.0.8/hook", "private_address"),
    ] {
        let p = expect(
            app.post(
                &endpoints(),
                Some(&admin),
                Some(json!({"url": url, "event_types": ["order.created"]})),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(p["errors"][0]["code"], code, "{url}");
    }
    let body = json!({"url": "https://93.184.216.34/hook", "event_types": ["order.created", "order.created"]});
    let p = expect(app.post(&endpoints(), Some(&admin), Some(body)).await, 422).await;
    // The contract's uniqueItems names it first.
    assert_eq!(p["errors"][0]["field"], "event_types");
    assert_eq!(p["errors"][0]["code"], "duplicate_item");
    let ok = json!({"url": "https://93.184.216.34/hook", "event_types": ["order.created"]});
    // An orderer may not; another company does not see it; an integrator with the scope may.
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    expect(
        app.post(&endpoints(), Some(&orderer), Some(ok.clone()))
            .await,
        403,
    )
    .await;
    expect(app.get(&endpoints(), Some(&orderer)).await, 403).await;
    let lars = app.sign_in(OTHER_ADMIN_EMAIL).await.access_token;
    expect(
        app.post(&endpoints(), Some(&lars), Some(ok.clone())).await,
        404,
    )
    .await;
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let made = expect(
        app.post(&endpoints(), Some(&integrator), Some(ok.clone()))
            .await,
        201,
    )
    .await;
    let id = made["id"].as_str().unwrap_or_default().to_owned();
    let narrow = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, Some("orders:read"))
        .await;
    let p = expect(app.get(&endpoints(), Some(&narrow)).await, 403).await;
    assert_eq!(p["code"], "insufficient_scope");
    expect(
        app.get(&format!("{}/{id}", endpoints()), Some(&lars)).await,
        404,
    )
    .await;
    let listed = expect(app.get(&endpoints(), Some(&admin)).await, 200).await;
    assert!(listed["data"]
        .as_array()
        .is_some_and(|d| d.iter().any(|e| e["id"] == id.as_str())));
    let r = app
        .client
        .delete(app.url(&format!("{}/{id}", endpoints())))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), 204);
    expect(
        app.get(&format!("{}/{id}", endpoints()), Some(&admin))
            .await,
        404,
    )
    .await;
}
