//! A review reads the order, its company, the account and the account's verified evidence in
//! one statement (a left join, one row per evidence). It must find what reading them apart finds:
//! the order without evidence, every green evidence once and oldest first, nothing of an order
//! that is not the account's.

use domain::{OrderStatus, Verdict};
use persistence::{evidence, orders};

use crate::world::World;

#[tokio::test]
async fn the_one_statement_review_read_finds_what_reading_apart_finds() {
    let w = World::new().await;
    let company = w.company();
    let maja = w.person();
    let other = w.person();
    let order = w.order(
        &company,
        Some(&maja.account_id),
        OrderStatus::WaitingForReview,
    );

    let ids_apart = |w: &World| {
        w.read(|conn| Ok(evidence::green_of_account(conn, &maja.account_id)?))
            .unwrap_or_else(|e| panic!("evidence: {e:?}"))
            .into_iter()
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    let found = |w: &World, account| {
        w.read(|conn| Ok(orders::find_for_review(conn, &order.id, account)?))
            .unwrap_or_else(|e| panic!("find_for_review: {e:?}"))
    };

    // No evidence yet: the order is still found, with none.
    let (o, account, ev) = found(&w, &maja.account_id).unwrap_or_else(|| panic!("not found"));
    assert_eq!(o.order.id, order.id);
    assert_eq!(account.id, maja.account_id);
    assert!(ev.is_empty());

    // Three pieces of evidence: each once, in the same order.
    for _ in 0..3 {
        w.check(&maja.email, Verdict::Green, Some(&maja.account_id));
    }
    let (_, _, ev) = found(&w, &maja.account_id).unwrap_or_else(|| panic!("not found"));
    let ids: Vec<_> = ev.into_iter().map(|e| e.id).collect();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert_eq!(ids, ids_apart(&w));

    // Someone else's order is not found.
    assert!(found(&w, &other.account_id).is_none());
}
