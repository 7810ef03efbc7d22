//! Accepting an order: the data is right and the card may be produced.

use domain::{check_acceptance, ActorKind, ContactUpdate, IdentityProof, OrderId, Transition};
use persistence::{accounts, DbConn};

use super::view::{self, Reviewed};
use super::{precondition, IfMatch};
use crate::error::{AppError, AppResult};
use crate::journal::{self, Actor, Entry};
use crate::principal::MultiFactor;
use crate::Context;

pub struct Accept {
    pub order_id: OrderId,
    pub if_match: Option<IfMatch>,
    /// Contact details to complete in the same step; fields left out keep their stored value.
    pub contact_details: Option<ContactUpdate>,
}

/// Only the order's cardholder, signed in with the second factor, while the order waits for their
/// review, when it matches their verified identity and their contact details are complete.
pub fn accept(
    conn: &mut DbConn,
    who: &MultiFactor,
    cmd: Accept,
    ctx: &Context,
) -> AppResult<Reviewed> {
    let now = ctx.now();
    let mut loaded = view::load(
        conn,
        ctx.vault(),
        &cmd.order_id,
        who.account_id(),
        now.date(),
    )?;
    journal::next(loaded.status(), Transition::Accept)?;
    precondition(cmd.if_match.as_ref(), &loaded)?;
    if let Some(update) = cmd.contact_details {
        let merged = update.over(loaded.account.contact());
        let details = crate::me::contact_details::parse(&merged, "contact_details.")?;
        accounts::set_contact(conn, who.account_id(), &details.to_update(), now)?;
        loaded.account = accounts::find(conn, who.account_id())?.ok_or(AppError::NotFound)?;
    }
    let assessment = loaded.assess(ctx.vault(), now.date())?;
    check_acceptance(&assessment.identity, &assessment.contact)
        .map_err(|refusal| loaded.refusal(refusal, &assessment.mismatches))?;
    // Accepted means matched, so the evidence is there: the trail says what it was.
    let proof = loaded
        .evidence
        .as_ref()
        .map(|e| view::evidence_of(ctx.vault(), e, now.date()))
        .transpose()?
        .map(|e| IdentityProof::of(&e));
    journal::record(
        conn,
        ctx,
        &mut loaded.order.order,
        Entry {
            transition: Transition::Accept,
            actor: Actor {
                kind: ActorKind::Cardholder,
                id: who.account_id().clone().into(),
            },
            reason: None,
            notify: Vec::new(),
            proof,
        },
        now,
    )?;
    // The identity and contact details did not change: the assessment stands.
    Ok(Reviewed { loaded, assessment })
}
