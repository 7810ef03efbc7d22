//! Activation and the PIN (help article: "activate the card", "PIN kod"). The cardholder,
//! signed in with the second factor, types the number printed on the card; activation makes a
//! PIN, shown at once and sealed at rest, and the PIN can be shown again by typing the number
//! again. Wrong numbers are counted per account (the count commits with the refusal).
//! Activating a card ends the holder's older cards from the same company.

use crate::ProblemCode;

use chrono::NaiveDateTime;
use domain::{ActorKind, CardId, CardNumber, CardStatus, CardTransition};
use persistence::{cards, CardWithCompany, DbConn};
use subtle::ConstantTimeEq;

use super::CardEntry;
use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult, FieldError};
use crate::journal::Actor;
use crate::principal::MultiFactor;
use crate::Context;

/// Wrong card numbers per account per window.
pub const WRONG_NUMBERS_PER_ACCOUNT: i32 = 10;

pub struct TypedNumber {
    pub card_id: CardId,
    pub number: CardNumber,
}

/// The card and its PIN, in the clear only on the way to the cardholder.
pub struct WithPin {
    pub card: CardWithCompany,
    pub pin: String,
}

/// A refusal that must still commit (the wrong number is counted) is the inner `Err`.
pub type Counted<T> = Result<T, AppError>;

pub fn activate(
    conn: &mut DbConn,
    who: &MultiFactor,
    cmd: TypedNumber,
    ctx: &Context,
) -> AppResult<Counted<WithPin>> {
    let now = ctx.now();
    let mut found = match typed(conn, who, &cmd, now)? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let card = &mut found.card;
    let actor = Actor {
        kind: ActorKind::Cardholder,
        id: who.account_id().clone().into(),
    };
    crate::journal::record(
        conn,
        ctx,
        card,
        CardEntry {
            transition: CardTransition::Activate,
            actor,
            reason: None,
            proof: None,
            notify: Vec::new(),
        },
        now,
    )?;
    let pin = super::pin::new_pin();
    let sealed = ctx.vault().seal(card.id.as_str(), &pin)?;
    cards::set_pin(conn, &card.id, &sealed, now)?;
    card.activated_at = Some(now);
    let replaced = format!("replaced by card {}", card.id);
    for mut older in cards::of_holder(conn, who.account_id(), &card.company_id)? {
        let ends =
            older.id != card.id && older.created_at <= card.created_at && !older.status.is_final();
        if ends {
            crate::journal::record(
                conn,
                ctx,
                &mut older,
                CardEntry {
                    transition: CardTransition::Terminate,
                    actor: Actor::SYSTEM,
                    reason: Some(&replaced),
                    proof: None,
                    notify: Vec::new(),
                },
                now,
            )?;
        }
    }
    Ok(Ok(WithPin { card: found, pin }))
}

pub fn show_pin(
    conn: &mut DbConn,
    who: &MultiFactor,
    cmd: TypedNumber,
    ctx: &Context,
) -> AppResult<Counted<WithPin>> {
    let found = match typed(conn, who, &cmd, ctx.now())? {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    if !matches!(found.card.status, CardStatus::Active | CardStatus::Blocked) {
        return Err(AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: crate::texts::Text::new("problem-pin-needs-active-card")
                .with_label("status", format!("card-status-{}", found.card.status)),
        });
    }
    let sealed = cards::sealed_pin(conn, &found.card.id)?
        .ok_or_else(|| AppError::Internal(format!("active card {} has no PIN", found.card.id)))?;
    let pin = ctx.vault().open(found.card.id.as_str(), &sealed)?;
    Ok(Ok(WithPin { card: found, pin }))
}

/// The caller's card if the typed number is its number; a wrong number is counted and refused.
fn typed(
    conn: &mut DbConn,
    who: &MultiFactor,
    cmd: &TypedNumber,
    now: NaiveDateTime,
) -> AppResult<Counted<CardWithCompany>> {
    let limit = Limit::new(
        format!("card-number:{}", who.account_id()),
        WRONG_NUMBERS_PER_ACCOUNT,
    );
    throttle::check(conn, &[&limit], now)?;
    let found =
        cards::find_for_account(conn, &cmd.card_id, who.account_id())?.ok_or(AppError::NotFound)?;
    let same: bool = found
        .card
        .number
        .as_bytes()
        .ct_eq(cmd.number.as_str().as_bytes())
        .into();
    if !same {
        throttle::count(conn, &[&limit], now)?;
        return Ok(Err(AppError::Unprocessable {
            code: ProblemCode::CardNumberMismatch,
            detail: crate::texts::Text::new("problem-card-number-mismatch"),
            errors: vec![FieldError::new(
                "card_number",
                "card_number_mismatch",
                crate::texts::Text::new("field-card_number_mismatch"),
            )],
        }));
    }
    Ok(Ok(found))
}
