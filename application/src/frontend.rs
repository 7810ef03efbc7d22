//! The web portal's pages that emails link to (`ID06_FRONTEND_URL`). Every link in an email is
//! built here, so each leads to one of the pages the README lists for the frontend to serve.

/// The pages, as path prefixes.
pub const PAGES: [&str; 6] = [
    "/sign-in",
    "/create-account?token=",
    "/reset-password?token=",
    "/card-orders/",
    "/cards",
    "/invitations/",
];

pub fn sign_in(base: &str) -> String {
    format!("{base}/sign-in")
}

pub fn create_account(base: &str, token: &str) -> String {
    format!("{base}/create-account?token={token}")
}

pub fn reset_password(base: &str, token: &str) -> String {
    format!("{base}/reset-password?token={token}")
}

pub fn card_order(base: &str, order_id: &str) -> String {
    format!("{base}/card-orders/{order_id}")
}

pub fn cards(base: &str) -> String {
    format!("{base}/cards")
}

pub fn invitation(base: &str, token: &str) -> String {
    format!("{base}/invitations/{token}")
}
