//! The producer refuses an order; the company corrects it and the cardholder reviews it again.

use super::*;

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
