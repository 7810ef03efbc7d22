//! Card PINs survive a rotation of the vault's keys.

use super::*;

#[tokio::test]
async fn pins_survive_a_key_rotation() {
    use app::vault::Vault;
    let (old, new) = (Vault::generate_entry(), Vault::generate_entry());
    // Every instance knows both keys before the new one seals (here: the old one still seals).
    let both = format!("{old},{new}");
    let app = TestApp::spawn_with(|s| {
        s.pin_keys = Some(both);
        s.webhooks_allow_private = true;
    })
    .await;
    let johan = app.sign_in(ORDERER_EMAIL).await.access_token;
    // A webhook signing secret is sealed by the same keys.
    let receiver = id06_tests::receiver::Receiver::start().await;
    let admin = app.sign_in(ADMIN_EMAIL).await.access_token;
    let hook = expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/webhook-endpoints"),
            Some(&admin),
            Some(json!({"url": receiver.url, "event_types": ["card.activated"]})),
        )
        .await,
        201,
    )
    .await;
    let number = devkit::demo::demo_card_number().to_string();
    let card = id06_tests::CARD_ID;
    let active = expect(
        card_post(
            &app,
            &johan,
            &format!("/v1/me/cards/{card}/activate"),
            json!({"card_number": number}),
        )
        .await,
        200,
    )
    .await;
    // `reseal-pins` with the new key first: the PIN is sealed again, and still the same PIN;
    // so are the two endpoints' secrets (the demo's and this one).
    let mut settings = app.settings.clone();
    settings.pin_keys = Some(format!("{new},{old}"));
    let resealed = api::cli::reseal_pins(&settings).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((resealed.pins, resealed.webhook_secrets), (1, 2));
    // The demo's identity data too: its documents' numbers and portraits, Anna's order number.
    assert!(
        resealed.identity_values >= 4 && resealed.portraits >= 3,
        "{resealed:?}"
    );
    assert_eq!(
        api::cli::reseal_pins(&settings),
        Ok(api::cli::Resealed::default()),
        "nothing left under the old key"
    );
    let id = hook["id"].as_str().unwrap_or_default();
    expect(
        app.post(
            &format!("/v1/companies/{COMPANY_ID}/webhook-endpoints/{id}/test"),
            Some(&admin),
            None,
        )
        .await,
        202,
    )
    .await;
    let received = receiver
        .until("the ping", |r| r.iter().any(|x| x.json()["type"] == "ping"))
        .await;
    let ping = received
        .iter()
        .find(|x| x.json()["type"] == "ping")
        .map(|x| (x.signature.clone(), x.body.clone()))
        .unwrap_or_default();
    assert!(
        id06_tests::receiver::signed_by(
            hook["secret"].as_str().unwrap_or_default(),
            &ping.0,
            &ping.1
        ),
        "signed by the same secret after resealing"
    );
    let shown = expect(
        card_post(
            &app,
            &johan,
            &format!("/v1/me/cards/{card}/pin"),
            json!({"card_number": number}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(shown["pin"], active["pin"]);
    // The old key alone no longer opens it.
    settings.pin_keys = Some(old);
    assert!(api::cli::reseal_pins(&settings).is_err());
}
