//! Where email goes: the log in development, a file in tests that read it, an SMTP server
//! (lettre) in production and in the SMTP tests.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

/// One email as the outbox holds it.
#[derive(Debug, Clone)]
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The action link in the body (also written separately by the file provider).
    pub link: Option<&'a str>,
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// Plain text: only for a server on loopback.
    None,
    /// A plain connection upgraded (port 587).
    Starttls,
    /// Implicit TLS (port 465).
    Tls,
}

#[derive(Clone)]
pub enum EmailSender {
    /// Development: the message goes to the log (how a demo user reads a link).
    Log,
    /// Tests: one JSON line per message: `to`, `subject`, `body`, `link`.
    File(PathBuf),
    Smtp {
        transport: Box<SmtpTransport>,
        from: Mailbox,
    },
}

impl EmailSender {
    /// An SMTP relay; `credentials` when the server wants a user name and password.
    pub fn smtp(
        host: &str,
        port: u16,
        security: SmtpSecurity,
        credentials: Option<(String, String)>,
        from: &str,
    ) -> Result<EmailSender, String> {
        let builder = match security {
            SmtpSecurity::None => SmtpTransport::builder_dangerous(host),
            SmtpSecurity::Starttls => {
                SmtpTransport::starttls_relay(host).map_err(|e| format!("SMTP host {host}: {e}"))?
            }
            SmtpSecurity::Tls => {
                SmtpTransport::relay(host).map_err(|e| format!("SMTP host {host}: {e}"))?
            }
        };
        let mut builder = builder.port(port).timeout(Some(Duration::from_secs(10)));
        if let Some((user, password)) = credentials {
            builder = builder.credentials(Credentials::new(user, password));
        }
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("ID06_EMAIL_FROM: {e}"))?;
        Ok(EmailSender::Smtp {
            transport: Box::new(builder.build()),
            from,
        })
    }

    pub fn send(&self, m: &Email<'_>) -> Result<(), String> {
        match self {
            EmailSender::Log => {
                // The body holds single-use links; the log provider is for development only.
                tracing::info!(target: "email", to = m.to, subject = m.subject, link = m.link, "email (log provider, development only)\n{}", m.body);
                Ok(())
            }
            EmailSender::File(path) => {
                let line = serde_json::json!({
                    "to": m.to, "subject": m.subject, "body": m.body, "link": m.link,
                })
                .to_string();
                let mut f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(|e| format!("open {}: {e}", path.display()))?;
                f.write_all(format!("{line}\n").as_bytes())
                    .map_err(|e| format!("write {}: {e}", path.display()))
            }
            EmailSender::Smtp { transport, from } => {
                let to =
                    m.to.parse::<Mailbox>()
                        .map_err(|e| format!("recipient: {e}"))?;
                let message = Message::builder()
                    .from(from.clone())
                    .to(to)
                    .subject(m.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(m.body.to_owned())
                    .map_err(|e| format!("message: {e}"))?;
                transport
                    .send(&message)
                    .map(|_| ())
                    .map_err(|e| format!("SMTP: {e}"))
            }
        }
    }
}
