//! Binding a green check to an account: the person confirms, with the link to create the
//! account, the personal identity number the company entered on the card order (or, when no
//! order carries one, the document's number) — the real portal's "sign in after manual ID
//! verification" step. A wrong number is refused, counted on the link (five and it dies) and
//! throttled per address. Bound, the check becomes the account's evidence.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{AccountId, EvidenceId, PersonalIdentityNumber, Verdict};
use persistence::sealing::Column;
use persistence::{evidence, identity_checks, CheckRow, DbConn, NewEvidence};

use crate::error::{AppError, AppResult, FieldError};
use crate::vault::Vault;
use crate::{ids, opened};

/// Wrong numbers one link takes before it dies.
pub const NUMBER_ATTEMPTS: i32 = 5;

/// Whether `typed` is what the person must confirm for `check`: a personal identity number a
/// company entered on a live order for the check's email (compared as numbers, so the forms
/// `19880314-1234` and `8803141234` agree: their blind indexes are), else the document's number.
pub fn confirms(
    conn: &mut DbConn,
    vault: &Vault,
    check: &CheckRow,
    typed: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let ordered = identity_checks::ordered_identity_numbers(conn, &check.email)?;
    if ordered.is_empty() {
        let doc = domain::parse_document_number(typed).unwrap_or_default();
        return Ok(!doc.is_empty() && doc == opened::check_document_number(vault, check)?);
    }
    let Ok(typed) = PersonalIdentityNumber::parse(typed, now.date()) else {
        return Ok(false);
    };
    let typed = vault.index(&typed);
    Ok(ordered.contains(&typed))
}

pub fn number_required() -> AppError {
    AppError::validation(vec![FieldError::new(
        "identity_number",
        "required",
        crate::texts::Text::new("field-identity_number-required"),
    )])
}

pub fn number_mismatch(remaining: i32) -> AppError {
    AppError::Unprocessable {
        code: ProblemCode::IdentityNumberMismatch,
        detail: crate::texts::Text::new("problem-identity-number-mismatch")
            .with("remaining", i64::from(remaining)),
        errors: vec![FieldError::new(
            "identity_number",
            "identity_number_mismatch",
            crate::texts::Text::new("field-identity_number_mismatch"),
        )],
    }
}

/// The check becomes `account_id`'s evidence; 409 if it was bound already.
pub fn attach_evidence(
    conn: &mut DbConn,
    vault: &Vault,
    check: &CheckRow,
    account_id: &AccountId,
    now: NaiveDateTime,
) -> AppResult<()> {
    let evidence_id: EvidenceId = ids::new();
    // Sealed again for the evidence's row: a sealed value opens only where it was sealed.
    let document_number = vault.seal_in(
        Column::EvidenceDocumentNumber,
        evidence_id.as_str(),
        &opened::check_document_number(vault, check)?,
    )?;
    let number = opened::check_number(vault, check, now.date())?
        .map(|n| vault.seal_number(Column::EvidenceNumber, evidence_id.as_str(), &n))
        .transpose()?;
    evidence::insert(
        conn,
        &NewEvidence {
            id: &evidence_id,
            account_id,
            source: check.document_type.source(),
            document_number: &document_number,
            issuing_country: &check.issuing_country,
            name_zone: domain::NameZone::Visual,
            surname: &check.surname,
            given_names: &check.given_names,
            date_of_birth: check.date_of_birth,
            nationality: Some(&check.nationality),
            personal_identity_number: number.as_ref(),
            document_expires_on: Some(check.document_expires_on),
            outcome: Verdict::Green,
            rejection_reason: None,
            verifier: check.verifier.as_str(),
            verified_at: now,
        },
    )?;
    if !identity_checks::bind(conn, &check.id, account_id, &evidence_id, now)? {
        return Err(AppError::Conflict {
            code: ProblemCode::ConcurrentChange,
            detail: crate::texts::Text::new("problem-check-already-bound"),
        });
    }
    tracing::info!(event = "identity_check_bound", check_id = %check.id, account_id = %account_id, "identity evidence bound to account");
    Ok(())
}
