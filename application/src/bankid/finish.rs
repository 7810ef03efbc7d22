//! What a completed BankID order becomes, in the transaction that ends the attempt: for an
//! approval, identity evidence of source `bankid` for the account (the personal identity number
//! and the name BankID vouches for, and the nationality when the passport / national ID check
//! was done — BankID's MRTD check reads Swedish documents only); for a sign-in, the account
//! verified with that personal identity number.
//!
//! A verified identity stays its person's: the BankID person must be the person the account
//! already is (when it is verified) and the person the order names; a sign-in finds only the
//! account whose own identity carries the number.

use chrono::NaiveDateTime;
use domain::{
    AccountId, CountryCode, Evidence, EvidenceName, EvidenceOutcome, EvidenceSource, PersonName,
    PersonalIdentityNumber,
};
use domain::{BankIdAttemptStatus, EvidenceId};
use persistence::bankid_attempts::{self as attempts, Ending};
use persistence::{evidence, orders, BankIdAttemptRow, DbConn, NewEvidence};

use super::attempt::{failure, Purpose};
use super::client::Completion;
use crate::error::{AppError, AppResult};
use crate::identity::person;
use crate::ids;
use crate::security_events::{self, Event, Kind};
use crate::vault::Vault;
use persistence::sealing::Column;

/// Ends `row` with `done`; false if it had ended meanwhile (cancelled by the person).
pub fn complete(
    conn: &mut DbConn,
    vault: &Vault,
    row: &BankIdAttemptRow,
    done: &Completion,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let required = row
        .required_personal_number
        .as_ref()
        .map(|s| vault.open_in(Column::AttemptRequiredNumber, row.id.as_str(), s))
        .transpose()?;
    match refusal(row, required.as_deref(), done, now) {
        Some(why) => fail(conn, row, why, now),
        None if row.purpose == Purpose::SignIn => sign_in(conn, vault, row, done, now),
        None => approve(conn, vault, row, done, now),
    }
}

/// Why a completion cannot be used, if it cannot.
/// `required`: the personal identity number the attempt was bound to, opened.
fn refusal(
    row: &BankIdAttemptRow,
    required: Option<&str>,
    done: &Completion,
    now: NaiveDateTime,
) -> Option<&'static str> {
    if row.require_mrtd && !done.mrtd {
        return Some(failure::MRTD_REQUIRED);
    }
    let Ok(number) = PersonalIdentityNumber::parse(&done.personal_number, now.date()) else {
        return Some(failure::UNUSABLE_IDENTITY);
    };
    if required.is_some_and(|required| required != number.digits()) {
        return Some(failure::PERSONAL_NUMBER_MISMATCH);
    }
    if number.birth_date().is_none() || PersonName::parse(&done.given_name, &done.surname).is_err()
    {
        return Some(failure::UNUSABLE_IDENTITY);
    }
    None
}

fn fail(
    conn: &mut DbConn,
    row: &BankIdAttemptRow,
    why: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    tracing::info!(event = "bankid_refused", attempt_id = %row.id, reason = why, "BankID identification completed but not usable");
    if row.purpose == Purpose::SignIn {
        let event = Event::new(Kind::SignInFailed)
            .from_recorded_address(&row.end_user_ip)
            .detail(why);
        security_events::record(conn, event, now)?;
    }
    Ok(attempts::finish(
        conn,
        &row.id,
        &Ending {
            failure_code: Some(why),
            ..Ending::of(BankIdAttemptStatus::Failed)
        },
        now,
    )?)
}

/// The identity BankID vouched for, as evidence (`None` when it does not parse).
fn evidence_of(done: &Completion, now: NaiveDateTime) -> Option<Evidence> {
    let number = PersonalIdentityNumber::parse(&done.personal_number, now.date()).ok()?;
    let name = PersonName::parse(done.given_name.trim(), done.surname.trim()).ok()?;
    Some(Evidence {
        source: EvidenceSource::BankId,
        name: EvidenceName::Visual(name),
        date_of_birth: number.birth_date()?,
        nationality: if done.mrtd {
            CountryCode::parse("SE").ok()
        } else {
            None
        },
        personal_identity_number: Some(number),
        document_expires_on: None,
        outcome: EvidenceOutcome::Green,
    })
}

/// Why the BankID person may not approve this order on this account, if they may not: they
/// must be the account's person (when it is verified) and the order's person (its number was
/// bound at BankID; without one, its name and date of birth).
fn not_the_person(
    conn: &mut DbConn,
    vault: &Vault,
    row: &BankIdAttemptRow,
    account_id: &AccountId,
    new: &Evidence,
    now: NaiveDateTime,
) -> AppResult<Option<&'static str>> {
    if let Some(identity) = person::of_account(conn, vault, account_id, now.date())? {
        if let Err(fields) = identity.admits(new) {
            tracing::warn!(event = "bankid_other_person", attempt_id = %row.id, account_id = %account_id, fields = ?fields, "BankID identified another person than the account's");
            return Ok(Some(failure::ACCOUNT_PERSON_MISMATCH));
        }
    }
    let order_id = row
        .order_id
        .clone()
        .ok_or_else(|| AppError::corrupt("bankid attempt order", &row.id))?;
    let Some(order) = orders::find(conn, &order_id)? else {
        return Ok(Some(failure::ORDER_PERSON_MISMATCH));
    };
    let name = PersonName::parse(&order.given_names, &order.surname)
        .map_err(|(_, e)| AppError::corrupt("order name", e))?;
    let number = crate::opened::order_number(vault, &order, now.date())?;
    let decided = match number {
        // The number names the person; a misspelt name on the order is for the review to show.
        Some(n) if new.personal_identity_number.as_ref() == Some(&n) => Ok(()),
        Some(_) => Err(vec![domain::IdentityField::PersonalIdentityNumber]),
        None => domain::is_order_person(&name, order.date_of_birth, new),
    };
    Ok(decided.err().map(|fields| {
        tracing::info!(event = "bankid_not_order_person", attempt_id = %row.id, fields = ?fields, "BankID identified another person than the order's");
        failure::ORDER_PERSON_MISMATCH
    }))
}

fn approve(
    conn: &mut DbConn,
    vault: &Vault,
    row: &BankIdAttemptRow,
    done: &Completion,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let (Some(account_id), Some(new)) = (row.account_id.clone(), evidence_of(done, now)) else {
        return fail(conn, row, failure::UNUSABLE_IDENTITY, now);
    };
    if let Some(why) = not_the_person(conn, vault, row, &account_id, &new, now)? {
        return fail(conn, row, why, now);
    }
    let evidence_id: EvidenceId = ids::new();
    let number = new
        .personal_identity_number
        .as_ref()
        .map(|n| vault.seal_number(Column::EvidenceNumber, evidence_id.as_str(), n))
        .transpose()?;
    // BankID vouches for no document: the document number is empty, sealed like any other.
    let document_number =
        vault.seal_in(Column::EvidenceDocumentNumber, evidence_id.as_str(), "")?;
    let ended = attempts::finish(
        conn,
        &row.id,
        &Ending {
            evidence_id: Some(&evidence_id),
            stepup_mrtd: Some(done.mrtd),
            ..Ending::of(BankIdAttemptStatus::Complete)
        },
        now,
    )?;
    if !ended {
        return Ok(false);
    }
    evidence::insert(
        conn,
        &NewEvidence {
            id: &evidence_id,
            account_id: &account_id,
            source: domain::EvidenceSource::BankId,
            document_number: &document_number,
            issuing_country: "SE",
            name_zone: domain::NameZone::Visual,
            surname: done.surname.trim(),
            given_names: done.given_name.trim(),
            date_of_birth: new.date_of_birth,
            nationality: done.mrtd.then_some("SE"),
            personal_identity_number: number.as_ref(),
            document_expires_on: None,
            outcome: domain::Verdict::Green,
            rejection_reason: None,
            verifier: "BankID",
            verified_at: now,
        },
    )?;
    tracing::info!(event = "bankid_identity_verified", attempt_id = %row.id, account_id = %account_id, mrtd = done.mrtd, "BankID identity became the account's evidence");
    Ok(true)
}

/// Signs in the one account whose own verified identity carries the number: accounts that
/// merely hold some evidence with it (of another person, from before the same-person rule) are
/// not that person's.
fn sign_in(
    conn: &mut DbConn,
    vault: &Vault,
    row: &BankIdAttemptRow,
    done: &Completion,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let Ok(number) = PersonalIdentityNumber::parse(&done.personal_number, now.date()) else {
        return fail(conn, row, failure::UNUSABLE_IDENTITY, now);
    };
    let mut theirs = Vec::new();
    for account in evidence::accounts_with_number(conn, &vault.index(&number))? {
        let identity = person::of_account(conn, vault, &account, now.date())?;
        if identity.is_some_and(|i| i.personal_identity_number() == Some(&number)) {
            theirs.push(account);
        }
    }
    let account = match theirs.as_slice() {
        [one] => one.clone(),
        [] => return fail(conn, row, failure::NO_ACCOUNT, now),
        _ => {
            // One person, one account: which to open is not ours to guess.
            tracing::warn!(event = "bankid_several_accounts", attempt_id = %row.id, accounts = theirs.len(), "several accounts are verified with one personal identity number");
            return fail(conn, row, failure::NO_ACCOUNT, now);
        }
    };
    Ok(attempts::finish(
        conn,
        &row.id,
        &Ending {
            account_id: Some(&account),
            stepup_mrtd: Some(done.mrtd),
            ..Ending::of(BankIdAttemptStatus::Complete)
        },
        now,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn row(require_mrtd: bool) -> BankIdAttemptRow {
        let t = NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        BankIdAttemptRow {
            id: domain::BankIdAttemptId::from_random([7; 12]),
            purpose: Purpose::ApproveOrder,
            account_id: domain::AccountId::parse("acc_de0000000000000000000001"),
            order_id: None,
            attempt_token_hash: None,
            order_ref: "ref".into(),
            auto_start_token: "a".into(),
            qr_start_token: "q".into(),
            qr_start_secret_sealed: "s".into(),
            qr_secret_key_id: "k".into(),
            end_user_ip: "127.0.0.1".into(),
            user_agent: None,
            same_device: false,
            require_mrtd,
            required_personal_number: None,
            status: BankIdAttemptStatus::Pending,
            hint_code: None,
            failure_code: None,
            stepup_mrtd: None,
            evidence_id: None,
            session_id: None,
            started_at: t,
            next_collect_at: t,
            claimed_until: None,
            last_polled_at: t,
            completed_at: None,
            version: 1,
            updated_at: t,
        }
    }

    fn done(pnr: &str, mrtd: bool, given: &str) -> Completion {
        Completion {
            personal_number: pnr.into(),
            given_name: given.into(),
            surname: "Bänkström".into(),
            mrtd,
        }
    }

    #[test]
    fn a_completion_is_refused_when_it_breaks_the_orders_requirements() {
        let now = row(false).started_at;
        let ok = done("198112189876", false, "Anna Maria");
        assert_eq!(refusal(&row(false), None, &ok, now), None);
        assert_eq!(refusal(&row(false), Some("198112189876"), &ok, now), None);
        // The MRTD rule: a completion without the passport check does not count.
        assert_eq!(
            refusal(&row(true), None, &ok, now),
            Some(failure::MRTD_REQUIRED)
        );
        assert_eq!(
            refusal(&row(true), None, &done("198112189876", true, "Anna"), now),
            None
        );
        assert_eq!(
            refusal(&row(false), Some("199001010017"), &ok, now),
            Some(failure::PERSONAL_NUMBER_MISMATCH)
        );
        assert_eq!(
            refusal(&row(false), None, &done("198112189875", false, "Anna"), now),
            Some(failure::UNUSABLE_IDENTITY)
        );
        assert_eq!(
            refusal(&row(false), None, &done("198112189876", false, ""), now),
            Some(failure::UNUSABLE_IDENTITY)
        );
    }
}
