//! How refusals answer over HTTP, and who may call the producer's and the cards' operations.

use super::*;

/// Which transition each state allows is the journal's rule, tested for every state and
/// transition in `tests/usecases/journal.rs`; here, how a refusal and a stale precondition answer.
#[tokio::test]
async fn a_wrong_state_transition_is_409_and_a_stale_precondition_412() {
    let app = TestApp::spawn().await;
    let p = producer(&app).await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let r = expect(step(&app, &p, VISITOR_ORDER_ID, "deliver", None).await, 409).await;
    assert_eq!(r["code"], "invalid_state");
    // A stale If-Match on a transition the order allows is 412, and nothing moves.
    let stale = app
        .client
        .post(app.url(&format!("/v1/production/orders/{VISITOR_ORDER_ID}/start")))
        .bearer_auth(&p)
        .header("If-Match", "\"999\"")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = expect(stale, 412).await;
    assert_eq!(r["code"], "precondition_failed");
    expect(step(&app, &p, VISITOR_ORDER_ID, "start", None).await, 200).await;
    // The demo's inactive card can only be terminated.
    let card = format!("/v1/companies/{COMPANY_ID}/cards/{}", id06_tests::CARD_ID);
    let r = expect(
        card_post(
            &app,
            &admin,
            &format!("{card}/block"),
            json!({"reason": "test"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(r["code"], "invalid_state");
}

#[tokio::test]
async fn only_the_producer_produces_and_only_within_its_scopes() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let verifier = verifier(&app).await;
    for token in [&admin, &integrator, &verifier] {
        let r = expect(app.get("/v1/production/queue", Some(token)).await, 403).await;
        assert_eq!(r["code"], "client_role_required");
        expect(
            step(&app, token, VISITOR_ORDER_ID, "start", None).await,
            403,
        )
        .await;
    }
    expect(app.get("/v1/production/queue", None).await, 401).await;
    let read_only = app
        .client_token(PRODUCER_ID, PRODUCER_SECRET, Some("production:read"))
        .await;
    expect(app.get("/v1/production/queue", Some(&read_only)).await, 200).await;
    let r = expect(
        step(&app, &read_only, VISITOR_ORDER_ID, "start", None).await,
        403,
    )
    .await;
    assert_eq!(r["code"], "insufficient_scope");
    // Orders not approved yet do not exist for the producer.
    let p = producer(&app).await;
    expect(
        app.get(&format!("/v1/production/orders/{ORDER_MATCHING}"), Some(&p))
            .await,
        404,
    )
    .await;
    expect(step(&app, &p, ORDER_MATCHING, "start", None).await, 404).await;
    expect(
        app.get("/v1/production/orders/nonsense", Some(&p)).await,
        404,
    )
    .await;
    // The producer sees no company's cards, and another company's integrator none of these.
    expect(
        app.get(&format!("/v1/companies/{COMPANY_ID}/cards"), Some(&p))
            .await,
        404,
    )
    .await;
    let other = app
        .client_token(OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, None)
        .await;
    expect(
        app.get(&format!("/v1/companies/{COMPANY_ID}/cards"), Some(&other))
            .await,
        404,
    )
    .await;
    // An integrator without the cards scopes may not see or change cards.
    let orders_only = app
        .client_token(
            INTEGRATOR_ID,
            INTEGRATOR_SECRET,
            Some("orders:read orders:write"),
        )
        .await;
    let r = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/cards"),
            Some(&orders_only),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(r["code"], "insufficient_scope");
    // Machine tokens have no cards of their own.
    expect(app.get("/v1/me/cards", Some(&p)).await, 401).await;
    // The queue pages without overlap.
    let page = expect(app.get("/v1/production/queue?limit=1", Some(&p)).await, 200).await;
    assert_eq!(page["has_more"], true);
    let next = page["next_cursor"].as_str().unwrap_or_default().to_owned();
    let page2 = expect(
        app.get(
            &format!("/v1/production/queue?limit=1&cursor={next}"),
            Some(&p),
        )
        .await,
        200,
    )
    .await;
    assert_ne!(page["data"][0]["id"], page2["data"][0]["id"]);
    expect(
        app.get("/v1/production/queue?cursor=garbage", Some(&p))
            .await,
        400,
    )
    .await;
}

/// The counting and the window are the use case's rule (`tests/usecases/cards.rs`); here, the
/// answers: 422 for a wrong number, then 429 with `Retry-After`.
#[tokio::test]
async fn wrong_card_numbers_are_throttled() {
    let app = TestApp::spawn().await;
    let johan = app.sign_in(ORDERER_EMAIL).await.access_token;
    let number = devkit::demo::demo_card_number().to_string();
    let path = format!("/v1/me/cards/{}/activate", id06_tests::CARD_ID);
    for _ in 0..10 {
        let r = expect(
            card_post(
                &app,
                &johan,
                &path,
                json!({"card_number": other_number(&number)}),
            )
            .await,
            422,
        )
        .await;
        assert_eq!(r["code"], "card_number_mismatch");
    }
    let r = card_post(&app, &johan, &path, json!({"card_number": number})).await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
}

/// What expires, by whom and how often is the job's rule (`tests/usecases/expiry.rs`); here,
/// that the running service runs the job and the company sees its outcome.
#[tokio::test]
async fn the_service_runs_the_expiry_job() {
    let app = TestApp::spawn_with(|s| s.expiry_interval_secs = 1).await;
    // Three years and a week: the demo card's validity and every review window are past.
    app.clock.advance(chrono::TimeDelta::days(365 * 3 + 7));
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let order = format!(
        "/v1/companies/{COMPANY_ID}/card-orders/{}",
        id06_tests::ORDER_ERIK
    );
    let card = format!("/v1/companies/{COMPANY_ID}/cards/{}", id06_tests::CARD_ID);
    let start = std::time::Instant::now();
    loop {
        let o = expect(app.get(&order, Some(&admin)).await, 200).await;
        let c = expect(app.get(&card, Some(&admin)).await, 200).await;
        if o["status"] == "expired" && c["status"] == "expired" {
            break;
        }
        assert!(start.elapsed().as_secs() < 20, "not expired: {o} {c}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}
