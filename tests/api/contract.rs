use id06_tests::{expect, TestApp, ASA_EMAIL};
use serde_json::Value;

/// The server serves the committed file (built into the binary), so the file must be what the
/// code generates: the handlers' annotations and the rules added to them.
#[test]
fn the_committed_contract_is_the_one_the_code_generates() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or(Value::Null);
    assert!(
        api::http::contract::spec() == committed,
        "openapi/openapi.json is out of date: run `make openapi` and commit it"
    );
}

#[tokio::test]
async fn the_served_contract_is_the_committed_one() {
    let app = TestApp::spawn().await;
    let served = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let committed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
            .unwrap_or(Value::Null);
    assert!(
        served == committed,
        "openapi/openapi.json is out of date: run `make openapi` and commit it"
    );
    assert_eq!(served["openapi"], "3.1.0");
    // Every event the service sends is typed, with its signature header.
    let hooks = served["webhooks"].as_object().cloned().unwrap_or_default();
    assert_eq!(hooks.len(), 19, "one entry per event type, ping included");
    for (name, item) in hooks {
        let params = item["post"]["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert!(
            params.iter().any(|p| p["name"] == "ID06-Signature"),
            "{name}"
        );
        assert!(item["post"]["requestBody"]["content"]["application/json"]["schema"].is_object());
    }
}

#[tokio::test]
async fn swagger_ui_and_health_are_served() {
    let app = TestApp::spawn().await;
    let r = app.get("/swagger-ui/", None).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap_or_default().contains("swagger"));
    expect(app.get("/health/live", None).await, 200).await;
    let ready = expect(app.get("/health/ready", None).await, 200).await;
    assert_eq!(ready["status"], "ok");
}

fn assert_problem(p: &Value, status: u16, code: &str) {
    assert_eq!(p["status"], status, "{p}");
    assert_eq!(p["code"], code, "{p}");
    assert_eq!(p["type"], format!("urn:id06:problem:{code}"), "{p}");
    assert!(p["title"].is_string() && p["detail"].is_string(), "{p}");
    assert!(
        p["instance"]
            .as_str()
            .is_some_and(|i| i.starts_with("urn:id06:request:")),
        "{p}"
    );
}

#[tokio::test]
async fn every_error_has_the_problem_shape() {
    let app = TestApp::spawn().await;
    let c = &app.client;
    let p = expect(app.get("/v1/nothing-here", None).await, 404).await;
    assert_problem(&p, 404, "not_found");

    let r = c
        .delete(app.url("/v1/me/contact-details"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.headers().get("allow").and_then(|v| v.to_str().ok()),
        Some("PUT, PATCH, OPTIONS")
    );
    assert_problem(&expect(r, 405).await, 405, "method_not_allowed");

    let r = c
        .post(app.url("/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("email=x")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_problem(&expect(r, 415).await, 415, "unsupported_media_type");

    let r = c
        .post(app.url("/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_problem(&expect(r, 400).await, 400, "malformed_json");

    let r = c
        .post(app.url("/v1/auth/login"))
        .header("content-type", "application/json")
        .body(format!("{{\"email\": \"{}\"}}", "a".repeat(70_000)))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_problem(&expect(r, 413).await, 413, "payload_too_large");

    let r = app
        .post(
            "/v1/auth/login",
            None,
            Some(serde_json::json!({"email": "a@b.se", "password": "x", "role": "admin"})),
        )
        .await;
    let p = expect(r, 422).await;
    assert_problem(&p, 422, "validation_failed");
    assert_eq!(p["errors"][0]["field"], "role");
    assert_eq!(p["errors"][0]["code"], "unknown_field");

    let r = app
        .post(
            "/v1/auth/login",
            None,
            Some(serde_json::json!({"email": "not an email", "password": "x"})),
        )
        .await;
    assert_eq!(expect(r, 422).await["errors"][0]["field"], "email");

    let s = app.sign_in(ASA_EMAIL).await;
    let r = c
        .put(app.url("/v1/me/contact-details"))
        .bearer_auth(&s.access_token)
        .json(&serde_json::json!({"postal_code": "abc", "country": "SE"}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(expect(r, 422).await["errors"][0]["field"], "postal_code");
}

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let app = TestApp::spawn().await;
    let r = app
        .client
        .get(app.url("/health/live"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        r.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("abc-123")
    );
    let r = app
        .client
        .get(app.url("/health/live"))
        .header("x-request-id", "bad id\twith junk")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(r
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("req_")));
    assert_eq!(
        r.headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
}

/// Every `{order_id}` of the served contract takes the ids the server hands out for that path:
/// card orders (`ord_`) on card-order paths, visitor orders (`vor_`) on visitor-order paths,
/// both on the producer's.
#[tokio::test]
async fn path_parameters_take_the_ids_the_server_hands_out() {
    let app = TestApp::spawn().await;
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        let ids: &[&str] = if path.contains("/visitor-card-orders/") {
            &[id06_tests::VISITOR_ORDER_ID]
        } else if path.starts_with("/v1/production/") {
            &[id06_tests::ORDER_APPROVED, id06_tests::VISITOR_ORDER_ID]
        } else {
            &[id06_tests::ORDER_MATCHING]
        };
        for op in item.as_object().into_iter().flat_map(|o| o.values()) {
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["name"] != "order_id" {
                    continue;
                }
                let pattern = p["schema"]["pattern"].as_str().unwrap_or_default();
                let re = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{path}: {e}"));
                for id in ids {
                    assert!(re.is_match(id), "{path}: {pattern} refuses {id}");
                }
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} order_id parameters");
    // And the server serves a visitor order on the producer's path.
    let producer = app
        .client_token(id06_tests::PRODUCER_ID, id06_tests::PRODUCER_SECRET, None)
        .await;
    let r = app
        .get(
            &format!("/v1/production/orders/{}", id06_tests::VISITOR_ORDER_ID),
            Some(&producer),
        )
        .await;
    assert_eq!(r.status(), 200);
}
