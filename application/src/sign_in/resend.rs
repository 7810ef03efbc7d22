//! A new code for the same sign-in attempt; the previous code stops working.

use domain::ChallengeId;
use persistence::{accounts, login};

use super::{
    challenge, challenge_invalid, code_message, Challenge, CODE_TTL, MAX_SENDS, RESEND_COOLDOWN,
};
use crate::auth::throttle;
use crate::error::{AppError, AppResult};
use crate::{outbox, App};

pub struct ResendCode {
    pub challenge_id: ChallengeId,
    /// For the per-address limit on codes sent.
    pub client_address: domain::ClientAddress,
}

/// Allowed after a cooldown, a few times per attempt, within the account's SMS budget and the
/// address's (which spares accounts that signed in from that address before).
pub async fn resend(app: &App, cmd: ResendCode) -> AppResult<Challenge> {
    let challenge = app
        .write(move |conn, ctx| {
            let now = ctx.now();
            let ch = login::find(conn, &cmd.challenge_id)?.ok_or_else(challenge_invalid)?;
            if ch.consumed_at.is_some()
                || ch.expires_at <= now
                || ch.attempts >= throttle::CODE_ATTEMPTS
            {
                return Err(challenge_invalid());
            }
            let ready_at = ch.last_sent_at + RESEND_COOLDOWN;
            if ready_at > now {
                return Err(AppError::RateLimited {
                    retry_after_secs: (ready_at - now).num_seconds().max(1).unsigned_abs(),
                });
            }
            if ch.sends >= MAX_SENDS {
                return Err(AppError::RateLimited {
                    retry_after_secs: (ch.expires_at - now).num_seconds().max(1).unsigned_abs(),
                });
            }
            let sms = throttle::Limit::sms(&ch.account_id);
            let by_address = throttle::Limit::resend_address(&cmd.client_address);
            throttle::check(conn, &[&sms], now)?;
            throttle::check_address(
                conn,
                &by_address,
                Some(&ch.account_id),
                &cmd.client_address,
                now,
            )?;
            throttle::count(conn, &[&sms, &by_address], now)?;
            let account = accounts::find(conn, &ch.account_id)?.ok_or_else(challenge_invalid)?;
            let (sms, code_hash) = code_message(&ch.id, &account.phone, account.language)?;
            outbox::queue(conn, ctx, sms, now)?;
            let expires_at = now + CODE_TTL;
            login::replace_code(conn, &ch.id, &code_hash, expires_at, now)?;
            challenge(ch.id, &account.phone, expires_at, now)
        })
        .await?;
    Ok(challenge)
}
