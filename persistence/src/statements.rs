//! Counts the statements each thread sends to the database, so the trip of a request can say
//! how many it ran: metrics, `make bench`, and tests that hold a use case to its count. Every
//! statement counts, `BEGIN`, `COMMIT` and the pool's liveness check included: each is a round
//! trip on PostgreSQL and a step of SQLite's engine.

use std::cell::Cell;

use diesel::connection::InstrumentationEvent;

thread_local! {
    static SENT: Cell<u64> = const { Cell::new(0) };
}

/// Statements sent on this thread so far.
pub fn sent_on_this_thread() -> u64 {
    SENT.with(Cell::get)
}

/// Runs `f` and returns what it returned with the statements it sent (on this thread).
pub fn counting<T>(f: impl FnOnce() -> T) -> (T, u64) {
    let before = sent_on_this_thread();
    let out = f();
    (out, sent_on_this_thread().saturating_sub(before))
}

/// The instrumentation every pooled connection carries: diesel calls it on the thread that
/// uses the connection.
pub(crate) fn count(event: InstrumentationEvent<'_>) {
    if let InstrumentationEvent::StartQuery { .. } = event {
        SENT.with(|s| s.set(s.get() + 1));
    }
}
