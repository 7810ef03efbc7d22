//! diesel repositories over SQLite (embedded default) and PostgreSQL, from one codebase.
//!
//! Repository functions take `&mut DbConn` (never the pool), so a request holds one connection and
//! every write of a request runs inside the one transaction [`Db::write`] opened.

/// Runs `$body` with `$c` bound to the backend's own connection. The multi-backend connection
/// builds a query's SQL text on every call; a backend's own connection caches prepared statements
/// by the query's type, so the hottest reads (the ones every request makes) go through this.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::DbConn::Sqlite($c) => $body,
            $crate::DbConn::Pg($c) => $body,
        }
    };
}

pub mod accounts;
mod address;
pub mod api_clients;
pub mod bankid_attempts;
pub mod card_events;
pub mod card_order_imports;
pub mod cards;
mod checkpoint;
pub mod companies;
pub mod company_orders;
pub mod data_reads;
mod db;
pub mod erasure;
mod error;
pub mod events;
pub mod evidence;
mod group_commit;
pub mod housekeeping;
pub mod idempotency;
pub mod identity_checks;
pub mod invitations;
pub mod known_sign_ins;
pub mod login;
pub mod memberships;
pub mod orders;
pub mod outbox;
pub mod password_resets;
pub mod personal_data;
pub mod phone_changes;
pub mod production;
pub mod rate_limits;
pub mod request_quotas;
pub mod retention;
pub mod schema;
mod sealed;
pub mod sealing;
pub mod security_events;
pub mod sessions;
pub mod shipments;
pub mod signup_links;
pub mod statements;
#[cfg(feature = "testing")]
pub mod test_db;
mod typed;
pub mod visitor_orders;
pub mod webhooks;

pub use accounts::{AccountRow, NewAccount};
pub use address::AddressRow;
pub use api_clients::{ClientRow, NewClient};
pub use bankid_attempts::{AttemptRow as BankIdAttemptRow, NewAttempt as NewBankIdAttempt};
pub use card_events::{CardEventRow, NewCardEvent};
pub use cards::{CardFilter, CardRow, CardWithCompany, NewCard};
pub use company_orders::OrderFilter;
pub use db::{redact, Backend, Db, DbConn, PoolStats};
pub use error::{ConflictKind, Error, Result};
pub use events::{EventRow, NewEvent};
pub use evidence::{EvidenceRow, NewEvidence};
pub use group_commit::MAX_GROUP;
pub use idempotency::{IdempotencyRow, NewIdempotency};
pub use identity_checks::{CheckRow, NewCheck};
pub use invitations::{InvitationRow, InvitationWithCompany, NewInvitation};
pub use login::{ChallengeRow, NewChallenge};
pub use memberships::{MemberRow, MemberWithName, MembershipOfAccount, NewMember};
pub use orders::{
    NewOrder, OrderCursor, OrderRow, OrderSummaryRow, OrderWithCompany, PersonColumns,
};
pub use outbox::{MessageRow, NewMessage};
pub use phone_changes::{NewPhoneChange, PhoneChangeRow};
pub use production::{QueuedOrder, VisitorWithCompany};
pub use sealed::{Sealed, SealedBytes, SealedNumber};
pub use sessions::{NewRefreshToken, NewSession, RefreshTokenRow, SessionRow};
pub use shipments::ShipmentRow;
pub use signup_links::SignupLinkRow;
pub use typed::OptionalText;
pub use visitor_orders::{NewVisitorOrder, VisitorOrderRow};
pub use webhooks::{AttemptRow, DeliveryRow, EndpointRow};

pub use companies::{CompanyRow, NewCompany};

/// The current UTC time at the precision both backends store (microseconds), so a value read back
/// equals the value written.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{DurationRound, TimeDelta};
    let t = chrono::Utc::now().naive_utc();
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}
