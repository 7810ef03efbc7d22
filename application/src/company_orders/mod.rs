//! A company's card orders (DESIGN §4): place, list, read with the identity check against the
//! cardholder's evidence, edit while the cardholder has not accepted, submit a draft, cancel
//! before production, and the audit trail. Every transition goes through the journal.

pub mod cancel;
pub mod edit;
pub mod events;
pub mod list;
pub mod place;
pub mod submit;
pub mod view;

use chrono::NaiveDate;
use domain::{search_key, CompanyAction, CompanyId, IdentityCheck, OrderId, OrderPerson};
use persistence::{company_orders, DbConn, EvidenceRow, OrderRow, PersonColumns};

use super::companies::access::{self, Acting};
use super::error::{AppError, AppResult};
use super::orders::view::identity_check;
use super::principal::Principal;
use crate::identity::person;

/// Which order of which company.
#[derive(Debug, Clone)]
pub struct OrderRef {
    pub company_id: CompanyId,
    pub order_id: OrderId,
}

/// A company's order with the cardholder's verified identity and how the two compare.
#[derive(Debug, Clone)]
pub struct CompanyOrder {
    pub order: OrderRow,
    pub evidence: Option<EvidenceRow>,
    pub identity: IdentityCheck,
    /// The newest identity-document check for the cardholder's email: yellow and red show why
    /// and what next.
    pub identity_verification: Option<crate::identity::CheckStatus>,
}

impl CompanyOrder {
    /// The entity tag of the order: its version.
    pub fn etag(&self) -> String {
        format!("\"{}\"", self.order.version)
    }
}

/// The caller's company's order after the role check, or 404.
pub fn load(
    conn: &mut DbConn,
    who: &Principal,
    r: &OrderRef,
    action: CompanyAction,
) -> AppResult<(Acting, OrderRow)> {
    let acting = access::require(conn, who, &r.company_id, action)?;
    let order =
        company_orders::find(conn, &r.company_id, &r.order_id)?.ok_or(AppError::NotFound)?;
    Ok((acting, order))
}

/// The order with the identity check (its cardholder's latest verified identity, if any).
pub fn assess(conn: &mut DbConn, order: OrderRow, today: NaiveDate) -> AppResult<CompanyOrder> {
    let evidence = match &order.account_id {
        Some(account) => person::current(conn, account, today)?,
        None => None,
    };
    let identity = identity_check(&order, evidence.as_ref(), today)?;
    let identity_verification =
        persistence::identity_checks::latest_for_email(conn, &order.cardholder_email)?
            .map(|c| crate::identity::CheckStatus::from(&c));
    Ok(CompanyOrder {
        order,
        evidence,
        identity,
        identity_verification,
    })
}

/// The stored columns of an order's person.
pub fn person_columns<'a>(p: &'a OrderPerson, search: &'a str) -> PersonColumns<'a> {
    PersonColumns {
        given_names: p.name.given_names(),
        surname: p.name.surname(),
        name_to_print: p.name_to_print.as_str(),
        name_to_print_chosen: p.name_to_print_chosen,
        name_search: search,
        date_of_birth: p.date_of_birth.date(),
        nationality: p.nationality.alpha2(),
        personal_identity_number: p.personal_identity_number.as_ref().map(|n| n.digits()),
    }
}

/// The folded name a search matches.
pub fn search_of(p: &OrderPerson) -> String {
    search_key(&p.name.full())
}

/// A validity outside the rules, as the field error a company sees.
pub fn validity_error(e: domain::ValidityError) -> AppError {
    AppError::validation(vec![super::error::FieldError::new(
        "valid_until",
        "invalid_validity",
        e.to_string(),
    )])
}
