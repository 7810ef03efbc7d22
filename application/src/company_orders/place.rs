//! Placing a card order: the person, the cardholder's email and mobile number, validity and
//! delivery (the company's default address unless given). The order waits for the cardholder's
//! review, who is emailed; a cardholder without an account yet is also sent a link to create
//! one (the BankID route), and finds the order in it.

use chrono::NaiveDate;
use domain::{
    CompanyAction, CompanyId, DeliveryAddress, Email, Language, OrderId, OrderPerson, OrderStatus,
    PhoneNumber,
};
use persistence::{accounts, company_orders, AddressRow, DbConn, NewOrder};

use super::{assess, person_columns, seal_number, search_of, validity_error, CompanyOrder};
use crate::accounts::link::send_link;
use crate::companies::access::{self, Acting};
use crate::emails::{self, AccountReason};
use crate::error::{AppError, AppResult, FieldError};
use crate::principal::Principal;
use crate::{ids, journal, Context};

pub struct PlaceOrder {
    pub company_id: CompanyId,
    pub person: OrderPerson,
    pub cardholder_email: Email,
    pub cardholder_phone: PhoneNumber,
    pub valid_until: NaiveDate,
    /// `None`: the company's default delivery address.
    pub delivery_address: Option<DeliveryAddress>,
    /// The language the cardholder is written to in until their account has its own.
    pub language: Language,
}

pub fn place(
    conn: &mut DbConn,
    who: &Principal,
    cmd: PlaceOrder,
    ctx: &Context,
) -> AppResult<CompanyOrder> {
    let acting = access::require(conn, who, &cmd.company_id, CompanyAction::Order)?;
    let id = place_for(conn, &acting, &cmd, ctx)?;
    let order = company_orders::find(conn, &cmd.company_id, &id)?.ok_or(AppError::NotFound)?;
    assess(conn, ctx.vault(), order, ctx.today())
}

/// Places the order for a caller whose right to order was checked (`acting`): the order, its
/// trail entry, webhook events and the cardholder's emails, in the caller's transaction.
pub fn place_for(
    conn: &mut DbConn,
    acting: &Acting,
    cmd: &PlaceOrder,
    ctx: &Context,
) -> AppResult<OrderId> {
    let now = ctx.now();
    cmd.person
        .check_valid_until(cmd.valid_until, now.date())
        .map_err(validity_error)?;
    let delivery = match &cmd.delivery_address {
        Some(a) => AddressRow::of(a),
        None => acting.company.delivery_address().ok_or_else(|| {
            AppError::validation(vec![FieldError::new(
                "delivery_address",
                "required",
                crate::texts::Text::new("field-delivery_address-required"),
            )])
        })?,
    };
    let account = accounts::find_by_email(conn, cmd.cardholder_email.as_str())?;
    let language = account.as_ref().map_or(cmd.language, |a| a.language);
    let account = account.map(|a| a.id);
    let id: OrderId = ids::new();
    let search = search_of(&cmd.person);
    let number = seal_number(ctx.vault(), &id, &cmd.person)?;
    let link = ctx.links().card_order(id.as_str());
    journal::open(
        conn,
        ctx,
        &NewOrder {
            id: &id,
            company_id: &cmd.company_id,
            account_id: account.as_ref(),
            cardholder_email: cmd.cardholder_email.as_str(),
            cardholder_phone: cmd.cardholder_phone.as_str(),
            card_type: domain::CardKind::Standard,
            status: OrderStatus::WaitingForReview,
            person: person_columns(&cmd.person, &search, number.as_ref()),
            valid_until: cmd.valid_until,
            delivery: &delivery,
            invitation_id: None,
            rejection_reason: None,
            version: 1,
            created_at: now,
            updated_at: now,
            language: cmd.language,
        },
        &acting.actor(),
        vec![emails::card_ordered(
            cmd.cardholder_email.as_str(),
            language,
            &acting.company.name,
            &link,
        )],
        now,
    )?;
    // Looked up above: a cardholder without an account is sent a link to create one.
    if account.is_none() {
        send_link(
            conn,
            &cmd.cardholder_email,
            AccountReason::CardOrdered {
                company: &acting.company.name,
            },
            None,
            cmd.language,
            ctx,
            now,
        )?;
    }
    Ok(id)
}
