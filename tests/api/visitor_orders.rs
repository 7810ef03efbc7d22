//! Visitor card orders: approved when placed, no personal data, the company's own.

use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ORDERER_EMAIL, OTHER_ADMIN_EMAIL,
};
use serde_json::json;

fn path() -> String {
    format!("/v1/companies/{COMPANY_ID}/visitor-card-orders")
}

fn days(n: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(n)).to_string()
}

#[tokio::test]
async fn visitor_cards_are_approved_when_ordered() {
    let app = TestApp::spawn().await;
    let orderer = app.sign_in(ORDERER_EMAIL).await;
    let t = Some(orderer.access_token.as_str());
    let r = app
        .post(
            &path(),
            t,
            Some(json!({"quantity": 10, "valid_until": days(90)})),
        )
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let order = expect(r, 201).await;
    assert_eq!(order["status"], "approved");
    assert_eq!(order["quantity"], 10);
    assert_eq!(order["delivery_address"]["postal_code"], "903 25");
    assert_eq!(
        location,
        format!("{}/{}", path(), order["id"].as_str().unwrap_or_default())
    );
    let got = expect(app.get(&location, t).await, 200).await;
    assert_eq!(got, order);

    let second = json!({"quantity": 1, "valid_until": days(10), "delivery_address": {"street": "Kajen 3", "postal_code": "0150", "city": "Oslo", "country": "NO"}});
    let second = expect(app.post(&path(), t, Some(second)).await, 201).await;
    let page = expect(app.get(&format!("{}?limit=1", path()), t).await, 200).await;
    assert_eq!(page["data"][0]["id"], second["id"], "newest first");
    assert_eq!(page["has_more"], true);
    let cursor = page["next_cursor"].as_str().unwrap_or_default();
    let rest = expect(
        app.get(&format!("{}?limit=1&cursor={cursor}", path()), t)
            .await,
        200,
    )
    .await;
    assert_eq!(rest["data"][0]["id"], order["id"]);
    // Then the demo's own visitor order, last.
    assert_eq!(rest["has_more"], true);
}

#[tokio::test]
async fn a_visitor_order_is_checked_and_stays_the_companys() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let t = Some(admin.access_token.as_str());
    for (body, field) in [
        (json!({"quantity": 0, "valid_until": days(30)}), "quantity"),
        (
            json!({"quantity": 101, "valid_until": days(30)}),
            "quantity",
        ),
        (
            json!({"quantity": 5, "valid_until": days(0)}),
            "valid_until",
        ),
        (
            json!({"quantity": 5, "valid_until": days(3 * 366 + 2 * 365)}),
            "valid_until",
        ),
    ] {
        let p = expect(app.post(&path(), t, Some(body)).await, 422).await;
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    let order = expect(
        app.post(
            &path(),
            t,
            Some(json!({"quantity": 5, "valid_until": days(30)})),
        )
        .await,
        201,
    )
    .await;
    let one = format!("{}/{}", path(), order["id"].as_str().unwrap_or_default());
    for who in [OTHER_ADMIN_EMAIL, ASA_EMAIL] {
        let s = app.sign_in(who).await;
        let t = Some(s.access_token.as_str());
        expect(app.get(&path(), t).await, 404).await;
        expect(app.get(&one, t).await, 404).await;
        expect(
            app.post(
                &path(),
                t,
                Some(json!({"quantity": 1, "valid_until": days(30)})),
            )
            .await,
            404,
        )
        .await;
    }
    expect(app.get(&format!("{}/vor_nope", path()), t).await, 404).await;
}
