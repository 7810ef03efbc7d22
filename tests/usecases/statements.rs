//! How many statements the hot requests send, each through the runner the HTTP layer uses (the
//! session check, the idempotency key, the use case): the count is the performance budget of
//! the request (issue 21), so a change that adds a statement fails here and says so, and one
//! that removes one lowers the figure. The backends differ by PostgreSQL's pool checking a
//! connection before use. (An SQLite write that joins the group of writes before it adds its
//! `SAVEPOINT` and `RELEASE` and leaves `BEGIN` and `COMMIT` to others; the writes here come
//! alone.)

use app::company_orders::place::{place, PlaceOrder};
use app::idempotency::{IdempotencyKey, Reply};
use app::orders::accept::{accept, Accept};
use app::orders::review::review;
use app::statements::counted;
use domain::{
    CompanyRole, ContactUpdate, Email, EventType, Language, OrderPerson, OrderStatus, PersonInput,
    PhoneNumber, Verdict,
};
use persistence::{accounts, Backend};

use crate::build_identity::birth;
use crate::world::World;

/// The replies are the HTTP layer's to render; their size does not change the statements.
pub fn saved(code: u16) -> Reply {
    Reply {
        code,
        body: "{}".into(),
        tag: None,
        replayed: false,
    }
}

fn key(n: &str) -> Option<IdempotencyKey> {
    Some(IdempotencyKey::new(n, "POST", "/v1/test", b"{}"))
}

/// (SQLite, PostgreSQL): what the request sends now.
struct Budget {
    sqlite: u64,
    postgres: u64,
}

fn hold(w: &World, what: &str, sent: u64, budget: Budget) {
    let want = match w.app.db.backend() {
        Backend::Sqlite(_) => budget.sqlite,
        Backend::Postgres(_) => budget.postgres,
    };
    assert_eq!(
        sent, want,
        "{what} sent {sent} statements where its budget is {want}: if the change is meant, \
         write the new figure here (and say why in the commit)"
    );
}

#[tokio::test]
async fn the_hot_requests_keep_their_statement_counts() {
    let w = World::new().await;
    let company = w.company_delivering();
    // A company that integrates: its endpoint wants the events of both writes.
    w.endpoint(
        &company,
        &[EventType::OrderCreated, EventType::OrderApproved],
    );
    let orderer = w.member(&company, CompanyRole::Orderer);
    let maja = w.person();
    w.check(&maja.email, Verdict::Green, Some(&maja.account_id));
    let now = w.now();
    w.write(|conn, _| {
        let contact = ContactUpdate {
            phone: Some("+46701234567".into()),
            email: Some(maja.email.clone()),
            address: Some("Storgatan 1".into()),
            postal_code: Some("111 22".into()),
            city: Some("Stockholm".into()),
            country: Some("SE".into()),
        };
        accounts::set_contact(conn, &maja.account_id, &contact, now)?;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("contact details: {e}"));
    let order = w.order_born(
        &company,
        Some(&maja.account_id),
        OrderStatus::WaitingForReview,
        birth(),
    );

    let (reviewed, sent) = counted(w.app.read_as(
        maja.credentials.clone(),
        order.id.clone(),
        review,
    ))
    .await;
    reviewed.unwrap_or_else(|e| panic!("review: {e:?}"));
    hold(
        &w,
        "the review",
        sent,
        Budget {
            sqlite: 2,
            postgres: 3,
        },
    );

    let command = Accept {
        order_id: order.id.clone(),
        if_match: None,
        contact_details: None,
    };
    let (accepted, sent) = counted(w.app.write_as_idempotent(
        maja.credentials.clone(),
        key("accept-1"),
        command,
        accept,
        |_| Ok(saved(200)),
    ))
    .await;
    accepted.unwrap_or_else(|e| panic!("accept: {e:?}"));
    hold(
        &w,
        "the accept",
        sent,
        Budget {
            sqlite: 10,
            postgres: 11,
        },
    );

    let command = erik(&w, &company);
    let (placed, sent) = counted(w.app.write_as_idempotent(
        orderer.credentials.clone(),
        key("place-1"),
        command,
        place,
        |_| Ok(saved(201)),
    ))
    .await;
    placed.unwrap_or_else(|e| panic!("place: {e:?}"));
    hold(
        &w,
        "placing an order",
        sent,
        Budget {
            sqlite: 18,
            postgres: 19,
        },
    );
}

/// An order for Erik Andersson, delivered to the company's address.
pub fn erik(w: &World, company: &domain::CompanyId) -> PlaceOrder {
    let today = w.now().date();
    let person = OrderPerson::parse(
        &PersonInput {
            given_names: "Erik".into(),
            surname: "Andersson".into(),
            date_of_birth: "1985-03-02".into(),
            nationality: "SE".into(),
            personal_identity_number: None,
            name_to_print: None,
        },
        today,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    PlaceOrder {
        company_id: company.clone(),
        person,
        cardholder_email: Email::parse("erik@example.se").unwrap_or_else(|e| panic!("{e:?}")),
        cardholder_phone: PhoneNumber::parse("+46701112233").unwrap_or_else(|e| panic!("{e:?}")),
        valid_until: today + chrono::TimeDelta::days(365),
        delivery_address: None,
        language: Language::Swedish,
    }
}

/// A round of the webhook worker sends the same statements for two deliveries as for ten: the
/// claim and the record are one statement each for the whole round (a statement per delivery
/// made the worker fall behind a fan-out on PostgreSQL, issue 21).
#[tokio::test]
async fn a_webhook_round_costs_the_same_statements_whatever_its_size() {
    use app::webhooks::worker::Deliverer;
    use domain::{DeliveryStatus, EventId, ObjectId, WebhookDeliveryId};
    use id06_tests::receiver::Receiver;
    use persistence::webhooks::{self, NewDelivery};

    let w = World::new().await;
    let receiver = Receiver::start().await;
    let company = w.company_delivering();
    let endpoints = [
        w.endpoint_at(&company, &[EventType::OrderCreated], &receiver.url),
        w.endpoint_at(&company, &[EventType::OrderCreated], &receiver.url),
    ];
    let deliverer = Deliverer {
        db: w.app.db.clone(),
        clock: w.app.clock.clone(),
        services: w.app.services.clone(),
        client: Deliverer::client(true, std::time::Duration::from_secs(5))
            .unwrap_or_else(|e| panic!("{e}")),
        allow_private: true,
    };
    // `objects` events, each to both endpoints.
    let queue = |objects: usize| {
        let now = w.now();
        w.write(|conn, _| {
            for _ in 0..objects {
                let event: EventId = app::ids::new();
                let object = ObjectId::Order(app::ids::new());
                let ids: Vec<WebhookDeliveryId> =
                    endpoints.iter().map(|_| app::ids::new()).collect();
                let deliveries: Vec<NewDelivery<'_>> = endpoints
                    .iter()
                    .zip(&ids)
                    .map(|(endpoint, id)| NewDelivery {
                        id,
                        endpoint_id: endpoint,
                        event_id: &event,
                        event_type: EventType::OrderCreated,
                        object_id: &object,
                        payload: "{}",
                        now,
                    })
                    .collect();
                webhooks::insert_deliveries(conn, &deliveries)?;
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("queue: {e}"))
    };

    let mut sent_by_size = Vec::new();
    for objects in [1, 5] {
        queue(objects);
        let (claimed, sent) = counted(deliverer.round()).await;
        let claimed = claimed.unwrap_or_else(|e| panic!("round: {e:?}"));
        assert_eq!(claimed, 2 * objects, "every queued delivery is due");
        sent_by_size.push(sent);
    }
    assert_eq!(
        sent_by_size[0], sent_by_size[1],
        "a round of 2 and a round of 10 deliveries"
    );
    hold(
        &w,
        "a webhook round",
        sent_by_size[0],
        Budget {
            sqlite: 8,
            postgres: 10,
        },
    );
    assert_eq!(receiver.received().len(), 12);
    for endpoint in &endpoints {
        let all = w
            .write(|conn, _| Ok(webhooks::list_deliveries(conn, endpoint, None, None, 100)?))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(all.len(), 6);
        assert!(all
            .iter()
            .all(|d| d.status == DeliveryStatus::Succeeded && d.attempts == 1));
    }
}
