//! What the cardholder is told as the card travels: shipped (carrier and tracking), and delivered
//! (next step: activate it). English, then Swedish.

use crate::outbox::Notification;

/// The card was handed to the carrier.
pub fn shipped(to: &str, company: &str, carrier: &str, tracking: &str, link: &str) -> Notification {
    let body = format!(
        "Your ID06 card from {company} has been produced and shipped to the address {company} \
         chose.\n\nCarrier: {carrier}\nTracking number: {tracking}\n\nNext step: when the card \
         has arrived, sign in and activate it by typing the number printed on the card:\n{link}\n\
         \n---\n\nDitt ID06-kort från {company} har tillverkats och skickats till adressen som \
         {company} valde.\n\nTransportör: {carrier}\nSpårningsnummer: {tracking}\n\nNästa steg: \
         när kortet har kommit, logga in och aktivera det genom att skriva in numret som står på \
         kortet:\n{link}\n"
    );
    Notification::email(
        to,
        "Your ID06 card has been shipped / Ditt ID06-kort har skickats",
        body,
        Some(link.to_owned()),
    )
}

/// The card reached the delivery address: it can be activated.
pub fn ready_to_activate(to: &str, company: &str, link: &str) -> Notification {
    let body = format!(
        "Your ID06 card from {company} has been delivered.\n\nNext step: sign in and activate it: \
         type the card number printed on the card (BB-xxxx-xxxxxx). You will then see your PIN; \
         you can view it again later by typing the card number again.\n{link}\n\n---\n\nDitt \
         ID06-kort från {company} har levererats.\n\nNästa steg: logga in och aktivera det: skriv \
         in kortnumret som står på kortet (BB-xxxx-xxxxxx). Du ser då din PIN-kod; du kan visa \
         den igen senare genom att skriva in kortnumret igen.\n{link}\n"
    );
    Notification::email(
        to,
        "Activate your ID06 card / Aktivera ditt ID06-kort",
        body,
        Some(link.to_owned()),
    )
}
