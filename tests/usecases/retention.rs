//! Retention on the clock: each class of personal data goes when its time is up and not before,
//! once, leaving the trail and the security log to say so.

use app::retention::{run_once, Erased, Rules};
use chrono::TimeDelta;
use domain::{ActorId, CompanyRole, OrderStatus, SecurityEventKind, Verdict};
use persistence::{identity_checks, orders};

use crate::world::World;

#[tokio::test]
async fn each_class_goes_when_its_time_is_up_once_and_says_so() {
    let w = World::new().await;
    let rules = Rules::default();
    let run = |w: &World| run_once(&w.app.db, &rules, w.now()).unwrap_or_else(|e| panic!("{e}"));
    let company = w.company();
    let _member = w.member(&company, CompanyRole::Admin);
    // Maja: her card was delivered and nothing else waits to be printed; two closed orders.
    let maja = w.person();
    let delivered = w.order(&company, Some(&maja.account_id), OrderStatus::Delivered);
    w.delivered(&delivered.id);
    let cancelled = w.order(&company, Some(&maja.account_id), OrderStatus::Cancelled);
    let rejected = w.order(&company, Some(&maja.account_id), OrderStatus::Rejected);
    let (majas_check, _) = w.check(&maja.email, Verdict::Green, Some(&maja.account_id));
    // Erik: delivered too, but another order of his waits for the printer.
    let erik = w.person();
    let erik_delivered = w.order(&company, Some(&erik.account_id), OrderStatus::Delivered);
    w.delivered(&erik_delivered.id);
    let approved = w.order(&company, Some(&erik.account_id), OrderStatus::Approved);
    let (eriks_check, _) = w.check(&erik.email, Verdict::Green, Some(&erik.account_id));
    // A red check, and a green one whose link was never used.
    let (red, _) = w.check("someone@example.se", Verdict::Red, None);
    let (unused, _) = w.check("nobody@example.se", Verdict::Green, None);
    let mrz_left = |w: &World| {
        w.read(|conn| {
            let mut n = 0;
            for id in [&majas_check, &eriks_check] {
                n += usize::from(
                    identity_checks::find(conn, id)?
                        .and_then(|c| c.mrz)
                        .is_some(),
                );
            }
            Ok(n)
        })
        .unwrap_or_else(|e| panic!("{e}"))
    };
    let portrait = |w: &World, id| {
        w.read(|conn| Ok(identity_checks::portrait(conn, id)?.is_some()))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(mrz_left(&w), 2);

    // Decided: the raw MRZ goes at the next run; nothing else does.
    w.clock.advance(TimeDelta::minutes(1));
    assert_eq!(
        run(&w),
        Erased {
            raw_mrz: 4,
            ..Erased::default()
        }
    );
    assert_eq!(mrz_left(&w), 0);

    // A month on: the unused checks and Maja's portrait; Erik's stays for his approved order.
    w.clock.advance(TimeDelta::days(29));
    assert_eq!(run(&w), Erased::default(), "not a day early");
    w.clock.advance(TimeDelta::days(2));
    assert_eq!(
        run(&w),
        Erased {
            unused_checks: 2,
            portraits: 1,
            ..Erased::default()
        }
    );
    assert!(!portrait(&w, &majas_check) && portrait(&w, &eriks_check));
    w.read(|conn| {
        assert!(identity_checks::find(conn, &red)?.is_none());
        assert!(identity_checks::find(conn, &unused)?.is_none());
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // Ninety days after they closed: the closed orders keep their trail, not their person.
    w.clock.advance(TimeDelta::days(60));
    assert_eq!(
        run(&w),
        Erased {
            orders: 2,
            ..Erased::default()
        }
    );
    assert_eq!(run(&w), Erased::default(), "once");
    w.read(|conn| {
        for (order, status) in [(&cancelled, "cancelled"), (&rejected, "rejected")] {
            let row = orders::find(conn, &order.id)?.unwrap_or_else(|| panic!("kept"));
            assert!(row.personal_data_erased_at.is_some());
            assert_eq!((row.given_names.as_str(), row.surname.as_str()), ("", ""));
            assert_eq!(row.cardholder_email, "");
            assert!(row.account_id.is_none() && row.personal_identity_number.is_none());
            let trail = persistence::events::list(conn, order.id.as_str())?;
            let last = trail.last().unwrap_or_else(|| panic!("a trail"));
            assert_eq!(last.actor_id, ActorId::System);
            assert!(
                last.reason
                    .as_deref()
                    .is_some_and(|r| r.contains(status) && r.contains("90 days")),
                "{last:?}"
            );
        }
        for order in [&delivered, &approved] {
            let row = orders::find(conn, &order.id)?.unwrap_or_else(|| panic!("kept"));
            assert!(row.personal_data_erased_at.is_none() && row.given_names == "Maja");
        }
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));

    // A year on: the security events of the first day go, the later runs' stay.
    w.clock.advance(TimeDelta::days(365 - 91 + 1));
    let erased = run(&w);
    assert!(erased.security_events >= 1, "{erased:?}");
    let kinds = w
        .read(|conn| {
            Ok(persistence::security_events::list(
                conn,
                &persistence::security_events::EventFilter::default(),
                100,
            )?)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(kinds
        .iter()
        .all(|e| e.kind == SecurityEventKind::RetentionApplied));
    // The runs of days 31, 91 and 366 that erased something said so (the second of day 91 did not).
    assert_eq!(kinds.len(), 3, "{kinds:?}");
}
