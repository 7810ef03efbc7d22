//! Your profile: sign-in email, where codes go, your verified identity and contact details, and
//! your settings (the language you are written to in).

use domain::{AccountId, ContactDetails, Language, PhoneNumber, PlatformRole};
use persistence::{accounts, memberships, DbConn, EvidenceRow, MembershipOfAccount};

use crate::error::{AppError, AppResult, AuthFailure};
use crate::identity::person;
use crate::principal::Person;
use crate::Context;

pub struct Profile {
    pub id: AccountId,
    pub email: String,
    pub phone_hint: String,
    pub given_names: String,
    pub surname: String,
    pub verified_identity: Option<EvidenceRow>,
    /// The newest identity-document check registered for the person's email, of any outcome.
    pub identity_verification: Option<crate::identity::CheckStatus>,
    pub contact: ContactDetails,
    pub companies: Vec<MembershipOfAccount>,
    pub platform_role: Option<PlatformRole>,
    /// The language the person's emails and SMS are written in.
    pub language: Language,
}

/// Settings to change; one left `None` keeps its value.
#[derive(Debug, Clone, Default)]
pub struct SettingsPatch {
    pub language: Option<Language>,
}

/// Changes the person's settings and gives the profile as it then is.
pub fn patch(
    conn: &mut DbConn,
    who: &Person,
    cmd: SettingsPatch,
    ctx: &Context,
) -> AppResult<Profile> {
    if let Some(language) = cmd.language {
        accounts::set_language(conn, who.account_id(), language, ctx.now())?;
        tracing::info!(event = "language_set", account_id = %who.account_id(), %language, "the person chose their language");
    }
    profile(conn, who, (), ctx)
}

pub fn profile(conn: &mut DbConn, who: &Person, _: (), ctx: &Context) -> AppResult<Profile> {
    let account = accounts::find(conn, who.account_id())?
        .ok_or(AppError::Unauthenticated(AuthFailure::InvalidToken))?;
    let verified_identity = person::current(conn, ctx.vault(), who.account_id(), ctx.today())?;
    let identity_verification =
        persistence::identity_checks::latest_for_email(conn, &account.email)?
            .map(|c| crate::identity::CheckStatus::from(&c));
    let contact = ContactDetails::parse_stored(&account.contact())
        .map_err(|e| AppError::corrupt("contact details", format!("{e:?}")))?;
    let phone =
        PhoneNumber::parse_stored(&account.phone).map_err(|e| AppError::corrupt("phone", e))?;
    let companies = memberships::for_account(conn, who.account_id())?;
    Ok(Profile {
        platform_role: account.platform_role,
        language: account.language,
        companies,
        id: account.id,
        email: account.email,
        phone_hint: phone.masked(),
        given_names: account.given_names,
        surname: account.surname,
        verified_identity,
        identity_verification,
        contact,
    })
}
