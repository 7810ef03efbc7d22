//! Identity data read back: the sealed values of rows opened with the vault, into domain types.
//! A value that does not open or parse is corrupt data (500), never shown as it stands.

use chrono::NaiveDate;
use domain::PersonalIdentityNumber;
use persistence::sealing::Column;
use persistence::{CheckRow, EvidenceRow, OrderRow, Sealed};

use crate::error::{AppError, AppResult};
use crate::vault::Vault;

/// The personal identity number an order names, if it names one.
pub fn order_number(
    vault: &Vault,
    o: &OrderRow,
    today: NaiveDate,
) -> AppResult<Option<PersonalIdentityNumber>> {
    number(
        vault,
        Column::OrderNumber,
        o.id.as_str(),
        o.personal_identity_number.as_ref(),
        today,
    )
}

/// The personal identity number a verified identity carries, if it carries one.
pub fn evidence_number(
    vault: &Vault,
    e: &EvidenceRow,
    today: NaiveDate,
) -> AppResult<Option<PersonalIdentityNumber>> {
    number(
        vault,
        Column::EvidenceNumber,
        e.id.as_str(),
        e.personal_identity_number.as_ref(),
        today,
    )
}

/// The personal identity number a document check read, if the document carries one.
pub fn check_number(
    vault: &Vault,
    c: &CheckRow,
    today: NaiveDate,
) -> AppResult<Option<PersonalIdentityNumber>> {
    number(
        vault,
        Column::CheckNumber,
        c.id.as_str(),
        c.personal_identity_number.as_ref(),
        today,
    )
}

/// The document number of a verified identity (empty for BankID's, which has no document).
pub fn evidence_document_number(vault: &Vault, e: &EvidenceRow) -> AppResult<String> {
    vault.open_in(
        Column::EvidenceDocumentNumber,
        e.id.as_str(),
        &e.document_number,
    )
}

/// The document number a check read.
pub fn check_document_number(vault: &Vault, c: &CheckRow) -> AppResult<String> {
    vault.open_in(
        Column::CheckDocumentNumber,
        c.id.as_str(),
        &c.document_number,
    )
}

fn number(
    vault: &Vault,
    column: Column,
    row_id: &str,
    sealed: Option<&Sealed>,
    today: NaiveDate,
) -> AppResult<Option<PersonalIdentityNumber>> {
    sealed
        .map(|s| {
            let digits = vault.open_in(column, row_id, s)?;
            PersonalIdentityNumber::parse(&digits, today)
                .map_err(|e| AppError::corrupt(column.name(), e))
        })
        .transpose()
}
