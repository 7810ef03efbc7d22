//! The text of every email, in English and Swedish. Each names the company, says what to do next,
//! and carries the link.

use domain::CompanyRole;

use super::outbox::Notification;

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
    /// A company ordered a card for a person without an account: the BankID route starts here
    /// (the passport route starts at the identity-verification partner, whose check sends its
    /// own link).
    CardOrdered { company: &'a str },
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
        AccountReason::CardOrdered { company } => (
            format!(
                "{company} has ordered an ID06 card for you. With Swedish BankID, create your \
                 account and approve the order with BankID. Without BankID, identify with your \
                 passport or national ID card at an identity-verification partner first: you \
                 then get a link of its own."
            ),
            format!(
                "{company} har beställt ett ID06-kort åt dig. Med svenskt BankID skapar du ditt \
                 konto och godkänner beställningen med BankID. Utan BankID identifierar du dig \
                 först med pass eller nationellt id-kort hos en id-kontrollpartner: då får du en \
                 egen länk."
            ),
        ),
    };
    let body = format!(
        "{what_en}\n\nNext step: create your account (password and mobile number) here:\n{link}\n\n\
         The link works once and expires in {days} days.\n\n---\n\n{what_sv}\n\n\
         Nästa steg: skapa ditt konto (lösenord och mobilnummer) här:\n{link}\n\n\
         Länken fungerar en gång och upphör om {days} dagar.\n"
    );
    Notification::email(
        to,
        "Create your ID06 account / Skapa ditt ID06-konto",
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
    Notification::email(
        to,
        format!("You were added to {company} / Du har lagts till i {company}"),
        body,
        Some(sign_in.to_owned()),
    )
}

/// A card was ordered for the person: what to do next (review and approve).
pub fn card_ordered(to: &str, company: &str, order_link: &str) -> Notification {
    let body = format!(
        "{company} has ordered an ID06 card for you.\n\nNext step: sign in and review the order — \
         check that your name, date of birth and nationality match your passport, national ID card \
         or BankID — then accept it (or reject it with a reason):\n{order_link}\n\nNo account yet? \
         A separate email brings the link to create it (then approve with BankID), or identify \
         with your passport or national ID card at an identity-verification partner first; the \
         order is waiting for you.\n\n---\n\n{company} har beställt ett ID06-kort åt dig.\n\nNästa steg: logga in och \
         granska beställningen — kontrollera att namn, födelsedatum och nationalitet stämmer med \
         ditt pass, nationella id-kort eller BankID — och godkänn den (eller avvisa den med en \
         anledning):\n{order_link}\n"
    );
    Notification::email(
        to,
        format!(
            "{company} ordered an ID06 card for you / {company} har beställt ett ID06-kort åt dig"
        ),
        body,
        Some(order_link.to_owned()),
    )
}

/// The company changed an order: the person reviews it again.
pub fn order_changed(to: &str, company: &str, order_link: &str) -> Notification {
    let body = format!(
        "{company} has changed your ID06 card order.\n\nNext step: sign in and review the order \
         again, then accept it (or reject it with a reason):\n{order_link}\n\n---\n\n{company} har \
         ändrat din ID06-kortbeställning.\n\nNästa steg: logga in och granska beställningen igen, \
         och godkänn den (eller avvisa den med en anledning):\n{order_link}\n"
    );
    Notification::email(
        to,
        "Review your changed ID06 card order / Granska din ändrade ID06-beställning",
        body,
        Some(order_link.to_owned()),
    )
}

/// An invitation to enter personal data for an ID06 card.
pub fn invitation(to: &str, company: &str, link: &str, days: i64) -> Notification {
    let body = format!(
        "{company} invites you to enter your personal data for an ID06 card.\n\nNext step: open \
         the link and enter your name, date of birth, nationality and mobile number exactly as in \
         your passport, national ID card or BankID:\n{link}\n\nThe link works once and expires in \
         {days} days.\n\n---\n\n{company} bjuder in dig att fylla i dina personuppgifter för ett \
         ID06-kort.\n\nNästa steg: öppna länken och fyll i namn, födelsedatum, nationalitet och \
         mobilnummer precis som i ditt pass, nationella id-kort eller BankID:\n{link}\n\nLänken \
         fungerar en gång och upphör om {days} dagar.\n"
    );
    Notification::email(
        to,
        format!(
            "{company}: enter your data for an ID06 card / fyll i dina uppgifter för ett ID06-kort"
        ),
        body,
        Some(link.to_owned()),
    )
}

/// The invitee answered: a draft order waits for the company to submit it.
pub fn order_ready_to_submit(to: &str, company: &str, person: &str, link: &str) -> Notification {
    let body = format!(
        "{person} has entered their data for an ID06 card from {company}.\n\nNext step: check the \
         draft order and submit it to {person} for approval:\n{link}\n\n---\n\n{person} har fyllt \
         i sina uppgifter för ett ID06-kort från {company}.\n\nNästa steg: kontrollera \
         utkastet och skicka beställningen till {person} för godkännande:\n{link}\n"
    );
    Notification::email(
        to,
        "An ID06 order is ready to submit / En ID06-beställning är redo att skickas",
        body,
        Some(link.to_owned()),
    )
}
