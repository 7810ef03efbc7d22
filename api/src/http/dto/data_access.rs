//! Who looked at your identity data: `GET /v1/me/data-access`.

use chrono::{DateTime, Utc};
use domain::{ActorKind, ClientRole, IdentityDataRead};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::clients::ClientRoleName;
use super::orders::ActorKindView;
use app::data_access::ReadView;
use app::texts::text;

/// What of your identity data was read.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum IdentityDataReadName {
    /// An order compared with your verified identity.
    OrderIdentityCheck,
    /// The portrait from your identity document.
    Portrait,
    /// A document check the identity verifier registered.
    IdentityCheck,
    /// The security log about your account.
    SecurityLog,
}

/// One read of your identity data by someone else.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "dar_1f0c9a7b2d4e6f8091a2b3c4", "reader": {"kind": "member", "name": "Karin Nilsson", "client_role": null, "company_name": "Byggbolaget Norr AB"}, "what": "order_identity_check", "object_id": "ord_1f0c9a7b2d4e6f8091a2b3c4", "operation": "get_company_card_order", "description": "Karin Nilsson, Byggbolaget Norr AB, viewed your order's identity check.", "read_at": "2026-12-06T10:41:00Z"}))]
pub struct DataAccess {
    #[schema(max_length = 64)]
    pub id: String,
    pub reader: Reader,
    pub what: IdentityDataReadName,
    /// The order, check or account read.
    #[schema(max_length = 64)]
    pub object_id: String,
    /// The API operation it was read through.
    #[schema(max_length = 64)]
    pub operation: String,
    /// The read in one sentence.
    #[schema(max_length = 400)]
    pub description: String,
    pub read_at: DateTime<Utc>,
}

/// Who read it, as they are named now.
#[derive(Debug, Serialize, ToSchema)]
pub struct Reader {
    pub kind: ActorKindView,
    /// The person's or machine client's name; `null` for one that no longer exists.
    #[schema(required = true, max_length = 201)]
    pub name: Option<String>,
    /// For a machine client: what it is.
    #[schema(required = true)]
    pub client_role: Option<ClientRoleName>,
    /// The company the reader acted for.
    #[schema(required = true, max_length = 200)]
    pub company_name: Option<String>,
}

/// A page of reads, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataAccessPage {
    #[schema(max_items = 100)]
    pub data: Vec<DataAccess>,
    #[schema(required = true, max_length = 45)]
    pub next_cursor: Option<String>,
    pub has_more: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DataAccessQuery {
    /// Page size, 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    #[param(max_length = 45)]
    pub cursor: Option<String>,
}

impl From<&ReadView> for DataAccess {
    fn from(v: &ReadView) -> Self {
        let r = &v.row;
        DataAccess {
            id: r.id.clone(),
            reader: Reader {
                kind: r.reader_kind.into(),
                name: v.reader_name.clone(),
                client_role: v.reader_role.map(ClientRoleName::from_domain),
                company_name: v.company_name.clone(),
            },
            what: match r.what {
                IdentityDataRead::OrderIdentityCheck => IdentityDataReadName::OrderIdentityCheck,
                IdentityDataRead::Portrait => IdentityDataReadName::Portrait,
                IdentityDataRead::IdentityCheck => IdentityDataReadName::IdentityCheck,
                IdentityDataRead::SecurityLog => IdentityDataReadName::SecurityLog,
            },
            object_id: r.object_id.clone(),
            operation: r.operation.clone(),
            description: describe(v),
            read_at: r.created_at.and_utc(),
        }
    }
}

/// "Karin Nilsson, Byggbolaget Norr AB, viewed your order's identity check.", in the request's
/// language.
fn describe(v: &ReadView) -> String {
    let lang = crate::http::language::current();
    let who = match (&v.reader_name, v.row.reader_kind, v.reader_role) {
        (Some(name), _, _) => name.clone(),
        (None, _, Some(ClientRole::Integrator)) => text(lang, "data-reader-integrator"),
        (None, _, Some(ClientRole::CardProducer)) => text(lang, "data-reader-card-producer"),
        (None, _, Some(ClientRole::IdentityVerifier)) => {
            text(lang, "data-reader-identity-verifier")
        }
        (None, ActorKind::Operator, None) => text(lang, "data-reader-operator"),
        (None, _, None) => text(lang, "data-reader-gone"),
    };
    let company = v
        .company_name
        .as_ref()
        .map(|c| format!(", {c},"))
        .unwrap_or_default();
    let did = match v.row.what {
        IdentityDataRead::OrderIdentityCheck => text(lang, "data-read-order-identity-check"),
        IdentityDataRead::Portrait => text(lang, "data-read-portrait"),
        IdentityDataRead::IdentityCheck => text(lang, "data-read-identity-check"),
        IdentityDataRead::SecurityLog => text(lang, "data-read-security-log"),
    };
    format!("{who}{company} {did}.")
}
