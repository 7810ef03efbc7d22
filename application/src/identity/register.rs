//! `POST /v1/identity-verifications`: the identity-verification partner registers a document
//! check. A green check goes to the person: attached at once to an existing account (whose
//! email is already verified), or as a single-use link to create one; yellow and red checks are
//! told to the person with the reason and what to do next.

use crate::ProblemCode;
use chrono::NaiveDateTime;
use domain::{
    CountryCode, DocumentCheck, Evidence, EvidenceName, EvidenceOutcome, IdentityCheckId,
    PersonName, Verdict,
};
use persistence::sealing::Column;
use persistence::{accounts, identity_checks, signup_links, CheckRow, DbConn, NewCheck};

use super::bind::attach_evidence;
use super::notices;
use super::person;
use super::portrait::Portrait;
use crate::accounts::link::LINK_LIFETIME;
use crate::error::{AppError, AppResult, FieldError};
use crate::principal::IdentityVerifier;
use crate::security_events::{self, Event, Kind};
use crate::vault::Vault;
use crate::{ids, opened, outbox, Context};

pub struct RegisterCheck {
    pub check: DocumentCheck,
    /// The zone as sent (kept with the evidence).
    pub raw_mrz: Option<String>,
    pub portrait: Portrait,
}

/// What reached the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Green: emailed a link to create an account.
    AccountLinkSent,
    /// Green: the person's account now carries the identity.
    AttachedToAccount,
    /// Yellow or red: emailed the outcome and the reason.
    OutcomeSent,
    /// Green, but the account with this email is verified as another person: not attached
    /// (an account's identity stays its person's); the person was told to contact support.
    OtherPersonsAccount,
}

/// What reached the person with a check registered earlier.
pub fn delivery_of(conn: &mut DbConn, row: &CheckRow) -> AppResult<Delivery> {
    Ok(if row.outcome != Verdict::Green {
        Delivery::OutcomeSent
    } else if row.bound_at.is_some() {
        Delivery::AttachedToAccount
    } else if accounts::find_by_email(conn, &row.email)?.is_some() {
        // A link's account would have bound it: the account was there and is someone else's.
        Delivery::OtherPersonsAccount
    } else {
        Delivery::AccountLinkSent
    })
}

/// The check as evidence of its person.
fn evidence_of_check(
    vault: &Vault,
    row: &CheckRow,
    today: chrono::NaiveDate,
) -> AppResult<Evidence> {
    let corrupt = |what, e: &dyn std::fmt::Display| AppError::corrupt(what, e);
    Ok(Evidence {
        source: row.document_type.source(),
        name: EvidenceName::Visual(
            PersonName::parse(&row.given_names, &row.surname)
                .map_err(|(_, e)| corrupt("check name", &e))?,
        ),
        date_of_birth: row.date_of_birth,
        nationality: Some(
            CountryCode::parse(&row.nationality).map_err(|e| corrupt("check nationality", &e))?,
        ),
        personal_identity_number: opened::check_number(vault, row, today)?,
        document_expires_on: Some(row.document_expires_on),
        outcome: EvidenceOutcome::Green,
    })
}

pub struct Registered {
    pub check: CheckRow,
    pub delivery: Delivery,
}

pub fn register(
    conn: &mut DbConn,
    who: &IdentityVerifier,
    cmd: RegisterCheck,
    ctx: &Context,
) -> AppResult<Registered> {
    let now = ctx.now();
    let problems = cmd.check.problems(now.date());
    if !problems.is_empty() {
        let document_expired = problems.iter().any(|(_, e)| e.code == "document_expired");
        return Err(AppError::Unprocessable {
            code: if document_expired {
                ProblemCode::DocumentExpired
            } else {
                ProblemCode::ValidationFailed
            },
            detail: crate::texts::Text::new("problem-check-inconsistent"),
            errors: problems
                .into_iter()
                .map(|(field, e)| FieldError::invalid(field, &e))
                .collect(),
        });
    }
    let id: IdentityCheckId = ids::new();
    let c = &cmd.check;
    let vault = ctx.vault();
    let seal = |column, value: &str| vault.seal_in(column, id.as_str(), value);
    let document_number = seal(Column::CheckDocumentNumber, &c.document_number)?;
    let number = c
        .personal_identity_number
        .as_ref()
        .map(|p| seal(Column::CheckNumber, p.digits()))
        .transpose()?;
    let mrz = cmd
        .raw_mrz
        .as_deref()
        .map(|m| seal(Column::CheckMrz, m))
        .transpose()?;
    let portrait = vault.seal_portrait(id.as_str(), &cmd.portrait.bytes)?;
    identity_checks::insert(
        conn,
        &NewCheck {
            id: &id,
            email: c.email.as_str(),
            document_type: c.document_type,
            document_number: &document_number,
            issuing_country: c.issuing_country.alpha2(),
            surname: c.name.surname(),
            given_names: c.name.given_names(),
            date_of_birth: c.date_of_birth,
            nationality: c.nationality.alpha2(),
            document_expires_on: c.expires_on,
            personal_identity_number: number.as_ref(),
            mrz: mrz.as_ref(),
            outcome: c.outcome.verdict(),
            reason: c.outcome.reason(),
            portrait: &portrait,
            portrait_type: cmd.portrait.kind,
            portrait_width: i32::try_from(cmd.portrait.width).unwrap_or(i32::MAX),
            portrait_height: i32::try_from(cmd.portrait.height).unwrap_or(i32::MAX),
            verifier: who.id(),
            created_at: now,
        },
    )?;
    let row = identity_checks::find(conn, &id)?.ok_or(AppError::NotFound)?;
    let delivery = deliver(conn, &row, ctx, now)?;
    // Read again: delivery may have bound it.
    let row = identity_checks::find(conn, &id)?.ok_or(AppError::NotFound)?;
    let detail = format!("{} {}", row.outcome, row.id);
    let event = Event::new(Kind::EvidenceRegistered)
        .client(who.id())
        .email(&row.email)
        .detail(&detail);
    let event = match &row.account_id {
        Some(a) => event.account(a),
        None => event,
    };
    security_events::record(conn, event, now)?;
    tracing::info!(event = "identity_check_registered", check_id = %id, outcome = %row.outcome, verifier = %who.id(), "identity check registered");
    Ok(Registered {
        check: row,
        delivery,
    })
}

fn deliver(
    conn: &mut DbConn,
    row: &CheckRow,
    ctx: &Context,
    now: NaiveDateTime,
) -> AppResult<Delivery> {
    // The person's language: their account's; without one, their newest order's.
    let account = accounts::find_by_email(conn, &row.email)?;
    let language = match &account {
        Some(a) => a.language,
        None => persistence::orders::unclaimed_language(conn, &row.email)?
            .unwrap_or(domain::Language::English),
    };
    if row.outcome != Verdict::Green {
        let reason = row.reason.as_deref().unwrap_or_default();
        outbox::queue(
            conn,
            ctx,
            notices::not_verified(&row.email, language, row.outcome, reason),
            now,
        )?;
        return Ok(Delivery::OutcomeSent);
    }
    if let Some(account) = account {
        let identity = person::of_account(conn, ctx.vault(), &account.id, now.date())?;
        let new = evidence_of_check(ctx.vault(), row, now.date())?;
        if let Some(Err(fields)) = identity.map(|i| i.admits(&new)) {
            tracing::warn!(event = "identity_check_other_person", check_id = %row.id, account_id = %account.id, fields = ?fields, "a green check of another person than the account's was not attached");
            outbox::queue(
                conn,
                ctx,
                notices::other_persons_account(&row.email, language),
                now,
            )?;
            return Ok(Delivery::OtherPersonsAccount);
        }
        attach_evidence(conn, ctx.vault(), row, &account.id, now)?;
        outbox::queue(
            conn,
            ctx,
            notices::verified_attached(&row.email, language, &ctx.links().sign_in()),
            now,
        )?;
        return Ok(Delivery::AttachedToAccount);
    }
    let token = ids::new_secret("sul");
    signup_links::insert_with_check(
        conn,
        &ids::hash_secret(&token),
        &row.email,
        &row.id,
        language,
        now + LINK_LIFETIME,
        now,
    )?;
    let link = ctx.links().create_account(&token);
    outbox::queue(
        conn,
        ctx,
        notices::verified_create_account(&row.email, language, &link, LINK_LIFETIME.num_days()),
        now,
    )?;
    Ok(Delivery::AccountLinkSent)
}
