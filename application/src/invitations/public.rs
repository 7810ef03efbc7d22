//! The invitee's side, with the link's token as the only credential: see what is asked and by
//! which company, then send personal data and contact details, validated like an order. That
//! makes a draft order and tells the inviting member it is ready to submit. Wrong tokens are
//! throttled per client address.

use crate::ProblemCode;
use chrono::{Months, NaiveDate};
use domain::{
    ActorKind, DeliveryAddress, InvitationState, OrderId, OrderPerson, OrderStatus, PhoneNumber,
};
use persistence::{
    accounts, companies, invitations, AddressRow, DbConn, InvitationWithCompany, NewOrder,
};

use super::InvitationStatus;
use crate::auth::throttle::{self, Limit};
use crate::company_orders::{person_columns, search_of, validity_error};
use crate::emails;
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::person;
use crate::journal::{self, Actor};
use crate::{ids, Context};

/// Unknown or used tokens per client address per window.
const BAD_TOKENS_PER_ADDRESS: i32 = 20;

/// A token as the invitee sent it, with where the request came from.
pub struct TokenRequest {
    pub token: String,
    pub client_address: domain::ClientAddress,
}

fn address_limit(addr: &domain::ClientAddress) -> Limit {
    Limit::per_address("invitation", addr, BAD_TOKENS_PER_ADDRESS)
}

/// The pending invitation of a token, or 404 (unknown, used, revoked or expired alike); a miss
/// counts against the caller's address (429 once too many).
fn live(
    conn: &mut DbConn,
    t: &TokenRequest,
    ctx: &Context,
) -> AppResult<Option<InvitationWithCompany>> {
    let now = ctx.now();
    let key = address_limit(&t.client_address);
    throttle::check(conn, &[&key], now)?;
    let found = invitations::find_by_token(conn, &ids::hash_secret(&t.token))?
        .filter(|i| super::status_of(&i.invitation, now) == InvitationStatus::Pending);
    if found.is_none() {
        throttle::count(conn, &[&key], now)?;
    }
    Ok(found)
}

/// `GET /v1/invitations/{token}`: what is asked, by which company. A write (the miss counter).
pub fn open(
    conn: &mut DbConn,
    t: TokenRequest,
    ctx: &Context,
) -> AppResult<Option<InvitationWithCompany>> {
    live(conn, &t, ctx)
}

/// What the invitee sends.
pub struct Submission {
    pub token: TokenRequest,
    pub person: OrderPerson,
    pub phone: PhoneNumber,
    /// Overrides the invitation's (or the company's) delivery address.
    pub delivery_address: Option<DeliveryAddress>,
}

pub struct Submitted {
    pub company_name: String,
    pub company_org_number: String,
    pub order_id: OrderId,
}

/// Either the submission's outcome, or a miss that must still be committed (the throttle count).
pub enum SubmitOutcome {
    Done(Submitted),
    UnknownToken,
}

pub fn submit(conn: &mut DbConn, cmd: Submission, ctx: &Context) -> AppResult<SubmitOutcome> {
    let now = ctx.now();
    let today = now.date();
    let Some(found) = live(conn, &cmd.token, ctx)? else {
        return Ok(SubmitOutcome::UnknownToken);
    };
    let inv = found.invitation;
    let account = accounts::find_by_email(conn, &inv.email)?.map(|a| a.id);
    // The invitation's validity, or the longest the person may hold: never past the verified
    // identity document's expiry, when the person has one.
    let document_expiry = match &account {
        Some(id) => {
            person::current(conn, ctx.vault(), id, ctx.today())?.and_then(|e| e.document_expires_on)
        }
        None => None,
    };
    let valid_until = inv.valid_until.unwrap_or_else(|| {
        let longest = longest_validity(&cmd.person, today);
        document_expiry.map_or(longest, |d| d.min(longest))
    });
    cmd.person
        .check_valid_until(valid_until, today)
        .map_err(|e| {
            let mut err = validity_error(e);
            if let AppError::Unprocessable { errors, .. } = &mut err {
                errors
                    .iter_mut()
                    .for_each(|f| f.field = "valid_until (set by the invitation)".into());
            }
            err
        })?;
    let delivery = match (&cmd.delivery_address, inv.delivery_address()) {
        (Some(a), _) => AddressRow::of(a),
        (None, Some(a)) => a,
        (None, None) => companies::find(conn, &inv.company_id)?
            .and_then(|c| c.delivery_address())
            .ok_or_else(|| {
                AppError::validation(vec![FieldError::new(
                    "delivery_address",
                    "required",
                    crate::texts::Text::new("field-delivery_address-give"),
                )])
            })?,
    };
    let order_id: OrderId = ids::new();
    let search = search_of(&cmd.person);
    let number = crate::company_orders::seal_number(ctx.vault(), &order_id, &cmd.person)?;
    journal::open(
        conn,
        ctx,
        &NewOrder {
            id: &order_id,
            company_id: &inv.company_id,
            account_id: account.as_ref(),
            cardholder_email: &inv.email,
            cardholder_phone: cmd.phone.as_str(),
            card_type: inv.card_type,
            status: OrderStatus::Draft,
            person: person_columns(&cmd.person, &search, number.as_ref()),
            valid_until,
            delivery: &delivery,
            invitation_id: Some(&inv.id),
            rejection_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
            language: inv.language,
        },
        // The invitee, known by the invitation they answered.
        &Actor {
            kind: ActorKind::Cardholder,
            id: inv.id.clone().into(),
        },
        Vec::new(),
        now,
    )?;
    // Exactly one of two racing submissions (or a submission and a revocation) wins.
    if !invitations::close(
        conn,
        &inv.id,
        inv.version,
        InvitationState::Completed,
        Some(&order_id),
        now,
    )? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: crate::texts::Text::new("problem-invitation-answered"),
        });
    }
    if let Some(answered) = invitations::find(conn, &inv.company_id, &inv.id)? {
        let event_id: domain::EventId = ids::new();
        crate::webhooks::emit(
            conn,
            ctx,
            domain::EventType::InvitationCompleted,
            &event_id,
            crate::webhooks::Subject::Invitation(&answered),
            now,
        )?;
    }
    let inviter = match &inv.created_by {
        domain::CallerId::Account(id) => accounts::find(conn, id)?,
        domain::CallerId::Client(_) => None,
    };
    if let Some(member) = inviter {
        let link = ctx
            .links()
            .company_card_order(inv.company_id.as_str(), order_id.as_str());
        let person = cmd.person.name.full();
        crate::outbox::queue(
            conn,
            ctx,
            emails::order_ready_to_submit(
                &member.email,
                member.language,
                &found.company_name,
                &person,
                &link,
            ),
            now,
        )?;
    }
    tracing::info!(event = "invitation_completed", invitation_id = %inv.id, order_id = %order_id, "invitation answered; draft order made");
    Ok(SubmitOutcome::Done(Submitted {
        company_name: found.company_name,
        company_org_number: found.company_org_number,
        order_id,
    }))
}

/// Five years for Swedish citizens and holders of a Swedish number, otherwise six months (less a
/// day, so the limit itself is inside the rule).
fn longest_validity(person: &OrderPerson, today: NaiveDate) -> NaiveDate {
    let months = if person.may_hold_long_validity() {
        60
    } else {
        6
    };
    today
        .checked_add_months(Months::new(months))
        .unwrap_or(today)
}
