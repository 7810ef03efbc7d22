//! `GET /v1/identity-verifications/{id}`: the identity-verification partner reads back a check
//! it registered. Another partner's check is not found, like one that does not exist.

use domain::IdentityCheckId;
use persistence::{identity_checks, DbConn};

use super::register::{delivery_of, Registered};
use crate::data_access::{self, Subject};
use crate::error::{AppError, AppResult};
use crate::principal::IdentityVerifier;
use crate::Context;

pub fn get(
    conn: &mut DbConn,
    who: &IdentityVerifier,
    id: String,
    ctx: &Context,
) -> AppResult<Registered> {
    // An id not even of the form names no check (read after the caller is known: 401 first).
    let id = IdentityCheckId::parse(&id).ok_or(AppError::NotFound)?;
    let check = identity_checks::find(conn, &id)?
        .filter(|c| &c.verifier == who.id())
        .ok_or(AppError::NotFound)?;
    let delivery = delivery_of(conn, &check)?;
    let subject = match &check.account_id {
        Some(account) => Subject::Account(account),
        None => Subject::Email(&check.email),
    };
    let verifier = crate::journal::Actor {
        kind: domain::ActorKind::Client,
        id: who.id().clone().into(),
    };
    data_access::record(
        conn,
        subject,
        &verifier,
        None,
        domain::IdentityDataRead::IdentityCheck,
        check.id.as_str(),
        ctx.now(),
    )?;
    Ok(Registered { check, delivery })
}
