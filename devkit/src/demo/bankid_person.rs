//! The BankID route in the demo: Anna Maria Bänkström has an account (made from the order email's
//! link) but no verified identity yet, and an order bound to her personal identity number waits
//! for her. With `make run` the local BankID double identifies her by default, so approving
//! with BankID and then signing in with BankID work offline.

use chrono::{Months, NaiveDate, NaiveDateTime, TimeDelta};
use persistence::sealing::Column;
use persistence::{accounts, DbConn, NewAccount};
use serde::Serialize;

use super::seeded_orders::insert_numbered_order;

pub const ANNA_ID: &str = "acc_de0000000000000000000006";
pub const ANNA_EMAIL: &str = "anna.bankstrom@example.se";
pub const ORDER_BANKID: &str = "ord_de0000000000000000000006";
/// The double's default person (a valid test personal identity number).
pub const ANNA_PERSONAL_NUMBER: &str = "198112189876";
const ANNA_PHONE: &str = "+46705556677";

pub fn seed(
    conn: &mut DbConn,
    vault: &app::vault::Vault,
    password_hash: &str,
    now: NaiveDateTime,
) -> Result<(), persistence::Error> {
    accounts::insert(
        conn,
        &NewAccount {
            id: &super::demo_id(ANNA_ID)?,
            email: ANNA_EMAIL,
            password_hash,
            phone: ANNA_PHONE,
            given_names: "Anna Maria",
            surname: "Bänkström",
            contact_phone: Some(ANNA_PHONE),
            contact_email: Some(ANNA_EMAIL),
            contact_address: Some("Kungsgatan 4"),
            contact_postal_code: Some("90325"),
            contact_city: Some("Umeå"),
            contact_country: Some("SE"),
            version: 1,
            created_at: now,
            updated_at: now,
            language: domain::Language::English,
        },
    )?;
    let valid_until = now
        .date()
        .checked_add_months(Months::new(36))
        .unwrap_or(now.date());
    let number = domain::PersonalIdentityNumber::parse(ANNA_PERSONAL_NUMBER, now.date())
        .map_err(|e| persistence::Error::Corrupt(format!("demo number: {e}")))?;
    let sealed = vault
        .seal_number(Column::OrderNumber, ORDER_BANKID, &number)
        .map_err(|e| persistence::Error::Corrupt(e.to_string()))?;
    insert_numbered_order(
        conn,
        ORDER_BANKID,
        ANNA_ID,
        ("Anna Maria", "Bänkström", "Anna Bänkström"),
        (
            NaiveDate::from_ymd_opt(1981, 12, 18).unwrap_or_default(),
            Some(&sealed),
        ),
        valid_until,
        now - TimeDelta::minutes(30),
    )
}

/// How to try the BankID route, for the demo's printout.
#[derive(Debug, Serialize)]
pub struct DemoBankId {
    pub account_email: &'static str,
    pub order_id: &'static str,
    pub personal_number: &'static str,
    pub note: &'static str,
}

pub fn info() -> DemoBankId {
    DemoBankId {
        account_email: ANNA_EMAIL,
        order_id: ORDER_BANKID,
        personal_number: ANNA_PERSONAL_NUMBER,
        note: "no verified identity yet: sign in (password + SMS), POST /v1/me/card-orders/{order_id}/bankid, poll it until complete (the local double identifies her), accept the order; then POST /v1/auth/bankid signs her in with BankID",
    }
}
