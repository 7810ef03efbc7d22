//! Your personal data: the copy `GET /v1/me/personal-data` answers (GDPR Art. 15 and 20), and
//! what the service does with each class of it.

use chrono::{DateTime, NaiveDate, Utc};
use domain::DocumentType;
use serde::Serialize;
use utoipa::ToSchema;

use super::cards::{CardEvent, MyCard};
use super::companies::Address;
use super::identity::{outcome_name, CheckOutcomeName, DocumentTypeName};
use super::me::{ContactDetailsView, Membership, VerifiedIdentity};
use super::orders::{CompanyRef, OrderEvent, OrderStatusView};
use super::security_events::SecurityEvent;
use app::me::personal_data::{Export, ExportedCheck, ExportedEvidence, ExportedOrder};

/// Everything the service holds about you, as JSON (machine-readable, for your own use or to
/// take elsewhere). Portraits are links: each is read on its own with the same token.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalData {
    pub generated_at: DateTime<Utc>,
    pub account: AccountData,
    pub contact_details: ContactDetailsView,
    /// Every identity you verified with a document or BankID, oldest first.
    #[schema(max_items = 1000)]
    pub verified_identities: Vec<VerifiedIdentityData>,
    /// Every document check the identity-verification partner registered for your email or
    /// your account, oldest first.
    #[schema(max_items = 1000)]
    pub identity_checks: Vec<IdentityCheckData>,
    /// Your card orders with the ordering company and the trail, oldest first.
    #[schema(max_items = 10000)]
    pub card_orders: Vec<CardOrderData>,
    /// Your cards with their trails.
    #[schema(max_items = 10000)]
    pub cards: Vec<CardData>,
    /// The companies you act for.
    #[schema(max_items = 1000)]
    pub companies: Vec<Membership>,
    /// Your sessions still held (live, or ended within a day).
    #[schema(max_items = 10000)]
    pub sessions: Vec<SessionData>,
    /// The security log about your account or email, newest first (at most 1000).
    #[schema(max_items = 1000)]
    pub security_events: Vec<SecurityEvent>,
    /// Why the service holds each class of data, on what basis, who receives it, and for how
    /// long (`docs/PRIVACY.md` in full).
    #[schema(max_items = 100)]
    pub processing: Vec<Processing>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountData {
    #[schema(max_length = 64)]
    pub id: String,
    #[schema(max_length = 254)]
    pub email: String,
    /// The mobile number sign-in codes go to (E.164).
    #[schema(max_length = 16)]
    pub phone: String,
    #[schema(max_length = 100)]
    pub given_names: String,
    #[schema(max_length = 100)]
    pub surname: String,
    /// The language your emails and SMS are written in.
    pub language: super::languages::LanguageView,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedIdentityData {
    #[schema(max_length = 64)]
    pub id: String,
    #[serde(flatten)]
    pub identity: VerifiedIdentity,
    /// Empty for BankID (no document).
    #[schema(max_length = 20)]
    pub document_number: String,
    /// `YYYYMMDD-NNNN`.
    #[schema(required = true, max_length = 13)]
    pub personal_identity_number: Option<String>,
    pub outcome: CheckOutcomeName,
    /// The identity-verification partner's client id, or `BankID`.
    #[schema(max_length = 64)]
    pub verifier: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityCheckData {
    #[schema(max_length = 64)]
    pub id: String,
    pub document_type: DocumentTypeName,
    #[schema(max_length = 20)]
    pub document_number: String,
    #[schema(min_length = 2, max_length = 2)]
    pub issuing_country: String,
    #[schema(max_length = 100)]
    pub surname: String,
    #[schema(max_length = 200)]
    pub given_names: String,
    pub date_of_birth: NaiveDate,
    #[schema(min_length = 2, max_length = 2)]
    pub nationality: String,
    pub document_expires_on: NaiveDate,
    #[schema(required = true, max_length = 13)]
    pub personal_identity_number: Option<String>,
    pub outcome: CheckOutcomeName,
    #[schema(required = true, max_length = 500)]
    pub reason: Option<String>,
    /// Where to read the portrait (JPEG or PNG); `null` once it is no longer held.
    #[schema(required = true, max_length = 200)]
    pub portrait_url: Option<String>,
    pub registered_at: DateTime<Utc>,
    #[schema(required = true)]
    pub bound_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardOrderData {
    #[schema(max_length = 64)]
    pub id: String,
    pub status: OrderStatusView,
    pub company: CompanyRef,
    #[schema(max_length = 100)]
    pub given_names: String,
    #[schema(max_length = 100)]
    pub surname: String,
    #[schema(max_length = 30)]
    pub name_to_print: String,
    pub date_of_birth: NaiveDate,
    #[schema(min_length = 2, max_length = 2)]
    pub nationality: String,
    #[schema(required = true, max_length = 13)]
    pub personal_identity_number: Option<String>,
    #[schema(max_length = 254)]
    pub cardholder_email: String,
    #[schema(max_length = 16)]
    pub cardholder_phone: String,
    pub delivery_address: Address,
    pub valid_until: NaiveDate,
    #[schema(required = true, max_length = 500)]
    pub rejection_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    #[schema(max_items = 1000)]
    pub trail: Vec<OrderEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CardData {
    #[serde(flatten)]
    pub card: MyCard,
    /// The whole printed number (it is yours).
    #[schema(max_length = 20)]
    pub number: String,
    #[schema(max_items = 1000)]
    pub trail: Vec<CardEvent>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionData {
    #[schema(max_length = 64)]
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    #[schema(required = true)]
    pub revoked_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub last_active_at: Option<DateTime<Utc>>,
    #[schema(required = true, max_length = 64)]
    pub client_address: Option<String>,
    #[schema(required = true, max_length = 200)]
    pub user_agent: Option<String>,
}

/// One class of personal data: why it is processed, on what basis, who receives it, how long.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct Processing {
    #[schema(max_length = 100)]
    pub data: &'static str,
    #[schema(max_length = 300)]
    pub purpose: &'static str,
    /// GDPR Art. 6(1): `contract` (b), `legal_obligation` (c), `legitimate_interest` (f).
    #[schema(max_length = 30)]
    pub legal_basis: &'static str,
    #[schema(max_length = 300)]
    pub recipients: &'static str,
    #[schema(max_length = 300)]
    pub retention: &'static str,
}

/// The classes, as `docs/PRIVACY.md` describes them column by column (change both together).
pub const PROCESSING: &[Processing] = &[
    Processing {
        data: "account",
        purpose: "signing in, the SMS second factor, notices",
        legal_basis: "contract",
        recipients: "the service; platform operators (the security log)",
        retention: "while the account exists",
    },
    Processing {
        data: "contact_details",
        purpose: "delivering the card and questions about it",
        legal_basis: "contract",
        recipients: "companies that ordered a card for you",
        retention: "while the account exists",
    },
    Processing {
        data: "verified_identities",
        purpose: "proving the card is yours; matching orders to you",
        legal_basis: "contract",
        recipients: "companies see whether their order matches, never your number",
        retention: "while the account exists",
    },
    Processing {
        data: "identity_checks",
        purpose: "checking your document and printing your portrait on the card",
        legal_basis: "contract",
        recipients:
            "the identity-verification partner; the card producer (the portrait, until printed)",
        retention: "raw MRZ until decided; unused checks 30 days; portraits 30 days after delivery",
    },
    Processing {
        data: "card_orders",
        purpose: "ordering, approving and producing your card",
        legal_basis: "contract",
        recipients: "the ordering company and its HR systems; the card producer from approval",
        retention: "closed orders lose your data after 90 days; the rest as long as the order",
    },
    Processing {
        data: "cards",
        purpose: "your ID06 card and its PIN; site records",
        legal_basis: "legal_obligation",
        recipients: "the ordering company; the card producer",
        retention: "as long as the card",
    },
    Processing {
        data: "sessions",
        purpose: "keeping you signed in, and your list of sessions",
        legal_basis: "contract",
        recipients: "the service",
        retention: "a day after a session ends",
    },
    Processing {
        data: "security_events",
        purpose: "keeping accounts safe, proving who did what",
        legal_basis: "legitimate_interest",
        recipients: "platform operators",
        retention: "365 days",
    },
];

impl From<&Export> for PersonalData {
    fn from(e: &Export) -> Self {
        PersonalData {
            generated_at: e.generated_at.and_utc(),
            account: AccountData {
                id: e.account.id.to_string(),
                email: e.account.email.clone(),
                phone: e.account.phone.clone(),
                given_names: e.account.given_names.clone(),
                surname: e.account.surname.clone(),
                language: e.account.language.into(),
                created_at: e.account.created_at.and_utc(),
            },
            contact_details: ContactDetailsView::from(&e.contact),
            verified_identities: e.evidence.iter().map(evidence).collect(),
            identity_checks: e.checks.iter().map(check).collect(),
            card_orders: e.orders.iter().map(order).collect(),
            cards: e
                .cards
                .iter()
                .map(|(c, trail)| CardData {
                    card: MyCard::from(c),
                    number: c.card.number.clone(),
                    trail: trail.iter().map(|t| CardEvent::of(t, None)).collect(),
                })
                .collect(),
            companies: e.memberships.iter().map(Membership::from).collect(),
            sessions: e
                .sessions
                .iter()
                .map(|s| SessionData {
                    id: s.id.to_string(),
                    created_at: s.created_at.and_utc(),
                    expires_at: s.expires_at.and_utc(),
                    revoked_at: s.revoked_at.map(|t| t.and_utc()),
                    last_active_at: s.last_active_at.map(|t| t.and_utc()),
                    client_address: s.client_address.clone(),
                    user_agent: s.user_agent.clone(),
                })
                .collect(),
            security_events: e.security_events.iter().map(SecurityEvent::from).collect(),
            processing: PROCESSING.to_vec(),
        }
    }
}

fn evidence(e: &ExportedEvidence) -> VerifiedIdentityData {
    VerifiedIdentityData {
        id: e.row.id.to_string(),
        identity: VerifiedIdentity::from(&e.row),
        document_number: e.document_number.clone(),
        personal_identity_number: e.personal_identity_number.as_ref().map(|n| n.to_string()),
        outcome: outcome_name(e.row.outcome),
        verifier: e.row.verifier.clone(),
    }
}

fn check(c: &ExportedCheck) -> IdentityCheckData {
    let r = &c.row;
    IdentityCheckData {
        id: r.id.to_string(),
        document_type: match r.document_type {
            DocumentType::Passport => DocumentTypeName::Passport,
            DocumentType::NationalIdCard => DocumentTypeName::NationalIdCard,
        },
        document_number: c.document_number.clone(),
        issuing_country: r.issuing_country.clone(),
        surname: r.surname.clone(),
        given_names: r.given_names.clone(),
        date_of_birth: r.date_of_birth,
        nationality: r.nationality.clone(),
        document_expires_on: r.document_expires_on,
        personal_identity_number: c.personal_identity_number.as_ref().map(|n| n.to_string()),
        outcome: outcome_name(r.outcome),
        reason: r.reason.clone(),
        portrait_url: c
            .has_portrait
            .then(|| format!("/v1/me/personal-data/portraits/{}", r.id)),
        registered_at: r.created_at.and_utc(),
        bound_at: r.bound_at.map(|t| t.and_utc()),
    }
}

fn order(o: &ExportedOrder) -> CardOrderData {
    let row = &o.order.order;
    CardOrderData {
        id: row.id.to_string(),
        status: row.status.into(),
        company: super::orders::company_ref(&o.order),
        given_names: row.given_names.clone(),
        surname: row.surname.clone(),
        name_to_print: row.name_to_print.clone(),
        date_of_birth: row.date_of_birth,
        nationality: row.nationality.clone(),
        personal_identity_number: o.personal_identity_number.as_ref().map(|n| n.to_string()),
        cardholder_email: row.cardholder_email.clone(),
        cardholder_phone: row.cardholder_phone.clone(),
        delivery_address: Address::from(&row.delivery_address()),
        valid_until: row.valid_until,
        rejection_reason: row.rejection_reason.clone(),
        created_at: row.created_at.and_utc(),
        trail: o.trail.iter().map(OrderEvent::from).collect(),
    }
}
