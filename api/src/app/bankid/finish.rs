//! What a completed BankID order becomes, in the transaction that ends the attempt: for an
//! approval, identity evidence of source `bankid` for the account (the personal identity number
//! and the name BankID vouches for, and the nationality when the passport / national ID check
//! was done — BankID's MRTD check reads Swedish documents only); for a sign-in, the account
//! verified with that personal identity number.

use chrono::NaiveDateTime;
use domain::{PersonName, PersonalIdentityNumber};
use persistence::bankid_attempts::{self as attempts, Ending, COMPLETE, FAILED};
use persistence::{evidence, BankIdAttemptRow, DbConn, NewEvidence};

use super::attempt::{failure, Purpose};
use super::client::Completion;
use crate::app::error::AppResult;
use crate::app::ids;
use crate::app::security_events::{self, Event, Kind};

/// Ends `row` with `done`; false if it had ended meanwhile (cancelled by the person).
pub fn complete(
    conn: &mut DbConn,
    row: &BankIdAttemptRow,
    done: &Completion,
    now: NaiveDateTime,
) -> AppResult<bool> {
    match refusal(row, done, now) {
        Some(why) => fail(conn, row, why, now),
        None if row.purpose == Purpose::SignIn.as_str() => sign_in(conn, row, done, now),
        None => approve(conn, row, done, now),
    }
}

/// Why a completion cannot be used, if it cannot.
fn refusal(row: &BankIdAttemptRow, done: &Completion, now: NaiveDateTime) -> Option<&'static str> {
    if row.require_mrtd && !done.mrtd {
        return Some(failure::MRTD_REQUIRED);
    }
    let Ok(number) = PersonalIdentityNumber::parse(&done.personal_number, now.date()) else {
        return Some(failure::UNUSABLE_IDENTITY);
    };
    if row
        .required_personal_number
        .as_deref()
        .is_some_and(|required| required != number.digits())
    {
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
    if row.purpose == Purpose::SignIn.as_str() {
        let event = Event::new(Kind::SignInFailed)
            .from_address(&row.end_user_ip)
            .detail(why);
        security_events::record(conn, event, now)?;
    }
    Ok(attempts::finish(
        conn,
        &row.id,
        &Ending {
            status: FAILED,
            failure_code: Some(why),
            ..Ending::default()
        },
        now,
    )?)
}

fn approve(
    conn: &mut DbConn,
    row: &BankIdAttemptRow,
    done: &Completion,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let (Some(account_id), Ok(number)) = (
        row.account_id.as_deref(),
        PersonalIdentityNumber::parse(&done.personal_number, now.date()),
    ) else {
        return fail(conn, row, failure::UNUSABLE_IDENTITY, now);
    };
    let Some(date_of_birth) = number.birth_date() else {
        return fail(conn, row, failure::UNUSABLE_IDENTITY, now);
    };
    let evidence_id = ids::new_raw("idv");
    let ended = attempts::finish(
        conn,
        &row.id,
        &Ending {
            status: COMPLETE,
            evidence_id: Some(&evidence_id),
            stepup_mrtd: Some(done.mrtd),
            ..Ending::default()
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
            account_id,
            source: domain::EvidenceSource::BankId.as_str(),
            document_number: "",
            issuing_country: "SE",
            name_zone: "visual",
            surname: done.surname.trim(),
            given_names: done.given_name.trim(),
            date_of_birth,
            nationality: done.mrtd.then_some("SE"),
            personal_identity_number: Some(number.digits()),
            document_expires_on: None,
            outcome: "green",
            rejection_reason: None,
            verifier: "BankID",
            verified_at: now,
        },
    )?;
    tracing::info!(event = "bankid_identity_verified", attempt_id = %row.id, account_id, mrtd = done.mrtd, "BankID identity became the account's evidence");
    Ok(true)
}

fn sign_in(
    conn: &mut DbConn,
    row: &BankIdAttemptRow,
    done: &Completion,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let digits = PersonalIdentityNumber::parse(&done.personal_number, now.date())
        .map(|n| n.digits().to_owned())
        .unwrap_or_default();
    let Some(account) = evidence::account_verified_with_number(conn, &digits)? else {
        return fail(conn, row, failure::NO_ACCOUNT, now);
    };
    Ok(attempts::finish(
        conn,
        &row.id,
        &Ending {
            status: COMPLETE,
            account_id: Some(&account),
            stepup_mrtd: Some(done.mrtd),
            ..Ending::default()
        },
        now,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use persistence::bankid_attempts::PENDING;

    fn row(require_mrtd: bool, required: Option<&str>) -> BankIdAttemptRow {
        let t = NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        BankIdAttemptRow {
            id: domain::BankIdAttemptId::from_random([7; 12]),
            purpose: Purpose::ApproveOrder.as_str().into(),
            account_id: Some("acc_de0000000000000000000001".into()),
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
            required_personal_number: required.map(str::to_owned),
            status: PENDING.into(),
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
        let now = row(false, None).started_at;
        let ok = done("198112189876", false, "Anna Maria");
        assert_eq!(refusal(&row(false, None), &ok, now), None);
        assert_eq!(refusal(&row(false, Some("198112189876")), &ok, now), None);
        // The MRTD rule: a completion without the passport check does not count.
        assert_eq!(
            refusal(&row(true, None), &ok, now),
            Some(failure::MRTD_REQUIRED)
        );
        assert_eq!(
            refusal(&row(true, None), &done("198112189876", true, "Anna"), now),
            None
        );
        assert_eq!(
            refusal(&row(false, Some("199001010017")), &ok, now),
            Some(failure::PERSONAL_NUMBER_MISMATCH)
        );
        assert_eq!(
            refusal(&row(false, None), &done("198112189875", false, "Anna"), now),
            Some(failure::UNUSABLE_IDENTITY)
        );
        assert_eq!(
            refusal(&row(false, None), &done("198112189876", false, ""), now),
            Some(failure::UNUSABLE_IDENTITY)
        );
    }
}
