//! Erasure (GDPR Art. 17): the request bodies and what an erasure did.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use app::erasure::{Held, HeldKind, Report};

/// Your password again: erasure cannot be undone.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"password": "your current password"}))]
pub struct ErasureRequest {
    #[validate(length(min = 1, max = 128))]
    #[schema(min_length = 1, max_length = 128, format = Password)]
    pub password: String,
}

/// An operator's erasure for a request the person made elsewhere.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "Letter of 2026-12-01, ref. GDPR-2026-117."}))]
pub struct OperatorErasureRequest {
    /// Where the request came from (kept in the security log).
    #[validate(length(min = 1, max = 500))]
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// What an erasure did: what went at once, and what is kept for now with the reason and when it
/// goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureReport {
    #[schema(max_length = 64)]
    pub account_id: String,
    pub erased_at: DateTime<Utc>,
    /// Whether the account itself is gone (nothing had to be kept).
    pub account_deleted: bool,
    /// Card orders whose cardholder became an erased person.
    #[schema(minimum = 0, maximum = 4294967295_u64)]
    pub orders_erased: u32,
    /// Sessions ended.
    #[schema(minimum = 0, maximum = 4294967295_u64)]
    pub sessions_ended: u32,
    /// What is kept for now; once it goes, the erasure finishes by itself.
    #[schema(max_items = 1000)]
    pub held: Vec<HeldItem>,
}

/// One thing kept for now.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeldItem {
    pub kind: HeldKindName,
    #[schema(max_length = 64)]
    pub id: String,
    #[schema(max_length = 200)]
    pub company_name: String,
    /// Why it is kept, in the request's language.
    #[schema(max_length = 300)]
    pub reason: String,
    /// The day it goes, when known.
    #[schema(required = true)]
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeldKindName {
    Card,
    CardOrder,
}

impl From<&Report> for ErasureReport {
    fn from(r: &Report) -> Self {
        ErasureReport {
            account_id: r.account_id.to_string(),
            erased_at: r.erased_at.and_utc(),
            account_deleted: r.account_deleted,
            orders_erased: u32::try_from(r.orders_erased).unwrap_or(u32::MAX),
            sessions_ended: u32::try_from(r.sessions_ended).unwrap_or(u32::MAX),
            held: r.held.iter().map(HeldItem::from).collect(),
        }
    }
}

impl From<&Held> for HeldItem {
    fn from(h: &Held) -> Self {
        HeldItem {
            kind: match h.kind {
                HeldKind::Card => HeldKindName::Card,
                HeldKind::CardOrder => HeldKindName::CardOrder,
            },
            id: h.id.clone(),
            company_name: h.company_name.clone(),
            reason: h.reason.render(crate::http::language::current()),
            until: h.until,
        }
    }
}
