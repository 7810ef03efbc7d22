//! Request and response bodies. Requests are checked for shape here (serde + validator) and
//! converted to domain types once; nothing past the handlers sees a raw string.

pub mod accounts;
pub mod auth;
pub mod bankid;
pub mod body;
pub mod cards;
pub mod clients;
pub mod companies;
pub mod company_orders;
pub mod identity;
pub mod invitations;
pub mod me;
pub mod orders;
pub mod production;
pub mod security;
pub mod security_events;
pub mod visitor_orders;
pub mod webhooks;
pub mod whole;

use serde::Serialize;
use utoipa::ToSchema;
use validator::ValidationErrors;

use crate::app::FieldError;
use crate::http::problem::ApiError;

/// `{"status": "ok"}`-style acknowledgements.
#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    #[schema(example = "ok", max_length = 16)]
    pub status: String,
}

/// Converts validator's errors into the problem's field list.
pub fn validation_errors(errors: &ValidationErrors, prefix: &str) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = errors
        .field_errors()
        .iter()
        .flat_map(|(field, errs)| {
            errs.iter().map(move |e| {
                let message = e
                    .message
                    .as_ref()
                    .map_or_else(|| default_message(e), |m| m.to_string());
                FieldError::new(format!("{prefix}{field}"), e.code.to_string(), message)
            })
        })
        .collect();
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn default_message(e: &validator::ValidationError) -> String {
    match (e.code.as_ref(), e.params.get("min"), e.params.get("max")) {
        ("length", Some(min), Some(max)) => format!("must be {min} to {max} characters"),
        ("length", None, Some(max)) => format!("must be at most {max} characters"),
        ("length", Some(min), None) => format!("must be at least {min} characters"),
        (code, _, _) => format!("is invalid ({code})"),
    }
}

/// Runs validator on a request body.
pub fn validate<T: validator::Validate>(body: &T) -> Result<(), ApiError> {
    body.validate()
        .map_err(|e| ApiError::validation(validation_errors(&e, "")))
}
