//! Creating an account from an emailed link.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use app::accounts::create::AccountCreated;

/// The link's token, and what the person chooses.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"token": "sul_Ize7rDl7hPkzxgbjByBIXsGNR_J-YlDGtEpC-7FuWEA", "password": "a long phrase of my own", "phone": "070-445 07 23", "given_names": "Karin", "surname": "Nilsson"}))]
pub struct CreateAccountRequest {
    /// The `token` of the emailed link.
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128)]
    pub token: String,
    /// 12 to 128 characters, not a common password.
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128, format = Password)]
    pub password: String,
    /// Mobile number for sign-in codes: E.164 or a Swedish national number.
    #[validate(length(min = 1, max = 32))]
    #[schema(min_length = 1, max_length = 32)]
    pub phone: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub given_names: String,
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub surname: String,
    /// Only with a link from an identity check: the personal identity number exactly as your
    /// employer entered it on the card order (or, when the order has none, your document's
    /// number). Five wrong tries end the link.
    #[validate(length(min = 1, max = 20))]
    #[schema(min_length = 1, max_length = 20, pattern = "^[0-9A-Za-z +-]{1,20}$")]
    pub identity_number: Option<String>,
}

/// The new account; sign in with its email and the password.
#[derive(Debug, Serialize, ToSchema)]
pub struct Account {
    #[schema(max_length = 32)]
    pub id: String,
    #[schema(max_length = 254)]
    pub email: String,
    /// Companies the account is now a member of.
    #[schema(minimum = 0, maximum = 1000000)]
    pub companies: i64,
    /// Card orders for this email that the account now holds.
    #[schema(minimum = 0, maximum = 1000000)]
    pub card_orders: i64,
}

impl From<&AccountCreated> for Account {
    fn from(a: &AccountCreated) -> Self {
        Account {
            id: a.id.as_str().to_owned(),
            email: a.email.clone(),
            companies: i64::try_from(a.companies).unwrap_or(i64::MAX),
            card_orders: i64::try_from(a.orders).unwrap_or(i64::MAX),
        }
    }
}
