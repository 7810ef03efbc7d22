//! The answers every operation shares: a problem document for each 4xx and 5xx, the statuses any
//! operation may return, and what an `Idempotency-Key` adds.

use serde_json::{json, Value};
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

use super::for_each_operation;

/// Every 4xx and 5xx answer is a problem document: the handlers' annotations give the status
/// and what it means there, and the body is declared here once.
pub fn problem_bodies(v: &mut Value) {
    for_each_operation(v, |op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        for (status, response) in responses.iter_mut() {
            let error = status.starts_with('4') || status.starts_with('5');
            if error && response.get("content").is_none() {
                response["content"] = json!({
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                });
            }
        }
    });
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

/// What an `Idempotency-Key` adds to an operation's answers: 400 for a malformed key, 409 while a
/// request with the same key is still running (the second of two concurrent ones).
pub fn idempotency_statuses(v: &mut Value) {
    let notes = [
        ("400", "A malformed `Idempotency-Key` (`invalid_idempotency_key`)."),
        ("409", "A request with the same `Idempotency-Key` is still in progress: retry shortly to get its answer."),
    ];
    for_each_operation(v, |op| {
        let keyed = op["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == "Idempotency-Key"));
        if !keyed {
            return;
        }
        for (status, note) in notes {
            let response = &mut op["responses"][status];
            if response.is_null() {
                *response = json!({
                    "description": note,
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                });
            } else if let Some(d) = response["description"].as_str() {
                if !d.contains("Idempotency-Key") {
                    response["description"] = json!(format!("{d} Or: {note}"));
                }
            }
        }
    });
}

/// Statuses any operation may return, added where the operation did not list them itself.
pub fn add_shared_responses(op: &mut Operation, counted: bool) {
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
        add(
            "400",
            "The body is not valid JSON, or names a member twice (`duplicate_member`).",
        );
        add("413", "The body is larger than 64 KiB.");
        add("415", "The body is not `application/json`.");
    }
    add("406", "The `Accept` header rules out JSON.");
    if counted {
        add(
            "429",
            "The caller's request quota is spent (or too many failed attempts); retry after `Retry-After` seconds.",
        );
    }
    add("500", "An unexpected error; logged with the request id.");
    add(
        "503",
        "The database is unavailable; retry after `Retry-After` seconds.",
    );
}
