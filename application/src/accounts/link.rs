//! Reaching a person by email: someone with an account is found; someone without one is sent a
//! single-use, expiring link to create it (only the token's hash is stored). Each is written to
//! in their language: their account's, else the one of what reaches them.

use chrono::{NaiveDateTime, TimeDelta};
use domain::{AccountId, Email, Language, PlatformRole};
use persistence::{accounts, signup_links, DbConn, OrderRow};

use crate::emails::{self, AccountReason};
use crate::error::AppResult;
use crate::{ids, outbox, Context};

/// How long a link to create an account works.
pub const LINK_LIFETIME: TimeDelta = TimeDelta::days(7);

/// The language to write to the person with `email` in: their account's, else `otherwise` (the
/// language of the order, invitation or request that reaches them).
pub fn language_of(conn: &mut DbConn, email: &str, otherwise: Language) -> AppResult<Language> {
    Ok(accounts::language_by_email(conn, email)?.unwrap_or(otherwise))
}

/// The language an order's cardholder is written to in: their account's, else the order's.
pub fn cardholder_language(conn: &mut DbConn, order: &OrderRow) -> AppResult<Language> {
    language_of(conn, &order.cardholder_email, order.language)
}

/// The person's account, or `None` after a link to create one was queued, written in
/// `language` (which the account takes when it is created).
pub fn account_or_link(
    conn: &mut DbConn,
    email: &Email,
    reason: AccountReason<'_>,
    platform_role: Option<PlatformRole>,
    language: Language,
    ctx: &Context,
    now: NaiveDateTime,
) -> AppResult<Option<AccountId>> {
    if let Some(account) = accounts::find_by_email(conn, email.as_str())? {
        return Ok(Some(account.id));
    }
    send_link(conn, email, reason, platform_role, language, ctx, now)?;
    Ok(None)
}

/// Queues a link to create an account for `email`, which the caller found has none.
pub fn send_link(
    conn: &mut DbConn,
    email: &Email,
    reason: AccountReason<'_>,
    platform_role: Option<PlatformRole>,
    language: Language,
    ctx: &Context,
    now: NaiveDateTime,
) -> AppResult<()> {
    let token = ids::new_secret("sul");
    signup_links::insert(
        conn,
        &ids::hash_secret(&token),
        email.as_str(),
        platform_role,
        language,
        now + LINK_LIFETIME,
        now,
    )?;
    let link = ctx.links().create_account(&token);
    outbox::queue(
        conn,
        ctx,
        emails::account_link(
            email.as_str(),
            language,
            reason,
            &link,
            LINK_LIFETIME.num_days(),
        ),
        now,
    )?;
    Ok(())
}
