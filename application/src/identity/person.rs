//! The person an account is. Its first verified evidence says who; later evidence counts only
//! when it is of that same person (`domain::same_person`), and the account's personal identity
//! number is the one such evidence carries. Evidence of anyone else is never attached (the use
//! cases refuse it), and any that was attached before that rule is ignored here: it verifies
//! nothing for orders and signs nobody in.

use chrono::NaiveDate;
use domain::{AccountId, Evidence, IdentityField, PersonalIdentityNumber};
use persistence::{evidence, DbConn, EvidenceRow};

use crate::error::AppResult;
use crate::orders::view::evidence_of;
use crate::vault::Vault;

/// An account's verified identity: the evidence of its person, oldest first.
#[derive(Debug, Clone)]
pub struct AccountIdentity {
    /// The first evidence, with the personal identity number of any later evidence of the
    /// same person when the first carried none.
    person: Evidence,
    /// The evidence of that person, oldest first.
    rows: Vec<EvidenceRow>,
}

/// The account's verified identity, or `None` while it has no green evidence.
pub fn of_account(
    conn: &mut DbConn,
    vault: &Vault,
    account_id: &AccountId,
    today: NaiveDate,
) -> AppResult<Option<AccountIdentity>> {
    of_rows(
        vault,
        account_id,
        evidence::green_of_account(conn, account_id)?,
        today,
    )
}

/// The verified identity in the account's green evidence `rows`, oldest first, read already
/// (with the order a review reads, in one statement).
pub fn of_rows(
    vault: &Vault,
    account_id: &AccountId,
    rows: Vec<EvidenceRow>,
    today: NaiveDate,
) -> AppResult<Option<AccountIdentity>> {
    let mut found: Option<AccountIdentity> = None;
    for row in rows {
        let ev = evidence_of(vault, &row, today)?;
        match &mut found {
            None => {
                found = Some(AccountIdentity {
                    person: ev,
                    rows: vec![row],
                })
            }
            Some(identity) => match domain::same_person(&identity.person, &ev) {
                Ok(()) => {
                    if identity.person.personal_identity_number.is_none() {
                        identity.person.personal_identity_number = ev.personal_identity_number;
                    }
                    identity.rows.push(row);
                }
                Err(_) => {
                    tracing::warn!(event = "foreign_evidence_ignored", account_id = %account_id, evidence_id = %row.id, "evidence of another person on the account is ignored");
                }
            },
        }
    }
    Ok(found)
}

/// The newest evidence of the account's person whose document has not expired by `today`: the
/// identity orders must match.
pub fn current(
    conn: &mut DbConn,
    vault: &Vault,
    account_id: &AccountId,
    today: NaiveDate,
) -> AppResult<Option<EvidenceRow>> {
    Ok(of_account(conn, vault, account_id, today)?.and_then(|i| i.into_current(today)))
}

impl AccountIdentity {
    /// Whether `new` is of this account's person; the fields that say otherwise.
    pub fn admits(&self, new: &Evidence) -> Result<(), Vec<IdentityField>> {
        domain::same_person(&self.person, new)
    }

    /// The account's own personal identity number, when its evidence carries one.
    pub fn personal_identity_number(&self) -> Option<&PersonalIdentityNumber> {
        self.person.personal_identity_number.as_ref()
    }

    /// See [`current`].
    pub fn into_current(self, today: NaiveDate) -> Option<EvidenceRow> {
        self.rows
            .into_iter()
            .rev()
            .find(|r| r.document_expires_on.is_none_or(|d| d >= today))
    }
}
