//! The portrait to print on a standard card: the one the identity verifier photographed with the
//! document that verified the cardholder. Only the producer may fetch it, and only while the
//! card is still to be made.

use crate::ProblemCode;
use domain::{IdentityDataRead, OrderStatus, Scope};
use persistence::{identity_checks, DbConn};

use super::{load, Job, JobRef};
use crate::data_access::{self, Subject};
use crate::error::{AppError, AppResult};
use crate::identity::person;
use crate::principal::CardProducer;
use crate::Context;

pub struct Portrait {
    pub bytes: Vec<u8>,
    pub media_type: domain::PortraitType,
}

pub fn get(conn: &mut DbConn, who: &CardProducer, r: JobRef, ctx: &Context) -> AppResult<Portrait> {
    who.need(Scope::ProductionRead)?;
    let Job::Standard(o) = load(conn, &r)? else {
        return Err(AppError::NotFound);
    };
    if !matches!(
        o.order.status,
        OrderStatus::Approved | OrderStatus::InProduction
    ) {
        return Err(AppError::Conflict {
            code: ProblemCode::InvalidState,
            detail: crate::texts::Text::new("problem-portrait-gone").with_label(
                "status",
                format!("order-status-{}", o.order.status.as_str()),
            ),
        });
    }
    let account = o.order.account_id.clone().ok_or(AppError::NotFound)?;
    let found = match person::current(conn, ctx.vault(), &account, ctx.now().date())? {
        Some(e) => identity_checks::portrait_of_evidence(conn, &e.id)?,
        None => None,
    };
    let stored = found.ok_or_else(|| AppError::Conflict {
        code: ProblemCode::PortraitMissing,
        detail: crate::texts::Text::new("problem-portrait-missing"),
    })?;
    let bytes = ctx
        .vault()
        .open_portrait(stored.check_id.as_str(), &stored.sealed)?;
    let producer = crate::journal::Actor {
        kind: domain::ActorKind::Client,
        id: who.id().clone().into(),
    };
    data_access::record(
        conn,
        Subject::Account(&account),
        &producer,
        None,
        IdentityDataRead::Portrait,
        o.order.id.as_str(),
        ctx.now(),
    )?;
    Ok(Portrait {
        bytes,
        media_type: stored.kind,
    })
}
