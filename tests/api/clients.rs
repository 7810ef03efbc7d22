//! Machine clients over HTTP: operators create, rotate and revoke them; the token endpoint
//! answers as RFC 6749 says; an integrator acts as an orderer of its one company within its
//! scopes; machine and person tokens never pass as each other.

use chrono::TimeDelta;
use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, INTEGRATOR_ID, INTEGRATOR_SECRET,
    OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, VERIFIER_ID, VERIFIER_SECRET,
};
use reqwest::Response;
use serde_json::{json, Value};

const OTHER_COMPANY: &str = "cmp_de0000000000000000000002";

fn order() -> Value {
    let valid = (chrono::Utc::now().date_naive() + TimeDelta::days(365 * 3)).to_string();
    json!({
        "given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14",
        "nationality": "SE", "cardholder_email": ASA_EMAIL, "cardholder_phone": "070-445 07 23",
        "valid_until": valid,
    })
}

async fn oauth_error(r: Response, status: u16, error: &str) -> Value {
    let got = r.status().as_u16();
    if got != status {
        panic!("{error}: {got} {}", r.text().await.unwrap_or_default());
    }
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let body: Value = r.json().await.unwrap_or_default();
    assert_eq!(body["error"], error, "{body}");
    assert!(body["error_description"].is_string());
    assert_eq!(
        body["code"], error,
        "the problem fields beside the OAuth ones"
    );
    body
}

#[tokio::test]
async fn the_token_endpoint_answers_as_rfc_6749_says() {
    let app = TestApp::spawn().await;
    let grant = [("grant_type", "client_credentials")];
    // Success with HTTP Basic: a bearer token with every scope of the client.
    let r = app
        .token_request(INTEGRATOR_ID, INTEGRATOR_SECRET, &grant)
        .await;
    assert_eq!(
        r.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let t = expect(r, 200).await;
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 600);
    assert_eq!(
        t["scope"],
        "orders:read orders:write cards:read cards:write webhooks:read webhooks:write"
    );
    // Client authentication in the body works too; a narrower scope is granted as asked.
    let r = app
        .client
        .post(app.url("/v1/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", INTEGRATOR_ID),
            ("client_secret", INTEGRATOR_SECRET),
            ("scope", "orders:read"),
        ])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(r, 200).await["scope"], "orders:read");

    // invalid_client: 401 with a Basic challenge; the same for unknown, wrong and malformed.
    for (id, secret) in [
        (INTEGRATOR_ID, "cs_wrong"),
        ("cli_000000000000000000000000", INTEGRATOR_SECRET),
        ("nonsense", "x"),
        (VERIFIER_ID, INTEGRATOR_SECRET),
    ] {
        let r = app.token_request(id, secret, &grant).await;
        assert_eq!(
            r.headers()
                .get("www-authenticate")
                .and_then(|v| v.to_str().ok()),
            Some("Basic realm=\"id06\"")
        );
        oauth_error(r, 401, "invalid_client").await;
    }
    let r = app
        .client
        .post(app.url("/v1/oauth/token"))
        .form(&grant)
        .send()
        .await;
    oauth_error(r.unwrap_or_else(|e| panic!("{e}")), 401, "invalid_client").await;

    // invalid_request: both ways of authenticating at once, a repeated parameter, no grant type.
    let both = app
        .token_request(
            INTEGRATOR_ID,
            INTEGRATOR_SECRET,
            &[
                ("grant_type", "client_credentials"),
                ("client_id", INTEGRATOR_ID),
            ],
        )
        .await;
    oauth_error(both, 400, "invalid_request").await;
    let twice = app
        .token_request(
            INTEGRATOR_ID,
            INTEGRATOR_SECRET,
            &[
                ("grant_type", "client_credentials"),
                ("grant_type", "client_credentials"),
            ],
        )
        .await;
    oauth_error(twice, 400, "invalid_request").await;
    oauth_error(
        app.token_request(INTEGRATOR_ID, INTEGRATOR_SECRET, &[])
            .await,
        400,
        "invalid_request",
    )
    .await;
    // unsupported_grant_type, invalid_scope.
    let password = app
        .token_request(
            INTEGRATOR_ID,
            INTEGRATOR_SECRET,
            &[("grant_type", "password")],
        )
        .await;
    oauth_error(password, 400, "unsupported_grant_type").await;
    for scope in [
        "bogus",
        "identity_verifications:write",
        "orders:read orders:read",
    ] {
        let r = app
            .token_request(
                INTEGRATOR_ID,
                INTEGRATOR_SECRET,
                &[("grant_type", "client_credentials"), ("scope", scope)],
            )
            .await;
        oauth_error(r, 400, "invalid_scope").await;
    }
    // Not a form.
    let json_body = app
        .client
        .post(app.url("/v1/oauth/token"))
        .basic_auth(INTEGRATOR_ID, Some(INTEGRATOR_SECRET))
        .json(&json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    oauth_error(json_body, 415, "invalid_request").await;
}

#[tokio::test]
async fn an_integrator_is_an_orderer_of_its_own_company_within_its_scopes() {
    let app = TestApp::spawn().await;
    let full = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let orders = format!("/v1/companies/{COMPANY_ID}/card-orders");
    expect(app.get(&orders, Some(&full)).await, 200).await;
    expect(
        app.get(&format!("/v1/companies/{COMPANY_ID}"), Some(&full))
            .await,
        200,
    )
    .await;
    let placed = expect(app.post(&orders, Some(&full), Some(order())).await, 201).await;
    let id = placed["id"].as_str().unwrap_or_default();
    let events = expect(
        app.get(&format!("{orders}/{id}/events"), Some(&full)).await,
        200,
    )
    .await;
    assert_eq!(events["data"][0]["actor_kind"], "client", "{events}");
    // Members are for administrators: 403, not 404 (the integrator sees the company).
    let p = expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/members"),
            Some(&full),
            Some(json!({"email": "new.person@example.se", "role": "orderer"})),
        )
        .await,
        403,
    )
    .await;
    assert_eq!(p["code"], "role_not_allowed");
    // Another company does not exist for it.
    expect(
        app.get(
            &format!("/v1/companies/{OTHER_COMPANY}/card-orders"),
            Some(&full),
        )
        .await,
        404,
    )
    .await;
    // A read-only token reads but may not order.
    let read = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, Some("orders:read"))
        .await;
    expect(app.get(&orders, Some(&read)).await, 200).await;
    let p = expect(app.post(&orders, Some(&read), Some(order())).await, 403).await;
    assert_eq!(p["code"], "insufficient_scope");
    // The other company's integrator, and the identity verifier, see nothing of this company.
    let other = app
        .client_token(OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, None)
        .await;
    let verifier = app.client_token(VERIFIER_ID, VERIFIER_SECRET, None).await;
    for token in [&other, &verifier] {
        expect(app.get(&orders, Some(token)).await, 404).await;
        expect(app.get(&format!("{orders}/{id}"), Some(token)).await, 404).await;
    }
}

#[tokio::test]
async fn machine_and_person_tokens_never_pass_as_each_other() {
    let app = TestApp::spawn().await;
    let machine = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    for path in ["/v1/me", "/v1/me/card-orders", "/v1/me/sessions"] {
        let p = expect(app.get(path, Some(&machine)).await, 401).await;
        assert_eq!(p["code"], "invalid_token", "{path}");
    }
    // A person's token is not a client's: operator-only client management refuses a non-operator.
    let admin = app.sign_in(ADMIN_EMAIL).await;
    expect(
        app.get("/v1/api-clients", Some(&admin.access_token)).await,
        403,
    )
    .await;
    expect(app.get("/v1/api-clients", Some(&machine)).await, 401).await;
}

#[tokio::test]
async fn operators_create_rotate_and_revoke_clients() {
    let app = TestApp::spawn().await;
    let ops = app.operator("ops@example.se").await;
    let t = Some(ops.access_token.as_str());
    // Validation: an integrator needs a company; a role bounds its scopes.
    let p = expect(
        app.post(
            "/v1/api-clients",
            t,
            Some(json!({"name": "HR", "role": "integrator"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["field"], "company_id");
    let p = expect(
        app.post(
            "/v1/api-clients",
            t,
            Some(json!({"name": "HR", "role": "integrator", "company_id": COMPANY_ID, "scopes": ["identity_verifications:write"]})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(p["errors"][0]["code"], "scope_not_allowed");
    let r = app
        .post(
            "/v1/api-clients",
            t,
            Some(json!({"name": "Payroll", "role": "integrator", "company_id": COMPANY_ID, "scopes": ["orders:read"]})),
        )
        .await;
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created = expect(r, 201).await;
    let id = created["client"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let first = created["client_secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(location, Some(format!("/v1/api-clients/{id}")));
    let shown = expect(app.get(&format!("/v1/api-clients/{id}"), t).await, 200).await;
    assert!(shown.get("client_secret").is_none() && !shown.to_string().contains(&first));
    let listed = expect(app.get("/v1/api-clients?limit=2", t).await, 200).await;
    assert_eq!(listed["data"][0]["id"], id.as_str(), "newest first");
    assert!(listed["has_more"].as_bool().unwrap_or_default());

    // Rotation: both secrets work for the grace period, then only the new one.
    let token_before = app.client_token(&id, &first, None).await;
    let rotated = expect(
        app.post(
            &format!("/v1/api-clients/{id}/secret-rotations"),
            t,
            Some(json!({"grace_period_seconds": 3600})),
        )
        .await,
        200,
    )
    .await;
    let second = rotated["client_secret"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(first, second);
    app.client_token(&id, &first, None).await;
    app.client_token(&id, &second, None).await;
    app.clock.advance(TimeDelta::seconds(3601));
    let grant = [("grant_type", "client_credentials")];
    oauth_error(
        app.token_request(&id, &first, &grant).await,
        401,
        "invalid_client",
    )
    .await;
    let live = app.client_token(&id, &second, None).await;
    expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&live),
        )
        .await,
        200,
    )
    .await;
    // A token issued before the rotation lived out its ten minutes.
    expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&token_before),
        )
        .await,
        401,
    )
    .await;

    // Revocation: the token it holds stops at once, and no new one is issued. (The operator's
    // session went idle while time moved: a new one.)
    let ops = app.sign_in("ops@example.se").await;
    let t = Some(ops.access_token.as_str());
    expect(
        app.post(&format!("/v1/api-clients/{id}/revoke"), t, None)
            .await,
        200,
    )
    .await;
    let p = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&live),
        )
        .await,
        401,
    )
    .await;
    assert_eq!(p["code"], "invalid_token");
    oauth_error(
        app.token_request(&id, &second, &grant).await,
        401,
        "invalid_client",
    )
    .await;
    expect(
        app.post(&format!("/v1/api-clients/{id}/revoke"), t, None)
            .await,
        409,
    )
    .await;
}

#[tokio::test]
async fn the_cli_creates_a_client_whose_secret_works() {
    let app = TestApp::spawn().await;
    let out = api::cli::create_api_client(
        &app.db,
        &app::Clock::system(),
        api::cli::ClientArgs {
            name: "Second HR system".into(),
            role: "integrator".into(),
            company_id: Some(COMPANY_ID.into()),
            scopes: vec!["orders:read".into()],
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let field = |name: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}: ")))
            .unwrap_or_default()
            .to_owned()
    };
    let token = app
        .client_token(&field("client_id"), &field("client_secret"), None)
        .await;
    expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&token),
        )
        .await,
        200,
    )
    .await;
    let bad = api::cli::create_api_client(
        &app.db,
        &app::Clock::system(),
        api::cli::ClientArgs {
            name: "Verifier".into(),
            role: "identity_verifier".into(),
            company_id: Some(COMPANY_ID.into()),
            scopes: vec![],
        },
    );
    assert!(bad.is_err_and(|e| e.contains("company_id")));
}
