//! The email and SMS senders the settings choose.

use app::outbox::email::{EmailSender, SmtpSecurity};
use app::outbox::sms::SmsSender;

use super::{EmailProvider, EmailSettings, Settings, SmsProvider, SmtpTls};

impl EmailSettings {
    pub fn sender(&self) -> Result<EmailSender, String> {
        match self.email_provider {
            EmailProvider::Log => Ok(EmailSender::Log),
            EmailProvider::File => self
                .email_file
                .clone()
                .map(EmailSender::File)
                .ok_or_else(|| "ID06_EMAIL_PROVIDER=file needs ID06_EMAIL_FILE".into()),
            EmailProvider::Smtp => {
                let host = self
                    .smtp_host
                    .as_deref()
                    .ok_or("ID06_EMAIL_PROVIDER=smtp needs ID06_SMTP_HOST")?;
                let security = match self.smtp_tls {
                    SmtpTls::None => SmtpSecurity::None,
                    SmtpTls::Starttls => SmtpSecurity::Starttls,
                    SmtpTls::Tls => SmtpSecurity::Tls,
                };
                let credentials = self.smtp_username.clone().map(|user| {
                    let password = self.smtp_password.clone().unwrap_or_default();
                    (user, password)
                });
                EmailSender::smtp(
                    host,
                    self.smtp_port,
                    security,
                    credentials,
                    &self.email_from,
                )
            }
        }
    }
}

impl Settings {
    pub fn sms_sender(&self) -> Result<SmsSender, String> {
        match self.sms_provider {
            SmsProvider::Log => Ok(SmsSender::Log),
            SmsProvider::File => self
                .sms_file
                .clone()
                .map(SmsSender::File)
                .ok_or_else(|| "ID06_SMS_PROVIDER=file needs ID06_SMS_FILE".into()),
            SmsProvider::Http => SmsSender::gateway(
                self.sms_gateway_url
                    .clone()
                    .ok_or("ID06_SMS_PROVIDER=http needs ID06_SMS_GATEWAY_URL")?,
                self.sms_sender.clone(),
                self.sms_username.clone(),
                self.sms_password.clone(),
            ),
        }
    }
}
