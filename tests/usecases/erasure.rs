//! Erasure: what no law or live card needs goes at once, in one transaction; what is held is
//! listed with its reason and day, and the erasure finishes once nothing is held; the company's
//! orders keep their trail with an erased person, and its HR system is told.

use app::erasure::{erase, finish_waiting, HeldKind, Requester};
use chrono::TimeDelta;
use diesel::prelude::*;
use domain::{CardStatus, CompanyRole, EventType, OrderStatus, Verdict};
use persistence::schema::{
    accounts, identity_checks, identity_portraits, identity_verifications, security_events,
    sessions, webhook_deliveries,
};
use persistence::{orders, DbConn};

use crate::world::World;

fn count<T>(r: QueryResult<T>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_person_with_nothing_held_is_gone_and_the_company_keeps_an_erased_person() {
    let w = World::new().await;
    let company = w.company();
    let _admin = w.member(&company, CompanyRole::Admin);
    let hook = w.endpoint(&company, &[EventType::PersonErased]);
    let maja = w.person();
    let cancelled = w.order(&company, Some(&maja.account_id), OrderStatus::Cancelled);
    let (ended, _) = w.card(
        &company,
        Some(&maja.account_id),
        CardStatus::Terminated,
        w.now().date() + TimeDelta::days(300),
    );
    w.check(&maja.email, Verdict::Green, Some(&maja.account_id));

    let report = w
        .write(|conn, ctx| erase(conn, ctx, &maja.account_id, Requester::Person))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        report.account_deleted && report.held.is_empty(),
        "{report:?}"
    );
    assert_eq!(
        report.orders_erased, 2,
        "the cancelled order and the ended card's"
    );
    assert!(report.sessions_ended >= 1);

    w.read(|conn: &mut DbConn| {
        let a = maja.account_id.as_str();
        assert_eq!(
            count(accounts::table.find(a).count().get_result::<i64>(conn)),
            0
        );
        assert_eq!(
            count(
                identity_verifications::table
                    .filter(identity_verifications::account_id.eq(a))
                    .count()
                    .get_result::<i64>(conn)
            ),
            0
        );
        assert_eq!(
            count(identity_checks::table.count().get_result::<i64>(conn)),
            0
        );
        assert_eq!(
            count(identity_portraits::table.count().get_result::<i64>(conn)),
            0
        );
        assert_eq!(
            count(
                sessions::table
                    .filter(sessions::account_id.eq(a))
                    .count()
                    .get_result::<i64>(conn)
            ),
            0
        );
        // The security log keeps its events, none names her but the erasure's own.
        let naming: Vec<String> = count(
            security_events::table
                .filter(security_events::account_id.eq(a))
                .select(security_events::kind)
                .load(conn),
        );
        assert_eq!(naming, vec!["personal_data_erased".to_owned()]);
        // The company's order stays, its person erased, its trail saying so.
        let order = orders::find(conn, &cancelled.id)?.unwrap_or_else(|| panic!("kept"));
        assert!(order.personal_data_erased_at.is_some() && order.account_id.is_none());
        let trail = persistence::events::list(conn, cancelled.id.as_str())?;
        assert!(trail
            .last()
            .and_then(|e| e.reason.as_deref())
            .is_some_and(|r| r.contains("at the cardholder's request")));
        let card = persistence::cards::find(conn, &ended.id)?.unwrap_or_else(|| panic!("card"));
        assert!(
            card.account_id.is_none() && card.name_to_print.is_none(),
            "{card:?}"
        );
        // The HR system is told which of its orders named the person.
        let told: Vec<(String, String)> = count(
            webhook_deliveries::table
                .filter(webhook_deliveries::endpoint_id.eq(hook.as_str()))
                .select((webhook_deliveries::event_type, webhook_deliveries::payload))
                .load(conn),
        );
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].0, "person.erased");
        assert!(told[0].1.contains(a) && told[0].1.contains(cancelled.id.as_str()));
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn what_a_live_card_needs_is_held_with_its_reason_and_goes_once_it_ends() {
    let w = World::new().await;
    let company = w.company();
    let erik = w.person();
    let until = w.now().date() + TimeDelta::days(400);
    let (card, _) = w.card(&company, Some(&erik.account_id), CardStatus::Active, until);
    let waiting = w.order(
        &company,
        Some(&erik.account_id),
        OrderStatus::WaitingForReview,
    );
    w.check(&erik.email, Verdict::Green, Some(&erik.account_id));

    let report = w
        .write(|conn, ctx| erase(conn, ctx, &erik.account_id, Requester::Person))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.account_deleted);
    let kinds: Vec<(HeldKind, String, Option<chrono::NaiveDate>)> = report
        .held
        .iter()
        .map(|h| (h.kind, h.id.clone(), h.until))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (HeldKind::Card, card.id.to_string(), Some(until)),
            (HeldKind::CardOrder, waiting.id.to_string(), None),
        ]
    );
    // Each reason is said in the reader's language: the card's names its last day.
    let said: Vec<(String, String)> = report
        .held
        .iter()
        .map(|h| {
            (
                h.reason.render(domain::Language::English),
                h.reason.render(domain::Language::Swedish),
            )
        })
        .collect();
    assert!(said[0].0.contains(&until.to_string()) && said[0].1.contains("gäller till"));
    assert!(said[1].0.contains("Waiting for your review") && said[1].1.contains("pågår"));
    w.read(|conn: &mut DbConn| {
        let account =
            persistence::accounts::find(conn, &erik.account_id)?.unwrap_or_else(|| panic!("held"));
        assert!(account.erasure_requested_at.is_some() && account.contact_email.is_none());
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    // Still held: the retention step leaves it.
    let finished = w
        .write(|conn, ctx| finish_waiting(conn, ctx, 100))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(finished, 0);

    // The card ends and the order is cancelled: the next run finishes the erasure.
    w.write(|conn, _| {
        persistence::cards::transition(
            conn,
            &card.id,
            card.version,
            CardStatus::Terminated,
            None,
            w.now(),
        )?;
        persistence::orders::transition(
            conn,
            &waiting.id,
            waiting.version,
            OrderStatus::Cancelled,
            None,
            w.now(),
        )?;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let finished = w
        .write(|conn, ctx| finish_waiting(conn, ctx, 100))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(finished, 1);
    w.read(|conn: &mut DbConn| {
        assert!(persistence::accounts::find(conn, &erik.account_id)?.is_none());
        let order = orders::find(conn, &waiting.id)?.unwrap_or_else(|| panic!("kept"));
        assert!(order.personal_data_erased_at.is_some());
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));
}
