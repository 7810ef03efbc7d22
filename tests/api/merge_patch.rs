//! Merge patch by RFC 7396 on every PATCH: a patch that changes nothing changes nothing, `null`
//! only where the contract allows it, and a derived value follows its sources unless chosen.

use id06_tests::{expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID};
use reqwest::Response;
use serde_json::{json, Value};

fn orders() -> String {
    format!("/v1/companies/{COMPANY_ID}/card-orders")
}

fn order(name_to_print: Option<&str>) -> Value {
    let valid = chrono::Utc::now().date_naive() + chrono::Days::new(700);
    let mut o = json!({
        "given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14",
        "nationality": "SE", "cardholder_email": ASA_EMAIL, "cardholder_phone": "070-445 07 23",
        "valid_until": valid.to_string(),
    });
    if let Some(n) = name_to_print {
        o["name_to_print"] = json!(n);
    }
    o
}

async fn patch(app: &TestApp, path: &str, token: &str, if_match: &str, body: Value) -> Response {
    app.client
        .patch(app.url(path))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .header("If-Match", if_match)
        .body(body.to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn etag(r: &Response) -> String {
    r.headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn trail_len(app: &TestApp, path: &str, token: &str) -> usize {
    let events = expect(app.get(&format!("{path}/events"), Some(token)).await, 200).await;
    events["data"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn a_patch_that_changes_nothing_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let r = app.post(&orders(), Some(&admin), Some(order(None))).await;
    let first = etag(&r);
    let placed = expect(r, 201).await;
    let path = format!("{}/{}", orders(), placed["id"].as_str().unwrap_or_default());
    let events = trail_len(&app, &path, &admin).await;
    // The placement's own email first (the outbox sends it a moment later), then count.
    app.nth_email_to(ASA_EMAIL, 1).await;
    let mails = app.emails().len();
    // `{}`, and fields sent with the values they have, are no change.
    for body in [json!({}), json!({"surname": "Öberg", "nationality": "SE"})] {
        let r = patch(&app, &path, &admin, &first, body).await;
        assert_eq!(etag(&r), first);
        let same = expect(r, 200).await;
        assert_eq!(same["status"], "waiting_for_review");
    }
    assert_eq!(trail_len(&app, &path, &admin).await, events, "no event");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.emails().len(), mails, "no email");
    // `null` where the field cannot be absent is named; nothing changes.
    let p = expect(
        patch(
            &app,
            &path,
            &admin,
            &first,
            json!({"surname": null, "valid_until": null}),
        )
        .await,
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["surname", "valid_until"], "{p}");
    // The derived name to print follows a corrected surname.
    let r = patch(
        &app,
        &path,
        &admin,
        &first,
        json!({"surname": "Öberg-Lind"}),
    )
    .await;
    assert_ne!(etag(&r), first);
    let edited = expect(r, 200).await;
    assert_eq!(edited["name_to_print"], "Åsa Öberg-Lind");
    assert_eq!(trail_len(&app, &path, &admin).await, events + 1);
}

#[tokio::test]
async fn a_chosen_name_to_print_stays_chosen_until_cleared() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let r = app
        .post(&orders(), Some(&admin), Some(order(Some("Karin Öberg"))))
        .await;
    let tag = etag(&r);
    let placed = expect(r, 201).await;
    let path = format!("{}/{}", orders(), placed["id"].as_str().unwrap_or_default());
    // The chosen name no longer ends with the surname: the correction must say what to print.
    let p = expect(
        patch(&app, &path, &admin, &tag, json!({"surname": "Lind"})).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "name_to_print", "{p}");
    // Cleared, it is derived again.
    let r = patch(
        &app,
        &path,
        &admin,
        &tag,
        json!({"surname": "Lind", "name_to_print": null}),
    )
    .await;
    let edited = expect(r, 200).await;
    assert_eq!(edited["name_to_print"], "Åsa Lind");
}

#[tokio::test]
async fn other_patches_that_change_nothing_keep_their_version() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let endpoints = format!("/v1/companies/{COMPANY_ID}/webhook-endpoints");
    let made = expect(
        app.post(
            &endpoints,
            Some(&admin),
            Some(json!({"url": "https://93.184.216.34/hook", "event_types": ["order.created"]})),
        )
        .await,
        201,
    )
    .await;
    let path = format!("{endpoints}/{}", made["id"].as_str().unwrap_or_default());
    let before = expect(app.get(&path, Some(&admin)).await, 200).await;
    let r = patch(
        &app,
        &path,
        &admin,
        "*",
        json!({"enabled": true, "event_types": ["order.created"]}),
    )
    .await;
    let after = expect(r, 200).await;
    assert_eq!(after["updated_at"], before["updated_at"], "{after}");
    let p = expect(
        patch(&app, &path, &admin, "*", json!({"url": null})).await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "url", "{p}");
}
