//! Downloads of a company's lists as spreadsheets: their query (the list's filters, the format,
//! the CSV separator) and each row's cells, as the list shows the object (identity numbers
//! masked as in the list, an erased person's fields empty), headers and labels in the reader's
//! language, times in RFC 3339 UTC.

use chrono::{DateTime, Utc};
use domain::Language;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::card_order_imports::SpreadsheetFormat;
use super::cards::{CardStatusView, CompanyCard};
use super::company_orders::CompanyCardOrderSummary;
use super::orders::OrderStatusView;
use app::spreadsheet::write::Separator;
use app::texts::text;

/// The separator of a CSV download.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SeparatorView {
    /// `,` (RFC 4180).
    Comma,
    /// `;`: what Excel with Swedish settings opens in columns.
    Semicolon,
}

impl SeparatorView {
    pub fn as_app(self) -> Separator {
        match self {
            Self::Comma => Separator::Comma,
            Self::Semicolon => Separator::Semicolon,
        }
    }
}

/// Downloading the company's card orders: the list's filters, every matching order.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OrderExportQuery {
    /// Only orders in this status.
    pub status: Option<OrderStatusView>,
    /// Only orders created at or after this time (RFC 3339).
    pub created_from: Option<DateTime<Utc>>,
    /// Only orders created before this time (RFC 3339).
    pub created_before: Option<DateTime<Utc>>,
    /// Only orders whose person's full name contains this text (case and accents ignored).
    #[param(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// The file's format; wins over `Accept` (`text/csv` or the XLSX media type). Default: CSV.
    #[param(inline)]
    pub format: Option<SpreadsheetFormat>,
    /// The CSV separator (default `comma`).
    #[param(inline)]
    pub separator: Option<SeparatorView>,
}

/// Downloading the company's cards: the list's filters, every matching card.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CardExportQuery {
    /// Only cards in this state.
    pub status: Option<CardStatusView>,
    /// Only cards whose holder's name contains this (case and accents ignored).
    #[param(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// The file's format; wins over `Accept` (`text/csv` or the XLSX media type). Default: CSV.
    #[param(inline)]
    pub format: Option<SpreadsheetFormat>,
    /// The CSV separator (default `comma`).
    #[param(inline)]
    pub separator: Option<SeparatorView>,
}

/// The columns of the card-order download.
pub const ORDER_COLUMNS: [&str; 12] = [
    "id",
    "status",
    "status_text",
    "full_name",
    "date_of_birth",
    "personal_identity_number",
    "nationality",
    "cardholder_email",
    "name_to_print",
    "valid_until",
    "created_at",
    "updated_at",
];

fn time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An order's cells, in the order of [`ORDER_COLUMNS`].
pub fn order_cells(o: &CompanyCardOrderSummary, status: &str, lang: Language) -> Vec<String> {
    let or_empty = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        o.id.clone(),
        status.to_owned(),
        text(lang, &format!("order-status-{status}")),
        o.full_name.clone(),
        o.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
        or_empty(&o.personal_identity_number),
        or_empty(&o.nationality),
        or_empty(&o.cardholder_email),
        or_empty(&o.name_to_print),
        o.valid_until.to_string(),
        time(o.created_at),
        time(o.updated_at),
    ]
}

/// The columns of the card download.
pub const CARD_COLUMNS: [&str; 10] = [
    "id",
    "number",
    "status",
    "status_text",
    "name_to_print",
    "valid_until",
    "order_id",
    "activated_at",
    "created_at",
    "updated_at",
];

/// A card's cells, in the order of [`CARD_COLUMNS`].
pub fn card_cells(c: &CompanyCard, status: &str, lang: Language) -> Vec<String> {
    vec![
        c.id.clone(),
        c.number.clone(),
        status.to_owned(),
        text(lang, &format!("card-status-{status}")),
        c.name_to_print.clone().unwrap_or_default(),
        c.valid_until.to_string(),
        c.order_id.clone(),
        c.activated_at.map(time).unwrap_or_default(),
        time(c.created_at),
        time(c.updated_at),
    ]
}
