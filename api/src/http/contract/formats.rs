//! Restricted string formats: every string the API sends or takes has a pattern or an enum, so
//! clients and contract fuzzers know exactly what to expect. Patterns of values the domain parses
//! come from `domain::pattern`; the others describe what this code writes.

use domain::pattern;
use serde_json::{json, Value};

use crate::http::cursor;

/// Free text as this API writes it: any characters but control characters.
const NO_CONTROL: &str = r"^[^\u0000-\u001f\u007f]*$";
const COUNTRY: &str = "^[A-Z]{2}$";
const E164: &str = r"^\+[1-9][0-9]{6,14}$";
const SNAKE: &str = "^[a-z][a-z0-9_]*$";
const ORG: &str = "^[0-9]{6}-[0-9]{4}$";

fn id(prefix: &str) -> String {
    format!("^{prefix}_[0-9a-f]{{24}}$")
}

/// The `{order_id}` of a path: a visitor order's (`vor_`), either kind on the producer's paths,
/// else a card order's (`ord_`).
fn order_id_pattern(path: &str) -> String {
    if path.contains("/visitor-card-orders/") {
        id("vor")
    } else if path.starts_with("/v1/production/") {
        "^(?:ord|vor)_[0-9a-f]{24}$".into()
    } else {
        id("ord")
    }
}

/// (schema, property, pattern) for every string property without one.
fn properties() -> Vec<(&'static str, &'static str, String)> {
    let text = |s: &'static str, p: &'static str| (s, p, NO_CONTROL.to_owned());
    let pat = |s: &'static str, p: &'static str, re: &str| (s, p, re.to_owned());
    vec![
        pat("AcceptResponse", "message", NO_CONTROL),
        pat("Account", "id", &id("acc")),
        pat("Account", "email", pattern::EMAIL),
        text("Address", "name"),
        text("Address", "street"),
        pat("Address", "postal_code", pattern::POSTAL_CODE),
        text("Address", "city"),
        pat("Address", "country", COUNTRY),
        pat("Company", "id", &id("cmp")),
        text("Company", "name"),
        pat("Company", "org_number", ORG),
        pat("CompanyCardOrder", "id", &id("ord")),
        pat("CompanyCardOrder", "card_type", SNAKE),
        text("CompanyCardOrder", "given_names"),
        text("CompanyCardOrder", "surname"),
        text("CompanyCardOrder", "name_to_print"),
        pat("CompanyCardOrder", "nationality", COUNTRY),
        pat(
            "CompanyCardOrder",
            "personal_identity_number",
            "^[0-9]{8}-[0-9]{4}$",
        ),
        pat("CompanyCardOrder", "cardholder_email", pattern::EMAIL),
        pat("CompanyCardOrder", "cardholder_phone", E164),
        pat("CompanyCardOrder", "verified_nationality", COUNTRY),
        text("CompanyCardOrder", "rejection_reason"),
        pat("CompanyCardOrder", "version", "^[0-9]{1,20}$"),
        pat("CompanyCardOrderPage", "next_cursor", cursor::PATTERN),
        pat("CompanyCardOrderSummary", "id", &id("ord")),
        pat("CompanyCardOrderSummary", "card_type", SNAKE),
        text("CompanyCardOrderSummary", "full_name"),
        text("CompanyCardOrderSummary", "name_to_print"),
        pat("CompanyCardOrderSummary", "nationality", COUNTRY),
        pat(
            "CompanyCardOrderSummary",
            "personal_identity_number",
            r"^[0-9]{8}-\*{4}$",
        ),
        pat(
            "CompanyCardOrderSummary",
            "cardholder_email",
            pattern::EMAIL,
        ),
        text("CompanyCardOrderSummary", "rejection_reason"),
        pat("Invitation", "id", &id("inv")),
        pat("Invitation", "email", pattern::EMAIL),
        pat("Invitation", "order_id", &id("ord")),
        pat("InvitationPage", "next_cursor", cursor::PATTERN),
        pat("PublicInvitation", "email", pattern::EMAIL),
        text("SubmissionReceipt", "message"),
        pat("Member", "id", &id("mem")),
        pat("VisitorCardOrder", "id", &id("vor")),
        pat("VisitorCardOrderPage", "next_cursor", cursor::PATTERN),
        pat("Member", "email", pattern::EMAIL),
        text("Member", "given_names"),
        text("Member", "surname"),
        pat("Membership", "company_id", &id("cmp")),
        text("Membership", "company_name"),
        pat("Membership", "org_number", ORG),
        text("CompanyRef", "name"),
        pat("CompanyRef", "org_number", ORG),
        pat("ContactDetailsView", "phone", E164),
        pat("ContactDetailsView", "email", pattern::EMAIL),
        text("ContactDetailsView", "address"),
        text("ContactDetailsView", "city"),
        pat("ContactDetailsView", "postal_code", pattern::POSTAL_CODE),
        pat("ContactDetailsView", "country", COUNTRY),
        // A field the client sent is named as sent (an unknown field, for example).
        text("FieldError", "field"),
        pat("FieldError", "code", SNAKE),
        text("FieldError", "message"),
        text("IdentityMismatch", "order_value"),
        text("IdentityMismatch", "verified_value"),
        pat("Jwk", "kid", "^[A-Za-z0-9_-]+$"),
        pat("Jwk", "x", "^[A-Za-z0-9_-]+$"),
        pat("LoginChallenge", "challenge_id", &id("lch")),
        pat("LoginChallenge", "phone_hint", r"^[+0-9 *]+$"),
        pat("OrderEvent", "id", &id("evt")),
        text("OrderEvent", "reason"),
        pat("OrderPage", "next_cursor", cursor::PATTERN),
        pat("OrderReview", "id", &id("ord")),
        pat("OrderReview", "card_type", SNAKE),
        text("OrderReview", "full_name"),
        text("OrderReview", "given_names"),
        text("OrderReview", "surname"),
        text("OrderReview", "name_to_print"),
        pat("OrderReview", "nationality_in_order", COUNTRY),
        pat("OrderReview", "verified_nationality", COUNTRY),
        text("OrderReview", "rejection_reason"),
        text("OrderReview", "status_label"),
        pat("OrderReview", "version", r"^[0-9]{1,20}\.[0-9]{1,20}$"),
        pat("OrderSummary", "id", &id("ord")),
        pat("OrderSummary", "card_type", SNAKE),
        text("OrderSummary", "name_to_print"),
        text("OrderSummary", "status_label"),
        pat("Problem", "type", r"^urn:id06:problem:[a-z_]+$"),
        pat(
            "Problem",
            "instance",
            r"^urn:id06:request:[A-Za-z0-9._-]{1,64}$",
        ),
        text("Problem", "title"),
        text("Problem", "detail"),
        pat("Profile", "id", &id("acc")),
        pat("Profile", "email", pattern::EMAIL),
        text("Profile", "given_names"),
        text("Profile", "surname"),
        pat("Profile", "phone_hint", r"^[+0-9 *]+$"),
        pat("RefreshRequest", "refresh_token", "^[!-~]+$"),
        pat("ResendRequest", "challenge_id", "^[!-~]+$"),
        pat("VerifyRequest", "challenge_id", "^[!-~]+$"),
        pat(
            "TokenResponse",
            "access_token",
            r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$",
        ),
        pat("TokenResponse", "refresh_token", "^rt_[A-Za-z0-9_-]{43}$"),
        text("VerifiedIdentity", "given_names"),
        text("VerifiedIdentity", "surname"),
        pat("VerifiedIdentity", "nationality", COUNTRY),
        pat("VerifiedIdentity", "issuing_country", COUNTRY),
        pat("BankIdIdentification", "id", &id("bid")),
        pat("BankIdIdentification", "order_id", &id("ord")),
        pat(
            "BankIdIdentification",
            "hint_code",
            "^[A-Za-z][A-Za-z0-9_]*$",
        ),
        pat(
            "BankIdIdentification",
            "failure_code",
            "^[A-Za-z][A-Za-z0-9_]*$",
        ),
        pat(
            "BankIdIdentification",
            "qr_data",
            r"^bankid\.[!-~]+\.[0-9]+\.[0-9a-f]{64}$",
        ),
        pat(
            "BankIdIdentification",
            "autostart_url",
            r"^bankid:///\?autostarttoken=[!-~]+$",
        ),
        pat("BankIdMessage", "code", "^RFA[0-9]{1,2}$"),
        text("BankIdMessage", "text"),
        pat(
            "BankIdSignInStarted",
            "attempt_token",
            "^bat_[A-Za-z0-9_-]{43}$",
        ),
    ]
}

/// (schema, property, values) for strings that can only be one of a few values.
const ENUMS: &[(&str, &str, &[&str])] = &[
    ("Jwk", "kty", &["OKP"]),
    ("Jwk", "crv", &["Ed25519"]),
    ("Jwk", "alg", &["EdDSA"]),
    ("Jwk", "use", &["sig"]),
    ("Status", "status", &["ok"]),
    ("TokenResponse", "token_type", &["Bearer"]),
];

/// Every pointer a format goes to, for the unit test that each one landed.
#[cfg(test)]
pub fn pointers() -> Vec<String> {
    let mut out: Vec<String> = properties()
        .into_iter()
        .map(|(s, p, _)| format!("/components/schemas/{s}/properties/{p}/pattern"))
        .collect();
    out.extend(
        ENUMS
            .iter()
            .map(|(s, p, _)| format!("/components/schemas/{s}/properties/{p}/enum")),
    );
    out
}

pub fn restrict(v: &mut Value) {
    for (schema, property, re) in properties() {
        if let Some(p) = v
            .pointer_mut(&format!(
                "/components/schemas/{schema}/properties/{property}"
            ))
            .and_then(Value::as_object_mut)
        {
            p.insert("pattern".into(), json!(re));
        }
    }
    for (schema, property, values) in ENUMS {
        if let Some(p) = v
            .pointer_mut(&format!(
                "/components/schemas/{schema}/properties/{property}"
            ))
            .and_then(Value::as_object_mut)
        {
            p.insert("enum".into(), json!(values));
        }
    }
    let headers = [
        ("ETag", r#"^(?:W/)?"[!#-~]*"$"#),
        (
            "WWW-Authenticate",
            r#"^Bearer realm="id06"(?:, error="invalid_token")?$"#,
        ),
        ("Access-Control-Allow-Origin", r"^[!-~]+$"),
    ];
    for (name, re) in headers {
        if let Some(s) = v
            .pointer_mut(&format!("/components/headers/{name}/schema"))
            .and_then(Value::as_object_mut)
        {
            s.insert("pattern".into(), json!(re));
        }
    }
    // Path parameters: an order id of the kind the path serves (production serves both).
    let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let pattern = order_id_pattern(path);
        let params = item
            .as_object_mut()
            .into_iter()
            .flat_map(|ops| ops.values_mut())
            .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
            .flatten();
        for param in params.filter(|p| p["name"] == "order_id") {
            if let Some(s) = param.get_mut("schema").and_then(Value::as_object_mut) {
                s.insert("pattern".into(), json!(pattern));
            }
        }
    }
}
