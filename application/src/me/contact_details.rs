//! Your contact details: replaced whole, or changed field by field.

use domain::{ContactDetails, ContactUpdate};
use persistence::{accounts, DbConn};

use crate::error::{AppError, AppResult, FieldError};
use crate::principal::Person;
use crate::Context;

/// Replaces every field: fields not given are cleared.
pub fn replace(
    conn: &mut DbConn,
    who: &Person,
    details: ContactDetails,
    ctx: &Context,
) -> AppResult<ContactDetails> {
    accounts::set_contact(conn, who.account_id(), &details.to_update(), ctx.now())?;
    Ok(details)
}

/// Changes only the fields given (`Some(Some(v))` sets, `Some(None)` clears, `None` keeps).
#[derive(Debug, Default)]
pub struct ContactPatch {
    pub phone: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub postal_code: Option<Option<String>>,
    pub city: Option<Option<String>>,
    pub country: Option<Option<String>>,
}

/// The merged result must be valid as a whole (a Swedish address needs a Swedish postal code).
pub fn patch(
    conn: &mut DbConn,
    who: &Person,
    patch: ContactPatch,
    ctx: &Context,
) -> AppResult<ContactDetails> {
    let account = accounts::find(conn, who.account_id())?.ok_or(AppError::NotFound)?;
    let stored = account.contact();
    let pick = |p: Option<Option<String>>, old: Option<String>| p.unwrap_or(old);
    let merged = ContactUpdate {
        phone: pick(patch.phone, stored.phone),
        email: pick(patch.email, stored.email),
        address: pick(patch.address, stored.address),
        postal_code: pick(patch.postal_code, stored.postal_code),
        city: pick(patch.city, stored.city),
        country: pick(patch.country, stored.country),
    };
    let details = parse(&merged, "")?;
    // A patch that changes nothing writes nothing.
    let update = details.to_update();
    if update != account.contact() {
        accounts::set_contact(conn, who.account_id(), &update, ctx.now())?;
    }
    Ok(details)
}

/// Parses contact details, naming every invalid field (`prefix` + field name).
pub fn parse(update: &ContactUpdate, prefix: &str) -> AppResult<ContactDetails> {
    ContactDetails::parse(update).map_err(|errors| {
        AppError::validation(
            errors
                .into_iter()
                .map(|(f, e)| FieldError::invalid(format!("{prefix}{}", f.as_str()), &e))
                .collect(),
        )
    })
}
