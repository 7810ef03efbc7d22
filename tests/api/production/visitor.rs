//! Visitor cards: made, shipped, and active on delivery.

use super::*;

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
