//! The rows erasure removes or pseudonymises for one person (GDPR Art. 17). The use case decides
//! what may go; each function here removes one class, in the caller's transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::AccountId;

use crate::schema::{
    accounts, bankid_attempts, cards, idempotency_keys, identity_checks as ic, identity_data_reads,
    identity_portraits as ip, identity_verifications as iv, known_sign_ins, login_challenges,
    memberships, outbox, password_resets, phone_changes, refresh_tokens, security_events as se,
    sessions, signup_links,
};
use crate::{DbConn, Result};

/// Ends and removes everything of signing in: sessions with their refresh tokens, challenges,
/// addresses signed in from, reset links, number changes, BankID identifications. How many
/// sessions there were.
pub fn sign_in_state(conn: &mut DbConn, account: &AccountId) -> Result<usize> {
    let a = account.as_str();
    let theirs = sessions::table
        .filter(sessions::account_id.eq(a))
        .select(sessions::id);
    diesel::delete(refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(theirs)))
        .execute(conn)?;
    let n = diesel::delete(sessions::table.filter(sessions::account_id.eq(a))).execute(conn)?;
    diesel::delete(login_challenges::table.filter(login_challenges::account_id.eq(a)))
        .execute(conn)?;
    diesel::delete(known_sign_ins::table.filter(known_sign_ins::account_id.eq(a))).execute(conn)?;
    diesel::delete(password_resets::table.filter(password_resets::account_id.eq(a)))
        .execute(conn)?;
    diesel::delete(phone_changes::table.filter(phone_changes::account_id.eq(a))).execute(conn)?;
    diesel::delete(bankid_attempts::table.filter(bankid_attempts::account_id.eq(a)))
        .execute(conn)?;
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::principal.eq(a)))
        .execute(conn)?;
    Ok(n)
}

/// Clears the account's contact details.
pub fn contact_details(conn: &mut DbConn, account: &AccountId, now: NaiveDateTime) -> Result<()> {
    diesel::update(accounts::table.find(account.as_str()))
        .set((
            accounts::contact_phone.eq(None::<String>),
            accounts::contact_email.eq(None::<String>),
            accounts::contact_address.eq(None::<String>),
            accounts::contact_postal_code.eq(None::<String>),
            accounts::contact_city.eq(None::<String>),
            accounts::contact_country.eq(None::<String>),
            accounts::version.eq(accounts::version + 1),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes the person from every company they act for; how many memberships.
pub fn memberships(conn: &mut DbConn, account: &AccountId, email: &str) -> Result<usize> {
    Ok(diesel::delete(
        memberships::table.filter(
            memberships::account_id
                .eq(account.as_str())
                .or(memberships::email.eq(email)),
        ),
    )
    .execute(conn)?)
}

/// The security log keeps its events but no longer says whose: account, email, address and
/// detail are removed. How many events.
pub fn pseudonymise_security_events(
    conn: &mut DbConn,
    account: &AccountId,
    email: &str,
) -> Result<usize> {
    Ok(diesel::update(
        se::table.filter(se::account_id.eq(account.as_str()).or(se::email.eq(email))),
    )
    .set((
        se::account_id.eq(None::<String>),
        se::email.eq(None::<String>),
        se::client_address.eq(None::<String>),
        se::detail.eq(None::<String>),
    ))
    .execute(conn)?)
}

/// Removes the log of reads of the person's data and the messages waiting for them.
pub fn reads_and_messages(
    conn: &mut DbConn,
    account: &AccountId,
    email: &str,
    phone: &str,
) -> Result<()> {
    diesel::delete(
        identity_data_reads::table.filter(
            identity_data_reads::subject_account_id
                .eq(account.as_str())
                .or(identity_data_reads::subject_email.eq(email)),
        ),
    )
    .execute(conn)?;
    diesel::delete(outbox::table.filter(outbox::recipient.eq_any([email, phone]))).execute(conn)?;
    Ok(())
}

/// Removes every verified identity of the account and every document check for the person
/// (their email or account), with portraits and the links that carried them; how many checks.
pub fn identity(conn: &mut DbConn, account: &AccountId, email: &str) -> Result<usize> {
    let checks: Vec<String> = ic::table
        .filter(ic::email.eq(email).or(ic::account_id.eq(account.as_str())))
        .select(ic::id)
        .load(conn)?;
    diesel::delete(ip::table.filter(ip::check_id.eq_any(&checks))).execute(conn)?;
    diesel::delete(signup_links::table.filter(signup_links::identity_check_id.eq_any(&checks)))
        .execute(conn)?;
    diesel::delete(signup_links::table.filter(signup_links::email.eq(email))).execute(conn)?;
    let n = diesel::delete(ic::table.filter(ic::id.eq_any(&checks))).execute(conn)?;
    diesel::delete(iv::table.filter(iv::account_id.eq(account.as_str()))).execute(conn)?;
    Ok(n)
}

/// The account's cards that ended keep their trail but not their holder: the link to the account
/// and the printed name go.
pub fn ended_cards(conn: &mut DbConn, account: &AccountId) -> Result<usize> {
    Ok(
        diesel::update(cards::table.filter(cards::account_id.eq(account.as_str())))
            .set((
                cards::account_id.eq(None::<String>),
                cards::name_to_print.eq(None::<String>),
                cards::name_search.eq(None::<String>),
            ))
            .execute(conn)?,
    )
}

/// Deletes the account (everything naming it must be gone or unlinked first).
pub fn account(conn: &mut DbConn, account: &AccountId) -> Result<bool> {
    Ok(diesel::delete(accounts::table.find(account.as_str())).execute(conn)? == 1)
}

/// Records that erasure was asked for while something is still held.
pub fn mark_requested(conn: &mut DbConn, account: &AccountId, now: NaiveDateTime) -> Result<()> {
    diesel::update(
        accounts::table
            .find(account.as_str())
            .filter(accounts::erasure_requested_at.is_null()),
    )
    .set(accounts::erasure_requested_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// Up to `limit` accounts whose erasure waits for something held.
pub fn requested(conn: &mut DbConn, limit: i64) -> Result<Vec<AccountId>> {
    let ids: Vec<String> = accounts::table
        .filter(accounts::erasure_requested_at.is_not_null())
        .order(accounts::erasure_requested_at.asc())
        .select(accounts::id)
        .limit(limit)
        .load(conn)?;
    crate::typed::parse_all(ids, "accounts.id")
}
