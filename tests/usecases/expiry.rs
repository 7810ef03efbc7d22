//! The expiry job's rules (`app::cards::expiry::sweep`), with the clock moved instead of rows
//! edited: a card past its validity and an order not reviewed within the window end, by the
//! service, in their trails; nothing else is touched, and a second sweep finds nothing.

use app::cards::expiry;
use chrono::TimeDelta;
use domain::{ActorKind, CardStatus, OrderStatus};
use persistence::{card_events, cards, events, orders};

use crate::world::World;

const WINDOW: TimeDelta = TimeDelta::days(14);

#[tokio::test]
async fn cards_past_validity_and_orders_not_reviewed_in_time_expire_once_by_the_service() {
    let w = World::new().await;
    let company = w.company();
    let today = w.now().date();
    let (short, _) = w.card(
        &company,
        None,
        CardStatus::Active,
        today + TimeDelta::days(3),
    );
    let (blocked, _) = w.card(
        &company,
        None,
        CardStatus::Blocked,
        today + TimeDelta::days(3),
    );
    let (ended, _) = w.card(
        &company,
        None,
        CardStatus::Terminated,
        today + TimeDelta::days(3),
    );
    let (long, _) = w.card(
        &company,
        None,
        CardStatus::Active,
        today + TimeDelta::days(30),
    );
    let waiting = w.order(&company, None, OrderStatus::WaitingForReview);
    let approved = w.order(&company, None, OrderStatus::Approved);
    let sweep = || expiry::sweep(&w.app.db, &w.ctx(), WINDOW).unwrap_or_else(|e| panic!("{e}"));

    // Inside every limit: nothing.
    w.clock.advance(TimeDelta::days(3));
    assert_eq!(sweep(), (0, 0));
    // The day after the short validity and past the review window.
    w.clock.advance(TimeDelta::days(12));
    let fresh = w.order(&company, None, OrderStatus::WaitingForReview);
    assert_eq!(sweep(), (2, 1));
    assert_eq!(sweep(), (0, 0), "a second sweep changed something");

    let card = |id| {
        w.read(|c| Ok(cards::find(c, id)?))
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("card"))
    };
    for (c, want) in [
        (&short, CardStatus::Expired),
        (&blocked, CardStatus::Expired),
        (&ended, CardStatus::Terminated),
        (&long, CardStatus::Active),
    ] {
        assert_eq!(card(&c.id).status, want, "{}", c.id);
    }
    let trail = w
        .read(|c| Ok(card_events::list(c, short.id.as_str())?))
        .unwrap_or_else(|e| panic!("{e}"));
    let last = trail.last().unwrap_or_else(|| panic!("no event"));
    assert_eq!(
        (last.actor_kind, last.to_status),
        (ActorKind::System, CardStatus::Expired)
    );

    let order = |id| {
        w.read(|c| Ok(orders::find(c, id)?))
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("order"))
    };
    assert_eq!(order(&waiting.id).status, OrderStatus::Expired);
    assert_eq!(order(&approved.id).status, OrderStatus::Approved);
    assert_eq!(order(&fresh.id).status, OrderStatus::WaitingForReview);
    let trail = w
        .read(|c| Ok(events::list(c, waiting.id.as_str())?))
        .unwrap_or_else(|e| panic!("{e}"));
    let last = trail.last().unwrap_or_else(|| panic!("no event"));
    assert_eq!(
        (last.actor_kind, last.to_status, last.reason.as_deref()),
        (
            ActorKind::System,
            OrderStatus::Expired,
            Some("not reviewed within 14 days")
        )
    );
}
