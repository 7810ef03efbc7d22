//! Request and response bodies. Requests are checked for shape here (serde + validator) and
//! converted to domain types once; nothing past the handlers sees a raw string.

pub mod accounts;
pub mod actors;
pub mod auth;
pub mod bankid;
pub mod body;
pub mod card_order_imports;
pub mod cards;
pub mod clients;
pub mod companies;
pub mod company_orders;
pub mod data_access;
pub mod erasure;
pub mod exports;
pub mod identity;
pub mod invitations;
pub mod keys;
pub mod languages;
pub mod me;
pub mod orders;
pub mod personal_data;
pub mod production;
pub mod security;
pub mod security_events;
pub mod strict_json;
pub mod visitor_orders;
pub mod webhooks;
pub mod whole;

use serde::Serialize;
use utoipa::ToSchema;
use validator::{ValidationErrors, ValidationErrorsKind};

use crate::http::problem::ApiError;
use app::texts::Text;
use app::FieldError;

/// `{"status": "ok"}`-style acknowledgements.
#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    #[schema(example = "ok", max_length = 16)]
    pub status: String,
}

/// Converts validator's errors into the problem's field list, nested ones by their full path
/// (`delivery_address.street`, `items[2].name`).
pub fn validation_errors(errors: &ValidationErrors, prefix: &str) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, prefix, &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let path = format!("{prefix}{field}");
        match kind {
            ValidationErrorsKind::Field(errs) => out.extend(
                errs.iter()
                    .map(|e| FieldError::new(path.clone(), e.code.to_string(), message(e))),
            ),
            ValidationErrorsKind::Struct(inner) => collect(inner, &format!("{path}."), out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{path}[{i}]."), out);
                }
            }
        }
    }
}

fn message(e: &validator::ValidationError) -> Text {
    let n = |v: &serde_json::Value| v.as_i64().unwrap_or_default();
    match (e.code.as_ref(), e.params.get("min"), e.params.get("max")) {
        ("length", Some(min), Some(max)) => Text::new("field-length-between")
            .with("min", n(min))
            .with("max", n(max)),
        ("length", None, Some(max)) => Text::new("field-length-max").with("max", n(max)),
        ("length", Some(min), None) => Text::new("field-length-min").with("min", n(min)),
        (code, _, _) => Text::new("field-invalid-code").with("code", code.to_string()),
    }
}

/// validator's findings on a request body, for a handler that gathers every error before answering.
pub fn validator_errors<T: validator::Validate>(body: &T) -> Vec<FieldError> {
    body.validate()
        .err()
        .map(|e| validation_errors(&e, ""))
        .unwrap_or_default()
}

/// Runs validator on a request body.
pub fn validate<T: validator::Validate>(body: &T) -> Result<(), ApiError> {
    body.validate()
        .map_err(|e| ApiError::validation(validation_errors(&e, "")))
}
