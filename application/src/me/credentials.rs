//! Changing your password and your mobile number while signed in. Both need the current
//! password (throttled like sign-in), and both end every other session: whoever else held one
//! may have been the reason for the change. The account's email (and for a new number, the old
//! number) is told.

use crate::ProblemCode;
use domain::{AccountId, Password, PhoneChangeId, PhoneNumber, SessionId};
use persistence::{accounts, password_resets, phone_changes, sessions, NewPhoneChange};

use crate::account_notices;
use crate::auth::password;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult, FieldError};
use crate::principal::MultiFactor;
use crate::security_events::{self, Event, Kind};
use crate::sign_in::CODE_TTL;
use crate::{ids, outbox, App, Credentials};

/// What the current-password check read.
pub(crate) struct Caller {
    account_id: AccountId,
    session_id: SessionId,
    email: String,
    phone: String,
    password_hash: String,
    language: domain::Language,
}

fn wrong_password() -> AppError {
    AppError::Unprocessable {
        code: ProblemCode::WrongPassword,
        detail: crate::texts::Text::new("problem-wrong-password"),
        errors: vec![FieldError::new(
            "current_password",
            "wrong_password",
            crate::texts::Text::new("field-wrong_password"),
        )],
    }
}

/// Checks `current` against the caller's password on the password threads; a wrong one counts
/// against the account's sign-in limit (429 once reached), so a stolen session cannot be used to
/// guess the password.
pub(crate) async fn check_current(
    app: &App,
    credentials: &Credentials,
    current: String,
) -> AppResult<Caller> {
    let caller = app
        .read_as(
            credentials.clone(),
            (),
            |conn, who: &MultiFactor, _, ctx| {
                let account = accounts::find(conn, who.account_id())?.ok_or(AppError::NotFound)?;
                throttle::check(conn, &[&Limit::email(&account.email)], ctx.now())?;
                Ok(Caller {
                    account_id: account.id,
                    session_id: who.session_id().clone(),
                    email: account.email,
                    phone: account.phone,
                    password_hash: account.password_hash,
                    language: account.language,
                })
            },
        )
        .await?;
    let stored = caller.password_hash.clone();
    let ok = app
        .passwords
        .run(move || password::verify(&current, &stored))
        .await?;
    if !ok {
        let limit = Limit::email(&caller.email);
        let account = caller.account_id.clone();
        app.write(move |conn, ctx| {
            let now = ctx.now();
            throttle::count(conn, &[&limit], now)?;
            security_events::record(
                conn,
                Event::new(Kind::CurrentPasswordWrong).account(&account),
                now,
            )
        })
        .await?;
        tracing::info!(event = "current_password_wrong", account_id = %caller.account_id, "wrong current password");
        return Err(wrong_password());
    }
    Ok(caller)
}

pub struct ChangePassword {
    pub current: String,
    pub new: Password,
}

/// Sets a new password; every other session ends, the current one stays.
pub async fn change_password(
    app: &App,
    credentials: Credentials,
    cmd: ChangePassword,
) -> AppResult<()> {
    let caller = check_current(app, &credentials, cmd.current).await?;
    let new = cmd.new;
    let new_hash = app
        .passwords
        .run(move || password::hash(new.expose()))
        .await?
        .map_err(AppError::Internal)?;
    app.write_as(credentials, (), move |conn, _: &MultiFactor, _, ctx| {
        let now = ctx.now();
        if !accounts::set_password(conn, &caller.account_id, &caller.password_hash, &new_hash, now)? {
            return Err(AppError::Conflict {
                code: ProblemCode::ConcurrentChange,
                detail: crate::texts::Text::new("problem-password-changed-meanwhile"),
            });
        }
        let ended = sessions::revoke_all_except(conn, &caller.account_id, Some(&caller.session_id), now)?;
        password_resets::end_all(conn, &caller.account_id, now)?;
        Limit::email(&caller.email).reset(conn)?;
        outbox::queue(conn, ctx, account_notices::password_changed(&caller.email, caller.language), now)?;
        security_events::record(conn, Event::new(Kind::PasswordChanged).account(&caller.account_id), now)?;
        tracing::info!(event = "password_changed", account_id = %caller.account_id, sessions_ended = ended, "password changed");
        Ok(())
    })
    .await?;
    Ok(())
}

pub struct StartPhoneChange {
    pub current_password: String,
    pub phone: PhoneNumber,
}

/// A pending change of the mobile number.
#[derive(Debug, Clone)]
pub struct PendingPhoneChange {
    pub id: PhoneChangeId,
    pub phone_hint: String,
    pub expires_at: chrono::NaiveDateTime,
}

/// Sends a code to the new number; the number changes when the code comes back
/// ([`confirm_phone_change`]). Codes count against the account's SMS budget.
pub async fn start_phone_change(
    app: &App,
    credentials: Credentials,
    cmd: StartPhoneChange,
) -> AppResult<PendingPhoneChange> {
    let caller = check_current(app, &credentials, cmd.current_password).await?;
    let phone = cmd.phone;
    let pending = app
        .write_as(credentials, (), move |conn, _: &MultiFactor, _, ctx| {
            let now = ctx.now();
            if phone.as_str() == caller.phone {
                return Err(AppError::Unprocessable {
                    code: ProblemCode::ValidationFailed,
                    detail: crate::texts::Text::new("problem-same-phone"),
                    errors: vec![FieldError::new(
                        "phone",
                        "same_phone",
                        crate::texts::Text::new("field-same_phone"),
                    )],
                });
            }
            let sms = Limit::sms(&caller.account_id);
            throttle::check(conn, &[&sms], now)?;
            throttle::count(conn, &[&sms], now)?;
            let id: PhoneChangeId = ids::new();
            let code = crate::auth::code::generate().map_err(AppError::Internal)?;
            let expires_at = now + CODE_TTL;
            phone_changes::insert(
                conn,
                &NewPhoneChange {
                    id: &id,
                    account_id: &caller.account_id,
                    phone: phone.as_str(),
                    code_hash: &crate::auth::code::hash(id.as_str(), &code),
                    expires_at,
                    now,
                },
            )?;
            let body = crate::texts::Text::new("sms-phone-change-code")
                .with("code", code)
                .with("minutes", CODE_TTL.num_minutes())
                .render(caller.language);
            outbox::queue(
                conn,
                ctx,
                outbox::Notification::Sms {
                    to: phone.as_str().to_owned(),
                    body,
                },
                now,
            )?;
            Ok(PendingPhoneChange {
                id,
                phone_hint: phone.masked(),
                expires_at,
            })
        })
        .await?;
    Ok(pending)
}

/// Wrong codes a pending change takes before it dies.
pub const PHONE_CODE_ATTEMPTS: i32 = 5;

pub struct ConfirmPhoneChange {
    pub id: String,
    pub code: String,
}

/// The code that went to the new number: the number changes, every other session ends, the old
/// number and the email are told. Returns the new number. A wrong code is counted (and that
/// count committed) before the refusal is returned.
pub async fn confirm_phone_change(
    app: &App,
    credentials: Credentials,
    cmd: ConfirmPhoneChange,
) -> AppResult<PhoneNumber> {
    let outcome = app
        .write_as(credentials, cmd, |conn, who: &MultiFactor, cmd, ctx| {
            confirm(conn, who, cmd, ctx)
        })
        .await?;
    outcome
}

/// The outer result fails the transaction; the inner one is a refusal whose bookkeeping (the
/// wrong-code count) is kept.
fn confirm(
    conn: &mut persistence::DbConn,
    who: &MultiFactor,
    cmd: ConfirmPhoneChange,
    ctx: &crate::Context,
) -> AppResult<AppResult<PhoneNumber>> {
    let now = ctx.now();
    // An id not even of the form names no change (read after the caller is known: 401 first).
    let id = PhoneChangeId::parse(&cmd.id).ok_or(AppError::NotFound)?;
    let change = phone_changes::find(conn, &id, who.account_id())?.ok_or(AppError::NotFound)?;
    let closed = || AppError::Conflict {
        code: ProblemCode::PhoneChangeClosed,
        detail: crate::texts::Text::new("problem-phone-change-closed"),
    };
    if change.consumed_at.is_some()
        || change.expires_at <= now
        || change.attempts >= PHONE_CODE_ATTEMPTS
    {
        return Err(closed());
    }
    if !crate::auth::code::matches(change.id.as_str(), &cmd.code, &change.code_hash) {
        phone_changes::record_wrong_code(conn, &change.id)?;
        let remaining = PHONE_CODE_ATTEMPTS - change.attempts - 1;
        tracing::info!(event = "phone_change_code_wrong", account_id = %who.account_id(), "wrong code");
        return Ok(Err(if remaining > 0 {
            AppError::Unprocessable {
                code: ProblemCode::InvalidCode,
                detail: crate::texts::Text::new("problem-wrong-phone-code")
                    .with("remaining", i64::from(remaining)),
                errors: vec![FieldError::new(
                    "code",
                    "invalid_code",
                    crate::texts::Text::new("field-invalid_code-phone"),
                )],
            }
        } else {
            closed()
        }));
    }
    if !phone_changes::consume(conn, &change.id, now)? {
        return Err(closed());
    }
    let phone =
        PhoneNumber::parse_stored(&change.phone).map_err(|e| AppError::corrupt("phone", e))?;
    let account = accounts::find(conn, who.account_id())?.ok_or(AppError::NotFound)?;
    accounts::set_phone(conn, who.account_id(), phone.as_str(), now)?;
    let ended = sessions::revoke_all_except(conn, who.account_id(), Some(who.session_id()), now)?;
    for notice in account_notices::phone_changed(
        &account.email,
        &account.phone,
        &phone.masked(),
        account.language,
    ) {
        outbox::queue(conn, ctx, notice, now)?;
    }
    security_events::record(
        conn,
        Event::new(Kind::PhoneChanged).account(who.account_id()),
        now,
    )?;
    tracing::info!(event = "phone_changed", account_id = %who.account_id(), sessions_ended = ended, "mobile number changed");
    Ok(Ok(phone))
}
