//! What the person is emailed about a document check, in their language.

use crate::emails::Mail;
use crate::outbox::Notification;
use domain::{Language, Verdict};

/// Green, no account yet: the single-use link to create one.
pub fn verified_create_account(
    to: &str,
    language: Language,
    link: &str,
    days: i64,
) -> Notification {
    Mail::new("email-identity-verified-create-account")
        .with("days", days)
        .to(to, language, Some(link))
}

/// Green, with an account: the identity is now the account's.
pub fn verified_attached(to: &str, language: Language, sign_in: &str) -> Notification {
    Mail::new("email-identity-verified-attached").to(to, language, Some(sign_in))
}

/// Green, but the account with this email is verified as someone else: not attached.
pub fn other_persons_account(to: &str, language: Language) -> Notification {
    Mail::new("email-identity-other-persons-account").to(to, language, None)
}

/// Yellow or red: the reason and what to do next.
pub fn not_verified(to: &str, language: Language, outcome: Verdict, reason: &str) -> Notification {
    let outcome = if outcome == Verdict::Yellow {
        "yellow"
    } else {
        "red"
    };
    Mail::new("email-identity-not-verified")
        .with("outcome", outcome)
        .with("reason", reason)
        .to(to, language, None)
}
