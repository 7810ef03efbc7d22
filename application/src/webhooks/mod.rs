//! Webhooks for integrators (DESIGN §6): a company's endpoints, the events the journals emit to
//! them, and their delivery. Every journal entry that an enabled endpoint wants becomes one
//! delivery row per endpoint, written in the journal's transaction ([`emit`]); the worker
//! (`worker.rs`) posts them signed, in order per object, with retries.
//!
//! The object in an event is the API's own view of it, rendered by the HTTP layer's
//! [`Presenter`] (in the use case's [`Context`]), so the use cases stay free of HTTP types.

pub mod deliveries;
pub mod endpoints;
pub mod signature;
pub mod url;
pub mod worker;

use chrono::NaiveDateTime;
use domain::{CompanyId, EventId, EventType, ObjectId, WebhookDeliveryId, WebhookEndpointId};
use persistence::{webhooks, CardRow, DbConn, InvitationRow, OrderRow, VisitorOrderRow};
use serde_json::{json, Value};

use super::error::{AppError, AppResult};
use super::ids;
use crate::Context;

/// Renders objects as the API shows them.
pub trait Presenter: Send + Sync {
    /// `masked_number`: the order's personal identity number as the company's lists show it.
    fn order(&self, o: &OrderRow, masked_number: Option<&str>) -> Value;
    fn visitor_order(&self, o: &VisitorOrderRow) -> Value;
    fn card(&self, c: &CardRow) -> Value;
    fn invitation(&self, i: &InvitationRow, now: NaiveDateTime) -> Value;
    fn card_order_import(&self, i: &persistence::card_order_imports::ImportRow) -> Value;
}

/// What an event is about.
pub enum Subject<'a> {
    Order(&'a OrderRow),
    VisitorOrder(&'a VisitorOrderRow),
    Card(&'a CardRow),
    Invitation(&'a InvitationRow),
}

impl Subject<'_> {
    fn company_id(&self) -> &CompanyId {
        match self {
            Subject::Order(o) => &o.company_id,
            Subject::VisitorOrder(o) => &o.company_id,
            Subject::Card(c) => &c.company_id,
            Subject::Invitation(i) => &i.company_id,
        }
    }

    fn id(&self) -> ObjectId {
        match self {
            Subject::Order(o) => o.id.clone().into(),
            Subject::VisitorOrder(o) => o.id.clone().into(),
            Subject::Card(c) => c.id.clone().into(),
            Subject::Invitation(i) => i.id.clone().into(),
        }
    }

    fn render(&self, ctx: &Context, now: NaiveDateTime) -> AppResult<Value> {
        let p = ctx.presenter();
        Ok(match self {
            Subject::Order(o) => {
                let masked =
                    crate::opened::order_number(ctx.vault(), o, now.date())?.map(|n| n.masked());
                p.order(o, masked.as_deref())
            }
            Subject::VisitorOrder(o) => p.visitor_order(o),
            Subject::Card(c) => p.card(c),
            Subject::Invitation(i) => p.invitation(i, now),
        })
    }
}

/// The event body: what is signed and posted.
pub fn body(
    event_id: &str,
    t: EventType,
    company: &CompanyId,
    object: Value,
    now: NaiveDateTime,
) -> String {
    json!({
        "id": event_id,
        "type": t.as_str(),
        "created": now.and_utc().timestamp(),
        "company_id": company.as_str(),
        "data": { "object": object },
    })
    .to_string()
}

/// Queues `person.erased` for every endpoint of `company` that wants it: the person's account
/// id and the company's orders whose cardholder they were (now an erased person).
pub fn emit_person_erased(
    conn: &mut DbConn,
    _: &Context,
    company: &CompanyId,
    account: &domain::AccountId,
    orders: &[String],
    now: NaiveDateTime,
) -> AppResult<()> {
    emit_object(
        conn,
        company,
        EventType::PersonErased,
        &ObjectId::Account(account.clone()),
        || {
            json!({
                "object": "person",
                "id": account.as_str(),
                "card_orders": orders,
                "erased_at": now.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            })
        },
        now,
    )
}

/// Queues `card_order_import.completed` for every endpoint of the import's company that wants
/// it: the import's id, how it ended and its counts (the report is read from the API).
pub fn emit_import_completed(
    conn: &mut DbConn,
    ctx: &Context,
    import: &persistence::card_order_imports::ImportRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    emit_object(
        conn,
        &import.company_id,
        EventType::CardOrderImportCompleted,
        &ObjectId::Import(import.id.clone()),
        || ctx.presenter().card_order_import(import),
        now,
    )
}

/// Queues an event whose object is not one the presenter renders (built by `object`, only when
/// an endpoint of `company` wants `t`).
fn emit_object(
    conn: &mut DbConn,
    company: &CompanyId,
    t: EventType,
    object_id: &ObjectId,
    object: impl FnOnce() -> Value,
    now: NaiveDateTime,
) -> AppResult<()> {
    let wanted: Vec<WebhookEndpointId> = webhooks::subscribed_endpoints(conn, company)?
        .into_iter()
        .filter(|(_, types)| types.contains(t))
        .map(|(id, _)| id)
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let event_id: EventId = crate::ids::new();
    let payload = body(event_id.as_str(), t, company, object(), now);
    queue(conn, &wanted, &event_id, t, object_id, &payload, now)
}

/// Queues event `event_id` of type `t` about `subject` for every endpoint of its company that
/// wants it, in the caller's transaction; a disabled endpoint's deliveries wait until it is
/// enabled again. Nothing is rendered when no endpoint wants it.
pub fn emit(
    conn: &mut DbConn,
    ctx: &Context,
    t: EventType,
    event_id: &EventId,
    subject: Subject<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let company = subject.company_id().clone();
    let wanted: Vec<WebhookEndpointId> = webhooks::subscribed_endpoints(conn, &company)?
        .into_iter()
        .filter(|(_, types)| types.contains(t))
        .map(|(id, _)| id)
        .collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let payload = body(
        event_id.as_str(),
        t,
        &company,
        subject.render(ctx, now)?,
        now,
    );
    let object = subject.id();
    queue(conn, &wanted, event_id, t, &object, &payload, now)
}

/// One delivery of the event to each endpoint, in one statement.
fn queue(
    conn: &mut DbConn,
    endpoints: &[WebhookEndpointId],
    event_id: &EventId,
    t: EventType,
    object_id: &ObjectId,
    payload: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let ids: Vec<WebhookDeliveryId> = endpoints.iter().map(|_| ids::new()).collect();
    let deliveries: Vec<webhooks::NewDelivery<'_>> = endpoints
        .iter()
        .zip(&ids)
        .map(|(endpoint, id)| webhooks::NewDelivery {
            id,
            endpoint_id: endpoint,
            event_id,
            event_type: t,
            object_id,
            payload,
            now,
        })
        .collect();
    webhooks::insert_deliveries(conn, &deliveries).map_err(AppError::from)
}
