//! Reaching a person by email: someone with an account is found; someone without one is sent a
//! single-use, expiring link to create it (only the token's hash is stored).

use chrono::{NaiveDateTime, TimeDelta};
use domain::{AccountId, Email, PlatformRole};
use persistence::{accounts, signup_links, DbConn};

use crate::emails::{self, AccountReason};
use crate::error::AppResult;
use crate::{ids, outbox, Context};

/// How long a link to create an account works.
pub const LINK_LIFETIME: TimeDelta = TimeDelta::days(7);

/// The person's account, or `None` after a link to create one was queued.
pub fn account_or_link(
    conn: &mut DbConn,
    email: &Email,
    reason: AccountReason<'_>,
    platform_role: Option<PlatformRole>,
    ctx: &Context,
    now: NaiveDateTime,
) -> AppResult<Option<AccountId>> {
    if let Some(account) = accounts::find_by_email(conn, email.as_str())? {
        return Ok(Some(account.id));
    }
    let token = ids::new_secret("sul");
    signup_links::insert(
        conn,
        &ids::hash_secret(&token),
        email.as_str(),
        platform_role,
        now + LINK_LIFETIME,
        now,
    )?;
    let link = ctx.links().create_account(&token);
    outbox::queue(
        conn,
        ctx,
        emails::account_link(email.as_str(), reason, &link, LINK_LIFETIME.num_days()),
        now,
    )?;
    Ok(None)
}
