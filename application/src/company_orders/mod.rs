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
use domain::{
    search_key, CompanyAction, CompanyId, IdentityCheck, IdentityField, OrderId, OrderPerson,
    PersonalIdentityNumber,
};
use persistence::sealing::Column;
use persistence::{company_orders, DbConn, EvidenceRow, OrderRow, PersonColumns, SealedNumber};

use super::companies::access::{self, Acting};
use super::error::{AppError, AppResult};
use super::orders::view::{compare, Mismatch};
use super::principal::Principal;
use crate::identity::person;
use crate::vault::Vault;

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
    /// Both values of each field that differs; the verified personal identity number masked
    /// (the company learns whether it matches, not the person's number).
    pub mismatches: Vec<Mismatch>,
    /// The order's personal identity number, opened: the company entered it.
    pub personal_identity_number: Option<PersonalIdentityNumber>,
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
pub fn assess(
    conn: &mut DbConn,
    vault: &Vault,
    order: OrderRow,
    today: NaiveDate,
) -> AppResult<CompanyOrder> {
    if order.personal_data_erased_at.is_some() {
        // Nobody left to compare: the order stays, its person does not.
        return Ok(CompanyOrder {
            order,
            evidence: None,
            identity: IdentityCheck::Unverified,
            mismatches: Vec::new(),
            personal_identity_number: None,
            identity_verification: None,
        });
    }
    let evidence = match &order.account_id {
        Some(account) => person::current(conn, vault, account, today)?,
        None => None,
    };
    let compared = compare(vault, &order, evidence.as_ref(), today)?;
    let mut mismatches = compared.mismatches;
    for m in &mut mismatches {
        if m.field == IdentityField::PersonalIdentityNumber {
            m.verified_value = PersonalIdentityNumber::parse(&m.verified_value, today)
                .map(|n| n.masked())
                .unwrap_or_default();
        }
    }
    let identity_verification =
        persistence::identity_checks::latest_for_email(conn, &order.cardholder_email)?
            .map(|c| crate::identity::CheckStatus::from(&c));
    Ok(CompanyOrder {
        order,
        evidence,
        identity: compared.identity,
        mismatches,
        personal_identity_number: compared.order_number,
        identity_verification,
    })
}

/// The order's personal identity number as written for order `id`: sealed, with its index.
pub fn seal_number(
    vault: &Vault,
    id: &OrderId,
    p: &OrderPerson,
) -> AppResult<Option<SealedNumber>> {
    p.personal_identity_number
        .as_ref()
        .map(|n| vault.seal_number(Column::OrderNumber, id.as_str(), n))
        .transpose()
}

/// The stored columns of an order's person (`number`: from `seal_number`).
pub fn person_columns<'a>(
    p: &'a OrderPerson,
    search: &'a str,
    number: Option<&'a SealedNumber>,
) -> PersonColumns<'a> {
    PersonColumns {
        given_names: p.name.given_names(),
        surname: p.name.surname(),
        name_to_print: p.name_to_print.as_str(),
        name_to_print_chosen: p.name_to_print_chosen,
        name_search: search,
        date_of_birth: p.date_of_birth.date(),
        nationality: p.nationality.alpha2(),
        personal_identity_number: number,
    }
}

/// The folded name a search matches.
pub fn search_of(p: &OrderPerson) -> String {
    search_key(&p.name.full())
}

/// A validity outside the rules, as the field error a company sees.
pub fn validity_error(e: domain::ValidityError) -> AppError {
    AppError::validation(vec![super::error::FieldError::invalid(
        "valid_until",
        &e.invalid(),
    )])
}
