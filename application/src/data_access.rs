//! Every look at a person's identity data by someone else — a company member or integrator opening
//! an order's identity check, the card producer downloading a portrait, the identity verifier
//! reading a check back, an operator reading the security log about them — recorded in the
//! transaction of the read, and shown to the person (`GET /v1/me/data-access`) with who, for which
//! company, what, through which operation and when.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use domain::{AccountId, ActorId, ActorKind, ClientId, ClientRole, CompanyId, IdentityDataRead};
use persistence::data_reads::{self, NewRead, ReadRow};
use persistence::{accounts, api_clients, companies, DbConn};

use crate::error::{AppError, AppResult, AuthFailure};
use crate::journal::Actor;
use crate::principal::Person;
use crate::{ids, Context};

/// Whose data was read: their account, or their email (a check not yet bound to an account).
pub enum Subject<'a> {
    Account(&'a AccountId),
    Email(&'a str),
}

/// The API operation a read of `what` happens through (kept with each read).
pub fn operation(what: IdentityDataRead) -> &'static str {
    match what {
        IdentityDataRead::OrderIdentityCheck => "get_company_card_order",
        IdentityDataRead::Portrait => "get_production_portrait",
        IdentityDataRead::IdentityCheck => "get_identity_verification",
        IdentityDataRead::SecurityLog => "list_security_events",
    }
}

/// Records that `reader` (acting for `company`, if any) read `what` of `subject`'s data,
/// `object_id` being the order, check or account read.
pub fn record(
    conn: &mut DbConn,
    subject: Subject<'_>,
    reader: &Actor,
    company: Option<&CompanyId>,
    what: IdentityDataRead,
    object_id: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let id = ids::new_raw("dar");
    let (subject_account_id, subject_email) = match subject {
        Subject::Account(a) => (Some(a), None),
        Subject::Email(e) => (None, Some(e)),
    };
    data_reads::insert(
        conn,
        &NewRead {
            id: &id,
            subject_account_id,
            subject_email,
            reader_kind: reader.kind,
            reader_id: reader.id.as_str(),
            company_id: company,
            what,
            object_id,
            operation: operation(what),
            created_at: now,
        },
    )?;
    Ok(())
}

pub struct ListReads {
    /// `(created_at, id)` of the last read of the previous page.
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: u32,
}

/// A read, with its reader named as they are now.
pub struct ReadView {
    pub row: ReadRow,
    /// The person's name, or the machine client's.
    pub reader_name: Option<String>,
    /// For a machine client: what it is (an HR system, the producer, the verifier).
    pub reader_role: Option<ClientRole>,
    pub company_name: Option<String>,
}

pub struct ReadPage {
    pub reads: Vec<ReadView>,
    pub has_more: bool,
}

/// `GET /v1/me/data-access`: the reads of the signed-in person's data, newest first.
pub fn list(conn: &mut DbConn, who: &Person, cmd: ListReads, _: &Context) -> AppResult<ReadPage> {
    let account = accounts::find(conn, who.account_id())?
        .ok_or(AppError::Unauthenticated(AuthFailure::InvalidToken))?;
    let mut rows = data_reads::of_person(
        conn,
        &account.id,
        &account.email,
        cmd.after.as_ref(),
        i64::from(cmd.limit) + 1,
    )?;
    let has_more = rows.len() > cmd.limit as usize;
    rows.truncate(cmd.limit as usize);
    let mut readers: HashMap<String, (Option<String>, Option<ClientRole>)> = HashMap::new();
    let mut companies_named: HashMap<CompanyId, Option<String>> = HashMap::new();
    let mut reads = Vec::with_capacity(rows.len());
    for row in rows {
        if !readers.contains_key(&row.reader_id) {
            let named = reader(conn, row.reader_kind, &row.reader_id)?;
            readers.insert(row.reader_id.clone(), named);
        }
        let (reader_name, reader_role) = readers.get(&row.reader_id).cloned().unwrap_or_default();
        let company_name = match &row.company_id {
            Some(c) => {
                if !companies_named.contains_key(c) {
                    let name = companies::find(conn, c)?.map(|c| c.name);
                    companies_named.insert(c.clone(), name);
                }
                companies_named.get(c).cloned().flatten()
            }
            None => None,
        };
        reads.push(ReadView {
            row,
            reader_name,
            reader_role,
            company_name,
        });
    }
    Ok(ReadPage { reads, has_more })
}

/// The reader's name now (a person's given names and surname, a client's name) and, for a
/// client, its role; `None` for one that is gone.
fn reader(
    conn: &mut DbConn,
    kind: ActorKind,
    id: &str,
) -> AppResult<(Option<String>, Option<ClientRole>)> {
    let actor = ActorId::try_from(id.to_owned())
        .map_err(|e| AppError::corrupt("identity_data_reads.reader_id", e))?;
    Ok(match (kind, actor) {
        (_, ActorId::Account(a)) => (
            accounts::find(conn, &a)?.map(|a| format!("{} {}", a.given_names, a.surname)),
            None,
        ),
        (_, ActorId::Client(c)) => client(conn, &c)?,
        _ => (None, None),
    })
}

fn client(conn: &mut DbConn, id: &ClientId) -> AppResult<(Option<String>, Option<ClientRole>)> {
    Ok(api_clients::find(conn, id)?.map_or((None, None), |c| (Some(c.name), Some(c.role))))
}
