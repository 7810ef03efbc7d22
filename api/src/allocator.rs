//! The allocator: jemalloc, for every binary and test that links the service. Under load glibc's
//! malloc kept what a burst of requests had freed in per-thread arenas (issue 21's bench: RSS
//! 54 MB idle, 148 MB at the end, all of the growth in malloc's heaps); jemalloc's background
//! thread returns dirty pages to the system within a second (`.cargo/config.toml` has the
//! settings it is built with). Its own counters are served as `/metrics` gauges.

use metrics::gauge;
use tikv_jemalloc_ctl::{epoch, stats};

#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// What the heap holds, in bytes: allocated by the program, in pages it uses (`active`), resident
/// (with the allocator's metadata and pages not yet returned), and mapped but returned (`retained`).
#[derive(Debug, Clone, Copy)]
pub struct Heap {
    pub allocated: usize,
    pub active: usize,
    pub resident: usize,
    pub retained: usize,
}

/// The heap now (jemalloc's counters are refreshed first).
pub fn heap() -> Option<Heap> {
    epoch::advance().ok()?;
    Some(Heap {
        allocated: stats::allocated::read().ok()?,
        active: stats::active::read().ok()?,
        resident: stats::resident::read().ok()?,
        retained: stats::retained::read().ok()?,
    })
}

/// Sets the heap gauges, before the metrics are rendered.
pub fn record() {
    if let Some(h) = heap() {
        gauge!("heap_allocated_bytes").set(h.allocated as f64);
        gauge!("heap_active_bytes").set(h.active as f64);
        gauge!("heap_resident_bytes").set(h.resident as f64);
        gauge!("heap_retained_bytes").set(h.retained as f64);
    }
}
