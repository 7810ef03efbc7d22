//! Personal data over HTTP: what the company sees of an order whose cardholder's data retention
//! erased, on the running server's clock.

use std::time::Duration;

use id06_tests::{expect, TestApp, ASA_EMAIL, COMPANY_ID, ORDERER_EMAIL};
use serde_json::{json, Value};

#[tokio::test]
async fn a_closed_order_keeps_its_trail_but_not_its_person_once_retention_ran() {
    let app = TestApp::spawn_with(|s| s.retention.retention_interval_secs = 1).await;
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let orders = format!("/v1/companies/{COMPANY_ID}/card-orders");
    let valid_until = (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(700)).to_string();
    let order = expect(
        app.post(
            &orders,
            Some(&orderer),
            Some(json!({
                "given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14",
                "nationality": "SE", "personal_identity_number": "19880314-1236",
                "cardholder_email": ASA_EMAIL, "cardholder_phone": "070-445 07 23",
                "valid_until": valid_until,
            })),
        )
        .await,
        201,
    )
    .await;
    let path = format!("{orders}/{}", order["id"].as_str().unwrap_or_default());
    assert_eq!(order["personal_identity_number"], "19880314-1236");
    assert_eq!(order["personal_data_erased_at"], Value::Null);
    expect(
        app.post(
            &format!("{path}/cancel"),
            Some(&orderer),
            Some(json!({"reason": "Åsa Öberg left the company."})),
        )
        .await,
        200,
    )
    .await;

    // Ninety days and a run later (the server's job runs every second here).
    app.clock.advance(chrono::TimeDelta::days(91));
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let mut erased = Value::Null;
    for _ in 0..100 {
        erased = expect(app.get(&path, Some(&orderer)).await, 200).await;
        if !erased["personal_data_erased_at"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(erased["personal_data_erased_at"].is_string(), "{erased}");
    assert_eq!(erased["status"], "cancelled");
    for field in [
        "given_names",
        "surname",
        "name_to_print",
        "date_of_birth",
        "nationality",
        "personal_identity_number",
        "cardholder_email",
        "cardholder_phone",
        "delivery_address",
    ] {
        assert_eq!(erased[field], Value::Null, "{field}: {erased}");
    }
    assert_eq!(erased["identity_check"]["result"], "unverified");

    let list = expect(
        app.get(&format!("{orders}?status=cancelled"), Some(&orderer))
            .await,
        200,
    )
    .await;
    let listed = list["data"]
        .as_array()
        .and_then(|d| d.iter().find(|o| o["id"] == order["id"]).cloned())
        .unwrap_or_else(|| panic!("listed: {list}"));
    assert_eq!(listed["full_name"], "Erased person");
    assert_eq!(listed["cardholder_email"], Value::Null);

    // The trail stays, says what happened, and no longer carries the reason's names.
    let trail = expect(
        app.get(&format!("{path}/events"), Some(&orderer)).await,
        200,
    )
    .await;
    let text = trail.to_string();
    assert!(!text.contains("Öberg"), "{text}");
    let last = trail["data"]
        .as_array()
        .and_then(|d| d.last().cloned())
        .unwrap_or_default();
    assert!(
        last["reason"]
            .as_str()
            .is_some_and(|r| r.contains("personal data was erased")),
        "{last}"
    );
}
