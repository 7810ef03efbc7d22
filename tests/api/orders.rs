use std::collections::HashSet;

use id06_tests::{
    expect, TestApp, ASA_EMAIL, ERIK_EMAIL, ORDER_ERIK, ORDER_MATCHING, ORDER_MISSPELLED,
};
use serde_json::{json, Value};

fn order(id: &str) -> String {
    format!("/v1/me/card-orders/{id}")
}

#[tokio::test]
async fn the_whole_flow_from_sign_in_to_confirmation() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());

    let list = expect(app.get("/v1/me/card-orders", t).await, 200).await;
    let ids: Vec<&str> = list["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        ids,
        vec![ORDER_MATCHING, ORDER_MISSPELLED],
        "newest first, only mine"
    );

    let (etag, review) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    assert_eq!(review["status"], "waiting_for_review");
    assert_eq!(review["status_label"], "Waiting for your review");
    assert_eq!(review["company"]["name"], "Byggbolaget Norr AB");
    assert_eq!(review["company"]["org_number"], "556547-9770");
    assert_eq!(review["full_name"], "Åsa Karin Öberg");
    assert_eq!(review["name_to_print"], "Åsa Öberg");
    assert_eq!(review["date_of_birth"], "1988-03-14");
    assert_eq!(review["nationality_in_order"], "SE");
    assert_eq!(review["verified_nationality"], "SE");
    assert!(review["valid_until"].is_string());
    assert_eq!(
        review["identity_check"]["result"], "match",
        "Öberg matches the MRZ OEBERG"
    );
    assert_eq!(
        review["contact_details"]["missing"],
        json!(["address", "postal_code", "city", "country"])
    );
    assert_eq!(review["can_accept"], false);
    assert!(!etag.is_empty());

    // Accepting before the contact details are complete names what is missing.
    let p = expect(app.accept(ORDER_MATCHING, &s.access_token, None).await, 422).await;
    assert_eq!(p["code"], "contact_details_incomplete");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        vec![
            "contact_details.address",
            "contact_details.postal_code",
            "contact_details.city",
            "contact_details.country"
        ]
    );

    app.complete_contact(&s.access_token).await;
    let (etag, review) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    assert_eq!(review["contact_details"]["missing"], json!([]));
    assert_eq!(review["contact_details"]["postal_code"], "114 55");
    assert_eq!(review["can_accept"], true);

    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, &etag)
        .await;
    let done = expect(r, 200).await;
    assert_eq!(
        done["message"],
        "Thank you! Your card data was confirmed and we are now ready to print ID06 card."
    );
    assert_eq!(done["order"]["status"], "approved");

    let events = expect(
        app.get(&format!("{}/events", order(ORDER_MATCHING)), t)
            .await,
        200,
    )
    .await;
    let trail: Vec<(Value, Value, Value)> = events["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["from_status"].clone(),
                        e["to_status"].clone(),
                        e["actor_kind"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        trail,
        vec![
            (Value::Null, json!("draft"), json!("member")),
            (json!("draft"), json!("waiting_for_review"), json!("member")),
            (
                json!("waiting_for_review"),
                json!("approved"),
                json!("cardholder")
            ),
        ]
    );
    let list = expect(app.get("/v1/me/card-orders?status=approved", t).await, 200).await;
    assert_eq!(list["data"][0]["id"], ORDER_MATCHING);
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn contact_details_can_be_completed_while_accepting() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let body = json!({"contact_details": {"address": "Storgatan 12", "postal_code": "11455", "city": "Stockholm", "country": "SE"}});
    let done = expect(
        app.accept(ORDER_MATCHING, &s.access_token, Some(body))
            .await,
        200,
    )
    .await;
    assert_eq!(done["order"]["contact_details"]["postal_code"], "114 55");
    let me = expect(app.get("/v1/me", Some(&s.access_token)).await, 200).await;
    assert_eq!(me["contact_details"]["city"], "Stockholm");
}

#[tokio::test]
async fn invalid_contact_details_are_named_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let body = json!({"contact_details": {"address": "Storgatan 12", "postal_code": "1145", "city": "Stockholm", "country": "SE", "phone": "12", "email": "not-an-email"}});
    let p = expect(
        app.accept(ORDER_MATCHING, &s.access_token, Some(body))
            .await,
        422,
    )
    .await;
    let fields: HashSet<&str> = p["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        fields,
        HashSet::from([
            "contact_details.phone",
            "contact_details.email",
            "contact_details.postal_code"
        ])
    );
    let me = expect(app.get("/v1/me", Some(&s.access_token)).await, 200).await;
    assert_eq!(me["contact_details"]["address"], Value::Null);
    // An unknown country is named too.
    let body = json!({"contact_details": {"country": "XX"}});
    let p = expect(
        app.accept(ORDER_MATCHING, &s.access_token, Some(body))
            .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "contact_details.country");
}

#[tokio::test]
async fn a_misspelled_name_cannot_be_accepted_and_can_be_rejected() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());
    app.complete_contact(&s.access_token).await;
    let review = expect(app.get(&order(ORDER_MISSPELLED), t).await, 200).await;
    assert_eq!(review["identity_check"]["result"], "mismatch");
    assert_eq!(
        review["identity_check"]["mismatches"],
        json!([{"field": "surname", "order_value": "Öbergh", "verified_value": "OEBERG"}])
    );
    let p = expect(
        app.accept(ORDER_MISSPELLED, &s.access_token, None).await,
        422,
    )
    .await;
    assert_eq!(p["code"], "identity_mismatch");
    assert_eq!(p["errors"][0]["field"], "surname");

    // A reason is required.
    let p = expect(
        app.reject(ORDER_MISSPELLED, &s.access_token, "   ").await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "reason");
    expect(
        app.post(&format!("{}/reject", order(ORDER_MISSPELLED)), t, None)
            .await,
        422,
    )
    .await;

    let rejected = expect(
        app.reject(
            ORDER_MISSPELLED,
            &s.access_token,
            "My surname is Öberg, not Öbergh.",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(
        rejected["rejection_reason"],
        "My surname is Öberg, not Öbergh."
    );
    let events = expect(
        app.get(&format!("{}/events", order(ORDER_MISSPELLED)), t)
            .await,
        200,
    )
    .await;
    assert_eq!(
        events["data"][2]["reason"],
        "My surname is Öberg, not Öbergh."
    );
    expect(
        app.reject(ORDER_MISSPELLED, &s.access_token, "again").await,
        409,
    )
    .await;
}

#[tokio::test]
async fn another_cardholders_order_does_not_exist_for_you() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let t = Some(s.access_token.as_str());
    for r in [
        app.get(&order(ORDER_ERIK), t).await,
        app.get(&format!("{}/events", order(ORDER_ERIK)), t).await,
        app.accept(ORDER_ERIK, &s.access_token, None).await,
        app.reject(ORDER_ERIK, &s.access_token, "not mine").await,
        app.get("/v1/me/card-orders/ord_ffffffffffffffffffffffff", t)
            .await,
        app.get("/v1/me/card-orders/..%2F..%2Fetc", t).await,
    ] {
        let p = expect(r, 404).await;
        assert_eq!(p["code"], "not_found");
    }
    // Erik's order is untouched and his to see.
    let e = app.sign_in(ERIK_EMAIL).await;
    let review = expect(
        app.get(&order(ORDER_ERIK), Some(&e.access_token)).await,
        200,
    )
    .await;
    assert_eq!(review["status"], "waiting_for_review");
    assert_eq!(review["identity_check"]["result"], "match");
}

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
                    document_number: "NI9",
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
