//! The database goes down and comes back (PostgreSQL; an embedded SQLite file cannot go away).

use std::time::{Duration, Instant};

use id06_tests::proxy::Proxy;
use id06_tests::{expect, TestApp, ASA_EMAIL, ORDER_MATCHING};

// Two threads: the proxy's tasks must run while the app connects synchronously at start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_down_requests_fail_fast_and_then_recover() {
    if std::env::var(persistence::test_db::POSTGRES_ENV).map_or(true, |v| v.is_empty()) {
        eprintln!("skipped on SQLite: only a database server can go down (run by make test-pg)");
        return;
    }
    let mut proxy = None;
    let app = TestApp::spawn_with(|s| {
        // postgres://user@127.0.0.1:PORT/db -> the same through the proxy.
        let (head, rest) = s
            .database_url
            .split_once("@127.0.0.1:")
            .unwrap_or_else(|| panic!("{}", s.database_url));
        let (port, tail) = rest.split_once('/').unwrap_or((rest, ""));
        let target = format!("127.0.0.1:{port}")
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let p = Proxy::start(target);
        s.database_url = format!("{head}@127.0.0.1:{}/{tail}", p.port);
        proxy = Some(p);
    })
    .await;
    let proxy = proxy.unwrap_or_else(|| panic!("proxy"));
    let s = app.sign_in(ASA_EMAIL).await;
    let review = format!("/v1/me/card-orders/{ORDER_MATCHING}");
    expect(app.get(&review, Some(&s.access_token)).await, 200).await;

    proxy.cut();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (client, url, token) = (app.client.clone(), app.url(&review), s.access_token.clone());
        tasks.spawn(async move {
            let t = Instant::now();
            let r = client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            let retry_after = r.headers().contains_key("retry-after");
            (r.status().as_u16(), retry_after, t.elapsed())
        });
    }
    let answers = tasks.join_all().await;
    for (status, retry_after, took) in &answers {
        assert_eq!(*status, 503, "{answers:?}");
        assert!(*retry_after);
        assert!(*took < Duration::from_millis(2000), "{answers:?}");
    }
    let slowest = answers.iter().map(|a| a.2).max().unwrap_or_default();
    eprintln!(
        "outage: 16 reviews answered 503 in {:?} (slowest {slowest:?})",
        started.elapsed()
    );
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "16 requests during the outage took {:?}",
        started.elapsed()
    );

    proxy.restore();
    let back = Instant::now();
    loop {
        let r = app.get(&review, Some(&s.access_token)).await;
        if r.status() == 200 {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(10),
            "not recovered: {}",
            r.status()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "outage: recovered {:?} after the database came back",
        back.elapsed()
    );
}
