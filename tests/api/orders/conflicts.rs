//! Preconditions and races: `If-Match`, a second accept, and concurrent accepts and rejects with
//! exactly one winner.

use super::*;

#[tokio::test]
async fn a_stale_if_match_is_refused() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let (old, _) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    app.complete_contact(&s.access_token).await;
    // The company changes the order after the cardholder reviewed it.
    app.company_edits(ORDER_MATCHING).await;
    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, &old)
        .await;
    let p = expect(r, 412).await;
    assert_eq!(p["code"], "precondition_failed");
    let review = expect(
        app.get(&order(ORDER_MATCHING), Some(&s.access_token)).await,
        200,
    )
    .await;
    assert_eq!(review["status"], "waiting_for_review");
    // Not an entity tag at all: malformed, 400.
    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, "2.1")
        .await;
    assert_eq!(expect(r, 400).await["code"], "invalid_if_match");
    // A list holding the current tag lets the accept through.
    let (tag, _) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, format!("\"0.0\", {tag}"))
        .await;
    assert_eq!(expect(r, 200).await["order"]["status"], "approved");
}

#[tokio::test]
async fn an_empty_if_match_is_no_precondition() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, "")
        .await;
    assert_eq!(expect(r, 200).await["order"]["status"], "approved");
}

#[tokio::test]
async fn a_second_accept_conflicts() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    expect(app.accept(ORDER_MATCHING, &s.access_token, None).await, 200).await;
    let p = expect(app.accept(ORDER_MATCHING, &s.access_token, None).await, 409).await;
    assert_eq!(p["code"], "invalid_state");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_many_concurrent_accepts_exactly_one_wins() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let url = app.url(&format!("{}/accept", order(ORDER_MATCHING)));
    let tasks: Vec<_> = (0..24)
        .map(|_| {
            let (client, url, token) = (app.client.clone(), url.clone(), s.access_token.clone());
            tokio::spawn(async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap_or(0));
    }
    statuses.sort_unstable();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        23,
        "{statuses:?}"
    );
    assert_eq!(count_events(&app, &s.access_token, "approved").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_accept_and_reject_leave_one_winner() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let (client, token) = (app.client.clone(), s.access_token.clone());
            let (url, body) = if i % 2 == 0 {
                (
                    app.url(&format!("{}/accept", order(ORDER_MATCHING))),
                    json!({}),
                )
            } else {
                (
                    app.url(&format!("{}/reject", order(ORDER_MATCHING))),
                    json!({"reason": "wrong"}),
                )
            };
            tokio::spawn(async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap_or(0));
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let review = expect(
        app.get(&order(ORDER_MATCHING), Some(&s.access_token)).await,
        200,
    )
    .await;
    let decided = count_events(&app, &s.access_token, "approved").await
        + count_events(&app, &s.access_token, "rejected").await;
    assert_eq!(decided, 1);
    assert!(review["status"] == "approved" || review["status"] == "rejected");
}
