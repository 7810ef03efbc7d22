//! The cardholder's side of a card order over HTTP: the review (`review.rs`), preconditions and
//! races (`conflicts.rs`), and lists, idempotency and fresh reads (`reads.rs`).

mod conflicts;
mod reads;
mod review;

use std::collections::HashSet;

use id06_tests::{
    expect, TestApp, ASA_EMAIL, ERIK_EMAIL, ORDER_ERIK, ORDER_MATCHING, ORDER_MISSPELLED,
};
use serde_json::{json, Value};

fn order(id: &str) -> String {
    format!("/v1/me/card-orders/{id}")
}

async fn count_events(app: &TestApp, token: &str, to: &str) -> usize {
    let events = expect(
        app.get(&format!("{}/events", order(ORDER_MATCHING)), Some(token))
            .await,
        200,
    )
    .await;
    events["data"]
        .as_array()
        .map(|a| a.iter().filter(|e| e["to_status"] == to).count())
        .unwrap_or(0)
}
