//! An `Idempotency-Key` lives 24 hours: within them a retry gets the first reply; after them the
//! key is free again, and its new request is carried out and saved in place of the old one.

use app::company_orders::place::place;
use app::idempotency::IdempotencyKey;
use chrono::TimeDelta;
use domain::{AuthLevel, CompanyRole};

use crate::statements::{erik, saved};
use crate::world::World;

#[tokio::test]
async fn an_expired_key_is_free_for_a_new_request() {
    let w = World::new().await;
    let company = w.company_delivering();
    let orderer = w.member(&company, CompanyRole::Orderer);
    let first = || Some(IdempotencyKey::new("crew-1", "POST", "/v1/x", b"first"));
    let second = || Some(IdempotencyKey::new("crew-1", "POST", "/v1/x", b"second"));
    let run = |who: app::Credentials, key| {
        w.app
            .write_as_idempotent(who, key, erik(&w, &company), place, |_| Ok(saved(201)))
    };

    let made = run(orderer.credentials.clone(), first()).await;
    assert!(!made.unwrap_or_else(|e| panic!("{e:?}")).replayed);
    let again = run(orderer.credentials.clone(), first()).await;
    assert!(again.unwrap_or_else(|e| panic!("{e:?}")).replayed);
    let other = run(orderer.credentials.clone(), second()).await;
    assert!(
        matches!(other, Err(app::AppError::Unprocessable { .. })),
        "{other:?}"
    );

    w.clock.advance(TimeDelta::hours(25));
    let who = w.sign_in(&orderer.account_id, AuthLevel::PasswordAndSms);
    let fresh = run(who.clone(), second()).await;
    assert!(!fresh.unwrap_or_else(|e| panic!("{e:?}")).replayed);
    let replayed = run(who, second()).await;
    assert!(replayed.unwrap_or_else(|e| panic!("{e:?}")).replayed);
}
