//! Sign-in throttling per email, per account and per client address, with the client address
//! taken from `X-Forwarded-For` only when the peer is a trusted proxy.

use id06_tests::{expect, TestApp, ASA_EMAIL, ERIK_EMAIL, PASSWORD};
use reqwest::Response;
use serde_json::{json, Value};

/// The test client connects from loopback; with loopback as the trusted proxy, each request can
/// say which client address the "proxy" saw.
async fn behind_proxy() -> TestApp {
    TestApp::spawn_with(|s| s.trusted_proxies = vec!["127.0.0.1".into()]).await
}

async fn login_from(app: &TestApp, from: &str, email: &str, password: &str) -> Response {
    app.client
        .post(app.url("/v1/auth/login"))
        .header("X-Forwarded-For", from)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("login: {e}"))
}

async fn verify_from(app: &TestApp, from: &str, challenge: &Value, code: &str) -> Response {
    app.client
        .post(app.url("/v1/auth/login/verify"))
        .header("X-Forwarded-For", from)
        .json(&json!({"challenge_id": challenge["challenge_id"], "code": code}))
        .send()
        .await
        .unwrap_or_else(|e| panic!("verify: {e}"))
}

/// Password and code, from `from`.
async fn sign_in_from(app: &TestApp, from: &str, email: &str) {
    let before = app.sms_messages().len();
    let challenge = expect(login_from(app, from, email, PASSWORD).await, 200).await;
    let (code, _) = app.nth_code(before + 1).await;
    expect(verify_from(app, from, &challenge, &code).await, 200).await;
}

/// 50 wrong passwords from `from`, each for another (unknown) email so no email limit is hit.
async fn spray(app: &TestApp, from: &str) {
    for i in 0..50 {
        let email = format!("target{i}@example.se");
        expect(
            login_from(app, from, &email, "Winter2026-password").await,
            401,
        )
        .await;
    }
}

fn retry_after(r: &Response) -> u64 {
    r.headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn an_address_under_attack_still_lets_in_the_people_who_work_behind_it() {
    let app = behind_proxy().await;
    let office = "198.51.100.7";
    // Åsa works behind the office's NAT and has signed in from it before.
    sign_in_from(&app, office, ASA_EMAIL).await;
    // Someone behind the same address sprays passwords.
    spray(&app, office).await;
    let r = login_from(&app, office, "target99@example.se", "Winter2026-password").await;
    assert_eq!(r.status(), 429, "the sprayer is slowed down");
    assert!((1..=900).contains(&retry_after(&r)));
    // Åsa's right password still works from there, all the way to a session.
    sign_in_from(&app, office, ASA_EMAIL).await;
    // A wrong password for Åsa from there is refused like anyone's, and counted for her.
    let r = login_from(&app, office, ASA_EMAIL, "not her password at all").await;
    assert_eq!(r.status(), 401);
    // Erik never signed in from the office: from there he waits, from elsewhere he does not.
    let r = login_from(&app, office, ERIK_EMAIL, PASSWORD).await;
    assert_eq!(r.status(), 429);
    expect(
        login_from(&app, "203.0.113.20", ERIK_EMAIL, PASSWORD).await,
        200,
    )
    .await;
    // The window passes: the office is open to all again.
    app.clock.advance(chrono::TimeDelta::minutes(15));
    expect(login_from(&app, office, ERIK_EMAIL, PASSWORD).await, 200).await;
}

#[tokio::test]
async fn an_account_under_attack_is_protected_whatever_the_address() {
    let app = behind_proxy().await;
    for i in 0..10 {
        let from = format!("203.0.113.{}", 100 + i);
        expect(
            login_from(&app, &from, ERIK_EMAIL, "a guess at his password").await,
            401,
        )
        .await;
    }
    let r = login_from(&app, "203.0.113.200", ERIK_EMAIL, PASSWORD).await;
    assert_eq!(
        r.status(),
        429,
        "ten addresses, one account: the account's own limit"
    );
    // The same answer for an email that has no account (nothing tells them apart).
    for _ in 0..10 {
        expect(
            login_from(&app, "203.0.113.1", "nobody@example.se", "a guess").await,
            401,
        )
        .await;
    }
    let r = login_from(&app, "203.0.113.1", "nobody@example.se", "a guess").await;
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    // No trusted proxy: the header is the client's own word and counts for nothing.
    let app = TestApp::spawn().await;
    for i in 0..50 {
        let email = format!("target{i}@example.se");
        let forged = format!("192.0.2.{i}");
        expect(
            login_from(&app, &forged, &email, "Winter2026-password").await,
            401,
        )
        .await;
    }
    let r = login_from(
        &app,
        "192.0.2.250",
        "target77@example.se",
        "Winter2026-password",
    )
    .await;
    assert_eq!(r.status(), 429, "all 50 came from the one real peer");
    // Behind a trusted proxy, a forged entry left of the proxy's own is skipped.
    let app = behind_proxy().await;
    spray(&app, "1.2.3.4, 198.51.100.9").await;
    let r = login_from(
        &app,
        "5.6.7.8, 198.51.100.9",
        "x@example.se",
        "Winter2026-password",
    )
    .await;
    assert_eq!(
        r.status(),
        429,
        "the address the proxy saw is the one counted"
    );
    let r = login_from(&app, "198.51.100.10", "x@example.se", "Winter2026-password").await;
    assert_eq!(r.status(), 401, "another client behind the proxy is not");
}

#[tokio::test]
async fn wrong_codes_are_counted_per_account_over_all_attempts() {
    let app = behind_proxy().await;
    let from = "203.0.113.5";
    // Two attempts, five wrong codes each: the second attempt's fifth burns it.
    for round in 0..2 {
        app.clock.advance(chrono::TimeDelta::seconds(31));
        let challenge = expect(login_from(&app, from, ASA_EMAIL, PASSWORD).await, 200).await;
        for _ in 0..5 {
            let r = verify_from(&app, from, &challenge, "000000").await;
            assert_eq!(r.status(), 401, "round {round}");
        }
    }
    // A third attempt: even its right code waits until the window ends.
    let before = app.sms_messages().len();
    let challenge = expect(login_from(&app, from, ASA_EMAIL, PASSWORD).await, 200).await;
    let (code, _) = app.nth_code(before + 1).await;
    let r = verify_from(&app, from, &challenge, &code).await;
    assert_eq!(r.status(), 429);
    assert!(retry_after(&r) >= 1);
}

#[tokio::test]
async fn resends_from_a_busy_address_wait_unless_the_account_knows_the_address() {
    let app = behind_proxy().await;
    let busy = "198.51.100.30";
    // Åsa has signed in from the busy address before; Erik has not.
    sign_in_from(&app, busy, ASA_EMAIL).await;
    // Thirty codes were re-sent from it in this window (by whoever).
    app.db
        .write(|conn| {
            for _ in 0..30 {
                persistence::rate_limits::hit(
                    conn,
                    &format!("resend-addr:{busy}"),
                    chrono::TimeDelta::minutes(15),
                    persistence::now(),
                )?;
            }
            Ok::<_, persistence::Error>(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    app.clock.advance(chrono::TimeDelta::seconds(31));
    let resend = |challenge: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/v1/auth/login/resend"))
                .header("X-Forwarded-For", busy)
                .json(&json!({"challenge_id": challenge["challenge_id"]}))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    let erik = expect(
        login_from(&app, "203.0.113.77", ERIK_EMAIL, PASSWORD).await,
        200,
    )
    .await;
    let asa = expect(login_from(&app, busy, ASA_EMAIL, PASSWORD).await, 200).await;
    app.clock.advance(chrono::TimeDelta::seconds(31));
    let r = resend(erik).await;
    assert_eq!(r.status(), 429, "a stranger to the address waits");
    assert!(retry_after(&r) >= 1);
    assert_eq!(resend(asa).await.status(), 200, "its own people do not");
}

/// An address inside the /64 `2001:db8:7:7::/64`, a different one for every `i`.
fn in_prefix(i: u32) -> String {
    format!("2001:db8:7:7:{:x}:{:x}::{:x}", i / 7 + 1, i % 7 + 1, i + 1)
}

#[tokio::test]
async fn spraying_from_fresh_addresses_of_one_ipv6_prefix_meets_the_address_limit() {
    let app = behind_proxy().await;
    // Åsa signed in from her home network's /64 before (another address in it).
    sign_in_from(&app, &in_prefix(1000), ASA_EMAIL).await;
    // 70 failed sign-ins for 70 emails, each from a new address inside the same /64: the
    // per-address limit (50) is met however the addresses are chosen.
    let mut refused = 0;
    for i in 0..70 {
        let email = format!("target{i}@example.se");
        let r = login_from(&app, &in_prefix(i), &email, "Winter2026-password").await;
        match r.status().as_u16() {
            401 => {}
            429 => refused += 1,
            other => panic!("{other}"),
        }
    }
    assert_eq!(
        refused, 20,
        "the 51st attempt from the prefix on is slowed down"
    );
    // Another /64 is another caller; an IPv4-mapped address counts as the IPv4 one.
    expect(
        login_from(
            &app,
            "2001:db8:7:8::1",
            "target1@example.se",
            "Winter2026-password",
        )
        .await,
        401,
    )
    .await;
    // The NAT rule holds by prefix too: Åsa, known from this /64, still gets in from a new
    // address in it; Erik, never seen there, waits.
    sign_in_from(&app, &in_prefix(2000), ASA_EMAIL).await;
    let r = login_from(&app, &in_prefix(2001), ERIK_EMAIL, PASSWORD).await;
    assert_eq!(r.status(), 429);
}

#[tokio::test]
async fn an_ipv4_mapped_address_is_the_ipv4_caller() {
    let app = behind_proxy().await;
    spray(&app, "198.51.100.9").await;
    let r = login_from(
        &app,
        "::ffff:198.51.100.9",
        "target99@example.se",
        "Winter2026-password",
    )
    .await;
    assert_eq!(r.status(), 429, "the same caller written as IPv6");
}
