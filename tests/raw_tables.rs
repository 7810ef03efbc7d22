//! The raw tables, read past the repositories: what a test checks is sealed at rest.

use diesel::prelude::*;
use persistence::schema::{
    bankid_attempts, card_orders, identity_checks, identity_portraits, identity_verifications,
};
use persistence::DbConn;

/// Every stored value of the columns that hold sealed identity data (personal identity numbers,
/// document numbers, the MRZ), and every stored portrait, as they are in the database.
pub fn identity_data(conn: &mut DbConn) -> persistence::Result<(Vec<String>, Vec<Vec<u8>>)> {
    let mut text: Vec<Option<String>> = Vec::new();
    text.extend(
        card_orders::table
            .select(card_orders::personal_identity_number)
            .load(conn)?,
    );
    for (a, b, c) in identity_checks::table
        .select((
            identity_checks::document_number.nullable(),
            identity_checks::personal_identity_number,
            identity_checks::mrz,
        ))
        .load::<(Option<String>, Option<String>, Option<String>)>(conn)?
    {
        text.extend([a, b, c]);
    }
    for (a, b) in identity_verifications::table
        .select((
            identity_verifications::document_number.nullable(),
            identity_verifications::personal_identity_number,
        ))
        .load::<(Option<String>, Option<String>)>(conn)?
    {
        text.extend([a, b]);
    }
    text.extend(
        bankid_attempts::table
            .select(bankid_attempts::required_personal_number)
            .load(conn)?,
    );
    let portraits = identity_portraits::table
        .select(identity_portraits::sealed)
        .load(conn)?;
    Ok((text.into_iter().flatten().collect(), portraits))
}
