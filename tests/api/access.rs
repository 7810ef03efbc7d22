//! Access control as a table: every secured operation of the contract × every kind of caller.
//! Operations are read from the served contract and called with the demo's real ids and the
//! schema's example bodies; the expected answer comes from one function of (operation, caller):
//!
//! - company operations (`/v1/companies/{company_id}...`): the company's administrator may do
//!   all; its orderer all but managing members (403); its integrator (HR system) what an
//!   orderer may, within its token's scopes (403 beyond them); everyone else — another
//!   company's administrator or integrator, a cardholder, the identity verifier — gets 404;
//! - operator operations (creating companies, machine clients): operators only (403 for other
//!   people); machine tokens are not people's (401);
//! - a person's own operations (`/v1/me...`): a machine token is refused as invalid (401);
//! - identity verifications: the identity verifier's client only (403 for everyone else);
//! - production: the card producer's client only (403 for everyone else); the producer is
//!   nobody in a company (404) and has no cards of its own (401);
//! - a company's cards need `cards:read` / `cards:write` of an integrator;
//! - without a token, every secured operation is 401.

use id06_tests::{
    expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID, INTEGRATOR_ID, INTEGRATOR_SECRET,
    INVITATION_ID, ORDERER_EMAIL, ORDER_MATCHING, ORDER_MISSPELLED, OTHER_ADMIN_EMAIL,
    OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, PRODUCER_ID, PRODUCER_SECRET, VERIFIER_ID,
    VERIFIER_SECRET, VISITOR_ORDER_ID,
};
use reqwest::Method;
use serde_json::{json, Value};

/// The orderer's own membership (the demo's second member).
const ORDERER_MEMBER: &str = "mem_de0000000000000000000002";

struct Operation {
    method: Method,
    template: String,
    path: String,
    content_type: Option<String>,
    body: Option<Value>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Admin,
    Orderer,
    OtherAdmin,
    Cardholder,
    Operator,
    Integrator,
    IntegratorReadOnly,
    OtherIntegrator,
    Verifier,
    Producer,
    Anonymous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    /// Anything but 401, 403 and 404: the caller got past access control.
    Allowed,
    Forbidden,
    NotFound,
    Unauthenticated,
    /// Not this table's concern (a person's own resources, tested elsewhere).
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    CompanyView,
    CompanyOrder,
    CompanyMembers,
    OperatorOnly,
    PersonOwn,
    VerifierOnly,
    ProducerOnly,
}

fn kind(op: &Operation) -> Option<Kind> {
    let t = op.template.as_str();
    if t.starts_with("/v1/companies/{company_id}") {
        Some(if t.contains("/members") && op.method != Method::GET {
            Kind::CompanyMembers
        } else if op.method == Method::GET {
            Kind::CompanyView
        } else {
            Kind::CompanyOrder
        })
    } else if t == "/v1/companies"
        || t.starts_with("/v1/accounts/{account_id}")
        || t.starts_with("/v1/api-clients")
        || t.starts_with("/v1/security-events")
    {
        Some(Kind::OperatorOnly)
    } else if t.starts_with("/v1/identity-verifications") {
        Some(Kind::VerifierOnly)
    } else if t.starts_with("/v1/production") {
        Some(Kind::ProducerOnly)
    } else if t.starts_with("/v1/me") || t == "/v1/auth/logout" {
        Some(Kind::PersonOwn)
    } else {
        None
    }
}

fn expected(kind: Kind, op: &Operation, caller: Caller) -> Answer {
    use Answer::*;
    use Caller::*;
    if caller == Anonymous {
        return Unauthenticated;
    }
    let machine = matches!(
        caller,
        Integrator | IntegratorReadOnly | OtherIntegrator | Verifier | Producer
    );
    match kind {
        // The visitor order has no portrait (404 even for the producer).
        Kind::ProducerOnly if caller == Producer && op.template.ends_with("/portrait") => Any,
        Kind::ProducerOnly if caller == Producer => Allowed,
        Kind::ProducerOnly => Forbidden,
        // The one check id the table has is made up: the verifier is let through to a 404.
        Kind::VerifierOnly if caller == Verifier && op.template.contains("{check_id}") => Any,
        Kind::VerifierOnly if caller == Verifier => Allowed,
        Kind::VerifierOnly => Forbidden,
        Kind::PersonOwn if machine => Unauthenticated,
        Kind::PersonOwn => Any,
        Kind::OperatorOnly if machine => Unauthenticated,
        // The table's account id is made up: the operator is let through to a 404.
        Kind::OperatorOnly if caller == Operator && op.template.contains("{account_id}") => Any,
        Kind::OperatorOnly if caller == Operator => Allowed,
        Kind::OperatorOnly => Forbidden,
        _ => match caller {
            // The table's delivery id is made up: those let through get a 404.
            Admin | Integrator if op.template.contains("{delivery_id}") => Any,
            Admin => Allowed,
            Orderer | Integrator if kind == Kind::CompanyMembers => Forbidden,
            // Webhooks are for administrators (and integrators with the scopes).
            Orderer if op.template.contains("/webhook-endpoints") => Forbidden,
            IntegratorReadOnly if op.template.contains("/webhook-endpoints") => Forbidden,
            Orderer | Integrator => Allowed,
            // Its token has `orders:read` only: cards need `cards:read`.
            IntegratorReadOnly if op.template.contains("/cards") => Forbidden,
            IntegratorReadOnly if kind == Kind::CompanyView => Allowed,
            IntegratorReadOnly => Forbidden,
            // Operators see any company itself, nothing inside it.
            Operator
                if op.template == "/v1/companies/{company_id}" && kind == Kind::CompanyView =>
            {
                Allowed
            }
            _ => NotFound,
        },
    }
}

fn operations(spec: &Value, client_id: &str, import_id: &str) -> Vec<Operation> {
    let mut out = Vec::new();
    let paths = spec["paths"].as_object().cloned().unwrap_or_default();
    for (template, item) in paths {
        let order = if template.contains("visitor-card-orders") || template.contains("/production")
        {
            VISITOR_ORDER_ID
        } else {
            ORDER_MISSPELLED
        };
        let path = template
            .replace("{company_id}", COMPANY_ID)
            .replace("{order_id}", order)
            .replace("{member_id}", ORDERER_MEMBER)
            .replace("{invitation_id}", INVITATION_ID)
            .replace("{client_id}", client_id)
            .replace("{import_id}", import_id)
            .replace("{session_id}", "ses_000000000000000000000000")
            // No such account: an operator's erasure answers 404 and erases nobody.
            .replace("{account_id}", "acc_000000000000000000000000")
            .replace("{card_id}", id06_tests::CARD_ID)
            .replace("{endpoint_id}", id06_tests::WEBHOOK_ENDPOINT_ID)
            .replace("{delivery_id}", "whd_000000000000000000000000")
            .replace("{attempt_id}", "bid_000000000000000000000000");
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            if op["security"].as_array().is_none_or(|s| s.is_empty()) {
                continue;
            }
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

async fn call(app: &TestApp, op: &Operation, token: Option<&str>) -> u16 {
    let mut r = app
        .client
        .request(op.method.clone(), app.url(&op.path))
        .header("If-Match", "*");
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let (Some(ct), Some(body)) = (&op.content_type, &op.body) {
        // A file's example is its text; a JSON body's is its document.
        let body = body
            .as_str()
            .map_or_else(|| body.to_string(), str::to_owned);
        r = r.header("Content-Type", ct).body(body);
    }
    r.send()
        .await
        .unwrap_or_else(|e| panic!("{} {}: {e}", op.method, op.path))
        .status()
        .as_u16()
}

fn matches(answer: Answer, status: u16) -> bool {
    match answer {
        // Let through: whatever the operation then says of the request — never a refusal of
        // the caller, and never a server error.
        Answer::Allowed => status < 500 && ![401, 403, 404].contains(&status),
        Answer::Forbidden => status == 403,
        Answer::NotFound => status == 404,
        Answer::Unauthenticated => status == 401,
        Answer::Any => true,
    }
}

#[tokio::test]
async fn every_secured_operation_answers_every_kind_of_caller_as_the_table_says() {
    let app = TestApp::spawn().await;
    let operator = app.operator("ops@example.se").await;
    // A client of its own for the client-management operations (one of them revokes it).
    let scratch = expect(
        app.post(
            "/v1/api-clients",
            Some(&operator.access_token),
            Some(json!({"name": "Scratch", "role": "identity_verifier"})),
        )
        .await,
        201,
    )
    .await;
    let scratch_id = scratch["client"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let spec = expect(app.get("/api-docs/openapi.json", None).await, 200).await;
    let import_id = an_import(&app).await;
    let mut ops: Vec<(Operation, Kind)> = operations(&spec, &scratch_id, &import_id)
        .into_iter()
        .filter_map(|op| kind(&op).map(|k| (op, k)))
        .collect();
    // Removals last, so each caller's other calls still find what they name.
    ops.sort_by_key(|(op, _)| op.method == Method::DELETE);
    let companies = ops
        .iter()
        .filter(|(_, k)| {
            matches!(
                k,
                Kind::CompanyView | Kind::CompanyOrder | Kind::CompanyMembers
            )
        })
        .count();
    assert!(companies >= 20, "only {companies} company operations found");
    for (op, _) in &ops {
        assert!(
            op.content_type.is_none()
                || op
                    .body
                    .as_ref()
                    .is_some_and(|b| b.is_object() || b.is_string()),
            "{} {} has no example body",
            op.method,
            op.template
        );
    }

    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let other_admin = app.sign_in(OTHER_ADMIN_EMAIL).await.access_token;
    let cardholder = app.sign_in(ASA_EMAIL).await.access_token;
    let integrator = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let read_only = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, Some("orders:read"))
        .await;
    let other_integrator = app
        .client_token(OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET, None)
        .await;
    let verifier = app.client_token(VERIFIER_ID, VERIFIER_SECRET, None).await;
    let producer = app.client_token(PRODUCER_ID, PRODUCER_SECRET, None).await;
    // The administrator goes last: what it may do changes the company (removing the orderer).
    let callers = [
        (Caller::Anonymous, None),
        (Caller::OtherAdmin, Some(other_admin.as_str())),
        (Caller::Cardholder, Some(cardholder.as_str())),
        (Caller::OtherIntegrator, Some(other_integrator.as_str())),
        (Caller::Verifier, Some(verifier.as_str())),
        (Caller::Producer, Some(producer.as_str())),
        (Caller::IntegratorReadOnly, Some(read_only.as_str())),
        (Caller::Integrator, Some(integrator.as_str())),
        (Caller::Orderer, Some(orderer.as_str())),
        (Caller::Operator, Some(operator.access_token.as_str())),
        (Caller::Admin, Some(admin.as_str())),
    ];
    let mut failures = Vec::new();
    let mut checked = 0;
    for (caller, token) in callers {
        for (op, kind) in &ops {
            // A person's own sign-out would end the session the rest of the table uses.
            if *kind == Kind::PersonOwn
                && token.is_some()
                && !matches!(
                    caller,
                    Caller::Integrator
                        | Caller::IntegratorReadOnly
                        | Caller::OtherIntegrator
                        | Caller::Verifier
                        | Caller::Producer
                )
            {
                continue;
            }
            // The integrator may remove the endpoint; the administrator (last) does it instead,
            // so the calls of everyone in between still find it.
            if caller == Caller::Integrator
                && op.method == Method::DELETE
                && op.template.contains("{endpoint_id}")
            {
                continue;
            }
            let want = expected(*kind, op, caller);
            let status = call(&app, op, token).await;
            checked += 1;
            if !matches(want, status) {
                failures.push(format!(
                    "{caller:?}: {} {} answered {status}, expected {want:?}",
                    op.method, op.template
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 300, "only {checked} cells");
}

/// A row of the table for BankID: another person completes my approval (scans my QR code).
/// Whatever my account and order are, it is refused with its own reason, nothing is attached to
/// my account, and that person's BankID signs nobody in.
#[tokio::test]
async fn another_person_completing_my_bankid_attempt_is_refused_in_every_situation() {
    use crate::bankid_flows::{approve_to_the_end, bankid_sign_in, new_cardholder, script, sven};
    let (app, double) = TestApp::spawn_with_bankid(|_| {}).await;
    let asa = app.sign_in(ASA_EMAIL).await.access_token;
    let (bound_order, bound) =
        new_cardholder(&app, "row-bound@example.se", Some("19811218-9876")).await;
    let (free_order, free) = new_cardholder(&app, "row-free@example.se", None).await;
    // An order with a number reaches BankID bound to it: the double answers for that number.
    let mut other = sven();
    other["personalNumber"] = json!("198112189876");
    script(&double, other).await;
    let rows = [
        (
            "an account verified by passport, an order without a number",
            ORDER_MATCHING.to_owned(),
            asa,
            "account_person_mismatch",
        ),
        (
            "an unverified account, an order with a number",
            bound_order,
            bound.access_token,
            "personal_number_mismatch",
        ),
        (
            "an unverified account, an order without a number",
            free_order,
            free.access_token,
            "order_person_mismatch",
        ),
    ];
    for (situation, order, token, refusal) in rows {
        let before = expect(app.get("/v1/me", Some(&token)).await, 200).await;
        if refusal != "personal_number_mismatch" {
            script(&double, sven()).await;
        }
        let done = approve_to_the_end(&app, &order, &token).await;
        assert_eq!(done["status"], "failed", "{situation}: {done}");
        assert_eq!(done["failure_code"], refusal, "{situation}: {done}");
        let after = expect(app.get("/v1/me", Some(&token)).await, 200).await;
        assert_eq!(
            after["verified_identity"], before["verified_identity"],
            "{situation}: nothing attached"
        );
    }
    script(&double, sven()).await;
    let signed = bankid_sign_in(&app).await;
    assert_eq!(signed["identification"]["failure_code"], "no_account");
    assert_eq!(signed["tokens"], serde_json::Value::Null);
}

/// An import of the demo company (one row), for the operations that name one.
async fn an_import(app: &TestApp) -> String {
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let r = app
        .client
        .post(app.url(&format!("/v1/companies/{COMPANY_ID}/card-order-imports")))
        .bearer_auth(&admin)
        .header("Content-Type", "text/csv")
        .body("Förnamn;Efternamn;Födelsedatum;Nationalitet;E-post;Mobil;Giltig till\nPer;Ek;1970-01-01;NO;per.ek@example.se;070-445 07 20;2027-01-01\n")
        .send()
        .await
        .unwrap_or_else(|e| panic!("import: {e}"));
    expect(r, 202).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}
