//! A company's card orders over HTTP: placing, the cardholder's approval, the edit-then-review
//! loop, cancelling, listing, and who may see what.

use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ORDERER_EMAIL, ORDER_MISSPELLED,
};
use reqwest::Response;
use serde_json::{json, Value};

fn orders_path() -> String {
    format!("/v1/companies/{COMPANY_ID}/card-orders")
}

fn in_years(years: i32) -> String {
    let today = chrono::Utc::now().date_naive();
    today
        .checked_add_months(chrono::Months::new(u32::try_from(years * 12).unwrap_or(0)))
        .unwrap_or(today)
        .to_string()
}

/// An order for Åsa that matches her passport.
fn asa_order() -> Value {
    json!({
        "given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14",
        "nationality": "SE", "cardholder_email": ASA_EMAIL, "cardholder_phone": "070-445 07 23",
        "valid_until": in_years(3),
    })
}

async fn place(app: &TestApp, token: &str, body: Value) -> Response {
    app.post(&orders_path(), Some(token), Some(body)).await
}

async fn patch(
    app: &TestApp,
    path: &str,
    token: &str,
    if_match: Option<&str>,
    body: Value,
) -> Response {
    let mut r = app
        .client
        .patch(app.url(path))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .body(body.to_string());
    if let Some(m) = if_match {
        r = r.header("If-Match", m);
    }
    r.send().await.unwrap_or_else(|e| panic!("{e}"))
}

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn fields(problem: &Value) -> Vec<String> {
    let mut f: Vec<String> = problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    f.sort();
    f
}

#[tokio::test]
async fn an_administrator_orders_a_card_and_the_cardholder_approves_it() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let r = place(&app, &admin.access_token, asa_order()).await;
    let (location, etag) = (header(&r, "location"), header(&r, "etag"));
    let order = expect(r, 201).await;
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(location, format!("{}/{id}", orders_path()));
    assert_eq!(etag, "\"1\"");
    assert_eq!(order["status"], "waiting_for_review");
    assert_eq!(order["name_to_print"], "Åsa Öberg");
    assert_eq!(order["cardholder_has_account"], true);
    assert_eq!(order["identity_check"]["result"], "match");
    assert_eq!(
        order["delivery_address"]["city"], "Umeå",
        "the company's address by default"
    );
    let mail = app.nth_email_to(ASA_EMAIL, 1).await;
    assert!(
        mail["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("Byggbolaget Norr AB"),
        "{mail}"
    );
    assert!(
        mail["link"].as_str().unwrap_or_default().ends_with(&id),
        "{mail}"
    );

    let asa = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let mine = expect(
        app.get("/v1/me/card-orders", Some(&asa.access_token)).await,
        200,
    )
    .await;
    assert!(mine["data"]
        .as_array()
        .is_some_and(|a| a.iter().any(|o| o["id"] == id)));
    let accepted = expect(app.accept(&id, &asa.access_token, None).await, 200).await;
    assert_eq!(accepted["order"]["status"], "approved");

    let seen = expect(
        app.get(
            &format!("{}/{id}", orders_path()),
            Some(&admin.access_token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(seen["status"], "approved");
    let events = expect(
        app.get(
            &format!("{}/{id}/events", orders_path()),
            Some(&admin.access_token),
        )
        .await,
        200,
    )
    .await;
    let trail: Vec<(Value, Value)> = events["data"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| (e["to_status"].clone(), e["actor_kind"].clone()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        trail,
        [
            (json!("waiting_for_review"), json!("member")),
            (json!("approved"), json!("cardholder"))
        ]
    );
}

#[tokio::test]
async fn an_order_reaches_a_person_who_creates_an_account_later() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let mut body = asa_order();
    body["cardholder_email"] = json!("later@example.se");
    body["given_names"] = json!("Per");
    body["surname"] = json!("Persson");
    let order = expect(place(&app, &admin.access_token, body).await, 201).await;
    assert_eq!(order["cardholder_has_account"], false);
    assert_eq!(order["identity_check"]["result"], "unverified");
    // The person gets an account (here through a membership invitation's link).
    let r = app
        .post(
            &format!("/v1/companies/{COMPANY_ID}/members"),
            Some(&admin.access_token),
            Some(json!({"email": "later@example.se", "role": "orderer"})),
        )
        .await;
    expect(r, 201).await;
    let link_mail = app
        .emails()
        .into_iter()
        .filter(|e| e["to"] == "later@example.se")
        .position(|e| {
            e["subject"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Create your ID06 account")
        });
    let n = link_mail.map_or(2, |i| i + 1);
    let person = app
        .create_account_from_link("later@example.se", n, "070-111 22 33")
        .await;
    let mine = expect(
        app.get("/v1/me/card-orders", Some(&person.access_token))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["data"][0]["id"], order["id"]);
}

#[tokio::test]
async fn an_order_is_checked_field_by_field() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let bad = json!({
        "given_names": "Jan", "surname": "Kowalski", "date_of_birth": "1981-12-19",
        "nationality": "PL", "personal_identity_number": "19811218-9876",
        "cardholder_email": "jan@example", "cardholder_phone": "12",
        "name_to_print": "Adam Kowalski", "valid_until": in_years(1),
        "delivery_address": {"street": "Hamngatan 1", "postal_code": "2112", "city": "Malmö", "country": "SE"},
    });
    let p = expect(place(&app, &admin.access_token, bad).await, 422).await;
    assert_eq!(
        fields(&p),
        [
            "cardholder_email",
            "cardholder_phone",
            "delivery_address.postal_code",
            "name_to_print",
            "personal_identity_number"
        ]
    );
    // A foreign citizen without a Swedish number: at most six months.
    let foreign = json!({
        "given_names": "Jan", "surname": "Kowalski", "date_of_birth": "1981-12-19",
        "nationality": "PL", "cardholder_email": "jan@example.se", "cardholder_phone": "+48 601 234 567",
        "valid_until": in_years(1),
    });
    let p = expect(place(&app, &admin.access_token, foreign.clone()).await, 422).await;
    assert_eq!(fields(&p), ["valid_until"]);
    let mut ok = foreign;
    ok["valid_until"] =
        json!((chrono::Utc::now().date_naive() + chrono::Days::new(150)).to_string());
    expect(place(&app, &admin.access_token, ok).await, 201).await;
}

#[tokio::test]
async fn the_company_corrects_a_rejected_order_and_the_cardholder_reviews_it_again() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let asa = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let path = format!("{}/{ORDER_MISSPELLED}", orders_path());
    let (asa_etag, _) = app
        .get_with_etag(
            &format!("/v1/me/card-orders/{ORDER_MISSPELLED}"),
            &asa.access_token,
        )
        .await;
    expect(
        app.reject(
            ORDER_MISSPELLED,
            &asa.access_token,
            "My surname is Öberg, not Öbergh.",
        )
        .await,
        200,
    )
    .await;

    let (etag, seen) = app.get_with_etag(&path, &admin.access_token).await;
    assert_eq!(seen["status"], "rejected");
    assert_eq!(seen["rejection_reason"], "My surname is Öberg, not Öbergh.");
    assert_eq!(seen["identity_check"]["mismatches"][0]["field"], "surname");
    assert_eq!(
        seen["identity_check"]["mismatches"][0]["verified_value"],
        "OEBERG"
    );

    let fix = json!({"surname": "Öberg", "name_to_print": null});
    let p = expect(
        patch(&app, &path, &admin.access_token, None, fix.clone()).await,
        428,
    )
    .await;
    assert_eq!(p["code"], "precondition_required");
    expect(
        patch(&app, &path, &admin.access_token, Some("\"1\""), fix.clone()).await,
        412,
    )
    .await;
    let r = patch(&app, &path, &admin.access_token, Some(&etag), fix).await;
    let new_etag = header(&r, "etag");
    let edited = expect(r, 200).await;
    assert_ne!(new_etag, etag);
    assert_eq!(edited["status"], "waiting_for_review");
    assert_eq!(edited["name_to_print"], "Åsa Öberg");
    assert_eq!(edited["identity_check"]["result"], "match");
    assert_eq!(edited["rejection_reason"], Value::Null);
    let mail = app.nth_email_to(ASA_EMAIL, 1).await;
    assert!(
        mail["subject"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Review your changed"),
        "{mail}"
    );

    // The cardholder's old version is refused; the new one is accepted.
    expect(
        app.accept_if_match(ORDER_MISSPELLED, &asa.access_token, &asa_etag)
            .await,
        412,
    )
    .await;
    let (fresh, _) = app
        .get_with_etag(
            &format!("/v1/me/card-orders/{ORDER_MISSPELLED}"),
            &asa.access_token,
        )
        .await;
    expect(
        app.accept_if_match(ORDER_MISSPELLED, &asa.access_token, &fresh)
            .await,
        200,
    )
    .await;
    // Accepted: no more edits.
    let (etag, _) = app.get_with_etag(&path, &admin.access_token).await;
    let p = expect(
        patch(
            &app,
            &path,
            &admin.access_token,
            Some(&etag),
            json!({"surname": "X"}),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "invalid_state");
}

#[tokio::test]
async fn an_order_is_cancelled_with_a_reason_before_production() {
    let app = TestApp::spawn().await;
    let orderer = app.sign_in(ORDERER_EMAIL).await;
    let order = expect(place(&app, &orderer.access_token, asa_order()).await, 201).await;
    let path = format!(
        "{}/{}",
        orders_path(),
        order["id"].as_str().unwrap_or_default()
    );
    let cancel = |key: &'static str| {
        app.client
            .post(app.url(&format!("{path}/cancel")))
            .bearer_auth(&orderer.access_token)
            .header("Idempotency-Key", key)
            .json(&json!({"reason": "Ordered twice."}))
            .send()
    };
    let done = expect(cancel("c-1").await.unwrap_or_else(|e| panic!("{e}")), 200).await;
    assert_eq!(done["status"], "cancelled");
    let replay = cancel("c-1").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(header(&replay, "idempotent-replayed"), "true");
    let p = expect(cancel("c-2").await.unwrap_or_else(|e| panic!("{e}")), 409).await;
    assert_eq!(p["code"], "invalid_state");
    let events = expect(
        app.get(&format!("{path}/events"), Some(&orderer.access_token))
            .await,
        200,
    )
    .await;
    assert_eq!(events["data"][1]["reason"], "Ordered twice.");
    assert_eq!(events["data"][1]["to_status"], "cancelled");
}

#[tokio::test]
async fn the_company_lists_its_orders_with_filters_and_masked_numbers() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let mut with_number = asa_order();
    with_number["given_names"] = json!("Nils");
    with_number["surname"] = json!("Ålund");
    with_number["date_of_birth"] = json!("1981-12-18");
    with_number["personal_identity_number"] = json!("19811218-9876");
    with_number["cardholder_email"] = json!("nils@example.se");
    let placed = expect(place(&app, &admin.access_token, with_number).await, 201).await;
    assert_eq!(
        placed["personal_identity_number"], "19811218-9876",
        "whole on the single order"
    );

    let t = Some(admin.access_token.as_str());
    let found = expect(
        app.get(&format!("{}?name=alund", orders_path()), t).await,
        200,
    )
    .await;
    assert_eq!(found["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        found["data"][0]["personal_identity_number"],
        "19811218-****"
    );
    let all = expect(app.get(&orders_path(), t).await, 200).await;
    assert_eq!(
        all["data"].as_array().map(Vec::len),
        Some(6),
        "five demo orders and this one"
    );
    assert_eq!(all["data"][0]["id"], placed["id"], "newest first");
    let waiting = expect(
        app.get(
            &format!(
                "{}?status=waiting_for_review&name=%C3%96berg",
                orders_path()
            ),
            t,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(waiting["data"].as_array().map(Vec::len), Some(2));
    // Pages.
    let first = expect(app.get(&format!("{}?limit=3", orders_path()), t).await, 200).await;
    assert_eq!(first["has_more"], true);
    let cursor = first["next_cursor"].as_str().unwrap_or_default();
    let second = expect(
        app.get(&format!("{}?limit=3&cursor={cursor}", orders_path()), t)
            .await,
        200,
    )
    .await;
    assert_eq!(second["data"].as_array().map(Vec::len), Some(3));
    assert_eq!(second["has_more"], false);
    // A creation range that ends before anything was made.
    let none = expect(
        app.get(
            &format!("{}?created_before=2000-01-01T00:00:00Z", orders_path()),
            t,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(none["data"].as_array().map(Vec::len), Some(0));
    expect(app.get(&format!("{}?limit=0", orders_path()), t).await, 400).await;
}

#[tokio::test]
async fn only_members_reach_a_companys_orders() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let other_admin = app.sign_in(id06_tests::OTHER_ADMIN_EMAIL).await;
    let cardholder = app.sign_in(ASA_EMAIL).await;
    let orderer = app.sign_in(ORDERER_EMAIL).await;
    let order = format!("{}/{ORDER_MISSPELLED}", orders_path());
    let (etag, _) = app.get_with_etag(&order, &admin.access_token).await;
    // Every company order endpoint, for callers outside the company: 404, nothing changes.
    for who in [&other_admin, &cardholder] {
        let t = who.access_token.as_str();
        expect(app.get(&orders_path(), Some(t)).await, 404).await;
        expect(place(&app, t, asa_order()).await, 404).await;
        expect(app.get(&order, Some(t)).await, 404).await;
        expect(app.get(&format!("{order}/events"), Some(t)).await, 404).await;
        expect(
            patch(&app, &order, t, Some(&etag), json!({"surname": "Öberg"})).await,
            404,
        )
        .await;
        expect(
            app.post(
                &format!("{order}/cancel"),
                Some(t),
                Some(json!({"reason": "x"})),
            )
            .await,
            404,
        )
        .await;
        expect(
            app.post(&format!("{order}/submit"), Some(t), None).await,
            404,
        )
        .await;
    }
    let (same, _) = app.get_with_etag(&order, &admin.access_token).await;
    assert_eq!(same, etag);
    // An orderer may do all of it.
    expect(
        app.get(&orders_path(), Some(&orderer.access_token)).await,
        200,
    )
    .await;
    expect(place(&app, &orderer.access_token, asa_order()).await, 201).await;
    // The cardholder's own view of the order is unaffected by company membership.
    expect(
        app.get(
            &format!("/v1/me/card-orders/{ORDER_MISSPELLED}"),
            Some(&cardholder.access_token),
        )
        .await,
        200,
    )
    .await;
}

#[tokio::test]
async fn the_company_trail_names_who_acted() {
    use id06_tests::{INTEGRATOR_ID, INTEGRATOR_SECRET};
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let hr = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    for (token, kind) in [(&admin, "member"), (&hr, "client")] {
        let placed = expect(place(&app, token, asa_order()).await, 201).await;
        let id = placed["id"].as_str().unwrap_or_default();
        let trail = expect(
            app.get(&format!("{}/{id}/events", orders_path()), Some(&admin))
                .await,
            200,
        )
        .await;
        let actor = &trail["data"][0]["actor"];
        assert_eq!(actor["kind"], kind, "{trail}");
        match kind {
            "member" => {
                assert!(
                    actor["id"].as_str().is_some_and(|i| i.starts_with("mem_")),
                    "{actor}"
                );
                assert_eq!(actor["name"], "Karin Nilsson");
            }
            _ => {
                assert_eq!(actor["id"], INTEGRATOR_ID);
                assert!(
                    actor["name"].as_str().is_some_and(|n| !n.is_empty()),
                    "{actor}"
                );
            }
        }
    }
}
