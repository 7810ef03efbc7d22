//! What the cardholder is told as the card travels: shipped (carrier and tracking), and delivered
//! (next step: activate it). In the cardholder's language.

use domain::Language;

use crate::emails::Mail;
use crate::outbox::Notification;

/// The card was handed to the carrier.
pub fn shipped(
    to: &str,
    language: Language,
    company: &str,
    carrier: &str,
    tracking: &str,
    link: &str,
) -> Notification {
    Mail::new("email-card-shipped")
        .with("company", company)
        .with("carrier", carrier)
        .with("tracking", tracking)
        .to(to, language, Some(link))
}

/// The card reached the delivery address: it can be activated.
pub fn ready_to_activate(to: &str, language: Language, company: &str, link: &str) -> Notification {
    Mail::new("email-card-delivered")
        .with("company", company)
        .to(to, language, Some(link))
}
