//! The BankID client against the local double, over HTTP: each scenario's answers, the MRTD
//! step-up, the animated QR code checked by the double, `alreadyInProgress`, cancelling, and the
//! errors BankID gives for what it refuses.

use app::bankid::client::{AuthRequest, BankId, BankIdError, Collected, HttpBankId};
use app::bankid::qr::qr_data;
use domain::bankid::{ErrorCode, HintCode, Rfa};
use serde_json::{json, Value};

struct Double {
    base: String,
    client: HttpBankId,
    http: reqwest::Client,
}

impl Double {
    async fn start() -> Double {
        let (port, server) = devkit::bankid_double::start("127.0.0.1:0")
            .unwrap_or_else(|e| panic!("start the double: {e}"));
        tokio::spawn(server);
        let base = format!("http://127.0.0.1:{port}");
        let client = HttpBankId::new(&format!("{base}/rp/v6.0"), None)
            .unwrap_or_else(|e| panic!("client: {e}"));
        Double {
            base,
            client,
            http: reqwest::Client::new(),
        }
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    /// Collects until the order is no longer pending; the pending hints on the way and the end.
    async fn run(&self, order_ref: &str) -> (Vec<HintCode>, Collected) {
        let mut hints = vec![];
        for _ in 0..10 {
            match self.client.collect(order_ref).await {
                Ok(Collected::Pending(h)) => hints.push(h),
                Ok(end) => return (hints, end),
                Err(e) => panic!("collect: {e}"),
            }
        }
        panic!("still pending after 10 collects: {hints:?}")
    }
}

fn request(pnr: Option<&str>, mrtd: bool) -> AuthRequest {
    AuthRequest {
        end_user_ip: "203.0.113.7"
            .parse()
            .unwrap_or(std::net::IpAddr::from([127, 0, 0, 1])),
        personal_number: pnr.map(str::to_owned),
        mrtd,
    }
}

#[tokio::test]
async fn an_identification_completes_with_the_person_and_its_qr_codes_check_out() {
    let d = Double::start().await;
    let started = d
        .client
        .auth(&request(Some("199001010017"), false))
        .await
        .unwrap_or_else(|e| panic!("auth: {e}"));
    // The QR code the server would show, checked by the double; a forged one is not.
    let qr = qr_data(&started.qr_start_token, &started.qr_start_secret, 0);
    let checked = d
        .control(
            "/test/qr",
            json!({"orderRef": started.order_ref, "qrData": qr}),
        )
        .await;
    assert_eq!(checked["valid"], true);
    let forged = qr_data(&started.qr_start_token, "not-the-secret", 0);
    let checked = d
        .control(
            "/test/qr",
            json!({"orderRef": started.order_ref, "qrData": forged}),
        )
        .await;
    assert_eq!(checked["valid"], false);

    let (hints, end) = d.run(&started.order_ref).await;
    assert_eq!(
        hints,
        [
            HintCode::OutstandingTransaction,
            HintCode::Started,
            HintCode::UserSign
        ]
    );
    let Collected::Complete(who) = end else {
        panic!("not complete: {end:?}")
    };
    assert_eq!(who.personal_number, "199001010017");
    assert!(!who.mrtd);
    // A finished order can be collected again (for a few minutes) with the same answer.
    assert!(matches!(
        d.client.collect(&started.order_ref).await,
        Ok(Collected::Complete(_))
    ));
}

#[tokio::test]
async fn the_mrtd_step_up_and_scripted_people_with_diacritics() {
    let d = Double::start().await;
    // Required by the relying party: the app asks for the passport, and says it checked it.
    d.control(
        "/test/script",
        json!({"scenario": "complete", "user": {"personalNumber": "198112189876", "givenName": "Åsa Märta Lovisa", "surname": "Öberg-Ängström"}}),
    )
    .await;
    let started = d
        .client
        .auth(&request(None, true))
        .await
        .unwrap_or_else(|e| panic!("auth: {e}"));
    let (hints, end) = d.run(&started.order_ref).await;
    assert!(hints.contains(&HintCode::UserMrtd), "{hints:?}");
    assert_eq!(HintCode::UserMrtd.message(true), Rfa::Rfa23);
    let Collected::Complete(who) = end else {
        panic!("not complete: {end:?}")
    };
    assert!(who.mrtd);
    assert_eq!(who.given_name, "Åsa Märta Lovisa");
    assert_eq!(who.surname, "Öberg-Ängström");
}

#[tokio::test]
async fn each_failure_scenario_ends_with_its_hint_code() {
    let d = Double::start().await;
    for (scenario, hint, rfa) in [
        ("user_cancel", HintCode::UserCancel, Rfa::Rfa6),
        ("expired", HintCode::ExpiredTransaction, Rfa::Rfa8),
        ("start_failed", HintCode::StartFailed, Rfa::Rfa17),
        ("certificate_err", HintCode::CertificateErr, Rfa::Rfa16),
    ] {
        let pnr = "199001010017";
        d.control(
            "/test/script",
            json!({"personalNumber": pnr, "scenario": scenario}),
        )
        .await;
        let started = d
            .client
            .auth(&request(Some(pnr), false))
            .await
            .unwrap_or_else(|e| panic!("auth: {e}"));
        let (_, end) = d.run(&started.order_ref).await;
        assert_eq!(end, Collected::Failed(hint.clone()), "{scenario}");
        assert_eq!(hint.failure_message(true), rfa, "{scenario}");
    }
}

#[tokio::test]
async fn a_second_order_for_the_same_person_cancels_both_and_cancel_is_single_use() {
    let d = Double::start().await;
    let pnr = Some("199001010017");
    let first = d
        .client
        .auth(&request(pnr, false))
        .await
        .unwrap_or_else(|e| panic!("auth: {e}"));
    match d.client.auth(&request(pnr, false)).await {
        Err(BankIdError::Api { status, code, .. }) => {
            assert_eq!((status, code.clone()), (400, ErrorCode::AlreadyInProgress));
            assert_eq!(code.message(), Rfa::Rfa4);
        }
        other => panic!("expected alreadyInProgress, got {other:?}"),
    }
    assert_eq!(
        d.client.collect(&first.order_ref).await.ok(),
        Some(Collected::Failed(HintCode::Cancelled))
    );

    // Cancelled by the relying party: gone; a second cancel and a collect are invalidParameters.
    let other = d
        .client
        .auth(&request(None, false))
        .await
        .unwrap_or_else(|e| panic!("auth: {e}"));
    assert!(d.client.cancel(&other.order_ref).await.is_ok());
    for result in [
        d.client.cancel(&other.order_ref).await.map(|_| ()),
        d.client.collect(&other.order_ref).await.map(|_| ()),
    ] {
        assert!(
            matches!(
                &result,
                Err(BankIdError::Api {
                    code: ErrorCode::InvalidParameters,
                    ..
                })
            ),
            "{result:?}"
        );
    }
}

#[tokio::test]
async fn what_bankid_refuses_it_refuses_in_bankids_shape() {
    let d = Double::start().await;
    let url = format!("{}/rp/v6.0/auth", d.base);
    let wrong_type = d
        .http
        .post(&url)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrong_type.status(), 415);
    let body: Value = wrong_type.json().await.unwrap_or(Value::Null);
    assert_eq!(body["errorCode"], "unsupportedMediaType");
    let no_ip = d
        .http
        .post(&url)
        .json(&json!({"requirement": {"pinCode": true}}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(no_ip.status(), 400);
    let body: Value = no_ip.json().await.unwrap_or(Value::Null);
    assert_eq!(body["errorCode"], "invalidParameters");
    // Nobody answers: the client says so without the URL.
    let gone = HttpBankId::new("http://127.0.0.1:9/rp/v6.0", None)
        .unwrap_or_else(|e| panic!("client: {e}"));
    assert!(matches!(
        gone.collect("x").await,
        Err(BankIdError::Unreachable(_))
    ));
}

#[tokio::test]
async fn a_bankid_without_its_certificates_stops_the_start_with_the_setting_to_fix() {
    let tdb = persistence::test_db::TestDb::new();
    let mut settings = api::Settings::with_database(&tdb.url);
    settings.bind = "127.0.0.1:0".into();
    settings.jwt_private_key =
        Some(app::auth::token::Keys::generate_pem().unwrap_or_else(|e| panic!("{e}")));
    settings.pin_keys = Some(app::vault::Vault::generate_entry());
    settings.index_key = Some(app::vault::Vault::generate_index_key());
    settings.bankid.bankid_url = Some("https://appapi2.test.bankid.com/rp/v6.0".into());
    let refused = api::startup::Application::build(settings).await.err();
    assert!(
        refused
            .as_deref()
            .is_some_and(|e| e.contains("ID06_BANKID_P12_FILE")),
        "{refused:?}"
    );
}
