//! Rejecting an order, with a reason the company sees (for example a misspelled name). The
//! company corrects it and the cardholder reviews it again.

use domain::{ActorKind, BoundedText, OrderId, Transition};
use persistence::DbConn;

use super::view::{self, Reviewed};
use super::{precondition, IfMatch};
use crate::error::AppResult;
use crate::journal::{self, Actor, Entry};
use crate::principal::Person;
use crate::Context;

pub struct Reject {
    pub order_id: OrderId,
    pub if_match: Option<IfMatch>,
    pub reason: BoundedText,
}

pub fn reject(conn: &mut DbConn, who: &Person, cmd: Reject, ctx: &Context) -> AppResult<Reviewed> {
    let now = ctx.now();
    let mut loaded = view::load(
        conn,
        ctx.vault(),
        &cmd.order_id,
        who.account_id(),
        now.date(),
    )?;
    journal::next(loaded.status(), Transition::Reject)?;
    precondition(cmd.if_match.as_ref(), &loaded)?;
    journal::record(
        conn,
        ctx,
        &mut loaded.order.order,
        Entry {
            transition: Transition::Reject,
            actor: Actor {
                kind: ActorKind::Cardholder,
                id: who.account_id().clone().into(),
            },
            reason: Some(cmd.reason.as_str()),
            notify: Vec::new(),
            proof: None,
        },
        now,
    )?;
    let assessment = loaded.assess(ctx.vault(), now.date())?;
    Ok(Reviewed { loaded, assessment })
}
