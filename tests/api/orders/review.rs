//! The cardholder's review: the whole flow, contact details completed while accepting, a
//! misspelled name, and another cardholder's order.

use super::*;

#[tokio::test]
async fn the_whole_flow_from_sign_in_to_confirmation() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());

    let list = expect(app.get("/v1/me/card-orders", t).await, 200).await;
    let ids: Vec<&str> = list["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        ids,
        vec![ORDER_MATCHING, ORDER_MISSPELLED],
        "newest first, only mine"
    );

    let (etag, review) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    assert_eq!(review["status"], "waiting_for_review");
    assert_eq!(review["status_label"], "Waiting for your review");
    assert_eq!(review["company"]["name"], "Byggbolaget Norr AB");
    assert_eq!(review["company"]["org_number"], "556547-9770");
    assert_eq!(review["full_name"], "Åsa Karin Öberg");
    assert_eq!(review["name_to_print"], "Åsa Öberg");
    assert_eq!(review["date_of_birth"], "1988-03-14");
    assert_eq!(review["nationality_in_order"], "SE");
    assert_eq!(review["verified_nationality"], "SE");
    assert!(review["valid_until"].is_string());
    assert_eq!(
        review["identity_check"]["result"], "match",
        "Öberg matches the MRZ OEBERG"
    );
    assert_eq!(
        review["contact_details"]["missing"],
        json!(["address", "postal_code", "city", "country"])
    );
    assert_eq!(review["can_accept"], false);
    assert!(!etag.is_empty());

    // Accepting before the contact details are complete names what is missing.
    let p = expect(app.accept(ORDER_MATCHING, &s.access_token, None).await, 422).await;
    assert_eq!(p["code"], "contact_details_incomplete");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        vec![
            "contact_details.address",
            "contact_details.postal_code",
            "contact_details.city",
            "contact_details.country"
        ]
    );

    app.complete_contact(&s.access_token).await;
    let (etag, review) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    assert_eq!(review["contact_details"]["missing"], json!([]));
    assert_eq!(review["contact_details"]["postal_code"], "114 55");
    assert_eq!(review["can_accept"], true);

    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, &etag)
        .await;
    let done = expect(r, 200).await;
    assert_eq!(
        done["message"],
        "Thank you! Your card data was confirmed and we are now ready to print ID06 card."
    );
    assert_eq!(done["order"]["status"], "approved");

    let events = expect(
        app.get(&format!("{}/events", order(ORDER_MATCHING)), t)
            .await,
        200,
    )
    .await;
    let trail: Vec<(Value, Value, Value)> = events["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["from_status"].clone(),
                        e["to_status"].clone(),
                        e["actor_kind"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        trail,
        vec![
            (Value::Null, json!("draft"), json!("member")),
            (json!("draft"), json!("waiting_for_review"), json!("member")),
            (
                json!("waiting_for_review"),
                json!("approved"),
                json!("cardholder")
            ),
        ]
    );
    let list = expect(app.get("/v1/me/card-orders?status=approved", t).await, 200).await;
    assert_eq!(list["data"][0]["id"], ORDER_MATCHING);
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn contact_details_can_be_completed_while_accepting() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let body = json!({"contact_details": {"address": "Storgatan 12", "postal_code": "11455", "city": "Stockholm", "country": "SE"}});
    let done = expect(
        app.accept(ORDER_MATCHING, &s.access_token, Some(body))
            .await,
        200,
    )
    .await;
    assert_eq!(done["order"]["contact_details"]["postal_code"], "114 55");
    let me = expect(app.get("/v1/me", Some(&s.access_token)).await, 200).await;
    assert_eq!(me["contact_details"]["city"], "Stockholm");
}

#[tokio::test]
async fn invalid_contact_details_are_named_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let body = json!({"contact_details": {"address": "Storgatan 12", "postal_code": "1145", "city": "Stockholm", "country": "SE", "phone": "12", "email": "not-an-email"}});
    let p = expect(
        app.accept(ORDER_MATCHING, &s.access_token, Some(body))
            .await,
        422,
    )
    .await;
    let fields: HashSet<&str> = p["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        HashSet::from([
            "contact_details.phone",
            "contact_details.email",
            "contact_details.postal_code"
        ])
    );
    let me = expect(app.get("/v1/me", Some(&s.access_token)).await, 200).await;
    assert_eq!(me["contact_details"]["address"], Value::Null);
    // An unknown country is named too.
    let body = json!({"contact_details": {"country": "XX"}});
    let p = expect(
        app.accept(ORDER_MATCHING, &s.access_token, Some(body))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "contact_details.country");
}

#[tokio::test]
async fn a_misspelled_name_cannot_be_accepted_and_can_be_rejected() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());
    app.complete_contact(&s.access_token).await;
    let review = expect(app.get(&order(ORDER_MISSPELLED), t).await, 200).await;
    assert_eq!(review["identity_check"]["result"], "mismatch");
    assert_eq!(
        review["identity_check"]["mismatches"],
        json!([{"field": "surname", "order_value": "Öbergh", "verified_value": "OEBERG"}])
    );
    let p = expect(
        app.accept(ORDER_MISSPELLED, &s.access_token, None).await,
        422,
    )
    .await;
    assert_eq!(p["code"], "identity_mismatch");
    assert_eq!(p["errors"][0]["field"], "surname");

    // A reason is required.
    let p = expect(
        app.reject(ORDER_MISSPELLED, &s.access_token, "   ").await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reason");
    expect(
        app.post(&format!("{}/reject", order(ORDER_MISSPELLED)), t, None)
            .await,
        422,
    )
    .await;

    let rejected = expect(
        app.reject(
            ORDER_MISSPELLED,
            &s.access_token,
            "My surname is Öberg, not Öbergh.",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(
        rejected["rejection_reason"],
        "My surname is Öberg, not Öbergh."
    );
    let events = expect(
        app.get(&format!("{}/events", order(ORDER_MISSPELLED)), t)
            .await,
        200,
    )
    .await;
    assert_eq!(
        events["data"][2]["reason"],
        "My surname is Öberg, not Öbergh."
    );
    expect(
        app.reject(ORDER_MISSPELLED, &s.access_token, "again").await,
        409,
    )
    .await;
}

#[tokio::test]
async fn another_cardholders_order_does_not_exist_for_you() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());
    for r in [
        app.get(&order(ORDER_ERIK), t).await,
        app.get(&format!("{}/events", order(ORDER_ERIK)), t).await,
        app.accept(ORDER_ERIK, &s.access_token, None).await,
        app.reject(ORDER_ERIK, &s.access_token, "not mine").await,
        app.get("/v1/me/card-orders/ord_ffffffffffffffffffffffff", t)
            .await,
        app.get("/v1/me/card-orders/..%2F..%2Fetc", t).await,
    ] {
        let p = expect(r, 404).await;
        assert_eq!(p["code"], "not_found");
    }
    // Erik's order is untouched and his to see.
    let e = app.sign_in(ERIK_EMAIL).await;
    let review = expect(
        app.get(&order(ORDER_ERIK), Some(&e.access_token)).await,
        200,
    )
    .await;
    assert_eq!(review["status"], "waiting_for_review");
    assert_eq!(review["identity_check"]["result"], "match");
}
