//! What the person is emailed about a document check, in English and Swedish.

use crate::outbox::Notification;
use domain::Verdict;

/// Green, no account yet: the single-use link to create one.
pub fn verified_create_account(to: &str, link: &str, days: i64) -> Notification {
    Notification::email(
        to,
        "Your identity was verified: create your ID06 account / Din identitet är verifierad: skapa ditt ID06-konto",
        format!(
            "Your identity document was checked and accepted.\n\nNext step: create your account \
             here. You will be asked for the personal identity number (or your document's number) \
             exactly as your employer entered it on your card order:\n{link}\n\nThe link works \
             once and expires in {days} days.\n\n---\n\nDin identitetshandling har kontrollerats \
             och godkänts.\n\nNästa steg: skapa ditt konto här. Du ombeds ange personnumret (eller \
             handlingens nummer) precis som din arbetsgivare angav det i kortbeställningen:\n\
             {link}\n\nLänken fungerar en gång och upphör om {days} dagar.\n"
        ),
        Some(link.to_owned()),
    )
}

/// Green, with an account: the identity is now the account's.
pub fn verified_attached(to: &str, sign_in: &str) -> Notification {
    Notification::email(
        to,
        "Your identity was verified / Din identitet är verifierad",
        format!(
            "Your identity document was checked and accepted, and your ID06 account now carries \
             the verified identity.\n\nNext step: sign in and review your card order:\n{sign_in}\n\n\
             ---\n\nDin identitetshandling har kontrollerats och godkänts, och ditt ID06-konto bär \
             nu den verifierade identiteten.\n\nNästa steg: logga in och granska din \
             kortbeställning:\n{sign_in}\n"
        ),
        Some(sign_in.to_owned()),
    )
}

/// Green, but the account with this email is verified as someone else: not attached.
pub fn other_persons_account(to: &str) -> Notification {
    Notification::email(
        to,
        "Your identity check could not be added / Din ID-kontroll kunde inte läggas till",
        "An identity document was checked for this email address, but your ID06 account is \
         already verified as another person, so the check was not added to it. If you did not \
         visit an identity-verification partner, or the details are wrong, contact ID06 \
         support.\n\n---\n\nEn identitetshandling har kontrollerats för den här e-postadressen, \
         men ditt ID06-konto är redan verifierat som en annan person, så kontrollen lades inte \
         till. Om du inte har besökt en ID-kontroll, eller om uppgifterna är fel, kontakta \
         ID06:s support.\n"
            .to_owned(),
        None,
    )
}

/// Yellow or red: the reason and what to do next.
pub fn not_verified(to: &str, outcome: Verdict, reason: &str) -> Notification {
    let (en, sv) = if outcome == Verdict::Yellow {
        (
            "The check of your identity document was inconclusive. Visit the identity-verification partner again with a valid, undamaged passport or national ID card.",
            "Kontrollen av din identitetshandling gav inget säkert svar. Besök ID-kontrollen igen med ett giltigt, oskadat pass eller nationellt id-kort.",
        )
    } else {
        (
            "Your identity document was not accepted, so a card cannot be ordered on it. Contact the identity-verification partner.",
            "Din identitetshandling godkändes inte, så ett kort kan inte beställas på den. Kontakta ID-kontrollen.",
        )
    };
    Notification::email(
        to,
        "Your identity check / Din ID-kontroll",
        format!("{en}\n\nReason: {reason}\n\n---\n\n{sv}\n\nOrsak: {reason}\n"),
        None,
    )
}
