//! Every demo order in the producer's queue can be printed.

use super::*;

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
