//! The domain's rules stated in the contract: patterns of the values the parsers accept, the
//! Swedish postal-code rule, and the shared conditional-request parameters.

use domain::{pattern, CountryCode};
use serde_json::{json, Value};

use super::{for_each_parameter, set};
use crate::http::cursor;
use crate::http::extract::{IDEMPOTENCY_KEY_PATTERN, IF_MATCH_PATTERN};

/// Every place a patch goes; the unit test checks each one landed.
#[cfg(test)]
pub const PATCHED: &[&str] = &[
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
    "/components/schemas/CreateCompanyRequest/properties/org_number/pattern",
    "/components/schemas/CreateCompanyRequest/properties/admin_email/pattern",
    "/components/schemas/AddressRequest/properties/street/pattern",
    "/components/schemas/AddressRequest/properties/country",
    "/components/schemas/AddressRequest/then",
    "/components/schemas/InviteMemberRequest/properties/email/pattern",
    "/components/schemas/CreateAccountRequest/properties/phone/pattern",
    "/components/schemas/CreateAccountRequest/properties/token/pattern",
    "/components/schemas/PlaceOrderRequest/properties/personal_identity_number/pattern",
    "/components/schemas/PlaceOrderRequest/properties/nationality",
    "/components/schemas/OrderPatchRequest/properties/date_of_birth/pattern",
    "/components/schemas/CancelRequest/properties/reason/pattern",
    "/components/schemas/OperatorErasureRequest/properties/reason/pattern",
    "/components/schemas/CardChangeRequest/properties/reason/pattern",
    "/components/schemas/ShipRequest/properties/carrier/pattern",
    "/components/schemas/CardNumberRequest/properties/card_number/pattern",
];

/// A calendar date as the parsers read it (the day is checked by the parser).
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
/// A Swedish personal identity or coordination number, 10 or 12 digits, `-` or `+` before the last four.
const PERSONAL_NUMBER: &str = "^(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}$";

/// Organisation number as the parser reads it: `NNNNNN-NNNN`, ten digits, or either with `16`.
const ORG_NUMBER: &str = r"^(?:16)?[0-9]{6}-?[0-9]{4}$";

/// (schema, property, pattern) of request fields the domain parses.
fn request_patterns() -> Vec<(&'static str, &'static str, String)> {
    let text = pattern::TEXT.to_string();
    vec![
        ("CreateCompanyRequest", "name", text.clone()),
        ("CreateCompanyRequest", "org_number", ORG_NUMBER.into()),
        ("CreateCompanyRequest", "admin_email", pattern::EMAIL.into()),
        ("AddressRequest", "name", text.clone()),
        ("AddressRequest", "street", text.clone()),
        ("AddressRequest", "city", text.clone()),
        ("AddressRequest", "postal_code", pattern::POSTAL_CODE.into()),
        ("InviteMemberRequest", "email", pattern::EMAIL.into()),
        ("CreateAccountRequest", "phone", pattern::PHONE.into()),
        ("CreateAccountRequest", "token", "^[!-~]+$".into()),
        ("PhoneChangeRequest", "phone", pattern::PHONE.into()),
        ("PasswordResetRequest", "email", pattern::EMAIL.into()),
        ("PasswordResetConfirmation", "token", "^[!-~]+$".into()),
    ]
    .into_iter()
    .chain(
        [
            "PlaceOrderRequest",
            "OrderPatchRequest",
            "SubmissionRequest",
        ]
        .into_iter()
        .flat_map(|schema| {
            [
                (schema, "date_of_birth", DATE.to_owned()),
                (
                    schema,
                    "personal_identity_number",
                    PERSONAL_NUMBER.to_owned(),
                ),
                (schema, "name_to_print", pattern::TEXT.to_string()),
            ]
        }),
    )
    .chain([
        (
            "PlaceOrderRequest",
            "cardholder_email",
            pattern::EMAIL.to_owned(),
        ),
        (
            "PlaceOrderRequest",
            "cardholder_phone",
            pattern::PHONE.to_owned(),
        ),
        ("CancelRequest", "reason", pattern::TEXT.to_string()),
        (
            "OperatorErasureRequest",
            "reason",
            pattern::TEXT.to_string(),
        ),
        ("CardChangeRequest", "reason", pattern::TEXT.to_string()),
        ("RefuseRequest", "reason", pattern::TEXT.to_string()),
        (
            "CreateWebhookEndpointRequest",
            "description",
            pattern::TEXT.to_string(),
        ),
        (
            "WebhookEndpointPatch",
            "description",
            pattern::TEXT.to_string(),
        ),
        ("ShipRequest", "carrier", pattern::TEXT.to_string()),
        ("ShipRequest", "tracking_number", pattern::TEXT.to_string()),
        (
            "CardNumberRequest",
            "card_number",
            "^[ ]*[A-Za-z]{2}[- ]?[0-9]{4}[- ]?[0-9]{6}[ ]*$".to_owned(),
        ),
        ("InvitationRequest", "email", pattern::EMAIL.to_owned()),
        ("SubmissionRequest", "phone", pattern::PHONE.to_owned()),
    ])
    .collect()
}

/// The domain's rules for free-typed values, published as the same patterns the parsers use, so a
/// request the contract allows is never refused for its form, and the other way round.
pub fn state_the_rules(v: &mut Value) {
    // Each event type once (utoipa has no attribute for it).
    for schema in ["CreateWebhookEndpointRequest", "WebhookEndpointPatch"] {
        set(
            v,
            &format!("/components/schemas/{schema}/properties/event_types/uniqueItems"),
            json!(true),
        );
    }
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
    for (schema, field, re) in request_patterns() {
        set(
            v,
            &format!("/components/schemas/{schema}/properties/{field}/pattern"),
            json!(re),
        );
    }
    set(
        v,
        "/components/schemas/AddressRequest/properties/country",
        json!({"$ref": "#/components/schemas/CountryCode"}),
    );
    set(
        v,
        "/components/schemas/PlaceOrderRequest/properties/nationality",
        json!({"$ref": "#/components/schemas/CountryCode"}),
    );
    set(
        v,
        "/components/schemas/SubmissionRequest/properties/nationality",
        json!({"$ref": "#/components/schemas/CountryCode"}),
    );
    set(
        v,
        "/components/schemas/OrderPatchRequest/properties/nationality",
        json!({"$ref": "#/components/schemas/CountryCode"}),
    );
    set(
        v,
        "/components/schemas/AddressRequest/if",
        json!({"properties": {"country": {"const": "SE"}}, "required": ["country"], "additionalProperties": true}),
    );
    set(
        v,
        "/components/schemas/AddressRequest/then",
        json!({"properties": {"postal_code": {"pattern": pattern::POSTAL_CODE_SE}}, "additionalProperties": true}),
    );
    for_each_parameter(v, |param| {
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let required = param.get("required") == Some(&json!(true));
        if let Some(shared) = conditional_header(name, required) {
            // One definition of the entity-tag headers, referenced with this operation's own
            // description (OpenAPI 3.1 lets a reference carry one).
            let description = param.get("description").cloned().unwrap_or(Value::Null);
            *param = json!({"$ref": format!("#/components/parameters/{shared}"), "description": description});
            return;
        }
        let pattern = match name {
            // A cursor that names its row's whole id (a list over two kinds) states its own.
            "cursor" if param.pointer("/schema/pattern").is_some() => return,
            "cursor" => cursor::PATTERN,
            "Idempotency-Key" => IDEMPOTENCY_KEY_PATTERN,
            // An invitation's token (URL-safe base64 after its prefix).
            "token" => "^[A-Za-z0-9_-]+$",
            _ => return,
        };
        set(param, "/schema/pattern", json!(pattern));
        // Optional headers are absent or a string; never `null`.
        set(param, "/schema/type", json!("string"));
    });
}

/// The shared definition of a conditional-request header, by its name (and whether the
/// operation requires it: a reference cannot change `required`).
fn conditional_header(name: &str, required: bool) -> Option<&'static str> {
    match (name, required) {
        ("If-Match", false) => Some("IfMatch"),
        ("If-Match", true) => Some("IfMatchRequired"),
        ("If-None-Match", _) => Some("IfNoneMatch"),
        _ => None,
    }
}

/// `If-Match` and `If-None-Match`: `*` or a list of entity tags; empty is the same as absent.
/// Their length is bounded by the server's header size limit, not here (see .spectral.yaml).
pub fn conditional_parameters() -> Value {
    let schema = json!({"type": "string", "pattern": IF_MATCH_PATTERN});
    json!({
        "IfMatch": {"name": "If-Match", "in": "header", "required": false, "description": "Entity tags; the request is refused with 412 unless one is current.", "schema": schema},
        "IfMatchRequired": {"name": "If-Match", "in": "header", "required": true, "description": "Entity tags; required (428 without), and the request is refused with 412 unless one is current.", "schema": {"type": "string", "pattern": IF_MATCH_PATTERN, "minLength": 1}},
        "IfNoneMatch": {"name": "If-None-Match", "in": "header", "required": false, "description": "Entity tags; 304 when one is current.", "schema": schema},
    })
}
