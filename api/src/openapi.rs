//! The contract, generated from the code: the handlers' annotations, plus the parts every
//! operation shares (security scheme, the statuses any operation can return).

use actix_web::App;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, OpenApi as Spec, Ref, RefOr, Response, ResponseBuilder};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::error::{FieldError, Problem};

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
    components(schemas(Problem, FieldError, crate::dto::orders::StatusFilter)),
)]
struct ApiDoc;

/// The whole contract.
pub fn spec() -> Spec {
    let (_, spec) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(crate::routes::configure)
        .split_for_parts();
    finish(spec)
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
        assert!(!spec.paths.paths.is_empty());
        for (path, item) in &spec.paths.paths {
            for op in [&item.get, &item.put, &item.post, &item.delete]
                .into_iter()
                .flatten()
            {
                assert!(op.operation_id.is_some(), "{path}");
                assert!(op.tags.as_ref().is_some_and(|t| !t.is_empty()), "{path}");
                assert!(op.responses.responses.contains_key("503"), "{path}");
                assert!(
                    op.responses.responses.keys().any(|k| k.starts_with('2')),
                    "{path}"
                );
            }
        }
    }
}
