//! The answers' statuses by route, appended to a file when `ID06_STATUS_LOG` is set: what the
//! contract test (`scripts/check_statuses.py`) compares with the statuses the contract documents.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

/// The file, or nothing (the usual case).
pub struct StatusLog(Option<Mutex<File>>);

impl StatusLog {
    pub fn open(path: Option<&Path>) -> Result<StatusLog, String> {
        let Some(path) = path else {
            return Ok(StatusLog(None));
        };
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map(|f| StatusLog(Some(Mutex::new(f))))
            .map_err(|e| format!("status log {}: {e}", path.display()))
    }

    /// One line per answer, in one write (servers of other tests append to the same file); a
    /// write that fails is not the request's concern.
    pub fn record(&self, method: &str, route: &str, status: u16) {
        if let Some(Ok(mut f)) = self.0.as_ref().map(Mutex::lock) {
            let _ = f.write_all(format!("{method} {route} {status}\n").as_bytes());
        }
    }
}
