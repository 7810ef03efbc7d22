//! The demo's webhook endpoint: registered for the journey's events but disabled, since its URL
//! reaches nobody; point it at a receiver of your own (PATCH `url`, `enabled: true`).

use chrono::NaiveDateTime;
use domain::{CompanyId, EventType, EventTypes, WebhookEndpointId};
use persistence::{webhooks, DbConn};

use super::{demo_id, COMPANY_ID};
use app::vault::Vault;

pub const WEBHOOK_ENDPOINT_ID: &str = "whe_de0000000000000000000001";
/// The demo endpoint's signing secret (fixed, so the demo can print it; real ones are random).
pub const WEBHOOK_SECRET: &str = "whsec_demo-webhook-secret-0001";

pub(super) fn seed(
    conn: &mut DbConn,
    vault: &Vault,
    now: NaiveDateTime,
) -> Result<(), persistence::Error> {
    let id: WebhookEndpointId = demo_id(WEBHOOK_ENDPOINT_ID)?;
    let company: CompanyId = demo_id(COMPANY_ID)?;
    let sealed = vault
        .seal(id.as_str(), WEBHOOK_SECRET)
        .map_err(|e| persistence::Error::Corrupt(format!("demo webhook secret: {e}")))?;
    let types = EventTypes::parse(
        EventType::ALL
            .iter()
            .filter(|t| **t != EventType::Ping)
            .map(|t| t.as_str()),
    )
    .map_err(|e| persistence::Error::Corrupt(e.message))?;
    webhooks::insert_endpoint(
        conn,
        &webhooks::NewEndpoint {
            id: &id,
            company_id: &company,
            url: "https://hr.example.se/id06/webhooks",
            description: Some("Byggbolaget Norr HR system (demo; disabled)"),
            event_types: &types,
            secret: &sealed,
            now,
        },
    )?;
    webhooks::update_endpoint(
        conn,
        &id,
        1,
        &webhooks::EndpointChange {
            disabled: Some(Some(
                "demo endpoint: point it at your receiver, then enable it",
            )),
            ..Default::default()
        },
        now,
    )?;
    Ok(())
}

#[derive(Debug, serde::Serialize)]
pub struct DemoWebhook {
    pub id: &'static str,
    pub url: &'static str,
    /// Verifies the demo endpoint's signatures once it points at a receiver and is enabled.
    pub secret: &'static str,
    pub note: &'static str,
}

pub fn info() -> Vec<DemoWebhook> {
    vec![DemoWebhook {
        id: WEBHOOK_ENDPOINT_ID,
        url: "https://hr.example.se/id06/webhooks",
        secret: WEBHOOK_SECRET,
        note: "disabled: PATCH its url to your receiver and set enabled: true",
    }]
}
