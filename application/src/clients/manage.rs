//! Operators list, read, rotate and revoke machine clients.

use crate::ProblemCode;
use chrono::{NaiveDateTime, TimeDelta};
use domain::ClientId;
use persistence::{api_clients, ClientRow, DbConn};

use crate::companies::access;
use crate::error::{AppError, AppResult};
use crate::principal::Person;
use crate::security_events::{self, Event, Kind};
use crate::{ids, Context};

/// Longest time an old secret may keep working after a rotation.
pub const MAX_GRACE: TimeDelta = TimeDelta::days(7);
/// The grace period when none is asked for.
pub const DEFAULT_GRACE: TimeDelta = TimeDelta::hours(24);

pub struct ListClients {
    pub cursor: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

/// A page of clients, newest first, and whether more follow.
pub struct ClientPage {
    pub clients: Vec<ClientRow>,
    pub has_more: bool,
}

pub fn list(
    conn: &mut DbConn,
    who: &Person,
    cmd: ListClients,
    _: &Context,
) -> AppResult<ClientPage> {
    access::require_operator(conn, who)?;
    let cursor = cmd.cursor.as_ref().map(|(at, id)| (*at, id.as_str()));
    let mut clients = api_clients::list(conn, cursor, i64::from(cmd.limit) + 1)?;
    let has_more = clients.len() > cmd.limit as usize;
    clients.truncate(cmd.limit as usize);
    Ok(ClientPage { clients, has_more })
}

pub fn get(conn: &mut DbConn, who: &Person, id: ClientId, _: &Context) -> AppResult<ClientRow> {
    access::require_operator(conn, who)?;
    api_clients::find(conn, &id)?.ok_or(AppError::NotFound)
}

pub struct RotateSecret {
    pub id: ClientId,
    /// How long the current secret keeps working (at most [`MAX_GRACE`]).
    pub grace: TimeDelta,
}

/// The client with its new secret, shown this once.
pub struct Rotated {
    pub client: ClientRow,
    pub secret: String,
}

/// A new secret; the current one keeps working for the grace period, so the client can be
/// redeployed without downtime. 409 for a revoked client.
pub fn rotate(
    conn: &mut DbConn,
    who: &Person,
    cmd: RotateSecret,
    ctx: &Context,
) -> AppResult<Rotated> {
    access::require_operator(conn, who)?;
    let now = ctx.now();
    api_clients::find(conn, &cmd.id)?.ok_or(AppError::NotFound)?;
    let secret = super::new_secret();
    if !api_clients::rotate_secret(
        conn,
        &cmd.id,
        &ids::hash_secret(&secret),
        now + cmd.grace,
        now,
    )? {
        return Err(revoked());
    }
    let event = Event::new(Kind::ClientSecretRotated)
        .client(&cmd.id)
        .account(who.account_id());
    security_events::record(conn, event, now)?;
    tracing::info!(event = "client_secret_rotated", client_id = %cmd.id, grace_secs = cmd.grace.num_seconds(), "client secret rotated");
    let client = api_clients::find(conn, &cmd.id)?.ok_or(AppError::NotFound)?;
    Ok(Rotated { client, secret })
}

/// Revokes the client: its secrets and every token it holds stop working at once.
pub fn revoke(
    conn: &mut DbConn,
    who: &Person,
    id: ClientId,
    ctx: &Context,
) -> AppResult<ClientRow> {
    access::require_operator(conn, who)?;
    api_clients::find(conn, &id)?.ok_or(AppError::NotFound)?;
    if !api_clients::revoke(conn, &id, ctx.now())? {
        return Err(revoked());
    }
    let event = Event::new(Kind::ClientRevoked)
        .client(&id)
        .account(who.account_id());
    security_events::record(conn, event, ctx.now())?;
    tracing::info!(event = "client_revoked", client_id = %id, "machine client revoked");
    api_clients::find(conn, &id)?.ok_or(AppError::NotFound)
}

fn revoked() -> AppError {
    AppError::Conflict {
        code: ProblemCode::ClientRevoked,
        detail: crate::texts::Text::new("problem-client-revoked"),
    }
}
