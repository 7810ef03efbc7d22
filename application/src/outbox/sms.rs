//! Where SMS messages go: the log in development, a file in tests that read it, an HTTP SMS
//! gateway in production (a form POST with HTTP Basic auth).

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub enum SmsSender {
    /// Development: the message goes to the log (the only place a demo user can read the code).
    Log,
    /// Tests: one JSON line per message, `{"to": ..., "message": ...}`.
    File(PathBuf),
    /// A gateway that takes `from`, `to` and `message` as a form, with HTTP Basic auth.
    Http(Box<Gateway>),
}

#[derive(Debug, Clone)]
pub struct Gateway {
    /// The async client, driven from the outbox worker's blocking thread (a blocking client
    /// owns a runtime of its own, which may not be dropped inside the server's).
    client: reqwest::Client,
    url: String,
    from: String,
    username: Option<String>,
    password: Option<String>,
}

impl SmsSender {
    /// A gateway at `url`, sending as `from`, with HTTP Basic auth when a user name is given.
    pub fn gateway(
        url: String,
        from: String,
        username: Option<String>,
        password: Option<String>,
    ) -> Result<SmsSender, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("SMS gateway client: {e}"))?;
        Ok(SmsSender::Http(Box::new(Gateway {
            client,
            url,
            from,
            username,
            password,
        })))
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
            SmsSender::Http(g) => {
                let mut request = g.client.post(&g.url).form(&[
                    ("from", g.from.as_str()),
                    ("to", to),
                    ("message", message),
                ]);
                if let Some(user) = &g.username {
                    request = request.basic_auth(user, g.password.as_deref());
                }
                // The worker sends from a blocking thread of the runtime: wait for the answer there.
                let runtime = tokio::runtime::Handle::try_current()
                    .map_err(|e| format!("SMS gateway: no runtime: {e}"))?;
                // The error names the status or the transport failure, never the message (a code).
                let response = runtime
                    .block_on(request.send())
                    .map_err(|e| format!("SMS gateway: {}", e.without_url()))?;
                if response.status().is_success() {
                    Ok(())
                } else {
                    Err(format!("SMS gateway answered {}", response.status()))
                }
            }
        }
    }
}
