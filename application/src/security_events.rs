//! The security audit log (ASVS V7): who signed in or failed to, from where; lockouts; code
//! failures; credential changes; sessions revoked; machine clients created, rotated, revoked,
//! failing to authenticate; identity evidence registered. Written in the transaction of what it
//! records (a refusal's record in the transaction that counts the refusal). Never a password, a
//! code or a token: the kinds and their details are fixed here.

use chrono::NaiveDateTime;
use domain::{AccountId, ClientAddress, ClientId};
use persistence::security_events::{self, EventFilter, NewSecurityEvent, SecurityEventRow};
use persistence::DbConn;

use crate::companies::access;
use crate::error::AppResult;
use crate::principal::Person;
use crate::{ids, Context};

/// Every kind of security event.
pub use domain::SecurityEventKind as Kind;

/// One event; fields that do not apply stay `None`.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub kind: Kind,
    pub account_id: Option<&'a AccountId>,
    pub client_id: Option<&'a ClientId>,
    /// The email tried (sign-in failures name it whether or not an account has it).
    pub email: Option<&'a str>,
    /// The full address (the limits count its network; the log keeps what was seen).
    pub client_address: Option<String>,
    /// A fixed, secret-free detail (a session id, a check's outcome).
    pub detail: Option<&'a str>,
}

impl<'a> Event<'a> {
    pub fn new(kind: Kind) -> Event<'a> {
        Event {
            kind,
            account_id: None,
            client_id: None,
            email: None,
            client_address: None,
            detail: None,
        }
    }

    pub fn account(mut self, id: &'a AccountId) -> Self {
        self.account_id = Some(id);
        self
    }

    pub fn client(mut self, id: &'a ClientId) -> Self {
        self.client_id = Some(id);
        self
    }

    pub fn email(mut self, email: &'a str) -> Self {
        self.email = Some(email);
        self
    }

    pub fn from_address(mut self, address: &ClientAddress) -> Self {
        self.client_address = Some(address.to_string());
        self
    }

    /// An address recorded earlier (a BankID attempt's `endUserIp`).
    pub fn from_recorded_address(mut self, address: &str) -> Self {
        self.client_address = Some(address.to_owned());
        self
    }

    pub fn detail(mut self, detail: &'a str) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// Appends `e` in the caller's transaction.
pub fn record(conn: &mut DbConn, e: Event<'_>, now: NaiveDateTime) -> AppResult<()> {
    match e.kind {
        Kind::SignInFailed => crate::metrics::sign_in_failed("password"),
        Kind::CodeFailed => crate::metrics::sign_in_failed("code"),
        _ => {}
    }
    security_events::insert(
        conn,
        &NewSecurityEvent {
            id: ids::new(),
            kind: e.kind,
            account_id: e.account_id,
            client_id: e.client_id,
            email: e.email,
            client_address: e.client_address.as_deref(),
            detail: e.detail,
            created_at: now,
        },
    )?;
    Ok(())
}

pub struct ListEvents {
    pub filter: EventFilter,
    pub limit: u32,
}

pub struct EventPage {
    pub events: Vec<SecurityEventRow>,
    pub has_more: bool,
}

/// `GET /v1/security-events`: operators only.
pub fn list(
    conn: &mut DbConn,
    who: &Person,
    cmd: ListEvents,
    ctx: &Context,
) -> AppResult<EventPage> {
    access::require_operator(conn, who)?;
    // The log about one person is a read of their data (the whole log is the operators' own).
    if let Some(account) = &cmd.filter.account_id {
        let operator = crate::journal::Actor {
            kind: domain::ActorKind::Operator,
            id: who.account_id().clone().into(),
        };
        crate::data_access::record(
            conn,
            crate::data_access::Subject::Account(account),
            &operator,
            None,
            domain::IdentityDataRead::SecurityLog,
            account.as_str(),
            ctx.now(),
        )?;
    }
    let mut events = security_events::list(conn, &cmd.filter, i64::from(cmd.limit) + 1)?;
    let has_more = events.len() > cmd.limit as usize;
    events.truncate(cmd.limit as usize);
    Ok(EventPage { events, has_more })
}
