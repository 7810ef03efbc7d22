//! Collects pending BankID orders, server side, about every two seconds each: claims the due
//! attempts (any instance may; each attempt is claimed by one), calls `/collect` for each, and
//! records the answer. An attempt nobody polls any more is abandoned and cancelled at BankID; one
//! BankID never answered for is given up.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use domain::bankid::HintCode;
use domain::BankIdAttemptStatus;
use persistence::bankid_attempts::{self as attempts, Ending};
use persistence::{BankIdAttemptRow, Db};

use super::attempt::{self, failure, ABANDONED_AFTER, GIVE_UP_AFTER};
use super::client::{BankId, BankIdError, Collected};
use super::finish;
use crate::vault::Vault;
use crate::{blocking, AppResult, Clock};

const BATCH: i64 = 64;
/// A claim outlives a slow collect (the client's timeout is 10 s) with room to spare.
const CLAIM: TimeDelta = TimeDelta::seconds(30);

#[derive(Clone)]
pub struct Collector {
    pub db: Db,
    pub clock: Clock,
    pub bankid: Arc<dyn BankId>,
    /// Opens what an attempt keeps sealed, seals the evidence it becomes.
    pub vault: Arc<Vault>,
    /// Between two collects of one attempt.
    pub interval: Duration,
}

impl Collector {
    /// One round: claims due attempts and settles each; returns how many were claimed.
    pub async fn round(&self) -> AppResult<usize> {
        let now = self.clock.now();
        let db = self.db.clone();
        let claimed = blocking(move || {
            Ok(db.write(|conn| attempts::claim_due(conn, now, now + CLAIM, BATCH))?)
        })
        .await?;
        let n = claimed.len();
        let mut tasks = tokio::task::JoinSet::new();
        for row in claimed {
            let me = self.clone();
            tasks.spawn(async move {
                let id = row.id.clone();
                if let Err(e) = me.settle(row).await {
                    // The claim lapses and the next round tries again.
                    tracing::warn!(error = %e, attempt_id = %id, "BankID collect not recorded");
                }
            });
        }
        while tasks.join_next().await.is_some() {}
        Ok(n)
    }

    async fn settle(&self, row: BankIdAttemptRow) -> AppResult<()> {
        let now = self.clock.now();
        if now - row.last_polled_at > ABANDONED_AFTER {
            return self.end(row, failure::ABANDONED).await;
        }
        if now - row.started_at > GIVE_UP_AFTER {
            return self.end(row, failure::BANKID_UNAVAILABLE).await;
        }
        let collected = self.bankid.collect(&row.order_ref).await;
        let next =
            self.clock.now() + TimeDelta::from_std(self.interval).unwrap_or(TimeDelta::seconds(2));
        let (db, clock, vault) = (self.db.clone(), self.clock.clone(), self.vault.clone());
        blocking(move || {
            db.write(|conn| {
                let now = clock.now();
                match collected {
                    Ok(Collected::Pending(hint)) => {
                        attempts::still_pending(conn, &row.id, Some(hint.as_str()), next, now)?;
                    }
                    Ok(Collected::Failed(hint)) => {
                        failed(conn, &row, &hint, now)?;
                    }
                    Ok(Collected::Complete(done)) => {
                        finish::complete(conn, &vault, &row, &done, now)?;
                    }
                    Err(BankIdError::Api { code, .. }) if !code.retryable() => {
                        // BankID no longer knows the order (or refuses it): it has ended.
                        tracing::warn!(attempt_id = %row.id, %code, "BankID refused a collect");
                        attempts::finish(
                            conn,
                            &row.id,
                            &Ending {
                                failure_code: Some(code.as_str()),
                                ..Ending::of(BankIdAttemptStatus::Failed)
                            },
                            now,
                        )?;
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, attempt_id = %row.id, "BankID collect failed; trying again");
                        attempts::still_pending(conn, &row.id, row.hint_code.as_deref(), next, now)?;
                    }
                }
                Ok::<_, crate::AppError>(())
            })
        })
        .await
    }

    /// Ends an attempt this side decided to end, and cancels it at BankID (best effort: BankID
    /// that never answered may not answer this either; its order then expires there).
    async fn end(&self, row: BankIdAttemptRow, why: &'static str) -> AppResult<()> {
        let db = self.db.clone();
        let now = self.clock.now();
        let r = row.clone();
        let ended = blocking(move || {
            db.write(|conn| {
                if why == failure::ABANDONED {
                    attempt::cancel(conn, &r, why, now)
                } else {
                    Ok(attempts::finish(
                        conn,
                        &r.id,
                        &Ending {
                            failure_code: Some(why),
                            ..Ending::of(BankIdAttemptStatus::Failed)
                        },
                        now,
                    )?)
                }
            })
        })
        .await?;
        if ended {
            tracing::info!(event = "bankid_ended", attempt_id = %row.id, reason = why, "BankID identification ended here");
            attempt::cancel_at_bankid(self.bankid.as_ref(), &[row.order_ref]).await;
        }
        Ok(())
    }
}

fn failed(
    conn: &mut persistence::DbConn,
    row: &BankIdAttemptRow,
    hint: &HintCode,
    now: chrono::NaiveDateTime,
) -> AppResult<bool> {
    tracing::info!(event = "bankid_failed", attempt_id = %row.id, hint = %hint, "BankID identification failed");
    Ok(attempts::finish(
        conn,
        &row.id,
        &Ending {
            hint_code: Some(hint.as_str()),
            failure_code: Some(hint.as_str()),
            ..Ending::of(BankIdAttemptStatus::Failed)
        },
        now,
    )?)
}

/// Collects until stopping (a round in progress finishes and releases its claims by recording
/// each answer), ticking a few times per interval so a new attempt's first collect comes soon.
pub async fn run(collector: Collector, stopping: crate::stopping::Stopping) {
    let tick =
        (collector.interval / 4).clamp(Duration::from_millis(25), Duration::from_millis(500));
    while !stopping.is_set() {
        if let Err(e) = collector.round().await {
            tracing::warn!(error = %e, "BankID collect round failed");
        }
        stopping.sleep(tick).await;
    }
}
