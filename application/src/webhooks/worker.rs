//! Delivers webhook events: claims due deliveries (several instances may run it; each delivery
//! is claimed before it is sent, and each object's events wait for the one before), posts each
//! signed body with a timeout, records the attempt, and retries with exponential backoff and
//! jitter for up to three days. Then the delivery fails for good, the endpoint is disabled and the
//! company's administrators are emailed. A failed delivery can be retried by hand.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, TimeDelta};
use domain::{CompanyRole, DeliveryAttemptId, DeliveryStatus};
use persistence::{memberships, webhooks, Db, DeliveryRow, EndpointRow};

use super::endpoints::gives_up_at;
use super::signature;
use super::url::{literal_allowed, GuardedResolver};
use crate::outbox;
use crate::{ids, AppResult, Clock, Context, Services};

/// Deliveries claimed per round: a round waits for its slowest receiver, so a larger one keeps up
/// with more events per second (a fan-out of 4 endpoints at 900 orders/s fell behind with 64).
const BATCH: i64 = 256;
const CLAIM: TimeDelta = TimeDelta::seconds(60);
/// The first retry waits about this long; each next one twice as long, at most `MAX_DELAY`.
const FIRST_DELAY_SECS: i64 = 10;
const MAX_DELAY_SECS: i64 = 6 * 3600;
/// How long a connection to a receiver stays open without a delivery: past one round and the
/// next (rounds follow each other at once while deliveries are due), not past a burst.
const IDLE_CONNECTION: Duration = Duration::from_secs(5);

/// What the worker needs.
#[derive(Clone)]
pub struct Deliverer {
    pub db: Db,
    pub clock: Clock,
    /// The vault (signing secrets) and the outbox (a disabled endpoint's notice).
    pub services: Arc<Services>,
    pub client: reqwest::Client,
    pub allow_private: bool,
}

impl Deliverer {
    /// The delivery client: no redirects (a redirect could lead anywhere), no proxy from the
    /// environment, the guarded resolver, a timeout per attempt. A round sends up to `BATCH`
    /// deliveries at once, each on its own connection with its buffers (about 25 KB); kept for
    /// reqwest's default 90 s after a burst they held 6.5 MB of an idle server's heap (issue 21's
    /// heap profile), so an idle connection closes after a few seconds without work.
    pub fn client(allow_private: bool, timeout: Duration) -> Result<reqwest::Client, String> {
        reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver { allow_private }))
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .pool_idle_timeout(IDLE_CONNECTION)
            .user_agent(concat!("id06-webhooks/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("webhook client: {e}"))
    }

    /// One round: claims due deliveries, sends them concurrently, then records every attempt in
    /// one transaction (one commit per round, not per delivery); returns how many were claimed.
    /// If that transaction fails, the claims lapse and the deliveries are sent again: receivers
    /// recognise the repeat by its event id.
    pub async fn round(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let db = self.db.clone();
        let claimed = crate::blocking(move || {
            Ok(db.write(|conn| webhooks::claim_due(conn, now, now + CLAIM, BATCH))?)
        })
        .await?;
        let n = claimed.len();
        if n == 0 {
            return Ok(0);
        }
        // The round's attempts start together: one time for them all lets their deliveries'
        // new states be written together.
        let at = self.clock.now();
        let mut tasks = tokio::task::JoinSet::new();
        for (delivery, endpoint) in claimed {
            let me = self.clone();
            tasks.spawn(async move { me.attempt(delivery, endpoint, at).await });
        }
        let mut outcomes = Vec::with_capacity(n);
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(outcome) => outcomes.push(outcome),
                // Its claim lapses and it is tried again.
                Err(e) => tracing::error!(error = %e, "webhook delivery task failed"),
            }
        }
        let db = self.db.clone();
        let ctx = Context::new(self.clock.clone(), Arc::clone(&self.services));
        crate::blocking(move || {
            ctx.write(&db, |conn, ctx| Outcome::record_all(&outcomes, conn, ctx))
        })
        .await?;
        Ok(n)
    }

    /// Sends one delivery and decides what comes next; nothing is written yet.
    async fn attempt(&self, d: DeliveryRow, e: EndpointRow, at: NaiveDateTime) -> Outcome {
        let started = Instant::now();
        let outcome = self.post(&d, &e, at).await;
        let duration_ms = i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX);
        let (status_code, error) = match &outcome {
            Ok(code) => (Some(i32::from(*code)), None),
            Err(err) => (None, Some(err.clone())),
        };
        let ok = matches!(outcome, Ok(code) if (200..300).contains(&code));
        let error =
            error.or_else(|| (!ok).then(|| format!("answered {}", status_code.unwrap_or(0))));
        let (status, next) = if ok {
            (DeliveryStatus::Succeeded, None)
        } else if at >= gives_up_at(d.created_at.max(e.enabled_at)) {
            (DeliveryStatus::Failed, None)
        } else {
            (DeliveryStatus::Pending, Some(at + backoff(d.attempts)))
        };
        if ok {
            crate::metrics::webhook_delivered();
        } else {
            crate::metrics::delivery_failed("webhook");
            tracing::info!(delivery_id = %d.id, endpoint_id = %e.id, attempt = d.attempts + 1, status = ?status_code, error = error.as_deref().unwrap_or_default(), gave_up = status == DeliveryStatus::Failed, "webhook delivery failed");
        }
        Outcome {
            delivery: d,
            endpoint: e,
            at,
            duration_ms,
            status_code,
            error,
            status,
            next,
        }
    }

    /// Posts the body; the answer's status, or why there was none.
    async fn post(
        &self,
        d: &DeliveryRow,
        e: &EndpointRow,
        at: NaiveDateTime,
    ) -> Result<u16, String> {
        if !literal_allowed(&e.url, self.allow_private) {
            return Err("the endpoint's address is not allowed".into());
        }
        let mut secrets = vec![self
            .services
            .vault
            .open(e.id.as_str(), &e.secret())
            .map_err(|_| "the signing secret does not open".to_owned())?];
        if let Some(previous) = e.previous_secret(at) {
            if let Ok(s) = self.services.vault.open(e.id.as_str(), &previous) {
                secrets.push(s);
            }
        }
        let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let t = at.and_utc().timestamp();
        let response = self
            .client
            .post(&e.url)
            .header("Content-Type", "application/json")
            .header(signature::HEADER, signature::header(&refs, t, &d.payload))
            .header("ID06-Event-Id", d.event_id.as_str())
            .header("ID06-Event-Type", d.event_type.as_str())
            .header("ID06-Delivery-Id", d.id.as_str())
            .body(d.payload.clone())
            .send()
            .await
            .map_err(|err| describe(&err))?;
        Ok(response.status().as_u16())
    }
}

/// One attempt, decided but not yet written.
struct Outcome {
    delivery: DeliveryRow,
    endpoint: EndpointRow,
    at: NaiveDateTime,
    duration_ms: i32,
    status_code: Option<i32>,
    error: Option<String>,
    status: DeliveryStatus,
    next: Option<NaiveDateTime>,
}

impl Outcome {
    /// The attempts and their deliveries' new states; after a delivery's last failure, its
    /// endpoint is disabled and its company's administrators are told (once: `disable` is
    /// conditional).
    fn record_all(
        outcomes: &[Outcome],
        conn: &mut persistence::DbConn,
        ctx: &Context,
    ) -> AppResult<()> {
        let ids: Vec<DeliveryAttemptId> = outcomes.iter().map(|_| ids::new()).collect();
        let attempts: Vec<webhooks::Attempt<'_>> = outcomes
            .iter()
            .zip(&ids)
            .map(|(o, id)| webhooks::Attempt {
                id,
                delivery_id: &o.delivery.id,
                at: o.at,
                duration_ms: o.duration_ms,
                status_code: o.status_code,
                error: o.error.as_deref(),
                status: o.status,
                next: o.next,
            })
            .collect();
        webhooks::record_attempts(conn, &attempts)?;
        for o in outcomes {
            if o.status == DeliveryStatus::Failed
                && webhooks::disable(
                    conn,
                    &o.endpoint.id,
                    "deliveries failed for three days",
                    o.at,
                )?
            {
                tell_admins(conn, ctx, &o.endpoint, o.at)?;
            }
        }
        Ok(())
    }
}

/// The error without the URL (it may carry a token of the receiver's).
fn describe(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirected (not followed)"
    } else {
        "request failed"
    };
    kind.to_owned()
}

/// The wait before retry `attempts + 1`: doubling from ten seconds, at most six hours, with up to
/// a quarter more or less of jitter so that retries of many deliveries do not arrive together.
pub fn backoff(attempts: i32) -> TimeDelta {
    use rand::Rng;
    let exp = u32::try_from(attempts).unwrap_or(0).min(20);
    let base = FIRST_DELAY_SECS
        .saturating_mul(1i64 << exp)
        .min(MAX_DELAY_SECS);
    let jitter = rand::rng().random_range(-(base / 4)..=(base / 4));
    TimeDelta::seconds((base + jitter).max(1))
}

fn tell_admins(
    conn: &mut persistence::DbConn,
    ctx: &Context,
    e: &EndpointRow,
    now: NaiveDateTime,
) -> AppResult<()> {
    let admins = memberships::list(conn, &e.company_id)?
        .into_iter()
        .filter(|m| m.member.role == CompanyRole::Admin && m.member.account_id.is_some());
    for m in admins {
        let language =
            crate::accounts::link::language_of(conn, &m.member.email, domain::Language::English)?;
        let notice = crate::emails::Mail::new("email-webhook-disabled")
            .with("url", e.url.as_str())
            .with("id", e.id.to_string())
            .to(&m.member.email, language, None);
        outbox::queue(conn, ctx, notice, now)?;
    }
    Ok(())
}

/// Rounds in flight at once: while one waits for its slowest receiver, another claims and sends
/// (with one, a fan-out to 4 endpoints fell behind on PostgreSQL). Order per object holds across
/// them: a claimed delivery is still pending, so a later event of its object waits for it.
const ROUNDS_AT_ONCE: usize = 2;

/// Runs until the process ends: [`ROUNDS_AT_ONCE`] loops of rounds. A loop starts its next round
/// at once after a round that had work, and waits half a second after one that found none.
/// (Waiting after a round that was not full, as before, let deliveries pile up for half a
/// second at a time under steady traffic, and put that half second on the last delivery's
/// lag.)
pub async fn run(deliverer: Deliverer, stopping: crate::stopping::Stopping) {
    let mut loops = tokio::task::JoinSet::new();
    for _ in 0..ROUNDS_AT_ONCE {
        loops.spawn(rounds(deliverer.clone(), stopping.clone()));
    }
    while let Some(ended) = loops.join_next().await {
        if let Err(e) = ended {
            tracing::error!(error = %e, "webhook worker: a loop of rounds failed");
        }
    }
}

async fn rounds(deliverer: Deliverer, stopping: crate::stopping::Stopping) {
    // A round in progress finishes (each attempt has a timeout) and records what it sent.
    while !stopping.is_set() {
        let worked = match deliverer.round().await {
            Ok(n) => n > 0,
            Err(e) => {
                tracing::warn!(error = %e, "webhook worker: database error");
                false
            }
        };
        if !worked {
            stopping.sleep(Duration::from_millis(500)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        for (attempts, base) in [(0, 10), (1, 20), (3, 80), (30, MAX_DELAY_SECS)] {
            for _ in 0..50 {
                let d = backoff(attempts).num_seconds();
                assert!(
                    d >= base - base / 4 && d <= base + base / 4,
                    "{attempts}: {d}"
                );
            }
        }
    }
}
