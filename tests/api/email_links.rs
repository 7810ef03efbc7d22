//! Emails link only to pages that exist: the web portal's, at its own address
//! (`ID06_FRONTEND_URL`), on the paths the README lists for it.

use id06_tests::{expect, TestApp, ADMIN_EMAIL, ASA_EMAIL, COMPANY_ID};
use serde_json::json;

const PORTAL: &str = "https://portal.example.se";

#[tokio::test]
async fn every_link_in_every_email_leads_to_a_page_of_the_portal() {
    let app = TestApp::spawn_with(|s| s.frontend_url = PORTAL.into()).await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    // An order (the cardholder is told), an invitation, a new member, a forgotten password.
    let valid = chrono::Utc::now().date_naive() + chrono::Days::new(700);
    let order = json!({
        "given_names": "Åsa Karin", "surname": "Öberg", "date_of_birth": "1988-03-14",
        "nationality": "SE", "cardholder_email": ASA_EMAIL, "cardholder_phone": "070-445 07 23",
        "valid_until": valid.to_string(),
    });
    let company = format!("/v1/companies/{COMPANY_ID}");
    expect(
        app.post(&format!("{company}/card-orders"), Some(&admin), Some(order))
            .await,
        201,
    )
    .await;
    expect(
        app.post(
            &format!("{company}/invitations"),
            Some(&admin),
            Some(json!({"email": "new.hire@example.se", "card_type": "standard"})),
        )
        .await,
        201,
    )
    .await;
    expect(
        app.post(
            &format!("{company}/members"),
            Some(&admin),
            Some(json!({"email": "new.orderer@example.se", "role": "orderer"})),
        )
        .await,
        201,
    )
    .await;
    expect(
        app.post(
            "/v1/password-resets",
            None,
            Some(json!({"email": ASA_EMAIL})),
        )
        .await,
        202,
    )
    .await;
    let start = std::time::Instant::now();
    while app.emails().len() < 4 && start.elapsed().as_secs() < 10 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mails = app.emails();
    assert!(mails.len() >= 4, "{mails:?}");
    let pages = app::frontend::PAGES;
    let mut links = 0;
    for mail in &mails {
        let body = mail["body"].as_str().unwrap_or_default();
        for link in body.split_whitespace().filter(|w| w.starts_with("http")) {
            let path = link
                .strip_prefix(PORTAL)
                .unwrap_or_else(|| panic!("{link} is not the portal's"));
            assert!(
                pages.iter().any(|p| path.starts_with(p)),
                "{link}: no such page"
            );
            links += 1;
        }
        if let Some(link) = mail["link"].as_str() {
            assert!(link.starts_with(PORTAL), "{link}");
        }
    }
    assert!(links >= 4, "{links} links in {} emails", mails.len());
}
