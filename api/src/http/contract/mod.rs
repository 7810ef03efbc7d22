//! The contract, generated from the code: the handlers' annotations, plus the parts every
//! operation shares (security scheme, the statuses any operation can return, response headers),
//! the domain's rules stated as patterns, and links between operations.

mod bounds;
mod committed;
mod examples;
mod formats;
mod headers;
mod links;
mod responses;
mod rules;
mod security;
mod webhooks;

pub use committed::{check_committed, serve, Committed};

use actix_web::App;
use utoipa::openapi::OpenApi as Spec;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use serde_json::{json, Value};

use super::problem::{FieldErrorView, Problem, ProblemCodeSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ID06 card-order service",
        description = include_str!("intro.md"),
        license(name = "MIT", identifier = "MIT"),
        contact(name = "ID06 card-order service team")
    ),
    tags(
        (name = "auth", description = "Sign in with password and SMS code; tokens."),
        (name = "cardholder", description = "The signed-in person: profile, contact details, card orders."),
        (name = "accounts", description = "Creating an account from an emailed single-use link."),
        (name = "companies", description = "Companies and their members: operators create companies; administrators manage members."),
        (name = "company card orders", description = "A company's card orders: place, follow, correct, submit, cancel."),
        (name = "card order imports", description = "Ordering cards for a whole crew from a spreadsheet (CSV or XLSX): a report of every row, an import job, the report and a template to download."),
        (name = "visitor card orders", description = "Visitor cards: no personal data, no cardholder approval."),
        (name = "cards", description = "The cardholder's cards: list, activate with the number printed on the card, see the PIN."),
        (name = "company cards", description = "A company's cards: list, read with the audit trail, block, unblock, terminate."),
        (name = "production", description = "The card producer: the queue of approved orders, what to print, and production, shipping and delivery."),
        (name = "webhooks", description = "Webhooks for HR systems: endpoints that receive signed events of orders, production, cards and invitations, and their deliveries."),
        (name = "invitations", description = "Inviting a cardholder to enter personal data; the invitee answers with the link's token."),
        (name = "identity verifications", description = "The passport / national ID route: the identity-verification partner registers document checks; a green check becomes the person's verified identity."),
        (name = "security events", description = "The security audit log, for operators."),
        (name = "personal data", description = "GDPR: a person's copy of their data, who read their identity data, and erasure (by the person, or by an operator for a request received elsewhere)."),
        (name = "machine clients", description = "OAuth2 client credentials for machines (the identity verifier, the card producer, companies' HR systems): the token endpoint, and operators managing clients."),
        (name = "health", description = "Liveness and readiness."),
    ),
    components(schemas(Problem, FieldErrorView, ProblemCodeSchema, crate::http::dto::production::QueueStatus)),
)]
struct ApiDoc;

/// The whole contract, generated from the code: what `make openapi` commits and the server serves.
pub fn spec() -> Value {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(super::routes::configure)
        .split_for_parts();
    let mut v = serde_json::to_value(finish(doc)).unwrap_or(Value::Null);
    responses::problem_bodies(&mut v);
    rules::state_the_rules(&mut v);
    links::add_links(&mut v);
    explain_missing_idempotency_keys(&mut v);
    summaries_without_periods(&mut v);
    nullable_as_any_of(&mut v);
    set(&mut v, "/components/headers", headers::components());
    set(
        &mut v,
        "/components/parameters",
        rules::conditional_parameters(),
    );
    responses::idempotency_statuses(&mut v);
    headers::document(&mut v);
    webhooks::document(&mut v);
    examples::schemas(&mut v);
    examples::problems(&mut v);
    bounds::bound_formats(&mut v);
    formats::restrict(&mut v);
    // These need no body: the body is optional, not a nullable one.
    for op in [
        "/paths/~1v1~1me~1card-orders~1{order_id}~1accept/post",
        "/paths/~1v1~1me~1card-orders~1{order_id}~1bankid/post",
        "/paths/~1v1~1auth~1bankid/post",
    ] {
        set(&mut v, &format!("{op}/requestBody/required"), json!(false));
    }
    set(&mut v, "/servers/0/x-internal", json!(false));
    headers::idempotency_key_once(&mut v);
    v
}

/// A summary is a title (the first line of the handler's doc comment): no closing period.
fn summaries_without_periods(v: &mut Value) {
    for_each_operation(v, |op| {
        if let Some(summary) = op.get("summary").and_then(Value::as_str) {
            let trimmed = summary.trim_end_matches('.').to_owned();
            op["summary"] = json!(trimmed);
        }
    });
}

/// Why a POST that changes state takes no `Idempotency-Key`, in its description.
fn explain_missing_idempotency_keys(v: &mut Value) {
    let reasons = [
        ("/paths/~1v1~1auth~1bankid/post", "The reply carries the attempt's secret, which is never stored in the clear, so it cannot be replayed: after a lost answer, start again (the attempt nobody polls is cancelled after 30 seconds)."),
        ("/paths/~1v1~1auth~1login/post", "Each call is a new sign-in attempt and sends a new code; after a lost answer, simply sign in again (an unused attempt expires)."),
        ("/paths/~1v1~1auth~1login~1verify/post", "A code works once: a retry after a lost answer is refused, and the client signs in again."),
        ("/paths/~1v1~1auth~1login~1resend/post", "Each call sends a new code and cancels the previous one; the cooldown stops accidental repeats."),
        ("/paths/~1v1~1auth~1refresh/post", "A refresh token works once (rotation): a retry with the used token ends the session, by design. Keep the new tokens before retrying anything."),
        ("/paths/~1v1~1auth~1logout/post", "Ending a session is idempotent in effect: after it, the token is refused (401)."),
        ("/paths/~1v1~1invitations~1{token}~1submission/post", "The link works once: a retry after a lost answer is 404 (the invitation was answered); the company then has the draft."),
        ("/paths/~1v1~1me~1password/post", "Repeating it after a lost answer is refused with 422 `wrong_password` (the password already changed): sign in again with the new one if unsure."),
        ("/paths/~1v1~1me~1phone-changes/post", "Each call sends a new code and ends the previous change; the SMS budget stops accidental repeats."),
        ("/paths/~1v1~1me~1phone-changes~1{change_id}~1confirmation/post", "A code works once: a retry after a lost answer is 409 `phone_change_closed`; `GET /v1/me` shows whether the number changed."),
        ("/paths/~1v1~1password-resets/post", "Each call sends a new link and ends the previous ones; the answer is the same whether the email has an account."),
        ("/paths/~1v1~1password-resets~1confirmation/post", "The link works once: a retry after a lost answer is 422 `invalid_link`; sign in with the new password."),
        ("/paths/~1v1~1oauth~1token/post", "Each call issues a new short-lived token; a retry after a lost answer simply gets another."),
        ("/paths/~1v1~1api-clients/post", "A reply carries a secret, which is never stored in the clear, so it cannot be replayed: after a lost answer, list the clients and revoke the one whose secret you never saw."),
        ("/paths/~1v1~1api-clients~1{client_id}~1secret-rotations/post", "A reply carries a secret, which is never stored in the clear, so it cannot be replayed: after a lost answer, rotate again (the secret before is then the one that works through the grace period)."),
        ("/paths/~1v1~1api-clients~1{client_id}~1revoke/post", "Revoking is idempotent in effect: a retry answers 409 `client_revoked`."),
        ("/paths/~1v1~1me~1cards~1{card_id}~1activate/post", "The reply carries the PIN, which is never stored in the clear, so it cannot be replayed: a retry after a lost answer is 409 (the card is active); show the PIN with `POST /v1/me/cards/{card_id}/pin`."),
        ("/paths/~1v1~1me~1cards~1{card_id}~1pin/post", "It changes nothing: repeat it after a lost answer."),
        ("/paths/~1v1~1companies~1{company_id}~1webhook-endpoints~1{endpoint_id}~1secret-rotations/post", "The reply carries the new secret, which cannot be replayed: after a lost answer, rotate again (the secret before keeps signing for 24 hours)."),
        ("/paths/~1v1~1me~1erasure/post", "Erasing is idempotent in effect: a retry after a lost answer is 401 (you were signed out everywhere); the email says what went and what is held."),
        ("/paths/~1v1~1accounts~1{account_id}~1erasure/post", "Erasing is idempotent in effect: a retry after a lost answer erases nothing more and answers what is still held, or 404 once the account is gone."),
        ("/paths/~1v1~1accounts/post", "The link works once: a retry after a lost answer is refused with 409 `account_exists` (the account was made) or 422 `invalid_link`; then sign in."),
    ];
    for (op, reason) in reasons {
        let pointer = format!("{op}/description");
        let text = v
            .pointer(&pointer)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        set(
            v,
            &pointer,
            json!(format!("{text}\n\nNo `Idempotency-Key`: {reason}")),
        );
    }
}

/// `oneOf: [X, null]` becomes `anyOf: [X, null]`: the same set of values, and what code
/// generators read as "an optional X" rather than a union of two types.
fn nullable_as_any_of(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let nullable_pair = o.get("oneOf").and_then(Value::as_array).is_some_and(|a| {
                a.len() == 2 && a.iter().any(|x| x.get("type") == Some(&json!("null")))
            });
            if nullable_pair {
                if let Some(one_of) = o.remove("oneOf") {
                    o.insert("anyOf".into(), one_of);
                }
            }
            o.values_mut().for_each(nullable_as_any_of);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_as_any_of),
        _ => {}
    }
}

/// Calls `f` with every operation of the paths.
fn for_each_operation(v: &mut Value, mut f: impl FnMut(&mut Value)) {
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    paths
        .values_mut()
        .filter_map(Value::as_object_mut)
        .flat_map(|item| item.values_mut())
        .for_each(&mut f);
}

/// Calls `f` with every parameter of every operation.
fn for_each_parameter(v: &mut Value, mut f: impl FnMut(&mut Value)) {
    for_each_operation(v, |op| {
        for param in op
            .get_mut("parameters")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            f(param);
        }
    });
}

/// Sets `value` at a JSON pointer whose parent exists; false (and the unit test fails) otherwise.
fn set(v: &mut Value, pointer: &str, value: Value) -> bool {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return false;
    };
    match v.pointer_mut(parent).and_then(Value::as_object_mut) {
        Some(obj) => {
            obj.insert(key.replace("~1", "/"), value);
            true
        }
        None => false,
    }
}

fn finish(mut spec: Spec) -> Spec {
    spec.info.version = env!("CARGO_PKG_VERSION").to_owned();
    spec.servers = Some(vec![utoipa::openapi::Server::builder()
        .url("/")
        .description(Some(
            "This server: local, staging or production alike (each serves its own contract).",
        ))
        .build()]);
    security::schemes(&mut spec);
    for (path, item) in spec.paths.paths.iter_mut() {
        // Health probes are not counted against any quota.
        let counted = !path.starts_with("/health/");
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            responses::add_shared_responses(op, counted);
        }
    }
    spec
}

#[cfg(test)]
mod tests {
    use super::rules::PATCHED;
    use super::*;
    use crate::http::extract::IF_MATCH_PATTERN;

    #[test]
    fn every_operation_has_an_id_a_tag_and_problem_responses() {
        let spec = spec();
        let paths = spec["paths"].as_object().cloned().unwrap_or_default();
        assert!(!paths.is_empty());
        for (path, item) in paths {
            for (method, op) in item.as_object().cloned().unwrap_or_default() {
                assert!(op["operationId"].is_string(), "{method} {path}");
                assert!(
                    op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                    "{method} {path}"
                );
                let responses = op["responses"].as_object().cloned().unwrap_or_default();
                assert!(
                    responses.contains_key("503") && responses.contains_key("406"),
                    "{method} {path}"
                );
                assert!(
                    responses.keys().any(|k| k.starts_with('2')),
                    "{method} {path}"
                );
                assert!(op["security"].is_array(), "{method} {path}");
            }
        }
    }

    #[test]
    fn every_string_array_and_integer_is_bounded() {
        let mut out = Vec::new();
        bounds::unbounded(&spec(), "", &mut out);
        // The entity-tag headers: bounded by the header size limit (see conditional_parameters).
        out.retain(|p| !p.starts_with("/components/parameters/If"));
        assert!(out.is_empty(), "unbounded: {out:#?}");
    }

    #[test]
    fn response_headers_are_documented() {
        let spec = spec();
        let paths = spec["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            for (method, op) in item.as_object().cloned().unwrap_or_default() {
                let has_key = op["parameters"].as_array().is_some_and(|ps| {
                    ps.iter()
                        .any(|p| p["$ref"] == "#/components/parameters/IdempotencyKey")
                });
                if method == "post" && !has_key {
                    assert!(
                        op["description"]
                            .as_str()
                            .is_some_and(|d| d.contains("No `Idempotency-Key`")),
                        "{method} {path} says why it has no Idempotency-Key"
                    );
                }
                for (status, r) in op["responses"].as_object().cloned().unwrap_or_default() {
                    let h = &r["headers"];
                    assert!(h.get("X-Request-Id").is_some(), "{method} {path} {status}");
                    let needs = match status.as_str() {
                        "401" => Some("WWW-Authenticate"),
                        "429" | "503" => Some("Retry-After"),
                        s if s.starts_with('2') && has_key => Some("Idempotent-Replayed"),
                        _ => None,
                    };
                    if let Some(name) = needs {
                        assert!(h.get(name).is_some(), "{method} {path} {status} {name}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_format_landed() {
        let spec = spec();
        for pointer in formats::pointers() {
            assert!(spec.pointer(&pointer).is_some(), "{pointer}");
        }
    }

    #[test]
    fn every_problem_response_has_an_example() {
        let spec = spec();
        for (path, item) in spec["paths"].as_object().cloned().unwrap_or_default() {
            for (method, op) in item.as_object().cloned().unwrap_or_default() {
                for (status, r) in op["responses"].as_object().cloned().unwrap_or_default() {
                    if let Some(media) = r.pointer("/content/application~1problem+json") {
                        assert_eq!(
                            media["example"]["status"].as_u64().map(|s| s.to_string()),
                            Some(status.clone()),
                            "{method} {path} {status}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_problem_code_is_in_the_contract() {
        let spec = spec();
        let listed = spec
            .pointer("/components/schemas/ProblemCode/enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for code in app::ProblemCode::ALL {
            assert!(listed.contains(&json!(code.as_str())), "{code:?}");
        }
    }

    #[test]
    fn every_rule_patch_landed() {
        let spec = spec();
        for pointer in PATCHED {
            assert!(spec.pointer(pointer).is_some(), "{pointer}");
        }
        let text = spec.to_string();
        assert_eq!(
            text.matches(IF_MATCH_PATTERN.replace('"', "\\\"").as_str())
                .count(),
            3,
            "defined once for each shared header: If-Match (optional, required), If-None-Match"
        );
        assert_eq!(
            spec.pointer("/paths/~1v1~1me~1card-orders~1{order_id}/get/responses/200/links")
                .and_then(Value::as_object)
                .map(|o| o.len()),
            Some(3)
        );
    }
}
