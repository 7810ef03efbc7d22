//! Who acted, as a company's audit trails name them: a member by membership id and name, a
//! machine client by id and name, an operator or the cardholder by account id and name, the
//! service itself by name. The events store only the kind and the account or client id.

use std::collections::HashMap;

use domain::{AccountId, ActorKind, ClientId, CompanyId};
use persistence::{accounts, api_clients, memberships, DbConn};

use crate::error::AppResult;

/// One actor of a trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActedBy {
    pub kind: ActorKind,
    /// `mem_…` for a member, `cli_…` for a machine client, `acc_…` for an operator or the
    /// cardholder; `None` for the service, or a member who has since left.
    pub id: Option<String>,
    pub name: Option<String>,
}

/// The actors of `events` (kind and stored actor id), each looked up once.
pub fn resolve<'a>(
    conn: &mut DbConn,
    company_id: &CompanyId,
    events: impl Iterator<Item = (ActorKind, &'a str)>,
) -> AppResult<HashMap<String, ActedBy>> {
    let mut out = HashMap::new();
    let mut members = None;
    for (kind, actor_id) in events {
        if out.contains_key(actor_id) {
            continue;
        }
        let acted = match kind {
            ActorKind::System => ActedBy {
                kind,
                id: None,
                name: Some("ID06 card-order service".into()),
            },
            ActorKind::Client => ActedBy {
                kind,
                id: Some(actor_id.to_owned()),
                name: match ClientId::parse(actor_id) {
                    Some(id) => api_clients::find(conn, &id)?.map(|c| c.name),
                    None => None,
                },
            },
            ActorKind::Member => {
                if members.is_none() {
                    members = Some(memberships::list(conn, company_id)?);
                }
                let member = members.iter().flatten().find(|m| {
                    m.member.account_id.as_ref().map(AccountId::as_str) == Some(actor_id)
                });
                ActedBy {
                    kind,
                    id: member.map(|m| m.member.id.to_string()),
                    name: account_name(conn, actor_id)?,
                }
            }
            ActorKind::Operator | ActorKind::Cardholder => ActedBy {
                kind,
                id: Some(actor_id.to_owned()),
                name: account_name(conn, actor_id)?,
            },
        };
        out.insert(actor_id.to_owned(), acted);
    }
    Ok(out)
}

fn account_name(conn: &mut DbConn, id: &str) -> AppResult<Option<String>> {
    let Some(id) = AccountId::parse(id) else {
        return Ok(None);
    };
    Ok(accounts::find(conn, &id)?.map(|a| format!("{} {}", a.given_names, a.surname)))
}
