//! Activating a card (`app::cards::activate`), through the runner with the cardholder's session:
//! the typed number must be the card's, wrong numbers are counted per account and refused after
//! ten until the window has passed, and activation ends the holder's older cards of the company.

use app::cards::activate::{self, TypedNumber, WRONG_NUMBERS_PER_ACCOUNT};
use app::principal::MultiFactor;
use app::{AppError, ProblemCode};
use chrono::TimeDelta;
use domain::{AuthLevel, CardNumber, CardStatus};
use persistence::cards;

use crate::world::World;

fn other_than(number: &CardNumber) -> CardNumber {
    let digits: Vec<u8> = number
        .as_str()
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // The nine serial digits, the first changed.
    let mut serial: [u8; 9] = std::array::from_fn(|i| digits.get(i).copied().unwrap_or(0));
    serial[0] = (serial[0] + 1) % 10;
    CardNumber::from_serial(serial)
}

#[tokio::test]
async fn wrong_numbers_are_counted_and_refused_after_ten_until_the_window_has_passed() {
    let w = World::new().await;
    let company = w.company();
    let holder = w.person();
    let until = w.now().date() + TimeDelta::days(365);
    let (card, number) = w.card(
        &company,
        Some(&holder.account_id),
        CardStatus::Inactive,
        until,
    );
    let typed = |number: CardNumber| TypedNumber {
        card_id: card.id.clone(),
        number,
    };
    for _ in 0..WRONG_NUMBERS_PER_ACCOUNT {
        let r = w
            .app
            .write_as::<MultiFactor, _, _>(
                holder.credentials.clone(),
                typed(other_than(&number)),
                activate::activate,
            )
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(
                r,
                Err(AppError::Unprocessable {
                    code: ProblemCode::CardNumberMismatch,
                    ..
                })
            ),
            "{:?}",
            r.err()
        );
    }
    // The right number is refused too while the window lasts, and nothing changes.
    let r = w
        .app
        .write_as::<MultiFactor, _, _>(
            holder.credentials.clone(),
            typed(number.clone()),
            activate::activate,
        )
        .await;
    assert!(
        matches!(r, Err(AppError::RateLimited { .. })),
        "{:?}",
        r.err()
    );
    // After the window (and a new sign-in: the access token has expired), it works.
    w.clock.advance(TimeDelta::minutes(16));
    let credentials = w.sign_in(&holder.account_id, AuthLevel::PasswordAndSms);
    let done = w
        .app
        .write_as::<MultiFactor, _, _>(credentials, typed(number), activate::activate)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.card.card.status, CardStatus::Active);
    assert_eq!(done.pin.len(), app::cards::pin::PIN_DIGITS);
}

#[tokio::test]
async fn activating_a_card_ends_the_holders_older_cards_of_the_company_only() {
    let w = World::new().await;
    let company = w.company();
    let elsewhere = w.company();
    let holder = w.person();
    let until = w.now().date() + TimeDelta::days(365);
    let mine = Some(&holder.account_id);
    let (older, _) = w.card(&company, mine, CardStatus::Active, until);
    let (blocked, _) = w.card(&company, mine, CardStatus::Blocked, until);
    let (other_company, _) = w.card(&elsewhere, mine, CardStatus::Active, until);
    w.clock.advance(TimeDelta::seconds(1));
    let (new, number) = w.card(&company, mine, CardStatus::Inactive, until);
    w.app
        .write_as::<MultiFactor, _, _>(
            holder.credentials.clone(),
            TypedNumber {
                card_id: new.id.clone(),
                number,
            },
            activate::activate,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let status = |id| {
        w.read(|c| Ok(cards::find(c, id)?))
            .unwrap_or_else(|e| panic!("{e}"))
            .map(|c| (c.status, c.status_reason))
            .unwrap_or_else(|| panic!("card"))
    };
    let replaced = Some(format!("replaced by card {}", new.id));
    assert_eq!(
        status(&older.id),
        (CardStatus::Terminated, replaced.clone())
    );
    assert_eq!(status(&blocked.id), (CardStatus::Terminated, replaced));
    assert_eq!(status(&other_company.id).0, CardStatus::Active);
    assert_eq!(status(&new.id).0, CardStatus::Active);
}
