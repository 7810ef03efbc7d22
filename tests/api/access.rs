//! Access control over every company operation, driven by the contract itself: each operation
//! under `/v1/companies/{company_id}` is called with the demo company's real ids and a valid
//! example body, by an administrator of another company and by a cardholder (404 for all: not
//! theirs, not probeable), then by the company's orderer (403 only where the role forbids:
//! managing members).

use id06_tests::{
    expect, TestApp, ASA_EMAIL, COMPANY_ID, INVITATION_ID, ORDERER_EMAIL, ORDER_MISSPELLED,
    OTHER_ADMIN_EMAIL, VISITOR_ORDER_ID,
};
use reqwest::Method;
use serde_json::Value;

/// The orderer's own membership (the demo's second member).
const ORDERER_MEMBER: &str = "mem_de0000000000000000000002";

struct Operation {
    method: Method,
    template: String,
    path: String,
    content_type: Option<String>,
    body: Option<Value>,
}

fn operations(spec: &Value) -> Vec<Operation> {
    let mut out = Vec::new();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    for (template, item) in paths {
        if !template.starts_with("/v1/companies/{company_id}") {
            continue;
        }
        let order = if template.contains("visitor-card-orders") {
            VISITOR_ORDER_ID
        } else {
            ORDER_MISSPELLED
        };
        let path = template
            .replace("{company_id}", COMPANY_ID)
            .replace("{order_id}", order)
            .replace("{member_id}", ORDERER_MEMBER)
            .replace("{invitation_id}", INVITATION_ID);
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            let (content_type, body) = match op["requestBody"]["content"]
                .as_object()
                .and_then(|c| c.iter().next())
            {
                Some((ct, media)) => {
                    let name = media["schema"]["$ref"]
                        .as_str()
                        .unwrap_or_default()
                        .rsplit('/')
                        .next()
                        .unwrap_or_default();
                    (
                        Some(ct.clone()),
                        Some(spec["components"]["schemas"][name]["example"].clone()),
                    )
                }
                None => (None, None),
            };
            out.push(Operation {
                method,
                template: template.clone(),
                path: path.clone(),
                content_type,
                body,
            });
        }
    }
    out
}

async fn call(app: &TestApp, op: &Operation, token: &str) -> reqwest::Response {
    let mut r = app
        .client
        .request(op.method.clone(), app.url(&op.path))
        .bearer_auth(token)
        .header("If-Match", "*");
    if let (Some(ct), Some(body)) = (&op.content_type, &op.body) {
        r = r.header("Content-Type", ct).body(body.to_string());
    }
    r.send()
        .await
        .unwrap_or_else(|e| panic!("{} {}: {e}", op.method, op.path))
}

fn manages_members(op: &Operation) -> bool {
    op.template.contains("/members") && op.method != Method::GET
}

#[tokio::test]
async fn every_company_operation_is_closed_to_outsiders_and_role_checked_for_members() {
    let app = TestApp::spawn().await;
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let ops = operations(&spec);
    assert!(
        ops.len() >= 20,
        "only {} company operations found",
        ops.len()
    );
    for op in &ops {
        assert!(
            op.content_type.is_none() || op.body.as_ref().is_some_and(|b| b.is_object()),
            "{} {} has no example body",
            op.method,
            op.template
        );
    }

    let other_admin = app.sign_in(OTHER_ADMIN_EMAIL).await;
    let cardholder = app.sign_in(ASA_EMAIL).await;
    for (who, token) in [
        ("another company's admin", &other_admin.access_token),
        ("a cardholder", &cardholder.access_token),
    ] {
        for op in &ops {
            let r = call(&app, op, token).await;
            assert_eq!(r.status(), 404, "{who}: {} {}", op.method, op.template);
        }
    }

    let orderer = app.sign_in(ORDERER_EMAIL).await;
    for op in &ops {
        let status = call(&app, op, &orderer.access_token)
            .await
            .status()
            .as_u16();
        if manages_members(op) {
            assert_eq!(status, 403, "orderer: {} {}", op.method, op.template);
        } else {
            assert!(
                status != 403 && status != 404,
                "orderer: {} {} answered {status}",
                op.method,
                op.template
            );
        }
    }
}
