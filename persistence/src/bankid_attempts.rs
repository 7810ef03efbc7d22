//! BankID identifications: started by a request, collected by whichever instance's worker claims
//! them, finished once (every change to a pending attempt is conditional on it still pending, so
//! a user's cancel and the worker's collect cannot both win).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{
    AccountId, BankIdAttemptId, BankIdAttemptStatus as Status, BankIdPurpose, EvidenceId, OrderId,
    SessionId,
};

use crate::schema::bankid_attempts as ba;
use crate::{DbConn, Result};

const PENDING: &str = Status::Pending.as_str();
const COMPLETE: &str = Status::Complete.as_str();

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = ba)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct AttemptRow {
    #[diesel(deserialize_as = String)]
    pub id: BankIdAttemptId,
    #[diesel(deserialize_as = String)]
    pub purpose: BankIdPurpose,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub account_id: Option<AccountId>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub order_id: Option<OrderId>,
    pub attempt_token_hash: Option<String>,
    pub order_ref: String,
    pub auto_start_token: String,
    pub qr_start_token: String,
    pub qr_start_secret_sealed: String,
    pub qr_secret_key_id: String,
    pub end_user_ip: String,
    pub user_agent: Option<String>,
    pub same_device: bool,
    pub require_mrtd: bool,
    /// Sealed: bound to the attempt's id.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub required_personal_number: Option<crate::Sealed>,
    #[diesel(deserialize_as = String)]
    pub status: Status,
    pub hint_code: Option<String>,
    pub failure_code: Option<String>,
    pub stepup_mrtd: Option<bool>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub evidence_id: Option<EvidenceId>,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub session_id: Option<SessionId>,
    pub started_at: NaiveDateTime,
    pub next_collect_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_polled_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewAttempt<'a> {
    pub id: &'a BankIdAttemptId,
    pub purpose: BankIdPurpose,
    pub account_id: Option<&'a AccountId>,
    pub order_id: Option<&'a OrderId>,
    pub attempt_token_hash: Option<&'a str>,
    pub order_ref: &'a str,
    pub auto_start_token: &'a str,
    pub qr_start_token: &'a str,
    pub qr_start_secret_sealed: &'a str,
    pub qr_secret_key_id: &'a str,
    pub end_user_ip: &'a str,
    pub user_agent: Option<&'a str>,
    pub same_device: bool,
    pub require_mrtd: bool,
    pub required_personal_number: Option<&'a crate::Sealed>,
    pub status: Status,
    pub started_at: NaiveDateTime,
    pub next_collect_at: NaiveDateTime,
    pub last_polled_at: NaiveDateTime,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

/// How a pending attempt ended.
#[derive(Debug, Clone)]
pub struct Ending<'a> {
    pub status: Status,
    /// BankID's last hint (a failed order's reason).
    pub hint_code: Option<&'a str>,
    /// Why it failed, in this service's terms.
    pub failure_code: Option<&'a str>,
    pub account_id: Option<&'a AccountId>,
    pub evidence_id: Option<&'a EvidenceId>,
    pub stepup_mrtd: Option<bool>,
}

impl Ending<'_> {
    /// An ending with nothing but its status.
    pub fn of(status: Status) -> Self {
        Ending {
            status,
            hint_code: None,
            failure_code: None,
            account_id: None,
            evidence_id: None,
            stepup_mrtd: None,
        }
    }
}

pub fn insert(conn: &mut DbConn, a: &NewAttempt<'_>) -> Result<()> {
    diesel::insert_into(ba::table)
        .values((
            (
                ba::id.eq(a.id.as_str()),
                ba::purpose.eq(a.purpose.as_str()),
                ba::account_id.eq(a.account_id.map(AccountId::as_str)),
                ba::order_id.eq(a.order_id.map(OrderId::as_str)),
                ba::attempt_token_hash.eq(a.attempt_token_hash),
                ba::order_ref.eq(a.order_ref),
                ba::auto_start_token.eq(a.auto_start_token),
                ba::qr_start_token.eq(a.qr_start_token),
                ba::qr_start_secret_sealed.eq(a.qr_start_secret_sealed),
                ba::qr_secret_key_id.eq(a.qr_secret_key_id),
            ),
            (
                ba::end_user_ip.eq(a.end_user_ip),
                ba::user_agent.eq(a.user_agent),
                ba::same_device.eq(a.same_device),
                ba::require_mrtd.eq(a.require_mrtd),
                ba::required_personal_number
                    .eq(a.required_personal_number.map(crate::Sealed::stored)),
                ba::status.eq(a.status.as_str()),
                ba::started_at.eq(a.started_at),
                ba::next_collect_at.eq(a.next_collect_at),
                ba::last_polled_at.eq(a.last_polled_at),
                ba::version.eq(a.version),
                ba::updated_at.eq(a.updated_at),
            ),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &BankIdAttemptId) -> Result<Option<AttemptRow>> {
    Ok(on_backend!(conn, |c| ba::table
        .find(id.as_str())
        .select(AttemptRow::as_select())
        .first(c)
        .optional())?)
}

/// The account's attempts still pending, to be cancelled when it starts another: BankID runs
/// one order per person at a time.
pub fn pending_of_account(conn: &mut DbConn, account_id: &AccountId) -> Result<Vec<AttemptRow>> {
    Ok(on_backend!(conn, |c| ba::table
        .filter(ba::account_id.eq(account_id.as_str()))
        .filter(ba::status.eq(PENDING))
        .select(AttemptRow::as_select())
        .load(c))?)
}

/// The client is still watching: an attempt nobody polls is abandoned and cancelled.
pub fn touch(conn: &mut DbConn, id: &BankIdAttemptId, now: NaiveDateTime) -> Result<()> {
    diesel::update(ba::table.find(id.as_str()).filter(ba::status.eq(PENDING)))
        .set(ba::last_polled_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` pending attempts due for a collect until `until`; each claim is a
/// conditional update, so of several instances exactly one collects an attempt each round.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<AttemptRow>> {
    let due: Vec<AttemptRow> = on_backend!(conn, |c| ba::table
        .filter(ba::status.eq(PENDING))
        .filter(ba::next_collect_at.le(now))
        .filter(ba::claimed_until.is_null().or(ba::claimed_until.lt(now)))
        .order(ba::next_collect_at.asc())
        .limit(limit)
        .select(AttemptRow::as_select())
        .load(c))?;
    let mut claimed = Vec::with_capacity(due.len());
    for a in due {
        let n = diesel::update(
            ba::table
                .find(a.id.as_str())
                .filter(ba::status.eq(PENDING))
                .filter(ba::claimed_until.is_null().or(ba::claimed_until.lt(now))),
        )
        .set(ba::claimed_until.eq(until))
        .execute(conn)?;
        if n == 1 {
            claimed.push(a);
        }
    }
    Ok(claimed)
}

/// Still pending after a collect: the latest hint, the next collect, the claim released.
pub fn still_pending(
    conn: &mut DbConn,
    id: &BankIdAttemptId,
    hint_code: Option<&str>,
    next_collect_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(ba::table.find(id.as_str()).filter(ba::status.eq(PENDING)))
        .set((
            ba::hint_code.eq(hint_code),
            ba::next_collect_at.eq(next_collect_at),
            ba::claimed_until.eq(None::<NaiveDateTime>),
            ba::version.eq(ba::version + 1),
            ba::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends a pending attempt; false if it had ended already (the other party won).
pub fn finish(
    conn: &mut DbConn,
    id: &BankIdAttemptId,
    e: &Ending<'_>,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(ba::table.find(id.as_str()).filter(ba::status.eq(PENDING)))
        .set((
            ba::status.eq(e.status.as_str()),
            ba::failure_code.eq(e.failure_code),
            ba::hint_code.eq(e.hint_code),
            ba::evidence_id.eq(e.evidence_id.map(EvidenceId::as_str)),
            ba::stepup_mrtd.eq(e.stepup_mrtd),
            ba::claimed_until.eq(None::<NaiveDateTime>),
            ba::completed_at.eq(now),
            ba::version.eq(ba::version + 1),
            ba::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 1 {
        if let Some(account) = e.account_id {
            diesel::update(ba::table.find(id.as_str()))
                .set(ba::account_id.eq(account.as_str()))
                .execute(conn)?;
        }
    }
    Ok(n == 1)
}

/// Records the session a completed sign-in started; false if one was started already (the
/// tokens are handed out once).
pub fn signed_in(
    conn: &mut DbConn,
    id: &BankIdAttemptId,
    session_id: &SessionId,
    now: NaiveDateTime,
) -> Result<bool> {
    let n = diesel::update(
        ba::table
            .find(id.as_str())
            .filter(ba::status.eq(COMPLETE))
            .filter(ba::session_id.is_null()),
    )
    .set((
        ba::session_id.eq(session_id.as_str()),
        ba::version.eq(ba::version + 1),
        ba::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Deletes ended attempts older than `before` (housekeeping); returns how many.
pub fn delete_ended_before(conn: &mut DbConn, before: NaiveDateTime) -> Result<usize> {
    Ok(diesel::delete(
        ba::table
            .filter(ba::status.ne(PENDING))
            .filter(ba::started_at.lt(before)),
    )
    .execute(conn)?)
}
