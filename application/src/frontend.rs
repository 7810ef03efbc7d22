//! The web portal's pages that emails link to (`ID06_FRONTEND_URL`). Every link in an email is
//! built here, so each leads to one of the pages the README lists for the frontend to serve.

/// The pages, as path prefixes.
pub const PAGES: [&str; 7] = [
    "/sign-in",
    "/create-account?token=",
    "/reset-password?token=",
    "/card-orders/",
    "/cards",
    "/invitations/",
    "/companies/",
];

/// Links to the portal at one base URL.
#[derive(Debug, Clone)]
pub struct Links {
    /// No trailing slash.
    base: String,
}

impl Links {
    pub fn new(base: &str) -> Links {
        Links {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn sign_in(&self) -> String {
        format!("{}/sign-in", self.base)
    }

    pub fn create_account(&self, token: &str) -> String {
        format!("{}/create-account?token={token}", self.base)
    }

    pub fn reset_password(&self, token: &str) -> String {
        format!("{}/reset-password?token={token}", self.base)
    }

    pub fn card_order(&self, order_id: &str) -> String {
        format!("{}/card-orders/{order_id}", self.base)
    }

    pub fn cards(&self) -> String {
        format!("{}/cards", self.base)
    }

    pub fn invitation(&self, token: &str) -> String {
        format!("{}/invitations/{token}", self.base)
    }

    /// A card order as its company sees it (an invitation was answered).
    pub fn company_card_order(&self, company_id: &str, order_id: &str) -> String {
        format!(
            "{}/companies/{company_id}/card-orders/{order_id}",
            self.base
        )
    }
}
