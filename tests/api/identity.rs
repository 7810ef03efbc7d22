//! The passport / national ID route over HTTP: a company orders a card for a newcomer, the
//! identity verifier registers a green passport check with its MRZ, the person creates the
//! account from the emailed link confirming the identity number on the order, signs in with
//! password and SMS code, reviews and accepts. And the unhappy paths: red and yellow checks,
//! a wrong check digit, a zone that disagrees, an expired document, a disguised portrait, links
//! used twice, expired, or guessed at.

use chrono::TimeDelta;
use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, COMPANY_ID, ERIK_EMAIL, INTEGRATOR_ID, INTEGRATOR_SECRET,
    PASSWORD, VERIFIER_ID, VERIFIER_SECRET,
};
use reqwest::Response;
use serde_json::{json, Value};

pub(crate) const MAJA: &str = "maja.lind@example.se";
pub(crate) const MAJA_PIN: &str = "19900517-1237";

/// The contract's example check: Maja Lind's green passport check, with a real MRZ and a real
/// 240×320 PNG portrait.
pub(crate) async fn example_check(app: &TestApp) -> Value {
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    spec["components"]["schemas"]["RegisterCheckRequest"]["example"].clone()
}

pub(crate) async fn register(app: &TestApp, token: &str, body: &Value) -> Response {
    app.post(
        "/v1/identity-verifications",
        Some(token),
        Some(body.clone()),
    )
    .await
}

pub(crate) async fn verifier(app: &TestApp) -> String {
    app.client_token(VERIFIER_ID, VERIFIER_SECRET, None).await
}

/// The company orders a card for Maja, with her personal identity number.
pub(crate) async fn order_for_maja(app: &TestApp) -> String {
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let valid = (chrono::Utc::now().date_naive() + TimeDelta::days(365 * 3)).to_string();
    let order = expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&admin.access_token),
            Some(json!({
                "given_names": "Maja Elisabet", "surname": "Lind", "date_of_birth": "1990-05-17",
                "nationality": "SE", "personal_identity_number": MAJA_PIN,
                "cardholder_email": MAJA, "cardholder_phone": "070-111 22 33", "valid_until": valid,
            })),
        )
        .await,
        201,
    )
    .await;
    order["id"].as_str().unwrap_or_default().to_owned()
}

/// The token of the emailed identity link (the one whose subject says the identity was verified).
pub(crate) async fn identity_link(app: &TestApp, to: &str) -> String {
    for n in 1..=5 {
        let e = app.nth_email_to(to, n).await;
        if e["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("identity was verified")
        {
            let link = e["link"].as_str().unwrap_or_default();
            return link.split("token=").nth(1).unwrap_or_default().to_owned();
        }
    }
    panic!("no identity link to {to}");
}

pub(crate) async fn create_account(
    app: &TestApp,
    token: &str,
    identity_number: Option<&str>,
) -> Response {
    let mut body = json!({"token": token, "password": PASSWORD, "phone": "070-111 22 33", "given_names": "Maja Elisabet", "surname": "Lind"});
    if let Some(n) = identity_number {
        body["identity_number"] = json!(n);
    }
    app.post("/v1/accounts", None, Some(body)).await
}

#[tokio::test]
async fn a_newcomer_gets_an_account_from_a_verified_passport_and_accepts_the_order() {
    let app = TestApp::spawn().await;
    let order = order_for_maja(&app).await;
    let v = verifier(&app).await;
    let check = example_check(&app).await;
    let r = register(&app, &v, &check).await;
    let location = r
        .headers()
        .get("location")
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let registered = expect(r, 201).await;
    assert_eq!(registered["outcome"], "green");
    assert_eq!(registered["delivery"], "account_link_sent");
    assert!(
        registered.get("portrait").is_none(),
        "the portrait is not echoed"
    );
    let id = registered["id"].as_str().unwrap_or_default();
    assert_eq!(location, Some(format!("/v1/identity-verifications/{id}")));
    expect(
        app.get(&format!("/v1/identity-verifications/{id}"), Some(&v))
            .await,
        200,
    )
    .await;

    // The link asks for the identity number on the order: missing, then wrong, then right.
    let token = identity_link(&app, MAJA).await;
    let p = expect(create_account(&app, &token, None).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "identity_number");
    let p = expect(
        create_account(&app, &token, Some("19900517-0000")).await,
        422,
    )
    .await;
    assert_eq!(p["code"], "identity_number_mismatch");
    // The number in another form is the same number.
    expect(create_account(&app, &token, Some("900517-1237")).await, 201).await;
    // Used once.
    let again = create_account(&app, &token, Some(MAJA_PIN)).await;
    assert_eq!(again.status(), 422);

    // Password and SMS code; the order matches the verified identity; accept.
    let maja = app.sign_in(MAJA).await;
    let me = expect(app.get("/v1/me", Some(&maja.access_token)).await, 200).await;
    assert_eq!(me["verified_identity"]["source"], "passport");
    assert_eq!(me["verified_identity"]["surname"], "Lind");
    assert_eq!(me["identity_verification"]["outcome"], "green");
    let review = expect(
        app.get(
            &format!("/v1/me/card-orders/{order}"),
            Some(&maja.access_token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(review["identity_check"]["result"], "match", "{review}");
    app.complete_contact(&maja.access_token).await;
    let accepted = expect(app.accept(&order, &maja.access_token, None).await, 200).await;
    assert_eq!(accepted["order"]["status"], "approved");
    // The trail says how her identity was proven.
    let trail = expect(
        app.get(
            &format!("/v1/me/card-orders/{order}/events"),
            Some(&maja.access_token),
        )
        .await,
        200,
    )
    .await;
    let proofs: Vec<&Value> = trail["data"]
        .as_array()
        .map(|a| a.iter().map(|e| &e["identity_proof"]).collect())
        .unwrap_or_default();
    assert_eq!(
        proofs,
        [&Value::Null, &json!("passport_check")],
        "placed, then accepted: {trail}"
    );
}

#[tokio::test]
async fn red_and_yellow_checks_are_told_to_the_person_and_shown_to_the_company() {
    let app = TestApp::spawn().await;
    let order = order_for_maja(&app).await;
    let v = verifier(&app).await;
    let mut red = example_check(&app).await;
    red["outcome"] = json!("red");
    let p = expect(register(&app, &v, &red).await, 422).await;
    assert_eq!(p["errors"][0]["field"], "reason", "red needs a reason");
    red["reason"] = json!("The document is reported stolen.");
    let r = expect(register(&app, &v, &red).await, 201).await;
    assert_eq!(r["delivery"], "outcome_sent");
    // 1: the order, 2: the link to create an account (the BankID route), 3: the red check.
    let told = app.nth_email_to(MAJA, 3).await;
    assert!(
        told["body"]
            .as_str()
            .unwrap_or_default()
            .contains("reported stolen"),
        "{told}"
    );
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let seen = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders/{order}"),
            Some(&integrator),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(seen["identity_verification"]["outcome"], "red");
    assert_eq!(
        seen["identity_verification"]["reason"],
        "The document is reported stolen."
    );
    assert!(seen["identity_verification"]["next_step"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));

    // Yellow for a person with an account: the person sees it on the profile.
    let mut yellow = example_check(&app).await;
    yellow["email"] = json!(ERIK_EMAIL);
    yellow["outcome"] = json!("yellow");
    yellow["reason"] = json!("The photo page is damaged.");
    expect(register(&app, &v, &yellow).await, 201).await;
    let erik = app.sign_in(ERIK_EMAIL).await;
    let me = expect(app.get("/v1/me", Some(&erik.access_token)).await, 200).await;
    assert_eq!(me["identity_verification"]["outcome"], "yellow");
    assert_eq!(
        me["identity_verification"]["reason"],
        "The photo page is damaged."
    );
    // A yellow check does not change the verified identity.
    assert_eq!(me["verified_identity"]["source"], "national_id_card");
}

#[tokio::test]
async fn a_green_check_for_an_existing_account_is_attached_at_once() {
    let app = TestApp::spawn().await;
    let v = verifier(&app).await;
    // The demo's administrator has an account and no verified identity yet.
    let mut check = example_check(&app).await;
    check["email"] = json!(ADMIN_EMAIL);
    let r = expect(register(&app, &v, &check).await, 201).await;
    assert_eq!(r["delivery"], "attached_to_account");
    assert_eq!(r["bound"], true);
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let me = expect(app.get("/v1/me", Some(&admin.access_token)).await, 200).await;
    assert_eq!(me["verified_identity"]["source"], "passport");
    assert_eq!(me["verified_identity"]["surname"], "Lind");
}

#[tokio::test]
async fn a_check_of_another_person_is_never_attached_to_an_account() {
    let app = TestApp::spawn().await;
    let v = verifier(&app).await;
    // Erik's account is verified with his national ID card; Maja's passport is not his.
    let mut check = example_check(&app).await;
    check["email"] = json!(ERIK_EMAIL);
    let r = register(&app, &v, &check).await;
    let location = r
        .headers()
        .get("location")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let r = expect(r, 201).await;
    assert_eq!(r["delivery"], "other_persons_account");
    assert_eq!(r["bound"], false);
    let again = expect(app.get(&location, Some(&v)).await, 200).await;
    assert_eq!(again["delivery"], "other_persons_account");
    let told = app.nth_email_to(ERIK_EMAIL, 1).await;
    assert!(
        told["subject"]
            .as_str()
            .is_some_and(|s| s.contains("could not be added")),
        "{told}"
    );
    let erik = app.sign_in(ERIK_EMAIL).await;
    let me = expect(app.get("/v1/me", Some(&erik.access_token)).await, 200).await;
    assert_eq!(me["verified_identity"]["source"], "national_id_card");
    assert_eq!(me["verified_identity"]["surname"], "LINDSTRÖM");
}

#[tokio::test]
async fn inconsistent_checks_are_refused_field_by_field() {
    let app = TestApp::spawn().await;
    let v = verifier(&app).await;
    let base = example_check(&app).await;
    let refused = |body: Value| {
        let (app, v) = (&app, v.clone());
        async move { expect(register(app, &v, &body).await, 422).await }
    };
    // A wrong check digit in the zone (the document number's: C→0 is not the digit printed).
    let mut wrong_digit = base.clone();
    let mrz = base["mrz"].as_str().unwrap_or_default();
    wrong_digit["mrz"] = json!(mrz.replace("AB12345671SWE", "AB12345672SWE"));
    let p = refused(wrong_digit).await;
    assert_eq!(p["errors"][0]["code"], "mrz_check_digit", "{p}");
    // A field the zone does not bear out.
    let mut other_name = base.clone();
    other_name["surname"] = json!("Lindh");
    let p = refused(other_name).await;
    assert_eq!(p["errors"][0]["code"], "mrz_disagrees");
    // An expired document cannot be green.
    let mut expired = base.clone();
    expired["document_expires_on"] = json!("2020-01-01");
    expired.as_object_mut().map(|o| o.remove("mrz"));
    let p = refused(expired).await;
    assert_eq!(p["code"], "document_expired");
    // A JPEG label on PNG bytes; bytes that are no image; not base64.
    let mut disguised = base.clone();
    disguised["portrait"]["media_type"] = json!("image/jpeg");
    assert_eq!(
        refused(disguised).await["errors"][0]["code"],
        "portrait_type_mismatch"
    );
    let mut junk = base.clone();
    junk["portrait"]["data"] = json!("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB");
    assert_eq!(refused(junk).await["errors"][0]["code"], "portrait_corrupt");
    let mut not_b64 = base.clone();
    not_b64["portrait"]["data"] = json!("not base64 at all!");
    assert_eq!(
        refused(not_b64).await["errors"][0]["code"],
        "invalid_base64"
    );
    // Only the identity verifier registers checks.
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    expect(register(&app, &integrator, &base).await, 403).await;
    expect(register(&app, &admin.access_token, &base).await, 403).await;
}

#[tokio::test]
async fn identity_links_die_after_five_wrong_numbers_and_when_they_expire() {
    let app = TestApp::spawn().await;
    order_for_maja(&app).await;
    let v = verifier(&app).await;
    let check = example_check(&app).await;
    expect(register(&app, &v, &check).await, 201).await;
    let token = identity_link(&app, MAJA).await;
    for left in (0..5).rev() {
        let p = expect(
            create_account(&app, &token, Some("19900517-0000")).await,
            422,
        )
        .await;
        let want = if left > 0 {
            "identity_number_mismatch"
        } else {
            "invalid_link"
        };
        assert_eq!(p["code"], want, "{left} left");
    }
    let p = expect(create_account(&app, &token, Some(MAJA_PIN)).await, 422).await;
    assert_eq!(
        p["code"], "invalid_link",
        "the right number no longer helps"
    );

    // A second check sends a new link; seven days later it has expired.
    expect(register(&app, &v, &check).await, 201).await;
    let fresh = identity_link_after(&app, MAJA, &token).await;
    app.clock
        .advance(TimeDelta::days(7) + TimeDelta::minutes(1));
    let p = expect(create_account(&app, &fresh, Some(MAJA_PIN)).await, 422).await;
    assert_eq!(p["code"], "invalid_link");
}

/// The newest identity link to `to` that is not `old`.
async fn identity_link_after(app: &TestApp, to: &str, old: &str) -> String {
    for n in 1..=6 {
        let e = app.nth_email_to(to, n).await;
        if e["subject"]
            .as_str()
            .unwrap_or_default()
            .contains("identity was verified")
        {
            let t = e["link"]
                .as_str()
                .unwrap_or_default()
                .split("token=")
                .nth(1)
                .unwrap_or_default()
                .to_owned();
            if t != old {
                return t;
            }
        }
    }
    panic!("no second identity link to {to}");
}
