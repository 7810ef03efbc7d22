//! Ordering a crew from a spreadsheet over HTTP: a CSV as Swedish Excel saves it and an XLSX
//! workbook, reported (in Swedish or English), imported as a job, the cardholders emailed; the
//! report and the template downloaded and read back by a spreadsheet reader (calamine) and by
//! Python's `csv`; hostile files refused with nothing placed (`hostile.rs`).

mod hostile;

use std::time::{Duration, Instant};

use devkit::crew::{self, swedish_excel_csv, SWEDISH_HEADER};
use id06_tests::sheets::{python_csv, read_xlsx};
use id06_tests::{expect, TestApp, ADMIN_EMAIL, COMPANY_ID, ERIK_EMAIL, ORDERER_EMAIL};
use reqwest::Response;
use serde_json::Value;

pub(super) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub(super) fn imports_path() -> String {
    format!("/v1/companies/{COMPANY_ID}/card-order-imports")
}

pub(super) async fn upload(
    app: &TestApp,
    token: &str,
    query: &str,
    content_type: &str,
    body: Vec<u8>,
    headers: &[(&str, &str)],
) -> Response {
    let mut r = app
        .client
        .post(app.url(&format!("{}{query}", imports_path())))
        .bearer_auth(token)
        .header("Content-Type", content_type)
        .body(body);
    for (k, v) in headers {
        r = r.header(*k, *v);
    }
    r.send().await.unwrap_or_else(|e| panic!("upload: {e:?}"))
}

pub(super) fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

pub(super) fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// The company's orders, as many as the list shows.
pub(super) async fn order_count(app: &TestApp, token: &str) -> usize {
    let page = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders?limit=100"),
            Some(token),
        )
        .await,
        200,
    )
    .await;
    page["data"].as_array().map_or(0, Vec::len)
}

/// Polls the import until it ended.
async fn ended(app: &TestApp, token: &str, location: &str) -> Value {
    let start = Instant::now();
    loop {
        let i = expect(app.get(location, Some(token)).await, 200).await;
        if i["status"] == "completed" || i["status"] == "rejected" {
            return i;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "import never ended: {i}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn codes(row: &Value) -> Vec<(String, String)> {
    row["problems"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| {
                    (
                        p["field"].as_str().unwrap_or("-").to_owned(),
                        p["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A crew file with three valid people and three rows with problems: a number whose date is
/// not the date of birth, the same email twice, and an email that has an open order already.
fn crew_with_problems() -> (Vec<crew::Member>, Vec<u8>) {
    let people = crew::members(3, "csv", today());
    let mut rows: Vec<Vec<String>> = people
        .iter()
        .map(|m| {
            let mut c = crew::cells(m).to_vec();
            c.push("Bygg".into());
            c
        })
        .collect();
    let extra = crew::members(6, "csv-bad", today());
    let mut bad = |m: &crew::Member, change: &dyn Fn(&mut Vec<String>)| {
        let mut c = crew::cells(m).to_vec();
        c.push("Bygg".into());
        change(&mut c);
        rows.push(c);
    };
    bad(&extra[3], &|c| c[2] = "1961-01-01".into());
    bad(&extra[4], &|c| c[5] = people[0].email.clone());
    bad(&extra[5], &|c| c[5] = ERIK_EMAIL.into());
    let mut header: Vec<&str> = SWEDISH_HEADER.to_vec();
    header.push("Avdelning");
    (people, swedish_excel_csv(&header, &rows))
}

#[tokio::test]
async fn a_csv_from_swedish_excel_is_reported_imported_and_the_crew_emailed() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let token = admin.access_token.as_str();
    let before = order_count(&app, token).await;
    let (people, file) = crew_with_problems();

    // The dry run: every row and every problem, in Swedish; nothing stored.
    let r = upload(
        &app,
        token,
        "?dry_run=true",
        "text/csv",
        file.clone(),
        &[("Accept-Language", "sv-SE,sv;q=0.9,en;q=0.5")],
    )
    .await;
    assert_eq!(header(&r, "content-language"), "sv");
    assert!(header(&r, "vary")
        .to_lowercase()
        .contains("accept-language"));
    let report = expect(r, 200).await;
    assert_eq!(report["read_as_windows_1252"], true);
    assert_eq!(report["unknown_columns"], serde_json::json!(["Avdelning"]));
    assert_eq!(report["counts"]["rows"], 6);
    assert_eq!(report["counts"]["valid"], 3);
    assert_eq!(report["counts"]["invalid"], 3);
    let rows = report["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        rows.iter()
            .map(|r| r["row"].as_u64().unwrap_or(0))
            .collect::<Vec<_>>(),
        [2, 3, 4, 5, 6, 7]
    );
    assert!(rows[..3].iter().all(|r| r["status"] == "valid"));
    assert_eq!(
        codes(&rows[3]),
        [(
            "personal_identity_number".into(),
            "does_not_match_date_of_birth".into()
        )]
    );
    assert_eq!(
        codes(&rows[4]),
        [("cardholder_email".into(), "duplicate_in_file".into())]
    );
    assert_eq!(
        codes(&rows[5]),
        [("cardholder_email".into(), "open_order_exists".into())]
    );
    assert_eq!(rows[4]["problems"][0]["column"], "E-post");
    assert_eq!(
        rows[4]["problems"][0]["message"],
        "Samma person eller e-postadress som rad 2."
    );
    assert_eq!(
        order_count(&app, token).await,
        before,
        "a dry run places nothing"
    );

    // The same report in English: codes the same, words not.
    let en = expect(
        upload(&app, token, "?dry_run=true", "text/csv", file.clone(), &[]).await,
        200,
    )
    .await;
    assert_eq!(en["rows"][4]["problems"][0]["code"], "duplicate_in_file");
    assert_eq!(
        en["rows"][4]["problems"][0]["message"],
        "The same person or email as row 2."
    );

    // The import: a job at its own URL, idempotent by key. Uploaded in Swedish: its orders
    // are, and so is what their cardholders are sent.
    let key = [
        ("Idempotency-Key", "import-crew-1"),
        ("Accept-Language", "sv"),
    ];
    let r = upload(&app, token, "", "text/csv", file.clone(), &key).await;
    let location = header(&r, "location");
    let queued = expect(r, 202).await;
    assert_eq!(
        location,
        format!(
            "{}/{}",
            imports_path(),
            queued["id"].as_str().unwrap_or_default()
        )
    );
    assert!(matches!(
        queued["status"].as_str(),
        Some("queued" | "running" | "completed")
    ));
    let again = upload(&app, token, "", "text/csv", file, &key).await;
    assert_eq!(header(&again, "idempotent-replayed"), "true");
    assert_eq!(expect(again, 202).await["id"], queued["id"]);

    let done = ended(&app, token, &location).await;
    assert_eq!(done["status"], "completed");
    assert_eq!(done["counts"]["placed"], 3);
    assert_eq!(done["counts"]["processed"], 6);
    let placed: Vec<String> = done["report"]["rows"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .filter_map(|r| r["order_id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(placed.len(), 3);
    assert_eq!(
        order_count(&app, token).await,
        before + 3,
        "placed once, not twice"
    );
    for id in &placed {
        let order = expect(
            app.get(
                &format!("/v1/companies/{COMPANY_ID}/card-orders/{id}"),
                Some(token),
            )
            .await,
            200,
        )
        .await;
        assert_eq!(order["status"], "waiting_for_review");
    }
    // Each cardholder is told, through the outbox, as for one order, in the upload's language.
    for m in &people {
        let mail = app.nth_email_to(&m.email, 1).await;
        assert_eq!(
            mail["subject"], "Byggbolaget Norr AB har beställt ett ID06-kort åt dig",
            "{mail}"
        );
    }

    // The report to download, read back by calamine and by Python's csv.
    let xlsx = app
        .client
        .get(app.url(&format!("{location}/report")))
        .bearer_auth(token)
        .header("Accept", XLSX)
        .header("Accept-Language", "sv")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(xlsx.status(), 200);
    assert_eq!(header(&xlsx, "content-type"), XLSX);
    let sheet = read_xlsx(&xlsx.bytes().await.unwrap_or_default());
    assert_eq!(
        sheet[0],
        [
            "Rad",
            "Status",
            "Beställning",
            "Kolumn",
            "Kod",
            "Meddelande"
        ]
    );
    assert!(sheet
        .iter()
        .any(|r| r[0] == "6" && r[4] == "duplicate_in_file" && r[3] == "E-post"));
    let csv = app
        .get(&format!("{location}/report?format=csv"), Some(token))
        .await;
    assert!(header(&csv, "content-type").starts_with("text/csv"));
    let rows = python_csv(&csv.bytes().await.unwrap_or_default(), ",");
    assert_eq!(
        rows[0],
        ["Row", "Status", "Order", "Column", "Code", "Message"]
    );
    assert_eq!(rows.iter().filter(|r| r[1] == "placed").count(), 3);
}

#[tokio::test]
async fn an_excel_workbook_with_dates_numbers_and_a_formula_is_imported() {
    let app = TestApp::spawn().await;
    let orderer = app.sign_in(ORDERER_EMAIL).await;
    let token = orderer.access_token.as_str();
    let people = crew::members(4, "xlsx", today());
    let file = crew::xlsx(&people).unwrap_or_else(|e| panic!("{e}"));
    let r = upload(&app, token, "?mode=all_or_nothing", XLSX, file, &[]).await;
    let location = header(&r, "location");
    expect(r, 202).await;
    let done = ended(&app, token, &location).await;
    assert_eq!(done["status"], "completed", "{done}");
    assert_eq!(done["mode"], "all_or_nothing");
    assert_eq!(done["format"], "xlsx");
    assert_eq!(done["counts"]["placed"], 4);
    let headers: Vec<&str> = done["report"]["columns"]
        .as_array()
        .map(|c| c.iter().filter_map(|c| c["header"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(headers[..2], ["Given names", "Surname"]);
    // The formula's value, the date cell and the number cell became the order's fields.
    let id = done["report"]["rows"][0]["order_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let order = expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders/{id}"),
            Some(token),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(order["surname"], people[0].surname.as_str());
    assert_eq!(order["date_of_birth"], people[0].date_of_birth.to_string());
    assert_eq!(
        order["personal_identity_number"],
        people[0].personal_identity_number.as_str()
    );
    app.nth_email_to(&people[3].email, 1).await;
}

#[tokio::test]
async fn all_or_nothing_places_nothing_when_a_row_is_invalid() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let token = admin.access_token.as_str();
    let before = order_count(&app, token).await;
    let (_, file) = crew_with_problems();
    let r = upload(&app, token, "?mode=all_or_nothing", "text/csv", file, &[]).await;
    let refused = expect(r, 202).await;
    assert_eq!(refused["status"], "rejected");
    assert_eq!(refused["counts"]["placed"], 0);
    let statuses: Vec<&str> = refused["report"]["rows"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["status"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        statuses,
        [
            "not_placed",
            "not_placed",
            "not_placed",
            "invalid",
            "invalid",
            "invalid"
        ]
    );
    assert_eq!(order_count(&app, token).await, before);
}

#[tokio::test]
async fn the_template_reads_back_in_both_readers_and_imports_its_example() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ADMIN_EMAIL).await;
    let token = admin.access_token.as_str();
    let path = format!("{}/template", imports_path());
    let x = app
        .client
        .get(app.url(&path))
        .bearer_auth(token)
        .header("Accept", XLSX)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(header(&x, "content-disposition").contains("card-order-import-template.xlsx"));
    let xlsx_bytes = x.bytes().await.unwrap_or_default().to_vec();
    let sheet = read_xlsx(&xlsx_bytes);
    assert_eq!(sheet[0][0], "Förnamn / Given names");
    assert_eq!(sheet[1][1], "Öberg");
    let csv = app.get(&format!("{path}?format=csv"), Some(token)).await;
    let csv_bytes = csv.bytes().await.unwrap_or_default().to_vec();
    let rows = python_csv(&csv_bytes, ";");
    assert_eq!(rows[0][7], "Giltig till / Valid until");
    assert_eq!(rows.len(), 2);
    for (ct, body) in [("text/csv", csv_bytes), (XLSX, xlsx_bytes)] {
        let report = expect(
            upload(&app, token, "?dry_run=true", ct, body, &[]).await,
            200,
        )
        .await;
        assert_eq!(report["counts"]["valid"], 1, "{ct}: {report}");
    }
    // JSON only is not a spreadsheet.
    let r = app
        .client
        .get(app.url(&path))
        .bearer_auth(token)
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect(r, 406).await;
}
