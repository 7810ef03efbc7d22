//! What a person is told when their credentials change (ASVS 2.2.3): a notice to the places an
//! attacker who took over the account cannot silence — the account's email, and for a new mobile
//! number, the old one. No notice carries a secret. Each is in the account's language.

use domain::Language;

use super::emails::Mail;
use super::outbox::Notification;
use super::texts::Text;

/// The password was changed while signed in; other sessions were ended.
pub fn password_changed(to: &str, language: Language) -> Notification {
    Mail::new("email-password-changed").to(to, language, None)
}

/// The password was set from a reset link; every session was ended.
pub fn password_reset_done(to: &str, language: Language) -> Notification {
    Mail::new("email-password-reset-done").to(to, language, None)
}

/// The link to set a new password.
pub fn password_reset_link(to: &str, language: Language, link: &str, minutes: i64) -> Notification {
    Mail::new("email-password-reset-link")
        .with("minutes", minutes)
        .to(to, language, Some(link))
}

/// The mobile number was changed: told by email and to the old number.
pub fn phone_changed(
    to_email: &str,
    old_phone: &str,
    new_hint: &str,
    language: Language,
) -> [Notification; 2] {
    [
        Mail::new("email-phone-changed")
            .with("phone", new_hint)
            .to(to_email, language, None),
        Notification::Sms {
            to: old_phone.to_owned(),
            body: Text::new("sms-phone-changed")
                .with("phone", new_hint)
                .render(language),
        },
    ]
}
