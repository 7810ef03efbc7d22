//! The text of every email, in English and Swedish. Each names the company, says what to do next,
//! and carries the link.

use domain::CompanyRole;

use super::outbox::Notification;

fn email(to: &str, subject: String, body: String, link: Option<String>) -> Notification {
    Notification::Email {
        to: to.to_owned(),
        subject,
        body,
        link,
    }
}

fn role_words(role: CompanyRole) -> (&'static str, &'static str) {
    match role {
        CompanyRole::Admin => ("an administrator", "administratör"),
        CompanyRole::Orderer => ("an orderer", "beställare"),
    }
}

/// Why a person is asked to create an account.
#[derive(Debug, Clone, Copy)]
pub enum AccountReason<'a> {
    /// Invited as a member of a company.
    Member { company: &'a str, role: CompanyRole },
    /// Made a platform operator.
    Operator,
}

/// The single-use link to create an account.
pub fn account_link(to: &str, reason: AccountReason<'_>, link: &str, days: i64) -> Notification {
    let (what_en, what_sv) = match reason {
        AccountReason::Member { company, role } => {
            let (en, sv) = role_words(role);
            (
                format!("{company} added you as {en} in the ID06 card portal."),
                format!("{company} har lagt till dig som {sv} i ID06-kortportalen."),
            )
        }
        AccountReason::Operator => (
            "You were made an operator of the ID06 card portal.".to_owned(),
            "Du har blivit operatör i ID06-kortportalen.".to_owned(),
        ),
    };
    let body = format!(
        "{what_en}\n\nNext step: create your account (password and mobile number) here:\n{link}\n\n\
         The link works once and expires in {days} days.\n\n---\n\n{what_sv}\n\n\
         Nästa steg: skapa ditt konto (lösenord och mobilnummer) här:\n{link}\n\n\
         Länken fungerar en gång och upphör om {days} dagar.\n"
    );
    email(
        to,
        "Create your ID06 account / Skapa ditt ID06-konto".into(),
        body,
        Some(link.to_owned()),
    )
}

/// A person who already has an account was given a role.
pub fn membership_added(to: &str, company: &str, role: CompanyRole, sign_in: &str) -> Notification {
    let (en, sv) = role_words(role);
    let body = format!(
        "{company} added you as {en} in the ID06 card portal.\n\nNext step: sign in with your \
         existing account:\n{sign_in}\n\n---\n\n{company} har lagt till dig som {sv} i \
         ID06-kortportalen.\n\nNästa steg: logga in med ditt befintliga konto:\n{sign_in}\n"
    );
    email(
        to,
        format!("You were added to {company} / Du har lagts till i {company}"),
        body,
        Some(sign_in.to_owned()),
    )
}
