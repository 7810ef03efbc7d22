//! Password hashing runs on a few dedicated threads (one per core), not on the large blocking
//! pool: each argon2id call needs 19 MiB, and a thread reuses its own memory, so the process holds
//! a bounded amount however many logins arrive. The threads run at the lowest priority, so a login
//! storm slows logins, not every other request. A full queue answers 503 rather than piling up.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex};

use crate::error::{AppError, AppResult};

type Job = Box<dyn FnOnce() + Send>;

/// How many verifications may wait; more than that is overload.
const QUEUE: usize = 512;

pub struct PasswordPool {
    jobs: SyncSender<Job>,
}

impl PasswordPool {
    pub fn start(threads: usize) -> PasswordPool {
        let (jobs, rx) = sync_channel::<Job>(QUEUE);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = Arc::clone(&rx);
            let spawned = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || worker(&rx));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password thread");
            }
        }
        PasswordPool { jobs }
    }

    /// Runs `f` on a password thread.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> AppResult<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(AppError::Unavailable("password queue full".into()))
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(AppError::Internal("password threads stopped".into()))
            }
        }
        rx.await
            .map_err(|_| AppError::Internal("password job dropped".into()))
    }
}

fn worker(rx: &Mutex<Receiver<Job>>) {
    use thread_priority::{
        set_thread_priority_and_policy, thread_native_id, NormalThreadSchedulePolicy,
        ThreadPriority, ThreadSchedulePolicy,
    };
    let lowered = set_thread_priority_and_policy(
        thread_native_id(),
        ThreadPriority::Min,
        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Batch),
    );
    if let Err(e) = lowered {
        tracing::debug!(error = ?e, "password thread keeps normal priority");
    }
    loop {
        let job = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_jobs() {
        let pool = PasswordPool::start(2);
        let results = futures_join(&pool).await;
        assert_eq!(results, vec![0, 1, 4, 9]);
    }

    async fn futures_join(pool: &PasswordPool) -> Vec<u64> {
        let mut out = Vec::new();
        for i in 0..4u64 {
            out.push(pool.run(move || i * i).await.unwrap_or(u64::MAX));
        }
        out
    }
}
