//! Single-use links to create an account. Only the token's hash is stored; the email comes from
//! the link, so the account's email is verified.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::{IdentityCheckId, Language, PlatformRole};

use crate::schema::signup_links as s;
use crate::{DbConn, Result};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub struct SignupLinkRow {
    pub token_hash: String,
    pub email: String,
    #[diesel(deserialize_as = crate::OptionalText)]
    pub platform_role: Option<PlatformRole>,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    /// A green identity check the account is to receive, once the person confirms the
    /// identity number.
    #[diesel(deserialize_as = crate::OptionalText)]
    pub identity_check_id: Option<IdentityCheckId>,
    /// Wrong identity numbers typed with this link.
    pub attempts: i32,
    /// The language of the order, invitation or request the link came from: the account's
    /// language until the person chooses one.
    #[diesel(deserialize_as = String)]
    pub language: Language,
}

pub fn insert(
    conn: &mut DbConn,
    token_hash: &str,
    email: &str,
    platform_role: Option<PlatformRole>,
    language: Language,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::insert_into(s::table)
        .values((
            s::token_hash.eq(token_hash),
            s::email.eq(email),
            s::platform_role.eq(platform_role.map(PlatformRole::as_str)),
            s::language.eq(language.as_str()),
            s::expires_at.eq(expires_at),
            s::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Uses the link: marks it used if it is unused and unexpired, and returns it; `None` otherwise.
/// The conditional update makes two concurrent uses leave exactly one winner.
pub fn redeem(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<SignupLinkRow>> {
    let n = diesel::update(
        s::table
            .filter(s::token_hash.eq(token_hash))
            .filter(s::used_at.is_null())
            .filter(s::expires_at.gt(now)),
    )
    .set(s::used_at.eq(now))
    .execute(conn)?;
    if n != 1 {
        return Ok(None);
    }
    Ok(s::table
        .find(token_hash)
        .select(SignupLinkRow::as_select())
        .first(conn)
        .optional()?)
}

/// Whether an unused, unexpired link for `email` gives the operator role.
pub fn grants_operator(conn: &mut DbConn, email: &str, now: NaiveDateTime) -> Result<bool> {
    let n: i64 = s::table
        .filter(s::email.eq(email))
        .filter(s::platform_role.eq(PlatformRole::Operator.as_str()))
        .filter(s::used_at.is_null())
        .filter(s::expires_at.gt(now))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Removes links that were used or expired before `before`.
pub fn sweep(conn: &mut DbConn, before: NaiveDateTime) -> Result<usize> {
    Ok(
        diesel::delete(s::table.filter(s::expires_at.lt(before).or(s::used_at.lt(before))))
            .execute(conn)?,
    )
}

/// Uses up every other link of `email` once its account exists.
pub fn consume_all(conn: &mut DbConn, email: &str, now: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(
        s::table
            .filter(s::email.eq(email))
            .filter(s::used_at.is_null()),
    )
    .set(s::used_at.eq(now))
    .execute(conn)?)
}

/// The link if it is unused and unexpired.
pub fn find_live(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<SignupLinkRow>> {
    Ok(s::table
        .filter(s::token_hash.eq(token_hash))
        .filter(s::used_at.is_null())
        .filter(s::expires_at.gt(now))
        .select(SignupLinkRow::as_select())
        .first(conn)
        .optional()?)
}

/// A link that also carries a green identity check.
pub fn insert_with_check(
    conn: &mut DbConn,
    token_hash: &str,
    email: &str,
    identity_check_id: &IdentityCheckId,
    language: Language,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::insert_into(s::table)
        .values((
            s::token_hash.eq(token_hash),
            s::email.eq(email),
            s::identity_check_id.eq(identity_check_id.as_str()),
            s::language.eq(language.as_str()),
            s::expires_at.eq(expires_at),
            s::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Counts a wrong identity number; at `max` the link is used up. Returns the attempts left.
pub fn record_wrong_number(
    conn: &mut DbConn,
    token_hash: &str,
    max: i32,
    now: NaiveDateTime,
) -> Result<i32> {
    let attempts: i32 = diesel::update(s::table.find(token_hash))
        .set(s::attempts.eq(s::attempts + 1))
        .returning(s::attempts)
        .get_result(conn)?;
    if attempts >= max {
        diesel::update(s::table.find(token_hash).filter(s::used_at.is_null()))
            .set(s::used_at.eq(now))
            .execute(conn)?;
    }
    Ok((max - attempts).max(0))
}
