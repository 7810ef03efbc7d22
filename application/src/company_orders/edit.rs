//! The company corrects the person data of an order the cardholder has not accepted (waiting for
//! review, or rejected). The order waits for the cardholder's review again, the cardholder is
//! emailed, and a cardholder holding the old version gets 412 on accept.

use crate::ProblemCode;
use chrono::NaiveDate;
use domain::{CompanyAction, DeliveryAddress, OrderPerson, PersonInput, Transition};
use persistence::{company_orders, AddressRow, DbConn};

use super::{
    assess, load, person_columns, seal_number, search_of, validity_error, CompanyOrder, OrderRef,
};
use crate::emails;
use crate::error::{AppError, AppResult, FieldError};
use crate::journal::{self, Entry};
use crate::orders::IfMatch;
use crate::principal::Principal;
use crate::Context;

/// A merge patch of the order: a field given replaces the stored one; `Some(None)` clears an
/// optional one (the name to print then is derived from the name again). A name to print that
/// was derived, and is not sent, is derived again from the patched name.
#[derive(Debug, Default)]
pub struct OrderPatch {
    pub given_names: Option<String>,
    pub surname: Option<String>,
    pub date_of_birth: Option<String>,
    pub nationality: Option<String>,
    pub personal_identity_number: Option<Option<String>>,
    pub name_to_print: Option<Option<String>>,
    pub valid_until: Option<NaiveDate>,
    pub delivery_address: Option<DeliveryAddress>,
}

pub struct EditOrder {
    pub order: OrderRef,
    pub if_match: IfMatch,
    pub patch: OrderPatch,
}

pub fn edit(
    conn: &mut DbConn,
    who: &Principal,
    cmd: EditOrder,
    ctx: &Context,
) -> AppResult<CompanyOrder> {
    let now = ctx.now();
    let today = now.date();
    let (acting, mut order) = load(conn, who, &cmd.order, CompanyAction::Order)?;
    journal::next(order.status, Transition::Edit)?;
    cmd.if_match.check_version(order.version)?;
    let p = cmd.patch;
    let current = crate::opened::order_number(ctx.vault(), &order, today)?;
    let input = PersonInput {
        given_names: p.given_names.unwrap_or_else(|| order.given_names.clone()),
        surname: p.surname.unwrap_or_else(|| order.surname.clone()),
        date_of_birth: p
            .date_of_birth
            .unwrap_or_else(|| order.date_of_birth.to_string()),
        nationality: p.nationality.unwrap_or_else(|| order.nationality.clone()),
        personal_identity_number: p
            .personal_identity_number
            .unwrap_or_else(|| current.as_ref().map(|n| n.digits().to_owned())),
        name_to_print: p.name_to_print.unwrap_or_else(|| {
            order
                .name_to_print_chosen
                .then(|| order.name_to_print.clone())
        }),
    };
    let person = OrderPerson::parse(&input, today).map_err(|errors| {
        AppError::validation(
            errors
                .into_iter()
                .map(|(f, e)| FieldError::invalid(f, &e))
                .collect(),
        )
    })?;
    let valid_until = p.valid_until.unwrap_or(order.valid_until);
    person
        .check_valid_until(valid_until, today)
        .map_err(validity_error)?;
    let delivery = p
        .delivery_address
        .as_ref()
        .map_or_else(|| order.delivery_address(), AddressRow::of);
    let search = search_of(&person);
    // A patch that changes nothing is not a change: same version, no event, no email. (The
    // number is compared opened: a sealed value differs each time it is sealed.)
    if person_columns(&person, &search, None) == stored_columns(&order, &search)
        && person.personal_identity_number == current
        && valid_until == order.valid_until
        && delivery == order.delivery_address()
    {
        return assess(conn, ctx.vault(), order, today);
    }
    let number = seal_number(ctx.vault(), &order.id, &person)?;
    let columns = person_columns(&person, &search, number.as_ref());
    if !company_orders::update_person(
        conn,
        &order.id,
        order.version,
        &columns,
        valid_until,
        &delivery,
    )? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: crate::texts::Text::new("problem-changed-meanwhile").with("what", "order"),
        });
    }
    let link = ctx.links().card_order(order.id.as_str());
    let to = order.cardholder_email.clone();
    let language = crate::accounts::link::cardholder_language(conn, &order)?;
    journal::record(
        conn,
        ctx,
        &mut order,
        Entry {
            transition: Transition::Edit,
            actor: acting.actor(),
            reason: None,
            notify: vec![emails::order_changed(
                &to,
                language,
                &acting.company.name,
                &link,
            )],
            proof: None,
        },
        now,
    )?;
    let order = company_orders::find(conn, &cmd.order.company_id, &cmd.order.order_id)?
        .ok_or(AppError::NotFound)?;
    assess(conn, ctx.vault(), order, today)
}

/// The stored person columns of `order` but its number, to compare a patched person with (the
/// search key is derived from the name, so it is the patched one's whenever the names agree).
fn stored_columns<'a>(
    order: &'a persistence::OrderRow,
    search: &'a str,
) -> persistence::PersonColumns<'a> {
    persistence::PersonColumns {
        given_names: &order.given_names,
        surname: &order.surname,
        name_to_print: &order.name_to_print,
        name_to_print_chosen: order.name_to_print_chosen,
        name_search: search,
        date_of_birth: order.date_of_birth,
        nationality: &order.nationality,
        personal_identity_number: None,
    }
}
