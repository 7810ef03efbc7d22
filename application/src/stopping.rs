//! Shutting down: the signal the background workers watch. An instance told to stop (SIGTERM in
//! a rolling restart) lets each worker finish the round it is in and hand back what it claimed
//! but did not start, instead of leaving claims to lapse while other instances wait.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

#[derive(Clone, Default)]
pub struct Stopping {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    flag: AtomicBool,
    bell: Notify,
}

impl Stopping {
    pub fn stop(&self) {
        self.inner.flag.store(true, Ordering::SeqCst);
        self.inner.bell.notify_waiters();
    }

    pub fn is_set(&self) -> bool {
        self.inner.flag.load(Ordering::SeqCst)
    }

    /// Waits `d`, or less if stopping begins; true when stopping.
    pub async fn sleep(&self, d: Duration) -> bool {
        let notified = self.inner.bell.notified();
        tokio::pin!(notified);
        // Registered before the flag is read, so a stop in between is not missed.
        notified.as_mut().enable();
        if self.is_set() {
            return true;
        }
        tokio::select! {
            () = &mut notified => true,
            () = tokio::time::sleep(d) => self.is_set(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_stop_ends_a_sleep_at_once() {
        let s = Stopping::default();
        assert!(!s.sleep(Duration::from_millis(1)).await);
        let t = s.clone();
        let waiter = tokio::spawn(async move { t.sleep(Duration::from_secs(60)).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        s.stop();
        let stopped = tokio::time::timeout(Duration::from_secs(5), waiter).await;
        assert!(matches!(stopped, Ok(Ok(true))));
        assert!(s.sleep(Duration::from_secs(60)).await);
    }
}
