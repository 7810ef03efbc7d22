//! The emails the service sends, each written in its reader's one language: subject and body
//! are the catalogue's texts `<key>-subject` and `<key>-body` (`application/locales`), filled
//! with the values the email names. Each names the company, says what to do next, and carries
//! the link.

use domain::{CompanyRole, Language};

use super::outbox::Notification;
use crate::texts::{self, Arg};

/// An email of the catalogue, with the values its texts name.
#[derive(Debug, Clone)]
pub struct Mail {
    key: &'static str,
    args: Vec<(&'static str, Arg)>,
}

impl Mail {
    /// The email whose texts are `<key>-subject` and `<key>-body`.
    pub fn new(key: &'static str) -> Mail {
        Mail {
            key,
            args: Vec::new(),
        }
    }

    /// A value the texts name.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Mail {
        self.args.push((name, value.into()));
        self
    }

    /// The email to `to`, written in `language`; `link` is the action it asks for (it is also
    /// in the body, as `$link`).
    pub fn to(self, to: &str, language: Language, link: Option<&str>) -> Notification {
        let mut args = self.args;
        if let Some(link) = link {
            args.push(("link", Arg::from(link)));
        }
        let subject = texts::text_with(language, &format!("{}-subject", self.key), &args);
        let mut body = texts::text_with(language, &format!("{}-body", self.key), &args);
        body.push('\n');
        Notification::email(to, subject, body, link.map(str::to_owned))
    }
}

/// Why a person is asked to create an account.
#[derive(Debug, Clone, Copy)]
pub enum AccountReason<'a> {
    /// Invited as a member of a company.
    Member { company: &'a str, role: CompanyRole },
    /// Made a platform operator.
    Operator,
    /// A company ordered a card for a person without an account: the BankID route starts here
    /// (the passport route starts at the identity-verification partner, whose check sends its
    /// own link).
    CardOrdered { company: &'a str },
}

/// The single-use link to create an account.
pub fn account_link(
    to: &str,
    language: Language,
    reason: AccountReason<'_>,
    link: &str,
    days: i64,
) -> Notification {
    let mail = match reason {
        AccountReason::Member { company, role } => Mail::new("email-account-link-member")
            .with("company", company)
            .with("role", role.as_str()),
        AccountReason::Operator => Mail::new("email-account-link-operator"),
        AccountReason::CardOrdered { company } => {
            Mail::new("email-account-link-card-ordered").with("company", company)
        }
    };
    mail.with("days", days).to(to, language, Some(link))
}

/// A person who already has an account was given a role.
pub fn membership_added(
    to: &str,
    language: Language,
    company: &str,
    role: CompanyRole,
    sign_in: &str,
) -> Notification {
    Mail::new("email-membership-added")
        .with("company", company)
        .with("role", role.as_str())
        .to(to, language, Some(sign_in))
}

/// A card was ordered for the person: what to do next (review and approve).
pub fn card_ordered(to: &str, language: Language, company: &str, order_link: &str) -> Notification {
    Mail::new("email-card-ordered")
        .with("company", company)
        .to(to, language, Some(order_link))
}

/// The company changed an order: the person reviews it again.
pub fn order_changed(
    to: &str,
    language: Language,
    company: &str,
    order_link: &str,
) -> Notification {
    Mail::new("email-order-changed")
        .with("company", company)
        .to(to, language, Some(order_link))
}

/// An invitation to enter personal data for an ID06 card.
pub fn invitation(
    to: &str,
    language: Language,
    company: &str,
    link: &str,
    days: i64,
) -> Notification {
    Mail::new("email-invitation")
        .with("company", company)
        .with("days", days)
        .to(to, language, Some(link))
}

/// The invitee answered: a draft order waits for the company to submit it.
pub fn order_ready_to_submit(
    to: &str,
    language: Language,
    company: &str,
    person: &str,
    link: &str,
) -> Notification {
    Mail::new("email-order-ready-to-submit")
        .with("company", company)
        .with("person", person)
        .to(to, language, Some(link))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(n: Notification) -> (String, String, Option<String>) {
        match n {
            Notification::Email {
                subject,
                body,
                link,
                ..
            } => (subject, body, link),
            Notification::Sms { .. } => panic!("an email was expected"),
        }
    }

    #[test]
    fn an_email_is_written_in_one_language_with_its_paragraphs_and_link() {
        let link = "https://portal.example/orders/ord_1";
        let (subject, body, said) = parts(card_ordered(
            "a@example.se",
            Language::Swedish,
            "Bygg AB",
            link,
        ));
        assert_eq!(subject, "Bygg AB har beställt ett ID06-kort åt dig");
        assert!(body.starts_with("Bygg AB har beställt ett ID06-kort åt dig.\n\nNästa steg:"));
        assert!(
            body.contains(&format!("\n{link}\n\nInget konto än?")),
            "{body}"
        );
        assert!(!body.contains("Next step") && body.ends_with('\n'));
        assert_eq!(said.as_deref(), Some(link));

        let (subject, body, _) = parts(card_ordered(
            "a@example.se",
            Language::English,
            "Bygg AB",
            link,
        ));
        assert_eq!(subject, "Bygg AB ordered an ID06 card for you");
        assert!(body.contains("Next step:") && !body.contains("Nästa steg"));
    }

    #[test]
    fn a_role_and_a_count_are_said_in_the_readers_words() {
        let (_, body, _) = parts(account_link(
            "a@example.se",
            Language::Swedish,
            AccountReason::Member {
                company: "Bygg AB",
                role: CompanyRole::Admin,
            },
            "https://portal.example/l",
            7,
        ));
        assert!(body.starts_with("Bygg AB har lagt till dig som administratör i"));
        assert!(body.contains("upphör om 7 dagar"));
        let (_, body, _) = parts(membership_added(
            "a@example.se",
            Language::English,
            "Bygg AB",
            CompanyRole::Orderer,
            "https://portal.example/s",
        ));
        assert!(body.starts_with("Bygg AB added you as an orderer in the ID06 card portal."));
    }
}
