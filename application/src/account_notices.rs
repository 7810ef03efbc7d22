//! What a person is told when their credentials change (ASVS 2.2.3): a notice to the places an
//! attacker who took over the account cannot silence — the account's email, and for a new mobile
//! number, the old one. No notice carries a secret.

use super::outbox::Notification;

const NOT_YOU_EN: &str = "If this was not you, reset your password at once and contact your company's ID06 administrator.";
const NOT_YOU_SV: &str =
    "Om det inte var du: återställ ditt lösenord direkt och kontakta din ID06-administratör.";

/// The password was changed while signed in; other sessions were ended.
pub fn password_changed(to: &str) -> Notification {
    Notification::email(
        to,
        "Your ID06 password was changed / Ditt ID06-lösenord har ändrats",
        format!(
            "The password of your ID06 account was changed. You were signed out everywhere \
             else.\n\n{NOT_YOU_EN}\n\n---\n\nLösenordet till ditt ID06-konto har ändrats. Du har \
             loggats ut överallt annars.\n\n{NOT_YOU_SV}\n"
        ),
        None,
    )
}

/// The password was set from a reset link; every session was ended.
pub fn password_reset_done(to: &str) -> Notification {
    Notification::email(
        to,
        "Your ID06 password was reset / Ditt ID06-lösenord har återställts",
        String::from(
            "A new password was set for your ID06 account with a reset link. You were signed out \
             everywhere.\n\nIf this was not you, contact your company's ID06 administrator.\n\n\
             ---\n\nEtt nytt lösenord har satts för ditt ID06-konto med en återställningslänk. Du \
             har loggats ut överallt.\n\nOm det inte var du: kontakta din ID06-administratör.\n",
        ),
        None,
    )
}

/// The link to set a new password.
pub fn password_reset_link(to: &str, link: &str, minutes: i64) -> Notification {
    Notification::email(
        to,
        "Reset your ID06 password / Återställ ditt ID06-lösenord",
        format!(
            "Someone asked to reset the password of your ID06 account.\n\nNext step: choose a new \
             password here:\n{link}\n\nThe link works once and expires in {minutes} minutes. \
             Signing in still needs the code sent to your mobile. If you did not ask for this, \
             ignore this email.\n\n---\n\nNågon har bett om att återställa lösenordet till ditt \
             ID06-konto.\n\nNästa steg: välj ett nytt lösenord här:\n{link}\n\nLänken fungerar en \
             gång och upphör om {minutes} minuter. Inloggning kräver fortfarande koden som skickas \
             till din mobil. Om det inte var du kan du bortse från detta mejl.\n"
        ),
        Some(link.to_owned()),
    )
}

/// The mobile number was changed: told by email and to the old number.
pub fn phone_changed(to_email: &str, old_phone: &str, new_hint: &str) -> [Notification; 2] {
    [
        Notification::email(
            to_email,
            "Your ID06 mobile number was changed / Ditt mobilnummer i ID06 har ändrats",
            format!(
                "Sign-in codes for your ID06 account now go to {new_hint}. You were signed out \
                 everywhere else.\n\n{NOT_YOU_EN}\n\n---\n\nInloggningskoder för ditt ID06-konto \
                 skickas nu till {new_hint}. Du har loggats ut överallt annars.\n\n{NOT_YOU_SV}\n"
            ),
            None,
        ),
        Notification::Sms {
            to: old_phone.to_owned(),
            body: format!(
                "ID06: sign-in codes now go to {new_hint}. If this was not you, reset your password \
                 and contact your ID06 administrator."
            ),
        },
    ]
}
