//! Fictional demo data: a company, two cardholders with verified identities, and orders waiting
//! for review — one that matches (the MRZ name needs ICAO transliteration: Å→AA, Ö→OE), one with
//! a misspelled surname so the mismatch shows; an order in the production queue and a delivered
//! card waiting for activation. Fixed ids, so `seed-demo` is repeatable.

mod bankid_person;
mod card_journey;
mod clients;
mod documents;
pub mod print;
mod seeded_orders;
mod webhook;

pub use bankid_person::{ANNA_EMAIL, ANNA_PERSONAL_NUMBER, ORDER_BANKID};
pub use webhook::{WEBHOOK_ENDPOINT_ID, WEBHOOK_SECRET};

pub use card_journey::{card_number as demo_card_number, CARD_ID, ORDER_APPROVED, ORDER_DELIVERED};
pub use clients::{
    DemoClient, INTEGRATOR_ID, INTEGRATOR_SECRET, OTHER_INTEGRATOR_ID, OTHER_INTEGRATOR_SECRET,
    PRODUCER_ID, PRODUCER_SECRET, VERIFIER_ID, VERIFIER_SECRET,
};

pub use seeded_orders::insert_waiting_order;
use seeded_orders::seed_invitation_and_visitor_order;

use chrono::{Months, NaiveDate, TimeDelta};
use persistence::{accounts, companies, memberships, Db, NewAccount, NewCompany, NewMember};
use serde::Serialize;

use app::auth::password;
use app::Clock;
use domain::{AccountId, CompanyId, CompanyRole, MemberId, OrgNumber};

pub const COMPANY_ID: &str = "cmp_de0000000000000000000001";
pub const ASA_ID: &str = "acc_de0000000000000000000001";
pub const ERIK_ID: &str = "acc_de0000000000000000000002";
pub const ADMIN_ID: &str = "acc_de0000000000000000000003";
pub const ORDERER_ID: &str = "acc_de0000000000000000000004";
pub const ADMIN_EMAIL: &str = "karin.nilsson@example.se";
/// A second company, so that two companies' administrators can be tried against each other.
pub const OTHER_COMPANY_ID: &str = "cmp_de0000000000000000000002";
pub const OTHER_ADMIN_ID: &str = "acc_de0000000000000000000005";
pub const OTHER_ADMIN_EMAIL: &str = "lars.ek@example.se";
pub const ORDERER_EMAIL: &str = "johan.berg@example.se";
pub const ORDER_MATCHING: &str = "ord_de0000000000000000000001";
pub const ORDER_MISSPELLED: &str = "ord_de0000000000000000000002";
pub const ORDER_ERIK: &str = "ord_de0000000000000000000003";
pub const ASA_EMAIL: &str = "asa.oberg@example.se";
pub const ERIK_EMAIL: &str = "erik.lindstrom@example.se";
pub const PASSWORD: &str = "demo-password-2026";
pub const INVITATION_ID: &str = "inv_de0000000000000000000001";
/// The demo invitation's link token (fixed, so the demo can print it; real ones are random).
pub const INVITATION_TOKEN: &str = "ivt_demo-invitation-0001";
pub const INVITATION_EMAIL: &str = "nils.holm@example.se";
pub const VISITOR_ORDER_ID: &str = "vor_de0000000000000000000001";

#[derive(Debug, Serialize)]
pub struct DemoInfo {
    pub company: DemoCompany,
    /// A second company, with an administrator of its own.
    pub other_company: DemoCompany,
    pub accounts: Vec<DemoAccount>,
    pub orders: Vec<DemoOrder>,
    pub invitations: Vec<DemoInvitation>,
    pub visitor_orders: Vec<DemoVisitorOrder>,
    /// Produced cards waiting for activation, with the numbers printed on them.
    pub cards: Vec<card_journey::DemoCard>,
    /// Byggbolaget Norr AB's webhook endpoint (disabled until pointed at a receiver).
    pub webhook_endpoints: Vec<webhook::DemoWebhook>,
    /// Machine clients: the identity verifier and each company's HR system.
    pub clients: Vec<DemoClient>,
    /// The BankID route, against the local double.
    pub bankid: bankid_person::DemoBankId,
    /// False when the data was already there.
    pub created: bool,
}

#[derive(Debug, Serialize)]
pub struct DemoCompany {
    pub id: &'static str,
    pub name: &'static str,
    pub org_number: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DemoAccount {
    pub id: &'static str,
    pub name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub phone: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DemoOrder {
    pub id: &'static str,
    pub cardholder_email: &'static str,
    pub note: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DemoInvitation {
    pub id: &'static str,
    pub email: &'static str,
    /// Open it with `GET /v1/invitations/{token}`; answer with `POST .../submission`.
    pub token: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DemoVisitorOrder {
    pub id: &'static str,
    pub quantity: i32,
}

pub fn info(created: bool) -> DemoInfo {
    DemoInfo {
        company: DemoCompany { id: COMPANY_ID, name: "Byggbolaget Norr AB", org_number: "556547-9770" },
        other_company: DemoCompany { id: OTHER_COMPANY_ID, name: "Anläggning Väst AB", org_number: "556789-0123" },
        accounts: vec![
            DemoAccount { id: ASA_ID, name: "Åsa Karin Öberg", email: ASA_EMAIL, password: PASSWORD, phone: "+46704450723" },
            DemoAccount { id: ERIK_ID, name: "Erik Johan Lindström", email: ERIK_EMAIL, password: PASSWORD, phone: "+46701234567" },
            DemoAccount { id: ADMIN_ID, name: "Karin Nilsson (company administrator)", email: ADMIN_EMAIL, password: PASSWORD, phone: "+46702223344" },
            DemoAccount { id: ORDERER_ID, name: "Johan Berg (company orderer)", email: ORDERER_EMAIL, password: PASSWORD, phone: "+46703334455" },
            DemoAccount { id: OTHER_ADMIN_ID, name: "Lars Ek (administrator of Anläggning Väst AB)", email: OTHER_ADMIN_EMAIL, password: PASSWORD, phone: "+46704445566" },
            DemoAccount { id: bankid_person::ANNA_ID, name: "Anna Maria Bänkström (BankID route, not verified yet)", email: ANNA_EMAIL, password: PASSWORD, phone: "+46705556677" },
        ],
        orders: vec![
            DemoOrder { id: ORDER_MATCHING, cardholder_email: ASA_EMAIL, note: "waiting for review; matches the passport (MRZ OEBERG<<AASA<KARIN)" },
            DemoOrder { id: ORDER_MISSPELLED, cardholder_email: ASA_EMAIL, note: "waiting for review; surname misspelled (Öbergh): the identity check shows the mismatch" },
            DemoOrder { id: ORDER_ERIK, cardholder_email: ERIK_EMAIL, note: "waiting for review; matches the national ID card" },
            DemoOrder { id: card_journey::ORDER_DELIVERED, cardholder_email: ORDERER_EMAIL, note: "delivered; its card waits for activation (see cards)" },
            DemoOrder { id: card_journey::ORDER_APPROVED, cardholder_email: OTHER_ADMIN_EMAIL, note: "Anläggning Väst AB: approved, in the production queue" },
        ],
        invitations: vec![DemoInvitation { id: INVITATION_ID, email: INVITATION_EMAIL, token: INVITATION_TOKEN }],
        visitor_orders: vec![DemoVisitorOrder { id: VISITOR_ORDER_ID, quantity: 10 }],
        cards: card_journey::cards_info(),
        webhook_endpoints: webhook::info(),
        clients: clients::clients(),
        bankid: bankid_person::info(),
        created,
    }
}

struct Person<'a> {
    id: &'a str,
    email: &'a str,
    phone: &'a str,
    given: &'a str,
    surname: &'a str,
}

/// Creates the demo data unless the demo company exists. Blocking (argon2, database).
pub fn seed(db: &Db, clock: &Clock, vault: &app::vault::Vault) -> Result<DemoInfo, String> {
    let hash = password::hash(PASSWORD)?;
    let now = clock.now();
    let today = now.date();
    let created = db
        .write(|conn| {
            if companies::count_id(conn, COMPANY_ID)? > 0 {
                return Ok::<bool, persistence::Error>(false);
            }
            let company_id: CompanyId = demo_id(COMPANY_ID)?;
            let org = OrgNumber::parse("556547-9770")
                .map_err(|e| persistence::Error::Corrupt(format!("demo org number: {e}")))?;
            let address = domain::DeliveryAddress::parse(&company_address())
                .map_err(|e| persistence::Error::Corrupt(format!("demo address: {e:?}")))?;
            companies::insert(
                conn,
                &NewCompany {
                    id: &company_id,
                    name: "Byggbolaget Norr AB",
                    org_number: &org,
                    delivery_address: Some(&address),
                    created_at: now,
                },
            )?;
            let asa = Person {
                id: ASA_ID,
                email: ASA_EMAIL,
                phone: "+46704450723",
                given: "Åsa Karin",
                surname: "Öberg",
            };
            let erik = Person {
                id: ERIK_ID,
                email: ERIK_EMAIL,
                phone: "+46701234567",
                given: "Erik Johan",
                surname: "Lindström",
            };
            let admin = Person {
                id: ADMIN_ID,
                email: ADMIN_EMAIL,
                phone: "+46702223344",
                given: "Karin",
                surname: "Nilsson",
            };
            let orderer = Person {
                id: ORDERER_ID,
                email: ORDERER_EMAIL,
                phone: "+46703334455",
                given: "Johan",
                surname: "Berg",
            };
            let other_admin = Person {
                id: OTHER_ADMIN_ID,
                email: OTHER_ADMIN_EMAIL,
                phone: "+46704445566",
                given: "Lars",
                surname: "Ek",
            };
            for p in [&asa, &erik, &admin, &orderer, &other_admin] {
                accounts::insert(
                    conn,
                    &NewAccount {
                        id: &demo_id(p.id)?,
                        email: p.email,
                        password_hash: &hash,
                        phone: p.phone,
                        given_names: p.given,
                        surname: p.surname,
                        contact_phone: Some(p.phone),
                        contact_email: Some(p.email),
                        contact_address: None,
                        contact_postal_code: None,
                        contact_city: None,
                        contact_country: None,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                        language: domain::Language::English,
                    },
                )?;
            }
            for (n, p, role) in [
                (1u8, &admin, CompanyRole::Admin),
                (2, &orderer, CompanyRole::Orderer),
            ] {
                memberships::insert(
                    conn,
                    &NewMember {
                        id: &MemberId::from_random([0xde, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, n]),
                        company_id: &company_id,
                        email: p.email,
                        account_id: Some(&demo_id::<AccountId>(p.id)?),
                        role,
                        now,
                    },
                )?;
            }
            // The second company, with Lars as its administrator.
            let other_id: CompanyId = demo_id(OTHER_COMPANY_ID)?;
            let other_org = OrgNumber::parse("556789-0123")
                .map_err(|e| persistence::Error::Corrupt(format!("demo org number: {e}")))?;
            companies::insert(
                conn,
                &NewCompany {
                    id: &other_id,
                    name: "Anläggning Väst AB",
                    org_number: &other_org,
                    delivery_address: Some(&address),
                    created_at: now,
                },
            )?;
            memberships::insert(
                conn,
                &NewMember {
                    id: &MemberId::from_random([0xde, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]),
                    company_id: &other_id,
                    email: other_admin.email,
                    account_id: Some(&demo_id::<AccountId>(other_admin.id)?),
                    role: CompanyRole::Admin,
                    now,
                },
            )?;
            documents::seed(conn, vault, now)?;
            let valid_until = today.checked_add_months(Months::new(36)).unwrap_or(today);
            let orders_to_make = [
                (
                    ORDER_MISSPELLED,
                    ASA_ID,
                    "Åsa Karin",
                    "Öbergh",
                    "Åsa Öbergh",
                    date(1988, 3, 14),
                    now - TimeDelta::hours(3),
                ),
                (
                    ORDER_MATCHING,
                    ASA_ID,
                    "Åsa Karin",
                    "Öberg",
                    "Åsa Öberg",
                    date(1988, 3, 14),
                    now - TimeDelta::hours(2),
                ),
                (
                    ORDER_ERIK,
                    ERIK_ID,
                    "Erik Johan",
                    "Lindström",
                    "Erik Lindström",
                    date(1979, 9, 2),
                    now - TimeDelta::hours(1),
                ),
            ];
            for (id, account, given, surname, print, dob, at) in orders_to_make {
                insert_waiting_order(
                    conn,
                    id,
                    account,
                    (given, surname, print),
                    dob,
                    valid_until,
                    at,
                )?;
            }
            seed_invitation_and_visitor_order(conn, &company_id, &address, now)?;
            clients::seed_clients(conn, now)?;
            card_journey::seed(conn, now)?;
            webhook::seed(conn, vault, now)?;
            bankid_person::seed(conn, vault, &hash, now)?;
            Ok(true)
        })
        .map_err(|e| format!("seed demo: {e}"))?;
    Ok(info(created))
}

/// The demo company's default delivery address.
pub fn company_address() -> domain::AddressInput {
    domain::AddressInput {
        name: Some("Byggbolaget Norr AB, site office".into()),
        street: "Storgatan 12".into(),
        postal_code: "903 25".into(),
        city: "Umeå".into(),
        country: "SE".into(),
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The demo's fixed ids are well-formed; a typo in them is a bug found at once.
pub(crate) fn demo_id<T: TryFrom<String, Error = domain::Invalid>>(
    raw: &str,
) -> Result<T, persistence::Error> {
    T::try_from(raw.to_owned())
        .map_err(|e| persistence::Error::Corrupt(format!("demo id {raw}: {e}")))
}
