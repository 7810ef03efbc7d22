//! What the service holds about one person, for their copy of it (GDPR Art. 15 and 20): the rows
//! that name their account or their email, whole lists rather than pages (one person's data is
//! small: a few orders, cards, checks and sessions).

use diesel::prelude::*;
use domain::AccountId;

use crate::schema::{
    card_orders, companies, identity_checks as ic, identity_portraits as ip,
    identity_verifications as iv, security_events as se, sessions,
};
use crate::security_events::SecurityEventRow;
use crate::{CheckRow, DbConn, EvidenceRow, OrderWithCompany, Result, SessionRow};

/// Security events about the person listed at most (the newest).
pub const SECURITY_EVENTS: i64 = 1000;

/// Every verified identity of the account (any outcome), oldest first.
pub fn evidence(conn: &mut DbConn, account: &AccountId) -> Result<Vec<EvidenceRow>> {
    Ok(iv::table
        .filter(iv::account_id.eq(account.as_str()))
        .order((iv::verified_at.asc(), iv::id.asc()))
        .select(EvidenceRow::as_select())
        .load(conn)?)
}

/// Every document check registered for the person's email or bound to their account, oldest
/// first, each with whether its portrait is still held.
pub fn checks(
    conn: &mut DbConn,
    account: &AccountId,
    email: &str,
) -> Result<Vec<(CheckRow, bool)>> {
    let rows: Vec<(CheckRow, Option<String>)> = ic::table
        .left_join(ip::table)
        .filter(ic::email.eq(email).or(ic::account_id.eq(account.as_str())))
        .order((ic::created_at.asc(), ic::id.asc()))
        .select((CheckRow::as_select(), ip::check_id.nullable()))
        .load(conn)?;
    Ok(rows.into_iter().map(|(c, p)| (c, p.is_some())).collect())
}

/// Every card order of the account, with its company, oldest first.
pub fn orders(conn: &mut DbConn, account: &AccountId) -> Result<Vec<OrderWithCompany>> {
    Ok(card_orders::table
        .inner_join(companies::table)
        .filter(card_orders::account_id.eq(account.as_str()))
        .order((card_orders::created_at.asc(), card_orders::id.asc()))
        .select(OrderWithCompany::as_select())
        .load(conn)?)
}

/// Every session of the account still held (live, or ended within housekeeping's grace).
pub fn sessions(conn: &mut DbConn, account: &AccountId) -> Result<Vec<SessionRow>> {
    Ok(sessions::table
        .filter(sessions::account_id.eq(account.as_str()))
        .order((sessions::created_at.asc(), sessions::id.asc()))
        .select(SessionRow::as_select())
        .load(conn)?)
}

/// The security events about the account or its email (a sign-in that named it), newest first,
/// at most [`SECURITY_EVENTS`].
pub fn security_events(
    conn: &mut DbConn,
    account: &AccountId,
    email: &str,
) -> Result<Vec<SecurityEventRow>> {
    Ok(se::table
        .filter(se::account_id.eq(account.as_str()).or(se::email.eq(email)))
        .order((se::created_at.desc(), se::id.desc()))
        .select(SecurityEventRow::as_select())
        .limit(SECURITY_EVENTS)
        .load(conn)?)
}
