//! Lists with cursors, idempotency keys replayed, and a review that is never stale or anyone
//! else's.

use super::*;

#[tokio::test]
async fn lists_are_paginated_with_cursors() {
    let app = TestApp::spawn().await;
    let base = persistence::now() - chrono::TimeDelta::days(1);
    let valid_until = base.date() + chrono::TimeDelta::days(365);
    app.db
        .write(|conn| {
            for i in 0..25 {
                let id = format!("ord_aa{i:022}");
                devkit::demo::insert_waiting_order(
                    conn,
                    &id,
                    devkit::demo::ASA_ID,
                    ("Åsa Karin", "Öberg", "Åsa Öberg"),
                    chrono::NaiveDate::from_ymd_opt(1988, 3, 14).unwrap_or_default(),
                    valid_until,
                    // Pairs share a timestamp: the cursor must break ties by id.
                    base + chrono::TimeDelta::seconds(i / 2),
                )?;
            }
            Ok::<_, persistence::Error>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let s = app.sign_in(ASA_EMAIL).await;
    let mut seen: Vec<String> = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/me/card-orders?limit=10&cursor={c}"),
            None => "/v1/me/card-orders?limit=10".into(),
        };
        let page = expect(app.get(&path, Some(&s.access_token)).await, 200).await;
        pages += 1;
        for o in page["data"].as_array().cloned().unwrap_or_default() {
            seen.push(o["id"].as_str().unwrap_or_default().to_owned());
        }
        if page["has_more"] == false {
            assert_eq!(page["next_cursor"], Value::Null);
            break;
        }
        cursor = page["next_cursor"].as_str().map(str::to_owned);
        assert!(pages < 10);
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 27);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        27,
        "no order twice"
    );
    assert_eq!(seen[0], ORDER_MATCHING, "the demo orders are the newest");
    let p = expect(
        app.get(
            "/v1/me/card-orders?cursor=not-a-cursor",
            Some(&s.access_token),
        )
        .await,
        400,
    )
    .await;
    // The contract's pattern refuses it before the cursor is read: named like any query error.
    assert_eq!(p["code"], "invalid_query");
    assert_eq!(p["errors"][0]["field"], "cursor");
    expect(
        app.get("/v1/me/card-orders?limit=0", Some(&s.access_token))
            .await,
        400,
    )
    .await;
    expect(
        app.get("/v1/me/card-orders?limit=101", Some(&s.access_token))
            .await,
        400,
    )
    .await;
    expect(
        app.get("/v1/me/card-orders?status=bogus", Some(&s.access_token))
            .await,
        400,
    )
    .await;
}

#[tokio::test]
async fn an_idempotency_key_replays_the_first_answer() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let url = app.url(&format!("{}/accept", order(ORDER_MATCHING)));
    let send = |body: Value| {
        app.client
            .post(url.clone())
            .bearer_auth(&s.access_token)
            .header("Idempotency-Key", "accept-1")
            .json(&body)
            .send()
    };
    // A key sent empty or with invisible characters is a mistake, not an absent key.
    for bad in ["", "   ", "tab\tkey"] {
        let r = app
            .client
            .post(url.clone())
            .bearer_auth(&s.access_token)
            .header("Idempotency-Key", bad)
            .json(&json!({}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let p = expect(r, 400).await;
        assert_eq!(p["code"], "invalid_idempotency_key", "{bad:?}");
    }
    let first = send(json!({})).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.status(), 200);
    let first_body = first.text().await.unwrap_or_default();
    let again = send(json!({})).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.status(), 200);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(again.text().await.unwrap_or_default(), first_body);
    let other = send(json!({"contact_details": {"city": "Uppsala"}}))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let p = expect(other, 422).await;
    assert_eq!(p["code"], "idempotency_key_reused");
    assert_eq!(count_events(&app, &s.access_token, "approved").await, 1);
}

#[tokio::test]
async fn a_review_is_never_stale_or_anyone_elses() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());
    let first = expect(app.get(&order(ORDER_MISSPELLED), t).await, 200).await;
    assert_eq!(first["identity_check"]["result"], "mismatch");
    // Read twice: the second may come from the cache and must be the same.
    assert_eq!(
        expect(app.get(&order(ORDER_MISSPELLED), t).await, 200).await,
        first
    );

    // Another cardholder asking for it gets nothing, cached or not.
    let e = app.sign_in(ERIK_EMAIL).await;
    expect(
        app.get(&order(ORDER_MISSPELLED), Some(&e.access_token))
            .await,
        404,
    )
    .await;

    // New contact details show at once.
    app.complete_contact(&s.access_token).await;
    let after_contact = expect(app.get(&order(ORDER_MISSPELLED), t).await, 200).await;
    assert_eq!(after_contact["contact_details"]["city"], "Stockholm");
    assert_ne!(after_contact["version"], first["version"]);

    // New verified evidence shows at once (here: Åsa's newer document of another citizenship).
    let before = expect(app.get(&order(ORDER_MATCHING), t).await, 200).await;
    assert_eq!(before["verified_nationality"], "SE");
    let now = persistence::now();
    let document_number = app
        .vault()
        .seal_in(
            persistence::sealing::Column::EvidenceDocumentNumber,
            "idv_aa0000000000000000000009",
            "NI9",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    app.db
        .write(|conn| {
            persistence::evidence::insert(
                conn,
                &persistence::NewEvidence {
                    id: &domain::EvidenceId::parse("idv_aa0000000000000000000009")
                        .unwrap_or_else(|| panic!("id")),
                    account_id: &domain::AccountId::parse(devkit::demo::ASA_ID)
                        .unwrap_or_else(|| panic!("id")),
                    source: domain::EvidenceSource::NationalIdCard,
                    document_number: &document_number,
                    issuing_country: "SE",
                    name_zone: domain::NameZone::Visual,
                    surname: "Öberg",
                    given_names: "Åsa Karin",
                    date_of_birth: chrono::NaiveDate::from_ymd_opt(1988, 3, 14).unwrap_or_default(),
                    nationality: Some("NO"),
                    personal_identity_number: None,
                    document_expires_on: None,
                    outcome: domain::Verdict::Green,
                    rejection_reason: None,
                    verifier: "test",
                    verified_at: now,
                },
            )
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let after_evidence = expect(app.get(&order(ORDER_MATCHING), t).await, 200).await;
    assert_eq!(after_evidence["verified_nationality"], "NO");
    assert_eq!(after_evidence["identity_check"]["result"], "mismatch");

    // A transition shows at once.
    expect(
        app.reject(ORDER_MISSPELLED, &s.access_token, "My surname is Öberg.")
            .await,
        200,
    )
    .await;
    assert_eq!(
        expect(app.get(&order(ORDER_MISSPELLED), t).await, 200).await["status"],
        "rejected"
    );

    // After logout the cached review is not served.
    app.post("/v1/auth/logout", t, None).await;
    expect(app.get(&order(ORDER_MISSPELLED), t).await, 401).await;
}
