//! The languages a person is written to in, as the API names them (ISO 639-1).

use domain::Language;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A language of the service's emails and SMS: `en` (English) or `sv` (Swedish).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = Language)]
pub enum LanguageView {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "sv")]
    Swedish,
}

impl LanguageView {
    pub fn as_domain(self) -> Language {
        match self {
            Self::English => Language::English,
            Self::Swedish => Language::Swedish,
        }
    }
}

impl From<Language> for LanguageView {
    fn from(l: Language) -> Self {
        match l {
            Language::English => Self::English,
            Language::Swedish => Self::Swedish,
        }
    }
}

/// The language a request names for the person it reaches, else the request's own
/// (`Accept-Language`).
pub fn named_or_requested(named: Option<LanguageView>) -> Language {
    named.map_or_else(crate::http::language::current, LanguageView::as_domain)
}
