//! A person's data on a fresh install, from the order to the erasure: a card ordered for a
//! newcomer, her passport check, her approval, production to an active card; then her copy of
//! everything held about her (every class of the data map), who looked at her identity data,
//! the raw tables holding none of it in clear, and her erasure with what the live card holds.

use id06_tests::{expect, TestApp, PASSWORD};
use serde_json::{json, Value};

use crate::story;

const MAJA: &str = "maja@fresh.example.se";

#[tokio::test]
async fn a_fresh_install_keeps_a_persons_data_theirs_from_order_to_erasure() {
    let app = TestApp::spawn_empty().await;
    let (c, admin) = story::the_operator_opens_a_company_and_its_administrator_signs_up(&app).await;
    let t = Some(admin.access_token.as_str());
    let verifier = story::the_identity_verifiers_client_from_the_command_line(&app).await;
    let order =
        story::a_newcomer_verified_by_passport_approves_her_card(&app, &c, t, &verifier).await;
    let producer =
        story::a_client_from_the_command_line(&app, "Card partner", "card_producer").await;
    let (card_id, number) =
        the_producer_prints_and_delivers_her_card(&app, &producer, &order).await;
    let maja = app.sign_in(MAJA).await.access_token;
    expect(
        app.post(
            &format!("/v1/me/cards/{card_id}/activate"),
            Some(&maja),
            Some(json!({"card_number": number})),
        )
        .await,
        200,
    )
    .await;
    her_copy_holds_every_class_of_the_map(&app, &maja, &number).await;
    she_sees_who_looked_at_her_identity_data(&app, &maja).await;
    the_raw_tables_hold_none_of_it_in_clear(&app).await;
    she_erases_what_can_go_and_her_live_card_is_held(&app, &maja, &card_id).await;
}

/// A producer's step that must succeed.
async fn step(app: &TestApp, p: &str, order: &str, action: &str, body: Option<Value>) -> Value {
    expect(
        crate::production::step(app, p, order, action, body).await,
        200,
    )
    .await
}

/// The portrait is downloaded to print, the card made, shipped and delivered: its id and number.
async fn the_producer_prints_and_delivers_her_card(
    app: &TestApp,
    p: &str,
    order: &str,
) -> (String, String) {
    step(app, p, order, "start", None).await;
    let portrait = app
        .get(&format!("/v1/production/orders/{order}/portrait"), Some(p))
        .await;
    assert_eq!(portrait.status(), 200);
    let produced = step(app, p, order, "produced", None).await;
    let card = produced["cards"][0].clone();
    let shipment = json!({"carrier": "PostNord", "tracking_number": "00370712345678901234"});
    step(app, p, order, "ship", Some(shipment)).await;
    let delivered = step(app, p, order, "deliver", None).await;
    assert_eq!(delivered["status"], "delivered");
    (
        card["id"].as_str().unwrap_or_default().to_owned(),
        card["number"].as_str().unwrap_or_default().to_owned(),
    )
}

async fn her_copy_holds_every_class_of_the_map(app: &TestApp, maja: &str, number: &str) {
    let copy = expect(app.get("/v1/me/personal-data", Some(maja)).await, 200).await;
    assert_eq!(copy["account"]["email"], MAJA);
    let classes: Vec<String> = copy["processing"]
        .as_array()
        .map(|p| {
            p.iter()
                .filter_map(|x| x["data"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(classes.len(), 8);
    for class in &classes {
        let held = &copy[class.as_str()];
        let present = held.as_array().map_or(held.is_object(), |a| !a.is_empty());
        assert!(present, "{class} is missing from her copy: {copy}");
    }
    let identity = &copy["verified_identities"][0];
    assert_eq!(identity["personal_identity_number"], "19900517-1237");
    let check = &copy["identity_checks"][0];
    assert_eq!(check["document_number"], "AB1234567");
    let portrait = check["portrait_url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(app.get(&portrait, Some(maja)).await.status(), 200);
    let order = &copy["card_orders"][0];
    assert_eq!(order["personal_identity_number"], "19900517-1237");
    assert!(
        order["trail"].as_array().is_some_and(|t| t.len() >= 6),
        "{order}"
    );
    assert_eq!(copy["cards"][0]["number"], number);
    assert_eq!(copy["cards"][0]["status"], "active");
}

async fn she_sees_who_looked_at_her_identity_data(app: &TestApp, maja: &str) {
    let log = expect(app.get("/v1/me/data-access", Some(maja)).await, 200).await;
    let said: Vec<String> = log["data"]
        .as_array()
        .map(|d| {
            d.iter()
                .filter_map(|r| r["description"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    // The administrator opened her order's identity check; the producer took her portrait; the
    // verifier never read her check back.
    assert!(
        said.iter()
            .any(|s| s.ends_with("Nybygget AB, viewed your order's identity check.")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s == "Card partner downloaded your portrait to print your card."),
        "{said:?}"
    );
}

async fn the_raw_tables_hold_none_of_it_in_clear(app: &TestApp) {
    let (text, portraits) = app
        .db
        .read(id06_tests::raw_tables::identity_data)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(text.len() >= 4, "{text:?}");
    for value in &text {
        for clear in ["199005171237", "19900517-1237", "AB1234567", "LIND<<MAJA"] {
            assert!(!value.contains(clear), "{clear} in clear: {value}");
        }
    }
    assert!(!portraits.is_empty());
    for p in &portraits {
        assert!(
            !p.starts_with(b"\x89PNG") && !p.starts_with(b"\xff\xd8"),
            "a portrait in clear"
        );
    }
}

async fn she_erases_what_can_go_and_her_live_card_is_held(app: &TestApp, maja: &str, card: &str) {
    let report = expect(
        app.post(
            "/v1/me/erasure",
            Some(maja),
            Some(json!({"password": PASSWORD})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(report["account_deleted"], false);
    let held = report["held"].as_array().cloned().unwrap_or_default();
    assert_eq!(held.len(), 1, "{report}");
    assert_eq!(held[0]["kind"], "card");
    assert_eq!(held[0]["id"], card);
    assert!(held[0]["until"].is_string());
    expect(app.get("/v1/me", Some(maja)).await, 401).await;
}
