//! Approving a card order with BankID and signing in with BankID, over HTTP, against the local
//! double: from the order email to an accepted order, the MRTD rule, the order's personal
//! identity number binding the BankID order, failures with BankID's messages, cancelling,
//! abandoned attempts, and a sign-in that ends in the same tokens as password and SMS code.

use std::time::{Duration, Instant};

use domain::BankIdAttemptId;
use id06_tests::{
    expect, in_years, Session, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ORDER_MATCHING,
};
use serde_json::{json, Value};

const PNR: &str = "198112189876";

/// A company orders a card for a person without an account; the person creates the account
/// from the emailed link, signs in with password and SMS code and completes the contact
/// details. The order, and the person's session.
pub(crate) async fn new_cardholder(
    app: &TestApp,
    email: &str,
    pnr: Option<&str>,
) -> (String, Session) {
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let mut order = json!({
        "given_names": "Anna Maria", "surname": "Bänkström", "date_of_birth": "1981-12-18",
        "nationality": "SE", "cardholder_email": email, "cardholder_phone": "070-445 07 23",
        "valid_until": in_years(3),
    });
    if let Some(p) = pnr {
        order["personal_identity_number"] = json!(p);
    }
    let placed = expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&admin.access_token),
            Some(order),
        )
        .await,
        201,
    )
    .await;
    let mut n = 0;
    for i in 1..=4 {
        let e = app.nth_email_to(email, i).await;
        if e["subject"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Create your ID06 account")
        {
            n = i;
            break;
        }
    }
    assert!(
        n > 0,
        "the order email came with a link to create the account"
    );
    let person = app
        .create_account_from_link(email, n, "070-111 22 33")
        .await;
    app.complete_contact(&person.access_token).await;
    (placed["id"].as_str().unwrap_or_default().to_owned(), person)
}

pub(crate) async fn script(double: &str, body: Value) {
    let r = reqwest::Client::new()
        .post(format!("{double}/test/script"))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("script the double: {e}"));
    assert!(r.status().is_success());
}

pub(crate) async fn start(app: &TestApp, order: &str, token: &str) -> Value {
    expect(
        app.post(
            &format!("/v1/me/card-orders/{order}/bankid"),
            Some(token),
            None,
        )
        .await,
        201,
    )
    .await
}

/// Polls an identification (at `path`, with `headers`) until it is no longer pending; every
/// answer on the way.
pub(crate) async fn follow(
    app: &TestApp,
    path: &str,
    token: Option<&str>,
    attempt_token: Option<&str>,
) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = Vec::new();
    loop {
        let mut r = app.client.get(app.url(path));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        if let Some(t) = attempt_token {
            r = r.header("Attempt-Token", t);
        }
        let r = r.send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
        let v = expect(r, 200).await;
        let state = if v["identification"].is_object() {
            &v["identification"]
        } else {
            &v
        };
        let done = state["status"] != "pending";
        seen.push(v);
        if done {
            return seen;
        }
        assert!(
            Instant::now() < deadline,
            "still pending: {:?}",
            seen.last()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The attempt as stored (what the API never shows: the BankID order reference, the claim).
async fn attempt_row(app: &TestApp, id: &BankIdAttemptId) -> persistence::BankIdAttemptRow {
    let (db, id) = (app.db.clone(), id.clone());
    tokio::task::spawn_blocking(move || db.read(|c| persistence::bankid_attempts::find(c, &id)))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("no attempt row"))
}

pub(crate) fn last(seen: &[Value]) -> Value {
    seen.last().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_cardholder_approves_an_order_with_bankid_and_accepts_it() {
    let (app, double) = TestApp::spawn_with_bankid(|_| {}).await;
    let (order, person) = new_cardholder(&app, "anna.bank@example.se", Some("19811218-9876")).await;
    let token = person.access_token.as_str();
    let review = expect(
        app.get(&format!("/v1/me/card-orders/{order}"), Some(token))
            .await,
        200,
    )
    .await;
    assert_eq!(review["identity_check"]["result"], "unverified");

    let r = app
        .post(
            &format!("/v1/me/card-orders/{order}/bankid"),
            Some(token),
            None,
        )
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let started = expect(r, 201).await;
    let id = started["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(location, format!("/v1/me/card-orders/{order}/bankid/{id}"));
    assert_eq!(started["status"], "pending");
    assert_eq!(started["order_id"], order.as_str());
    assert_eq!(started["message"]["code"], "RFA1");
    let autostart = started["autostart_url"].as_str().unwrap_or_default();
    assert!(
        autostart.starts_with("bankid:///?autostarttoken="),
        "{autostart}"
    );

    // The QR code the server makes from the secret it keeps is one BankID accepts.
    let qr = started["qr_data"].as_str().unwrap_or_default().to_owned();
    let attempt = BankIdAttemptId::parse(&id).unwrap_or_else(|| panic!("id {id}"));
    let row = attempt_row(&app, &attempt).await;
    let required = row.required_personal_number.as_ref().map(|s| {
        app.vault()
            .open_in(
                persistence::sealing::Column::AttemptRequiredNumber,
                row.id.as_str(),
                s,
            )
            .unwrap_or_else(|e| panic!("{e}"))
    });
    assert_eq!(
        required.as_deref(),
        Some(PNR),
        "the order's number binds the BankID order, sealed"
    );
    assert!(
        !row.qr_start_secret_sealed.contains(&qr),
        "the secret is sealed"
    );
    let checked: Value = reqwest::Client::new()
        .post(format!("{double}/test/qr"))
        .json(&json!({"orderRef": row.order_ref, "qrData": qr}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(checked["valid"], true, "{checked}");

    let seen = follow(&app, &location, Some(token), None).await;
    let done = last(&seen);
    assert_eq!(done["status"], "complete", "{done}");
    assert_eq!(done["message"], Value::Null);
    assert_eq!(done["qr_data"], Value::Null);
    assert_eq!(done["mrtd_checked"], false);
    assert_eq!(done["verified_identity"]["source"], "bankid");
    assert_eq!(done["verified_identity"]["surname"], "Bänkström");
    assert_eq!(done["verified_identity"]["given_names"], "Anna Maria");
    assert_eq!(done["verified_identity"]["date_of_birth"], "1981-12-18");
    // BankID without the passport check vouches for no nationality.
    assert_eq!(done["verified_identity"]["nationality"], Value::Null);

    let review = expect(
        app.get(&format!("/v1/me/card-orders/{order}"), Some(token))
            .await,
        200,
    )
    .await;
    assert_eq!(review["identity_check"]["result"], "match", "{review}");
    assert_eq!(review["can_accept"], true);
    let accepted = expect(app.accept(&order, token, None).await, 200).await;
    assert_eq!(accepted["order"]["status"], "approved");
}

#[tokio::test]
async fn the_mrtd_rule_needs_the_passport_check_and_yields_the_nationality() {
    let (app, double) = TestApp::spawn_with_bankid(|s| s.bankid.bankid_require_mrtd = true).await;
    let (order, person) = new_cardholder(&app, "mrtd@example.se", None).await;
    let token = person.access_token.as_str();
    let started = start(&app, &order, token).await;
    assert_eq!(started["mrtd_required"], true);
    let path = format!(
        "/v1/me/card-orders/{order}/bankid/{}",
        started["id"].as_str().unwrap_or_default()
    );
    let done = last(&follow(&app, &path, Some(token), None).await);
    assert_eq!(done["status"], "complete", "{done}");
    assert_eq!(done["mrtd_checked"], true);
    assert_eq!(done["verified_identity"]["nationality"], "SE");
    let review = expect(
        app.get(&format!("/v1/me/card-orders/{order}"), Some(token))
            .await,
        200,
    )
    .await;
    assert_eq!(review["verified_nationality"], "SE");
    assert_eq!(review["identity_check"]["result"], "match", "{review}");
    drop(double);
}

#[tokio::test]
async fn someone_else_than_the_orders_person_cannot_approve_it() {
    let (app, double) = TestApp::spawn_with_bankid(|_| {}).await;
    let (order, person) = new_cardholder(&app, "bound@example.se", Some("19811218-9876")).await;
    let token = person.access_token.as_str();
    // The double identifies another person than the one the order is bound to.
    script(
        &double,
        json!({"scenario": "complete", "personalNumber": PNR,
               "user": {"personalNumber": "199001010017", "givenName": "Sven", "surname": "Svensson"}}),
    )
    .await;
    let started = start(&app, &order, token).await;
    let path = format!(
        "/v1/me/card-orders/{order}/bankid/{}",
        started["id"].as_str().unwrap_or_default()
    );
    let done = last(&follow(&app, &path, Some(token), None).await);
    assert_eq!(done["status"], "failed");
    assert_eq!(done["failure_code"], "personal_number_mismatch");
    assert_eq!(done["verified_identity"], Value::Null);
    let review = expect(
        app.get(&format!("/v1/me/card-orders/{order}"), Some(token))
            .await,
        200,
    )
    .await;
    assert_eq!(review["identity_check"]["result"], "unverified");
}

#[tokio::test]
async fn failures_carry_bankids_messages_and_identifications_can_be_cancelled() {
    let (app, double) = TestApp::spawn_with_bankid(|_| {}).await;
    let (order, person) = new_cardholder(&app, "cancel@example.se", None).await;
    let token = person.access_token.as_str();
    let base = format!("/v1/me/card-orders/{order}/bankid");

    script(&double, json!({"scenario": "user_cancel"})).await;
    let a = start(&app, &order, token).await;
    let done = last(
        &follow(
            &app,
            &format!("{base}/{}", a["id"].as_str().unwrap_or_default()),
            Some(token),
            None,
        )
        .await,
    );
    assert_eq!(done["status"], "failed");
    assert_eq!(done["hint_code"], "userCancel");
    assert_eq!(done["message"]["code"], "RFA6");

    script(&double, json!({"scenario": "start_failed"})).await;
    let b = start(&app, &order, token).await;
    let done = last(
        &follow(
            &app,
            &format!("{base}/{}", b["id"].as_str().unwrap_or_default()),
            Some(token),
            None,
        )
        .await,
    );
    assert_eq!(done["hint_code"], "startFailed");
    assert_eq!(done["message"]["code"], "RFA17");

    // Starting again supersedes the pending one; the person can cancel the new one.
    script(&double, json!({"scenario": "expired"})).await;
    script(&double, json!({"scenario": "expired"})).await;
    let c = start(&app, &order, token).await;
    let d = start(&app, &order, token).await;
    let c_path = format!("{base}/{}", c["id"].as_str().unwrap_or_default());
    let d_path = format!("{base}/{}", d["id"].as_str().unwrap_or_default());
    let c_now = expect(app.get(&c_path, Some(token)).await, 200).await;
    assert_eq!(c_now["status"], "cancelled");
    assert_eq!(c_now["failure_code"], "superseded");
    assert_eq!(c_now["message"]["code"], "RFA3");
    let del = |path: String| {
        let app = &app;
        async move {
            app.client
                .delete(app.url(&path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    assert_eq!(del(d_path.clone()).await.status(), 204);
    assert_eq!(
        del(d_path.clone()).await.status(),
        204,
        "cancelling twice changes nothing"
    );
    let d_now = expect(app.get(&d_path, Some(token)).await, 200).await;
    assert_eq!(d_now["status"], "cancelled");
    assert_eq!(d_now["failure_code"], "cancelled");
    // An identification that ended otherwise cannot be cancelled.
    let p = expect(
        del(format!("{base}/{}", a["id"].as_str().unwrap_or_default())).await,
        409,
    )
    .await;
    assert_eq!(p["code"], "bankid_attempt_ended");

    // Someone else's identification is not found, nor one under another order.
    let other = app.sign_in(id06_tests::ASA_EMAIL).await;
    let r = app.get(&d_path, Some(&other.access_token)).await;
    assert_eq!(r.status(), 404);
    let r = app
        .get(
            &format!(
                "/v1/me/card-orders/{}/bankid/{}",
                id06_tests::ORDER_MATCHING,
                d["id"].as_str().unwrap_or_default()
            ),
            Some(&other.access_token),
        )
        .await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn an_identification_nobody_polls_is_cancelled() {
    let (app, double) =
        TestApp::spawn_with_bankid(|s| s.bankid.bankid_collect_interval_ms = 60_000).await;
    let (order, person) = new_cardholder(&app, "gone@example.se", None).await;
    let token = person.access_token.as_str();
    script(&double, json!({"scenario": "expired"})).await;
    let a = start(&app, &order, token).await;
    let path = format!(
        "/v1/me/card-orders/{order}/bankid/{}",
        a["id"].as_str().unwrap_or_default()
    );
    let attempt = BankIdAttemptId::parse(a["id"].as_str().unwrap_or_default())
        .unwrap_or_else(|| panic!("id"));
    // The first collect comes at once; after it the next is a minute away. Time moves only
    // once it is recorded (a collect in flight would schedule its successor after the jump).
    let first_collect = Instant::now() + Duration::from_secs(10);
    loop {
        let row = attempt_row(&app, &attempt).await;
        if row.hint_code.is_some() && row.claimed_until.is_none() {
            break;
        }
        assert!(Instant::now() < first_collect, "no first collect");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app.clock.advance(chrono::TimeDelta::seconds(31 + 60));
    // Nobody polls (a poll would keep it alive): the worker cancels it here and at BankID.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let row = attempt_row(&app, &attempt).await;
        if row.status != domain::BankIdAttemptStatus::Pending {
            // Cancelled at BankID too: the double no longer knows the order.
            let bankid = app::bankid::client::HttpBankId::new(&format!("{double}/rp/v6.0"), None)
                .unwrap_or_else(|e| panic!("{e}"));
            use app::bankid::client::{BankId, BankIdError};
            let deadline = Instant::now() + Duration::from_secs(5);
            loop {
                match bankid.collect(&row.order_ref).await {
                    Err(BankIdError::Api { code, .. }) => {
                        assert_eq!(code, domain::bankid::ErrorCode::InvalidParameters);
                        break;
                    }
                    other => assert!(
                        Instant::now() < deadline,
                        "still known at BankID: {other:?}"
                    ),
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            break;
        }
        assert!(Instant::now() < deadline, "not cancelled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let v = expect(app.get(&path, Some(token)).await, 200).await;
    assert_eq!(v["status"], "cancelled");
    assert_eq!(v["failure_code"], "abandoned");
    assert_eq!(v["message"]["code"], "RFA3");
}

#[tokio::test]
async fn a_person_with_a_verified_personal_number_signs_in_with_bankid() {
    let (app, double) = TestApp::spawn_with_bankid(|_| {}).await;
    let (order, person) = new_cardholder(&app, "signin@example.se", None).await;
    let started = start(&app, &order, &person.access_token).await;
    let path = format!(
        "/v1/me/card-orders/{order}/bankid/{}",
        started["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        last(&follow(&app, &path, Some(&person.access_token), None).await)["status"],
        "complete"
    );

    let r = app
        .post("/v1/auth/bankid", None, Some(json!({"same_device": true})))
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let s = expect(r, 201).await;
    let attempt_token = s["attempt_token"].as_str().unwrap_or_default().to_owned();
    assert!(attempt_token.starts_with("bat_"));
    assert_eq!(s["identification"]["purpose"], "sign_in");
    // Started on the same device, BankID's first message is another one.
    assert_eq!(s["identification"]["message"]["code"], "RFA13");
    // Without the attempt's secret it is nobody's.
    assert_eq!(app.get(&location, None).await.status(), 404);
    let wrong = app
        .client
        .get(app.url(&location))
        .header("Attempt-Token", "bat_wrong")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrong.status(), 404);

    let done = last(&follow(&app, &location, None, Some(&attempt_token)).await);
    assert_eq!(done["identification"]["status"], "complete", "{done}");
    let access = done["tokens"]["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(!access.is_empty(), "{done}");
    let me = expect(app.get("/v1/me", Some(&access)).await, 200).await;
    assert_eq!(me["email"], "signin@example.se");
    let sessions = expect(app.get("/v1/me/sessions", Some(&access)).await, 200).await;
    let current: Vec<&Value> = sessions["data"]
        .as_array()
        .map(|a| a.iter().filter(|s| s["current"] == true).collect())
        .unwrap_or_default();
    assert_eq!(
        current[0]["authentication_methods"],
        json!(["bankid", "mfa"])
    );
    // BankID is multi-factor: the session may accept orders.
    let review = app
        .get(&format!("/v1/me/card-orders/{order}"), Some(&access))
        .await;
    assert_eq!(review.status(), 200);
    // The tokens are handed out once.
    let again = app
        .client
        .get(app.url(&location))
        .header("Attempt-Token", &attempt_token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let again = expect(again, 200).await;
    assert_eq!(again["tokens"], Value::Null);

    // Someone BankID knows but this service does not.
    script(
        &double,
        json!({"scenario": "complete",
               "user": {"personalNumber": "199001010017", "givenName": "Sven", "surname": "Svensson"}}),
    )
    .await;
    let s = expect(app.post("/v1/auth/bankid", None, None).await, 201).await;
    let path = format!(
        "/v1/auth/bankid/{}",
        s["identification"]["id"].as_str().unwrap_or_default()
    );
    let done = last(&follow(&app, &path, None, s["attempt_token"].as_str()).await);
    assert_eq!(done["identification"]["status"], "failed");
    assert_eq!(done["identification"]["failure_code"], "no_account");
    assert_eq!(done["tokens"], Value::Null);
}

#[tokio::test]
async fn a_start_is_idempotent_with_a_key_and_throttled_per_account() {
    let (app, _double) =
        TestApp::spawn_with_bankid(|s| s.bankid.bankid_collect_interval_ms = 60_000).await;
    let (order, person) = new_cardholder(&app, "retry@example.se", None).await;
    let path = format!("/v1/me/card-orders/{order}/bankid");
    let send = |key: &'static str| {
        let (app, path, token) = (&app, path.clone(), person.access_token.clone());
        async move {
            app.client
                .post(app.url(&path))
                .bearer_auth(token)
                .header("Idempotency-Key", key)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    let first = send("start-1").await;
    assert_eq!(first.status(), 201);
    let first = expect(first, 201).await;
    let again = send("start-1").await;
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    let again = expect(again, 201).await;
    assert_eq!(
        again["id"], first["id"],
        "a retry gets the same identification"
    );
    // The replay started nothing: the first one is still the account's pending identification.
    let now = expect(
        app.get(
            &format!("{path}/{}", first["id"].as_str().unwrap_or_default()),
            Some(&person.access_token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(now["status"], "pending");
    // Ten starts per account per window (the replay did not count); then 429 with Retry-After.
    for _ in 0..9 {
        expect(app.post(&path, Some(&person.access_token), None).await, 201).await;
    }
    let r = app.post(&path, Some(&person.access_token), None).await;
    assert!(r.headers().get("retry-after").is_some());
    let p = expect(r, 429).await;
    assert_eq!(p["code"], "rate_limited");
}

/// Åsa's own personal identity number (born 1988-03-14, as her passport says).
const ASA_PNR: &str = "198803142382";

/// Starts an approval of `order` and follows it to its end.
pub(crate) async fn approve_to_the_end(app: &TestApp, order: &str, token: &str) -> Value {
    let started = start(app, order, token).await;
    let path = format!(
        "/v1/me/card-orders/{order}/bankid/{}",
        started["id"].as_str().unwrap_or_default()
    );
    last(&follow(app, &path, Some(token), None).await)
}

/// Signs in with BankID and follows it to its end.
pub(crate) async fn bankid_sign_in(app: &TestApp) -> Value {
    let s = expect(app.post("/v1/auth/bankid", None, None).await, 201).await;
    let path = format!(
        "/v1/auth/bankid/{}",
        s["identification"]["id"].as_str().unwrap_or_default()
    );
    last(&follow(app, &path, None, s["attempt_token"].as_str()).await)
}

pub(crate) fn sven() -> Value {
    json!({"scenario": "complete",
           "user": {"personalNumber": "199001010017", "givenName": "Sven", "surname": "Svensson"}})
}

#[tokio::test]
async fn another_person_scanning_the_code_neither_becomes_the_cardholder_nor_signs_in_as_them() {
    let (app, double) = TestApp::spawn_with_bankid(|_| {}).await;
    // Åsa's identity was verified with her passport (no personal identity number); her order
    // carries none either.
    let asa = app.sign_in(ASA_EMAIL).await;
    let token = asa.access_token.as_str();
    let me_before = expect(app.get("/v1/me", Some(token)).await, 200).await;
    assert_eq!(me_before["verified_identity"]["source"], "passport");

    // Sven scans the QR code of Åsa's approval.
    script(&double, sven()).await;
    let done = approve_to_the_end(&app, ORDER_MATCHING, token).await;
    assert_eq!(done["status"], "failed", "{done}");
    assert_eq!(done["failure_code"], "account_person_mismatch");
    assert_eq!(done["message"]["code"], "account_person_mismatch");
    assert!(
        done["message"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("another person")),
        "its own message, not RFA22: {done}"
    );
    assert_eq!(done["verified_identity"], Value::Null);
    let me = expect(app.get("/v1/me", Some(token)).await, 200).await;
    assert_eq!(
        me["verified_identity"], me_before["verified_identity"],
        "nothing changed"
    );

    // Sven's BankID opens no account: he has none, and Åsa's is not his.
    script(&double, sven()).await;
    let signed = bankid_sign_in(&app).await;
    assert_eq!(signed["identification"]["failure_code"], "no_account");
    assert_eq!(signed["tokens"], Value::Null);

    // Åsa herself: the same person as her passport, so her BankID counts and she accepts.
    let asa_bankid = json!({"scenario": "complete",
        "user": {"personalNumber": ASA_PNR, "givenName": "Åsa Karin", "surname": "Öberg"}});
    script(&double, asa_bankid.clone()).await;
    let done = approve_to_the_end(&app, ORDER_MATCHING, token).await;
    assert_eq!(done["status"], "complete", "{done}");
    assert_eq!(done["verified_identity"]["source"], "bankid");
    app.complete_contact(token).await;
    let accepted = expect(app.accept(ORDER_MATCHING, token, None).await, 200).await;
    assert_eq!(accepted["order"]["status"], "approved");
    let trail = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders/{ORDER_MATCHING}/events"),
            Some(&app.sign_in(ADMIN_EMAIL).await.access_token),
        )
        .await,
        200,
    )
    .await;
    let accept = trail["data"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["to_status"] == "approved"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(accept["identity_proof"], "bankid", "{trail}");
    assert_eq!(accept["actor_kind"], "cardholder");

    // Now her account's own identity carries her number: BankID signs her in.
    script(&double, asa_bankid).await;
    let signed = bankid_sign_in(&app).await;
    assert_eq!(signed["identification"]["status"], "complete", "{signed}");
    let access = signed["tokens"]["access_token"]
        .as_str()
        .unwrap_or_default();
    let me = expect(app.get("/v1/me", Some(access)).await, 200).await;
    assert_eq!(me["email"], ASA_EMAIL);
}
