//! Who acted, as a company's audit trails name them: a member by membership id and name, a
//! machine client by id and name, an operator or the cardholder by account id and name, the
//! service itself by name. The events store only the kind and the account or client id.

use std::collections::HashMap;

use domain::{AccountId, ActorId, ActorKind, ClientId, CompanyId, InvitationId, MemberId};
use persistence::{accounts, api_clients, memberships, DbConn};

use crate::error::AppResult;

/// How a trail names an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRef {
    Member(MemberId),
    Client(ClientId),
    Account(AccountId),
    /// A cardholder who answered an invitation before having an account.
    Invitation(InvitationId),
}

impl ActorRef {
    pub fn as_str(&self) -> &str {
        match self {
            ActorRef::Member(id) => id.as_str(),
            ActorRef::Client(id) => id.as_str(),
            ActorRef::Account(id) => id.as_str(),
            ActorRef::Invitation(id) => id.as_str(),
        }
    }
}

/// One actor of a trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActedBy {
    pub kind: ActorKind,
    /// `None` for the service, or a member who has since left.
    pub id: Option<ActorRef>,
    pub name: Option<String>,
}

/// The actors of `events` (kind and stored actor), each looked up once.
pub fn resolve<'a>(
    conn: &mut DbConn,
    company_id: &CompanyId,
    events: impl Iterator<Item = (ActorKind, &'a ActorId)>,
) -> AppResult<HashMap<ActorId, ActedBy>> {
    let mut out = HashMap::new();
    let mut members = None;
    for (kind, actor) in events {
        if out.contains_key(actor) {
            continue;
        }
        let acted = match (kind, actor) {
            (ActorKind::System, _) | (_, ActorId::System) => ActedBy {
                kind,
                id: None,
                name: Some("ID06 card-order service".into()),
            },
            (_, ActorId::Client(id)) => ActedBy {
                kind,
                id: Some(ActorRef::Client(id.clone())),
                name: api_clients::find(conn, id)?.map(|c| c.name),
            },
            (_, ActorId::Invitation(id)) => ActedBy {
                kind,
                id: Some(ActorRef::Invitation(id.clone())),
                name: None,
            },
            (ActorKind::Member, ActorId::Account(account)) => {
                if members.is_none() {
                    members = Some(memberships::list(conn, company_id)?);
                }
                let member = members
                    .iter()
                    .flatten()
                    .find(|m| m.member.account_id.as_ref() == Some(account));
                ActedBy {
                    kind,
                    id: member.map(|m| ActorRef::Member(m.member.id.clone())),
                    name: account_name(conn, account)?,
                }
            }
            (_, ActorId::Account(account)) => ActedBy {
                kind,
                id: Some(ActorRef::Account(account.clone())),
                name: account_name(conn, account)?,
            },
        };
        out.insert(actor.clone(), acted);
    }
    Ok(out)
}

fn account_name(conn: &mut DbConn, id: &AccountId) -> AppResult<Option<String>> {
    Ok(accounts::find(conn, id)?.map(|a| format!("{} {}", a.given_names, a.surname)))
}
