//! Builders: each test makes the objects it needs, in the state it needs, and nothing else (not
//! the demo seed). Rows are written through the repositories; what a builder sets directly (an
//! order's or a card's state) is the premise of a test, not what it tests. Passwords are hashed
//! at argon2's lowest cost: a test that makes many accounts spends no time on them.

use std::sync::atomic::{AtomicU32, Ordering};

use app::Credentials;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use chrono::NaiveDate;
use domain::{
    AccountId, AuthLevel, CardId, CardKind, CardNumber, CardStatus, ClientId, ClientRole,
    CompanyId, CompanyRole, EventType, EventTypes, MemberId, OrderId, OrderStatus, OrgNumber,
    Scopes, VisitorOrderId, WebhookEndpointId,
};
use persistence::orders::PersonColumns;
use persistence::webhooks::NewEndpoint;
use persistence::{
    accounts, api_clients, cards, companies, memberships, orders, visitor_orders, webhooks,
    AddressRow, CardRow, NewAccount, NewCard, NewClient, NewCompany, NewMember, NewOrder,
    NewVisitorOrder, OrderRow, VisitorOrderRow,
};

use crate::world::World;

/// The password every built account has.
pub const PASSWORD: &str = "correct horse battery staple";

/// A person with an account and a signed-in session.
pub struct Person {
    pub account_id: AccountId,
    pub email: String,
    /// A session with the SMS second factor.
    pub credentials: Credentials,
}

fn serial() -> u32 {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Luhn over the first nine digits: the organisation number's check digit.
fn org_number(n: u32) -> OrgNumber {
    let body = format!("5565{:05}", n % 100_000);
    let check = devkit::crew::luhn_check_digit(&body);
    OrgNumber::parse(&format!("{body}{check}")).unwrap_or_else(|e| panic!("{e:?}"))
}

fn test_cost_hash(password: &str) -> String {
    let params = Params::new(Params::MIN_M_COST, 1, 1, None).unwrap_or_else(|e| panic!("{e}"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes())
        .unwrap_or_else(|e| panic!("{e}"))
        .to_string()
}

fn address() -> AddressRow {
    AddressRow {
        name: None,
        street: "Storgatan 1".into(),
        postal_code: "11122".into(),
        city: "Stockholm".into(),
        country: "SE".into(),
    }
}

impl World {
    pub fn company(&self) -> CompanyId {
        self.company_at(None)
    }

    /// A company with a default delivery address (its orders may leave it out).
    pub fn company_delivering(&self) -> CompanyId {
        let address = domain::DeliveryAddress::parse(&domain::AddressInput {
            name: None,
            street: "Storgatan 1".into(),
            postal_code: "111 22".into(),
            city: "Stockholm".into(),
            country: "SE".into(),
        })
        .unwrap_or_else(|e| panic!("{e:?}"));
        self.company_at(Some(&address))
    }

    fn company_at(&self, delivery_address: Option<&domain::DeliveryAddress>) -> CompanyId {
        let id: CompanyId = app::ids::new();
        let org = org_number(serial());
        let now = self.now();
        self.write(|conn, _| {
            let name = format!("Bygg {}", org.digits());
            companies::insert(
                conn,
                &NewCompany {
                    id: &id,
                    name: &name,
                    org_number: &org,
                    delivery_address,
                    created_at: now,
                },
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("company: {e}"));
        id
    }

    /// An account (no company), signed in with the second factor.
    pub fn person(&self) -> Person {
        let n = serial();
        let id: AccountId = app::ids::new();
        let email = format!("person{n}@example.se");
        let hash = test_cost_hash(PASSWORD);
        let now = self.now();
        self.write(|conn, _| {
            accounts::insert(
                conn,
                &NewAccount {
                    id: &id,
                    email: &email,
                    password_hash: &hash,
                    phone: &format!("+4670{:07}", 1_000_000 + n),
                    given_names: "Maja",
                    surname: "Persson",
                    contact_phone: None,
                    contact_email: None,
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
            Ok(())
        })
        .unwrap_or_else(|e| panic!("account: {e}"));
        let credentials = self.sign_in(&id, AuthLevel::PasswordAndSms);
        Person {
            account_id: id,
            email,
            credentials,
        }
    }

    /// A person who is a member of `company` in `role`.
    pub fn member(&self, company: &CompanyId, role: CompanyRole) -> Person {
        let person = self.person();
        let id: MemberId = app::ids::new();
        let now = self.now();
        self.write(|conn, _| {
            memberships::insert(
                conn,
                &NewMember {
                    id: &id,
                    company_id: company,
                    email: &person.email,
                    account_id: Some(&person.account_id),
                    role,
                    now,
                },
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("member: {e}"));
        person
    }

    /// A registered machine client and its token with `scopes`.
    pub fn client(
        &self,
        role: ClientRole,
        company: Option<&CompanyId>,
        scopes: &str,
    ) -> Credentials {
        let id: ClientId = app::ids::new();
        let scopes = Scopes::parse(scopes).unwrap_or_else(|e| panic!("{e:?}"));
        let now = self.now();
        self.write(|conn, _| {
            api_clients::insert(
                conn,
                &NewClient {
                    id: &id,
                    name: "test client",
                    role,
                    company_id: company,
                    scopes: &scopes.to_string(),
                    secret_hash: &app::ids::hash_secret("unused"),
                    created_by: &domain::ActorId::System,
                    now,
                },
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("client: {e}"));
        self.client_token(&id, role, company, &scopes)
    }

    /// A card order of `company` in `status`, for `holder` when given.
    pub fn order(
        &self,
        company: &CompanyId,
        holder: Option<&AccountId>,
        status: OrderStatus,
    ) -> OrderRow {
        let born = NaiveDate::from_ymd_opt(1990, 5, 17).unwrap_or_else(|| panic!("date"));
        self.order_born(company, holder, status, born)
    }

    /// [`World::order`] for a Maja Persson born on `born`.
    pub fn order_born(
        &self,
        company: &CompanyId,
        holder: Option<&AccountId>,
        status: OrderStatus,
        born: NaiveDate,
    ) -> OrderRow {
        let id: OrderId = app::ids::new();
        let now = self.now();
        let valid_until = now.date() + chrono::TimeDelta::days(365);
        let delivery = address();
        self.write(|conn, _| {
            orders::insert(
                conn,
                &NewOrder {
                    id: &id,
                    company_id: company,
                    account_id: holder,
                    cardholder_email: "holder@example.se",
                    cardholder_phone: "+46701234567",
                    card_type: CardKind::Standard,
                    status,
                    person: PersonColumns {
                        given_names: "Maja",
                        surname: "Persson",
                        name_to_print: "MAJA PERSSON",
                        name_to_print_chosen: false,
                        name_search: "maja persson",
                        date_of_birth: born,
                        nationality: "SE",
                        personal_identity_number: None,
                    },
                    valid_until,
                    delivery: &delivery,
                    invitation_id: None,
                    rejection_reason: None,
                    version: 1,
                    created_at: now,
                    updated_at: now,
                    language: domain::Language::English,
                },
            )?;
            Ok(orders::find(conn, &id)?.unwrap_or_else(|| panic!("the order just made")))
        })
        .unwrap_or_else(|e| panic!("order: {e}"))
    }

    pub fn visitor_order(&self, company: &CompanyId, status: OrderStatus) -> VisitorOrderRow {
        let id: VisitorOrderId = app::ids::new();
        let now = self.now();
        let delivery = address();
        self.write(|conn, _| {
            visitor_orders::insert(
                conn,
                &NewVisitorOrder {
                    id: &id,
                    company_id: company,
                    status,
                    quantity: 2,
                    valid_until: now.date() + chrono::TimeDelta::days(30),
                    delivery: &delivery,
                    now,
                },
            )?;
            Ok(visitor_orders::find(conn, company, &id)?
                .unwrap_or_else(|| panic!("the visitor order just made")))
        })
        .unwrap_or_else(|e| panic!("visitor order: {e}"))
    }

    /// A card of `company` in `status`, valid until `valid_until`, with its number.
    pub fn card(
        &self,
        company: &CompanyId,
        holder: Option<&AccountId>,
        status: CardStatus,
        valid_until: NaiveDate,
    ) -> (CardRow, CardNumber) {
        let id: CardId = app::ids::new();
        let n = serial();
        let number = CardNumber::from_serial(std::array::from_fn(|i| {
            u8::try_from((n / 10u32.pow(u32::try_from(i).unwrap_or(0))) % 10).unwrap_or(0)
        }));
        let order = self.order(company, holder, OrderStatus::Delivered);
        let now = self.now();
        let row = self
            .write(|conn, _| {
                let card = NewCard {
                    id: &id,
                    number: number.as_str(),
                    kind: CardKind::Standard,
                    company_id: company,
                    order_id: &order.id.clone().into(),
                    account_id: holder,
                    name_to_print: Some("MAJA PERSSON"),
                    name_search: Some("maja persson"),
                    valid_until,
                    now,
                };
                app::journal::open_card(conn, &card, &app::journal::Actor::SYSTEM)?;
                if status != CardStatus::Inactive {
                    cards::transition(conn, &id, 1, status, None, now)?;
                }
                Ok(cards::find(conn, &id)?.unwrap_or_else(|| panic!("the card just made")))
            })
            .unwrap_or_else(|e| panic!("card: {e}"));
        (row, number)
    }

    /// A webhook endpoint of `company` that wants `types`.
    pub fn endpoint(&self, company: &CompanyId, types: &[EventType]) -> WebhookEndpointId {
        self.endpoint_at(company, types, "https://hooks.example/id06")
    }

    /// A webhook endpoint of `company` at `url` that wants `types` (signed with `whsec_test`).
    pub fn endpoint_at(
        &self,
        company: &CompanyId,
        types: &[EventType],
        url: &str,
    ) -> WebhookEndpointId {
        let id: WebhookEndpointId = app::ids::new();
        let types =
            EventTypes::parse(types.iter().map(|t| t.as_str())).unwrap_or_else(|e| panic!("{e:?}"));
        let now = self.now();
        self.write(|conn, ctx| {
            let secret = ctx.vault().seal(id.as_str(), "whsec_test")?;
            webhooks::insert_endpoint(
                conn,
                &NewEndpoint {
                    id: &id,
                    company_id: company,
                    url,
                    description: None,
                    event_types: &types,
                    secret: &secret,
                    now,
                },
            )?;
            Ok(())
        })
        .unwrap_or_else(|e| panic!("endpoint: {e}"));
        id
    }
}
