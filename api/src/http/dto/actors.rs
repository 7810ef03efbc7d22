//! Who acted on an order or a card, as a company's audit trails show it.

use serde::Serialize;
use utoipa::ToSchema;

use super::orders::ActorKindView;
use app::companies::actors::ActedBy;

/// Who acted on an order or card.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActorView {
    pub kind: ActorKindView,
    /// `mem_…` (a member), `cli_…` (a machine client), `acc_…` (an operator or the cardholder),
    /// `inv_…` (the invitation a cardholder answered through before having an account); `null`
    /// for the service itself or a member who has left the company.
    #[schema(required = true, max_length = 64)]
    pub id: Option<String>,
    /// The person's or client's name; the service's own name for `system`.
    #[schema(required = true, max_length = 201)]
    pub name: Option<String>,
}

impl From<&ActedBy> for ActorView {
    fn from(a: &ActedBy) -> Self {
        ActorView {
            kind: a.kind.into(),
            id: a.id.as_ref().map(|id| id.as_str().to_owned()),
            name: a.name.clone(),
        }
    }
}
