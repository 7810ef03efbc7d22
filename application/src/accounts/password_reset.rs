//! Forgotten passwords: a single-use link by email (1 hour), then a new password; every session
//! of the account ends. The request is answered the same whether or not the email has an
//! account. Signing in afterwards still needs the SMS code, so a link alone (a read mailbox) does
//! not give the account away.

use chrono::TimeDelta;
use domain::{Email, Password};
use persistence::{accounts, password_resets, sessions};

use super::create::invalid_link;
use crate::account_notices;
use crate::auth::password;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult};
use crate::security_events::{self, Event, Kind};
use crate::{ids, outbox, App};

/// How long a reset link works.
pub const RESET_LIFETIME: TimeDelta = TimeDelta::hours(1);
/// Reset requests per email per window (each sends an email).
const REQUESTS_PER_EMAIL: i32 = 3;
/// Reset requests per client address per window.
const REQUESTS_PER_ADDRESS: i32 = 20;
/// Failed link uses per client address per window.
const BAD_LINKS_PER_ADDRESS: i32 = 20;

pub struct RequestReset {
    pub email: Email,
    pub client_address: domain::ClientAddress,
}

/// Queues the link when the email has an account; does the same work and gives the same answer
/// when it has none.
pub async fn request(app: &App, cmd: RequestReset) -> AppResult<()> {
    app.write(move |conn, ctx| {
        let now = ctx.now();
        let by_email = Limit::new(
            format!("reset-email:{}", ids::hash_secret(cmd.email.as_str())),
            REQUESTS_PER_EMAIL,
        );
        let by_address = Limit::per_address("reset", &cmd.client_address, REQUESTS_PER_ADDRESS);
        throttle::check(conn, &[&by_email, &by_address], now)?;
        throttle::count(conn, &[&by_email, &by_address], now)?;
        let requested = Event::new(Kind::PasswordResetRequested)
            .email(cmd.email.as_str())
            .from_address(&cmd.client_address);
        let Some(account) = accounts::find_by_email(conn, cmd.email.as_str())? else {
            security_events::record(conn, requested, now)?;
            tracing::info!(event = "password_reset_unknown_email", "reset asked for an email without an account");
            return Ok(());
        };
        password_resets::end_all(conn, &account.id, now)?;
        let token = ids::new_secret("prt");
        password_resets::insert(conn, &ids::hash_secret(&token), &account.id, now + RESET_LIFETIME, now)?;
        let link = ctx.links().reset_password(&token);
        outbox::queue(conn, ctx,
            account_notices::password_reset_link(
                &account.email,
                account.language,
                &link,
                RESET_LIFETIME.num_minutes(),
            ),
            now,
        )?;
        security_events::record(conn, requested.account(&account.id), now)?;
        tracing::info!(event = "password_reset_requested", account_id = %account.id, "reset link queued");
        Ok(())
    })
    .await?;
    Ok(())
}

pub struct CompleteReset {
    pub token: String,
    pub new_password: Password,
    pub client_address: domain::ClientAddress,
}

/// Uses the link: the new password is set and every session of the account ends.
pub async fn complete(app: &App, cmd: CompleteReset) -> AppResult<()> {
    let token_hash = ids::hash_secret(&cmd.token);
    let bad_links = Limit::per_address("reset-link", &cmd.client_address, BAD_LINKS_PER_ADDRESS);
    // Hashing costs; a throttled address or a dead link is refused before it.
    let (th, limit) = (token_hash.clone(), bad_links.clone());
    let live = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            throttle::check(conn, &[&limit], now)?;
            let live = password_resets::is_live(conn, &th, now)?;
            if !live {
                throttle::count(conn, &[&limit], now)?;
            }
            Ok(live)
        })
        .await?;
    if !live {
        return Err(invalid_link());
    }
    let new = cmd.new_password;
    let address = cmd.client_address;
    let new_hash = app
        .passwords
        .run(move || password::hash(new.expose()))
        .await?
        .map_err(AppError::Internal)?;
    app.write(move |conn, ctx| {
        let now = ctx.now();
        // Two uses of one link: the conditional update leaves one winner.
        let account_id = password_resets::redeem(conn, &token_hash, now)?.ok_or_else(invalid_link)?;
        let account = accounts::find(conn, &account_id)?.ok_or_else(invalid_link)?;
        if !accounts::set_password(conn, &account.id, &account.password_hash, &new_hash, now)? {
            return Err(invalid_link());
        }
        let ended = sessions::revoke_all_except(conn, &account.id, None, now)?;
        password_resets::end_all(conn, &account.id, now)?;
        Limit::email(&account.email).reset(conn)?;
        outbox::queue(conn, ctx, account_notices::password_reset_done(&account.email, account.language), now)?;
        let event = Event::new(Kind::PasswordReset).account(&account.id).from_address(&address);
        security_events::record(conn, event, now)?;
        tracing::info!(event = "password_reset", account_id = %account.id, sessions_ended = ended, "password set from a reset link");
        Ok(())
    })
    .await?;
    Ok(())
}
