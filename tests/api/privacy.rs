//! Personal data over HTTP: what the company sees of an order whose cardholder's data retention
//! erased, on the running server's clock.

use std::time::Duration;

use id06_tests::{expect, TestApp, ASA_EMAIL, COMPANY_ID, ORDERER_EMAIL};
use serde_json::{json, Value};

#[tokio::test]
async fn a_closed_order_keeps_its_trail_but_not_its_person_once_retention_ran() {
    let app = TestApp::spawn_with(|s| s.retention.retention_interval_secs = 1).await;
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let orders = format!("/v1/companies/{COMPANY_ID}/card-orders");
    let valid_until = (chrono::Utc::now().date_naive() + chrono::TimeDelta::days(700)).to_string();
    let order = expect(
        app.post(
            &orders,
            Some(&orderer),
            Some(json!({
                "given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14",
                "nationality": "SE", "personal_identity_number": "19880314-1236",
                "cardholder_email": ASA_EMAIL, "cardholder_phone": "070-445 07 23",
                "valid_until": valid_until,
            })),
        )
        .await,
        201,
    )
    .await;
    let path = format!("{orders}/{}", order["id"].as_str().unwrap_or_default());
    assert_eq!(order["personal_identity_number"], "19880314-1236");
    assert_eq!(order["personal_data_erased_at"], Value::Null);
    expect(
        app.post(
            &format!("{path}/cancel"),
            Some(&orderer),
            Some(json!({"reason": "Åsa Öberg left the company."})),
        )
        .await,
        200,
    )
    .await;

    // Ninety days and a run later (the server's job runs every second here).
    app.clock.advance(chrono::TimeDelta::days(91));
    let orderer = app.sign_in(ORDERER_EMAIL).await.access_token;
    let mut erased = Value::Null;
    for _ in 0..100 {
        erased = expect(app.get(&path, Some(&orderer)).await, 200).await;
        if !erased["personal_data_erased_at"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(erased["personal_data_erased_at"].is_string(), "{erased}");
    assert_eq!(erased["status"], "cancelled");
    for field in [
        "given_names",
        "surname",
        "name_to_print",
        "date_of_birth",
        "nationality",
        "personal_identity_number",
        "cardholder_email",
        "cardholder_phone",
        "delivery_address",
    ] {
        assert_eq!(erased[field], Value::Null, "{field}: {erased}");
    }
    assert_eq!(erased["identity_check"]["result"], "unverified");

    let list = expect(
        app.get(&format!("{orders}?status=cancelled"), Some(&orderer))
            .await,
        200,
    )
    .await;
    let listed = list["data"]
        .as_array()
        .and_then(|d| d.iter().find(|o| o["id"] == order["id"]).cloned())
        .unwrap_or_else(|| panic!("listed: {list}"));
    assert_eq!(listed["full_name"], "Erased person");
    let cancelled = format!("{orders}?status=cancelled");
    let listed_sv = expect(app.get_in("sv", &cancelled, &orderer).await, 200).await;
    assert!(
        listed_sv["data"].as_array().is_some_and(|d| d
            .iter()
            .any(|o| o["id"] == order["id"] && o["full_name"] == "Raderad person")),
        "{listed_sv}"
    );
    assert_eq!(listed["cardholder_email"], Value::Null);

    // The trail stays, says what happened, and no longer carries the reason's names.
    let trail = expect(
        app.get(&format!("{path}/events"), Some(&orderer)).await,
        200,
    )
    .await;
    let text = trail.to_string();
    assert!(!text.contains("Öberg"), "{text}");
    let last = trail["data"]
        .as_array()
        .and_then(|d| d.last().cloned())
        .unwrap_or_default();
    assert!(
        last["reason"]
            .as_str()
            .is_some_and(|r| r.contains("personal data was erased")),
        "{last}"
    );
}

#[tokio::test]
async fn a_person_gets_a_copy_of_everything_held_about_them_and_only_theirs() {
    let app = TestApp::spawn().await;
    let asa = app.sign_in(ASA_EMAIL).await.access_token;
    let copy = expect(app.get("/v1/me/personal-data", Some(&asa)).await, 200).await;
    assert_eq!(copy["account"]["email"], ASA_EMAIL);
    assert!(copy["contact_details"].is_object());
    // Her passport, opened from the vault for her.
    let identity = &copy["verified_identities"][0];
    assert_eq!(identity["document_number"], "AA0000001");
    assert_eq!(identity["source"], "passport");
    let check = &copy["identity_checks"][0];
    assert_eq!(check["document_number"], "AA0000001");
    let portrait_url = check["portrait_url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        portrait_url.starts_with("/v1/me/personal-data/portraits/idc_"),
        "{check}"
    );
    // Her orders with the company and the trail, her companies, sessions and security log.
    let orders = copy["card_orders"].as_array().cloned().unwrap_or_default();
    assert!(!orders.is_empty());
    assert!(orders
        .iter()
        .all(|o| o["trail"].as_array().is_some_and(|t| !t.is_empty())));
    assert_eq!(orders[0]["company"]["name"], "Byggbolaget Norr AB");
    assert!(copy["sessions"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(copy["cards"].is_array() && copy["companies"].is_array());
    assert!(copy["security_events"]
        .as_array()
        .is_some_and(|e| e.iter().any(|x| x["kind"] == "personal_data_exported")));
    let classes: Vec<&str> = copy["processing"]
        .as_array()
        .map(|p| p.iter().filter_map(|x| x["data"].as_str()).collect())
        .unwrap_or_default();
    for key in [
        "account",
        "contact_details",
        "verified_identities",
        "identity_checks",
        "card_orders",
        "cards",
        "sessions",
        "security_events",
    ] {
        assert!(classes.contains(&key), "{key} has no processing entry");
        assert!(!copy[key].is_null(), "{key} is in the copy");
    }

    // The portrait is hers to read; nobody else's check is found.
    let image = app.get(&portrait_url, Some(&asa)).await;
    assert_eq!(image.status(), 200);
    assert_eq!(
        image
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/png")
    );
    let erik = app.sign_in(id06_tests::ERIK_EMAIL).await.access_token;
    expect(app.get(&portrait_url, Some(&erik)).await, 404).await;
    let eriks = expect(app.get("/v1/me/personal-data", Some(&erik)).await, 200).await;
    assert!(!eriks.to_string().contains("AA0000001"), "not Åsa's data");

    // Throttled: five copies per window (one taken above).
    for _ in 0..4 {
        expect(app.get("/v1/me/personal-data", Some(&asa)).await, 200).await;
    }
    let refused = app.get("/v1/me/personal-data", Some(&asa)).await;
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn every_look_at_a_persons_identity_data_by_someone_else_is_shown_to_them() {
    use id06_tests::{
        ADMIN_EMAIL, INTEGRATOR_ID, INTEGRATOR_SECRET, ORDER_APPROVED, ORDER_MATCHING,
        OTHER_ADMIN_EMAIL, PRODUCER_ID, PRODUCER_SECRET,
    };
    let app = TestApp::spawn().await;
    // Åsa's order, opened by a member and by the company's HR system, compares it with her
    // verified identity: two reads.
    let karin = app.sign_in(ORDERER_EMAIL).await.access_token;
    let order = format!("/v1/companies/{COMPANY_ID}/card-orders/{ORDER_MATCHING}");
    expect(app.get(&order, Some(&karin)).await, 200).await;
    let hr = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    expect(app.get(&order, Some(&hr)).await, 200).await;
    // The list of orders shows no identity data: not a read.
    expect(
        app.get(
            &format!("/v1/companies/{COMPANY_ID}/card-orders"),
            Some(&karin),
        )
        .await,
        200,
    )
    .await;
    // An operator reads the security log about her.
    let ops = app.operator("ops@example.se").await.access_token;
    let asa = app.sign_in(ASA_EMAIL).await.access_token;
    let me = expect(app.get("/v1/me", Some(&asa)).await, 200).await;
    let asa_id = me["id"].as_str().unwrap_or_default().to_owned();
    expect(
        app.get(
            &format!("/v1/security-events?account_id={asa_id}"),
            Some(&ops),
        )
        .await,
        200,
    )
    .await;

    let log = expect(app.get("/v1/me/data-access", Some(&asa)).await, 200).await;
    let reads = log["data"].as_array().cloned().unwrap_or_default();
    let said: Vec<&str> = reads
        .iter()
        .filter_map(|r| r["description"].as_str())
        .collect();
    assert_eq!(reads.len(), 3, "{log}");
    // Newest first.
    assert_eq!(reads[0]["what"], "security_log");
    assert_eq!(reads[0]["reader"]["kind"], "operator");
    assert_eq!(reads[1]["reader"]["client_role"], "integrator");
    assert_eq!(reads[2]["what"], "order_identity_check");
    assert_eq!(reads[2]["object_id"], ORDER_MATCHING);
    assert_eq!(reads[2]["operation"], "get_company_card_order");
    assert_eq!(
        said[2],
        "Johan Berg, Byggbolaget Norr AB, viewed your order's identity check."
    );
    // In Swedish: the same reads, said in Swedish.
    let sv = expect(app.get_in("sv", "/v1/me/data-access", &asa).await, 200).await;
    assert_eq!(
        sv["data"][2]["description"],
        "Johan Berg, Byggbolaget Norr AB, visade identitetskontrollen för din beställning."
    );
    assert_eq!(
        sv["data"][0]["description"]
            .as_str()
            .map(|d| d.ends_with(" läste säkerhetsloggen om ditt konto.")),
        Some(true),
        "{sv}"
    );
    // Pages: one at a time, the cursor goes on.
    let first = expect(app.get("/v1/me/data-access?limit=1", Some(&asa)).await, 200).await;
    let cursor = first["next_cursor"].as_str().unwrap_or_default().to_owned();
    let second = expect(
        app.get(
            &format!("/v1/me/data-access?limit=1&cursor={cursor}"),
            Some(&asa),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(second["data"][0]["id"], reads[1]["id"]);

    // The producer downloading Lars's portrait is on his log, not on hers.
    let producer = app.client_token(PRODUCER_ID, PRODUCER_SECRET, None).await;
    let portrait = app
        .get(
            &format!("/v1/production/orders/{ORDER_APPROVED}/portrait"),
            Some(&producer),
        )
        .await;
    assert_eq!(portrait.status(), 200);
    let lars = app.sign_in(OTHER_ADMIN_EMAIL).await.access_token;
    let his = expect(app.get("/v1/me/data-access", Some(&lars)).await, 200).await;
    assert_eq!(his["data"][0]["what"], "portrait", "{his}");
    assert_eq!(his["data"][0]["reader"]["client_role"], "card_producer");
    let hers = expect(app.get("/v1/me/data-access", Some(&asa)).await, 200).await;
    assert_eq!(hers["data"].as_array().map(Vec::len), Some(3));
    // Nobody else's log is reachable: the admin has their own (empty) one.
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let own = expect(app.get("/v1/me/data-access", Some(&admin)).await, 200).await;
    assert_eq!(own["data"].as_array().map(Vec::len), Some(0), "{own}");
}

#[tokio::test]
async fn a_person_erases_their_data_and_an_operator_does_it_for_a_request_from_elsewhere() {
    use id06_tests::{ADMIN_EMAIL, ERIK_EMAIL, PASSWORD};
    let app = TestApp::spawn().await;
    let asa = app.sign_in(ASA_EMAIL).await.access_token;
    let wrong = expect(
        app.post(
            "/v1/me/erasure",
            Some(&asa),
            Some(json!({"password": "not it"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(wrong["code"], "wrong_password");
    let report = expect(
        app.post(
            "/v1/me/erasure",
            Some(&asa),
            Some(json!({"password": PASSWORD})),
        )
        .await,
        200,
    )
    .await;
    // Her orders wait for her review: held, with the reason; the account waits with them.
    assert_eq!(report["account_deleted"], false, "{report}");
    let held = report["held"].as_array().cloned().unwrap_or_default();
    assert!(!held.is_empty() && held.iter().all(|h| h["kind"] == "card_order"));
    assert!(held
        .iter()
        .all(|h| h["reason"].as_str().is_some_and(|r| !r.is_empty())));
    // Signed out everywhere.
    expect(app.get("/v1/me", Some(&asa)).await, 401).await;
    // Told by email, in her language, with what is held and why (the outbox worker sends it).
    let told = |m: &Value| {
        m["to"] == ASA_EMAIL
            && m["subject"] == "Your ID06 personal data was erased"
            && m["body"].as_str().is_some_and(|b| {
                b.contains("- Byggbolaget Norr AB ord_") && b.contains("(Waiting for your review)")
            })
    };
    for _ in 0..100 {
        if app.emails().iter().any(told) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(app.emails().iter().any(told), "{:?}", app.emails());

    // An operator, for Erik's letter.
    let ops = app.operator("ops@example.se").await.access_token;
    let erik = app.sign_in(ERIK_EMAIL).await.access_token;
    let erik_id = expect(app.get("/v1/me", Some(&erik)).await, 200).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let path = format!("/v1/accounts/{erik_id}/erasure");
    expect(
        app.post(&path, Some(&erik), Some(json!({"reason": "mine"})))
            .await,
        403,
    )
    .await;
    expect(
        app.post(&path, Some(&ops), Some(json!({"reason": ""})))
            .await,
        422,
    )
    .await;
    let done = expect(
        app.post(
            &path,
            Some(&ops),
            Some(json!({"reason": "Letter of 2026-12-01, ref. 117."})),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(done["account_id"], erik_id.as_str());
    let log = expect(
        app.get("/v1/security-events?kind=personal_data_erased", Some(&ops))
            .await,
        200,
    )
    .await;
    assert!(log.to_string().contains("ref. 117"), "{log}");

    // The command line, for the administrator (nothing held: the account goes).
    let ctx =
        api::cli::context(&app.settings, app::Clock::system()).unwrap_or_else(|e| panic!("{e}"));
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let admin_id = expect(app.get("/v1/me", Some(&admin)).await, 200).await["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let said = api::cli::erase_account(&app.db, &ctx, &admin_id, "Ticket 42")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(said.contains("the account is deleted"), "{said}");
    expect(app.get("/v1/me", Some(&admin)).await, 401).await;
    assert!(api::cli::erase_account(&app.db, &ctx, "acc_nope", "x").is_err());
}

#[tokio::test]
async fn the_printed_card_number_shows_only_to_those_who_may_act_on_the_card() {
    use id06_tests::{ADMIN_EMAIL, CARD_ID, INTEGRATOR_ID, INTEGRATOR_SECRET};
    let app = TestApp::spawn().await;
    let printed = devkit::demo::demo_card_number().to_string();
    let masked = format!("ID-****-**{}", &printed[printed.len() - 4..]);
    let cards = format!("/v1/companies/{COMPANY_ID}/cards");
    let card = format!("{cards}/{CARD_ID}");
    let number_in = |page: &Value| {
        page["data"][0]["number"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    assert_eq!(
        number_in(&expect(app.get(&cards, Some(&admin)).await, 200).await),
        printed
    );
    let hr_write = app
        .client_token(
            INTEGRATOR_ID,
            INTEGRATOR_SECRET,
            Some("cards:read cards:write"),
        )
        .await;
    let detail = expect(app.get(&card, Some(&hr_write)).await, 200).await;
    assert_eq!(detail["number"], printed.as_str());
    // Read-only: the last four digits, in the list and on the card.
    let hr_read = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, Some("cards:read"))
        .await;
    assert_eq!(
        number_in(&expect(app.get(&cards, Some(&hr_read)).await, 200).await),
        masked
    );
    let detail = expect(app.get(&card, Some(&hr_read)).await, 200).await;
    assert_eq!(detail["number"], masked.as_str());
}
