//! An endpoint's deliveries, with every attempt (status, duration, response code, next retry),
//! and a retry by hand of one that failed.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{CompanyAction, WebhookDeliveryId};
use persistence::{webhooks, AttemptRow, DbConn, DeliveryRow};

use super::endpoints::{find, EndpointRef};
use crate::companies::access;
use crate::error::{AppError, AppResult};
use crate::principal::Principal;
use crate::Context;

pub struct ListDeliveries {
    pub endpoint: EndpointRef,
    /// `pending`, `succeeded` or `failed`.
    pub status: Option<domain::DeliveryStatus>,
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

/// A delivery with its attempts, oldest first.
pub struct Delivery {
    pub row: DeliveryRow,
    pub attempts: Vec<AttemptRow>,
}

pub struct DeliveryPage {
    pub deliveries: Vec<Delivery>,
    pub has_more: bool,
}

pub struct DeliveryRef {
    pub endpoint: EndpointRef,
    pub delivery_id: WebhookDeliveryId,
}

pub fn list(
    conn: &mut DbConn,
    who: &Principal,
    cmd: ListDeliveries,
    _: &Context,
) -> AppResult<DeliveryPage> {
    let r = &cmd.endpoint;
    access::require(conn, who, &r.company_id, CompanyAction::ViewWebhooks)?;
    find(conn, &r.company_id, &r.endpoint_id)?;
    let after = cmd.after.as_ref().map(|(at, id)| (*at, id.as_str()));
    let mut rows = webhooks::list_deliveries(
        conn,
        &r.endpoint_id,
        cmd.status,
        after,
        i64::from(cmd.limit) + 1,
    )?;
    let has_more = rows.len() > cmd.limit as usize;
    rows.truncate(cmd.limit as usize);
    let ids: Vec<&WebhookDeliveryId> = rows.iter().map(|d| &d.id).collect();
    let mut attempts = webhooks::attempts_of(conn, &ids)?;
    let deliveries = rows
        .into_iter()
        .map(|row| {
            let (mine, rest): (Vec<_>, Vec<_>) =
                attempts.drain(..).partition(|a| a.delivery_id == row.id);
            attempts = rest;
            Delivery {
                row,
                attempts: mine,
            }
        })
        .collect();
    Ok(DeliveryPage {
        deliveries,
        has_more,
    })
}

/// Tries a failed (or still pending) delivery again now; a delivered one is 409.
pub fn retry(
    conn: &mut DbConn,
    who: &Principal,
    r: DeliveryRef,
    ctx: &Context,
) -> AppResult<Delivery> {
    let e = &r.endpoint;
    access::require(conn, who, &e.company_id, CompanyAction::ManageWebhooks)?;
    find(conn, &e.company_id, &e.endpoint_id)?;
    webhooks::find_delivery(conn, &e.endpoint_id, &r.delivery_id)?.ok_or(AppError::NotFound)?;
    if !webhooks::retry_now(conn, &r.delivery_id, ctx.now())? {
        return Err(AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: crate::texts::Text::new("problem-delivery-succeeded"),
        });
    }
    let row =
        webhooks::find_delivery(conn, &e.endpoint_id, &r.delivery_id)?.ok_or(AppError::NotFound)?;
    let attempts = webhooks::attempts_of(conn, &[&row.id])?;
    Ok(Delivery { row, attempts })
}
