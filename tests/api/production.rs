//! The second half of the journey over HTTP: a card order from placement to an active card
//! (the company orders, the cardholder is verified and accepts, the producer starts, produces,
//! ships and delivers, the cardholder activates and sees the PIN again, the company blocks,
//! unblocks and terminates), visitor cards to delivery, a refusal back to the company, every
//! wrong-state transition answering 409, and who may call what.

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
async fn step(
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

#[tokio::test]
async fn an_order_goes_from_placement_to_an_active_card_and_its_end() {
    let app = TestApp::spawn().await;
    let order = approved_order_for_maja(&app).await;
    let p = producer(&app).await;

    // In the queue, with what is printed and where it goes, and nothing else.
    let queued = queue(&app, &p, "approved").await;
    let entry = queued
        .iter()
        .find(|o| o["id"] == order.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("{order} not in {queued:?}"));
    assert_eq!(entry["kind"], "standard");
    assert_eq!(entry["name_to_print"], "Maja Lind");
    assert_eq!(entry["company"]["org_number"], "556547-9770");
    assert_eq!(
        entry["portrait_url"],
        format!("/v1/production/orders/{order}/portrait")
    );
    let text = entry.to_string();
    // Her phone (070-111 22 33) in any form; not "070" alone, which a random id may contain.
    for secret in [
        MAJA,
        "1990-05-17",
        "19900517",
        "070-111",
        "701112233",
        "+4670",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into the queue: {text}"
        );
    }
    let portrait = app
        .get(&format!("/v1/production/orders/{order}/portrait"), Some(&p))
        .await;
    assert_eq!(portrait.status(), 200);
    assert_eq!(
        portrait
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    let bytes = portrait.bytes().await.unwrap_or_default();
    assert!(bytes.starts_with(b"\x89PNG"), "a PNG");

    // Start, produced (the card is made), shipped, delivered.
    let started = expect(
        keyed_step(&app, &p, &order, "start", None, "start-1").await,
        200,
    )
    .await;
    assert_eq!(started["status"], "in_production");
    let replay = keyed_step(&app, &p, &order, "start", None, "start-1").await;
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let produced = expect(step(&app, &p, &order, "produced", None).await, 200).await;
    assert_eq!(produced["status"], "produced");
    assert_eq!(
        produced["portrait_url"],
        Value::Null,
        "no portrait once printed"
    );
    let card = produced["cards"][0].clone();
    assert_eq!(card["status"], "inactive");
    let number = card["number"].as_str().unwrap_or_default().to_owned();
    let card_id = card["id"].as_str().unwrap_or_default().to_owned();
    assert!(
        regex_like_card_number(&number),
        "{number} is BB-xxxx-xxxxxx"
    );
    let shipped = expect(
        step(
            &app,
            &p,
            &order,
            "ship",
            Some(json!({"carrier": "PostNord", "tracking_number": "00370712345678901234"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(shipped["shipment"]["carrier"], "PostNord");
    let mail = email_about(&app, MAJA, "has been shipped").await;
    assert!(mail["body"]
        .as_str()
        .unwrap_or_default()
        .contains("00370712345678901234"));
    let delivered = expect(step(&app, &p, &order, "deliver", None).await, 200).await;
    assert_eq!(delivered["status"], "delivered");
    assert!(delivered["shipment"]["delivered_at"].is_string());
    let mail = email_about(&app, MAJA, "Activate your ID06 card").await;
    assert!(mail["body"]
        .as_str()
        .unwrap_or_default()
        .contains("BB-xxxx-xxxxxx"));

    // The company saw every step in the audit trail.
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let trail = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders/{order}/events"),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    let steps: Vec<&str> = trail["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["to_status"].as_str()).collect())
        .unwrap_or_default();
    for s in [
        "approved",
        "in_production",
        "produced",
        "shipped",
        "delivered",
    ] {
        assert!(steps.contains(&s), "{s} missing from {steps:?}");
    }

    // The cardholder: the card is listed with the last four digits only.
    let maja = app.sign_in(MAJA).await.access_token;
    let mine = expect(app.get("/v1/me/cards", Some(&maja)).await, 200).await;
    let listed = mine["data"][0].clone();
    assert_eq!(listed["id"], card_id.as_str());
    assert_eq!(listed["status"], "inactive");
    assert_eq!(listed["number_last4"], &number[number.len() - 4..]);
    assert!(
        !mine.to_string().contains(&number),
        "the whole number is never listed"
    );

    // A wrong number (with a valid check digit) is refused; the right one activates.
    let activate = format!("/v1/me/cards/{card_id}/activate");
    let p1 = expect(
        card_post(
            &app,
            &maja,
            &activate,
            json!({"card_number": other_number(&number)}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p1["code"], "card_number_mismatch");
    let p2 = expect(
        card_post(
            &app,
            &maja,
            &activate,
            json!({"card_number": "ID-0000-000001"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p2["errors"][0]["code"], "invalid_card_number");
    let typed = number.replace('-', " ").to_lowercase();
    let active = expect(
        card_post(&app, &maja, &activate, json!({"card_number": typed})).await,
        200,
    )
    .await;
    assert_eq!(active["card"]["status"], "active");
    let pin = active["pin"].as_str().unwrap_or_default().to_owned();
    assert!(
        pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit()),
        "{pin}"
    );
    expect(
        card_post(&app, &maja, &activate, json!({"card_number": number})).await,
        409,
    )
    .await;
    let mine = expect(app.get("/v1/me/cards", Some(&maja)).await, 200).await;
    assert!(
        !mine.to_string().contains(&pin),
        "the PIN is never in a list"
    );

    // The PIN again, only with the number.
    let pin_path = format!("/v1/me/cards/{card_id}/pin");
    let again = expect(
        card_post(&app, &maja, &pin_path, json!({"card_number": number})).await,
        200,
    )
    .await;
    assert_eq!(again["pin"], pin.as_str());
    expect(
        card_post(
            &app,
            &maja,
            &pin_path,
            json!({"card_number": other_number(&number)}),
        )
        .await,
        422,
    )
    .await;

    // Nobody else's: another cardholder, another company.
    let erik = app.sign_in(ERIK_EMAIL).await.access_token;
    expect(
        app.get(&format!("/v1/me/cards/{card_id}"), Some(&erik))
            .await,
        404,
    )
    .await;
    expect(
        card_post(&app, &erik, &pin_path, json!({"card_number": number})).await,
        404,
    )
    .await;
    let lars = app.sign_in(OTHER_ADMIN_EMAIL).await.access_token;
    expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards/{card_id}"),
            Some(&lars),
        )
        .await,
        404,
    )
    .await;

    // The company blocks, unblocks and terminates, each with a reason and an event.
    let company_card = format!("/v1/companies/{COMPANY_ID}/cards/{card_id}");
    let listed = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards?status=active&name=maja"),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listed["data"][0]["number"], number.as_str());
    let blocked = expect(
        card_post(
            &app,
            &admin,
            &format!("{company_card}/block"),
            json!({"reason": "Reported lost"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(blocked["status"], "blocked");
    assert_eq!(blocked["status_reason"], "Reported lost");
    // A blocked card keeps its PIN.
    expect(
        card_post(&app, &maja, &pin_path, json!({"card_number": number})).await,
        200,
    )
    .await;
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let unblocked = expect(
        card_post(
            &app,
            &orderer,
            &format!("{company_card}/unblock"),
            json!({"reason": "Found again"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(unblocked["status"], "active");
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let ended = expect(
        card_post(
            &app,
            &integrator,
            &format!("{company_card}/terminate"),
            json!({"reason": "Left the company"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(ended["status"], "terminated");
    let kinds: Vec<(String, String)> = ended["events"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["to_status"].as_str().unwrap_or_default().to_owned(),
                        e["actor_kind"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected: Vec<(String, String)> = [
        ("inactive", "client"),
        ("active", "cardholder"),
        ("blocked", "member"),
        ("active", "member"),
        ("terminated", "client"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(kinds, expected);
    expect(
        card_post(&app, &maja, &pin_path, json!({"card_number": number})).await,
        409,
    )
    .await;
    let mine = expect(
        app.get(&format!("/v1/me/cards/{card_id}"), Some(&maja))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["status"], "terminated");
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

#[tokio::test]
async fn visitor_cards_are_made_shipped_and_active_on_delivery() {
    let app = TestApp::spawn().await;
    let p = producer(&app).await;
    let queued = queue(&app, &p, "approved").await;
    let visitor = queued
        .iter()
        .find(|o| o["id"] == VISITOR_ORDER_ID)
        .cloned()
        .unwrap_or_default();
    assert_eq!(visitor["kind"], "visitor");
    assert_eq!(visitor["quantity"], 10);
    assert_eq!(visitor["portrait_url"], Value::Null);
    expect(
        app.get(
            &format!("/v1/production/orders/{VISITOR_ORDER_ID}/portrait"),
            Some(&p),
        )
        .await,
        404,
    )
    .await;
    expect(step(&app, &p, VISITOR_ORDER_ID, "start", None).await, 200).await;
    assert!(queue(&app, &p, "in_production")
        .await
        .iter()
        .any(|o| o["id"] == VISITOR_ORDER_ID));
    let produced = expect(
        step(&app, &p, VISITOR_ORDER_ID, "produced", None).await,
        200,
    )
    .await;
    let cards = produced["cards"].as_array().cloned().unwrap_or_default();
    assert_eq!(cards.len(), 10);
    let mut numbers: Vec<&str> = cards.iter().filter_map(|c| c["number"].as_str()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), 10, "unique numbers");
    expect(
        step(
            &app,
            &p,
            VISITOR_ORDER_ID,
            "ship",
            Some(json!({"carrier": "DHL", "tracking_number": "JD0002"})),
        )
        .await,
        200,
    )
    .await;
    let delivered = expect(step(&app, &p, VISITOR_ORDER_ID, "deliver", None).await, 200).await;
    assert!(delivered["cards"]
        .as_array()
        .is_some_and(|c| c.iter().all(|c| c["status"] == "active")));
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let listed = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards?status=active&limit=100"),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    let visitors = listed["data"]
        .as_array()
        .map_or(0, |d| d.iter().filter(|c| c["kind"] == "visitor").count());
    assert_eq!(visitors, 10);
    let vo = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/visitor-card-orders/{VISITOR_ORDER_ID}"),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(vo["status"], "delivered");
    // Pages of the company's cards follow each other without overlap.
    let first = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards?limit=4"),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    let cursor = first["next_cursor"].as_str().unwrap_or_default().to_owned();
    let second = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards?limit=4&cursor={cursor}"),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    let ids = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter_map(|c| c["id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(ids(&first).iter().all(|i| !ids(&second).contains(i)));
    assert_eq!(ids(&second).len(), 4);
}

#[tokio::test]
async fn the_producer_refuses_and_the_company_corrects_and_the_cardholder_reviews_again() {
    let app = TestApp::spawn().await;
    let asa = app.sign_in(ASA_EMAIL).await.access_token;
    app.complete_contact(&asa).await;
    expect(app.accept(ORDER_MATCHING, &asa, None).await, 200).await;
    let p = producer(&app).await;
    // Every demo identity has its portrait; here Åsa's check is taken from her evidence, as if
    // her identity had been proven without a photographed document: nothing to print.
    app.db
        .write(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query(
                "UPDATE identity_checks SET evidence_id = NULL WHERE evidence_id = 'idv_de0000000000000000000001'",
            )
            .execute(conn)
            .map_err(persistence::Error::from)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let missing = expect(
        app.get(
            &format!("/v1/production/orders/{ORDER_MATCHING}/portrait"),
            Some(&p),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(missing["code"], "portrait_missing");
    let refused = expect(
        step(
            &app,
            &p,
            ORDER_MATCHING,
            "refuse",
            Some(json!({"reason": "No portrait on file: a passport check is needed."})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(refused["status"], "rejected");
    // Gone from the producer's view; back with the company, reason shown.
    expect(
        app.get(&format!("/v1/production/orders/{ORDER_MATCHING}"), Some(&p))
            .await,
        404,
    )
    .await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let company_view = format!("/v1/companies/{COMPANY_ID}/card-orders/{ORDER_MATCHING}");
    let seen = app.get(&company_view, Some(&admin)).await;
    let etag = seen
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let seen: Value = seen.json().await.unwrap_or_default();
    assert_eq!(seen["status"], "rejected");
    assert_eq!(
        seen["rejection_reason"],
        "No portrait on file: a passport check is needed."
    );
    let edited = app
        .client
        .patch(app.url(&company_view))
        .bearer_auth(&admin)
        .header("If-Match", etag)
        .header("Content-Type", "application/merge-patch+json")
        .body(json!({"name_to_print": "Åsa Öberg"}).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(edited, 200).await["status"], "waiting_for_review");
    let accepted = expect(app.accept(ORDER_MATCHING, &asa, None).await, 200).await;
    assert_eq!(accepted["order"]["status"], "approved");
}

#[tokio::test]
async fn every_wrong_state_transition_answers_409() {
    let app = TestApp::spawn().await;
    let p = producer(&app).await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let ship = || Some(json!({"carrier": "DHL", "tracking_number": "1"}));
    let refuse = || Some(json!({"reason": "x"}));
    // Approved: only start (and refuse, for a card order).
    for (action, body) in [("produced", None), ("ship", ship()), ("deliver", None)] {
        expect(step(&app, &p, VISITOR_ORDER_ID, action, body).await, 409).await;
    }
    expect(
        step(&app, &p, VISITOR_ORDER_ID, "refuse", refuse()).await,
        409,
    )
    .await;
    // A stale If-Match on a transition the order allows is 412, and nothing moves.
    let stale = app
        .client
        .post(app.url(&format!("/v1/production/orders/{VISITOR_ORDER_ID}/start")))
        .bearer_auth(&p)
        .header("If-Match", "\"999\"")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect(stale, 412).await;
    expect(step(&app, &p, VISITOR_ORDER_ID, "start", None).await, 200).await;
    for (action, body) in [("start", None), ("ship", ship()), ("deliver", None)] {
        expect(step(&app, &p, VISITOR_ORDER_ID, action, body).await, 409).await;
    }
    expect(
        step(&app, &p, VISITOR_ORDER_ID, "produced", None).await,
        200,
    )
    .await;
    for (action, body) in [("start", None), ("produced", None), ("deliver", None)] {
        expect(step(&app, &p, VISITOR_ORDER_ID, action, body).await, 409).await;
    }
    expect(step(&app, &p, VISITOR_ORDER_ID, "ship", ship()).await, 200).await;
    for (action, body) in [("start", None), ("produced", None), ("ship", ship())] {
        expect(step(&app, &p, VISITOR_ORDER_ID, action, body).await, 409).await;
    }
    expect(step(&app, &p, VISITOR_ORDER_ID, "deliver", None).await, 200).await;
    for (action, body) in [
        ("start", None),
        ("produced", None),
        ("ship", ship()),
        ("deliver", None),
    ] {
        expect(step(&app, &p, VISITOR_ORDER_ID, action, body).await, 409).await;
    }
    // A delivered order allows nothing, whatever the precondition says.
    let delivered = app
        .client
        .post(app.url(&format!("/v1/production/orders/{VISITOR_ORDER_ID}/start")))
        .bearer_auth(&p)
        .header("If-Match", "*")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect(delivered, 409).await;

    // Cards: the demo's inactive card can only be terminated.
    let card = format!("/v1/companies/{COMPANY_ID}/cards/{}", id06_tests::CARD_ID);
    let reason = json!({"reason": "test"});
    expect(
        card_post(&app, &admin, &format!("{card}/block"), reason.clone()).await,
        409,
    )
    .await;
    expect(
        card_post(&app, &admin, &format!("{card}/unblock"), reason.clone()).await,
        409,
    )
    .await;
    expect(
        card_post(&app, &admin, &format!("{card}/terminate"), reason.clone()).await,
        200,
    )
    .await;
    for action in ["block", "unblock", "terminate"] {
        expect(
            card_post(&app, &admin, &format!("{card}/{action}"), reason.clone()).await,
            409,
        )
        .await;
    }
    // A terminated card cannot be activated.
    let johan = app.sign_in(ORDERER_EMAIL).await.access_token;
    let number = devkit::demo::demo_card_number().to_string();
    expect(
        card_post(
            &app,
            &johan,
            &format!("/v1/me/cards/{}/activate", id06_tests::CARD_ID),
            json!({"card_number": number}),
        )
        .await,
        409,
    )
    .await;
}

#[tokio::test]
async fn only_the_producer_produces_and_only_within_its_scopes() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let verifier = verifier(&app).await;
    for token in [&admin, &integrator, &verifier] {
        let r = expect(app.get("/v1/production/queue", Some(token)).await, 403).await;
        assert_eq!(r["code"], "client_role_required");
        expect(
            step(&app, token, VISITOR_ORDER_ID, "start", None).await,
            403,
        )
        .await;
    }
    expect(app.get("/v1/production/queue", None).await, 401).await;
    let read_only = app
        .client_token(PRODUCER_ID, PRODUCER_SECRET, Some("production:read"))
        .await;
    expect(app.get("/v1/production/queue", Some(&read_only)).await, 200).await;
    let r = expect(
        step(&app, &read_only, VISITOR_ORDER_ID, "start", None).await,
        403,
    )
    .await;
    assert_eq!(r["code"], "insufficient_scope");
    // Orders not approved yet do not exist for the producer.
    let p = producer(&app).await;
    expect(
        app.get(&format!("/v1/production/orders/{ORDER_MATCHING}"), Some(&p))
            .await,
        404,
    )
    .await;
    expect(step(&app, &p, ORDER_MATCHING, "start", None).await, 404).await;
    expect(
        app.get("/v1/production/orders/nonsense", Some(&p)).await,
        404,
    )
    .await;
    // The producer sees no company's cards, and another company's integrator none of these.
    expect(
        app.get(&format!("/v1/companies/{COMPANY_ID}/cards"), Some(&p))
            .await,
        404,
    )
    .await;
    let other = app
        .client_token(OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, None)
        .await;
    expect(
        app.get(&format!("/v1/companies/{COMPANY_ID}/cards"), Some(&other))
            .await,
        404,
    )
    .await;
    // An integrator without the cards scopes may not see or change cards.
    let orders_only = app
        .client_token(
            INTEGRATOR_ID,
            INTEGRATOR_SECRET,
            Some("orders:read orders:write"),
        )
        .await;
    let r = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards"),
            Some(&orders_only),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(r["code"], "insufficient_scope");
    // Machine tokens have no cards of their own.
    expect(app.get("/v1/me/cards", Some(&p)).await, 401).await;
    // The queue pages without overlap.
    let page = expect(app.get("/v1/production/queue?limit=1", Some(&p)).await, 200).await;
    assert_eq!(page["has_more"], true);
    let next = page["next_cursor"].as_str().unwrap_or_default().to_owned();
    let page2 = expect(
        app.get(
            &format!("/v1/production/queue?limit=1&cursor={next}"),
            Some(&p),
        )
        .await,
        200,
    )
    .await;
    assert_ne!(page["data"][0]["id"], page2["data"][0]["id"]);
    expect(
        app.get("/v1/production/queue?cursor=garbage", Some(&p))
            .await,
        400,
    )
    .await;
}

#[tokio::test]
async fn wrong_card_numbers_are_throttled() {
    let app = TestApp::spawn().await;
    let johan = app.sign_in(ORDERER_EMAIL).await.access_token;
    let number = devkit::demo::demo_card_number().to_string();
    let path = format!("/v1/me/cards/{}/activate", id06_tests::CARD_ID);
    for _ in 0..10 {
        expect(
            card_post(
                &app,
                &johan,
                &path,
                json!({"card_number": other_number(&number)}),
            )
            .await,
            422,
        )
        .await;
    }
    let r = card_post(&app, &johan, &path, json!({"card_number": number})).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    // After the window, the right number works.
    app.clock.advance(chrono::TimeDelta::minutes(16));
    let johan = app.sign_in(ORDERER_EMAIL).await.access_token;
    expect(
        card_post(&app, &johan, &path, json!({"card_number": number})).await,
        200,
    )
    .await;
}

#[tokio::test]
async fn expiry_ends_cards_past_validity_and_orders_not_reviewed_in_time() {
    let app = TestApp::spawn_with(|s| s.expiry_interval_secs = 1).await;
    // Three years and a week: the demo card's validity and every review window are past.
    app.clock.advance(chrono::TimeDelta::days(365 * 3 + 7));
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let order = format!(
        "/v1/companies/{COMPANY_ID}/card-orders/{}",
        id06_tests::ORDER_ERIK
    );
    let card = format!("/v1/companies/{COMPANY_ID}/cards/{}", id06_tests::CARD_ID);
    let start = std::time::Instant::now();
    loop {
        let o = expect(app.get(&order, Some(&admin)).await, 200).await;
        let c = expect(app.get(&card, Some(&admin)).await, 200).await;
        if o["status"] == "expired" && c["status"] == "expired" {
            let last = c["events"]
                .as_array()
                .and_then(|e| e.last())
                .cloned()
                .unwrap_or_default();
            assert_eq!(last["actor_kind"], "system");
            let trail = expect(app.get(&format!("{order}/events"), Some(&admin)).await, 200).await;
            let last = trail["data"]
                .as_array()
                .and_then(|e| e.last())
                .cloned()
                .unwrap_or_default();
            assert_eq!(
                (last["to_status"].as_str(), last["actor_kind"].as_str()),
                (Some("expired"), Some("system"))
            );
            break;
        }
        assert!(start.elapsed().as_secs() < 20, "not expired: {o} {c}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // Delivered orders and approved ones do not expire.
    let delivered = expect(
        app.get(
            &format!(
                "/v1/companies/{COMPANY_ID}/card-orders/{}",
                id06_tests::ORDER_DELIVERED
            ),
            Some(&admin),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(delivered["status"], "delivered");
}

#[tokio::test]
async fn pins_survive_a_key_rotation() {
    use app::cards::pin_vault::PinVault;
    let (old, new) = (PinVault::generate_entry(), PinVault::generate_entry());
    // Every instance knows both keys before the new one seals (here: the old one still seals).
    let both = format!("{old},{new}");
    let app = TestApp::spawn_with(|s| {
        s.pin_keys = Some(both);
        s.webhooks_allow_private = true;
    })
    .await;
    let johan = app.sign_in(ORDERER_EMAIL).await.access_token;
    // A webhook signing secret is sealed by the same keys.
    let receiver = id06_tests::receiver::Receiver::start().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let hook = expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/webhook-endpoints"),
            Some(&admin),
            Some(json!({"url": receiver.url, "event_types": ["card.activated"]})),
        )
        .await,
        201,
    )
    .await;
    let number = devkit::demo::demo_card_number().to_string();
    let card = id06_tests::CARD_ID;
    let active = expect(
        card_post(
            &app,
            &johan,
            &format!("/v1/me/cards/{card}/activate"),
            json!({"card_number": number}),
        )
        .await,
        200,
    )
    .await;
    // `reseal-pins` with the new key first: the PIN is sealed again, and still the same PIN;
    // so are the two endpoints' secrets (the demo's and this one).
    let mut settings = api::Settings::with_database(app.database_url());
    settings.pin_keys = Some(format!("{new},{old}"));
    let resealed = api::cli::Resealed {
        pins: 1,
        webhook_secrets: 2,
    };
    assert_eq!(api::cli::reseal_pins(&settings), Ok(resealed));
    assert_eq!(
        api::cli::reseal_pins(&settings),
        Ok(api::cli::Resealed::default()),
        "nothing left under the old key"
    );
    let id = hook["id"].as_str().unwrap_or_default();
    expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/webhook-endpoints/{id}/test"),
            Some(&admin),
            None,
        )
        .await,
        202,
    )
    .await;
    let received = receiver
        .until("the ping", |r| r.iter().any(|x| x.json()["type"] == "ping"))
        .await;
    let ping = received
        .iter()
        .find(|x| x.json()["type"] == "ping")
        .map(|x| (x.signature.clone(), x.body.clone()))
        .unwrap_or_default();
    assert!(
        id06_tests::receiver::signed_by(
            hook["secret"].as_str().unwrap_or_default(),
            &ping.0,
            &ping.1
        ),
        "signed by the same secret after resealing"
    );
    let shown = expect(
        card_post(
            &app,
            &johan,
            &format!("/v1/me/cards/{card}/pin"),
            json!({"card_number": number}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(shown["pin"], active["pin"]);
    // The old key alone no longer opens it.
    settings.pin_keys = Some(old);
    assert!(api::cli::reseal_pins(&settings).is_err());
}

#[tokio::test]
async fn every_demo_order_in_the_queue_can_be_printed() {
    let app = TestApp::spawn().await;
    let p = producer(&app).await;
    let queue = expect(
        app.get("/v1/production/queue?limit=100", Some(&p)).await,
        200,
    )
    .await;
    let standard: Vec<String> = queue["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["id"].as_str())
        .filter(|id| id.starts_with("ord_"))
        .map(str::to_owned)
        .collect();
    assert!(!standard.is_empty(), "{queue}");
    for id in standard {
        // The README's example: the portrait saves as an image.
        let r = app
            .get(&format!("/v1/production/orders/{id}/portrait"), Some(&p))
            .await;
        assert_eq!(r.status(), 200, "{id}");
        let bytes = r.bytes().await.unwrap_or_default();
        let decoded = image::load_from_memory(&bytes).map(|i| (i.width(), i.height()));
        assert_eq!(decoded.ok(), Some((300, 400)), "{id}");
    }
}
