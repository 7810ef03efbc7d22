//! The database statements a request sends, summed over its trips whichever threads ran them:
//! the HTTP layer counts each request's (a metric by route), tests hold a use case to its
//! count, and `make bench` reports them per request.

use std::cell::Cell;
use std::future::Future;

tokio::task_local! {
    static IN_TASK: Cell<u64>;
}

/// Runs `f`, counting the statements its trips send; returns them with its output.
pub async fn counted<F: Future>(f: F) -> (F::Output, u64) {
    IN_TASK
        .scope(Cell::new(0), async move {
            let out = f.await;
            (out, IN_TASK.with(Cell::get))
        })
        .await
}

/// Adds a trip's statements to the task's count, when the task is counting.
pub(crate) fn add(sent: u64) {
    let _ = IN_TASK.try_with(|n| n.set(n.get() + sent));
}
