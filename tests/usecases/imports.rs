//! The import job below HTTP: a file is checked and stored, then the job places its orders —
//! in batches for `valid_rows`, all or none for `all_or_nothing` — checking each row again as
//! it places it (the company's open orders and the uploader's right to order may have changed
//! since), resuming where a lapsed claim stopped without placing anything twice, and telling the
//! company when it ends.

use app::card_order_imports::job::Importer;
use app::card_order_imports::view::{self, Import};
use app::card_order_imports::{prepare, start, Prepared, Upload};
use app::company_orders::place::{self, PlaceOrder};
use app::spreadsheet::Format;
use app::stopping::Stopping;
use app::{Credentials, Principal};
use chrono::TimeDelta;
use devkit::crew::{self, Member, SWEDISH_HEADER};
use diesel::prelude::*;
use domain::{
    CompanyId, CompanyRole, Email, EventType, ImportMode, ImportRowStatus, ImportStatus, Language,
    OrderPerson, PersonInput, PhoneNumber,
};
use persistence::schema::{
    card_order_import_rows, card_orders, memberships, outbox, webhook_deliveries,
};

use crate::world::World;

fn file(company: &CompanyId, people: &[Member], mode: ImportMode, w: &World) -> Prepared {
    let rows: Vec<Vec<String>> = people.iter().map(|m| crew::cells(m).to_vec()).collect();
    prepare(
        Upload {
            company_id: company.clone(),
            format: Format::Csv,
            bytes: crew::swedish_excel_csv(&SWEDISH_HEADER, &rows),
            mode,
            language: Language::Swedish,
        },
        w.now().date(),
    )
    .unwrap_or_else(|e| panic!("prepare: {e}"))
}

async fn start(w: &World, who: &Credentials, p: Prepared) -> Import {
    w.app
        .write_as::<Principal, _, _>(who.clone(), p, start::start)
        .await
        .unwrap_or_else(|e| panic!("start: {e}"))
}

fn importer(w: &World) -> Importer {
    Importer {
        db: w.app.db.clone(),
        clock: w.app.clock.clone(),
        services: w.app.services.clone(),
    }
}

fn reload(w: &World, i: &Import) -> Import {
    w.read(|conn| view::load(conn, &i.row.company_id, &i.row.id))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Places one order for `m` the way a member would, outside the import.
async fn order_for(w: &World, who: &Credentials, company: &CompanyId, m: &Member) {
    let today = w.now().date();
    let person = OrderPerson::parse(
        &PersonInput {
            given_names: m.given_names.clone(),
            surname: m.surname.clone(),
            date_of_birth: m.date_of_birth.to_string(),
            nationality: m.nationality.clone(),
            personal_identity_number: Some(m.personal_identity_number.clone()),
            name_to_print: None,
        },
        today,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let cmd = PlaceOrder {
        company_id: company.clone(),
        person,
        cardholder_email: Email::parse(&m.email).unwrap_or_else(|e| panic!("{e}")),
        cardholder_phone: PhoneNumber::parse(&m.mobile).unwrap_or_else(|e| panic!("{e}")),
        valid_until: m.valid_until,
        delivery_address: None,
        language: domain::Language::English,
    };
    w.app
        .write_as::<Principal, _, _>(who.clone(), cmd, place::place)
        .await
        .unwrap_or_else(|e| panic!("place: {e}"));
}

/// Orders of the company whose cardholder has `email`.
fn orders_for(w: &World, company: &CompanyId, email: &str) -> i64 {
    w.read(|conn| {
        Ok(card_orders::table
            .filter(card_orders::company_id.eq(company.as_str()))
            .filter(card_orders::cardholder_email.eq(email))
            .count()
            .get_result(conn)
            .map_err(persistence::Error::from)?)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn payloads_left(w: &World) -> i64 {
    w.read(|conn| {
        Ok(card_order_import_rows::table
            .filter(card_order_import_rows::payload.is_not_null())
            .count()
            .get_result(conn)
            .map_err(persistence::Error::from)?)
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn statuses(i: &Import) -> Vec<String> {
    i.report
        .rows
        .iter()
        .map(|r| r.state.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn valid_rows_are_placed_in_batches_each_checked_again() {
    let w = World::new().await;
    let company = w.company_delivering();
    let orderer = w.member(&company, CompanyRole::Orderer);
    let hook = w.endpoint(&company, &[EventType::CardOrderImportCompleted]);
    let people = crew::members(230, "batches", w.now().date());
    let import = start(
        &w,
        &orderer.credentials,
        file(&company, &people, ImportMode::ValidRows, &w),
    )
    .await;
    assert_eq!(import.row.status, ImportStatus::Queued);
    assert_eq!(
        (import.report.counts.rows, import.report.counts.valid),
        (230, 230)
    );
    assert_eq!(
        payloads_left(&w),
        230,
        "the valid rows' values wait, sealed"
    );
    // Meanwhile someone orders for the 151st person by hand.
    order_for(&w, &orderer.credentials, &company, &people[150]).await;

    assert_eq!(
        importer(&w)
            .round(&Stopping::default())
            .unwrap_or_else(|e| panic!("{e}")),
        1
    );

    let done = reload(&w, &import);
    assert_eq!(done.row.status, ImportStatus::Completed);
    let c = done.report.counts;
    assert_eq!(
        (c.placed, c.invalid, c.valid, c.processed),
        (229, 1, 229, 230)
    );
    let row = &done.report.rows[150];
    assert_eq!(row.number, 152);
    assert_eq!(row.state.as_str(), ImportRowStatus::Invalid.as_str());
    let codes: Vec<&str> = row.problems.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        ["open_order_exists", "open_order_exists"],
        "by number and by email"
    );
    assert_eq!(payloads_left(&w), 0, "no row keeps its values once done");
    for m in &people {
        assert_eq!(orders_for(&w, &company, &m.email), 1, "{}", m.email);
    }
    // Every cardholder is emailed through the outbox.
    let emails: std::collections::HashSet<String> = w
        .read(|conn| {
            Ok(outbox::table
                .filter(outbox::recipient.like("crew.batches.%"))
                .filter(outbox::channel.eq("email"))
                .select(outbox::recipient)
                .load::<String>(conn)
                .map_err(persistence::Error::from)?
                .into_iter()
                .collect())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(emails.len(), 230);
    // The company hears that it ended, with its counts.
    let payload: String = w
        .read(|conn| {
            Ok(webhook_deliveries::table
                .filter(webhook_deliveries::endpoint_id.eq(hook.as_str()))
                .filter(webhook_deliveries::event_type.eq("card_order_import.completed"))
                .select(webhook_deliveries::payload)
                .first(conn)
                .map_err(persistence::Error::from)?)
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let event: serde_json::Value = serde_json::from_str(&payload).unwrap_or_default();
    let object = &event["data"]["object"];
    assert_eq!(object["id"], import.row.id.as_str());
    assert_eq!(object["status"], "completed");
    assert_eq!(object["counts"]["placed"], 229);
}

#[tokio::test]
async fn all_or_nothing_places_none_when_a_row_fails_its_second_check() {
    let w = World::new().await;
    let company = w.company_delivering();
    let admin = w.member(&company, CompanyRole::Admin);
    let people = crew::members(3, "aon", w.now().date());
    let import = start(
        &w,
        &admin.credentials,
        file(&company, &people, ImportMode::AllOrNothing, &w),
    )
    .await;
    assert_eq!(
        import.row.status,
        ImportStatus::Queued,
        "every row was valid when uploaded"
    );
    order_for(&w, &admin.credentials, &company, &people[1]).await;

    importer(&w)
        .round(&Stopping::default())
        .unwrap_or_else(|e| panic!("{e}"));

    let done = reload(&w, &import);
    assert_eq!(done.row.status, ImportStatus::Rejected);
    assert_eq!(statuses(&done), ["not_placed", "invalid", "not_placed"]);
    assert_eq!(done.report.counts.placed, 0);
    assert_eq!(orders_for(&w, &company, &people[0].email), 0);
    assert_eq!(
        orders_for(&w, &company, &people[1].email),
        1,
        "only the one placed by hand"
    );
    assert_eq!(payloads_left(&w), 0);

    // Without the conflict, all are placed at once.
    // Other people: the next three of a crew (each index is its own person).
    let others = crew::members(6, "aon-2", w.now().date()).split_off(3);
    let import = start(
        &w,
        &admin.credentials,
        file(&company, &others, ImportMode::AllOrNothing, &w),
    )
    .await;
    importer(&w)
        .round(&Stopping::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let done = reload(&w, &import);
    assert_eq!(done.row.status, ImportStatus::Completed);
    assert_eq!(statuses(&done), ["placed", "placed", "placed"]);
}

#[tokio::test]
async fn an_uploader_who_may_no_longer_order_places_nothing() {
    let w = World::new().await;
    let company = w.company_delivering();
    let orderer = w.member(&company, CompanyRole::Orderer);
    let people = crew::members(2, "lost", w.now().date());
    let import = start(
        &w,
        &orderer.credentials,
        file(&company, &people, ImportMode::ValidRows, &w),
    )
    .await;
    w.write(|conn, _| {
        diesel::delete(
            memberships::table.filter(memberships::account_id.eq(orderer.account_id.as_str())),
        )
        .execute(conn)
        .map_err(persistence::Error::from)?;
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}"));

    importer(&w)
        .round(&Stopping::default())
        .unwrap_or_else(|e| panic!("{e}"));

    let done = reload(&w, &import);
    assert_eq!(done.row.status, ImportStatus::Completed);
    assert_eq!(statuses(&done), ["not_placed", "not_placed"]);
    assert_eq!(done.report.rows[0].problems[0].code, "access_lost");
    assert_eq!(orders_for(&w, &company, &people[0].email), 0);
}

#[tokio::test]
async fn a_lapsed_claim_is_taken_over_where_it_stopped_without_placing_twice() {
    let w = World::new().await;
    let company = w.company_delivering();
    let admin = w.member(&company, CompanyRole::Admin);
    let people = crew::members(250, "resume", w.now().date());
    let import = start(
        &w,
        &admin.credentials,
        file(&company, &people, ImportMode::ValidRows, &w),
    )
    .await;

    // An instance places one batch and stops (as if it died after its commit).
    let stopped = Stopping::default();
    stopped.stop();
    importer(&w)
        .round(&stopped)
        .unwrap_or_else(|e| panic!("{e}"));
    let part = reload(&w, &import);
    assert_eq!(part.row.status, ImportStatus::Running);
    assert_eq!(part.report.counts.processed, 100);
    // Its claim holds: another instance finds nothing to do yet.
    assert_eq!(
        importer(&w)
            .round(&Stopping::default())
            .unwrap_or_else(|e| panic!("{e}")),
        0
    );

    w.clock.advance(TimeDelta::minutes(2));
    assert_eq!(
        importer(&w)
            .round(&Stopping::default())
            .unwrap_or_else(|e| panic!("{e}")),
        1
    );
    let done = reload(&w, &import);
    assert_eq!(done.row.status, ImportStatus::Completed);
    assert_eq!(done.report.counts.placed, 250);
    for m in &people {
        assert_eq!(orders_for(&w, &company, &m.email), 1);
    }
}
