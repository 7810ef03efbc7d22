//! The contract, generated from the code: the handlers' annotations, plus the parts every
//! operation shares (security scheme, the statuses any operation can return).

use actix_web::App;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Spec, Ref, RefOr, Response, ResponseBuilder};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use domain::{pattern, CountryCode};
use serde_json::{json, Value};

use super::cursor;
use super::extract::{IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN};
use super::problem::{FieldErrorView, Problem, ProblemCode};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "ID06 card-order service",
        description = "Companies order ID06 cards for their employees; the cardholder signs in with password and SMS code, reviews the order against their verified identity, completes their contact details and accepts or rejects it.\n\nErrors are `application/problem+json` (RFC 9457) with a stable `code`. Lists use cursor pagination. `Idempotency-Key` makes POSTs safe to retry (responses are kept 24 hours).",
        license(name = "MIT", identifier = "MIT"),
        contact(name = "ID06 card-order service team")
    ),
    tags(
        (name = "auth", description = "Sign in with password and SMS code; tokens."),
        (name = "cardholder", description = "The signed-in person: profile, contact details, card orders."),
        (name = "health", description = "Liveness and readiness."),
    ),
    components(schemas(Problem, FieldErrorView, ProblemCode)),
)]
struct ApiDoc;

/// The whole contract, as served and committed.
pub fn spec() -> Value {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(super::routes::configure)
        .split_for_parts();
    let mut v = serde_json::to_value(finish(doc)).unwrap_or(Value::Null);
    state_the_rules(&mut v);
    add_links(&mut v);
    v
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

/// Every place a patch goes; the unit test checks each one landed.
#[cfg(test)]
const PATCHED: &[&str] = &[
    "/components/schemas/ContactDetailsInput/properties/phone/pattern",
    "/components/schemas/ContactDetailsInput/properties/email/pattern",
    "/components/schemas/ContactDetailsInput/properties/address/pattern",
    "/components/schemas/ContactDetailsInput/properties/city/pattern",
    "/components/schemas/ContactDetailsInput/properties/postal_code/pattern",
    "/components/schemas/ContactDetailsInput/properties/country/anyOf",
    "/components/schemas/ContactDetailsPatch/properties/address/pattern",
    "/components/schemas/CountryCode/enum",
    "/components/schemas/ContactDetailsInput/then",
    "/components/schemas/LoginRequest/properties/email/pattern",
    "/components/schemas/RejectRequest/properties/reason/pattern",
];

/// The domain's rules for free-typed values, published as the same patterns the parsers use, so a
/// request the contract allows is never refused for its form, and the other way round.
fn state_the_rules(v: &mut Value) {
    let countries: Vec<Value> = CountryCode::all_alpha2().map(|c| json!(c)).collect();
    set(
        v,
        "/components/schemas/CountryCode",
        json!({"type": "string", "enum": countries, "description": "ISO 3166-1 alpha-2 country code."}),
    );
    for schema in ["ContactDetailsInput", "ContactDetailsPatch"] {
        let props = format!("/components/schemas/{schema}/properties");
        for (field, pattern) in [
            ("phone", pattern::PHONE),
            ("email", pattern::EMAIL),
            ("address", pattern::TEXT.as_str()),
            ("city", pattern::TEXT.as_str()),
            ("postal_code", pattern::POSTAL_CODE),
        ] {
            set(v, &format!("{props}/{field}/pattern"), json!(pattern));
        }
        // One enum, referenced: generators emit one type, not a copy per field.
        set(
            v,
            &format!("{props}/country"),
            json!({"anyOf": [{"$ref": "#/components/schemas/CountryCode"}, {"type": "null"}]}),
        );
    }
    // A Swedish address has a Swedish postal code. (A patch is checked merged with what is
    // stored, which a schema cannot see.)
    set(
        v,
        "/components/schemas/ContactDetailsInput/if",
        json!({"properties": {"country": {"const": "SE"}}, "required": ["country"], "additionalProperties": true}),
    );
    set(
        v,
        "/components/schemas/ContactDetailsInput/then",
        json!({"properties": {"postal_code": {"pattern": pattern::POSTAL_CODE_SE}}, "additionalProperties": true}),
    );
    set(
        v,
        "/components/schemas/LoginRequest/properties/email/pattern",
        json!(pattern::EMAIL),
    );
    set(
        v,
        "/components/schemas/RejectRequest/properties/reason/pattern",
        json!(*pattern::TEXT),
    );
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        for op in item
            .as_object_mut()
            .into_iter()
            .flat_map(|o| o.values_mut())
        {
            for param in op
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                let pattern = match param.get("name").and_then(Value::as_str) {
                    Some("cursor") => cursor::PATTERN,
                    Some("If-Match" | "If-None-Match") => IF_MATCH_PATTERN,
                    Some("Idempotency-Key") => IDEMPOTENCY_KEY_PATTERN,
                    _ => continue,
                };
                set(param, "/schema/pattern", json!(pattern));
                // Optional headers are absent or a string; never `null`.
                set(param, "/schema/type", json!("string"));
            }
        }
    }
}

/// OpenAPI links, so a client (and the fuzzer's stateful phase) can follow an order from the list
/// to its review, and from the review to accept, reject and the audit trail.
fn add_links(v: &mut Value) {
    let link = |op: &str, expr: &str| json!({"operationId": op, "parameters": {"order_id": expr}});
    let links = [
        (
            "/paths/~1v1~1me~1card-orders/get/responses/200/links",
            json!({"GetFirstOrder": link("get_my_card_order", "$response.body#/data/0/id")}),
        ),
        (
            "/paths/~1v1~1me~1card-orders~1{order_id}/get/responses/200/links",
            json!({
                "AcceptOrder": link("accept_my_card_order", "$response.body#/id"),
                "RejectOrder": link("reject_my_card_order", "$response.body#/id"),
                "ListOrderEvents": link("list_my_card_order_events", "$response.body#/id"),
            }),
        ),
        (
            "/paths/~1v1~1me~1card-orders~1{order_id}~1accept/post/responses/200/links",
            json!({"ListOrderEvents": link("list_my_card_order_events", "$response.body#/order/id")}),
        ),
        (
            "/paths/~1v1~1me~1card-orders~1{order_id}~1reject/post/responses/200/links",
            json!({"ListOrderEvents": link("list_my_card_order_events", "$response.body#/id")}),
        ),
    ];
    for (pointer, value) in links {
        set(v, pointer, value);
    }
}

fn problem(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .into()
}

fn finish(mut spec: Spec) -> Spec {
    spec.info.version = env!("CARGO_PKG_VERSION").to_owned();
    spec.servers = Some(vec![utoipa::openapi::Server::builder()
        .url("/")
        .description(Some("This server"))
        .build()]);
    let components = spec.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            Http::builder()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some("An access token from `POST /v1/auth/login/verify`."))
                .build(),
        ),
    );
    for item in spec.paths.paths.values_mut() {
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
            add_shared_responses(op);
        }
    }
    spec
}

/// Statuses any operation may return, added where the operation did not list them itself.
fn add_shared_responses(op: &mut Operation) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    if op.security.is_none() {
        // Public: say so explicitly (`security: []`), so clients and linters need not guess.
        op.security = Some(Vec::new());
    }
    let has_body = op.request_body.is_some();
    let responses = &mut op.responses.responses;
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| problem(description));
    };
    if secured {
        add("401", "No valid access token.");
    }
    if has_body {
        add("400", "The body is not valid JSON.");
        add("413", "The body is larger than 64 KiB.");
        add("415", "The body is not `application/json`.");
    }
    add("406", "The `Accept` header rules out JSON.");
    add("500", "An unexpected error; logged with the request id.");
    add(
        "503",
        "The database is unavailable; retry after `Retry-After` seconds.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_rule_patch_landed() {
        let spec = spec();
        for pointer in PATCHED {
            assert!(spec.pointer(pointer).is_some(), "{pointer}");
        }
        let text = spec.to_string();
        assert_eq!(
            text.matches(IF_MATCH_PATTERN.replace('"', "\\\"").as_str())
                .count(),
            3
        );
        assert_eq!(
            spec.pointer("/paths/~1v1~1me~1card-orders~1{order_id}/get/responses/200/links")
                .and_then(Value::as_object)
                .map(|o| o.len()),
            Some(3)
        );
    }
}
