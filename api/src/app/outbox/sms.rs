//! Where SMS messages go: the log in development, a file in tests.

use std::io::Write;
use std::path::PathBuf;

use crate::config::SmsProvider;

#[derive(Debug, Clone)]
pub enum SmsSender {
    /// Development: the message goes to the log (the only place a demo user can read the code).
    Log,
    /// Tests: one JSON line per message, `{"to": ..., "message": ...}`.
    File(PathBuf),
}

impl SmsSender {
    pub fn from_settings(
        provider: SmsProvider,
        file: Option<PathBuf>,
    ) -> Result<SmsSender, String> {
        match (provider, file) {
            (SmsProvider::Log, _) => Ok(SmsSender::Log),
            (SmsProvider::File, Some(path)) => Ok(SmsSender::File(path)),
            (SmsProvider::File, None) => Err("ID06_SMS_PROVIDER=file needs ID06_SMS_FILE".into()),
        }
    }

    pub fn send(&self, to: &str, message: &str) -> Result<(), String> {
        match self {
            SmsSender::Log => {
                tracing::info!(target: "sms", to, message, "SMS (log provider, development only)");
                Ok(())
            }
            SmsSender::File(path) => {
                let line = serde_json::json!({ "to": to, "message": message }).to_string();
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("open {}: {e}", path.display()))?;
                // One write of the whole line, so concurrent readers never see half a message.
                f.write_all(format!("{line}\n").as_bytes())
                    .map_err(|e| format!("write {}: {e}", path.display()))?;
                f.flush().map_err(|e| format!("flush: {e}"))
            }
        }
    }
}
