//! The whole story on a fresh install (no demo data), over HTTP: the first operator from the
//! CLI, a company and its administrator from emailed links, the identity verifier's client from
//! the CLI; a card ordered for a newcomer, whose passport check (with its MRZ) becomes an account
//! with a verified identity, and who approves the card; visitor cards; and an invitation that
//! becomes a draft, is submitted and approved by a person verified by national ID card.

use id06_tests::{expect, Session, TestApp};
use serde_json::{json, Value};

/// The identity verifier registers a green check of the person's document (made from the
/// contract's example check with this person's fields); the person creates the account from the
/// emailed link, confirming `identity_number`, and signs in.
async fn verified_by_partner(
    app: &TestApp,
    verifier: &str,
    fields: Value,
    identity_number: &str,
) -> Session {
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let mut check = spec["components"]["schemas"]["RegisterCheckRequest"]["example"].clone();
    if let (Some(c), Some(f)) = (check.as_object_mut(), fields.as_object()) {
        c.extend(f.clone());
        if !f.contains_key("mrz") {
            c.remove("mrz");
        }
    }
    let email = check["email"].as_str().unwrap_or_default().to_owned();
    let registered = expect(
        app.post("/v1/identity-verifications", Some(verifier), Some(check))
            .await,
        201,
    )
    .await;
    assert_eq!(registered["delivery"], "account_link_sent");
    let mut token = String::new();
    for n in 1..=5 {
        let e = app.nth_email_to(&email, n).await;
        if e["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("identity was verified")
        {
            token = e["link"]
                .as_str()
                .unwrap_or_default()
                .split("token=")
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            break;
        }
    }
    expect(
        app.post(
            "/v1/accounts",
            None,
            Some(json!({
                "token": token, "password": id06_tests::PASSWORD, "phone": "070-777 00 00",
                "given_names": fields["given_names"], "surname": fields["surname"],
                "identity_number": identity_number,
            })),
        )
        .await,
        201,
    )
    .await;
    app.sign_in(&email).await
}

async fn accept(app: &TestApp, email: &str, order: &str) -> Value {
    let s = app.cardholder_ready_to_accept(email).await;
    expect(app.accept(order, &s.access_token, None).await, 200).await
}

#[tokio::test]
async fn a_fresh_install_runs_the_whole_story() {
    let app = TestApp::spawn_empty().await;
    let (c, admin) = the_operator_opens_a_company_and_its_administrator_signs_up(&app).await;
    let t = Some(admin.access_token.as_str());
    let verifier = the_identity_verifiers_client_from_the_command_line(&app).await;
    let order_id = a_newcomer_verified_by_passport_approves_her_card(&app, &c, t, &verifier).await;
    visitor_cards_are_approved_when_placed(&app, &c, t).await;
    let draft = an_invitee_verified_by_national_id_card_approves(&app, &c, t, &verifier).await;
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

/// Operator from the CLI, company over HTTP, administrator from the emailed link: the company's
/// path and its administrator's session.
pub(crate) async fn the_operator_opens_a_company_and_its_administrator_signs_up(
    app: &TestApp,
) -> (String, Session) {
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
    (c, admin)
}

/// Made by the bootstrap command: the client's token.
pub(crate) async fn the_identity_verifiers_client_from_the_command_line(app: &TestApp) -> String {
    a_client_from_the_command_line(app, "ID check partner", "identity_verifier").await
}

/// A machine client of `role` made by the bootstrap command, with every scope of its role: its
/// token.
pub(crate) async fn a_client_from_the_command_line(
    app: &TestApp,
    name: &str,
    role: &str,
) -> String {
    let out = api::cli::create_api_client(
        &app.db,
        &app::Clock::system(),
        api::cli::ClientArgs {
            name: name.into(),
            role: role.into(),
            company_id: None,
            scopes: vec![],
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_default()
            .to_owned()
    };
    app.client_token(&field("client_id"), &field("client_secret"), None)
        .await
}

/// A card for a newcomer; a passport check with its MRZ; the account from the link; approved.
pub(crate) async fn a_newcomer_verified_by_passport_approves_her_card(
    app: &TestApp,
    c: &str,
    t: Option<&str>,
    verifier: &str,
) -> String {
    let order = expect(
        app.post(&format!("{c}/card-orders"), t, Some(json!({
            "given_names": "Maja Elisabet", "surname": "Lind", "date_of_birth": "1990-05-17", "nationality": "SE",
            "personal_identity_number": "19900517-1237",
            "cardholder_email": "maja@fresh.example.se", "cardholder_phone": "070-777 00 00",
            "valid_until": (chrono::Utc::now().date_naive() + chrono::Days::new(365)).to_string(),
        }))).await,
        201,
    )
    .await;
    let order_id = order["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(order["identity_check"]["result"], "unverified");
    verified_by_partner(
        app,
        verifier,
        json!({"email": "maja@fresh.example.se", "given_names": "Maja Elisabet", "surname": "Lind", "mrz": order_mrz()}),
        "19900517-1237",
    )
    .await;
    let seen = expect(
        app.get(&format!("{c}/card-orders/{order_id}"), t).await,
        200,
    )
    .await;
    assert_eq!(seen["identity_check"]["result"], "match", "{seen}");
    let done = accept(app, "maja@fresh.example.se", &order_id).await;
    assert_eq!(done["order"]["status"], "approved");
    order_id
}

async fn visitor_cards_are_approved_when_placed(app: &TestApp, c: &str, t: Option<&str>) {
    let visitors = expect(
        app.post(&format!("{c}/visitor-card-orders"), t, Some(json!({"quantity": 5, "valid_until": (chrono::Utc::now().date_naive() + chrono::Days::new(90)).to_string()}))).await,
        201,
    )
    .await;
    assert_eq!(visitors["status"], "approved");
}

async fn an_invitee_verified_by_national_id_card_approves(
    app: &TestApp,
    c: &str,
    t: Option<&str>,
    verifier: &str,
) -> String {
    // An invitation to a person whose national ID card was checked (no zone read; no order yet,
    // so the document's number confirms): the invitee answers, the company submits, the
    // cardholder approves.
    verified_by_partner(
        app,
        verifier,
        json!({
            "email": "ola@fresh.example.se", "document_type": "national_id_card", "document_number": "NI7654321",
            "given_names": "Ola", "surname": "Berg", "date_of_birth": "1988-11-30", "personal_identity_number": null,
        }),
        "NI7654321",
    )
    .await;
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
    // Ola's second email: the first was the link from the identity check.
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
    let done = accept(app, "ola@fresh.example.se", &draft).await;
    assert_eq!(done["order"]["status"], "approved");
    draft
}

/// The zone of the contract's example passport (Maja Elisabet Lind, SWE, 1990-05-17).
fn order_mrz() -> &'static str {
    "P<SWELIND<<MAJA<ELISABET<<<<<<<<<<<<<<<<<<<<\nAB12345671SWE9005178F3105010<<<<<<<<<<<<<<<2"
}
