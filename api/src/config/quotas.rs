//! Request quotas (`app::quota`): what each kind of caller may send per minute.

use clap::Args;

/// Request quotas per caller and minute (announced in `RateLimit-Policy` / `RateLimit`).
#[derive(Clone, Copy, Debug, Args)]
pub struct QuotaSettings {
    /// Requests per minute of a signed-in person.
    #[arg(long, env = "ID06_QUOTA_PERSON", default_value_t = 600)]
    pub quota_person: u32,
    /// Requests per minute of an integrator (a company's HR system).
    #[arg(long, env = "ID06_QUOTA_INTEGRATOR", default_value_t = 1200)]
    pub quota_integrator: u32,
    /// Requests per minute of the identity verifier's client.
    #[arg(long, env = "ID06_QUOTA_IDENTITY_VERIFIER", default_value_t = 600)]
    pub quota_identity_verifier: u32,
    /// Requests per minute of the card producer's client.
    #[arg(long, env = "ID06_QUOTA_CARD_PRODUCER", default_value_t = 1200)]
    pub quota_card_producer: u32,
    /// Requests per minute from one client address without a valid token.
    #[arg(long, env = "ID06_QUOTA_ANONYMOUS", default_value_t = 600)]
    pub quota_anonymous: u32,
}

impl Default for QuotaSettings {
    fn default() -> Self {
        QuotaSettings {
            quota_person: 600,
            quota_integrator: 1200,
            quota_identity_verifier: 600,
            quota_card_producer: 1200,
            quota_anonymous: 600,
        }
    }
}

impl QuotaSettings {
    pub fn policies(&self) -> app::quota::Policies {
        let per_minute = |limit| app::quota::Policy { limit, window: 60 };
        app::quota::Policies {
            person: per_minute(self.quota_person),
            integrator: per_minute(self.quota_integrator),
            identity_verifier: per_minute(self.quota_identity_verifier),
            card_producer: per_minute(self.quota_card_producer),
            anonymous: per_minute(self.quota_anonymous),
        }
    }
}
