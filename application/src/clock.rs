//! The clock every use case reads. Production uses the system clock; tests use an adjustable one
//! and move time forward instead of editing rows.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DurationRound, NaiveDate, NaiveDateTime, TimeDelta};

#[derive(Clone)]
pub struct Clock {
    /// Microseconds added to the system time: 0 in production, moved by tests.
    offset_micros: Arc<AtomicI64>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock {
            offset_micros: Arc::new(AtomicI64::new(0)),
        }
    }

    /// A clock that runs with the system clock but can be moved forward (tests). It keeps
    /// running, so successive events still get increasing times.
    pub fn adjustable() -> (Clock, ClockControl) {
        let clock = Clock::system();
        let control = ClockControl {
            offset_micros: Arc::clone(&clock.offset_micros),
        };
        (clock, control)
    }

    /// Now, UTC, at the precision both databases store (microseconds), so a value read back
    /// equals the value written.
    pub fn now(&self) -> NaiveDateTime {
        let offset = TimeDelta::microseconds(self.offset_micros.load(Ordering::Relaxed));
        let t = chrono::Utc::now().naive_utc() + offset;
        t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// Seconds since the Unix epoch (token claims).
    pub fn unix(&self) -> i64 {
        self.now().and_utc().timestamp()
    }
}

/// Moves an adjustable clock.
#[derive(Clone)]
pub struct ClockControl {
    offset_micros: Arc<AtomicI64>,
}

impl ClockControl {
    pub fn advance(&self, by: TimeDelta) {
        let micros = by.num_microseconds().unwrap_or(i64::MAX);
        self.offset_micros.fetch_add(micros, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_adjustable_clock_moves_forward() {
        let (clock, control) = Clock::adjustable();
        let before = clock.now();
        control.advance(TimeDelta::minutes(10));
        let after = clock.now();
        assert!(after - before >= TimeDelta::minutes(10));
        assert!(after - before < TimeDelta::minutes(11));
        assert!(Clock::system().now() < after);
    }
}
