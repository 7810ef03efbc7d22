//! Request quotas per caller: announced on every response with `RateLimit-Policy` and
//! `RateLimit`, refused with 429 and `Retry-After` once spent, counted per person, per machine
//! client and per address for anonymous calls, and flushed to the database so every instance
//! shares the count.

use chrono::TimeDelta;
use id06_tests::{expect, TestApp, ASA_EMAIL, ERIK_EMAIL, INTEGRATOR_ID, INTEGRATOR_SECRET};
use reqwest::Response;

fn header(r: &Response, name: &str) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// A server with small quotas, its clock moved to the first second of a quota window, so no
/// test straddles two windows. Returns the window's start (Unix seconds).
async fn small_quotas() -> (TestApp, i64) {
    let app = TestApp::spawn_with(|s| {
        s.quotas = api::config::QuotaSettings {
            quota_person: 5,
            quota_integrator: 4,
            quota_identity_verifier: 4,
            quota_card_producer: 4,
            quota_anonymous: 30,
        }
    })
    .await;
    let now = chrono::Utc::now().timestamp();
    let advance = 60 - now.rem_euclid(60) + 1;
    app.clock.advance(TimeDelta::seconds(advance));
    (app, now + advance - 1)
}

#[tokio::test]
async fn the_bearer_scheme_is_read_alike_in_any_case() {
    let (app, _) = small_quotas().await;
    let asa = app.sign_in(ASA_EMAIL).await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let r = app
            .client
            .get(app.url("/v1/me"))
            .header("Authorization", format!("{scheme} {}", asa.access_token))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status(), 200, "{scheme}");
        // Counted against the person's budget, not the anonymous one of the address.
        assert_eq!(
            header(&r, "ratelimit-policy"),
            "\"person\";q=5;w=60",
            "{scheme}"
        );
    }
}

#[tokio::test]
async fn a_person_is_told_the_budget_and_refused_when_it_is_spent() {
    let (app, _) = small_quotas().await;
    let asa = app.sign_in(ASA_EMAIL).await;
    let mut remaining = Vec::new();
    for _ in 0..5 {
        let r = app.get("/v1/me", Some(&asa.access_token)).await;
        assert_eq!(r.status(), 200);
        assert_eq!(header(&r, "ratelimit-policy"), "\"person\";q=5;w=60");
        remaining.push(header(&r, "ratelimit"));
    }
    assert!(
        remaining[0].starts_with("\"person\";r=4;t="),
        "{remaining:?}"
    );
    assert!(
        remaining[4].starts_with("\"person\";r=0;t="),
        "{remaining:?}"
    );
    let r = app.get("/v1/me", Some(&asa.access_token)).await;
    assert_eq!(r.status(), 429);
    let retry: u64 = header(&r, "retry-after").parse().unwrap_or(0);
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(header(&r, "ratelimit").starts_with("\"person\";r=0;"));
    let p = expect(r, 429).await;
    assert_eq!(p["code"], "rate_limited");
    // Someone else has a budget of their own; the next window restores Åsa's.
    let erik = app.sign_in(ERIK_EMAIL).await;
    expect(app.get("/v1/me", Some(&erik.access_token)).await, 200).await;
    app.clock.advance(TimeDelta::seconds(61));
    expect(app.get("/v1/me", Some(&asa.access_token)).await, 200).await;
}

#[tokio::test]
async fn machine_clients_and_anonymous_callers_have_budgets_of_their_own() {
    let (app, _) = small_quotas().await;
    let token = app
        .client_token(INTEGRATOR_ID, INTEGRATOR_SECRET, None)
        .await;
    let orders = format!("/v1/companies/{}/card-orders", id06_tests::COMPANY_ID);
    for _ in 0..4 {
        let r = app.get(&orders, Some(&token)).await;
        assert_eq!(header(&r, "ratelimit-policy"), "\"integrator\";q=4;w=60");
        expect(r, 200).await;
    }
    expect(app.get(&orders, Some(&token)).await, 429).await;
    // Without a token the caller is its address; errors announce the budget too.
    let r = app.get("/v1/me", None).await;
    assert_eq!(r.status(), 401);
    assert_eq!(header(&r, "ratelimit-policy"), "\"anonymous\";q=30;w=60");
    // Health probes are not counted.
    let r = app.get("/health/live", None).await;
    assert!(header(&r, "ratelimit").is_empty());
}

#[tokio::test]
async fn counts_reach_the_database_so_every_instance_shares_them() {
    let (app, window) = small_quotas().await;
    let asa = app.sign_in(ASA_EMAIL).await;
    let shared = |hits: i32| {
        app.db
            .write(|conn| {
                persistence::request_quotas::add(conn, devkit::demo::ASA_ID, window, hits)
            })
            .unwrap_or_else(|e| panic!("{e}"))
    };
    for _ in 0..3 {
        expect(app.get("/v1/me", Some(&asa.access_token)).await, 200).await;
    }
    // The flush runs about once a second: the shared counter soon holds the three requests.
    let start = std::time::Instant::now();
    while shared(0) < 3 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "never flushed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Another instance admits two more. This one learns it at its next flush (the documented
    // margin: one flush interval), so it admits one more request and then refuses: 3 + 2 + 1
    // is past the 5 of the budget, where on its own it would still have one left.
    shared(2);
    expect(app.get("/v1/me", Some(&asa.access_token)).await, 200).await;
    // This instance's next flush writes its fourth request (3 + 2 + 1 in the shared table) and
    // learns the total in the same step; wait for it rather than for a guessed interval.
    let start = std::time::Instant::now();
    while shared(0) < 6 {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "never flushed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // What the flush learned is applied right after its transaction commits.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let r = app.get("/v1/me", Some(&asa.access_token)).await;
    assert_eq!(r.status(), 429, "the other instance's count arrived");
}

#[tokio::test]
async fn an_ipv6_caller_is_counted_by_its_prefix_not_by_each_address() {
    let app = TestApp::spawn_with(|s| {
        s.trusted_proxies = vec!["127.0.0.1".into()];
        s.quotas.quota_anonymous = 5;
    })
    .await;
    let now = chrono::Utc::now().timestamp();
    app.clock
        .advance(TimeDelta::seconds(60 - now.rem_euclid(60) + 1));
    let from = |ip: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url("/v1/me"))
                .header("X-Forwarded-For", ip)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .status()
                .as_u16()
        }
    };
    // Every request from a fresh address of one /64: one budget of 5.
    let mut statuses = Vec::new();
    for i in 1..=7 {
        statuses.push(from(format!("2001:db8:5:5::{i:x}")).await);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
    // The next /64 has a budget of its own.
    assert_eq!(from("2001:db8:5:6::1".into()).await, 401);
}
