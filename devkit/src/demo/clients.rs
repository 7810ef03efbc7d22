//! The demo's machine clients, with fixed ids and secrets so the demo can print them (real
//! secrets are random and shown once): the identity verifier, the card producer, and an integrator (HR system) for
//! each demo company.

use chrono::NaiveDateTime;
use domain::{ClientId, ClientRole, CompanyId, Scopes};
use persistence::{api_clients, DbConn, NewClient};
use serde::Serialize;

use super::{demo_id, COMPANY_ID, OTHER_COMPANY_ID};
use app::ids;

pub const VERIFIER_ID: &str = "cli_de0000000000000000000001";
pub const VERIFIER_SECRET: &str = "cs_demo-identity-verifier-0001";
pub const INTEGRATOR_ID: &str = "cli_de0000000000000000000002";
pub const INTEGRATOR_SECRET: &str = "cs_demo-integrator-0001";
pub const OTHER_INTEGRATOR_ID: &str = "cli_de0000000000000000000003";
pub const OTHER_INTEGRATOR_SECRET: &str = "cs_demo-integrator-0002";
pub const PRODUCER_ID: &str = "cli_de0000000000000000000004";
pub const PRODUCER_SECRET: &str = "cs_demo-card-producer-0001";

#[derive(Debug, Serialize)]
pub struct DemoClient {
    pub id: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub company_id: Option<&'static str>,
    pub scopes: &'static str,
    /// Trade for a token at `POST /v1/oauth/token` (HTTP Basic `id:secret`).
    pub secret: &'static str,
}

pub fn clients() -> Vec<DemoClient> {
    vec![
        DemoClient {
            id: VERIFIER_ID,
            name: "Identity-verification partner (demo)",
            role: "identity_verifier",
            company_id: None,
            scopes: "identity_verifications:write",
            secret: VERIFIER_SECRET,
        },
        DemoClient {
            id: INTEGRATOR_ID,
            name: "Byggbolaget Norr HR system (demo)",
            role: "integrator",
            company_id: Some(COMPANY_ID),
            scopes: "orders:read orders:write cards:read cards:write webhooks:read webhooks:write",
            secret: INTEGRATOR_SECRET,
        },
        DemoClient {
            id: OTHER_INTEGRATOR_ID,
            name: "Anläggning Väst HR system (demo)",
            role: "integrator",
            company_id: Some(OTHER_COMPANY_ID),
            scopes: "orders:read orders:write cards:read cards:write webhooks:read webhooks:write",
            secret: OTHER_INTEGRATOR_SECRET,
        },
        DemoClient {
            id: PRODUCER_ID,
            name: "Card producer (demo)",
            role: "card_producer",
            company_id: None,
            scopes: "production:read production:write",
            secret: PRODUCER_SECRET,
        },
    ]
}

pub(super) fn seed_clients(
    conn: &mut DbConn,
    now: NaiveDateTime,
) -> Result<(), persistence::Error> {
    for c in clients() {
        let id: ClientId = demo_id(c.id)?;
        let company: Option<CompanyId> = c.company_id.map(demo_id).transpose()?;
        let role = ClientRole::parse(c.role)
            .ok_or_else(|| persistence::Error::Corrupt(format!("demo client role {}", c.role)))?;
        let scopes = Scopes::parse(c.scopes)
            .map_err(|e| persistence::Error::Corrupt(format!("demo scopes: {}", e.message)))?;
        api_clients::insert(
            conn,
            &NewClient {
                id: &id,
                name: c.name,
                role,
                company_id: company.as_ref(),
                scopes: &scopes.to_string(),
                secret_hash: &ids::hash_secret(c.secret),
                created_by: &domain::ActorId::System,
                now,
            },
        )?;
    }
    Ok(())
}
