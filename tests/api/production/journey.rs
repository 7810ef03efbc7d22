//! A card order from placement to an active card and its end, as named steps (a failure names
//! the step): the producer's queue, production to delivery, the company's trail, the cardholder's
//! card, activation and the PIN, nobody else's, and the company's block, unblock and terminate.

use super::*;

#[tokio::test]
async fn an_order_goes_from_placement_to_an_active_card_and_its_end() {
    let app = TestApp::spawn().await;
    let order = approved_order_for_maja(&app).await;
    let p = producer(&app).await;
    the_queue_shows_what_is_printed_and_nothing_more(&app, &p, &order).await;
    let (card_id, number) = the_producer_makes_ships_and_delivers_the_card(&app, &p, &order).await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    the_company_saw_every_step(&app, &admin, &order).await;
    let maja = app.sign_in(MAJA).await.access_token;
    the_cardholder_sees_the_last_four_digits_only(&app, &maja, &card_id, &number).await;
    let pin = the_right_number_activates_and_answers_the_pin(&app, &maja, &card_id, &number).await;
    the_pin_again_only_with_the_number(&app, &maja, &card_id, &number, &pin).await;
    nobody_else_sees_the_card(&app, &card_id, &number).await;
    the_company_blocks_unblocks_and_terminates(&app, &admin, &maja, &card_id, &number).await;
}

async fn the_queue_shows_what_is_printed_and_nothing_more(app: &TestApp, p: &str, order: &str) {
    // In the queue, with what is printed and where it goes, and nothing else.
    let queued = queue(app, p, "approved").await;
    let entry = queued
        .iter()
        .find(|o| o["id"] == order)
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
        .get(&format!("/v1/production/orders/{order}/portrait"), Some(p))
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
}

/// Start, produced (the card is made), shipped, delivered: the card's id and number.
async fn the_producer_makes_ships_and_delivers_the_card(
    app: &TestApp,
    p: &str,
    order: &str,
) -> (String, String) {
    // Start, produced (the card is made), shipped, delivered.
    let started = expect(
        keyed_step(app, p, order, "start", None, "start-1").await,
        200,
    )
    .await;
    assert_eq!(started["status"], "in_production");
    let replay = keyed_step(app, p, order, "start", None, "start-1").await;
    assert_eq!(
        replay
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let produced = expect(step(app, p, order, "produced", None).await, 200).await;
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
            app,
            p,
            order,
            "ship",
            Some(json!({"carrier": "PostNord", "tracking_number": "00370712345678901234"})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(shipped["shipment"]["carrier"], "PostNord");
    let mail = email_about(app, MAJA, "has been shipped").await;
    assert!(mail["body"]
        .as_str()
        .unwrap_or_default()
        .contains("00370712345678901234"));
    let delivered = expect(step(app, p, order, "deliver", None).await, 200).await;
    assert_eq!(delivered["status"], "delivered");
    assert!(delivered["shipment"]["delivered_at"].is_string());
    let mail = email_about(app, MAJA, "Activate your ID06 card").await;
    assert!(mail["body"]
        .as_str()
        .unwrap_or_default()
        .contains("BB-xxxx-xxxxxx"));
    (card_id, number)
}

async fn the_company_saw_every_step(app: &TestApp, admin: &str, order: &str) {
    // The company saw every step in the audit trail.
    let trail = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders/{order}/events"),
            Some(admin),
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
}

async fn the_cardholder_sees_the_last_four_digits_only(
    app: &TestApp,
    maja: &str,
    card_id: &str,
    number: &str,
) {
    // The cardholder: the card is listed with the last four digits only.
    let mine = expect(app.get("/v1/me/cards", Some(maja)).await, 200).await;
    let listed = mine["data"][0].clone();
    assert_eq!(listed["id"], card_id);
    assert_eq!(listed["status"], "inactive");
    assert_eq!(listed["number_last4"], &number[number.len() - 4..]);
    assert!(
        !mine.to_string().contains(number),
        "the whole number is never listed"
    );
}

/// A wrong number is refused, the right one (typed loosely) activates: the PIN.
async fn the_right_number_activates_and_answers_the_pin(
    app: &TestApp,
    maja: &str,
    card_id: &str,
    number: &str,
) -> String {
    // A wrong number (with a valid check digit) is refused; the right one activates.
    let activate = format!("/v1/me/cards/{card_id}/activate");
    let p1 = expect(
        card_post(
            app,
            maja,
            &activate,
            json!({"card_number": other_number(number)}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p1["code"], "card_number_mismatch");
    let p2 = expect(
        card_post(
            app,
            maja,
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
        card_post(app, maja, &activate, json!({"card_number": typed})).await,
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
        card_post(app, maja, &activate, json!({"card_number": number})).await,
        409,
    )
    .await;
    let mine = expect(app.get("/v1/me/cards", Some(maja)).await, 200).await;
    assert!(
        !mine.to_string().contains(&pin),
        "the PIN is never in a list"
    );
    pin
}

async fn the_pin_again_only_with_the_number(
    app: &TestApp,
    maja: &str,
    card_id: &str,
    number: &str,
    pin: &str,
) {
    // The PIN again, only with the number.
    let pin_path = format!("/v1/me/cards/{card_id}/pin");
    let again = expect(
        card_post(app, maja, &pin_path, json!({"card_number": number})).await,
        200,
    )
    .await;
    assert_eq!(again["pin"], pin);
    expect(
        card_post(
            app,
            maja,
            &pin_path,
            json!({"card_number": other_number(number)}),
        )
        .await,
        422,
    )
    .await;
}

async fn nobody_else_sees_the_card(app: &TestApp, card_id: &str, number: &str) {
    let pin_path = format!("/v1/me/cards/{card_id}/pin");
    // Nobody else's: another cardholder, another company.
    let erik = app.sign_in(ERIK_EMAIL).await.access_token;
    expect(
        app.get(&format!("/v1/me/cards/{card_id}"), Some(&erik))
            .await,
        404,
    )
    .await;
    expect(
        card_post(app, &erik, &pin_path, json!({"card_number": number})).await,
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
}

async fn the_company_blocks_unblocks_and_terminates(
    app: &TestApp,
    admin: &str,
    maja: &str,
    card_id: &str,
    number: &str,
) {
    let pin_path = format!("/v1/me/cards/{card_id}/pin");
    // The company blocks, unblocks and terminates, each with a reason and an event.
    let company_card = format!("/v1/companies/{COMPANY_ID}/cards/{card_id}");
    let listed = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards?status=active&name=maja"),
            Some(admin),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listed["data"][0]["number"], number);
    let blocked = expect(
        card_post(
            app,
            admin,
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
        card_post(app, maja, &pin_path, json!({"card_number": number})).await,
        200,
    )
    .await;
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let unblocked = expect(
        card_post(
            app,
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
            app,
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
        card_post(app, maja, &pin_path, json!({"card_number": number})).await,
        409,
    )
    .await;
    let mine = expect(
        app.get(&format!("/v1/me/cards/{card_id}"), Some(maja))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["status"], "terminated");
}
