//! Operators read the security audit log.

use actix_web::{get, web, HttpResponse};

use crate::http::cursor;
use crate::http::dto::security_events::{SecurityEvent, SecurityEventPage, SecurityEventQuery};
use crate::http::extract::Bearer;
use crate::http::problem::{ApiError, ApiResult};
use crate::http::query::Query;
use crate::http::reply::no_store;
use app::security_events::{self, ListEvents};
use app::App;

/// List security events.
///
/// Operators only. Sign-ins and their failures (with the email tried and the client address),
/// lockouts, code failures, password and mobile-number changes and resets, sessions revoked,
/// machine clients created, rotated, revoked or failing to authenticate, identity evidence
/// registered. Newest first, a page at a time, with filters. Never a password, code or token.
#[utoipa::path(
    operation_id = "list_security_events",
    tag = "security events",
    security(("bearer" = [])),
    params(SecurityEventQuery),
    responses(
        (status = 200, description = "A page of events.", body = SecurityEventPage),
        (status = 400, description = "Invalid `limit`, `cursor`, `kind` or time."),
        (status = 403, description = "Only operators read the audit log (`operator_required`)."),
    ),
)]
#[get("/security-events")]
pub async fn list_security_events(
    app: web::Data<App>,
    Bearer(credentials): Bearer,
    query: Query<SecurityEventQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let command = ListEvents {
        limit: cursor::page_limit(q.limit)?,
        filter: persistence::security_events::EventFilter {
            kind: q.kind.map(Into::into),
            account_id: q
                .account_id
                .as_deref()
                .map(|a| id_filter("account_id", a))
                .transpose()?,
            client_id: q
                .client_id
                .as_deref()
                .map(|c| id_filter("client_id", c))
                .transpose()?,
            email: q.email.map(|e| e.trim().to_lowercase()),
            created_from: q.created_from.map(|t| t.naive_utc()),
            created_before: q.created_before.map(|t| t.naive_utc()),
            after: q
                .cursor
                .as_deref()
                .map(|c| cursor::decode_as(c, "sev"))
                .transpose()?,
        },
    };
    let page = app
        .write_as(credentials, command, security_events::list)
        .await?;
    let last = page.events.last().map(|e| (e.created_at, e.id.as_str()));
    Ok(no_store(HttpResponse::Ok()).json(SecurityEventPage {
        data: page.events.iter().map(SecurityEvent::from).collect(),
        next_cursor: cursor::next(page.has_more, last),
        has_more: page.has_more,
    }))
}

/// An id filter: the contract's pattern already held it to the id's form, so one that does not
/// parse is refused the same way.
fn id_filter<T: TryFrom<String, Error = domain::Invalid>>(field: &str, raw: &str) -> ApiResult<T> {
    T::try_from(raw.to_owned()).map_err(|_| ApiError::InvalidQuery {
        errors: vec![app::FieldError::new(
            field,
            "pattern",
            app::texts::Text::new("field-pattern"),
        )],
    })
}
