//! The security audit log: append-only rows that operators read, newest first.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{AccountId, ClientId, SecurityEventId, SecurityEventKind};

use crate::schema::security_events as se;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = se)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SecurityEventRow {
    #[diesel(deserialize_as = String)]
    pub id: SecurityEventId,
    #[diesel(deserialize_as = String)]
    pub kind: SecurityEventKind,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub account_id: Option<AccountId>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub client_id: Option<ClientId>,
    pub email: Option<String>,
    pub client_address: Option<String>,
    pub detail: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewSecurityEvent<'a> {
    pub id: SecurityEventId,
    pub kind: SecurityEventKind,
    pub account_id: Option<&'a AccountId>,
    pub client_id: Option<&'a ClientId>,
    pub email: Option<&'a str>,
    pub client_address: Option<&'a str>,
    pub detail: Option<&'a str>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, e: &NewSecurityEvent<'_>) -> Result<()> {
    diesel::insert_into(se::table)
        .values((
            se::id.eq(e.id.as_str()),
            se::kind.eq(e.kind.as_str()),
            se::account_id.eq(e.account_id.map(AccountId::as_str)),
            se::client_id.eq(e.client_id.map(ClientId::as_str)),
            se::email.eq(e.email),
            se::client_address.eq(e.client_address),
            se::detail.eq(e.detail),
            se::created_at.eq(e.created_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub kind: Option<SecurityEventKind>,
    pub account_id: Option<AccountId>,
    pub client_id: Option<ClientId>,
    pub email: Option<String>,
    pub created_from: Option<NaiveDateTime>,
    pub created_before: Option<NaiveDateTime>,
    /// `(created_at, id)` of the last row of the previous page.
    pub after: Option<(NaiveDateTime, String)>,
}

/// Newest first.
pub fn list(conn: &mut DbConn, f: &EventFilter, limit: i64) -> Result<Vec<SecurityEventRow>> {
    let mut q = se::table
        .select(SecurityEventRow::as_select())
        .order((se::created_at.desc(), se::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(k) = &f.kind {
        q = q.filter(se::kind.eq(k.as_str()));
    }
    if let Some(a) = &f.account_id {
        q = q.filter(se::account_id.eq(a.as_str().to_owned()));
    }
    if let Some(c) = &f.client_id {
        q = q.filter(se::client_id.eq(c.as_str().to_owned()));
    }
    if let Some(e) = &f.email {
        q = q.filter(se::email.eq(e.clone()));
    }
    if let Some(from) = f.created_from {
        q = q.filter(se::created_at.ge(from));
    }
    if let Some(before) = f.created_before {
        q = q.filter(se::created_at.lt(before));
    }
    if let Some((at, id)) = &f.after {
        // The plain bound first: with the OR alone the planner scans instead of seeking.
        q = q.filter(se::created_at.le(*at)).filter(
            se::created_at
                .lt(*at)
                .or(se::created_at.eq(*at).and(se::id.lt(id.clone()))),
        );
    }
    Ok(q.load(conn)?)
}
