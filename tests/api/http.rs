//! HTTP as integrators' tools expect it: conditional requests, authentication challenges,
//! problem details, merge patches.

use id06_tests::{expect, TestApp, ASA_EMAIL, ORDER_MATCHING};
use serde_json::{json, Value};

fn order(id: &str) -> String {
    format!("/v1/me/card-orders/{id}")
}

fn header(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn review_then_contact_details_then_accept_with_the_reviews_etag() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let (etag, _) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    app.complete_contact(&s.access_token).await;
    let r = app
        .accept_if_match(ORDER_MATCHING, &s.access_token, &etag)
        .await;
    assert_eq!(expect(r, 200).await["order"]["status"], "approved");
}

#[tokio::test]
async fn if_none_match_answers_304_until_the_review_changes() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    let (etag, _) = app
        .get_with_etag(&order(ORDER_MATCHING), &s.access_token)
        .await;
    let conditional = |tag: String| {
        app.client
            .get(app.url(&order(ORDER_MATCHING)))
            .bearer_auth(&s.access_token)
            .header("If-None-Match", tag)
            .send()
    };
    let r = conditional(etag.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), 304);
    assert_eq!(header(&r, "etag").as_deref(), Some(etag.as_str()));
    assert_eq!(r.text().await.unwrap_or_default(), "");
    // The weak form of the same tag matches too (weak comparison, RFC 9110 §13.1.2).
    let r = conditional(format!("W/{etag}"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), 304);
    // New contact details change what the review shows: a full answer again.
    app.complete_contact(&s.access_token).await;
    let r = conditional(etag.clone())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), 200);
    assert_ne!(header(&r, "etag").as_deref(), Some(etag.as_str()));
    let r = conditional("not a tag".into())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(r, 400).await["code"], "invalid_if_none_match");
}

#[tokio::test]
async fn a_replayed_answer_has_the_headers_of_the_first() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let accept = || {
        app.client
            .post(app.url(&format!("{}/accept", order(ORDER_MATCHING))))
            .bearer_auth(&s.access_token)
            .header("Idempotency-Key", "accept-once-0001")
            .send()
    };
    let first = accept().await.unwrap_or_else(|e| panic!("{e}"));
    let second = accept().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    assert!(header(&first, "etag").is_some());
    assert_eq!(header(&first, "etag"), header(&second, "etag"));
    assert_eq!(header(&first, "idempotent-replayed"), None);
    assert_eq!(
        header(&second, "idempotent-replayed").as_deref(),
        Some("true")
    );
    assert_eq!(
        first.text().await.unwrap_or_default(),
        second.text().await.unwrap_or_default()
    );
}

#[tokio::test]
async fn every_401_says_how_to_authenticate() {
    let app = TestApp::spawn().await;
    let cases = [
        app.get("/v1/me", None).await,
        app.get("/v1/me", Some("not-a-token")).await,
        app.login(ASA_EMAIL, "wrong password, long enough").await,
        app.post(
            "/v1/auth/login/verify",
            None,
            Some(json!({"challenge_id": "lch_0123456789abcdef01234567", "code": "123456"})),
        )
        .await,
        app.post(
            "/v1/auth/login/resend",
            None,
            Some(json!({"challenge_id": "nonsense"})),
        )
        .await,
        app.post(
            "/v1/auth/refresh",
            None,
            Some(json!({"refresh_token": "rt_unknown"})),
        )
        .await,
    ];
    for r in cases {
        let challenge = header(&r, "www-authenticate").unwrap_or_default();
        assert!(
            challenge.starts_with("Bearer realm=\"id06\""),
            "{challenge}"
        );
        expect(r, 401).await;
    }
}

#[tokio::test]
async fn problems_use_current_reason_phrases() {
    let app = TestApp::spawn().await;
    let p = expect(app.login("not an email", "x").await, 422).await;
    assert_eq!(p["title"], "Unprocessable Content");
    let r = app
        .client
        .post(app.url("/v1/auth/login"))
        .header("content-type", "application/json")
        .body(vec![b' '; 70 * 1024])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let rid = header(&r, "x-request-id").unwrap_or_default();
    let p = expect(r, 413).await;
    assert_eq!(p["title"], "Content Too Large");
    assert_eq!(p["instance"], format!("urn:id06:request:{rid}"));
}

#[tokio::test]
async fn contact_details_are_replaced_by_put_and_merged_by_patch() {
    let app = TestApp::spawn().await;
    let s = app.cardholder_ready_to_accept(ASA_EMAIL).await;
    let patch = |body: Value, content_type: &'static str| {
        app.client
            .patch(app.url("/v1/me/contact-details"))
            .bearer_auth(&s.access_token)
            .header("content-type", content_type)
            .body(body.to_string())
            .send()
    };
    // Only the fields sent change; null clears one.
    let r = patch(
        json!({"city": "Göteborg", "postal_code": "411 01", "address": null}),
        "application/merge-patch+json",
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let c = expect(r, 200).await;
    assert_eq!(c["city"], "Göteborg");
    assert_eq!(c["postal_code"], "411 01");
    assert_eq!(c["address"], Value::Null);
    assert_eq!(c["email"], "asa.oberg@example.se", "kept");
    assert_eq!(c["missing"], json!(["address"]));
    // The merged whole must be valid: a Swedish address keeps a Swedish postal code.
    let r = patch(
        json!({"postal_code": "ABC"}),
        "application/merge-patch+json",
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(r, 422).await["errors"][0]["field"], "postal_code");
    // A merge patch is not a replacement, and the other way round.
    let r = patch(json!({"city": "Lund"}), "application/json")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(r, 415).await["code"], "unsupported_media_type");
    let r = app
        .client
        .put(app.url("/v1/me/contact-details"))
        .bearer_auth(&s.access_token)
        .header("content-type", "application/merge-patch+json")
        .body(json!({"city": "Lund"}).to_string())
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(r, 415).await["code"], "unsupported_media_type");
    // PUT replaces: what is left out is cleared.
    let r = app
        .client
        .put(app.url("/v1/me/contact-details"))
        .bearer_auth(&s.access_token)
        .json(&json!({"city": "Lund"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let c = expect(r, 200).await;
    assert_eq!(c["city"], "Lund");
    assert_eq!(c["email"], Value::Null);
}

#[tokio::test]
async fn head_works_wherever_get_does() {
    let app = TestApp::spawn().await;
    let s = app.sign_in(ASA_EMAIL).await;
    for (path, token) in [
        ("/health/live", None),
        ("/v1/me", Some(s.access_token.as_str())),
        ("/v1/me/card-orders", Some(s.access_token.as_str())),
        ("/api-docs/openapi.json", None),
        ("/swagger-ui/", None),
    ] {
        let get = app.get(path, token).await;
        let get_headers = get.headers().clone();
        let get_body = get.bytes().await.unwrap_or_default();
        let mut head = app.client.head(app.url(path));
        if let Some(t) = token {
            head = head.bearer_auth(t);
        }
        let head = head.send().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(head.status(), 200, "{path}");
        assert_eq!(
            head.headers().get("content-type"),
            get_headers.get("content-type"),
            "{path}"
        );
        assert_eq!(
            header(&head, "content-length"),
            Some(get_body.len().to_string()),
            "{path}"
        );
        assert!(head.bytes().await.unwrap_or_default().is_empty(), "{path}");
    }
    // Allow names HEAD wherever it names GET.
    let r = app
        .client
        .delete(app.url("/v1/me/card-orders"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(header(&r, "allow").as_deref(), Some("GET, HEAD, OPTIONS"));
    expect(r, 405).await;
}

#[tokio::test]
async fn browser_apps_from_configured_origins_may_call() {
    const PORTAL: &str = "https://portal.example.se";
    let app = TestApp::spawn_with(|s| s.cors_allowed_origins = vec![PORTAL.into()]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(
                reqwest::Method::OPTIONS,
                app.url("/v1/me/card-orders/x/accept"),
            )
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "authorization, content-type, if-match, idempotency-key",
            )
            .send()
    };
    let r = preflight(PORTAL).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(r.status().is_success(), "{}", r.status());
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(PORTAL)
    );
    let allowed = header(&r, "access-control-allow-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in ["authorization", "if-match", "idempotency-key"] {
        assert!(allowed.contains(h), "{allowed}");
    }
    // An actual request exposes the headers a client needs to read.
    let r = app
        .client
        .get(app.url("/health/live"))
        .header("Origin", PORTAL)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        header(&r, "access-control-allow-origin").as_deref(),
        Some(PORTAL)
    );
    let exposed = header(&r, "access-control-expose-headers")
        .unwrap_or_default()
        .to_ascii_lowercase();
    for h in ["etag", "x-request-id", "idempotent-replayed", "retry-after"] {
        assert!(exposed.contains(h), "{exposed}");
    }
    // Another origin gets no CORS headers (the browser keeps the answer from its page).
    let r = app
        .client
        .get(app.url("/health/live"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn no_origin_is_allowed_by_default() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(app.url("/health/live"))
        .header("Origin", "https://portal.example.se")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "access-control-allow-origin"), None);
}

#[tokio::test]
async fn swagger_ui_talks_only_to_this_server() {
    let app = TestApp::spawn().await;
    let r = app.get("/swagger-ui/", None).await;
    let csp = header(&r, "content-security-policy").unwrap_or_default();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe"),
        "{csp}"
    );
    let init = app.get("/swagger-ui/swagger-initializer.js", None).await;
    let js = init.text().await.unwrap_or_default();
    assert!(js.contains("\"validatorUrl\": \"none\""), "{js}");
    assert!(
        js.contains("\"/api-docs/openapi.json\""),
        "the page loads the contract: {js}"
    );
    assert!(!js.contains("validator.swagger.io"));
    // The API's own answers load nothing.
    let r = app.get("/health/live", None).await;
    assert_eq!(
        header(&r, "content-security-policy").as_deref(),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
}

/// A path of the contract with an extra slash is no path of the contract: 404, not 405.
#[tokio::test]
async fn a_doubled_slash_is_not_the_path() {
    let app = TestApp::spawn().await;
    let asa = app.sign_in(ASA_EMAIL).await;
    for path in ["//v1/me", "/v1//me", "//health/live"] {
        let r = app.get(path, Some(&asa.access_token)).await;
        assert_eq!(r.status(), 404, "{path}");
        assert!(r.headers().get("allow").is_none(), "{path}");
    }
    assert_eq!(
        app.get("/v1/me", Some(&asa.access_token)).await.status(),
        200
    );
}
