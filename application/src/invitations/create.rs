//! A member invites a person: an email with a single-use link that expires in 14 days.

use chrono::{Months, NaiveDate};
use domain::{CompanyAction, CompanyId, DeliveryAddress, Email, InvitationId, Language};
use persistence::{invitations, AddressRow, DbConn, NewInvitation};

use super::{InvitationView, LIFETIME};
use crate::companies::access;
use crate::emails;
use crate::error::{AppError, AppResult, FieldError};
use crate::principal::Principal;
use crate::{ids, outbox, Context};

pub struct InviteCardholder {
    pub company_id: CompanyId,
    pub email: Email,
    /// The card asked for (standard: the only one with personal data).
    pub card_type: domain::CardKind,
    pub valid_until: Option<NaiveDate>,
    pub delivery_address: Option<DeliveryAddress>,
    /// The language the invitee is written to in (and their order's), until their account has
    /// its own.
    pub language: Language,
}

pub fn create(
    conn: &mut DbConn,
    who: &Principal,
    cmd: InviteCardholder,
    ctx: &Context,
) -> AppResult<InvitationView> {
    let now = ctx.now();
    let today = now.date();
    let acting = access::require(conn, who, &cmd.company_id, CompanyAction::Order)?;
    if let Some(v) = cmd.valid_until {
        // The person's own limit (5 years or 6 months) is checked when their data arrives.
        let max = today
            .checked_add_months(Months::new(60))
            .unwrap_or(NaiveDate::MAX);
        if v <= today || v > max {
            return Err(AppError::validation(vec![FieldError::new(
                "valid_until",
                "invalid_validity",
                crate::texts::Text::new("field-invalid_validity-between")
                    .with("max", max.to_string()),
            )]));
        }
    }
    let id: InvitationId = ids::new();
    let token = ids::new_secret("ivt");
    let delivery = cmd.delivery_address.as_ref().map(AddressRow::of);
    invitations::insert(
        conn,
        &NewInvitation {
            id: &id,
            company_id: &cmd.company_id,
            email: cmd.email.as_str(),
            card_type: cmd.card_type,
            valid_until: cmd.valid_until,
            delivery: delivery.as_ref(),
            token_hash: &ids::hash_secret(&token),
            expires_at: now + LIFETIME,
            created_by: &who.caller_id(),
            language: cmd.language,
            now,
        },
    )?;
    let language = crate::accounts::link::language_of(conn, cmd.email.as_str(), cmd.language)?;
    outbox::queue(
        conn,
        ctx,
        emails::invitation(
            cmd.email.as_str(),
            language,
            &acting.company.name,
            &ctx.links().invitation(&token),
            LIFETIME.num_days(),
        ),
        now,
    )?;
    tracing::info!(event = "cardholder_invited", invitation_id = %id, company_id = %cmd.company_id, "cardholder invited");
    let row = invitations::find(conn, &cmd.company_id, &id)?.ok_or(AppError::NotFound)?;
    Ok(InvitationView::at(row, now))
}
