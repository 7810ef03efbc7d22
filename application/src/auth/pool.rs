//! Password hashing runs on a few dedicated threads (one per core), not on the large blocking
//! pool: each argon2id call needs 19 MiB, and a thread reuses its own memory, so the process holds
//! a bounded amount however many logins arrive, and gives it back when the queue runs dry. The
//! threads run at the lowest priority, so a login storm slows logins, not every other request. A
//! full queue answers 503 rather than piling up.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TryRecvError, TrySendError};
use std::sync::{Arc, Mutex, TryLockError};

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
    let queue = || rx.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    loop {
        // The receiver is shared behind a lock that an idle thread holds while it waits in
        // `recv`; finding the lock taken means no job is waiting (or one is being taken).
        let next = match rx.try_lock() {
            Ok(guard) => guard.try_recv(),
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner().try_recv(),
            Err(TryLockError::WouldBlock) => Err(TryRecvError::Empty),
        };
        let job = match next {
            Ok(job) => job,
            Err(TryRecvError::Disconnected) => return,
            Err(TryRecvError::Empty) => {
                // Nothing waiting: the burst is over, so the argon2 memory goes back.
                super::password::release_memory();
                let next = queue().recv();
                match next {
                    Ok(job) => job,
                    Err(_) => return,
                }
            }
        };
        job();
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

    #[tokio::test]
    async fn gives_argon2_memory_back_when_idle() {
        use crate::auth::password;
        // Two threads, each verifying once at the same time: both hold their 19 MiB, then both
        // give it back once the queue is empty (also the one that waited for the other's lock).
        let pool = PasswordPool::start(2);
        let stored = password::hash("a password").unwrap_or_default();
        // Both jobs meet at the barrier, so they run on the two threads at once.
        let together = Arc::new(std::sync::Barrier::new(2));
        let check = || {
            let (stored, together) = (stored.clone(), Arc::clone(&together));
            pool.run(move || {
                together.wait();
                password::verify("a password", &stored);
                together.wait();
                password::held_bytes()
            })
        };
        let (a, b) = tokio::join!(check(), check());
        let most = a.unwrap_or(0).max(b.unwrap_or(0));
        assert!(most >= 2 * 19 * 1024 * 1024, "{most}");
        let mut held = usize::MAX;
        for _ in 0..200 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            held = password::held_bytes();
            if held == 0 {
                break;
            }
        }
        assert_eq!(held, 0);
    }

    async fn futures_join(pool: &PasswordPool) -> Vec<u64> {
        let mut out = Vec::new();
        for i in 0..4u64 {
            out.push(pool.run(move || i * i).await.unwrap_or(u64::MAX));
        }
        out
    }
}
