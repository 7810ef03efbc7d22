//! Request quotas per caller: per signed-in person, per machine client (by role), per address for
//! anonymous calls, in fixed windows. Each instance counts in memory and adds its counts to the
//! database about once a second ([`run`]), reading back what every instance counted, so there is
//! no database write per request and the budget holds across instances.
//!
//! How exact: an instance learns the other instances' counts at its next flush, so with N
//! instances a caller can exceed the limit by at most what the other N−1 instances admit for it
//! within one flush interval (about a second); a single instance is exact.
//!
//! Bounded whatever callers do: people and machine clients are counted exactly (their keys come
//! from signed tokens, so there are as many as there are real callers); anonymous callers (one
//! key per address network, see `domain::ClientAddress`) live in a least-recently-seen cache of
//! [`ANONYMOUS_KEYS`], and reach the shared table only once they have used
//! [`SHARED_FROM`] of their budget here, so a flood of one-off addresses costs a fixed amount of
//! memory and no rows. Counters are forgotten when their window ends.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lru::LruCache;

use domain::ClientRole;
use persistence::{request_quotas, Db};

use super::Clock;

/// A budget: `limit` requests per `window` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub limit: u32,
    pub window: u32,
}

/// Who is counted, and under which policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerClass {
    Person,
    Client(ClientRole),
    Anonymous,
}

/// The policies per class.
#[derive(Debug, Clone, Copy)]
pub struct Policies {
    pub person: Policy,
    pub integrator: Policy,
    pub identity_verifier: Policy,
    pub card_producer: Policy,
    pub anonymous: Policy,
}

impl Policies {
    pub fn of(&self, class: CallerClass) -> Policy {
        match class {
            CallerClass::Person => self.person,
            CallerClass::Client(ClientRole::Integrator) => self.integrator,
            CallerClass::Client(ClientRole::IdentityVerifier) => self.identity_verifier,
            CallerClass::Client(ClientRole::CardProducer) => self.card_producer,
            CallerClass::Anonymous => self.anonymous,
        }
    }
}

/// The answer for one request, with what the `RateLimit` headers announce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub policy: Policy,
    pub remaining: u32,
    /// Seconds until the window resets.
    pub reset: u32,
}

/// Anonymous callers tracked per instance: about 100 bytes each, so a few megabytes at most.
pub const ANONYMOUS_KEYS: usize = 32_768;

/// An anonymous caller is shared with the other instances (written to `request_quotas`) once it
/// used this fraction of its budget here: heavy callers are counted across instances, one-off
/// addresses are not written at all.
pub const SHARED_FROM: f64 = 0.125;

#[derive(Debug, Default, Clone, Copy)]
struct Counter {
    window_start: i64,
    window_end: i64,
    /// What every instance had counted at the last flush (this instance's flushed hits included).
    known: u32,
    /// Counted here since the last flush.
    pending: u32,
}

/// Exact counters for people and clients; a bounded cache for anonymous callers.
struct Counters {
    exact: HashMap<String, Counter>,
    anonymous: LruCache<String, Counter>,
}

impl Counters {
    fn get_mut(&mut self, key: &str) -> Option<&mut Counter> {
        match self.exact.get_mut(key) {
            Some(c) => Some(c),
            None => self.anonymous.peek_mut(key),
        }
    }
}

/// The counters of this instance.
pub struct Quotas {
    policies: Policies,
    counters: Mutex<Counters>,
}

impl Quotas {
    pub fn new(policies: Policies) -> Quotas {
        Quotas::with_anonymous_keys(policies, ANONYMOUS_KEYS)
    }

    fn with_anonymous_keys(policies: Policies, keys: usize) -> Quotas {
        Quotas {
            policies,
            counters: Mutex::new(Counters {
                exact: HashMap::new(),
                anonymous: LruCache::new(NonZeroUsize::new(keys).unwrap_or(NonZeroUsize::MIN)),
            }),
        }
    }

    /// How many callers this instance tracks: (people and clients, anonymous).
    pub fn tracked(&self) -> (usize, usize) {
        self.counters
            .lock()
            .map(|c| (c.exact.len(), c.anonymous.len()))
            .unwrap_or_default()
    }

    /// Counts one request of `key` (if admitted) and decides.
    pub fn admit(&self, key: &str, class: CallerClass, now: i64) -> Decision {
        let policy = self.policies.of(class);
        let window = i64::from(policy.window.max(1));
        let start = now.div_euclid(window) * window;
        let reset = u32::try_from(start + window - now).unwrap_or(policy.window);
        let Ok(mut counters) = self.counters.lock() else {
            // A poisoned lock must not take the API down: admit, and say nothing is left.
            return Decision {
                allowed: true,
                policy,
                remaining: 0,
                reset,
            };
        };
        let c = match class {
            CallerClass::Anonymous => counters
                .anonymous
                .get_or_insert_mut(key.to_owned(), Counter::default),
            _ => counters.exact.entry(key.to_owned()).or_default(),
        };
        if c.window_start != start {
            *c = Counter {
                window_start: start,
                window_end: start + window,
                known: 0,
                pending: 0,
            };
        }
        let used = c.known.saturating_add(c.pending);
        if used >= policy.limit {
            return Decision {
                allowed: false,
                policy,
                remaining: 0,
                reset,
            };
        }
        c.pending += 1;
        Decision {
            allowed: true,
            policy,
            remaining: policy.limit - used - 1,
            reset,
        }
    }

    /// The pending counts, taken for a flush: (key, window start, hits).
    fn take_pending(&self, now: i64) -> Vec<(String, i64, u32)> {
        let Ok(mut counters) = self.counters.lock() else {
            return Vec::new();
        };
        // A counter whose window ended is forgotten: the next request starts a new one.
        counters.exact.retain(|_, c| c.window_end > now);
        counters.anonymous.retain(|_, c| c.window_end > now);
        let anonymous = self.policies.anonymous;
        let shared_from = (f64::from(anonymous.limit) * SHARED_FROM).ceil() as u32;
        let take = |(k, c): (&String, &mut Counter)| {
            let hits = std::mem::take(&mut c.pending);
            (k.clone(), c.window_start, hits)
        };
        let mut out: Vec<_> = counters
            .exact
            .iter_mut()
            .filter(|(_, c)| c.pending > 0)
            .map(take)
            .collect();
        out.extend(
            counters
                .anonymous
                .iter_mut()
                .filter(|(_, c)| c.pending > 0 && c.known + c.pending >= shared_from.max(1))
                .map(take),
        );
        out
    }

    /// What every instance counted, after a flush of `window_start`.
    fn learn(&self, key: &str, window_start: i64, total: u32) {
        if let Ok(mut counters) = self.counters.lock() {
            if let Some(c) = counters
                .get_mut(key)
                .filter(|c| c.window_start == window_start)
            {
                c.known = c.known.max(total);
            }
        }
    }

    /// Adds the pending counts to the database and learns the totals. Counts that cannot be
    /// written are kept for the next flush.
    pub fn flush(&self, db: &Db, now: i64) {
        let pending = self.take_pending(now);
        if pending.is_empty() {
            return;
        }
        let counts: Vec<(&str, i64, i32)> = pending
            .iter()
            .map(|(k, start, hits)| (k.as_str(), *start, i32::try_from(*hits).unwrap_or(i32::MAX)))
            .collect();
        let written = db.write(|conn| request_quotas::add_all(conn, &counts));
        match written {
            Ok(totals) => {
                let starts: std::collections::HashMap<&str, i64> =
                    counts.iter().map(|(k, start, _)| (*k, *start)).collect();
                for (k, total) in &totals {
                    if let Some(start) = starts.get(k.as_str()) {
                        self.learn(k, *start, u32::try_from(*total).unwrap_or(0));
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "quotas: flush failed; counts kept for the next one");
                if let Ok(mut counters) = self.counters.lock() {
                    for (k, start, hits) in pending {
                        if let Some(c) = counters.get_mut(&k).filter(|c| c.window_start == start) {
                            c.pending += hits;
                        }
                    }
                }
            }
        }
    }
}

/// Flushes every `every` until the process ends.
pub async fn run(
    quotas: Arc<Quotas>,
    db: Db,
    clock: Clock,
    every: Duration,
    stopping: crate::stopping::Stopping,
) {
    loop {
        let last = stopping.sleep(every).await;
        let (q, d, c) = (Arc::clone(&quotas), db.clone(), clock.clone());
        if let Err(e) = tokio::task::spawn_blocking(move || q.flush(&d, c.unix())).await {
            tracing::error!(error = %e, "quotas: flush task failed");
        }
        // Stopping: the counts of this instance's last requests were flushed above.
        if last {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotas(limit: u32) -> Quotas {
        let p = Policy { limit, window: 60 };
        Quotas::new(Policies {
            person: p,
            integrator: p,
            identity_verifier: p,
            card_producer: p,
            anonymous: p,
        })
    }

    #[test]
    fn a_window_admits_its_limit_and_then_resets() {
        let q = quotas(3);
        let d: Vec<(bool, u32)> = (0..4)
            .map(|_| q.admit("a", CallerClass::Person, 120))
            .map(|d| (d.allowed, d.remaining))
            .collect();
        assert_eq!(d, vec![(true, 2), (true, 1), (true, 0), (false, 0)]);
        assert_eq!(q.admit("a", CallerClass::Person, 150).reset, 30);
        assert!(
            q.admit("b", CallerClass::Person, 121).allowed,
            "another caller has its own budget"
        );
        assert!(
            q.admit("a", CallerClass::Person, 180).allowed,
            "the next window"
        );
    }

    #[test]
    fn other_instances_counts_are_learned_at_a_flush() {
        let q = quotas(10);
        assert!(q.admit("a", CallerClass::Person, 60).allowed);
        let taken = q.take_pending(60);
        assert_eq!(taken, vec![("a".to_owned(), 60, 1)]);
        // The database says every instance together counted 10 already.
        q.learn("a", 60, 10);
        assert!(!q.admit("a", CallerClass::Person, 61).allowed);
        // A late answer for a window already past changes nothing.
        q.learn("a", 0, 99);
        assert!(q.admit("a", CallerClass::Person, 120).allowed);
    }

    #[test]
    fn anonymous_callers_cost_a_bounded_amount_and_people_stay_exact() {
        let p = Policy {
            limit: 80,
            window: 60,
        };
        let q = Quotas::with_anonymous_keys(
            Policies {
                person: p,
                integrator: p,
                identity_verifier: p,
                card_producer: p,
                anonymous: p,
            },
            3,
        );
        for i in 0..1000 {
            q.admit(&format!("addr:198.51.100.{i}"), CallerClass::Anonymous, 60);
            q.admit(&format!("acc_{i}"), CallerClass::Person, 60);
        }
        assert_eq!(q.tracked(), (1000, 3), "people exact, anonymous bounded");
        // The most recent anonymous caller keeps its count: the least recently seen went.
        for _ in 0..79 {
            q.admit("addr:198.51.100.999", CallerClass::Anonymous, 61);
        }
        assert!(
            !q.admit("addr:198.51.100.999", CallerClass::Anonymous, 62)
                .allowed
        );
        // One-off addresses are not written to the shared table; the heavy one and people are.
        let taken = q.take_pending(62);
        assert!(taken.iter().any(|(k, _, _)| k == "addr:198.51.100.999"));
        assert!(!taken.iter().any(|(k, _, _)| k == "addr:198.51.100.998"));
        assert_eq!(
            taken
                .iter()
                .filter(|(k, _, _)| k.starts_with("acc_"))
                .count(),
            1000
        );
        // Window over: everything is forgotten.
        let _ = q.take_pending(120);
        assert_eq!(q.tracked(), (0, 0));
    }
}
