//! The whole story on a fresh install (no demo data), over HTTP: the first operator from the
//! CLI, a company and its administrator from emailed links, a card ordered and approved by its
//! cardholder, visitor cards, and an invitation that becomes a draft, is submitted and approved.

use id06_tests::{expect, Session, TestApp};
use serde_json::{json, Value};

/// A person with a verified passport and an account made from an emailed link. The identity
/// verifier's endpoint that does this arrives with machine clients; until then the test stands
/// in for it with the same link machinery and an evidence row.
async fn verified_cardholder(
    app: &TestApp,
    email: &str,
    given: &str,
    surname: &str,
    born: &str,
) -> Session {
    let e = domain::Email::parse(email).unwrap_or_else(|e| panic!("{e}"));
    let base = app.base.clone();
    let before = app.emails().iter().filter(|m| m["to"] == email).count();
    app.db
        .write(|conn| {
            api::app::accounts::link::account_or_link(
                conn,
                &e,
                api::app::emails::AccountReason::Operator,
                None,
                &base,
                persistence::now(),
            )
        })
        .unwrap_or_else(|e| panic!("link: {e}"));
    let session = app
        .create_account_from_link(email, before + 1, "+46707770000")
        .await;
    let me = expect(app.get("/v1/me", Some(&session.access_token)).await, 200).await;
    let account = me["id"].as_str().unwrap_or_default().to_owned();
    let now = persistence::now();
    let born = chrono::NaiveDate::parse_from_str(born, "%Y-%m-%d").unwrap_or_default();
    app.db
        .write(|conn| {
            persistence::evidence::insert(
                conn,
                &persistence::NewEvidence {
                    id: &format!("idv_{}", &account[4..]),
                    account_id: &account,
                    source: "passport",
                    document_number: "XP1234567",
                    issuing_country: "SE",
                    name_zone: "visual",
                    surname,
                    given_names: given,
                    date_of_birth: born,
                    nationality: "SE",
                    personal_identity_number: None,
                    document_expires_on: Some(now.date() + chrono::Days::new(3 * 365)),
                    outcome: "green",
                    rejection_reason: None,
                    verifier: "test",
                    verified_at: now,
                },
            )
        })
        .unwrap_or_else(|e| panic!("evidence: {e}"));
    session
}

async fn accept(app: &TestApp, email: &str, order: &str) -> Value {
    let s = app.cardholder_ready_to_accept(email).await;
    expect(app.accept(order, &s.access_token, None).await, 200).await
}

#[tokio::test]
async fn a_fresh_install_runs_the_whole_story() {
    let app = TestApp::spawn_with(|s| s.demo = false).await;
    // Operator from the CLI, company over HTTP, administrator from the emailed link.
    let operator = app.operator("ops@fresh.example.se").await;
    let company = expect(
        app.post("/v1/companies", Some(&operator.access_token), Some(json!({
            "name": "Nybygget AB", "org_number": "556036-0793",
            "delivery_address": {"street": "Hamngatan 1", "postal_code": "211 22", "city": "Malmö", "country": "SE"},
            "admin_email": "admin@fresh.example.se",
        }))).await,
        201,
    )
    .await;
    let c = format!(
        "/v1/companies/{}",
        company["id"].as_str().unwrap_or_default()
    );
    let admin = app
        .create_account_from_link("admin@fresh.example.se", 1, "+46708880000")
        .await;
    let t = Some(admin.access_token.as_str());

    // A card for a verified person, approved by them.
    verified_cardholder(&app, "maja@fresh.example.se", "Maja", "Lind", "1992-04-01").await;
    let order = expect(
        app.post(&format!("{c}/card-orders"), t, Some(json!({
            "given_names": "Maja", "surname": "Lind", "date_of_birth": "1992-04-01", "nationality": "SE",
            "cardholder_email": "maja@fresh.example.se", "cardholder_phone": "+46707770000",
            "valid_until": (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string(),
        }))).await,
        201,
    )
    .await;
    let order_id = order["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(order["identity_check"]["result"], "match");
    let done = accept(&app, "maja@fresh.example.se", &order_id).await;
    assert_eq!(done["order"]["status"], "approved");

    // Visitor cards.
    let visitors = expect(
        app.post(&format!("{c}/visitor-card-orders"), t, Some(json!({"quantity": 5, "valid_until": (chrono::Utc::now().date_naive() + chrono::Days::new(90)).to_string()}))).await,
        201,
    )
    .await;
    assert_eq!(visitors["status"], "approved");

    // An invitation: the invitee answers, the company submits, the cardholder approves.
    verified_cardholder(&app, "ola@fresh.example.se", "Ola", "Berg", "1988-11-30").await;
    let invitation = expect(
        app.post(
            &format!("{c}/invitations"),
            t,
            Some(json!({"email": "ola@fresh.example.se", "card_type": "standard"})),
        )
        .await,
        201,
    )
    .await;
    // Ola's second email: the first was the link to create the account.
    let mail = app.nth_email_to("ola@fresh.example.se", 2).await;
    assert!(
        mail["link"]
            .as_str()
            .unwrap_or_default()
            .contains("/invitations/"),
        "{mail}"
    );
    let token = mail["link"]
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_owned();
    expect(
        app.post(&format!("/v1/invitations/{token}/submission"), None, Some(json!({
            "given_names": "Ola", "surname": "Berg", "date_of_birth": "1988-11-30", "nationality": "SE", "phone": "070-999 88 77",
        }))).await,
        201,
    )
    .await;
    let answered = expect(
        app.get(
            &format!(
                "{c}/invitations/{}",
                invitation["id"].as_str().unwrap_or_default()
            ),
            t,
        )
        .await,
        200,
    )
    .await;
    let draft = answered["order_id"].as_str().unwrap_or_default().to_owned();
    let submitted = expect(
        app.post(&format!("{c}/card-orders/{draft}/submit"), t, None)
            .await,
        200,
    )
    .await;
    assert_eq!(submitted["status"], "waiting_for_review");
    let done = accept(&app, "ola@fresh.example.se", &draft).await;
    assert_eq!(done["order"]["status"], "approved");

    // The company's list shows both, newest first, approved.
    let list = expect(
        app.get(&format!("{c}/card-orders?status=approved"), t)
            .await,
        200,
    )
    .await;
    let ids: Vec<&str> = list["data"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids, [draft.as_str(), order_id.as_str()]);
}
