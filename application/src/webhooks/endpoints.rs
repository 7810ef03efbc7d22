//! A company's webhook endpoints: register (the signing secret is shown once), list, read,
//! change (URL, description, event types, enabled), remove, rotate the secret (the old one keeps
//! signing for a day), and send a test event. Administrators, and integrators with
//! `webhooks:read` / `webhooks:write`.

use crate::ProblemCode;

use chrono::{NaiveDateTime, TimeDelta};
use domain::{
    BoundedText, CompanyAction, CompanyId, EndpointStatus, EventId, EventType, EventTypes,
    WebhookEndpointId,
};
use persistence::{webhooks, DbConn, EndpointRow};

use super::signature::new_secret;
use super::url::WebhookUrl;
use crate::companies::access;
use crate::error::{AppError, AppResult};
use crate::orders::IfMatch;
use crate::principal::Principal;
use crate::{ids, Context};

/// Endpoints per company.
pub const MAX_ENDPOINTS: i64 = 16;
/// How long a rotated-out secret keeps signing.
pub const ROTATION_GRACE: TimeDelta = TimeDelta::hours(24);

/// Which endpoint of which company.
#[derive(Debug, Clone)]
pub struct EndpointRef {
    pub company_id: CompanyId,
    pub endpoint_id: WebhookEndpointId,
}

pub struct CreateEndpoint {
    pub company_id: CompanyId,
    pub url: WebhookUrl,
    pub description: Option<BoundedText>,
    pub event_types: EventTypes,
}

/// An endpoint with its secret in the clear: only in the answer that made it.
pub struct WithSecret {
    pub endpoint: EndpointRow,
    pub secret: String,
}

pub struct ChangeEndpoint {
    pub endpoint: EndpointRef,
    pub if_match: Option<IfMatch>,
    pub url: Option<WebhookUrl>,
    pub description: Option<Option<BoundedText>>,
    pub event_types: Option<EventTypes>,
    pub enabled: Option<bool>,
}

/// An endpoint's current secret, opened for the answer to its registration (the saved reply of an
/// `Idempotency-Key` holds none: secrets stay sealed at rest).
pub struct RevealSecret {
    pub endpoint: EndpointRef,
}

pub struct RotateSecret {
    pub endpoint: EndpointRef,
}

pub fn create(
    conn: &mut DbConn,
    who: &Principal,
    cmd: CreateEndpoint,
    ctx: &Context,
) -> AppResult<WithSecret> {
    let now = ctx.now();
    access::require(conn, who, &cmd.company_id, CompanyAction::ManageWebhooks)?;
    if webhooks::count_endpoints(conn, &cmd.company_id)? >= MAX_ENDPOINTS {
        return Err(AppError::Unprocessable {
            code: ProblemCode::TooManyEndpoints,
            detail: crate::texts::Text::new("problem-too-many-endpoints")
                .with("max", MAX_ENDPOINTS),
            errors: Vec::new(),
        });
    }
    let id: WebhookEndpointId = ids::new();
    let secret = new_secret();
    let sealed = ctx.vault().seal(id.as_str(), &secret)?;
    webhooks::insert_endpoint(
        conn,
        &webhooks::NewEndpoint {
            id: &id,
            company_id: &cmd.company_id,
            url: cmd.url.as_str(),
            description: cmd.description.as_ref().map(BoundedText::as_str),
            event_types: &cmd.event_types,
            secret: &sealed,
            now,
        },
    )?;
    let endpoint = find(conn, &cmd.company_id, &id)?;
    Ok(WithSecret { endpoint, secret })
}

pub fn reveal(
    conn: &mut DbConn,
    who: &Principal,
    cmd: RevealSecret,
    ctx: &Context,
) -> AppResult<WithSecret> {
    let r = &cmd.endpoint;
    access::require(conn, who, &r.company_id, CompanyAction::ManageWebhooks)?;
    let endpoint = find(conn, &r.company_id, &r.endpoint_id)?;
    let secret = ctx.vault().open(endpoint.id.as_str(), &endpoint.secret())?;
    Ok(WithSecret { endpoint, secret })
}

/// Whether the caller may manage the company's endpoints (404 / 403 otherwise): checked before
/// a URL is resolved, so nobody learns anything from how a URL is judged.
pub fn authorize(
    conn: &mut DbConn,
    who: &Principal,
    company_id: CompanyId,
    _: &Context,
) -> AppResult<()> {
    access::require(conn, who, &company_id, CompanyAction::ManageWebhooks)?;
    Ok(())
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    company_id: CompanyId,
    _: &Context,
) -> AppResult<Vec<EndpointRow>> {
    access::require(conn, who, &company_id, CompanyAction::ViewWebhooks)?;
    Ok(webhooks::list_endpoints(conn, &company_id, MAX_ENDPOINTS)?)
}

pub fn get(
    conn: &mut DbConn,
    who: &Principal,
    r: EndpointRef,
    _: &Context,
) -> AppResult<EndpointRow> {
    access::require(conn, who, &r.company_id, CompanyAction::ViewWebhooks)?;
    find(conn, &r.company_id, &r.endpoint_id)
}

pub fn change(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ChangeEndpoint,
    ctx: &Context,
) -> AppResult<EndpointRow> {
    let r = &cmd.endpoint;
    access::require(conn, who, &r.company_id, CompanyAction::ManageWebhooks)?;
    let current = find(conn, &r.company_id, &r.endpoint_id)?;
    if let Some(m) = &cmd.if_match {
        m.check_version(current.version)?;
    }
    let enabled = current.status == EndpointStatus::Enabled;
    // A patch that changes nothing is not a change: same version, nothing written.
    let unchanged = cmd.url.as_ref().is_none_or(|u| u.as_str() == current.url)
        && cmd
            .description
            .as_ref()
            .is_none_or(|d| d.as_ref().map(BoundedText::as_str) == current.description.as_deref())
        && cmd
            .event_types
            .as_ref()
            .is_none_or(|t| *t == current.event_types)
        && cmd.enabled.is_none_or(|on| on == enabled);
    if unchanged {
        return Ok(current);
    }
    let change = webhooks::EndpointChange {
        url: cmd.url.as_ref().map(WebhookUrl::as_str),
        description: cmd
            .description
            .as_ref()
            .map(|d| d.as_ref().map(BoundedText::as_str)),
        event_types: cmd.event_types.as_ref(),
        disabled: cmd
            .enabled
            .map(|on| (!on).then_some("disabled by the company")),
    };
    if !webhooks::update_endpoint(conn, &r.endpoint_id, current.version, &change, ctx.now())? {
        return Err(concurrent());
    }
    find(conn, &r.company_id, &r.endpoint_id)
}

pub fn delete(conn: &mut DbConn, who: &Principal, r: EndpointRef, _: &Context) -> AppResult<()> {
    access::require(conn, who, &r.company_id, CompanyAction::ManageWebhooks)?;
    find(conn, &r.company_id, &r.endpoint_id)?;
    webhooks::delete_endpoint(conn, &r.endpoint_id)?;
    Ok(())
}

pub fn rotate(
    conn: &mut DbConn,
    who: &Principal,
    cmd: RotateSecret,
    ctx: &Context,
) -> AppResult<WithSecret> {
    let now = ctx.now();
    let r = &cmd.endpoint;
    access::require(conn, who, &r.company_id, CompanyAction::ManageWebhooks)?;
    let current = find(conn, &r.company_id, &r.endpoint_id)?;
    let secret = new_secret();
    let sealed = ctx.vault().seal(r.endpoint_id.as_str(), &secret)?;
    let rotated = webhooks::rotate_secret(
        conn,
        &r.endpoint_id,
        current.version,
        &sealed,
        &current.secret(),
        now + ROTATION_GRACE,
        now,
    )?;
    if !rotated {
        return Err(concurrent());
    }
    let endpoint = find(conn, &r.company_id, &r.endpoint_id)?;
    Ok(WithSecret { endpoint, secret })
}

/// Queues a `ping` event to the endpoint (whatever its event types), and answers with the
/// delivery to follow.
pub fn send_test(
    conn: &mut DbConn,
    who: &Principal,
    r: EndpointRef,
    ctx: &Context,
) -> AppResult<persistence::DeliveryRow> {
    let now = ctx.now();
    access::require(conn, who, &r.company_id, CompanyAction::ManageWebhooks)?;
    let endpoint = find(conn, &r.company_id, &r.endpoint_id)?;
    if endpoint.status != EndpointStatus::Enabled {
        return Err(AppError::Conflict {
            code: ProblemCode::EndpointDisabled,
            detail: crate::texts::Text::new("problem-endpoint-disabled"),
        });
    }
    let event_id: EventId = ids::new();
    let object = serde_json::json!({ "object": "webhook_endpoint", "id": endpoint.id.as_str(), "url": endpoint.url });
    let body = super::body(
        event_id.as_str(),
        EventType::Ping,
        &r.company_id,
        object,
        now,
    );
    let id: domain::WebhookDeliveryId = ids::new();
    webhooks::insert_deliveries(
        conn,
        &[webhooks::NewDelivery {
            id: &id,
            endpoint_id: &endpoint.id,
            event_id: &event_id,
            event_type: EventType::Ping,
            object_id: &endpoint.id.clone().into(),
            payload: &body,
            now,
        }],
    )?;
    webhooks::find_delivery(conn, &r.endpoint_id, &id)?.ok_or(AppError::NotFound)
}

pub(super) fn find(
    conn: &mut DbConn,
    company_id: &CompanyId,
    id: &WebhookEndpointId,
) -> AppResult<EndpointRow> {
    webhooks::find_endpoint(conn, company_id, id)?.ok_or(AppError::NotFound)
}

fn concurrent() -> AppError {
    AppError::Conflict {
        code: ProblemCode::ConcurrentChange,
        detail: crate::texts::Text::new("problem-changed-meanwhile").with("what", "endpoint"),
    }
}

/// When a delivery stops being retried: three days after the event, or after its endpoint was
/// last enabled when that is later (events kept while it was disabled get their three days too).
pub fn gives_up_at(created: NaiveDateTime) -> NaiveDateTime {
    created + TimeDelta::days(3)
}
