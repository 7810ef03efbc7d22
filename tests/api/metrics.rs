//! `GET /metrics`: Prometheus text for a scraper with the configured token; 404 without one.

use id06_tests::{expect, TestApp, ADMIN_EMAIL};

#[tokio::test]
async fn metrics_are_served_only_to_the_scraper_with_the_token() {
    let app = TestApp::spawn_with(|s| s.metrics_token = Some("scrape-secret-0001".into())).await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    expect(app.get("/v1/me", Some(&admin)).await, 200).await;
    expect(
        app.get(
            "/v1/me/card-orders/ord_000000000000000000000000",
            Some(&admin),
        )
        .await,
        404,
    )
    .await;
    let _ = app.login(ADMIN_EMAIL, "wrong password, surely").await;
    expect(app.get("/metrics", None).await, 401).await;
    expect(app.get("/metrics", Some("not-the-token")).await, 401).await;
    let r = app.get("/metrics", Some("scrape-secret-0001")).await;
    assert_eq!(r.status(), 200);
    assert!(r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| c.starts_with("text/plain")));
    let text = r.text().await.unwrap_or_default();
    for needle in [
        "http_requests_total{",
        "route=\"/v1/me\"",
        // The template, never the id.
        "route=\"/v1/me/card-orders/{order_id}\"",
        "http_request_duration_seconds_bucket{",
        "sign_in_failures_total{step=\"password\"}",
        "outbox_depth{kind=\"webhook\"}",
        "outbox_oldest_age_seconds{kind=\"email\"}",
        "db_pool_connections",
        "db_statements_total{",
        "db_pool_wait_microseconds_total",
        "build_info{",
    ] {
        assert!(text.contains(needle), "{needle} missing from:\n{text}");
    }
    assert!(!text.contains("ord_000000000000000000000000"));

    let plain = TestApp::spawn().await;
    expect(plain.get("/metrics", Some("scrape-secret-0001")).await, 404).await;
}
