//! Texts for people in the language `Accept-Language` asks for (q-values; Swedish in its forms,
//! anything else English), marked with `Content-Language` and `Vary`; codes the same in both.

use id06_tests::{expect, TestApp, ASA_EMAIL, COMPANY_ID, ORDERER_EMAIL, ORDER_MATCHING};
use reqwest::Response;
use serde_json::{json, Value};

async fn get(app: &TestApp, path: &str, token: Option<&str>, language: &str) -> Response {
    let mut r = app
        .client
        .get(app.url(path))
        .header("Accept-Language", language);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_problem_is_told_in_the_language_asked_for_with_the_same_code() {
    let app = TestApp::spawn().await;
    let path = format!("/v1/companies/{COMPANY_ID}");
    let cases = [
        ("sv-SE,sv;q=0.9,en;q=0.8", "sv", "Inte inloggad"),
        ("en-GB, sv;q=0.5", "en", "Unauthorized"),
        ("de-DE, fr;q=0.9", "en", "Unauthorized"),
        ("fr, sv;q=0.3", "sv", "Inte inloggad"),
        ("*;q=0.5, sv;q=0.2", "en", "Unauthorized"),
        ("sv;q=0, en", "en", "Unauthorized"),
    ];
    for (asked, language, title) in cases {
        let r = get(&app, &path, None, asked).await;
        assert_eq!(header(&r, "content-language"), language, "{asked}");
        assert!(
            header(&r, "vary")
                .to_lowercase()
                .contains("accept-language"),
            "{asked}"
        );
        let p = expect(r, 401).await;
        assert_eq!(p["title"], title, "{asked}");
        assert_eq!(p["code"], "invalid_token", "the code never changes");
    }
    let sv = expect(get(&app, &path, None, "sv").await, 401).await;
    assert_eq!(
        sv["detail"],
        "En giltig åtkomsttoken krävs (Authorization: Bearer ...)."
    );
    // No header at all: English.
    let r = app.get(&path, None).await;
    assert_eq!(header(&r, "content-language"), "en");
}

#[tokio::test]
async fn field_messages_and_status_labels_follow_the_language() {
    let app = TestApp::spawn().await;
    let asa = app.sign_in(ASA_EMAIL).await;
    let token = asa.access_token.as_str();
    // A rule of the domain broken: the field's message in Swedish, its code as in English.
    let orderer = app.sign_in(ORDERER_EMAIL).await;
    let send = |language: &'static str| {
        app.client
            .post(app.url(&format!("/v1/companies/{COMPANY_ID}/card-orders")))
            .bearer_auth(&orderer.access_token)
            .header("Accept-Language", language)
            .json(&json!({
                "given_names": "Åsa", "surname": "Öberg", "date_of_birth": "2099-01-01",
                "nationality": "SE", "cardholder_email": "asa.2099@example.se",
                "cardholder_phone": "070-445 07 23", "valid_until": "2027-06-01",
            }))
            .send()
    };
    let sv = expect(send("sv").await.unwrap_or_else(|e| panic!("{e}")), 422).await;
    let en = expect(send("en").await.unwrap_or_else(|e| panic!("{e}")), 422).await;
    assert_eq!(sv["title"], "Innehållet kan inte behandlas");
    assert_eq!(sv["detail"], "Begäran har ogiltiga fält.");
    let codes = |p: &Value| -> Vec<(String, String)> {
        p["errors"]
            .as_array()
            .map(|e| {
                e.iter()
                    .map(|e| (e["field"].to_string(), e["code"].to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(codes(&sv), codes(&en));
    let message = |p: &Value, field: &str| {
        p["errors"]
            .as_array()
            .and_then(|e| e.iter().find(|e| e["field"] == field))
            .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        message(&sv, "date_of_birth"),
        "Får inte ligga i framtiden.",
        "{sv}"
    );
    assert_eq!(message(&en, "date_of_birth"), "Must not be in the future.");

    let review = expect(
        get(
            &app,
            &format!("/v1/me/card-orders/{ORDER_MATCHING}"),
            Some(token),
            "sv",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(review["status"], "waiting_for_review");
    assert_eq!(review["status_label"], "Väntar på din granskning");
}
