//! Companies, members and accounts from links: the bootstrap story, roles, and who sees what.

use id06_tests::{expect, Session, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, ORDERER_EMAIL};
use reqwest::Response;
use serde_json::{json, Value};

fn company_body(org: &str, admin: &str) -> Value {
    json!({
        "name": "Bygg Syd AB",
        "org_number": org,
        "delivery_address": {"street": "Hamngatan 1", "postal_code": "211 22", "city": "Malmö", "country": "SE"},
        "admin_email": admin,
    })
}

async fn patch_role(app: &TestApp, path: &str, token: &str, role: &str) -> Response {
    app.client
        .patch(app.url(path))
        .bearer_auth(token)
        .header("Content-Type", "application/merge-patch+json")
        .body(json!({ "role": role }).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn delete(app: &TestApp, path: &str, token: &str) -> Response {
    app.client
        .delete(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A fresh company made by an operator, its administrator signed in from the emailed link.
async fn new_company(
    app: &TestApp,
    operator: &Session,
    org: &str,
    admin: &str,
) -> (String, Session) {
    let r = app
        .post(
            "/v1/companies",
            Some(&operator.access_token),
            Some(company_body(org, admin)),
        )
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let company = expect(r, 201).await;
    let id = company["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(location, format!("/v1/companies/{id}"));
    let admin_session = app.create_account_from_link(admin, 1, "+46706660000").await;
    (id, admin_session)
}

#[tokio::test]
async fn an_operator_bootstraps_a_company_whose_admin_creates_an_account_from_the_link() {
    let app = TestApp::spawn().await;
    let operator = app.operator("ops@example.se").await;
    let me = expect(app.get("/v1/me", Some(&operator.access_token)).await, 200).await;
    assert_eq!(me["platform_roles"], json!(["operator"]));

    let (company, admin) = new_company(&app, &operator, "556036-0793", "boss@example.se").await;
    let email = app.nth_email_to("boss@example.se", 1).await;
    assert!(
        email["body"]
            .as_str()
            .unwrap_or_default()
            .contains("Bygg Syd AB"),
        "{email}"
    );
    assert!(
        email["body"]
            .as_str()
            .unwrap_or_default()
            .contains("Next step"),
        "an operator's request without Accept-Language: {email}"
    );

    let me = expect(app.get("/v1/me", Some(&admin.access_token)).await, 200).await;
    assert_eq!(
        me["companies"],
        json!([{"company_id": company, "company_name": "Bygg Syd AB", "org_number": "556036-0793", "role": "admin"}])
    );
    let c = expect(
        app.get(
            &format!("/v1/companies/{company}"),
            Some(&admin.access_token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(c["your_role"], "admin");
    assert_eq!(c["delivery_address"]["postal_code"], "211 22");
    // The operator sees it too, without a role.
    let c = expect(
        app.get(
            &format!("/v1/companies/{company}"),
            Some(&operator.access_token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(c["your_role"], Value::Null);

    // The link worked once.
    let token = app.link_token("boss@example.se", 1).await;
    let again = app
        .post("/v1/accounts", None, Some(json!({"token": token, "password": "another long phrase", "phone": "+46706660000", "given_names": "A", "surname": "B"})))
        .await;
    let p = expect(again, 422).await;
    assert_eq!(p["code"], "invalid_link");
}

#[tokio::test]
async fn creating_companies_is_for_operators_and_checks_every_field() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let p = expect(
        app.post(
            "/v1/companies",
            Some(&admin.access_token),
            Some(company_body("556036-0793", "x@example.se")),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p["code"], "operator_required");

    let operator = app.operator("ops@example.se").await;
    let bad = json!({
        "name": " ",
        "org_number": "556036-0794",
        "delivery_address": {"street": "Hamngatan 1", "postal_code": "2112", "city": "Malmö", "country": "SE"},
        "admin_email": "not-an-email",
    });
    let p = expect(
        app.post("/v1/companies", Some(&operator.access_token), Some(bad))
            .await,
        422,
    )
    .await;
    let mut fields: Vec<&str> = p["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "admin_email",
            "delivery_address.postal_code",
            "name",
            "org_number"
        ]
    );

    // The demo company's number is taken.
    let p = expect(
        app.post(
            "/v1/companies",
            Some(&operator.access_token),
            Some(company_body("556547-9770", "x@example.se")),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "org_number_taken");
}

#[tokio::test]
async fn an_account_needs_a_live_link_and_a_password_that_is_not_common() {
    let app = TestApp::spawn().await;
    let p = expect(
        app.post("/v1/accounts", None, Some(json!({"token": "sul_nope", "password": "a long phrase of mine", "phone": "070-445 07 23", "given_names": "A", "surname": "B"}))).await,
        422,
    )
    .await;
    assert_eq!(p["code"], "invalid_link");

    let admin = app.sign_in(ADMIN_EMAIL).await;
    let r = app
        .post(
            &format!("/v1/companies/{COMPANY_ID}/members"),
            Some(&admin.access_token),
            Some(json!({"email": "new.person@example.se", "role": "orderer"})),
        )
        .await;
    expect(r, 201).await;
    let token = app.link_token("new.person@example.se", 1).await;
    let p = expect(
        app.post("/v1/accounts", None, Some(json!({"token": token, "password": "password1234", "phone": "12", "given_names": "A", "surname": "B"}))).await,
        422,
    )
    .await;
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(fields, ["password", "phone"]);
    // A refused attempt does not use the link up.
    let s = app
        .create_account_from_link("new.person@example.se", 1, "070-123 45 67")
        .await;
    let me = expect(app.get("/v1/me", Some(&s.access_token)).await, 200).await;
    assert_eq!(me["companies"][0]["role"], "orderer");
    assert_eq!(me["email"], "new.person@example.se");
}

#[tokio::test]
async fn admins_manage_members_and_the_last_admin_stays() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let members = format!("/v1/companies/{COMPANY_ID}/members");

    // A person with an account becomes a member at once and is told by email.
    let r = app
        .post(
            &members,
            Some(&admin.access_token),
            Some(json!({"email": ASA_EMAIL, "role": "orderer"})),
        )
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let asa_member = expect(r, 201).await;
    assert_eq!(asa_member["status"], "active");
    assert_eq!(
        location,
        format!(
            "{members}/{}",
            asa_member["id"].as_str().unwrap_or_default()
        )
    );
    let told = app.nth_email_to(ASA_EMAIL, 1).await;
    assert!(
        told["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("Byggbolaget Norr AB"),
        "{told}"
    );
    let p = expect(
        app.post(
            &members,
            Some(&admin.access_token),
            Some(json!({"email": ASA_EMAIL, "role": "admin"})),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(p["code"], "already_member");

    // A person without one is invited.
    let invited = expect(
        app.post(
            &members,
            Some(&admin.access_token),
            Some(json!({"email": "ny@example.se", "role": "admin"})),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(invited["status"], "invited");
    let list = expect(app.get(&members, Some(&admin.access_token)).await, 200).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(4));

    // The only active admin can be neither demoted nor removed; an invited admin does not count.
    let me_member = list["data"]
        .as_array()
        .and_then(|a| a.iter().find(|m| m["email"] == ADMIN_EMAIL).cloned())
        .unwrap_or_default();
    let mine = format!("{members}/{}", me_member["id"].as_str().unwrap_or_default());
    let p = expect(
        patch_role(&app, &mine, &admin.access_token, "orderer").await,
        409,
    )
    .await;
    assert_eq!(p["code"], "last_admin");
    let p = expect(delete(&app, &mine, &admin.access_token).await, 409).await;
    assert_eq!(p["code"], "last_admin");

    // With a second admin, the first may step down.
    let asa_path = format!(
        "{members}/{}",
        asa_member["id"].as_str().unwrap_or_default()
    );
    let m = expect(
        patch_role(&app, &asa_path, &admin.access_token, "admin").await,
        200,
    )
    .await;
    assert_eq!(m["role"], "admin");
    let m = expect(
        patch_role(&app, &mine, &admin.access_token, "orderer").await,
        200,
    )
    .await;
    assert_eq!(m["role"], "orderer");
    // Now an orderer: managing members is refused (403), seeing them is not.
    let p = expect(delete(&app, &asa_path, &admin.access_token).await, 403).await;
    assert_eq!(p["code"], "role_not_allowed");
    expect(app.get(&asa_path, Some(&admin.access_token)).await, 200).await;
    let asa = app.sign_in(ASA_EMAIL).await;
    let invited_path = format!("{members}/{}", invited["id"].as_str().unwrap_or_default());
    let r = delete(&app, &invited_path, &asa.access_token).await;
    assert_eq!(r.status(), 204);
    expect(app.get(&invited_path, Some(&asa.access_token)).await, 404).await;
}

#[tokio::test]
async fn other_companies_and_cardholders_see_nothing_of_a_company() {
    let app = TestApp::spawn().await;
    let operator = app.operator("ops@example.se").await;
    let (other, other_admin) = new_company(&app, &operator, "556036-0793", "boss@example.se").await;
    let orderer = app.sign_in(ORDERER_EMAIL).await;
    let cardholder = app.sign_in(ASA_EMAIL).await;
    let demo_admin = app.sign_in(ADMIN_EMAIL).await;
    let demo_members = format!("/v1/companies/{COMPANY_ID}/members");
    let list = expect(
        app.get(&demo_members, Some(&demo_admin.access_token)).await,
        200,
    )
    .await;
    let a_member = format!(
        "{demo_members}/{}",
        list["data"][0]["id"].as_str().unwrap_or_default()
    );
    let invite = json!({"email": "x@example.se", "role": "orderer"});

    // (who, method, path, expected): the other company's admin and a cardholder get 404 for
    // everything of the demo company; its orderer sees but may not manage (403).
    let outsiders = [&other_admin, &cardholder];
    for who in outsiders {
        let t = Some(who.access_token.as_str());
        expect(
            app.get(&format!("/v1/companies/{COMPANY_ID}"), t).await,
            404,
        )
        .await;
        expect(app.get(&demo_members, t).await, 404).await;
        expect(app.get(&a_member, t).await, 404).await;
        expect(app.post(&demo_members, t, Some(invite.clone())).await, 404).await;
        expect(
            patch_role(&app, &a_member, &who.access_token, "admin").await,
            404,
        )
        .await;
        expect(delete(&app, &a_member, &who.access_token).await, 404).await;
    }
    let t = Some(orderer.access_token.as_str());
    expect(
        app.get(&format!("/v1/companies/{COMPANY_ID}"), t).await,
        200,
    )
    .await;
    expect(app.get(&demo_members, t).await, 200).await;
    expect(app.get(&a_member, t).await, 200).await;
    expect(app.post(&demo_members, t, Some(invite.clone())).await, 403).await;
    expect(
        patch_role(&app, &a_member, &orderer.access_token, "admin").await,
        403,
    )
    .await;
    expect(delete(&app, &a_member, &orderer.access_token).await, 403).await;
    // And the other way round: the demo admin sees nothing of the new company; a malformed id
    // is just as unknown.
    expect(
        app.get(
            &format!("/v1/companies/{other}"),
            Some(&demo_admin.access_token),
        )
        .await,
        404,
    )
    .await;
    expect(
        app.get(
            "/v1/companies/cmp_nope/members",
            Some(&demo_admin.access_token),
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn creating_a_company_is_idempotent_with_a_key() {
    let app = TestApp::spawn().await;
    let operator = app.operator("ops@example.se").await;
    let send = || {
        app.client
            .post(app.url("/v1/companies"))
            .bearer_auth(&operator.access_token)
            .header("Idempotency-Key", "company-1")
            .json(&company_body("556036-0793", "boss@example.se"))
            .send()
    };
    let first = send().await.unwrap_or_else(|e| panic!("{e}"));
    let loc1 = first.headers().get("location").cloned();
    let a = expect(first, 201).await;
    let second = send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        second
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    assert_eq!(second.headers().get("location").cloned(), loc1);
    let b = expect(second, 201).await;
    assert_eq!(a, b);
    // One company, one email.
    app.nth_email_to("boss@example.se", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        app.emails()
            .iter()
            .filter(|e| e["to"] == "boss@example.se")
            .count(),
        1
    );
}
