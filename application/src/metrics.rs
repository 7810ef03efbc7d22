//! Operational metrics in the Prometheus text format (`GET /metrics`): requests by route
//! template, method and status with latency histograms, outbox depth and age per kind (SMS,
//! email, webhook), delivery failures, sign-in failures, throttled requests, the database pool
//! (open, idle, time waited), statements sent by route, build information. Counters are kept in memory by the `metrics`
//! recorder (one per process); backlog and pool gauges are read when scraped.

use std::sync::OnceLock;

use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use persistence::{outbox, webhooks, Db};

use super::error::AppResult;
use super::Clock;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Installs the process's recorder (once; later calls return the same handle).
pub fn install() -> Option<PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let built = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    &[
                        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
                    ],
                )
                .and_then(|b| b.install_recorder());
            match built {
                Ok(handle) => {
                    describe();
                    Some(handle)
                }
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .clone()
}

/// Folds recorded latencies into the histograms every five seconds. Without it they pile up
/// in memory until a scrape (and a server nobody scrapes grows without bound).
pub async fn upkeep(handle: PrometheusHandle) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        handle.run_upkeep();
    }
}

fn describe() {
    describe_histogram!(
        "http_request_duration_seconds",
        "Request latency by route template, method and status."
    );
    describe_counter!(
        "http_requests_total",
        "Requests by route template, method and status."
    );
    describe_counter!(
        "throttled_requests_total",
        "Requests answered 429 (quotas and attempt limits)."
    );
    describe_counter!(
        "sign_in_failures_total",
        "Failed sign-in steps (password or code)."
    );
    describe_counter!(
        "delivery_failures_total",
        "Failed delivery attempts by kind (sms, email, webhook)."
    );
    describe_counter!(
        "webhook_deliveries_total",
        "Webhook events delivered (2xx from the receiver)."
    );
    describe_gauge!("outbox_depth", "Messages waiting to be delivered, by kind.");
    describe_gauge!(
        "outbox_oldest_age_seconds",
        "Age of the oldest waiting message, by kind."
    );
    describe_counter!(
        "db_statements_total",
        "Database statements sent by requests (BEGIN and COMMIT included), by route template and method."
    );
    describe_gauge!("db_pool_connections", "Database connections open.");
    describe_gauge!(
        "db_pool_idle_connections",
        "Database connections open and idle."
    );
    describe_counter!(
        "db_pool_checkouts_total",
        "Database connections taken from the pool."
    );
    describe_counter!(
        "db_pool_wait_microseconds_total",
        "Time spent waiting for a pooled connection."
    );
    describe_counter!(
        "db_write_commits_total",
        "SQLite: write transactions committed (the writes queued together commit together)."
    );
    describe_counter!(
        "db_writes_committed_total",
        "SQLite: writes those commits carried; divided by db_write_commits_total, writes per commit."
    );
    describe_gauge!("build_info", "Build information (always 1).");
}

/// One answered request. `route` is the route's template (`/v1/me/card-orders/{order_id}`), never
/// the path itself, so ids do not become labels.
pub fn http_request(route: &str, method: &str, status: u16, seconds: f64) {
    let labels = [
        ("route", route.to_owned()),
        ("method", method.to_owned()),
        ("status", status.to_string()),
    ];
    counter!("http_requests_total", &labels).increment(1);
    histogram!("http_request_duration_seconds", &labels).record(seconds);
    if status == 429 {
        counter!("throttled_requests_total", "route" => route.to_owned()).increment(1);
    }
}

/// The database statements one request sent (its trips', not the workers').
pub fn db_statements(route: &str, method: &str, sent: u64) {
    counter!(
        "db_statements_total",
        "route" => route.to_owned(),
        "method" => method.to_owned(),
    )
    .increment(sent);
}

pub fn sign_in_failed(step: &'static str) {
    counter!("sign_in_failures_total", "step" => step).increment(1);
}

pub fn delivery_failed(kind: &'static str) {
    counter!("delivery_failures_total", "kind" => kind).increment(1);
}

pub fn webhook_delivered() {
    counter!("webhook_deliveries_total").increment(1);
}

/// The text to serve: gauges read now (backlogs, pool), then everything recorded.
pub fn render(handle: &PrometheusHandle, db: &Db, clock: &Clock) -> AppResult<String> {
    let now = clock.now();
    let backlogs = db.read(|conn| {
        Ok::<_, persistence::Error>([
            ("sms", outbox::backlog(conn, domain::Channel::Sms)?),
            ("email", outbox::backlog(conn, domain::Channel::Email)?),
            ("webhook", webhooks::backlog(conn)?),
        ])
    })?;
    for (kind, (depth, oldest)) in backlogs {
        gauge!("outbox_depth", "kind" => kind).set(depth as f64);
        let age = oldest.map_or(0.0, |t| (now - t).num_milliseconds().max(0) as f64 / 1000.0);
        gauge!("outbox_oldest_age_seconds", "kind" => kind).set(age);
    }
    let pool = db.pool_stats();
    gauge!("db_pool_connections").set(f64::from(pool.size));
    gauge!("db_pool_idle_connections").set(f64::from(pool.idle));
    counter!("db_pool_checkouts_total").absolute(pool.checkouts);
    counter!("db_pool_wait_microseconds_total").absolute(pool.wait_micros);
    if db.reads_are_local() {
        counter!("db_write_commits_total").absolute(pool.write_commits);
        counter!("db_writes_committed_total").absolute(pool.writes_committed);
    }
    gauge!(
        "build_info",
        "version" => env!("CARGO_PKG_VERSION"),
        "backend" => db.backend().name(),
    )
    .set(1.0);
    Ok(handle.render())
}
