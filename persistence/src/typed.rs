//! Reading nullable text columns into optional domain values: a field declared
//! `#[diesel(deserialize_as = OptionalText)] pub account_id: Option<AccountId>` is `None` for
//! NULL and the parsed value otherwise; a value that does not parse fails the row as corrupt
//! data (diesel's deserialization error, `Error::Corrupt`), never a silent `None`.
//! (Non-null columns use `deserialize_as = String` with the domain type's `TryFrom<String>`.)

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::{Nullable, Text};

pub struct OptionalText(Option<String>);

impl<DB> Queryable<Nullable<Text>, DB> for OptionalText
where
    DB: Backend,
    Option<String>: FromSql<Nullable<Text>, DB>,
{
    type Row = Option<String>;

    fn build(row: Option<String>) -> deserialize::Result<Self> {
        Ok(OptionalText(row))
    }
}

/// A stored id or code read on its own: one that does not parse is corrupt data.
pub(crate) fn parse_one<T>(raw: String, what: &str) -> crate::Result<T>
where
    T: TryFrom<String>,
    T::Error: std::fmt::Display,
{
    T::try_from(raw).map_err(|e| crate::Error::Corrupt(format!("{what}: {e}")))
}

/// Stored ids or codes read as a list: one that does not parse is corrupt data.
pub(crate) fn parse_all<T>(raw: Vec<String>, what: &str) -> crate::Result<Vec<T>>
where
    T: TryFrom<String>,
    T::Error: std::fmt::Display,
{
    raw.into_iter()
        .map(|r| T::try_from(r).map_err(|e| crate::Error::Corrupt(format!("{what}: {e}"))))
        .collect()
}

impl OptionalText {
    /// Called by diesel's `Queryable` derive in place of `TryInto::try_into` (an inherent method
    /// wins), so the field's type says what the text is parsed into.
    pub fn try_into<T>(self) -> Result<Option<T>, T::Error>
    where
        T: TryFrom<String>,
    {
        self.0.map(T::try_from).transpose()
    }
}
