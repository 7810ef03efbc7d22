//! What a use case may use besides its database connection, passed in explicitly: the clock, the
//! portal's links, the vault, BankID, how objects are shown to integrators, and the outbox. A
//! use case that queues a message marks its context; the runner rings the outbox worker's bell
//! once the transaction has committed, so no handler has to remember to.

use std::cell::Cell;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use persistence::{Db, DbConn};
use tokio::sync::Notify;

use crate::bankid::client::BankId;
use crate::clock::Clock;
use crate::frontend::Links;
use crate::vault::Vault;
use crate::webhooks::Presenter;

/// The services every use case may reach, built once at startup.
pub struct Services {
    pub links: Links,
    /// Seals and opens card PINs, webhook signing secrets and BankID attempt secrets.
    pub vault: Arc<Vault>,
    /// BankID's Relying Party API (or the local double); `None`: BankID is not offered.
    pub bankid: Option<Arc<dyn BankId>>,
    /// Approvals require the passport / national ID check in the BankID app (`requirement.mrtd`).
    pub bankid_require_mrtd: bool,
    /// Renders objects as the API shows them, for webhook events.
    pub presenter: Box<dyn Presenter>,
    /// Wakes the outbox worker when a message was queued.
    pub outbox_bell: Arc<Notify>,
    /// Wakes the import job when a spreadsheet import was queued.
    pub import_bell: Arc<Notify>,
}

/// One database trip's view of the services.
pub struct Context {
    clock: Clock,
    services: Arc<Services>,
    queued: Cell<bool>,
    import_queued: Cell<bool>,
}

impl Context {
    pub fn new(clock: Clock, services: Arc<Services>) -> Context {
        Context {
            clock,
            services,
            queued: Cell::new(false),
            import_queued: Cell::new(false),
        }
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The services, for another trip's context.
    pub fn services(&self) -> Arc<Services> {
        Arc::clone(&self.services)
    }

    pub fn links(&self) -> &Links {
        &self.services.links
    }

    pub fn vault(&self) -> &Vault {
        &self.services.vault
    }

    pub fn presenter(&self) -> &dyn Presenter {
        self.services.presenter.as_ref()
    }

    /// Called by the outbox when a message joins the trip's transaction.
    pub(crate) fn mark_queued(&self) {
        self.queued.set(true);
    }

    /// Called when an import joins the trip's transaction.
    pub(crate) fn mark_import_queued(&self) {
        self.import_queued.set(true);
    }

    /// `f` in one write transaction; once it committed, the outbox worker is woken if `f`
    /// queued a message. Blocking.
    pub fn write<T, E: From<persistence::Error>>(
        &self,
        db: &Db,
        f: impl FnOnce(&mut DbConn, &Context) -> Result<T, E>,
    ) -> Result<T, E> {
        let done = db.write(|conn| f(conn, self));
        if done.is_ok() {
            self.ring_if_queued();
        }
        done
    }

    /// After the trip committed: wakes the outbox worker if the trip queued a message.
    pub fn ring_if_queued(&self) {
        if self.queued.replace(false) {
            self.services.outbox_bell.notify_one();
        }
        if self.import_queued.replace(false) {
            self.services.import_bell.notify_one();
        }
    }
}
