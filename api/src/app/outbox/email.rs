//! Where email goes: the log in development, a file in tests that read it, an SMTP server
//! (lettre) in production and in the SMTP tests.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{EmailProvider, EmailSettings, SmtpTls};

/// One email as the outbox holds it.
#[derive(Debug, Clone)]
pub struct Email<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The action link in the body (also written separately by the file provider).
    pub link: Option<&'a str>,
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
    pub fn from_settings(s: &EmailSettings) -> Result<EmailSender, String> {
        match s.email_provider {
            EmailProvider::Log => Ok(EmailSender::Log),
            EmailProvider::File => s
                .email_file
                .clone()
                .map(EmailSender::File)
                .ok_or_else(|| "ID06_EMAIL_PROVIDER=file needs ID06_EMAIL_FILE".into()),
            EmailProvider::Smtp => {
                let host = s
                    .smtp_host
                    .as_deref()
                    .ok_or("ID06_EMAIL_PROVIDER=smtp needs ID06_SMTP_HOST")?;
                let builder = match s.smtp_tls {
                    SmtpTls::None => SmtpTransport::builder_dangerous(host),
                    SmtpTls::Starttls => SmtpTransport::starttls_relay(host)
                        .map_err(|e| format!("SMTP host {host}: {e}"))?,
                    SmtpTls::Tls => {
                        SmtpTransport::relay(host).map_err(|e| format!("SMTP host {host}: {e}"))?
                    }
                };
                let mut builder = builder
                    .port(s.smtp_port)
                    .timeout(Some(Duration::from_secs(10)));
                if let Some(user) = &s.smtp_username {
                    let password = s.smtp_password.clone().unwrap_or_default();
                    builder = builder.credentials(Credentials::new(user.clone(), password));
                }
                let from = s
                    .email_from
                    .parse::<Mailbox>()
                    .map_err(|e| format!("ID06_EMAIL_FROM: {e}"))?;
                Ok(EmailSender::Smtp {
                    transport: Box::new(builder.build()),
                    from,
                })
            }
        }
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
