//! A company's orders and cards downloaded as spreadsheets: every order the filters select,
//! across pages, read back by a spreadsheet reader (calamine) and by Python's `csv`; identity
//! numbers masked as in the list; headers in the language asked for; access as the list's.

use chrono::{NaiveDate, TimeDelta};
use domain::{CardKind, CompanyId, OrderId, OrderStatus};
use id06_tests::sheets::{python_csv, read_xlsx};
use id06_tests::{expect, TestApp, ADMIN_EMAIL, COMPANY_ID, OTHER_ADMIN_EMAIL};
use persistence::orders::{self, NewOrder, PersonColumns};
use persistence::AddressRow;
use reqwest::Response;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn download(app: &TestApp, path: &str, token: &str, headers: &[(&str, &str)]) -> Response {
    let mut r = app.client.get(app.url(path)).bearer_auth(token);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// `n` approved orders of the demo company, written straight to its database (more than a page
/// of the download, quickly).
fn many_orders(app: &TestApp, n: usize) {
    let company = CompanyId::parse(COMPANY_ID).unwrap_or_else(|| panic!("company"));
    let now = chrono::Utc::now().naive_utc() - TimeDelta::days(1);
    let delivery = AddressRow {
        name: None,
        street: "Storgatan 1".into(),
        postal_code: "11122".into(),
        city: "Stockholm".into(),
        country: "SE".into(),
    };
    app.db
        .write(|conn| {
            for i in 0..n {
                let id: OrderId = app::ids::new();
                let email = format!("many.{i}@example.se");
                orders::insert(
                    conn,
                    &NewOrder {
                        id: &id,
                        company_id: &company,
                        account_id: None,
                        cardholder_email: &email,
                        cardholder_phone: "+46701234567",
                        card_type: CardKind::Standard,
                        status: OrderStatus::Approved,
                        person: PersonColumns {
                            given_names: "Märta",
                            surname: "Ågren",
                            name_to_print: "Märta Ågren",
                            name_to_print_chosen: false,
                            name_search: "marta agren",
                            date_of_birth: NaiveDate::from_ymd_opt(1990, 5, 17).unwrap_or_default(),
                            nationality: "SE",
                            personal_identity_number: None,
                        },
                        valid_until: now.date() + TimeDelta::days(365),
                        delivery: &delivery,
                        invitation_id: None,
                        rejection_reason: None,
                        version: 1,
                        created_at: now + TimeDelta::milliseconds(i as i64),
                        updated_at: now,
                        language: domain::Language::English,
                    },
                )?;
            }
            Ok::<_, persistence::Error>(())
        })
        .unwrap_or_else(|e| panic!("orders: {e}"));
}

#[tokio::test]
async fn every_order_the_filters_select_in_both_formats_across_pages() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let token = admin.access_token.as_str();
    let path = format!("/v1/companies/{COMPANY_ID}/card-orders/export");
    let before = python_csv(
        &download(&app, &path, token, &[])
            .await
            .bytes()
            .await
            .unwrap_or_default(),
        ",",
    )
    .len()
        - 1;
    many_orders(&app, 1_205);

    // CSV, the default, in Swedish with Swedish Excel's separator.
    let r = download(
        &app,
        &format!("{path}?separator=semicolon"),
        token,
        &[("Accept-Language", "sv")],
    )
    .await;
    assert_eq!(r.status(), 200);
    assert!(header(&r, "content-type").starts_with("text/csv"));
    assert!(header(&r, "content-disposition").contains("card-orders.csv"));
    let rows = python_csv(&r.bytes().await.unwrap_or_default(), ";");
    assert_eq!(
        rows[0][..4],
        ["Beställning", "Status", "Status (text)", "Namn"]
    );
    assert_eq!(rows.len() - 1, before + 1_205, "every order, across pages");
    let ids: std::collections::HashSet<&String> = rows[1..].iter().map(|r| &r[0]).collect();
    assert_eq!(ids.len(), rows.len() - 1, "no order twice");
    let approved = rows
        .iter()
        .find(|r| r[1] == "approved")
        .unwrap_or_else(|| panic!("approved"));
    assert_eq!(approved[2], "Bekräftad, väntar på produktion");
    // The demo orders carry identity numbers: masked as in the list.
    let numbers: Vec<&String> = rows[1..]
        .iter()
        .map(|r| &r[5])
        .filter(|n| !n.is_empty())
        .collect();
    assert!(!numbers.is_empty());
    assert!(
        numbers
            .iter()
            .all(|n| n.len() == 13 && n.ends_with("-****")),
        "{numbers:?}"
    );

    // XLSX by Accept, with a filter: the same orders as the list's filter gives.
    let r = download(
        &app,
        &format!("{path}?status=approved"),
        token,
        &[("Accept", XLSX)],
    )
    .await;
    assert_eq!(header(&r, "content-type"), XLSX);
    let sheet = read_xlsx(&r.bytes().await.unwrap_or_default());
    assert_eq!(sheet[0][0], "Order");
    assert!(sheet[1..].iter().all(|r| r[1] == "approved"));
    assert!(sheet.len() > 1_205, "the header and every approved order");
    let list = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders?status=waiting_for_review&limit=100"),
            Some(token),
        )
        .await,
        200,
    )
    .await;
    let waiting = python_csv(
        &download(
            &app,
            &format!("{path}?status=waiting_for_review"),
            token,
            &[],
        )
        .await
        .bytes()
        .await
        .unwrap_or_default(),
        ",",
    );
    assert_eq!(
        waiting.len() - 1,
        list["data"].as_array().map_or(0, Vec::len)
    );
}

#[tokio::test]
async fn cards_and_who_may_download() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let other = app.sign_in(OTHER_ADMIN_EMAIL).await;
    let cards = format!("/v1/companies/{COMPANY_ID}/cards/export");
    let r = download(
        &app,
        &format!("{cards}?format=xlsx"),
        &admin.access_token,
        &[],
    )
    .await;
    assert_eq!(r.status(), 200);
    let sheet = read_xlsx(&r.bytes().await.unwrap_or_default());
    assert_eq!(sheet[0][1], "Card number");
    assert!(sheet.len() >= 2, "the demo card: {sheet:?}");
    assert_eq!(sheet[1][2], "inactive");
    // Another company's administrator learns nothing: the list's 404, as a problem.
    let orders = format!("/v1/companies/{COMPANY_ID}/card-orders/export");
    expect(download(&app, &orders, &other.access_token, &[]).await, 404).await;
    // Asked for JSON only: not a spreadsheet.
    expect(
        download(
            &app,
            &orders,
            &admin.access_token,
            &[("Accept", "application/json")],
        )
        .await,
        406,
    )
    .await;
}
