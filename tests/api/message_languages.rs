//! Emails and SMS in the person's own language: until they have an account, the language of the
//! order or invitation that reaches them (named in it, else the request's `Accept-Language`);
//! then their account's, which starts as that one and is theirs to change (`PATCH /v1/me`).

use id06_tests::{expect, in_years, TestApp, ADMIN_EMAIL, COMPANY_ID};
use reqwest::Response;
use serde_json::{json, Value};

const PERSON: &str = "lang.person@example.se";
const PHONE: &str = "+46701112233";

fn order_for(email: &str) -> Value {
    json!({
        "given_names": "Nils", "surname": "Holgersson", "date_of_birth": "1990-05-17",
        "nationality": "SE", "cardholder_email": email, "cardholder_phone": PHONE,
        "valid_until": in_years(2),
    })
}

async fn post_in(app: &TestApp, language: &str, path: &str, token: &str, body: Value) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Accept-Language", language)
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

async fn patch_me(app: &TestApp, token: &str, content_type: &str, body: &str) -> Response {
    app.client
        .patch(app.url("/v1/me"))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap_or_else(|e| panic!("PATCH /v1/me: {e}"))
}

fn text(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_owned()
}

/// The newest SMS to `to`.
fn last_sms_to(app: &TestApp, to: &str) -> String {
    app.sms_messages()
        .into_iter()
        .rev()
        .find(|(t, _)| t == to)
        .map(|(_, m)| m)
        .unwrap_or_default()
}

#[tokio::test]
async fn a_person_is_written_to_in_the_orders_language_then_in_their_own() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let orders = format!("/v1/companies/{COMPANY_ID}/card-orders");

    // A Swedish request: the order is in Swedish, and so is everything the person is sent.
    let r = post_in(
        &app,
        "sv-SE,en;q=0.5",
        &orders,
        &admin.access_token,
        order_for(PERSON),
    )
    .await;
    let order = expect(r, 201).await;
    assert_eq!(order["language"], "sv");
    let ordered = app.nth_email_to(PERSON, 1).await;
    assert_eq!(
        text(&ordered, "subject"),
        "Byggbolaget Norr AB har beställt ett ID06-kort åt dig"
    );
    let body = text(&ordered, "body");
    assert!(
        body.contains("Nästa steg") && !body.contains("Next step"),
        "{body}"
    );
    let link = app.nth_email_to(PERSON, 2).await;
    assert_eq!(text(&link, "subject"), "Skapa ditt ID06-konto");
    assert!(text(&link, "body").contains("Länken fungerar en gång och upphör om 7 dagar."));

    // The account takes the language, and its sign-in code comes in it.
    let person = app.create_account_from_link(PERSON, 2, PHONE).await;
    let me = expect(app.get("/v1/me", Some(&person.access_token)).await, 200).await;
    assert_eq!(me["language"], "sv");
    let sms = last_sms_to(&app, PHONE);
    assert!(sms.starts_with("Din inloggningskod för ID06 är "), "{sms}");

    // The person chooses English: a merge patch, answered with the profile.
    let r = patch_me(
        &app,
        &person.access_token,
        "application/merge-patch+json",
        r#"{"language": "en"}"#,
    )
    .await;
    let me = expect(r, 200).await;
    assert_eq!(me["language"], "en");
    assert_eq!(me["email"], PERSON);
    let again = app.sign_in(PERSON).await;
    assert!(last_sms_to(&app, PHONE).starts_with("Your ID06 sign-in code is "));

    // Now their own choice counts over the order's, also for what the company sends.
    let order_path = format!("{orders}/{}", text(&order, "id"));
    let (etag, _) = app.get_with_etag(&order_path, &admin.access_token).await;
    let r = app
        .client
        .patch(app.url(&order_path))
        .bearer_auth(&admin.access_token)
        .header("Accept-Language", "sv")
        .header("Content-Type", "application/merge-patch+json")
        .header("If-Match", etag)
        .body(json!({"name_to_print": "N Holgersson"}).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect(r, 200).await;
    let changed = app.nth_email_to(PERSON, 3).await;
    assert_eq!(
        text(&changed, "subject"),
        "Review your changed ID06 card order"
    );

    // Refused settings: another language, a null, no merge patch; nothing changes.
    for (content_type, body, status) in [
        ("application/merge-patch+json", r#"{"language": "de"}"#, 422),
        ("application/merge-patch+json", r#"{"language": null}"#, 422),
        ("application/merge-patch+json", r#"{"lang": "sv"}"#, 422),
        ("application/json", r#"{"language": "sv"}"#, 415),
    ] {
        let r = patch_me(&app, &again.access_token, content_type, body).await;
        let problem = expect(r, status).await;
        assert_eq!(problem["status"], status, "{body}: {problem}");
    }
    let me = expect(app.get("/v1/me", Some(&again.access_token)).await, 200).await;
    assert_eq!(me["language"], "en");
}

#[tokio::test]
async fn an_order_or_invitation_may_name_the_language_its_person_reads() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;

    // Named in the order: it wins over the request's own language.
    let mut body = order_for("named.en@example.se");
    body["language"] = json!("en");
    let r = post_in(
        &app,
        "sv",
        &format!("/v1/companies/{COMPANY_ID}/card-orders"),
        &admin.access_token,
        body,
    )
    .await;
    let order = expect(r, 201).await;
    assert_eq!(order["language"], "en");
    let mail = app.nth_email_to("named.en@example.se", 1).await;
    assert_eq!(
        text(&mail, "subject"),
        "Byggbolaget Norr AB ordered an ID06 card for you"
    );
    // The answer itself is still in the request's language.
    let mut bad = order_for("bad@example.se");
    bad["language"] = json!("fi");
    let r = post_in(
        &app,
        "sv",
        &format!("/v1/companies/{COMPANY_ID}/card-orders"),
        &admin.access_token,
        bad,
    )
    .await;
    let problem = expect(r, 422).await;
    assert_eq!(problem["errors"][0]["field"], "language", "{problem}");

    // An invitation in Swedish, and the order its answer makes is in Swedish too.
    let r = post_in(
        &app,
        "en",
        &format!("/v1/companies/{COMPANY_ID}/invitations"),
        &admin.access_token,
        json!({"email": "invited.sv@example.se", "card_type": "standard", "language": "sv"}),
    )
    .await;
    let invitation = expect(r, 201).await;
    assert_eq!(invitation["language"], "sv");
    let mail = app.nth_email_to("invited.sv@example.se", 1).await;
    assert_eq!(
        text(&mail, "subject"),
        "Byggbolaget Norr AB: fyll i dina uppgifter för ett ID06-kort"
    );
    let token = app.link_token("invited.sv@example.se", 1).await;
    let r = app
        .post(
            &format!("/v1/invitations/{token}/submission"),
            None,
            Some(json!({
                "given_names": "Selma", "surname": "Lagerlöf", "date_of_birth": "1991-11-20",
                "nationality": "SE", "phone": "+46702223344",
            })),
        )
        .await;
    expect(r, 201).await;
    let answered = expect(
        app.get(
            &format!(
                "/v1/companies/{COMPANY_ID}/invitations/{}",
                text(&invitation, "id")
            ),
            Some(&admin.access_token),
        )
        .await,
        200,
    )
    .await;
    let draft = expect(
        app.get(
            &format!(
                "/v1/companies/{COMPANY_ID}/card-orders/{}",
                text(&answered, "order_id")
            ),
            Some(&admin.access_token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(draft["language"], "sv");
}
