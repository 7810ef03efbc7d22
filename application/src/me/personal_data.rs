//! Your personal data (GDPR Art. 15 and 20): a copy of everything the service holds about the
//! signed-in person — the account and contact details, verified identities and the document
//! checks behind them (portraits as links, each read on its own), card orders and cards with their
//! trails, the companies they belong to, sessions and the security log about them — opened from
//! the vault, in one documented JSON. Asked with the second factor, throttled, and recorded in the
//! security log.

use chrono::NaiveDateTime;
use domain::{AccountId, ContactDetails, IdentityCheckId, PersonalIdentityNumber, PortraitType};
use persistence::security_events::SecurityEventRow;
use persistence::{
    accounts, card_events, cards, events, identity_checks, memberships, personal_data, AccountRow,
    CardEventRow, CardWithCompany, CheckRow, DbConn, EventRow, EvidenceRow, MembershipOfAccount,
    OrderWithCompany, SessionRow,
};

use crate::auth::throttle::{self, Limit};
use crate::error::{AppError, AppResult, AuthFailure};
use crate::principal::MultiFactor;
use crate::security_events::{self, Event, Kind};
use crate::{opened, Context};

/// Copies one person may ask for per throttle window (15 minutes).
pub const EXPORTS_PER_WINDOW: i32 = 5;

pub struct Export {
    pub generated_at: NaiveDateTime,
    pub account: AccountRow,
    pub contact: ContactDetails,
    pub evidence: Vec<ExportedEvidence>,
    pub checks: Vec<ExportedCheck>,
    pub orders: Vec<ExportedOrder>,
    pub cards: Vec<(CardWithCompany, Vec<CardEventRow>)>,
    pub memberships: Vec<MembershipOfAccount>,
    pub sessions: Vec<SessionRow>,
    pub security_events: Vec<SecurityEventRow>,
}

/// A verified identity, its sealed values opened.
pub struct ExportedEvidence {
    pub row: EvidenceRow,
    /// Empty for BankID (no document).
    pub document_number: String,
    pub personal_identity_number: Option<PersonalIdentityNumber>,
}

/// A document check, its sealed values opened.
pub struct ExportedCheck {
    pub row: CheckRow,
    pub document_number: String,
    pub personal_identity_number: Option<PersonalIdentityNumber>,
    /// Whether its portrait is still held (then it is at its own link).
    pub has_portrait: bool,
}

pub struct ExportedOrder {
    pub order: OrderWithCompany,
    pub personal_identity_number: Option<PersonalIdentityNumber>,
    pub trail: Vec<EventRow>,
}

pub fn export(conn: &mut DbConn, who: &MultiFactor, _: (), ctx: &Context) -> AppResult<Export> {
    let now = ctx.now();
    let today = now.date();
    let account_id = who.account_id();
    let limit = Limit::new(format!("export:{account_id}"), EXPORTS_PER_WINDOW);
    throttle::check(conn, &[&limit], now)?;
    throttle::count(conn, &[&limit], now)?;
    let account = accounts::find(conn, account_id)?
        .ok_or(AppError::Unauthenticated(AuthFailure::InvalidToken))?;
    let contact = ContactDetails::parse_stored(&account.contact())
        .map_err(|e| AppError::corrupt("contact details", format!("{e:?}")))?;
    let vault = ctx.vault();
    let evidence = personal_data::evidence(conn, account_id)?
        .into_iter()
        .map(|row| {
            Ok(ExportedEvidence {
                document_number: opened::evidence_document_number(vault, &row)?,
                personal_identity_number: opened::evidence_number(vault, &row, today)?,
                row,
            })
        })
        .collect::<AppResult<_>>()?;
    let checks = personal_data::checks(conn, account_id, &account.email)?
        .into_iter()
        .map(|(row, has_portrait)| {
            Ok(ExportedCheck {
                document_number: opened::check_document_number(vault, &row)?,
                personal_identity_number: opened::check_number(vault, &row, today)?,
                has_portrait,
                row,
            })
        })
        .collect::<AppResult<_>>()?;
    let mut orders = Vec::new();
    for order in personal_data::orders(conn, account_id)? {
        orders.push(ExportedOrder {
            personal_identity_number: opened::order_number(vault, &order.order, today)?,
            trail: events::list(conn, order.order.id.as_str())?,
            order,
        });
    }
    let mut held = Vec::new();
    for card in cards::list_for_account(conn, account_id)? {
        let trail = card_events::list(conn, card.card.id.as_str())?;
        held.push((card, trail));
    }
    // Recorded before the events are read: the copy shows this request too.
    security_events::record(
        conn,
        Event::new(Kind::PersonalDataExported).account(account_id),
        now,
    )?;
    Ok(Export {
        generated_at: now,
        contact,
        evidence,
        checks,
        orders,
        cards: held,
        memberships: memberships::for_account(conn, account_id)?,
        sessions: personal_data::sessions(conn, account_id)?,
        security_events: personal_data::security_events(conn, account_id, &account.email)?,
        account,
    })
}

/// A portrait of the person, as its own link of the copy: bytes and media type.
pub struct PortraitFile {
    pub bytes: Vec<u8>,
    pub media_type: PortraitType,
}

/// The portrait of one of the person's own document checks (for their email, or bound to their
/// account); 404 for anyone else's, and once it is no longer held.
pub fn portrait(
    conn: &mut DbConn,
    who: &MultiFactor,
    check_id: String,
    ctx: &Context,
) -> AppResult<PortraitFile> {
    let id = IdentityCheckId::parse(&check_id).ok_or(AppError::NotFound)?;
    let account = accounts::find(conn, who.account_id())?
        .ok_or(AppError::Unauthenticated(AuthFailure::InvalidToken))?;
    let check = identity_checks::find(conn, &id)?
        .filter(|c| is_theirs(c, who.account_id(), &account.email))
        .ok_or(AppError::NotFound)?;
    let stored = identity_checks::portrait(conn, &check.id)?.ok_or(AppError::NotFound)?;
    Ok(PortraitFile {
        bytes: ctx
            .vault()
            .open_portrait(check.id.as_str(), &stored.sealed)?,
        media_type: stored.kind,
    })
}

fn is_theirs(check: &CheckRow, account: &AccountId, email: &str) -> bool {
    check.email == email || check.account_id.as_ref() == Some(account)
}
